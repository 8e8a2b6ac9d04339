using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Imports.ImportSteps;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Imports;

/// <summary>A month later: the updated spreadsheet into the plan it made, matched by ref, with history added.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ReImportTests(AppFactory factory)
{
    private static async Task<int> ImportNewPlanAsync(TestWorld world, TestClient lead, string name)
    {
        var id = await UploadOkAsync(lead, world.PartnershipId, "June.csv", CsvBytes(StrategyRows), NewPlan(name));
        var (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveMappingAsync(lead, id, new() { [ColumnSelect(mapping, "Notes")] = "Progress", ["Input.MappingName"] = "Tracker" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CommitAsync(lead, id)).StatusCode);
        return await world.QueryAsync(db => db.ImportRecords.Where(r => r.Id == id).Select(r => r.PlanId!.Value).SingleAsync());
    }

    private static Task<(int Items, int Ratings, int Revisions, int Notes, int Assignments)> CountsAsync(TestWorld world, int planId) =>
        world.QueryAsync(async db => (
            await db.PlanItems.CountAsync(i => i.PlanId == planId),
            await db.Ratings.CountAsync(r => r.PlanItem.PlanId == planId),
            await db.DeadlineRevisions.CountAsync(r => r.PlanItem.PlanId == planId),
            await db.ProgressNotes.CountAsync(n => n.PlanItem.PlanId == planId),
            await db.PlanItemAssignments.CountAsync(a => a.PlanItem.PlanId == planId)));

    [Fact]
    public async Task TheSameFileTwice_ChangesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var planId = await ImportNewPlanAsync(world, lead, "Phase One");
        var before = await CountsAsync(world, planId);

        var id = await UploadOkAsync(lead, world.PartnershipId, "June again.csv", CsvBytes(StrategyRows), ExistingPlan(planId, mapping: "Tracker"));
        Assert.Equal($"/imports/{id}/preview", (await SaveMappingAsync(lead, id)).Headers.Location!.ToString());
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        var words = Words(preview);
        Assert.Contains("New items 0", words, StringComparison.Ordinal);
        Assert.Contains("Items matched to stored items 7", words, StringComparison.Ordinal);
        Assert.Contains("Stored items changed 0", words, StringComparison.Ordinal);
        Assert.Equal("Nothing in the plan will change: the file says what the plan says now.", preview.QuerySelector("#no-changes")!.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await CommitAsync(lead, id)).StatusCode);
        Assert.Equal(before, await CountsAsync(world, planId));
        var (_, record) = await lead.GetPageAsync($"/imports/{id}");
        Assert.Equal("Nothing in the plan changed.", record.QuerySelector("#no-changes")!.TextContent.Trim());
    }

    [Fact]
    public async Task TheUpdatedFile_AddsRatingsAndRevisions_ReportsWhatChangedAndWhatIsMissing()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var planId = await ImportNewPlanAsync(world, lead, "Phase One");

        // A month later 1.1a is Green and its deadline moved; 1.1b has gone from the file; 1.1c is new.
        string[][] july =
        [
            StrategyRows[0],
            ["1. SEND is everybody's business", "1.1 Training for all", "1.1(a)", "Deliver SEND training", "TL JD*", "Sept 19", "July 2021 (revised from Nov 2019)", "In progress", "Green", "Two sessions held"],
            ["1. SEND is everybody's business", "1.1 Training for all", "1.1c", "Evaluate the training", "TL", "Sept 21", "Dec 2022", "Not started", "Red", ""],
            StrategyRows[3],
        ];
        var id = await UploadOkAsync(lead, world.PartnershipId, "July.xlsx", Xlsx(july), ExistingPlan(planId, mapping: "Tracker"));
        await SaveMappingAsync(lead, id);
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        var changes = preview.QuerySelectorAll("#changes tbody tr").Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Contains("1.1(a) Deliver SEND training | Rating Amber? → Green, given 15 June 2026", changes);
        Assert.Contains("1.1(a) Deliver SEND training | Deadline revised from May 2021 to July 2021", changes);
        Assert.Contains(changes, c => c.StartsWith("1.1c Evaluate the training | New action", StringComparison.Ordinal));
        Assert.Equal(["Action 1.1b Publish the training offer"], preview.QuerySelectorAll("#missing li").Select(li => li.TextContent.Trim()));
        Assert.Contains("New items 1 (1 action)", Words(preview), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await CommitAsync(lead, id)).StatusCode);

        var action = await world.QueryAsync(db => db.PlanItems.AsNoTracking().Include(i => i.Ratings).Include(i => i.DeadlineRevisions).SingleAsync(i => i.PlanId == planId && i.Ref == "1.1a"));
        Assert.Equal(["Amber", "Green"], action.Ratings.OrderBy(r => r.Id).Select(r => r.Value));
        Assert.Equal("Green", action.CurrentRatingValue);
        Assert.Equal(["May 2021", "July 2021"], action.DeadlineRevisions.OrderBy(r => r.Id).Select(r => r.New.Text));
        Assert.Equal("July 2021", action.Deadline.Text);
        Assert.True(await world.QueryAsync(db => db.PlanItems.AnyAsync(i => i.PlanId == planId && i.Ref == "1.1b")), "Items missing from the file are kept");
        Assert.True(await world.QueryAsync(db => db.PlanItems.AnyAsync(i => i.PlanId == planId && i.Ref == "1.1c")));

        // The record lists what changed and what the file left out.
        var (_, record) = await lead.GetPageAsync($"/imports/{id}");
        var listed = record.QuerySelectorAll("#changes tbody tr").Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Contains("1.1(a) Deliver SEND training | Rating Amber? → Green, given 15 June 2026", listed);
        Assert.Contains("1.1(a) Deliver SEND training | Deadline revised from May 2021 to July 2021", listed);
        Assert.Equal(["Action 1.1b Publish the training offer"], record.QuerySelectorAll("#missing li").Select(li => li.TextContent.Trim()));
        Assert.Contains("Stored items not in the file 1", Words(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsMatchedOnlyByTitle_WaitForTheLeadToConfirm()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        // The stored milestone has no ref; the file gives it one, so only its title matches.
        var csv = "Level,Ref,Title,Deadline\nWorkstream,W1,Timeliness,\nOutcome,1.1,Families get plans on time,\nAction,1.1a,Recruit coordinators,May 2026\nMilestone,M1,Agree funding,Nov 2025\n";
        var id = await UploadOkAsync(lead, world.PartnershipId, "template.csv", System.Text.Encoding.UTF8.GetBytes(csv), ExistingPlan(world.PlanId));
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        var box = preview.QuerySelectorAll("input[name='Input.ConfirmedTitleMatches']").Single(b => preview.QuerySelector($"label[for='{b.Id}']")!.TextContent.Contains("“Agree funding”", StringComparison.Ordinal));
        Assert.Equal("Row 5: the milestone “Agree funding” is “Agree funding”", preview.QuerySelector($"label[for='{box.Id}']")!.TextContent.Trim());
        Assert.False(box.HasAttribute("checked"));
        var newBefore = NewItems(preview);

        var response = await UpdatePreviewAsync(lead, id, [], [new("Input.ConfirmedTitleMatches", box.GetAttribute("value")!)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.True(preview.QuerySelector($"input[name='Input.ConfirmedTitleMatches'][value='{box.GetAttribute("value")}']")!.HasAttribute("checked"));
        Assert.Equal(newBefore - 1, NewItems(preview));

        // Confirming all of them at once.
        await UpdatePreviewAsync(lead, id, new() { ["Input.ConfirmAllTitleMatches"] = "true" });
        (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.True(preview.QuerySelector("input[name='Input.ConfirmAllTitleMatches']")!.HasAttribute("checked"));
        Assert.Equal(HttpStatusCode.Redirect, (await CommitAsync(lead, id)).StatusCode);
        Assert.Equal([world.MilestoneId], await world.QueryAsync(db => db.PlanItems.Where(i => i.PlanId == world.PlanId && i.Title == "Agree funding").Select(i => i.Id).ToListAsync()));
    }

    private static int NewItems(AngleSharp.Dom.IDocument preview) =>
        int.Parse(preview.QuerySelectorAll("#counts .govuk-summary-list__row").Single(r => r.QuerySelector("dt")!.TextContent.Trim() == "New items").QuerySelector("dd")!.TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}

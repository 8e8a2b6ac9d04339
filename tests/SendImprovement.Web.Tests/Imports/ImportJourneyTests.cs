using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Imports.ImportSteps;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Imports;

/// <summary>The lead's journey from upload to committed plan: mapping, preview, people and the record.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ImportJourneyTests(AppFactory factory)
{
    [Fact]
    public async Task Xlsx_MappedPreviewedAndCommitted_AddsThePlanWithItsHistory()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "Strategy action plan.xlsx", Xlsx(StrategyRows), NewPlan("Strategy Phase One"));

        // The mapping page suggests from the headers and says why; "Notes" says nothing, so it is not imported.
        var (status, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Check what each column holds", mapping.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Equal("Title", Selected(mapping, ColumnSelect(mapping, "Action")));
        Assert.Equal("Ignore", Selected(mapping, ColumnSelect(mapping, "Notes")));
        Assert.Contains("Suggested: Rating. The header says “rag”.", Words(mapping), StringComparison.Ordinal);
        Assert.Contains("From the file: “Deliver SEND training”; “Publish the training offer”; “Agree the pathway”.", Words(mapping), StringComparison.Ordinal);
        Assert.Empty(TestClient.Errors(mapping));

        // The lead says the notes are progress, and saves the mapping for next month.
        var saved = await SaveMappingAsync(lead, id, new() { [ColumnSelect(mapping, "Notes")] = "Progress", ["Input.MappingName"] = "Strategy action plan" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/imports/{id}/preview", saved.Headers.Location!.ToString());
        Assert.True(await world.QueryAsync(db => db.SavedMappings.AnyAsync(m => m.PartnershipId == world.PartnershipId && m.Name == "Strategy action plan")));

        // The preview shows each cell as written beside how it was read.
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Equal("Mapping saved as “Strategy action plan”. You can choose it when you upload the next file.", preview.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        var cells = Cells(preview);
        Assert.Contains(("3", "Sept 21", "September 2021"), cells);
        Assert.Contains(("2", "Amber?", "Amber, tentative"), cells);
        Assert.Contains(("3", "Complete", "Blue"), cells);
        Assert.Contains(("2", "May 2021 (revised from Nov 2019)", "May 2021, revised from November 2019"), cells);
        Assert.Contains(("2", "Two sessions held", "Two sessions held"), cells);
        Assert.Empty(TestClient.Errors(preview));
        Assert.Equal("Terry Lead", preview.QuerySelectorAll("#matched-leads .govuk-summary-list__row").Single(r => r.QuerySelector("dt")!.TextContent.Trim() == "TL").QuerySelector("dd")!.TextContent.Trim());
        Assert.Equal("Import 7 items", preview.QuerySelectorAll("main button").Single(b => b.TextContent.StartsWith("Import", StringComparison.Ordinal)).TextContent.Trim());

        // TB is someone already in the partnership; JD is someone new.
        var choices = new Dictionary<string, string>
        {
            [LeadField(preview, "TB", "Choice")] = world.OtherPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [LeadField(preview, "JD", "Choice")] = "new",
            [LeadField(preview, "JD", "NewName")] = "Jo Dee",
        };
        var updated = await UpdatePreviewAsync(lead, id, choices);
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Equal(world.OtherPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture), Selected(preview, LeadField(preview, "TB", "Choice")));
        Assert.Equal("new", Selected(preview, LeadField(preview, "JD", "Choice")));

        var committed = await CommitAsync(lead, id);
        Assert.Equal(HttpStatusCode.Redirect, committed.StatusCode);
        Assert.Equal($"/imports/{id}", committed.Headers.Location!.ToString());

        // Everything is in the plan: items, ratings, the revision, the progress note and the people.
        var record = await world.QueryAsync(db => db.ImportRecords.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(ImportState.Committed, record.State);
        var plan = await world.QueryAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == record.PlanId));
        Assert.Equal("Strategy Phase One", plan.Name);
        Assert.Equal(7, await world.QueryAsync(db => db.PlanItems.CountAsync(i => i.PlanId == plan.Id)));
        var action = await world.QueryAsync(db => db.PlanItems.AsNoTracking().Include(i => i.Ratings).Include(i => i.DeadlineRevisions).Include(i => i.ProgressNotes).Include(i => i.Assignments)
            .SingleAsync(i => i.PlanId == plan.Id && i.Ref == "1.1a"));
        var rating = Assert.Single(action.Ratings);
        Assert.Equal(("Amber", true, "Amber?"), (rating.Value, rating.IsTentative, rating.RawText));
        var revision = Assert.Single(action.DeadlineRevisions);
        Assert.Equal(("Nov 2019", "May 2021"), (revision.Previous.Text, revision.New.Text));
        Assert.Equal("Two sessions held", Assert.Single(action.ProgressNotes).ProgressAndImpact);
        Assert.Equal(world.LeadPersonId, action.Assignments.Single(a => a.MatchKey == "TL").PersonId);
        var joDee = await world.QueryAsync(db => db.People.AsNoTracking().SingleAsync(p => p.PartnershipId == world.PartnershipId && p.Name == "Jo Dee"));
        Assert.Equal(joDee.Id, action.Assignments.Single(a => a.MatchKey == "JD").PersonId);
        var offer = await world.QueryAsync(db => db.PlanItems.AsNoTracking().Include(i => i.Assignments).Include(i => i.Ratings).SingleAsync(i => i.PlanId == plan.Id && i.Ref == "1.1b"));
        Assert.Equal(world.OtherPersonId, Assert.Single(offer.Assignments).PersonId);
        Assert.Equal("Blue", Assert.Single(offer.Ratings).Value);

        // The record says what happened.
        var (recordStatus, page) = await lead.GetPageAsync($"/imports/{id}");
        Assert.Equal(HttpStatusCode.OK, recordStatus);
        Assert.StartsWith("Strategy action plan.xlsx is imported: 7 new items, 0 changed, 3 ratings", page.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim(), StringComparison.Ordinal);
        var words = Words(page);
        Assert.Contains($"SHA-256 {record.FileSha256}", words, StringComparison.Ordinal);
        Assert.Contains("Table read Action plan, with the headers in row 1", words, StringComparison.Ordinal);
        Assert.Contains("Mapping Saved mapping “Strategy action plan”", words, StringComparison.Ordinal);
        Assert.Contains("“Notes”: Progress and impact", words, StringComparison.Ordinal);
        Assert.Contains("New items 7 (2 theme, 2 priority, 3 action)", words, StringComparison.Ordinal);
        Assert.Contains("Ratings added 3", words, StringComparison.Ordinal);
        Assert.Contains("Deadline revisions added 1", words, StringComparison.Ordinal);
        Assert.Equal(["Jo Dee (JD)"], page.QuerySelectorAll("#people-added li").Select(li => li.TextContent.Trim()));
        Assert.NotNull(page.QuerySelector($"main a[href='/plans/{plan.Id}']"));

        // The list of imports shows it, and a committed import cannot be changed again.
        var (_, list) = await lead.GetPageAsync($"/imports?partnershipId={world.PartnershipId}");
        Assert.Contains("Strategy action plan.xlsx Strategy Phase One", Words(list), StringComparison.Ordinal);
        Assert.Contains("Imported 7 new items, 0 changed", Words(list), StringComparison.Ordinal);
        var again = await lead.Http.GetAsync($"/imports/{id}/preview");
        Assert.Equal($"/imports/{id}", again.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ASavedMapping_IsUsedForTheNextFile()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var first = await UploadOkAsync(lead, world.PartnershipId, "June.xlsx", Xlsx(StrategyRows), NewPlan("Phase One"));
        var (_, mapping) = await lead.GetPageAsync($"/imports/{first}/mapping");
        await SaveMappingAsync(lead, first, new() { [ColumnSelect(mapping, "Notes")] = "Progress", ["Input.MappingName"] = "Monthly tracker" });

        // Next month's file has the same headers, in another order: the mapping follows the headers.
        var reordered = StrategyRows.Select(r => new[] { r[9] }.Concat(r[..9]).ToArray()).ToArray();
        var (_, upload) = await lead.GetPageAsync($"/imports/new?partnershipId={world.PartnershipId}");
        Assert.Contains("Monthly tracker", upload.QuerySelector("select[name='Input.MappingName']")!.TextContent, StringComparison.Ordinal);
        var second = await UploadOkAsync(lead, world.PartnershipId, "July.csv", CsvBytes(reordered), NewPlan("Phase One again", mapping: "Monthly tracker"));

        (_, mapping) = await lead.GetPageAsync($"/imports/{second}/mapping");
        Assert.Equal("Input.Fields[0]", ColumnSelect(mapping, "Notes"));
        Assert.Equal("Progress", Selected(mapping, "Input.Fields[0]"));
        Assert.Equal("Title", Selected(mapping, ColumnSelect(mapping, "Action")));
    }

    [Fact]
    public async Task WordDocument_WithSeveralTables_OffersTheTables_AndImportsThePlanTable()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        string[][] contents = [["Version", "Date"], ["1", "March 2021"]];
        string[][] plan =
        [
            ["Ref", "What we are going to do", "Lead", "Deadline", "BRAG rating"],
            ["1.1a", "Publish the local offer", "TL", "Sept 21", "Green"],
            ["1.1b", "Train the panel", "OO", "May 2021 (revised from Nov 2019)", "Amber?"],
        ];
        var id = await UploadOkAsync(lead, world.PartnershipId, "WSoA.docx", Docx(contents, plan), NewPlan("Written Statement of Action 2021", kind: BuiltInPlanKinds.Inspection));

        var (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        var tables = mapping.QuerySelectorAll("select[name='Input.TableIndex'] option").Select(o => (o.GetAttribute("value"), o.TextContent.Trim(), o.HasAttribute("selected"))).ToList();
        Assert.Equal([("0", "Table 1 (2 rows)", false), ("1", "Table 2 (3 rows)", true)], tables);
        Assert.Equal("Title", Selected(mapping, ColumnSelect(mapping, "What we are going to do")));

        Assert.Equal(HttpStatusCode.Redirect, (await SaveMappingAsync(lead, id)).StatusCode);
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Contains(("2", "Sept 21", "September 2021"), Cells(preview));
        Assert.Equal(HttpStatusCode.Redirect, (await CommitAsync(lead, id)).StatusCode);

        var planId = await world.QueryAsync(db => db.ImportRecords.Where(r => r.Id == id).Select(r => r.PlanId!.Value).SingleAsync());
        var actions = await world.QueryAsync(db => db.PlanItems.AsNoTracking().Where(i => i.PlanId == planId && i.Ref != null).OrderBy(i => i.Ref).Select(i => new { i.Ref, i.CurrentRatingValue, i.CurrentRatingTentative }).ToListAsync());
        Assert.Equal(["1.1a Green False", "1.1b Amber True"], actions.Select(a => $"{a.Ref} {a.CurrentRatingValue} {a.CurrentRatingTentative}"));
    }

    [Fact]
    public async Task ChoosingAnotherHeaderRow_SuggestsTheColumnsAgain()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        string[][] rows = [["SEND strategy action plan, June 2026", "", "", ""], .. StrategyRows.Select(r => r[2..6])];
        var id = await UploadOkAsync(lead, world.PartnershipId, "titled.csv", CsvBytes(rows), NewPlan("Phase One"));
        var (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        Assert.Equal("2", mapping.QuerySelector("input[name='Input.HeaderRow']")!.GetAttribute("value"));

        var response = await SaveMappingAsync(lead, id, new() { ["Input.HeaderRow"] = "3" });
        Assert.Equal($"/imports/{id}/mapping", response.Headers.Location!.ToString());
        (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        Assert.Equal("The columns were suggested again from the headers in row 3. Check what each column holds.", mapping.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Equal("3", mapping.QuerySelector("input[name='Input.HeaderRow']")!.GetAttribute("value"));

        // Back to row 2, as it was.
        await SaveMappingAsync(lead, id, new() { ["Input.HeaderRow"] = "2" });
        (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        Assert.Equal("Title", Selected(mapping, ColumnSelect(mapping, "Action")));
    }

    [Fact]
    public async Task Discard_DropsTheDraft_AndWritesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), NewPlan("Never imported"));
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        var form = preview.QuerySelectorAll("main form").Single(f => f.GetAttribute("action")?.EndsWith("handler=discard", StringComparison.Ordinal) == true);

        var response = await lead.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(TestClient.FormFields(form)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/imports?partnershipId={world.PartnershipId}", response.Headers.Location!.ToString());
        var record = await world.QueryAsync(db => db.ImportRecords.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(ImportState.Discarded, record.State);
        Assert.Null(record.Content);
        Assert.False(await world.QueryAsync(db => db.Plans.AnyAsync(p => p.Name == "Never imported")));
        var (_, list) = await lead.GetPageAsync($"/imports?partnershipId={world.PartnershipId}");
        Assert.Equal("The import of plan.csv was discarded. Nothing was added to a plan.", list.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Contains("Nothing has been imported yet.", Words(list), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>
/// The promise of a closed period: its reports show exactly what they showed when it closed, whatever is changed
/// in the plan afterwards. The same edits made while a period is open do change its reports, so these tests can fail.
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed class FrozenReportTests(AppFactory factory)
{
    private const string RenamedAction = "Recruit coordinators (renamed later)";
    private const string RenamedWorkstream = "Workstream 1: Timeliness (renamed later)";
    private const string RenamedPlan = "Testshire WSoA (renamed later)";

    private static readonly string[] Kinds = ["interim", "progress", "committee", "on-a-page", "exceptions", "easy-read"];

    /// <summary>What the reports show: every kind as a downloaded HTML file (exact text), the progress table as
    /// Excel and the interim report and progress table as Word (their text, as packages carry timestamps), and the
    /// interim report as shown on its page.</summary>
    private sealed record Reports(Dictionary<string, string> Html, string ProgressXlsx, string InterimDocx, string ProgressDocx, string InterimPage);

    private static async Task<Reports> ReportsAsync(TestClient client, int periodId)
    {
        var html = new Dictionary<string, string>();
        foreach (var kind in Kinds)
        {
            html[kind] = await DownloadTextAsync(client, periodId, kind);
        }

        var (_, page) = await client.GetPageAsync($"/periods/{periodId}/reports/interim");
        return new Reports(
            html,
            XlsxText(await DownloadAsync(client, periodId, "progress", "xlsx")),
            DocxText(await DownloadAsync(client, periodId, "interim", "docx")),
            DocxText(await DownloadAsync(client, periodId, "progress", "docx")),
            page.QuerySelector("main .app-report")!.InnerHtml);
    }

    /// <summary>A June 2026 period with a lead's update, a review and a section status in it.</summary>
    private async Task<(TestWorld World, int PeriodId)> PeriodWithUpdatesAsync(TestClient lead)
    {
        var world = await TestWorld.CreateAsync(factory);
        await lead.SignInAsync(world.ProgrammeLead, TestWorld.Password);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update("Amber", reason: "Two posts vacant", done: "Interviews held", next: "Re-advertise the posts"))).StatusCode);
        var updateId = (await UpdateAsync(world, periodId, world.ActionId)).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/periods/{periodId}/updates/{updateId}/review", new() { ["Input.Decision"] = "acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/periods/{periodId}/sections/{world.WorkstreamId}", new() { ["Input.Assessment"] = "Amber", ["Input.Reason"] = "Recruitment behind", ["Input.Highlights"] = "Forty applicants" })).StatusCode);
        return (world, periodId);
    }

    /// <summary>
    /// Many edits, through the pages and through the Core services, that would each change the June 2026 reports if
    /// they were worked out again: new and back-dated ratings, revised deadlines, a new note, new titles, a renamed
    /// plan, a new action, and an unassigned lead matched to a new person.
    /// </summary>
    private static async Task MakeManyEditsAsync(TestWorld world, TestClient lead)
    {
        var editor = Actor.System("Later editor");

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/items/{world.ActionId}/rating", new() { ["Input.Value"] = "Red", ["Input.Reason"] = "Funding withdrawn" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/items/{world.MilestoneId}/deadline", new()
        {
            ["Input.Deadline"] = "Spring Term 2027",
            ["Input.RevisedOn.Day"] = "15",
            ["Input.RevisedOn.Month"] = "6",
            ["Input.RevisedOn.Year"] = "2026",
            ["Input.Reason"] = "Funding decision moved",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/items/{world.ActionId}/notes/new", new()
        {
            ["Input.AsAt.Day"] = "14",
            ["Input.AsAt.Month"] = "6",
            ["Input.AsAt.Year"] = "2026",
            ["Input.KeyActivitiesCompleted"] = "Written after the period closed",
            ["Input.NextSteps"] = "A later next step",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/items/{world.ActionId}/edit", new() { ["Input.Title"] = RenamedAction, ["Input.Reason"] = "Clearer title" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/items/{world.WorkstreamId}/edit", new() { ["Input.Title"] = RenamedWorkstream, ["Input.Fields[weakness]"] = "Plans are very late." })).StatusCode);

        using var scope = world.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var items = services.GetRequiredService<ItemUpdateService>();
        var plans = services.GetRequiredService<PlanService>();
        await items.RecordRatingAsync(editor, world.OtherActionId, await ItemVersionAsync(world, world.OtherActionId), new NewRating("Blue", false, new DateOnly(2026, 6, 1), "Finished early, recorded late"));
        await items.RecordRatingAsync(editor, world.MilestoneId, await ItemVersionAsync(world, world.MilestoneId), new NewRating("Green", true, new DateOnly(2026, 6, 10), "Funding agreed in principle"));
        await items.ReviseDeadlineAsync(editor, world.OtherActionId, await ItemVersionAsync(world, world.OtherActionId), new NewDeadline("Mar 2027", new DateOnly(2026, 6, 12), "Supplier delay"));
        await items.AddProgressNoteAsync(editor, world.OtherActionId, new NewProgressNote(new DateOnly(2026, 6, 13), "Tracker live in North Area", "Roll out to South Area", "Families see dates", []));
        var planVersion = await world.QueryAsync(db => db.Plans.Where(p => p.Id == world.PlanId).Select(p => p.Version).SingleAsync());
        await plans.UpdatePlanAsync(editor, world.PlanId, planVersion, new PlanDetails(RenamedPlan, "A new summary.", "May 2025 to May 2028"), "Renamed by the board");
        await plans.AddItemAsync(editor, world.PlanId, world.OutcomeId, new ItemDetails { Ref = "1.1c", Title = "Added after closing", Leads = "TL" }, "Jan 2026");
        await services.GetRequiredService<PeopleService>().AddPersonAsync(editor, world.PartnershipId, new PersonDetails("Jane Doe", "JD", null, "Data lead", null), mapInitials: "JD");
    }

    [Fact]
    public async Task ClosedPeriod_ReportsAreUnchanged_ByManyLaterEdits()
    {
        using var lead = new TestClient(factory);
        var (world, periodId) = await PeriodWithUpdatesAsync(lead);
        await CloseAsync(lead, periodId);
        var before = await ReportsAsync(lead, periodId);

        // The reports have real content to compare.
        Assert.Contains("Recruit coordinators", before.Html["interim"], StringComparison.Ordinal);
        Assert.Contains("1.1a: Interviews held", before.Html["interim"], StringComparison.Ordinal);
        Assert.Contains("=Amber from 15 June 2026", before.ProgressXlsx, StringComparison.Ordinal);
        Assert.Contains("Recruit coordinators", before.InterimDocx, StringComparison.Ordinal);
        Assert.Contains("Recruitment behind", before.Html["committee"], StringComparison.Ordinal);

        await MakeManyEditsAsync(world, lead);

        // The edits landed: the item page and the database show them.
        Assert.Equal(RenamedAction, (await lead.GetPageAsync($"/items/{world.ActionId}")).Page.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Equal(RenamedPlan, await world.QueryAsync(db => db.Plans.Where(p => p.Id == world.PlanId).Select(p => p.Name).SingleAsync()));
        Assert.Equal("Red", await world.QueryAsync(db => db.PlanItems.Where(i => i.Id == world.ActionId).Select(i => i.CurrentRatingValue).SingleAsync()));

        var after = await ReportsAsync(lead, periodId);

        foreach (var kind in Kinds)
        {
            Assert.True(before.Html[kind] == after.Html[kind], $"The closed period's {kind} report (HTML) changed after later edits.");
        }

        Assert.Equal(before.ProgressXlsx, after.ProgressXlsx);
        Assert.Equal(before.InterimDocx, after.InterimDocx);
        Assert.Equal(before.ProgressDocx, after.ProgressDocx);
        Assert.Equal(before.InterimPage, after.InterimPage);
        Assert.DoesNotContain("renamed later", after.Html["interim"], StringComparison.Ordinal);
        Assert.DoesNotContain("Funding withdrawn", after.ProgressXlsx, StringComparison.Ordinal);

        // The stored snapshot still matches its published hash.
        var snapshot = await world.QueryAsync(db => db.PeriodSnapshots.AsNoTracking().SingleAsync(s => s.ReportingPeriodId == periodId));
        Assert.Equal(snapshot.Sha256, Convert.ToHexStringLower(SHA256.HashData(snapshot.Content)));
    }

    [Fact]
    public async Task OpenPeriod_ReportsDoReflectTheSameEdits()
    {
        using var lead = new TestClient(factory);
        var (world, periodId) = await PeriodWithUpdatesAsync(lead);
        var before = await ReportsAsync(lead, periodId);

        await MakeManyEditsAsync(world, lead);
        var after = await ReportsAsync(lead, periodId);

        foreach (var kind in Kinds)
        {
            Assert.True(before.Html[kind] != after.Html[kind], $"The open period's {kind} report did not change after the edits.");
        }

        Assert.NotEqual(before.ProgressXlsx, after.ProgressXlsx);
        Assert.NotEqual(before.InterimDocx, after.InterimDocx);
        Assert.Contains(RenamedAction, after.Html["interim"], StringComparison.Ordinal);
        Assert.Contains(RenamedWorkstream, after.Html["interim"], StringComparison.Ordinal);
        Assert.Contains(RenamedPlan, after.Html["interim"], StringComparison.Ordinal);
        Assert.Contains("1.1c", after.Html["interim"], StringComparison.Ordinal);
        Assert.Contains("1.1b: Tracker live in North Area", after.Html["interim"], StringComparison.Ordinal);
        Assert.Contains("=Red from 15 June 2026", after.ProgressXlsx, StringComparison.Ordinal);
        Assert.Contains("Spring Term 2027 (revised from Nov 2025)", after.ProgressXlsx, StringComparison.Ordinal);
        Assert.Contains("Jane Doe", after.ProgressXlsx, StringComparison.Ordinal);
        Assert.Contains(RenamedAction, after.InterimDocx, StringComparison.Ordinal);
        Assert.Contains(RenamedAction, after.ProgressDocx, StringComparison.Ordinal);
        Assert.Contains(RenamedAction, after.InterimPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedPeriod_PageShowsTheSnapshot_NotTheLaterTitlesAndRatings()
    {
        using var lead = new TestClient(factory);
        var (world, periodId) = await PeriodWithUpdatesAsync(lead);
        await CloseAsync(lead, periodId);

        await MakeManyEditsAsync(world, lead);
        var (_, page) = await lead.GetPageAsync($"/periods/{periodId}");

        // The page's heading names the plan as it is now; what the period reported comes from the snapshot.
        var text = Words(page);
        var updates = text[text.IndexOf("Facts from the data", StringComparison.Ordinal)..];
        var row = page.QuerySelectorAll("main table tbody tr").Single(r => r.QuerySelector($"a[href='/items/{world.ActionId}']") is not null);
        Assert.Equal("1.1a Recruit coordinators", row.QuerySelector("td:nth-child(1)")!.TextContent.Trim());
        Assert.Equal("Amber", row.QuerySelector("td:nth-child(3)")!.TextContent.Trim());
        Assert.Contains("Workstream Workstream 1: Timeliness Assessment Amber", updates, StringComparison.Ordinal);
        Assert.Contains("2 Amber (2 actions).", updates, StringComparison.Ordinal);
        Assert.DoesNotContain("renamed later", updates, StringComparison.Ordinal);
        Assert.DoesNotContain("1.1c", updates, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Doe", updates, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedPeriod_ReportsAreUnchanged_ByTheNextPeriodsRound()
    {
        using var lead = new TestClient(factory);
        var (world, june) = await PeriodWithUpdatesAsync(lead);
        await CloseAsync(lead, june);
        var before = await ReportsAsync(lead, june);

        var july = await OpenPeriodAsync(world, lead, "July 2026", "31 7 2026", "24 7 2026");
        using var contributor = await world.SignInAsync(world.Contributor);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitUpdateAsync(contributor, july, world.ActionId, Update("Blue", reason: "All four in post", done: "Coordinators started"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/periods/{july}/sections/{world.WorkstreamId}", new() { ["Input.Assessment"] = "Green", ["Input.Reason"] = "Back on track" })).StatusCode);
        await CloseAsync(lead, july);

        var after = await ReportsAsync(lead, june);

        foreach (var kind in Kinds)
        {
            Assert.True(before.Html[kind] == after.Html[kind], $"The closed June period's {kind} report changed after July's round.");
        }

        Assert.Equal(before.ProgressXlsx, after.ProgressXlsx);
        Assert.Contains("since June 2026", await DownloadTextAsync(lead, july, "exceptions"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The easy-read wording is prepared for families after the board, so it is edited after closing by design
    /// (ADR 0009): that edit changes the closed period's easy-read summary, and nothing else.
    /// </summary>
    [Fact]
    public async Task ClosedPeriod_EasyReadWordingEditedAfterClosing_ChangesOnlyTheEasyReadReport()
    {
        using var lead = new TestClient(factory);
        var (world, periodId) = await PeriodWithUpdatesAsync(lead);
        await CloseAsync(lead, periodId);
        var before = await ReportsAsync(lead, periodId);

        var response = await SubmitAsync(lead, $"/periods/{periodId}/easy-read/{world.WorkstreamId}", new() { ["Input.WhatChanged"] = "Words written after the period closed.", ["Input.WhatIsNext"] = "More words written later." });
        var after = await ReportsAsync(lead, periodId);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Words written after the period closed.", after.Html["easy-read"], StringComparison.Ordinal);
        Assert.DoesNotContain("Words written after the period closed.", before.Html["easy-read"], StringComparison.Ordinal);
        foreach (var kind in Kinds.Where(k => k != "easy-read"))
        {
            Assert.True(before.Html[kind] == after.Html[kind], $"Editing the easy-read wording changed the closed period's {kind} report.");
        }

        Assert.Equal(before.ProgressXlsx, after.ProgressXlsx);
        Assert.Equal(before.InterimDocx, after.InterimDocx);
        Assert.Equal(1, await world.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PlanId == world.PlanId && a.Action == "Easy-read wording edited")));
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>The easy-read summary for families: worked out from the data, then reworded by a programme lead.</summary>
[Collection(WebTestGroup.Name)]
public sealed class EasyReadTests(AppFactory factory)
{
    private const string Generated = "We have finished 0 of the 2 pieces of work. 2 things are late.";

    private static Dictionary<string, string> Wording(string whatChanged, string whatIsNext) => new()
    {
        ["Input.WhatChanged"] = whatChanged,
        ["Input.WhatIsNext"] = whatIsNext,
    };

    [Fact]
    public async Task Summary_StartsWithWordingWorkedOutFromTheData()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        var (status, page) = await lead.GetPageAsync($"/periods/{periodId}/easy-read");
        var (_, form) = await lead.GetPageAsync($"/periods/{periodId}/easy-read/{world.WorkstreamId}");

        Assert.Equal(HttpStatusCode.OK, status);
        var text = Words(page);
        Assert.Contains($"Workstream 1: Timeliness What changed: {Generated} What is next: We will tell you what happens next in our next update. Worked out from the data, not yet edited", text, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"main a[href='/periods/{periodId}/easy-read/{world.WorkstreamId}']"));
        Assert.Equal("Workstream 1: Timeliness", form.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Equal(Generated, form.QuerySelector("#Input_WhatChanged")!.TextContent.Trim());
    }

    [Fact]
    public async Task ProgrammeLead_EditsTheWording_AndTheEasyReadReportShowsTheEditedWords()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        var response = await SubmitAsync(lead, $"/periods/{periodId}/easy-read/{world.WorkstreamId}", Wording("We hired two new workers to write plans.", "We will hire two more by September."));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/periods/{periodId}/easy-read", response.Headers.Location!.ToString());
        var saved = await world.QueryAsync(db => db.EasyReadTexts.AsNoTracking().SingleAsync(t => t.ReportingPeriodId == periodId));
        Assert.Equal((world.WorkstreamId, "We hired two new workers to write plans.", "We will hire two more by September.", 1), (saved.PlanItemId, saved.WhatChanged, saved.WhatIsNext, saved.Version));
        Assert.Equal(1, await world.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PlanItemId == world.WorkstreamId && a.Action == "Easy-read wording edited")));

        var (_, list) = await lead.GetPageAsync($"/periods/{periodId}/easy-read");
        Assert.Equal("Easy-read wording for Workstream 1: Timeliness saved.", list.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Contains("What changed: We hired two new workers to write plans. What is next: We will hire two more by September. Wording edited", Words(list), StringComparison.Ordinal);

        var report = Words((await lead.GetPageAsync($"/periods/{periodId}/reports/easy-read")).Page);
        Assert.Contains("Workstream 1: Timeliness What changed We hired two new workers to write plans. What is next We will hire two more by September.", report, StringComparison.Ordinal);
        Assert.DoesNotContain(Generated, report, StringComparison.Ordinal);
        var html = await DownloadTextAsync(lead, periodId, "easy-read");
        Assert.Contains("We hired two new workers to write plans.", html, StringComparison.Ordinal);
        var docx = DocxText(await DownloadAsync(lead, periodId, "easy-read", "docx"));
        Assert.Contains("We will hire two more by September.", docx, StringComparison.Ordinal);

        // The edited words survive closing.
        await CloseAsync(lead, periodId);
        Assert.Contains("We hired two new workers to write plans.", await DownloadTextAsync(lead, periodId, "easy-read"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingAgain_ReplacesTheWording()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        await SubmitAsync(lead, $"/periods/{periodId}/easy-read/{world.WorkstreamId}", Wording("First words.", "First next."));

        var (_, form) = await lead.GetPageAsync($"/periods/{periodId}/easy-read/{world.WorkstreamId}");
        Assert.Equal("First words.", form.QuerySelector("#Input_WhatChanged")!.TextContent.Trim());
        var response = await SubmitAsync(lead, $"/periods/{periodId}/easy-read/{world.WorkstreamId}", Wording("Second words.", "Second next."));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await world.QueryAsync(db => db.EasyReadTexts.AsNoTracking().SingleAsync(t => t.ReportingPeriodId == periodId));
        Assert.Equal(("Second words.", 2), (saved.WhatChanged, saved.Version));
        var report = await DownloadTextAsync(lead, periodId, "easy-read");
        Assert.Contains("Second words.", report, StringComparison.Ordinal);
        Assert.DoesNotContain("First words.", report, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string[]> EmptyWording => new()
    {
        { "", "We will hire more.", ["Enter what changed"] },
        { "We hired two.", "  ", ["Enter what is next"] },
        { "", "", ["Enter what changed", "Enter what is next"] },
        { new string('x', 2001), "Next.", ["What changed must be 2,000 characters or fewer"] },
    };

    [Theory]
    [MemberData(nameof(EmptyWording))]
    public async Task Edit_EmptyOrTooLong_ShowsMessages_KeepsWhatWasTyped_AndSavesNothing(string whatChanged, string whatIsNext, string[] messages)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        var response = await SubmitAsync(lead, $"/periods/{periodId}/easy-read/{world.WorkstreamId}", Wording(whatChanged, whatIsNext));
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(messages, TestClient.Errors(page));
        Assert.Equal(whatChanged, page.QuerySelector("#Input_WhatChanged")!.TextContent.Trim('\r', '\n'));
        Assert.Equal(whatIsNext, page.QuerySelector("#Input_WhatIsNext")!.TextContent.Trim('\r', '\n'));
        Assert.False(await world.QueryAsync(db => db.EasyReadTexts.AnyAsync(t => t.ReportingPeriodId == periodId)));
        Assert.Contains(Generated, await DownloadTextAsync(lead, periodId, "easy-read"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contributor_AndViewer_AreForbiddenFromEditingTheWording()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/periods/{periodId}/easy-read")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/periods/{periodId}/easy-read/{world.WorkstreamId}")).StatusCode);
            var post = await client.PostFormAsync($"/periods/{periodId}/easy-read/{world.WorkstreamId}", new(Wording("Mine.", "Mine.")) { ["Input.Version"] = "0" }, formPage: "/");
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);

            // They can still read the report.
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/periods/{periodId}/reports/easy-read")).StatusCode);
        }

        Assert.False(await world.QueryAsync(db => db.EasyReadTexts.AnyAsync(t => t.ReportingPeriodId == periodId)));
    }

    [Fact]
    public async Task Edit_ForAnItemThatIsNotASection_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        foreach (var itemId in new[] { world.OutcomeId, world.ActionId, other.WorkstreamId })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/periods/{periodId}/easy-read/{itemId}")).StatusCode);
        }

        var post = await lead.PostFormAsync($"/periods/{periodId}/easy-read/{world.ActionId}", new(Wording("x.", "y.")) { ["Input.Version"] = "0" }, formPage: $"/periods/{periodId}/easy-read/{world.WorkstreamId}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.False(await world.QueryAsync(db => db.EasyReadTexts.AnyAsync(t => t.ReportingPeriodId == periodId)));
    }

    [Fact]
    public async Task Edit_WithAStaleVersion_Is409_AndKeepsWhatWasTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        await SubmitAsync(lead, $"/periods/{periodId}/easy-read/{world.WorkstreamId}", Wording("Someone else's words.", "Theirs."));

        var response = await lead.PostFormAsync($"/periods/{periodId}/easy-read/{world.WorkstreamId}", new(Wording("My words.", "Mine.")) { ["Input.Version"] = "0" });
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Single(TestClient.Errors(page));
        Assert.Equal("My words.", page.QuerySelector("#Input_WhatChanged")!.TextContent.Trim());
        Assert.Equal("Someone else's words.", await world.QueryAsync(db => db.EasyReadTexts.Where(t => t.ReportingPeriodId == periodId).Select(t => t.WhatChanged).SingleAsync()));
    }
}

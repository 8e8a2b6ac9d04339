using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>A plan's reporting periods: the list, and opening a period with its validation and permissions.</summary>
[Collection(WebTestGroup.Name)]
public sealed class OpenPeriodTests(AppFactory factory)
{
    [Fact]
    public async Task List_WithNoPeriods_SaysSo_AndOffersTheProgrammeLeadTheOpenButton()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        using var viewer = await world.SignInAsync(world.Viewer);

        var (status, page) = await lead.GetPageAsync($"/plans/{world.PlanId}/periods");
        var (viewerStatus, viewerPage) = await viewer.GetPageAsync($"/plans/{world.PlanId}/periods");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Reporting periods", page.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Contains("This plan has no reporting periods yet.", Words(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"main a[href='/plans/{world.PlanId}/periods/new']"));
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.Null(viewerPage.QuerySelector($"main a[href='/plans/{world.PlanId}/periods/new']"));
    }

    [Fact]
    public async Task NewForm_SuggestsThisMonth_AsAtItsLastDay()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.GetPageAsync($"/plans/{world.PlanId}/periods/new");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("June 2026", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("30", page.QuerySelector("#Input_AsAt-day")!.GetAttribute("value"));
        Assert.Equal("6", page.QuerySelector("#Input_AsAt-month")!.GetAttribute("value"));
        Assert.Equal("23", page.QuerySelector("#Input_Due-day")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name='Input.Cadence'][value='Monthly'][checked]"));
    }

    [Fact]
    public async Task ProgrammeLead_OpensAPeriod_PostRedirectGet_WithSuccessBanner_AndThePeriodShowsOpen()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var response = await lead.PostFormAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("June 2026", "30 6 2026", "23 6 2026", "Quarterly"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var periodId = PeriodIdFrom(response);
        var period = await world.QueryAsync(db => db.ReportingPeriods.AsNoTracking().SingleAsync(p => p.PlanId == world.PlanId));
        Assert.Equal(periodId, period.Id);
        Assert.Equal("June 2026", period.Name);
        Assert.Equal(new DateOnly(2026, 6, 30), period.AsAt);
        Assert.Equal(new DateOnly(2026, 6, 23), period.Due);
        Assert.Equal(PeriodCadence.Quarterly, period.Cadence);
        Assert.Equal(PeriodState.Open, period.State);

        var (status, page) = await lead.GetPageAsync($"/periods/{periodId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("June 2026 is open. Leads can now submit their updates.", page.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Equal("June 2026 Open", string.Join(' ', page.QuerySelector("main h1")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        var text = Words(page);
        Assert.Contains("Reports as at 30 June 2026", text, StringComparison.Ordinal);
        Assert.Contains("Updates due by 23 June 2026", text, StringComparison.Ordinal);
        Assert.Contains("Cadence Quarterly", text, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"main a[href='/periods/{periodId}/close']"));

        // The banner is shown once, and the period is listed as open.
        Assert.Null((await lead.GetPageAsync($"/periods/{periodId}")).Page.QuerySelector(".govuk-notification-banner"));
        var (_, list) = await lead.GetPageAsync($"/plans/{world.PlanId}/periods");
        var row = list.QuerySelectorAll("main table tbody tr").Single();
        Assert.Equal(["June 2026", "30 June 2026", "23 June 2026", "Open", "0"], row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Equal($"/periods/{periodId}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task OpeningAPeriod_IsAudited()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        await OpenPeriodAsync(world, lead);

        var entry = await world.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.PlanId == world.PlanId && a.Action == "Reporting period opened"));
        Assert.Equal("June 2026: as at 30 June 2026, updates due 23 June 2026", entry.Summary);
        Assert.StartsWith("Programme lead", entry.ActorName, StringComparison.Ordinal);
    }

    public static TheoryData<Dictionary<string, string>, string[]> InvalidPeriods => new()
    {
        { PeriodForm(""), ["Enter a name for the period, such as November 2026"] },
        { PeriodForm("   "), ["Enter a name for the period, such as November 2026"] },
        { PeriodForm("June 2026", cadence: ""), ["Select how often this plan reports"] },
        { PeriodForm("June 2026", cadence: "Weekly"), ["Select how often this plan reports"] },
        { PeriodForm("June 2026", asAt: "31 2 2026"), ["The date the period reports as at must be a real date"] },
        { PeriodForm("June 2026", asAt: "30 x 2026"), ["The date the period reports as at must be a real date, written in numbers, for example 27 3 2026"] },
        { PeriodForm("June 2026", due: "23  2026"), ["The date updates are due must include a month"] },
        { PeriodForm("June 2026", asAt: "  ", due: "  "), ["Enter the date the period reports as at", "Enter the date updates are due"] },
        { PeriodForm("June 2026", asAt: "30 6 2126"), ["The date the period reports as at must be between 1990 and 2099"] },
        { PeriodForm(new string('N', 101)), ["The name must be 100 characters or fewer"] },
        { PeriodForm("", cadence: ""), ["Enter a name for the period, such as November 2026", "Select how often this plan reports"] },
    };

    [Theory]
    [MemberData(nameof(InvalidPeriods))]
    public async Task Open_Invalid_ShowsSpecificMessagesInTheErrorSummary_KeepsWhatWasTyped_AndOpensNothing(Dictionary<string, string> fields, string[] messages)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.PostAndReadAsync($"/plans/{world.PlanId}/periods/new", fields);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
        Assert.Equal(messages, TestClient.Errors(page));
        Assert.Equal(fields["Input.Name"], page.QuerySelector("#Input_Name")!.GetAttribute("value") ?? string.Empty);
        Assert.Equal(fields["Input.AsAt.Day"], page.QuerySelector("#Input_AsAt-day")!.GetAttribute("value") ?? string.Empty);
        Assert.Equal(fields["Input.AsAt.Month"], page.QuerySelector("#Input_AsAt-month")!.GetAttribute("value") ?? string.Empty);
        Assert.Equal(fields["Input.Due.Day"], page.QuerySelector("#Input_Due-day")!.GetAttribute("value") ?? string.Empty);
        if (fields["Input.Cadence"] == "Monthly")
        {
            Assert.NotNull(page.QuerySelector("input[name='Input.Cadence'][value='Monthly'][checked]"));
        }

        Assert.False(await world.QueryAsync(db => db.ReportingPeriods.AnyAsync(p => p.PlanId == world.PlanId)));
    }

    [Fact]
    public async Task Open_ErrorsLinkToTheirFields()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.PostAndReadAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("", asAt: "  ", cadence: ""));

        var links = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#Input_Name", "#Input_AsAt-day", "#Input_Cadence"], links);
        foreach (var link in links)
        {
            Assert.NotNull(page.QuerySelector(link!));
        }

        Assert.NotNull(page.QuerySelector("#Input_Name.govuk-input--error"));
    }

    [Fact]
    public async Task Open_WhileAnotherPeriodIsOpen_IsRefusedWithTheReason()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        await OpenPeriodAsync(world, lead, "June 2026");

        var (status, page) = await lead.PostAndReadAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("July 2026", "31 7 2026", "24 7 2026"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["June 2026 is still open. Close it before opening another period, so leads only ever have one round of updates due."], TestClient.Errors(page));
        Assert.Equal("July 2026", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("31", page.QuerySelector("#Input_AsAt-day")!.GetAttribute("value"));
        Assert.Equal(1, await world.QueryAsync(db => db.ReportingPeriods.CountAsync(p => p.PlanId == world.PlanId)));
    }

    [Fact]
    public async Task Open_WithTheNameOfAnEarlierPeriod_IsRefused_WhateverItsCase()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var june = await OpenPeriodAsync(world, lead, "June 2026");
        await CloseAsync(lead, june);

        var (status, page) = await lead.PostAndReadAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("JUNE 2026", "31 7 2026", "24 7 2026"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["This plan already has a period called JUNE 2026. Enter a different name"], TestClient.Errors(page));
        Assert.Equal("JUNE 2026", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(1, await world.QueryAsync(db => db.ReportingPeriods.CountAsync(p => p.PlanId == world.PlanId)));
    }

    [Fact]
    public async Task Open_AsAtADateNotAfterTheLatestPeriod_IsRefused()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var june = await OpenPeriodAsync(world, lead, "June 2026");
        await CloseAsync(lead, june);

        var (_, page) = await lead.PostAndReadAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("June 2026 again", "30 6 2026", "24 6 2026"));

        Assert.Equal(["The date must be after 30 June 2026, the date of June 2026"], TestClient.Errors(page));

        var (_, earlier) = await lead.PostAndReadAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("May 2026", "31 5 2026", "24 5 2026"));
        Assert.Equal(["The date must be after 30 June 2026, the date of June 2026"], TestClient.Errors(earlier));
    }

    [Fact]
    public async Task NewForm_AfterAClosedPeriod_SuggestsTheNextOne()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var june = await OpenPeriodAsync(world, lead, "June 2026");
        await CloseAsync(lead, june);

        var response = await SubmitAsync(lead, $"/plans/{world.PlanId}/periods/new", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var periods = await world.QueryAsync(db => db.ReportingPeriods.AsNoTracking().Where(p => p.PlanId == world.PlanId).OrderBy(p => p.AsAt).ToListAsync());
        Assert.Equal(["June 2026", "July 2026"], periods.Select(p => p.Name));
        Assert.Equal(new DateOnly(2026, 7, 31), periods[1].AsAt);
        Assert.Equal(new DateOnly(2026, 7, 24), periods[1].Due);
    }

    [Fact]
    public async Task Contributor_AndViewer_AreForbiddenFromTheNewPeriodForm()
    {
        var world = await TestWorld.CreateAsync(factory);
        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);

            var get = await client.Http.GetAsync($"/plans/{world.PlanId}/periods/new");
            var post = await client.PostFormAsync($"/plans/{world.PlanId}/periods/new", PeriodForm("June 2026"), formPage: "/");

            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.False(await world.QueryAsync(db => db.ReportingPeriods.AnyAsync(p => p.PlanId == world.PlanId)));
    }

    [Fact]
    public async Task AnotherPartnershipsPlan_IsNotFound_ForTheListAndTheForm()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/plans/{other.PlanId}/periods")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/plans/{other.PlanId}/periods/new")).StatusCode);
        var post = await lead.PostFormAsync($"/plans/{other.PlanId}/periods/new", PeriodForm("June 2026"), formPage: $"/plans/{world.PlanId}/periods/new");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync("/plans/999999999/periods")).StatusCode);
        Assert.False(await world.QueryAsync(db => db.ReportingPeriods.AnyAsync(p => p.PlanId == other.PlanId)));
    }

    [Fact]
    public async Task AnotherPartnershipsPeriod_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var otherLead = await other.SignInAsync(other.ProgrammeLead);
        var periodId = await OpenPeriodAsync(other, otherLead);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        foreach (var url in new[] { $"/periods/{periodId}", $"/periods/{periodId}/close", $"/periods/{periodId}/reports/interim", $"/periods/{periodId}/reports/interim?format=html", $"/periods/{periodId}/easy-read", $"/periods/{periodId}/items/{other.ActionId}/update" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync(url)).StatusCode);
        }

        var close = await lead.PostFormAsync($"/periods/{periodId}/close", new() { ["Version"] = "0" }, formPage: "/");
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);
        Assert.Equal(PeriodState.Open, await other.QueryAsync(db => db.ReportingPeriods.Where(p => p.Id == periodId).Select(p => p.State).SingleAsync()));
    }
}

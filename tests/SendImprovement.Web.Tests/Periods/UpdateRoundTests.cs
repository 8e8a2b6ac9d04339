using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>The update round: leads see what is due on /updates and submit an update per item they lead.</summary>
[Collection(WebTestGroup.Name)]
public sealed class UpdateRoundTests(AppFactory factory)
{

    private static async Task<(int Ratings, int Notes, int Updates)> CountsAsync(TestWorld world) => (
        await world.QueryAsync(db => db.Ratings.CountAsync(r => r.PlanItem.PlanId == world.PlanId)),
        await world.QueryAsync(db => db.ProgressNotes.CountAsync(n => n.PlanItem.PlanId == world.PlanId)),
        await world.QueryAsync(db => db.ItemUpdates.CountAsync(u => u.ReportingPeriod.PlanId == world.PlanId)));

    [Fact]
    public async Task Updates_ListsTheActionTheContributorLeads_WithALinkToItsUpdateForm()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);

        var (status, page) = await contributor.GetPageAsync("/updates");

        Assert.Equal(HttpStatusCode.OK, status);
        var rows = page.QuerySelectorAll("main table tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => Words(c)).ToList()).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(["1.1a Recruit coordinators Testshire WSoA", "June 2026", "23 June 2026", "Not submitted"], row);
        Assert.NotNull(page.QuerySelector($"main table a[href='/periods/{periodId}/items/{world.ActionId}/update']"));
        Assert.Contains("Testshire WSoA: June 2026: 0 of 2 updates submitted", Words(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_WithNoOpenPeriod_SaysNoUpdatesAreDue()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var contributor = await world.SignInAsync(world.Contributor);

        var (_, page) = await contributor.GetPageAsync("/updates");

        Assert.Contains("No reporting period is open, so no updates are due.", Words(page), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main table"));
    }

    [Fact]
    public async Task UpdateForm_OffersNoChange_AndPrefillsIt()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);

        var (status, page) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1.1a Recruit coordinators", page.QuerySelector("main h1")!.TextContent.Trim());
        var checkedRadio = page.QuerySelector("input[name='Input.Rating'][checked]");
        Assert.Equal(UpdateInput.NoChange, checkedRadio!.GetAttribute("value"));
        Assert.Contains("No change: still Green", page.QuerySelector("main fieldset")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["no-change", "Blue", "Green", "Amber", "Red"], page.QuerySelectorAll("input[name='Input.Rating']").Select(r => r.GetAttribute("value")));
    }

    [Fact]
    public async Task Contributor_SubmitsNoChange_WithKeyActivities_ConfirmsTheRatingWithoutANewOne()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);

        var response = await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update(UpdateInput.NoChange, done: "Advert published"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/updates", response.Headers.Location!.ToString());
        var update = await UpdateAsync(world, periodId, world.ActionId);
        Assert.Equal(UpdateState.Submitted, update.State);
        Assert.Null(update.RatingId);
        Assert.Equal("Green", update.ConfirmedRatingValue);
        Assert.StartsWith("Contributor", update.SubmittedByName, StringComparison.Ordinal);
        Assert.Equal(["Green"], await world.QueryAsync(db => db.Ratings.Where(r => r.PlanItemId == world.ActionId).Select(r => r.Value).ToListAsync()));
        var note = await world.QueryAsync(db => db.ProgressNotes.SingleAsync(n => n.PlanItemId == world.ActionId));
        Assert.Equal(update.ProgressNoteId, note.Id);
        Assert.Equal("Advert published", note.KeyActivitiesCompleted);

        var (_, updates) = await contributor.GetPageAsync("/updates");
        Assert.Equal("Update submitted for 1.1a Recruit coordinators. The sponsor will review it.", updates.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Equal("Submitted", updates.QuerySelector("main table tbody tr td:nth-child(4) .govuk-tag")!.TextContent.Trim());
        Assert.Contains("June 2026: 1 of 2 updates submitted", Words(updates), StringComparison.Ordinal);

        var (_, item) = await contributor.GetPageAsync($"/items/{world.ActionId}");
        Assert.Equal("Green from 1 May 2026", Words(item.QuerySelector("#ratings + .moj-timeline .moj-timeline__title")!));
        Assert.Contains("Key activities completed Advert published", Words(item.QuerySelector("#notes + .moj-timeline .moj-timeline__item")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contributor_SubmitsAChangedRating_WithReasonAndProgress_AndTheItemPageShowsThem()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);

        var response = await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update("Amber", reason: "Two posts still vacant", done: "Interviews held", next: "Re-advertise the two posts", tentative: true));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var update = await UpdateAsync(world, periodId, world.ActionId);
        var ratings = await world.QueryAsync(db => db.Ratings.AsNoTracking().Where(r => r.PlanItemId == world.ActionId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(["Green", "Amber"], ratings.Select(r => r.Value));
        Assert.Equal(ratings[1].Id, update.RatingId);
        Assert.Null(update.ConfirmedRatingValue);
        Assert.True(ratings[1].IsTentative);
        Assert.Equal("Two posts still vacant", ratings[1].Reason);
        Assert.Equal(new DateOnly(2026, 6, 15), ratings[1].AppliesFrom);
        Assert.Equal("Amber", await world.QueryAsync(db => db.PlanItems.Where(i => i.Id == world.ActionId).Select(i => i.CurrentRatingValue).SingleAsync()));

        var (_, item) = await contributor.GetPageAsync($"/items/{world.ActionId}");
        var latestRating = item.QuerySelector("#ratings + .moj-timeline .moj-timeline__item")!;
        Assert.Equal("Amber? (tentative) from 15 June 2026", Words(latestRating.QuerySelector(".moj-timeline__title")!));
        Assert.Contains("Two posts still vacant", latestRating.TextContent, StringComparison.Ordinal);
        var latestNote = Words(item.QuerySelector("#notes + .moj-timeline .moj-timeline__item")!);
        Assert.Contains("Progress as at 15 June 2026", latestNote, StringComparison.Ordinal);
        Assert.Contains("Key activities completed Interviews held", latestNote, StringComparison.Ordinal);
        Assert.Contains("Next steps Re-advertise the two posts", latestNote, StringComparison.Ordinal);

        // The period page shows the update and the new rating against the action.
        var (_, period) = await lead.GetPageAsync($"/periods/{periodId}");
        var row = period.QuerySelectorAll("main table tbody tr").Single(r => r.QuerySelector($"a[href='/items/{world.ActionId}']") is not null);
        Assert.Equal("Amber?", row.QuerySelector("td:nth-child(3)")!.TextContent.Trim());
        Assert.StartsWith("Submitted by Contributor", Words(row.QuerySelector("td:nth-child(4)")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmittingAgain_BeforeReview_ReplacesTheRoundsUpdate_AndKeepsBothInTheHistory()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update(UpdateInput.NoChange, done: "First go"));

        var (_, form) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        Assert.Equal("First go", form.QuerySelector("#Input_KeyActivitiesCompleted")!.TextContent.Trim());
        var response = await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update("Red", reason: "Funding withdrawn", done: "Second go"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var update = await UpdateAsync(world, periodId, world.ActionId);
        Assert.Equal(1, await world.QueryAsync(db => db.ItemUpdates.CountAsync(u => u.ReportingPeriodId == periodId)));
        Assert.NotNull(update.RatingId);
        Assert.Equal(["First go", "Second go"], await world.QueryAsync(db => db.ProgressNotes.Where(n => n.PlanItemId == world.ActionId).OrderBy(n => n.Id).Select(n => n.KeyActivitiesCompleted!).ToListAsync()));
        Assert.Equal("Second go", await world.QueryAsync(db => db.ProgressNotes.Where(n => n.Id == update.ProgressNoteId).Select(n => n.KeyActivitiesCompleted).SingleAsync()));
    }

    public static TheoryData<Dictionary<string, string>, string[]> InvalidUpdates => new()
    {
        { Update("Amber", reason: "", done: "Interviews held"), ["Enter why you are giving this rating"] },
        { Update("Amber", reason: "   ", done: "Interviews held"), ["Enter why you are giving this rating"] },
        { Update(UpdateInput.NoChange), ["Enter at least one of key activities completed, next steps, or progress and impact"] },
        { Update(UpdateInput.NoChange, done: " ", next: "\n", impact: "  "), ["Enter at least one of key activities completed, next steps, or progress and impact"] },
        { Update("Amber", reason: "Vacancies"), ["Enter at least one of key activities completed, next steps, or progress and impact"] },
        { Update("Amber"), ["Enter why you are giving this rating", "Enter at least one of key activities completed, next steps, or progress and impact"] },
        { Update("Mauve", reason: "Vacancies", done: "Interviews held"), ["Select the BRAG rating, or select no change"] },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public async Task Submit_Invalid_ShowsSpecificMessages_KeepsWhatWasTyped_AndSavesNothing(Dictionary<string, string> fields, string[] messages)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        var before = await CountsAsync(world);

        var response = await SubmitUpdateAsync(contributor, periodId, world.ActionId, fields);
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(messages, TestClient.Errors(page));
        Assert.Equal(fields["Input.Reason"], page.QuerySelector("#Input_Reason")!.TextContent.Trim('\r', '\n'));
        Assert.Equal(fields["Input.KeyActivitiesCompleted"], page.QuerySelector("#Input_KeyActivitiesCompleted")!.TextContent.Trim('\r', '\n'));
        if (fields["Input.Rating"] is "Amber" or UpdateInput.NoChange)
        {
            Assert.NotNull(page.QuerySelector($"input[name='Input.Rating'][value='{fields["Input.Rating"]}'][checked]"));
        }

        Assert.Equal(before, await CountsAsync(world));
    }

    [Fact]
    public async Task Submit_ChangedRatingWithoutReason_LinksTheMessageToTheReasonBox()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);

        var page = await TestClient.ParseAsync(await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update("Red", done: "x")));

        Assert.Equal("#Input_Reason", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("#Input_Reason.govuk-textarea--error"));
    }

    [Fact]
    public async Task Contributor_IsForbiddenFromTheUpdateFormOfAnItemTheyDoNotLead()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        var before = await CountsAsync(world);

        var get = await contributor.Http.GetAsync($"/periods/{periodId}/items/{world.OtherActionId}/update");
        var post = await contributor.PostFormAsync(
            $"/periods/{periodId}/items/{world.OtherActionId}/update",
            new Dictionary<string, string>(Update("Blue", reason: "Not mine", done: "Not mine")) { ["Input.Version"] = "1" },
            formPage: $"/periods/{periodId}/items/{world.ActionId}/update");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, await CountsAsync(world));
    }

    [Fact]
    public async Task Viewer_IsForbiddenFromTheUpdateForm()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var viewer = await world.SignInAsync(world.Viewer);

        var get = await viewer.Http.GetAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        var post = await viewer.PostFormAsync($"/periods/{periodId}/items/{world.ActionId}/update", Update(UpdateInput.NoChange, done: "x"), formPage: "/");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.False(await world.QueryAsync(db => db.ItemUpdates.AnyAsync(u => u.ReportingPeriodId == periodId)));
    }

    [Fact]
    public async Task UpdateForm_ForAnItemThatIsNotAnAction_OrNotInThePlan_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        foreach (var itemId in new[] { world.WorkstreamId, world.OutcomeId, world.MilestoneId, other.ActionId, 999999999 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/periods/{periodId}/items/{itemId}/update")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/periods/999999999/items/{world.ActionId}/update")).StatusCode);
    }

    [Fact]
    public async Task Submit_ToAClosedPeriod_GivesAClearMessage_AndChangesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        var (_, openForm) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        var version = openForm.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        await CloseAsync(lead, periodId);
        var before = await CountsAsync(world);

        // The lead had the form open when the period closed, and submits it.
        var response = await contributor.PostFormAsync(
            $"/periods/{periodId}/items/{world.ActionId}/update",
            new Dictionary<string, string>(Update("Red", reason: "Too late", done: "Late news")) { ["Input.Version"] = version },
            formPage: "/");
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["June 2026 is closed, so you cannot submit updates to it. Ask the programme lead to reopen it if something must change."], TestClient.Errors(page));
        Assert.Equal(before, await CountsAsync(world));
        Assert.Equal("Green", await world.QueryAsync(db => db.PlanItems.Where(i => i.Id == world.ActionId).Select(i => i.CurrentRatingValue).SingleAsync()));

        var (status, closedForm) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("June 2026 is closed, so updates can no longer be submitted to it.", Words(closedForm), StringComparison.Ordinal);
        Assert.Null(closedForm.QuerySelector("main form[method=post]"));
    }

    [Fact]
    public async Task Submit_AfterSomeoneElseChangedTheItem_Is409_AndKeepsWhatWasTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        var (_, form) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        var staleVersion = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        await SubmitAsync(lead, $"/items/{world.ActionId}/rating", new() { ["Input.Value"] = "Blue", ["Input.Reason"] = "Done early" });

        var response = await contributor.PostFormAsync(
            $"/periods/{periodId}/items/{world.ActionId}/update",
            new Dictionary<string, string>(Update("Red", reason: "My view", done: "My progress")) { ["Input.Version"] = staleVersion });
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Nothing you entered has been saved", TestClient.Errors(page).Single(), StringComparison.Ordinal);
        Assert.Equal("My progress", page.QuerySelector("#Input_KeyActivitiesCompleted")!.TextContent.Trim());
        Assert.False(await world.QueryAsync(db => db.ItemUpdates.AnyAsync(u => u.ReportingPeriodId == periodId)));
        Assert.Equal(["Green", "Blue"], await world.QueryAsync(db => db.Ratings.Where(r => r.PlanItemId == world.ActionId).OrderBy(r => r.Id).Select(r => r.Value).ToListAsync()));
    }

    /// <summary>
    /// A period is often opened, or its updates sent in, after the date it reports as at (November's round is
    /// collected in early December). The update a lead submits for the period must still be in that period's
    /// reports: the period page counts it as submitted, so the report has to show what was submitted.
    /// </summary>
    [Fact]
    public async Task AnUpdateSubmittedAfterThePeriodsDate_IsDatedAtThePeriodAndInItsReports()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead, "May 2026", "31 5 2026", "24 5 2026");
        using var contributor = await world.SignInAsync(world.Contributor);

        var response = await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update(UpdateInput.NoChange, done: "Two coordinators started", next: "Induction in July"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await CloseAsync(lead, periodId);

        var (_, period) = await lead.GetPageAsync($"/periods/{periodId}");
        Assert.Contains("Updates submitted 1 of 2", Words(period), StringComparison.Ordinal);
        var (_, report) = await lead.GetPageAsync($"/periods/{periodId}/reports/interim");
        var text = Words(report);
        Assert.Contains("1.1a: Two coordinators started", text, StringComparison.Ordinal);
        Assert.Contains("1.1a: Induction in July", text, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 5, 31), await world.QueryAsync(db => db.ProgressNotes.Where(n => n.PlanItemId == world.ActionId).OrderByDescending(n => n.Id).Select(n => n.AsAt).FirstAsync()));
    }
}

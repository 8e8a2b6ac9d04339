using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>Sponsors (and programme leads) acknowledge or send back updates, and set their section's status.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ReviewTests(AppFactory factory)
{

    private static Dictionary<string, string> Review(string decision, string comment = "") => new()
    {
        ["Input.Decision"] = decision,
        ["Input.Comment"] = comment,
    };

    private static Dictionary<string, string> Section(string assessment, string reason, string highlights = "") => new()
    {
        ["Input.Assessment"] = assessment,
        ["Input.Reason"] = reason,
        ["Input.Highlights"] = highlights,
    };

    /// <summary>An open period in which the contributor (Terry Lead) has submitted an update to 1.1a.</summary>
    private async Task<(TestWorld World, int PeriodId, int UpdateId)> SubmittedAsync()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        var response = await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update("Amber", reason: "Two posts vacant", done: "Interviews held"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (world, periodId, (await UpdateAsync(world, periodId, world.ActionId)).Id);
    }

    [Fact]
    public async Task Sponsor_SeesTheUpdateWaiting_AndAcknowledgesIt()
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        var (email, name) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);
        var contributorName = await NameOfAsync(world, world.Contributor);

        var (_, updates) = await sponsor.GetPageAsync("/updates");
        var waiting = updates.QuerySelector($"main a[href='/periods/{periodId}/updates/{updateId}/review']");
        Assert.NotNull(waiting);
        Assert.Equal($"1.1a Recruit coordinators (June 2026, submitted by {contributorName})", Words(waiting.ParentElement!));

        var (status, form) = await sponsor.GetPageAsync($"/periods/{periodId}/updates/{updateId}/review");
        Assert.Equal(HttpStatusCode.OK, status);
        var summary = Words(form.QuerySelector("main .govuk-summary-list")!);
        Assert.Contains("Rating Changed to Amber", summary, StringComparison.Ordinal);
        Assert.Contains("Two posts vacant", summary, StringComparison.Ordinal);
        Assert.Contains("Key activities completed Interviews held", summary, StringComparison.Ordinal);

        var response = await SubmitAsync(sponsor, $"/periods/{periodId}/updates/{updateId}/review", Review("acknowledge"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/periods/{periodId}", response.Headers.Location!.ToString());
        var update = await UpdateAsync(world, periodId, world.ActionId);
        Assert.Equal(UpdateState.Acknowledged, update.State);
        Assert.Equal(name, update.ReviewedByName);
        Assert.Null(update.ReviewComment);
        var (_, period) = await sponsor.GetPageAsync($"/periods/{periodId}");
        Assert.Equal("Update for 1.1a Recruit coordinators acknowledged.", period.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        var row = period.QuerySelectorAll("main table tbody tr").Single(r => r.QuerySelector($"a[href='/items/{world.ActionId}']") is not null);
        Assert.StartsWith("Acknowledged", Words(row.QuerySelector("td:nth-child(4)")!), StringComparison.Ordinal);
        Assert.Null(row.QuerySelector($"a[href='/periods/{periodId}/updates/{updateId}/review']"));
        Assert.Equal(1, await world.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PlanItemId == world.ActionId && a.Action == "Update acknowledged")));

        // The lead sees it acknowledged; updating again for this period is refused with the reason.
        using var contributor = await world.SignInAsync(world.Contributor);
        var (_, mine) = await contributor.GetPageAsync("/updates");
        Assert.Equal("Acknowledged", mine.QuerySelector("main table tbody tr td:nth-child(4) .govuk-tag")!.TextContent.Trim());
        var (_, again) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        Assert.Null(again.QuerySelector("main form[method=post]"));
        var refused = await contributor.PostFormAsync(
            $"/periods/{periodId}/items/{world.ActionId}/update",
            new Dictionary<string, string>(Update(UpdateInput.NoChange, done: "More")) { ["Input.Version"] = (await ItemVersionAsync(world, world.ActionId)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            formPage: "/");
        Assert.Equal([$"{name} has already acknowledged this update. Record any further change on the item's page."], TestClient.Errors(await TestClient.ParseAsync(refused)));
        Assert.Equal(1, await world.QueryAsync(db => db.ProgressNotes.CountAsync(n => n.PlanItemId == world.ActionId)));
    }

    [Fact]
    public async Task Sponsor_SendsTheUpdateBackWithAComment_AndTheLeadSeesItAndSubmitsAgain()
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        var (email, name) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);

        var response = await SubmitAsync(sponsor, $"/periods/{periodId}/updates/{updateId}/review", Review("send-back", "Say when the posts will be filled"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var update = await UpdateAsync(world, periodId, world.ActionId);
        Assert.Equal(UpdateState.Returned, update.State);
        Assert.Equal("Say when the posts will be filled", update.ReviewComment);
        var (_, period) = await sponsor.GetPageAsync($"/periods/{periodId}");
        Assert.StartsWith("Update for 1.1a Recruit coordinators sent back to Contributor", period.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim(), StringComparison.Ordinal);
        var audit = await world.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.PlanItemId == world.ActionId && a.Action == "Update sent back"));
        Assert.Equal("Say when the posts will be filled", audit.Reason);

        using var contributor = await world.SignInAsync(world.Contributor);
        var (_, mine) = await contributor.GetPageAsync("/updates");
        Assert.Equal("Sent back “Say when the posts will be filled”", Words(mine.QuerySelector("main table tbody tr td:nth-child(4)")!));
        var (_, form) = await contributor.GetPageAsync($"/periods/{periodId}/items/{world.ActionId}/update");
        Assert.Equal($"{name} sent this update back: Say when the posts will be filled", Words(form.QuerySelector("main .govuk-inset-text")!));
        Assert.Equal("Interviews held", form.QuerySelector("#Input_KeyActivitiesCompleted")!.TextContent.Trim());

        var again = await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update(UpdateInput.NoChange, done: "Interviews held", next: "Posts filled by September"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        update = await UpdateAsync(world, periodId, world.ActionId);
        Assert.Equal(UpdateState.Submitted, update.State);
        Assert.Null(update.ReviewComment);

        // "No change" the second time keeps the Amber given in the first submission of this round; no second record.
        Assert.Null(update.ConfirmedRatingValue);
        Assert.Equal("Amber", await world.QueryAsync(db => db.Ratings.Where(r => r.Id == update.RatingId).Select(r => r.Value).SingleAsync()));
        Assert.Equal(1, await world.QueryAsync(db => db.Ratings.CountAsync(r => r.PlanItemId == world.ActionId && r.Value == "Amber" && r.Reason == "Two posts vacant")));
    }

    public static TheoryData<Dictionary<string, string>, string[]> InvalidReviews => new()
    {
        { Review("send-back"), ["Enter a comment saying what the lead needs to change"] },
        { Review("send-back", "   "), ["Enter a comment saying what the lead needs to change"] },
        { Review(""), ["Select whether to acknowledge the update or send it back"] },
        { Review("approve", "Looks fine"), ["Select whether to acknowledge the update or send it back"] },
    };

    [Theory]
    [MemberData(nameof(InvalidReviews))]
    public async Task Review_Invalid_ShowsAMessage_AndLeavesTheUpdateSubmitted(Dictionary<string, string> fields, string[] messages)
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        var (email, _) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);

        var response = await SubmitAsync(sponsor, $"/periods/{periodId}/updates/{updateId}/review", fields);
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(messages, TestClient.Errors(page));
        Assert.Equal(fields["Input.Comment"], page.QuerySelector("#Input_Comment")!.TextContent.Trim('\r', '\n'));
        Assert.Equal(UpdateState.Submitted, (await UpdateAsync(world, periodId, world.ActionId)).State);
    }

    [Fact]
    public async Task ProgrammeLead_CannotAcknowledgeTheirOwnUpdate()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        await SubmitUpdateAsync(lead, periodId, world.OtherActionId, Update(UpdateInput.NoChange, done: "Tracker built"));
        var updateId = (await UpdateAsync(world, periodId, world.OtherActionId)).Id;

        var (_, updates) = await lead.GetPageAsync("/updates");
        Assert.Null(updates.QuerySelector($"main a[href='/periods/{periodId}/updates/{updateId}/review']"));
        var (status, page) = await lead.GetPageAsync($"/periods/{periodId}/updates/{updateId}/review");

        // The review page explains instead of offering a form; the service refuses a forged post as well (Core tests).
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You submitted this update, so someone else must review it", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var update = await UpdateAsync(world, periodId, world.OtherActionId);
        Assert.Equal(UpdateState.Submitted, update.State);
        Assert.Null(update.ReviewedByName);
    }

    [Fact]
    public async Task Sponsor_CannotReviewAnUpdateTheySubmittedThemselves()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        var (email, _) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);

        // Olga Other leads 1.1b as well as sponsoring the workstream.
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitUpdateAsync(sponsor, periodId, world.OtherActionId, Update(UpdateInput.NoChange, done: "Tracker built"))).StatusCode);
        var updateId = (await UpdateAsync(world, periodId, world.OtherActionId)).Id;
        var (_, own) = await sponsor.GetPageAsync($"/periods/{periodId}/updates/{updateId}/review");
        var (_, periodPage) = await sponsor.GetPageAsync($"/periods/{periodId}");

        Assert.Null(own.QuerySelector("main form[method=post]"));
        Assert.Null(periodPage.QuerySelector($"main a[href='/periods/{periodId}/updates/{updateId}/review']"));
        Assert.Equal(UpdateState.Submitted, (await UpdateAsync(world, periodId, world.OtherActionId)).State);

        // The programme lead can review it instead.
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/periods/{periodId}/updates/{updateId}/review", Review("acknowledge"))).StatusCode);
        Assert.Equal(UpdateState.Acknowledged, (await UpdateAsync(world, periodId, world.OtherActionId)).State);
    }

    [Fact]
    public async Task Review_OfAnAlreadyAcknowledgedUpdate_SaysWhoAcknowledgedIt()
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var (email, _) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);
        var (_, form) = await sponsor.GetPageAsync($"/periods/{periodId}/updates/{updateId}/review");
        var version = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;
        await SubmitAsync(lead, $"/periods/{periodId}/updates/{updateId}/review", Review("acknowledge"));
        var leadName = await NameOfAsync(world, world.ProgrammeLead);

        var response = await sponsor.PostFormAsync($"/periods/{periodId}/updates/{updateId}/review", new(Review("send-back", "Too late?")) { ["Input.Version"] = version }, formPage: "/");

        Assert.Equal([$"{leadName} has already acknowledged this update."], TestClient.Errors(await TestClient.ParseAsync(response)));
        var update = await UpdateAsync(world, periodId, world.ActionId);
        Assert.Equal(UpdateState.Acknowledged, update.State);
        Assert.Equal(leadName, update.ReviewedByName);
    }

    [Fact]
    public async Task Review_InAClosedPeriod_IsRefusedWithAMessage()
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        await CloseAsync(lead, periodId);

        var (_, page) = await lead.GetPageAsync($"/periods/{periodId}/updates/{updateId}/review");
        Assert.Contains("This update is not waiting for review.", Words(page), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var response = await lead.PostFormAsync($"/periods/{periodId}/updates/{updateId}/review", new(Review("acknowledge")) { ["Input.Version"] = "0" }, formPage: "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["June 2026 is closed, so you cannot review updates in it. Ask the programme lead to reopen it if something must change."], TestClient.Errors(await TestClient.ParseAsync(response)));
        Assert.Equal(UpdateState.Submitted, (await UpdateAsync(world, periodId, world.ActionId)).State);
    }

    [Fact]
    public async Task Viewer_AndAContributorWhoIsNotTheSponsor_AreForbiddenFromReviewing()
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        foreach (var who in new[] { world.Viewer, world.Contributor })
        {
            using var client = await world.SignInAsync(who);

            var get = await client.Http.GetAsync($"/periods/{periodId}/updates/{updateId}/review");
            var post = await client.PostFormAsync($"/periods/{periodId}/updates/{updateId}/review", new(Review("acknowledge")) { ["Input.Version"] = "0" }, formPage: "/");

            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.Equal(UpdateState.Submitted, (await UpdateAsync(world, periodId, world.ActionId)).State);
    }

    [Fact]
    public async Task Review_OfAnUpdateFromAnotherPeriod_IsNotFound()
    {
        var (world, periodId, updateId) = await SubmittedAsync();
        var other = await TestWorld.CreateAsync(factory);
        using var otherLead = await other.SignInAsync(other.ProgrammeLead);
        var otherPeriod = await OpenPeriodAsync(other, otherLead);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/periods/{periodId}/updates/999999999/review")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLead.Http.GetAsync($"/periods/{otherPeriod}/updates/{updateId}/review")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLead.Http.GetAsync($"/periods/{periodId}/updates/{updateId}/review")).StatusCode);
    }

    [Fact]
    public async Task Sponsor_SetsTheSectionStatusWithAReason_AndTheReportsShowIt()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        var (email, name) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);

        var (_, period) = await sponsor.GetPageAsync($"/periods/{periodId}");
        Assert.NotNull(period.QuerySelector($"main a[href='/periods/{periodId}/sections/{world.WorkstreamId}']"));
        var (status, form) = await sponsor.GetPageAsync($"/periods/{periodId}/sections/{world.WorkstreamId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Set the assessment", form.QuerySelector("main h1")!.TextContent.Trim());

        var response = await SubmitAsync(sponsor, $"/periods/{periodId}/sections/{world.WorkstreamId}", Section("Amber", "Recruitment is behind plan", "The advert attracted 40 applicants"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/periods/{periodId}", response.Headers.Location!.ToString());
        var review = await world.QueryAsync(db => db.SectionReviews.AsNoTracking().SingleAsync(r => r.ReportingPeriodId == periodId));
        Assert.Equal((world.WorkstreamId, "Amber", "Recruitment is behind plan", "The advert attracted 40 applicants", name), (review.PlanItemId, review.Assessment, review.Reason, review.Highlights, review.WrittenByName));
        (_, period) = await sponsor.GetPageAsync($"/periods/{periodId}");
        Assert.Equal("Status for Workstream 1: Timeliness saved for June 2026.", period.QuerySelector(".govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.Contains($"Assessment Amber set by {name}: Recruitment is behind plan", Words(period), StringComparison.Ordinal);

        var (_, committee) = await lead.GetPageAsync($"/periods/{periodId}/reports/committee");
        var text = Words(committee);
        Assert.Contains("Highlights The advert attracted 40 applicants", text, StringComparison.Ordinal);
        Assert.Contains($"Assessment Amber Reason Recruitment is behind plan ({name})", text, StringComparison.Ordinal);
        var interim = await DownloadTextAsync(lead, periodId, "interim");
        Assert.Contains($"Recruitment is behind plan ({name})", interim, StringComparison.Ordinal);

        // Closing keeps the status in the frozen reports.
        await CloseAsync(lead, periodId);
        Assert.Contains($"Assessment Amber Reason Recruitment is behind plan ({name})", Words((await lead.GetPageAsync($"/periods/{periodId}/reports/committee")).Page), StringComparison.Ordinal);
        Assert.Contains($"Recruitment is behind plan ({name})", Words((await lead.GetPageAsync($"/periods/{periodId}/reports/progress")).Page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SectionStatus_CanBeChangedLater_AndTheReportShowsTheLatest()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        await SubmitAsync(lead, $"/periods/{periodId}/sections/{world.WorkstreamId}", Section("Amber", "Behind"));

        var (_, form) = await lead.GetPageAsync($"/periods/{periodId}/sections/{world.WorkstreamId}");
        Assert.NotNull(form.QuerySelector("input[name='Input.Assessment'][value='Amber'][checked]"));
        Assert.Equal("Behind", form.QuerySelector("#Input_Reason")!.TextContent.Trim());
        var response = await SubmitAsync(lead, $"/periods/{periodId}/sections/{world.WorkstreamId}", Section("Green", "Caught up after the May recruitment round"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var review = await world.QueryAsync(db => db.SectionReviews.AsNoTracking().SingleAsync(r => r.ReportingPeriodId == periodId));
        Assert.Equal(("Green", 2), (review.Assessment, review.Version));
        var text = Words((await lead.GetPageAsync($"/periods/{periodId}/reports/committee")).Page);
        Assert.Contains("Assessment Green Reason Caught up after the May recruitment round", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Behind (", text, StringComparison.Ordinal);
    }

    public static TheoryData<Dictionary<string, string>, string[]> InvalidSections => new()
    {
        { Section("Amber", ""), ["Enter the reason for the assessment"] },
        { Section("Amber", "  "), ["Enter the reason for the assessment"] },
        { Section("", "Behind"), ["Select the assessment"] },
        { Section("Purple", ""), ["Select the assessment", "Enter the reason for the assessment"] },
    };

    [Theory]
    [MemberData(nameof(InvalidSections))]
    public async Task SectionStatus_Invalid_ShowsMessages_KeepsWhatWasTyped_AndSavesNothing(Dictionary<string, string> fields, string[] messages)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        var (email, _) = await SponsorAsync(world);
        using var sponsor = await world.SignInAsync(email);

        var response = await SubmitAsync(sponsor, $"/periods/{periodId}/sections/{world.WorkstreamId}", new(fields) { ["Input.Highlights"] = "Kept highlights" });
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(messages, TestClient.Errors(page));
        Assert.Equal("Kept highlights", page.QuerySelector("#Input_Highlights")!.TextContent.Trim());
        Assert.False(await world.QueryAsync(db => db.SectionReviews.AnyAsync(r => r.ReportingPeriodId == periodId)));
    }

    [Fact]
    public async Task SectionStatus_IsForbiddenToTheViewer_AndToAContributorWhoDoesNotSponsorIt()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        foreach (var who in new[] { world.Viewer, world.Contributor })
        {
            using var client = await world.SignInAsync(who);
            var get = await client.Http.GetAsync($"/periods/{periodId}/sections/{world.WorkstreamId}");
            var post = await client.PostFormAsync($"/periods/{periodId}/sections/{world.WorkstreamId}", Section("Red", "Mine to judge?"), formPage: "/");

            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.False(await world.QueryAsync(db => db.SectionReviews.AnyAsync(r => r.ReportingPeriodId == periodId)));
    }

    [Fact]
    public async Task SectionStatus_ForAnItemThatIsNotASection_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        foreach (var itemId in new[] { world.OutcomeId, world.ActionId, 999999999 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/periods/{periodId}/sections/{itemId}")).StatusCode);
        }
    }

    [Fact]
    public async Task SectionStatus_InAClosedPeriod_IsRefusedWithAMessage()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        await CloseAsync(lead, periodId);

        var (_, page) = await lead.GetPageAsync($"/periods/{periodId}/sections/{world.WorkstreamId}");
        Assert.Contains("June 2026 is closed, so its statuses can no longer change.", Words(page), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var response = await lead.PostFormAsync($"/periods/{periodId}/sections/{world.WorkstreamId}", new(Section("Red", "Late")) { ["Input.Version"] = "0" }, formPage: "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["June 2026 is closed, so you cannot review sections in it. Ask the programme lead to reopen it if something must change."], TestClient.Errors(await TestClient.ParseAsync(response)));
        Assert.False(await world.QueryAsync(db => db.SectionReviews.AnyAsync(r => r.ReportingPeriodId == periodId)));
    }
}

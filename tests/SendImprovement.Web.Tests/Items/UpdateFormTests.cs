using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Items;

/// <summary>Recording a rating, revising a deadline and adding a progress note: the updates leads make.</summary>
[Collection(WebTestGroup.Name)]
public sealed class UpdateFormTests(AppFactory factory)
{
    private static Dictionary<string, string> Rating(string value, string reason, int version, string day = "1", string month = "6", string year = "2026", bool tentative = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Value"] = value,
            ["Input.AppliesFrom.Day"] = day,
            ["Input.AppliesFrom.Month"] = month,
            ["Input.AppliesFrom.Year"] = year,
            ["Input.Reason"] = reason,
            ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (tentative)
        {
            fields["Input.IsTentative"] = "true";
        }

        return fields;
    }

    [Fact]
    public async Task RecordRating_SavesARecord_RedirectsToTheItem_AndShowsSuccess()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/items/{world.ActionId}/rating", Rating("Amber", "Two posts still vacant", 1, tentative: true));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/items/{world.ActionId}", response.Headers.Location!.ToString());
        var ratings = await world.QueryAsync(db => db.Ratings.Where(r => r.PlanItemId == world.ActionId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(["Green", "Amber"], ratings.Select(r => r.Value));
        Assert.True(ratings[1].IsTentative);
        Assert.Equal(new DateOnly(2026, 6, 1), ratings[1].AppliesFrom);
        Assert.Equal("Two posts still vacant", ratings[1].Reason);
        var (_, page) = await client.GetPageAsync($"/items/{world.ActionId}");
        Assert.Contains("BRAG rating recorded: Amber (tentative).", page.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordRating_BackDated_SaysItJoinedTheHistoryWithoutBecomingCurrent()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        await client.PostFormAsync($"/items/{world.ActionId}/rating", Rating("Red", "Looking back, it was red in April", 1, day: "10", month: "4"));
        var (_, page) = await client.GetPageAsync($"/items/{world.ActionId}");

        Assert.Contains("before the current rating (Green from 1 May 2026), so it is in the history and Green stays current", page.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Green", await world.QueryAsync(db => db.PlanItems.Where(i => i.Id == world.ActionId).Select(i => i.CurrentRatingValue).SingleAsync()));
    }

    [Fact]
    public async Task RecordRating_ForALevelThatIsNotRated_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/items/{world.WorkstreamId}/rating")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/items/{world.OutcomeId}/deadline")).StatusCode);
    }

    [Fact]
    public async Task RecordRating_Form_PrefillsTodayAndTheCurrentRating()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await client.GetPageAsync($"/items/{world.ActionId}/rating");

        Assert.NotNull(page.QuerySelector("input[name='Input.Value'][value='Green'][checked]"));
        Assert.Equal("15", page.QuerySelector("#Input_AppliesFrom-day")!.GetAttribute("value"));
        Assert.Equal("2026", page.QuerySelector("#Input_AppliesFrom-year")!.GetAttribute("value"));
        Assert.Contains("Blue", page.QuerySelector("fieldset")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Complete", page.QuerySelector("fieldset")!.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<Dictionary<string, string>, string[]> InvalidRatings => new()
    {
        { Rating("", "why", 1), ["Select the BRAG rating"] },
        { Rating("Green", "", 1), ["Enter why you are giving this rating"] },
        { Rating("Green", "why", 1, day: "", month: "", year: ""), ["Enter the date the rating applies from"] },
        { Rating("Green", "why", 1, month: ""), ["The date the rating applies from must include a month"] },
        { Rating("Green", "why", 1, day: "31", month: "2"), ["The date the rating applies from must be a real date"] },
        { Rating("Green", "why", 1, day: "x"), ["The date the rating applies from must be a real date, written in numbers, for example 27 3 2026"] },
        { Rating("Green", "why", 1, day: "16"), ["The date the rating applies from must be today or in the past"] },
        { Rating("Mauve", "", 1), ["Select the BRAG rating", "Enter why you are giving this rating"] },
    };

    [Theory]
    [MemberData(nameof(InvalidRatings))]
    public async Task RecordRating_Invalid_ShowsSpecificMessages_KeepsInput_AndSavesNothing(Dictionary<string, string> fields, string[] messages)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync($"/items/{world.ActionId}/rating", fields);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(messages, TestClient.Errors(page));
        Assert.Equal(fields["Input.Reason"], page.QuerySelector("#Input_Reason")!.TextContent.Trim());
        Assert.Equal(fields["Input.AppliesFrom.Day"], page.QuerySelector("#Input_AppliesFrom-day")!.GetAttribute("value"));
        Assert.Equal(1, await world.QueryAsync(db => db.Ratings.CountAsync(r => r.PlanItemId == world.ActionId)));
    }

    [Fact]
    public async Task RecordRating_StaleVersion_Returns409WithWhoChangedIt_AndKeepsTheReason()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        using var contributor = await world.SignInAsync(world.Contributor);
        await lead.PostFormAsync($"/items/{world.ActionId}/rating", Rating("Blue", "Done", 1));

        var (status, page) = await contributor.PostAndReadAsync($"/items/{world.ActionId}/rating", Rating("Red", "My view differs", 1));

        Assert.Equal(HttpStatusCode.Conflict, status);
        var message = TestClient.Errors(page).Single();
        Assert.Contains("Programme lead", message, StringComparison.Ordinal);
        Assert.Contains("Nothing you entered has been saved", message, StringComparison.Ordinal);
        Assert.Equal("My view differs", page.QuerySelector("#Input_Reason")!.TextContent.Trim());
        Assert.Contains("Blue", page.QuerySelector("main p")!.TextContent, StringComparison.Ordinal);

        // Submitting again, having seen the change, is accepted.
        var again = await contributor.Http.PostAsync($"/items/{world.ActionId}/rating", new FormUrlEncodedContent(
            Rating("Red", "My view differs", int.Parse(page.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture))
                .Append(new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(["Green", "Blue", "Red"], await world.QueryAsync(db => db.Ratings.Where(r => r.PlanItemId == world.ActionId).OrderBy(r => r.Id).Select(r => r.Value).ToListAsync()));
    }

    [Fact]
    public async Task Contributor_CanUpdateTheActionTheyLead_AndItsMilestone()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Contributor);

        var action = await client.PostFormAsync($"/items/{world.ActionId}/rating", Rating("Amber", "Mine", 1));
        var milestone = await client.PostFormAsync($"/items/{world.MilestoneId}/rating", Rating("Amber", "Beneath mine", 1));

        Assert.Equal(HttpStatusCode.Redirect, action.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, milestone.StatusCode);
    }

    [Theory]
    [InlineData("rating")]
    [InlineData("deadline")]
    [InlineData("notes/new")]
    public async Task Contributor_IsForbiddenFromItemsTheyDoNotLead(string form)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Contributor);

        var get = await client.Http.GetAsync($"/items/{world.OtherActionId}/{form}");
        var post = await client.PostFormAsync($"/items/{world.OtherActionId}/{form}", Rating("Blue", "Not mine", 1), formPage: $"/items/{world.ActionId}/{form}");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(1, await world.QueryAsync(db => db.Ratings.CountAsync(r => r.PlanItemId == world.OtherActionId)));
    }

    [Theory]
    [InlineData("rating")]
    [InlineData("deadline")]
    [InlineData("notes/new")]
    [InlineData("edit")]
    [InlineData("links/new")]
    public async Task Viewer_IsForbiddenFromEveryItemForm(string form)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var get = await client.Http.GetAsync($"/items/{world.ActionId}/{form}");
        var post = await client.PostFormAsync($"/items/{world.ActionId}/{form}", Rating("Blue", "x", 1), formPage: "/");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("links/new")]
    public async Task Contributor_IsForbiddenFromStructureForms_EvenOnWhatTheyLead(string form)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Contributor);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/items/{world.ActionId}/{form}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync($"/items/{world.ActionId}/{form}", new() { ["Input.Title"] = "x" }, formPage: "/")).StatusCode);
    }

    [Fact]
    public async Task ReviseDeadline_RecordsTheOldAndNewDate()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Contributor);

        var response = await client.PostFormAsync($"/items/{world.MilestoneId}/deadline", new()
        {
            ["Input.Deadline"] = "Spring Term 2027",
            ["Input.RevisedOn.Day"] = "10",
            ["Input.RevisedOn.Month"] = "6",
            ["Input.RevisedOn.Year"] = "2026",
            ["Input.Reason"] = "Funding decision moved",
            ["Input.Version"] = "1",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var revision = await world.QueryAsync(db => db.DeadlineRevisions.SingleAsync(r => r.PlanItemId == world.MilestoneId));
        Assert.Equal("Nov 2025", revision.Previous.Text);
        Assert.Equal("Spring Term 2027", revision.New.Text);
        Assert.Equal(new DateOnly(2027, 3, 31), revision.New.DueBy);
        var (_, page) = await client.GetPageAsync($"/items/{world.MilestoneId}");
        Assert.Contains("Deadline revised to Spring Term 2027 (from Nov 2025).", page.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviseDeadline_UnreadableDate_SaysWhichFormsAreAccepted_AndKeepsWhatWasTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync($"/items/{world.MilestoneId}/deadline", new()
        {
            ["Input.Deadline"] = "after the election",
            ["Input.RevisedOn.Day"] = "10",
            ["Input.RevisedOn.Month"] = "6",
            ["Input.RevisedOn.Year"] = "2026",
            ["Input.Reason"] = "",
            ["Input.Version"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var errors = TestClient.Errors(page);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("New deadline: We could not read “after the election” as a date. Enter it in a form such as 30/09/2026, Sept 2026, Spring Term 2027", errors[0], StringComparison.Ordinal);
        Assert.Equal("Enter why the deadline is changing", errors[1]);
        Assert.Equal("after the election", page.QuerySelector("#Input_Deadline")!.GetAttribute("value"));
        Assert.Contains("govuk-input--error", page.QuerySelector("#Input_Deadline")!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNote_SavesTheParts_AndEvidence()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Contributor);

        var response = await client.PostFormAsync($"/items/{world.ActionId}/notes/new", new()
        {
            ["Input.AsAt.Day"] = "14",
            ["Input.AsAt.Month"] = "6",
            ["Input.AsAt.Year"] = "2026",
            ["Input.KeyActivitiesCompleted"] = "Interviews held",
            ["Input.NextSteps"] = "Start dates agreed",
            ["Input.ProgressAndImpact"] = "",
            ["Input.Evidence[0].Title"] = "Job advert",
            ["Input.Evidence[0].Url"] = "https://jobs.example.gov.uk/123",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var note = await world.QueryAsync(db => db.ProgressNotes.Include(n => n.EvidenceLinks).SingleAsync(n => n.PlanItemId == world.ActionId));
        Assert.Equal("Interviews held", note.KeyActivitiesCompleted);
        Assert.Equal("Start dates agreed", note.NextSteps);
        Assert.Null(note.ProgressAndImpact);
        Assert.Equal("Job advert", Assert.Single(note.EvidenceLinks).Title);
        Assert.StartsWith("Contributor", note.WrittenByName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNote_EmptyOrBadLink_IsRefusedWithMessages()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync($"/items/{world.ActionId}/notes/new", new()
        {
            ["Input.AsAt.Day"] = "14",
            ["Input.AsAt.Month"] = "6",
            ["Input.AsAt.Year"] = "2026",
            ["Input.Evidence[0].Title"] = "",
            ["Input.Evidence[0].Url"] = "",
            ["Input.Evidence[1].Title"] = "Paper",
            ["Input.Evidence[1].Url"] = "javascript:alert(1)",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            ["Enter at least one of key activities completed, next steps, or progress and impact", "Enter a web address that starts with https:// or http://, such as https://www.example.gov.uk/report"],
            TestClient.Errors(page));
        Assert.NotNull(page.QuerySelector("a[href='#Input_Evidence_1__Url']"));
        Assert.Equal("javascript:alert(1)", page.QuerySelector("#Input_Evidence_1__Url")!.GetAttribute("value"));
        Assert.False(await world.QueryAsync(db => db.ProgressNotes.AnyAsync(n => n.PlanItemId == world.ActionId)));
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsABadRequest_NotAnError()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.Http.PostAsync($"/items/{world.ActionId}/rating", new FormUrlEncodedContent(Rating("Blue", "x", 1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("There was a problem with your request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.Version", "not-a-number")]
    [InlineData("Input.Version", "99999999999999999999")]
    [InlineData("Input.Resource", "Everything")]
    public async Task Post_MalformedValues_NeverGiveA500(string field, string value)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);
        var fields = Rating("Blue", "x", 1);
        fields[field] = value;

        var response = await client.PostFormAsync($"/items/{world.ActionId}/rating", fields);

        Assert.True((int)response.StatusCode < 500, $"Status {(int)response.StatusCode}");
    }
}

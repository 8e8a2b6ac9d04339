using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Api;

[Collection(WebTestGroup.Name)]
public sealed class PlansApiTests(AppFactory factory)
{
    private async Task<HttpClient> ApiClientAsync(TestWorld world, string email)
    {
        using var scope = factory.Services.CreateScope();
        var userId = await world.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Email == email).Id));
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(Actor.System("Test"), userId, "Test");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return client;
    }

    [Fact]
    public async Task GetPlans_ListsOnlyTheTokenOwnersPartnership()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var api = await ApiClientAsync(world, world.Viewer);

        var plans = JsonDocument.Parse(await api.GetStringAsync("/api/plans")).RootElement;

        var plan = Assert.Single(plans.EnumerateArray());
        Assert.Equal(world.PlanId, plan.GetProperty("id").GetInt32());
        Assert.Equal("inspection", plan.GetProperty("kind").GetString());
        Assert.Equal(1, plan.GetProperty("currentRatings").GetProperty("Amber").GetInt32());
        Assert.NotEqual(other.PlanId, plan.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task GetPlan_ReturnsTheWholeTreeWithHistory()
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var updates = scope.ServiceProvider.GetRequiredService<ItemUpdateService>();
            await updates.ReviseDeadlineAsync(Actor.System("Set-up"), world.MilestoneId, 1, new NewDeadline("Jan 2027", new DateOnly(2026, 6, 1), "Moved"));
            await updates.AddProgressNoteAsync(Actor.System("Set-up"), world.MilestoneId, new NewProgressNote(new DateOnly(2026, 6, 1), "Done a thing", null, null, []));
        }

        using var api = await ApiClientAsync(world, world.Viewer);

        var response = await api.GetAsync($"/api/plans/{world.PlanId}");
        var plan = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var workstream = plan.GetProperty("items")[0];
        Assert.Equal("Workstream", workstream.GetProperty("level").GetString());
        Assert.Equal("Plans are late.", workstream.GetProperty("fields").GetProperty("weakness").GetString());
        var action = workstream.GetProperty("children")[0].GetProperty("children")[0];
        Assert.Equal("1.1a", action.GetProperty("ref").GetString());
        Assert.Equal("Terry Lead", action.GetProperty("leads")[0].GetProperty("name").GetString());
        Assert.Equal("Green", action.GetProperty("currentRating").GetProperty("value").GetString());
        Assert.True(action.GetProperty("overdue").GetBoolean());
        Assert.EndsWith("Z", action.GetProperty("currentRating").GetProperty("recordedAtUtc").GetString(), StringComparison.Ordinal);
        var milestone = action.GetProperty("children")[0];
        Assert.Equal("Jan 2027", milestone.GetProperty("deadline").GetProperty("text").GetString());
        Assert.Equal("2027-01-31", milestone.GetProperty("deadline").GetProperty("dueBy").GetString());
        Assert.Equal("Nov 2025", milestone.GetProperty("deadlineRevisions")[0].GetProperty("previous").GetProperty("text").GetString());
        Assert.Equal("Red", milestone.GetProperty("ratings")[0].GetProperty("value").GetString());
        Assert.Equal("Done a thing", milestone.GetProperty("progressNotes")[0].GetProperty("keyActivitiesCompleted").GetString());
        var other = workstream.GetProperty("children")[0].GetProperty("children")[1];
        Assert.Equal("JD", other.GetProperty("leads")[1].GetProperty("asWritten").GetString());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("leads")[1].GetProperty("personId").ValueKind);
    }

    [Fact]
    public async Task GetPlan_Since_CarriesOnlyTheHistoryRecordedFromThen()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var api = await ApiClientAsync(world, world.Viewer);

        // The test clock stands still and every test in the group shares it: move it on so the world's own history
        // was recorded before the read, and put it back afterwards (the report tests print the time).
        var start = factory.Clock.GetUtcNow();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        try
        {
            var whole = JsonDocument.Parse(await api.GetStringAsync($"/api/plans/{world.PlanId}")).RootElement;
            Assert.Equal(JsonValueKind.Null, whole.GetProperty("historySince").ValueKind);
            var generated = whole.GetProperty("generatedAtUtc").GetString()!;
            using (var scope = factory.Services.CreateScope())
            {
                var updates = scope.ServiceProvider.GetRequiredService<ItemUpdateService>();
                await updates.RecordRatingAsync(Actor.System("Set-up"), world.MilestoneId, 1, new NewRating("Amber", false, new DateOnly(2026, 4, 1), "Backdated, recorded now"));
                await updates.AddProgressNoteAsync(Actor.System("Set-up"), world.MilestoneId, new NewProgressNote(new DateOnly(2026, 6, 1), "Since then", null, null, []));
            }

            var since = JsonDocument.Parse(await api.GetStringAsync($"/api/plans/{world.PlanId}?since={Uri.EscapeDataString(generated)}")).RootElement;

            Assert.Equal(DateTime.Parse(generated, System.Globalization.CultureInfo.InvariantCulture), since.GetProperty("historySince").GetDateTime());
            var action = since.GetProperty("items")[0].GetProperty("children")[0].GetProperty("children")[0];
            Assert.Equal(0, action.GetProperty("ratings").GetArrayLength());
            Assert.Equal("Green", action.GetProperty("currentRating").GetProperty("value").GetString());
            var milestone = action.GetProperty("children")[0];
            var rating = Assert.Single(milestone.GetProperty("ratings").EnumerateArray());
            Assert.Equal("Backdated, recorded now", rating.GetProperty("reason").GetString());
            Assert.True(rating.GetProperty("id").GetInt32() > 0);

            // The current rating is the latest by date applied, whatever was recorded since: the world's Red of 1 May 2026.
            Assert.Equal("Red", milestone.GetProperty("currentRating").GetProperty("value").GetString());
            Assert.Equal("Since then", Assert.Single(milestone.GetProperty("progressNotes").EnumerateArray()).GetProperty("keyActivitiesCompleted").GetString());
            Assert.Equal(0, milestone.GetProperty("deadlineRevisions").GetArrayLength());

            // A date means from midnight in London: British Summer Time starts the day an hour before midnight UTC.
            var fromDate = JsonDocument.Parse(await api.GetStringAsync($"/api/plans/{world.PlanId}?since=2026-06-01")).RootElement;
            Assert.Equal(new DateTime(2026, 5, 31, 23, 0, 0, DateTimeKind.Utc), fromDate.GetProperty("historySince").GetDateTime());
        }
        finally
        {
            factory.Clock.AdjustTime(start);
        }
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("01/06/2026")]
    [InlineData("2026-13-01")]
    [InlineData("2026-06-01T25:00Z")]
    [InlineData("")]
    public async Task GetPlan_SinceThatIsNotADateOrTime_IsABadRequestSayingWhatToSend(string since)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var api = await ApiClientAsync(world, world.Viewer);

        var response = await api.GetAsync($"/api/plans/{world.PlanId}?since={Uri.EscapeDataString(since)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("since must be a date like 2026-11-01", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPlan_OfAnotherPartnership_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var api = await ApiClientAsync(world, world.ProgrammeLead);

        var response = await api.GetAsync($"/api/plans/{other.PlanId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("Testshire WSoA", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer si_not-a-real-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer si_\u00e9\u00e9\u00e9")]
    public async Task Api_WithoutAValidToken_Is401(string? header)
    {
        using var api = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (header is not null)
        {
            api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        }

        var response = await api.GetAsync("/api/plans/1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/plans/abc")]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("POST", "/api/plans")]
    public async Task Api_UnknownAddresses_AnswerAsTheApi_NotWithTheSignInPage(string method, string url)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var api = await ApiClientAsync(world, world.Viewer);

        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Api_DoesNotAcceptTheSignInCookie()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/plans")).StatusCode);
    }

    [Fact]
    public async Task Health_AnswersWithoutSignIn()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Items;

[Collection(WebTestGroup.Name)]
public sealed class ItemPageTests(AppFactory factory)
{
    [Fact]
    public async Task Get_ShowsDetailsAndTheDatedHistoryOfRatingsRevisionsAndNotes()
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var updates = scope.ServiceProvider.GetRequiredService<ItemUpdateService>();
            var admin = Actor.System("Set-up");
            await updates.RecordRatingAsync(admin, world.MilestoneId, 1, new NewRating("Amber", true, new DateOnly(2026, 6, 1), "Funding partly agreed"));
            await updates.ReviseDeadlineAsync(admin, world.MilestoneId, 2, new NewDeadline("Spring Term 2026", new DateOnly(2026, 6, 2), "Budget cycle"));
            await updates.ReviseDeadlineAsync(admin, world.MilestoneId, 3, new NewDeadline("Sept 26", new DateOnly(2026, 6, 3), "Cabinet date moved"));
            await updates.AddProgressNoteAsync(admin, world.MilestoneId, new NewProgressNote(new DateOnly(2026, 6, 10), "Paper to cabinet", "Decision in July", null, [new EvidenceInput("Cabinet paper", "https://example.gov.uk/cabinet")]));
        }

        using var client = await world.SignInAsync(world.Viewer);
        var (status, page) = await client.GetPageAsync($"/items/{world.MilestoneId}");
        var text = TestClient.Text(page);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Agree funding", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Sept 26 (read as: September 2026)", text, StringComparison.Ordinal);
        Assert.Contains("(revised from Spring Term 2026, then from Nov 2025)", text, StringComparison.Ordinal);

        var ratings = page.QuerySelectorAll("#ratings + .moj-timeline .moj-timeline__title").Select(t => string.Join(' ', t.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["Amber? (tentative) from 1 June 2026", "Red from 1 May 2026"], ratings);

        var revisions = page.QuerySelectorAll("#revisions + table tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["3 June 2026", "Spring Term 2026", "Sept 26", "Cabinet date moved"], revisions[0].Take(4));
        Assert.Equal(["2 June 2026", "Nov 2025", "Spring Term 2026", "Budget cycle"], revisions[1].Take(4));

        Assert.Contains("Progress as at 10 June 2026", text, StringComparison.Ordinal);
        Assert.Equal("https://example.gov.uk/cabinet", page.QuerySelector("#notes + .moj-timeline a")!.GetAttribute("href"));
        Assert.Contains("Rating recorded", page.QuerySelector("#audit + details")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ShowsLeadsAndSponsorsWithUnmappedInitials()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var other = TestClient.Text((await client.GetPageAsync($"/items/{world.OtherActionId}")).Page);
        var workstream = TestClient.Text((await client.GetPageAsync($"/items/{world.WorkstreamId}")).Page);

        Assert.Contains("Olga Other, Designated Clinical Officer", other, StringComparison.Ordinal);
        Assert.Contains("JD (unassigned: initials not yet matched to a person)", other, StringComparison.Ordinal);
        Assert.Contains("Senior accountable sponsor Olga Other, Designated Clinical Officer", workstream, StringComparison.Ordinal);
        Assert.Contains("What the inspectors said Plans are late.", workstream, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UserTextIsEncoded()
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ItemUpdateService>().AddProgressNoteAsync(
                Actor.System("Set-up"), world.ActionId, new NewProgressNote(new DateOnly(2026, 6, 1), "<script>alert('x')</script><b>bold</b>", null, null, []));
        }

        using var client = await world.SignInAsync(world.Viewer);
        var response = await client.Http.GetAsync($"/items/{world.ActionId}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ShowsLinksFromBothEnds()
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlanService>().AddLinkAsync(Actor.System("Set-up"), world.OtherActionId, world.ActionId, "Depends on it");
        }

        using var client = await world.SignInAsync(world.Viewer);

        Assert.Contains("Links to Testshire WSoA: 1.1a Recruit coordinators", TestClient.Text((await client.GetPageAsync($"/items/{world.OtherActionId}")).Page), StringComparison.Ordinal);
        Assert.Contains("Linked from Testshire WSoA: 1.1b Weekly tracker", TestClient.Text((await client.GetPageAsync($"/items/{world.ActionId}")).Page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UpdateButtons_FollowWhatTheUserMayDo()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var contributor = await world.SignInAsync(world.Contributor);
        using var viewer = await world.SignInAsync(world.Viewer);

        Assert.NotNull((await contributor.GetPageAsync($"/items/{world.ActionId}")).Page.QuerySelector($"a[href='/items/{world.ActionId}/rating']"));
        Assert.Null((await contributor.GetPageAsync($"/items/{world.OtherActionId}")).Page.QuerySelector($"a[href='/items/{world.OtherActionId}/rating']"));
        Assert.Null((await contributor.GetPageAsync($"/items/{world.ActionId}")).Page.QuerySelector($"a[href='/items/{world.ActionId}/edit']"));
        Assert.Null((await viewer.GetPageAsync($"/items/{world.ActionId}")).Page.QuerySelector($"a[href='/items/{world.ActionId}/rating']"));
    }

    [Fact]
    public async Task Get_OtherPartnershipsItem_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        foreach (var url in new[] { $"/items/{other.ActionId}", $"/items/{other.ActionId}/rating", $"/items/{other.ActionId}/edit", $"/items/{other.ActionId}/history/ratings", "/items/0", "/items/2147483647" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetPageAsync(url)).Status);
        }
    }

    [Fact]
    public async Task Get_LongHistory_ShowsTheLatestAndLinksToTheWholeOfIt()
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var updates = scope.ServiceProvider.GetRequiredService<ItemUpdateService>();
            var admin = Actor.System("Set-up");
            var version = 1;
            for (var month = 1; month <= 54; month++)
            {
                var day = new DateOnly(2021, 1, 1).AddMonths(month);
                await updates.RecordRatingAsync(admin, world.MilestoneId, version++, new NewRating(month % 2 == 0 ? "Green" : "Amber", false, day, $"Review {month}"));
            }

            for (var week = 1; week <= 6; week++)
            {
                await updates.AddProgressNoteAsync(admin, world.MilestoneId, new NewProgressNote(new DateOnly(2026, 1, 1).AddDays(7 * week), $"Week {week} done", null, null, []));
            }
        }

        using var client = await world.SignInAsync(world.Viewer);
        var (_, page) = await client.GetPageAsync($"/items/{world.MilestoneId}");

        // The world's own rating (1 May 2026) is the newest; then the 54 above, newest first.
        var ratings = page.QuerySelectorAll("#ratings + .moj-timeline .moj-timeline__item").ToList();
        Assert.Equal(10, ratings.Count);
        Assert.Contains("Review 54", ratings[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Review 46", ratings[9].TextContent, StringComparison.Ordinal);
        var more = page.QuerySelector($"a[href='/items/{world.MilestoneId}/history/ratings']")!;
        Assert.Equal("See all 55 ratings", more.TextContent.Trim());
        Assert.Contains("These are the latest 10 of 55 ratings.", TestClient.Text(page), StringComparison.Ordinal);
        Assert.Equal(5, page.QuerySelectorAll("#notes + .moj-timeline .moj-timeline__item").Length);
        Assert.Equal("See all 6 progress notes", page.QuerySelector($"a[href='/items/{world.MilestoneId}/history/notes']")!.TextContent.Trim());
        Assert.Null(page.QuerySelector($"a[href='/items/{world.MilestoneId}/history/revisions']"));

        var (status, first) = await client.GetPageAsync($"/items/{world.MilestoneId}/history/ratings");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(50, first.QuerySelectorAll(".moj-timeline__item").Length);
        Assert.Contains("55 ratings, newest first. This page shows 1 to 50.", TestClient.Text(first), StringComparison.Ordinal);
        Assert.Equal($"/items/{world.MilestoneId}/history/ratings?page=2", first.QuerySelector("nav.govuk-pagination a[rel=next]")!.GetAttribute("href"));

        var (_, second) = await client.GetPageAsync($"/items/{world.MilestoneId}/history/ratings?page=2");
        var rest = second.QuerySelectorAll(".moj-timeline__item").Select(i => i.TextContent).ToList();
        Assert.Equal(5, rest.Count);
        Assert.Contains("Review 1", rest[^1], StringComparison.Ordinal);
        Assert.Contains("This page shows 51 to 55.", TestClient.Text(second), StringComparison.Ordinal);

        // A page past the end (the link is older than a change) shows the last page; a page that is not a number, the first.
        Assert.Equal(5, (await client.GetPageAsync($"/items/{world.MilestoneId}/history/ratings?page=99")).Page.QuerySelectorAll(".moj-timeline__item").Length);
        Assert.Equal(50, (await client.GetPageAsync($"/items/{world.MilestoneId}/history/ratings?page=abc")).Page.QuerySelectorAll(".moj-timeline__item").Length);

        var (_, notes) = await client.GetPageAsync($"/items/{world.MilestoneId}/history/notes");
        Assert.Equal(6, notes.QuerySelectorAll(".moj-timeline__item").Length);
        Assert.Null(notes.QuerySelector("nav.govuk-pagination"));
        var (_, changes) = await client.GetPageAsync($"/items/{world.MilestoneId}/history/changes");
        Assert.Contains("Rating recorded", TestClient.Text(changes), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetPageAsync($"/items/{world.MilestoneId}/history/everything")).Status);
    }
}

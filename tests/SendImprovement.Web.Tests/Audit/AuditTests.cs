using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Audit;

[Collection(WebTestGroup.Name)]
public sealed class AuditTests(AppFactory factory)
{
    [Fact]
    public async Task Administrator_SeesAndFiltersTheLog()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Administrator);

        var (status, page) = await client.GetPageAsync($"/audit?partnership={world.PartnershipId}&action=rating");

        Assert.Equal(HttpStatusCode.OK, status);
        var titles = page.QuerySelectorAll(".govuk-summary-card__title").Select(t => t.TextContent.Trim()).Distinct().ToList();
        Assert.Equal(["Rating recorded"], titles);
        Assert.Contains("3 changes", page.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()));

        // Each card's count is of the rows its table shows (ids and record times are left out of the table).
        foreach (var details in page.QuerySelectorAll(".govuk-summary-card details"))
        {
            var rows = details.QuerySelectorAll("tbody tr").Length;
            Assert.Equal($"Values changed ({rows})", details.QuerySelector("summary")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task OlderChanges_AreOnTheNextPage()
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var updates = scope.ServiceProvider.GetRequiredService<ItemUpdateService>();
            for (var version = 1; version <= 50; version++)
            {
                await updates.RecordRatingAsync(Actor.System("Set-up"), world.MilestoneId, version, new NewRating("Amber", false, new DateOnly(2026, 6, 1), $"Review {version}"));
            }
        }

        using var client = await world.SignInAsync(world.Administrator);

        var (_, first) = await client.GetPageAsync($"/audit?partnership={world.PartnershipId}");
        var next = first.QuerySelector("nav.govuk-pagination a[rel=next]")!.GetAttribute("href")!;
        var (_, second) = await client.GetPageAsync(next);

        static List<string> Entries(AngleSharp.Dom.IDocument page) => [.. page.QuerySelectorAll(".govuk-summary-card").Select(c => c.TextContent)];
        Assert.Equal(50, Entries(first).Count);
        Assert.NotEmpty(Entries(second));
        Assert.Empty(Entries(second).Intersect(Entries(first)));
        Assert.NotNull(second.QuerySelector("nav.govuk-pagination a[rel=prev]"));
    }

    [Fact]
    public async Task BadDates_AreIgnoredWithAWarning()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Administrator);

        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/audit?page=2147483647")).Status);
        var (status, page) = await client.GetPageAsync("/audit?from=yesterday&page=-5");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("was not used", page.QuerySelector(".govuk-warning-text")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAdministrators_MaySeeTheLog()
    {
        var world = await TestWorld.CreateAsync(factory);
        foreach (var who in new[] { world.ProgrammeLead, world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            var response = await client.Http.GetAsync("/audit");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

            // A programme lead is not told to ask their programme lead.
            var advice = (await TestClient.ParseAsync(response)).QuerySelector("main")!.TextContent;
            Assert.Equal(who != world.ProgrammeLead, advice.Contains("ask your programme lead", StringComparison.Ordinal));
            Assert.Contains("an administrator", advice, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheLogHasNoWayToChangeEntries()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Administrator);

        var (_, page) = await client.GetPageAsync("/audit");

        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.PostAsync("/audit", new FormUrlEncodedContent([]))).StatusCode);
    }
}

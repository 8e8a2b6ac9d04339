using System.Net;
using AngleSharp.Dom;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Plans;

[Collection(WebTestGroup.Name)]
public sealed class PlanPageTests(AppFactory factory)
{
    private static List<string> RowTitles(IDocument page) =>
        page.QuerySelectorAll("table.app-table--plan tbody tr .app-cell--title a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Get_ShowsTheTree_WithRefLeadDeadlineRatingAndOverdue()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (status, page) = await client.GetPageAsync($"/plans/{world.PlanId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Testshire WSoA", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Workstream 1: Timeliness", page.QuerySelector("main h3")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Recruit coordinators", "Agree funding", "Weekly tracker"], RowTitles(page));

        var first = page.QuerySelectorAll("table.app-table--plan tbody tr")[0];
        var cells = first.QuerySelectorAll("td").Select(td => string.Join(' ', td.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal("1.1a", cells[0]);
        Assert.Equal("Terry Lead", cells[2]);
        Assert.Equal("May 2026", cells[3]);
        Assert.Equal("AR", cells[4]);
        Assert.Equal("Green Overdue", cells[5]);

        var other = page.QuerySelectorAll("table.app-table--plan tbody tr")[2];
        Assert.Contains("JD (unassigned)", other.TextContent, StringComparison.Ordinal);
        Assert.Contains("(shared with another programme)", other.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RatingCounts_AreWordsAndNumbers()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (_, page) = await client.GetPageAsync($"/plans/{world.PlanId}");

        var actions = page.QuerySelectorAll("main table")[0].QuerySelectorAll("tbody tr")[0];
        Assert.Equal("Actions", actions.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal(["0", "1", "1", "0", "0"], actions.QuerySelectorAll("td").Select(td => td.TextContent.Trim().Split(' ')[0]).ToList());
    }

    [Theory]
    [InlineData("?overdue=true", new[] { "Recruit coordinators", "Agree funding" })]
    [InlineData("?rating=Amber", new[] { "Weekly tracker" })]
    [InlineData("?rating=Amber&rating=Red", new[] { "Recruit coordinators", "Agree funding", "Weekly tracker" })]
    [InlineData("?lead=i:JD", new[] { "Weekly tracker" })]
    [InlineData("?rating=none", new string[0])]
    public async Task Get_Filters_ShowWhatMatchesWithItsContext(string query, string[] expected)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (_, page) = await client.GetPageAsync($"/plans/{world.PlanId}{query}");

        Assert.Equal(expected, RowTitles(page));
    }

    [Fact]
    public async Task Get_FilterByLeadPerson_IncludesTheirMilestones()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (_, page) = await client.GetPageAsync($"/plans/{world.PlanId}?lead=p{world.LeadPersonId}");

        Assert.Equal(["Recruit coordinators", "Agree funding"], RowTitles(page));
        Assert.Contains("led by Terry Lead", page.QuerySelector("#results")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FilterByArea_UsesTheAreaOfTheItemOrAboveIt()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var north = RowTitles((await client.GetPageAsync($"/plans/{world.PlanId}?area={world.NorthAreaId}")).Page);
        var south = RowTitles((await client.GetPageAsync($"/plans/{world.PlanId}?area={world.SouthAreaId}")).Page);

        Assert.Equal(["Recruit coordinators", "Agree funding"], north);
        Assert.Equal(["Weekly tracker"], south);
    }

    [Theory]
    [InlineData("?area=abc")]
    [InlineData("?rating=Purple&lead=%00%01&overdue=maybe")]
    [InlineData("?area=99999999999999999999")]
    public async Task Get_MalformedFilters_AreIgnored_NotAnError(string query)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (status, page) = await client.GetPageAsync($"/plans/{world.PlanId}{query}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, RowTitles(page).Count);
    }

    [Fact]
    public async Task Get_AnotherPartnershipsPlan_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.GetPageAsync($"/plans/{other.PlanId}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain("Testshire WSoA", TestClient.Text(page), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/plans/999999")]
    [InlineData("/plans/abc")]
    [InlineData("/plans/-1")]
    [InlineData("/no-such-page")]
    public async Task Get_UnknownPlan_GivesTheProducts404Page(string url)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (status, page) = await client.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Get_EditButtons_OnlyForProgrammeLeads()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        using var contributor = await world.SignInAsync(world.Contributor);

        Assert.NotNull((await lead.GetPageAsync($"/plans/{world.PlanId}")).Page.QuerySelector($"a[href='/plans/{world.PlanId}/edit']"));
        Assert.Null((await contributor.GetPageAsync($"/plans/{world.PlanId}")).Page.QuerySelector($"a[href='/plans/{world.PlanId}/edit']"));
    }
}

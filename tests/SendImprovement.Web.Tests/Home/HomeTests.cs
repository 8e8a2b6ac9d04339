using System.Net;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Home;

[Collection(WebTestGroup.Name)]
public sealed class HomeTests(AppFactory factory)
{
    [Fact]
    public async Task Get_ListsThePartnershipsPlans_WithCountsByRatingInWords()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (status, page) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Testshire WSoA", StringComparison.Ordinal));
        var ratings = row.QuerySelectorAll("li").Select(li => string.Join(' ', li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["Blue 0", "Green 1", "Amber 1", "Red 1"], ratings);

        // 1.1a (May 2026) and its milestone (Nov 2025) are past their deadlines on 15 June 2026.
        Assert.Contains("2 overdue items", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_DoesNotShowOtherPartnershipsPlans()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await client.GetPageAsync("/");

        Assert.Contains(world.PartnershipName, TestClient.Text(page), StringComparison.Ordinal);
        Assert.DoesNotContain(other.PartnershipName, TestClient.Text(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Administrator_SeesEveryPartnership()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Administrator);

        var text = TestClient.Text((await client.GetPageAsync("/")).Page);

        Assert.Contains(world.PartnershipName, text, StringComparison.Ordinal);
        Assert.Contains(other.PartnershipName, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_CreatePlanButton_OnlyForProgrammeLeads()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        using var viewer = await world.SignInAsync(world.Viewer);

        Assert.NotNull((await lead.GetPageAsync("/")).Page.QuerySelector("a[href^='/plans/new']"));
        Assert.Null((await viewer.GetPageAsync("/")).Page.QuerySelector("a[href^='/plans/new']"));
    }
}

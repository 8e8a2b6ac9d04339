using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>Setting the region, the councils' codes and the statistical neighbours.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ComparatorsTests(AppFactory factory)
{
    [Fact]
    public async Task Save_SetsRegionCouncilCodesAndNeighbours_AndShowsThemAgain()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, form) = await lead.GetPageAsync("/measures/comparators");
        Assert.Equal("Comparators – SEND Improvement", form.Title);
        Assert.Contains("North West", form.QuerySelectorAll("#Input_RegionCode option").Select(o => o.TextContent.Trim()));
        Assert.NotNull(form.QuerySelector($"#Input_Council{world.NorthAreaId}"));

        var response = await lead.PostFormAsync("/measures/comparators", new()
        {
            ["Input.RegionCode"] = "E12000002",
            [$"Input.Councils[{world.NorthAreaId}]"] = "e06000004",
            [$"Input.Councils[{world.SouthAreaId}]"] = "",
            ["Input.Neighbours"] = "E06000001 Hartlepool\r\nE06000002, Middlesbrough\r\n\r\n",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/measures/comparators", response.Headers.Location!.ToString());
        var (_, page) = await lead.GetPageAsync("/measures/comparators");
        Assert.Contains("Comparators saved.", TestClient.Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#Input_RegionCode option[value='E12000002'][selected]"));
        Assert.Equal("E06000004", page.QuerySelector($"#Input_Council{world.NorthAreaId}")!.GetAttribute("value"));
        Assert.Equal("E06000001 Hartlepool\nE06000002 Middlesbrough", page.QuerySelector("#Input_Neighbours")!.TextContent.Trim());
        Assert.Equal(
            [("E06000001", "Hartlepool"), ("E06000002", "Middlesbrough")],
            (await world.QueryAsync(db => db.StatisticalNeighbours.Where(n => n.PartnershipId == world.PartnershipId).OrderBy(n => n.Position).Select(n => new { n.Code, n.Name }).ToListAsync())).Select(n => (n.Code, n.Name)));
    }

    [Fact]
    public async Task Save_WithBadCodes_ShowsEachMessageAgainstItsField_AndSavesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.PostAndReadAsync("/measures/comparators", new()
        {
            ["Input.RegionCode"] = "E12999999",
            [$"Input.Councils[{world.NorthAreaId}]"] = "X123",
            ["Input.Neighbours"] = "NOTACODE Somewhere\nE06000001 One\nE06000001 Again",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        string[] expected = ["Select the partnership's region", "Enter North Area's council code like E06000001", "“NOTACODE Somewhere” does not start with a council code like E06000001", "E06000001 is listed twice"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), TestClient.Errors(page).Order(StringComparer.Ordinal));
        var links = page.QuerySelectorAll(".govuk-error-summary a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains($"#Input_Council{world.NorthAreaId}", links);
        foreach (var link in links)
        {
            Assert.NotNull(page.QuerySelector(link));
        }

        Assert.Contains("Enter North Area's council code like E06000001", page.QuerySelector($"#Input_Council{world.NorthAreaId}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("X123", page.QuerySelector($"#Input_Council{world.NorthAreaId}")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#Input_Neighbours-error"));
        Assert.NotNull(page.QuerySelector("#Input_RegionCode-error"));
        Assert.False(await world.QueryAsync(db => db.StatisticalNeighbours.AnyAsync(n => n.PartnershipId == world.PartnershipId)));
    }

    [Fact]
    public async Task Save_MoreThanTenNeighbours_IsRefused()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var eleven = string.Join("\n", Enumerable.Range(1, 11).Select(i => $"E060000{i:00} Council {i}"));

        var (_, page) = await lead.PostAndReadAsync("/measures/comparators", new() { ["Input.Neighbours"] = eleven });

        Assert.Equal(["List at most ten statistical neighbours (there are 11)"], TestClient.Errors(page));
    }

    [Fact]
    public async Task CouncilsInLoadedFiles_AreListedToCopy()
    {
        var world = await TestWorld.CreateAsync(factory);
        await TimelinessWithComparatorsAsync(world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.GetPageAsync("/measures/comparators");

        var details = page.QuerySelectorAll("main details").FirstOrDefault(d => d.TextContent.Contains("Councils in the files loaded so far", StringComparison.Ordinal));
        Assert.NotNull(details);
        Assert.Equal(["E06000004 North council", "E06000001 One", "E06000003 Three", "E06000002 Two"], details!.QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task ViewersAndContributors_ReadTheSettings_ButCannotChangeThem()
    {
        var world = await TestWorld.CreateAsync(factory);
        await SetComparatorsAsync(world, "E12000002", new Dictionary<int, string?> { [world.NorthAreaId] = "E06000004" }, ["E06000001 One"]);
        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            var (status, page) = await client.GetPageAsync("/measures/comparators");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Null(page.QuerySelector("main form"));
            var text = TestClient.Text(page);
            Assert.Contains("Region North West", text, StringComparison.Ordinal);
            Assert.Contains("North Area council code E06000004", text, StringComparison.Ordinal);
            Assert.Contains("One (E06000001)", text, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/measures/comparators", new() { ["Input.RegionCode"] = "", ["Input.Neighbours"] = "" }, formPage: "/")).StatusCode);
        }

        Assert.Equal(1, await world.QueryAsync(db => db.StatisticalNeighbours.CountAsync(n => n.PartnershipId == world.PartnershipId)));
    }
}

using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>The measure page: its charts with their summaries and tables, the symbols, and the comparators table.</summary>
[Collection(WebTestGroup.Name)]
public sealed class MeasurePageTests(AppFactory factory)
{
    [Fact]
    public async Task Charts_AreImagesDescribedByTheSummaryShown_WithTheSameFiguresAsATable()
    {
        var (world, id) = await MeasureWithFiguresAsync();
        using var viewer = await world.SignInAsync(world.Viewer);

        var (status, page) = await viewer.GetPageAsync($"/measures/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var detail = await DetailAsync(world, id);
        foreach (var (name, series) in new[] { ("own", detail.OwnSeries), ("comparison", detail.ComparisonSeries) })
        {
            var figure = page.QuerySelector($"figure#measure-{id}-{name}")!;
            Assert.False(string.IsNullOrWhiteSpace(figure.QuerySelector("figcaption")!.TextContent));
            var svg = figure.QuerySelector("svg")!;
            Assert.Equal("img", svg.GetAttribute("role"));
            var summary = page.QuerySelector($"#measure-{id}-{name}-summary")!.TextContent.Trim();
            Assert.Equal(summary, svg.QuerySelector("desc")!.TextContent.Trim());
            Assert.False(string.IsNullOrWhiteSpace(svg.QuerySelector("title")!.TextContent));

            // The chart keeps a readable width in a region that scrolls and can take focus.
            var region = svg.ParentElement!;
            Assert.Equal(("region", "0"), (region.GetAttribute("role"), region.GetAttribute("tabindex")));
            Assert.False(string.IsNullOrWhiteSpace(region.GetAttribute("aria-label")));

            var table = page.QuerySelector($"#measure-{id}-{name}-table")!;
            var headers = table.QuerySelectorAll("thead th").Select(h => h.TextContent.Trim()).ToList();
            Assert.Equal(["Period", .. series.Select(s => s.Name)], headers);
            var rows = table.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelectorAll("td").ToList());
            Assert.Equal(series.SelectMany(s => s.Points).Select(p => p.Period).Distinct().Order().Select(p => p.Label), rows.Keys);
            foreach (var (line, column) in series.Select((s, i) => (s, i)))
            {
                foreach (var point in line.Points)
                {
                    var cell = rows[point.Period.Label][column];
                    if (point.Symbol is { } symbol)
                    {
                        Assert.Equal(symbol, cell.QuerySelector("abbr")!.TextContent);
                    }
                    else
                    {
                        Assert.Equal(MeasureAssessment.Format(MeasureUnit.Percentage, point.Value!.Value), cell.TextContent.Trim());
                    }
                }
            }
        }
    }

    [Fact]
    public async Task OwnChart_TableHasTheRecordedNumbers_AndTheSuppressedMonthAsItsSymbol()
    {
        var (world, id) = await MeasureWithFiguresAsync();
        using var viewer = await world.SignInAsync(world.Viewer);

        var (_, page) = await viewer.GetPageAsync($"/measures/{id}");

        var table = page.QuerySelector($"#measure-{id}-own-table")!;
        Assert.Equal(["Period", world.PartnershipName, "North Area", "Target"], table.QuerySelectorAll("thead th").Select(h => h.TextContent.Trim()));
        var rows = table.QuerySelectorAll("tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["March 2026", "60%", "– No figure", "62.2%"], rows[0]);
        Assert.Equal("April 2026", rows[1][0]);
        Assert.Equal("c (suppressed to protect confidentiality)", rows[1][1]);
        Assert.Equal("55%", rows[1][2]);
        Assert.Equal(["May 2026", "61%", "– No figure", "65%"], rows[2]);
        Assert.DoesNotContain("0%", rows[1][1], StringComparison.Ordinal);

        // The summary in words says the same.
        Assert.Contains("from 60% in March 2026 to 61% in May 2026", page.QuerySelector($"#measure-{id}-own-summary")!.TextContent, StringComparison.Ordinal);

        // The symbols are explained, and nothing is styled inline.
        var symbols = page.QuerySelector("dl.app-symbols")!.TextContent;
        Assert.Contains("suppressed to protect confidentiality", symbols, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.All(page.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src")));
    }

    [Fact]
    public async Task Comparators_ListEnglandTheRegionTheCouncilAndEachNeighbour_WithRanks()
    {
        var (world, id) = await MeasureWithFiguresAsync();
        using var viewer = await world.SignInAsync(world.Viewer);

        var (_, page) = await viewer.GetPageAsync($"/measures/{id}");

        var table = page.QuerySelector("#comparators-table")!;
        Assert.Equal("Published figures for 2025", table.QuerySelector("caption")!.TextContent.Trim());
        var rows = table.QuerySelectorAll("tbody tr").Select(r => r.Children.Select(Text).ToList()).ToList();
        Assert.Equal(
            [
                ["England Country", "E92000001", "50%", ""],
                ["North West Region", "E12000002", "48%", ""],
                ["One Statistical neighbour", "E06000001", "70%", "1st of 3"],
                ["North Area This partnership's council", "E06000004", "60%", "2nd of 3"],
                ["Two Statistical neighbour", "E06000002", "40%", "3rd of 3"],
                ["Three Statistical neighbour", "E06000003", "c (suppressed to protect confidentiality)", "Not ranked"],
            ],
            rows);
        Assert.Contains("app-row--own", table.QuerySelectorAll("tbody tr")[3].ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefinitionAndStatus_AreInWords()
    {
        var (world, id) = await MeasureWithFiguresAsync();
        await CommentAsync(world, id, "May 2026", "Getting better.", OwnerAssessment.OnTrack);
        using var viewer = await world.SignInAsync(world.Viewer);

        var (_, page) = await viewer.GetPageAsync($"/measures/{id}");
        var text = TestClient.Text(page);

        Assert.Equal("New EHC plans within 20 weeks – SEND Improvement", page.Title);
        Assert.Contains("Latest figure 61% in May 2026", text, StringComparison.Ordinal);
        Assert.Contains("Status against target Off track 61% in May 2026 against a trajectory of 65% for that date and a target of 75% by December 2026: off track", text, StringComparison.Ordinal);
        Assert.Contains("Owner's own assessment On track Given by Pat Programme with the commentary for May 2026", text, StringComparison.Ordinal);
        // The month before is suppressed, so there is nothing to compare with.
        Assert.Contains("Direction of travel Not known Definition", text, StringComparison.Ordinal);
        Assert.Contains("Unit Percentage", text, StringComparison.Ordinal);
        Assert.Contains("Which way is better Higher is better", text, StringComparison.Ordinal);
        Assert.Contains("Frequency Monthly", text, StringComparison.Ordinal);
        Assert.Contains("Baseline 58% in 2025", text, StringComparison.Ordinal);
        Assert.Contains("Target 75% by December 2026 A value by a date", text, StringComparison.Ordinal);
        Assert.Contains("Comparator indicator pct_20wk", text, StringComparison.Ordinal);
        Assert.Contains("Definition status Agreed", text, StringComparison.Ordinal);
        Assert.Equal(["Measures", "Measure library"], page.QuerySelectorAll(".govuk-breadcrumbs a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task AMeasureWithoutFigures_SaysSo_AndHasNoEmptyCharts()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Waits(world) with { BaselineNote = "None yet: first collected in 2026" });
        using var viewer = await world.SignInAsync(world.Viewer);

        var (_, page) = await viewer.GetPageAsync($"/measures/{id}");
        var text = TestClient.Text(page);

        Assert.Empty(page.QuerySelectorAll("figure"));
        Assert.Contains("No figures have been recorded for the partnership yet.", text, StringComparison.Ordinal);
        Assert.Contains("This measure has no comparator indicator", text, StringComparison.Ordinal);
        Assert.Contains("Baseline None yet: first collected in 2026", text, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#symbols"));
    }

    /// <summary>
    /// The timeliness measure with published comparators, and the partnership's own figures: March 60%, April
    /// suppressed (c), May 61%, and the North Area's April figure, 55%.
    /// </summary>
    private async Task<(TestWorld World, int Id)> MeasureWithFiguresAsync()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await TimelinessWithComparatorsAsync(world);
        await RecordAsync(world, id, "March 2026", "60");
        await RecordAsync(world, id, "April 2026", "c");
        await RecordAsync(world, id, "May 2026", "61");
        await RecordAsync(world, id, "April 2026", "55", world.NorthAreaId);
        return (world, id);
    }

    private static async Task<MeasureDetail> DetailAsync(TestWorld world, int id)
    {
        using var scope = world.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MeasureFigures>().DetailAsync(Lead(world), id, FiguresAsAt.Now);
    }

    private static string Text(IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

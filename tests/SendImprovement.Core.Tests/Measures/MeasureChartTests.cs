using System.Globalization;
using System.Xml.Linq;
using SendImprovement.Core.Measures;

namespace SendImprovement.Core.Tests.Measures;

public class MeasureChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly MeasurePeriod Jan = MeasurePeriod.Month(2022, 1);
    private static readonly MeasurePeriod Feb = MeasurePeriod.Month(2022, 2);
    private static readonly MeasurePeriod Mar = MeasurePeriod.Month(2022, 3);
    private static readonly MeasurePeriod Apr = MeasurePeriod.Month(2022, 4);

    private static ChartSeries Series(string name, ChartLine line, params (MeasurePeriod Period, decimal? Value)[] points) =>
        new(name, line, [.. points.Select(p => new ChartPoint(p.Period, p.Value))]);

    /// <summary>Northby, 40% to 62% over January to April 2022.</summary>
    private static ChartSeries Northby() =>
        Series("Northby", ChartLine.Area, (Jan, 40m), (Feb, 50m), (Mar, 60m), (Apr, 62m));

    /// <summary>One series of each kind over January to April 2022.</summary>
    private static List<ChartSeries> AllKinds() =>
    [
        Northby(),
        Series("England", ChartLine.England, (Jan, 50m), (Feb, 51m), (Mar, 52m), (Apr, 53m)),
        Series("North East", ChartLine.Region, (Jan, 45m), (Feb, 46m), (Mar, 47m), (Apr, 48m)),
        Series("Statistical neighbours", ChartLine.NeighbourAverage, (Jan, 55m), (Feb, 54m), (Mar, 53m), (Apr, 52m)),
        Series("Target", ChartLine.Target, (Jan, 45m), (Apr, 75m)),
    ];

    private static XElement Parse(RenderedChart chart) => XDocument.Parse(chart.Svg).Root!;

    private static IEnumerable<XElement> WithClass(XElement root, string className) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(className) == true);

    private static string Text(XElement element) =>
        element.Elements(Svg + "tspan").Any()
            ? string.Join(" ", element.Elements(Svg + "tspan").Select(t => t.Value))
            : element.Value;

    /// <summary>The points of a path's "d" as sub-paths: each starts at an M.</summary>
    private static List<List<(double X, double Y)>> SubPaths(XElement path)
    {
        var parts = ((string)path.Attribute("d")!).Split(' ');
        var result = new List<List<(double X, double Y)>>();
        for (var i = 0; i < parts.Length; i += 3)
        {
            var point = (double.Parse(parts[i + 1], CultureInfo.InvariantCulture), double.Parse(parts[i + 2], CultureInfo.InvariantCulture));
            if (parts[i] == "M")
            {
                result.Add([point]);
            }
            else
            {
                Assert.Equal("L", parts[i]);
                result[^1].Add(point);
            }
        }

        return result;
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Render_IsOneLabelledImage_ThatScales()
    {
        var chart = MeasureChart.Render("Measure 12: EHCPs!", "New EHCPs within 20 weeks", MeasureUnit.Percentage, AllKinds());

        var root = Parse(chart);

        Assert.Equal(Svg + "svg", root.Name);
        Assert.StartsWith("<svg", chart.Svg, StringComparison.Ordinal);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("false", (string?)root.Attribute("focusable"));
        Assert.Equal("measure-12--ehcps-title measure-12--ehcps-desc", (string?)root.Attribute("aria-labelledby"));
        Assert.Equal("0 0 640 320", (string?)root.Attribute("viewBox"));
        Assert.Equal("100%", (string?)root.Attribute("width"));
        Assert.Null(root.Attribute("height"));
        Assert.Equal("inherit", (string?)root.Attribute("font-family"));

        var title = Assert.Single(root.Elements(Svg + "title"));
        Assert.Equal("measure-12--ehcps-title", (string?)title.Attribute("id"));
        Assert.Equal("New EHCPs within 20 weeks", title.Value);
        var desc = Assert.Single(root.Elements(Svg + "desc"));
        Assert.Equal("measure-12--ehcps-desc", (string?)desc.Attribute("id"));
        Assert.Equal(chart.Summary, desc.Value);
    }

    [Theory]
    [InlineData("", "measure-chart")]
    [InlineData("!!!", "measure-chart")]
    [InlineData("chart-7", "chart-7")]
    [InlineData("Chart_7 é", "chart-7")]
    public void Render_SanitisesTheId(string id, string expected)
    {
        var root = Parse(MeasureChart.Render(id, "A measure", MeasureUnit.Percentage, [Northby()]));

        Assert.Equal($"{expected}-title {expected}-desc", (string?)root.Attribute("aria-labelledby"));
        Assert.Equal($"{expected}-title", (string?)root.Element(Svg + "title")!.Attribute("id"));
    }

    [Theory]
    [InlineData(ChartLine.Area, "area", null, "circle", "#1d70b8")]
    [InlineData(ChartLine.England, "england", "8 4", "rect", "#484949")]
    [InlineData(ChartLine.Region, "region", "10 4 2 4", "path", "#54319f")]
    [InlineData(ChartLine.NeighbourAverage, "neighbour-average", "2 4", "path", "#b7592a")]
    [InlineData(ChartLine.Target, "target", "16 6", "path", "#0f7a52")]
    public void Render_DrawsEachKindOfLine_WithItsOwnClassDashAndMarkers(
        ChartLine line, string key, string? dash, string marker, string colour)
    {
        var series = AllKinds();
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, series));

        var path = Assert.Single(WithClass(root, $"measure-chart__line--{key}"));
        Assert.Equal(Svg + "path", path.Name);
        Assert.Contains("measure-chart__line", ((string)path.Attribute("class")!).Split(' '));
        Assert.Equal(dash, (string?)path.Attribute("stroke-dasharray"));
        Assert.Equal(colour, (string?)path.Attribute("stroke"));
        Assert.Equal("none", (string?)path.Attribute("fill"));

        var points = series.Single(s => s.Line == line).Points.Count;
        Assert.Single(SubPaths(path));
        Assert.Equal(points, SubPaths(path)[0].Count);

        var markers = Assert.Single(WithClass(root, $"measure-chart__markers--{key}")).Elements().ToList();
        Assert.Equal(points, markers.Count);
        Assert.All(markers, m => Assert.Equal(Svg + marker, m.Name));
        Assert.All(markers, m => Assert.Equal("measure-chart__marker", (string?)m.Attribute("class")));

        // Named twice besides colour: in the legend, with a sample of the dash and marker, and at the line's end.
        var key1 = Assert.Single(WithClass(root, $"measure-chart__key--{key}"));
        Assert.Equal(dash, (string?)key1.Attribute("stroke-dasharray"));
        var legendItem = Assert.Single(WithClass(root, $"measure-chart__legend-item--{key}"));
        Assert.Single(legendItem.Elements(Svg + marker), e => (string?)e.Attribute("class") == "measure-chart__key-marker");
        var name = series.Single(s => s.Line == line).Name;
        Assert.Equal(name, legendItem.Element(Svg + "text")!.Value);
        Assert.Equal(name, Assert.Single(WithClass(root, $"measure-chart__label--{key}")).Value);
    }

    [Fact]
    public void Render_MarkerShapes_AreDiamondsTrianglesAndCrosses()
    {
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, AllKinds()));

        string D(string key) => (string)WithClass(root, $"measure-chart__markers--{key}").Single().Elements().First().Attribute("d")!;

        // A diamond has four corners, a triangle three, and a cross is two strokes.
        Assert.Equal(4, D("region").Count(c => c == 'L') + 1);
        Assert.EndsWith("Z", D("region"), StringComparison.Ordinal);
        Assert.Equal(3, D("neighbour-average").Count(c => c == 'L') + 1);
        Assert.EndsWith("Z", D("neighbour-average"), StringComparison.Ordinal);
        Assert.Equal(2, D("target").Count(c => c == 'M'));
    }

    [Fact]
    public void Render_PlacesPoints_WhereWorkedOutByHand()
    {
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [Northby()]));

        // Axis 0% to 80% in steps of 20. Left: 8 + "80%" (3 × 7.5 = 22.5) + 8 = 38.5. Right: 640 − 8 − "Northby"
        // (7 × 7.5 = 52.5) − 8 = 571.5. Top: one legend row (16 + 11 = 27) + 16 = 43. Bottom: 320 − 8 − one line of
        // x labels (16) − 8 = 288. January is the first period: x = 38.5 + 12 = 50.5; 40% is half way: y = 288 − 245 / 2
        // = 165.5. April is the last: x = 571.5 − 12 = 559.5; 62%: y = 288 − 245 × 62 / 80 = 98.125, so 98.1.
        var path = Assert.Single(WithClass(root, "measure-chart__line--area"));
        var points = Assert.Single(SubPaths(path));
        Assert.Equal((50.5, 165.5), points[0]);
        Assert.Equal((559.5, 98.1), points[3]);
        Assert.StartsWith("M 50.5 165.5 L ", (string)path.Attribute("d")!, StringComparison.Ordinal);

        var first = WithClass(root, "measure-chart__marker").First();
        Assert.Equal("50.5", (string?)first.Attribute("cx"));
        Assert.Equal("165.5", (string?)first.Attribute("cy"));

        var axis = Assert.Single(WithClass(root, "measure-chart__axis"));
        Assert.Equal("288.0", (string?)axis.Attribute("y1"));
        Assert.Equal("38.5", (string?)axis.Attribute("x1"));
        Assert.Equal("571.5", (string?)axis.Attribute("x2"));

        // The line's name sits just right of the plot, level with its last figure.
        var label = Assert.Single(WithClass(root, "measure-chart__label--area"));
        Assert.Equal("579.5", (string?)label.Attribute("x"));
        Assert.Equal("102.6", (string?)label.Attribute("y"));
    }

    [Fact]
    public void Render_SuppressedFigure_BreaksTheLine_AndShowsTheSymbol()
    {
        var series = new ChartSeries("Northby", ChartLine.Area,
        [
            new ChartPoint(Jan, 40m),
            new ChartPoint(Feb, 50m),
            new ChartPoint(Mar, null, "c"),
            new ChartPoint(Apr, 62m),
        ]);
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]));

        var path = Assert.Single(WithClass(root, "measure-chart__line--area"));
        var subPaths = SubPaths(path);
        Assert.Equal(2, subPaths.Count);
        Assert.Equal(2, subPaths[0].Count);
        Assert.Single(subPaths[1]);
        Assert.Equal(3, WithClass(root, "measure-chart__marker").Count());

        // Nothing is drawn at zero.
        var zero = Number(Assert.Single(WithClass(root, "measure-chart__axis")), "y1");
        Assert.DoesNotContain(subPaths.SelectMany(p => p), p => p.Y == zero);
        Assert.DoesNotContain(WithClass(root, "measure-chart__marker"), m => Number(m, "cy") == zero);

        // The symbol sits just above the baseline, at March: between February and April.
        var symbol = Assert.Single(WithClass(root, "measure-chart__symbol"));
        Assert.Equal("c", symbol.Value);
        Assert.Contains("measure-chart__symbol--area", ((string)symbol.Attribute("class")!).Split(' '));
        Assert.InRange(Number(symbol, "y"), zero - 20, zero);
        var x = Number(symbol, "x");
        Assert.True(x > subPaths[0][1].X && x < subPaths[1][0].X);
    }

    [Fact]
    public void Render_MissingValueWithoutSymbol_BreaksTheLine_WithNoSymbol()
    {
        var series = Series("Northby", ChartLine.Area, (Jan, 40m), (Feb, null), (Mar, 60m), (Apr, 62m));
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]));

        Assert.Equal(2, SubPaths(Assert.Single(WithClass(root, "measure-chart__line--area"))).Count);
        Assert.Empty(WithClass(root, "measure-chart__symbol"));
    }

    [Fact]
    public void Render_SymbolWithAValue_IsReadAsTheSymbol()
    {
        var series = new ChartSeries("Northby", ChartLine.Area, [new(Jan, 40m), new(Feb, 0m, "[low]"), new(Mar, 60m)]);
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]));

        Assert.Equal(2, SubPaths(Assert.Single(WithClass(root, "measure-chart__line--area"))).Count);
        Assert.Equal("low", Assert.Single(WithClass(root, "measure-chart__symbol")).Value);
    }

    [Theory]
    [InlineData(MeasureUnit.Percentage, new[] { 40.0, 62.0 }, new[] { "0%", "20%", "40%", "60%", "80%" })]
    [InlineData(MeasureUnit.Percentage, new[] { 40.0, 95.0 }, new[] { "0%", "20%", "40%", "60%", "80%", "100%" })]
    [InlineData(MeasureUnit.Percentage, new[] { 90.0, 100.0 }, new[] { "0%", "25%", "50%", "75%", "100%" })]
    [InlineData(MeasureUnit.Percentage, new[] { 0.4, 1.1 }, new[] { "0%", "0.25%", "0.5%", "0.75%", "1%", "1.25%" })]
    [InlineData(MeasureUnit.Days, new[] { 10.0, 18.0 }, new[] { "0 days", "5 days", "10 days", "15 days", "20 days" })]
    [InlineData(MeasureUnit.Weeks, new[] { 12.0, 30.0 }, new[] { "0 weeks", "10 weeks", "20 weeks", "30 weeks", "40 weeks" })]
    [InlineData(MeasureUnit.RatePer10000, new[] { 30.5, 45.2 }, new[] { "0 per 10,000", "10 per 10,000", "20 per 10,000", "30 per 10,000", "40 per 10,000", "50 per 10,000" })]
    [InlineData(MeasureUnit.Count, new[] { 900.0, 1234.0 }, new[] { "0", "250", "500", "750", "1,000", "1,250" })]
    [InlineData(MeasureUnit.Count, new[] { 0.0, 1.0 }, new[] { "0", "1", "2", "3" })]
    [InlineData(MeasureUnit.Score, new[] { -1.5, 2.0 }, new[] { "-2", "-1", "0", "1", "2", "3" })]
    public void Render_YAxis_RunsFromZeroToANiceMaximum_LabelledByUnit(MeasureUnit unit, double[] values, string[] expected)
    {
        var series = Series("Northby", ChartLine.Area, (Jan, (decimal)values[0]), (Feb, (decimal)values[1]));
        var root = Parse(MeasureChart.Render("c", "A measure", unit, [series]));

        var labels = WithClass(root, "measure-chart__y-label").Select(e => e.Value).ToList();

        Assert.Equal(expected, labels);
        Assert.InRange(labels.Count, 4, 6);
    }

    [Fact]
    public void Render_NegativeFigures_PutTheAxisAtZero()
    {
        var series = Series("Northby", ChartLine.Area, (Jan, -1.5m), (Feb, 2m));
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Score, [series]));

        var zeroLabel = WithClass(root, "measure-chart__y-label").Single(e => e.Value == "0");
        var axis = Assert.Single(WithClass(root, "measure-chart__axis"));
        Assert.Equal(Number(zeroLabel, "y") - 4.5, Number(axis, "y1"), 1);
    }

    [Fact]
    public void Render_ThinsXLabels_ToEightAtMost_KeepingFirstAndLast()
    {
        var months = Enumerable.Range(0, 24).Select(i => MeasurePeriod.Month(2020 + (i / 12), (i % 12) + 1)).ToList();
        var series = new ChartSeries("Northby", ChartLine.Area, [.. months.Select((m, i) => new ChartPoint(m, 40m + i))]);
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]));

        var labels = WithClass(root, "measure-chart__x-label").Select(Text).ToList();

        Assert.InRange(labels.Count, 2, 8);
        Assert.Equal("January 2020", labels[0]);
        Assert.Equal("December 2021", labels[^1]);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Equal(labels.Count, root.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "measure-chart__ticks").Elements().Count());
        Assert.Equal(24, WithClass(root, "measure-chart__marker").Count());
    }

    [Fact]
    public void Render_LongXLabels_WrapOntoTwoLines_AndDoNotOverlap()
    {
        var quarters = Enumerable.Range(0, 12).Select(i => MeasurePeriod.Quarter(2019 + (i / 4), (i % 4) + 1)).ToList();
        var series = new ChartSeries("Northby", ChartLine.Area, [.. quarters.Select((q, i) => new ChartPoint(q, 40m + i))]);
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]));

        var labels = WithClass(root, "measure-chart__x-label").ToList();

        Assert.InRange(labels.Count, 2, 8);
        Assert.Equal("January to March 2019", Text(labels[0]));
        Assert.Equal("October to December 2021", Text(labels[^1]));
        Assert.All(labels, l => Assert.Equal(2, l.Elements(Svg + "tspan").Count()));
        var xs = labels.Select(l => Number(l, "x")).ToList();
        var widest = labels.SelectMany(l => l.Elements(Svg + "tspan")).Max(t => t.Value.Length) * 7.5;
        Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= widest, $"{pair.First} and {pair.Second}"));
        Assert.All(xs, x => Assert.InRange(x, 0, 640));
    }

    [Fact]
    public void Render_EscapesNamesAndTitles()
    {
        const string name = "<script>alert(\"x\")&</script>";
        var series = Series(name, ChartLine.Area, (Jan, 40m), (Feb, 50m));

        var chart = MeasureChart.Render("c", "Fish & <chips> \"quoted\" 'single'", MeasureUnit.Percentage, [series]);
        var root = Parse(chart);

        Assert.DoesNotContain("<script", chart.Svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&amp;&lt;/script&gt;", chart.Svg, StringComparison.Ordinal);
        Assert.Equal("Fish & <chips> \"quoted\" 'single'", root.Element(Svg + "title")!.Value);
        Assert.Equal(name, Assert.Single(WithClass(root, "measure-chart__legend-item--area")).Element(Svg + "text")!.Value);
        Assert.StartsWith("<script>alert(", Assert.Single(WithClass(root, "measure-chart__label--area")).Value, StringComparison.Ordinal);
        Assert.Contains(name + ": from 40% in January 2022", chart.Summary, StringComparison.Ordinal);
        Assert.Equal(chart.Summary, root.Element(Svg + "desc")!.Value);
        Assert.Empty(root.Descendants(Svg + "script"));
    }

    [Fact]
    public void Render_DropsCharactersXmlCannotHold()
    {
        var series = Series("North\u0001by\n\tarea", ChartLine.Area, (Jan, 40m));

        var chart = MeasureChart.Render("c", "A\u0000 measure", MeasureUnit.Percentage, [series]);
        var root = Parse(chart);

        Assert.Equal("A measure", root.Element(Svg + "title")!.Value);
        Assert.Equal("Northby area", Assert.Single(WithClass(root, "measure-chart__label--area")).Value);
    }

    [Fact]
    public void Render_HasNoInlineStyles()
    {
        var charts = new[]
        {
            MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, AllKinds()),
            MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, []),
        };

        foreach (var chart in charts)
        {
            var root = Parse(chart);
            Assert.DoesNotContain(root.DescendantsAndSelf(), e => e.Attribute("style") is not null);
            Assert.Empty(root.Descendants(Svg + "style"));
            Assert.DoesNotContain("style", chart.Svg, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Render_NoSeries_SaysThereAreNoFiguresYet()
    {
        var chart = MeasureChart.Render("c", "New EHCPs within 20 weeks", MeasureUnit.Percentage, []);
        var root = Parse(chart);

        Assert.Equal("New EHCPs within 20 weeks. No figures to show yet.", chart.Summary);
        Assert.Equal("New EHCPs within 20 weeks", root.Element(Svg + "title")!.Value);
        Assert.Equal(chart.Summary, root.Element(Svg + "desc")!.Value);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("c-title c-desc", (string?)root.Attribute("aria-labelledby"));
        var message = Assert.Single(root.Elements(Svg + "text"));
        Assert.Equal("No figures to show yet.", message.Value);
        Assert.Equal("middle", (string?)message.Attribute("text-anchor"));
        Assert.Equal("320.0", (string?)message.Attribute("x"));
        Assert.Empty(root.Descendants(Svg + "path"));
    }

    [Fact]
    public void Render_NoNumericFigures_SaysThereAreNoFiguresYet()
    {
        var series = new ChartSeries("Northby", ChartLine.Area, [new(Jan, null, "c"), new(Feb, null)]);
        var empty = new ChartSeries("England", ChartLine.England, []);

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series, empty]);
        var root = Parse(chart);

        Assert.Equal("A measure. No figures to show yet.", chart.Summary);
        Assert.Equal("No figures to show yet.", Assert.Single(root.Elements(Svg + "text")).Value);
        Assert.Empty(root.Descendants(Svg + "path"));
    }

    [Fact]
    public void Render_SinglePoint_IsDrawnInTheMiddle()
    {
        var series = Series("Northby", ChartLine.Area, (Mar, 62m));

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]);
        var root = Parse(chart);

        var points = Assert.Single(SubPaths(Assert.Single(WithClass(root, "measure-chart__line--area"))));
        var point = Assert.Single(points);
        var axis = Assert.Single(WithClass(root, "measure-chart__axis"));
        Assert.Equal((Number(axis, "x1") + Number(axis, "x2")) / 2, point.X, 1);
        Assert.Single(WithClass(root, "measure-chart__marker"));
        Assert.Equal("March 2022", Text(Assert.Single(WithClass(root, "measure-chart__x-label"))));
        Assert.Equal("A measure, March 2022. Northby: 62% in March 2022.", chart.Summary);
    }

    [Fact]
    public void Summary_Percentage_SaysPercentagePoints()
    {
        var march2021 = MeasurePeriod.Month(2021, 3);
        var series = new List<ChartSeries>
        {
            Series("Northby", ChartLine.Area, (march2021, 58m), (Mar, 62m)),
            Series("England", ChartLine.England, (march2021, 50m), (Mar, 49.2m)),
            Series("Target", ChartLine.Target, (Apr, 75m)),
        };

        var chart = MeasureChart.Render("c", "New EHCPs within 20 weeks", MeasureUnit.Percentage, series);

        Assert.Equal(
            "New EHCPs within 20 weeks, March 2021 to March 2022. "
            + "Northby: from 58% in March 2021 to 62% in March 2022, up 4 percentage points. "
            + "England: from 50% to 49.2%. "
            + "Target: 75% by April 2022.",
            chart.Summary);
    }

    [Fact]
    public void Summary_Percentage_OnePointAndFalls()
    {
        var series = new List<ChartSeries>
        {
            Series("Northby", ChartLine.Area, (Jan, 63m), (Mar, 62m)),
            Series("England", ChartLine.England, (Feb, 50m), (Mar, 49.5m)),
        };

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, series);

        Assert.Equal(
            "A measure, January 2022 to March 2022. "
            + "Northby: from 63% in January 2022 to 62% in March 2022, down 1 percentage point. "
            + "England: from 50% in February 2022 to 49.5% in March 2022.",
            chart.Summary);
    }

    [Fact]
    public void Summary_Days_SaysTheChangeInDays()
    {
        var series = Series("Northby", ChartLine.Area, (MeasurePeriod.CalendarYear(2020), 20m), (MeasurePeriod.CalendarYear(2021), 23m));

        var chart = MeasureChart.Render("c", "Days to assessment", MeasureUnit.Days, [series]);

        Assert.Equal("Days to assessment, 2020 to 2021. Northby: from 20 days in 2020 to 23 days in 2021, up 3 days.", chart.Summary);
    }

    [Theory]
    [InlineData(MeasureUnit.RatePer10000, 47.3, 45.2, "down 2.1 per 10,000")]
    [InlineData(MeasureUnit.Weeks, 20, 19, "down 1 week")]
    [InlineData(MeasureUnit.Count, 1000, 2234, "up 1,234")]
    [InlineData(MeasureUnit.Percentage, 50, 50, "no change")]
    public void Summary_SaysTheChangeInTheUnit(MeasureUnit unit, double from, double to, string expected)
    {
        var series = Series("Northby", ChartLine.Area, (Jan, (decimal)from), (Feb, (decimal)to));

        var chart = MeasureChart.Render("c", "A measure", unit, [series]);

        Assert.EndsWith(", " + expected + ".", chart.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_SuppressedLatestFigure_SaysWhatTheSymbolMeans()
    {
        var series = new ChartSeries("Northby", ChartLine.Area,
        [
            new(MeasurePeriod.CalendarYear(2019), 58m),
            new(MeasurePeriod.CalendarYear(2020), 60m),
            new(MeasurePeriod.CalendarYear(2021), null, "c"),
        ]);
        var england = new ChartSeries("England", ChartLine.England,
        [
            new(MeasurePeriod.CalendarYear(2019), 50m),
            new(MeasurePeriod.CalendarYear(2020), 51m),
            new(MeasurePeriod.CalendarYear(2021), null),
        ]);

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series, england]);

        Assert.Equal(
            "A measure, 2019 to 2021. "
            + "Northby: from 58% in 2019 to 60% in 2020, up 2 percentage points; "
            + "the figure for 2021 is c, suppressed to protect confidentiality. "
            + "England: from 50% to 51%; there is no figure for 2021.",
            chart.Summary);
    }

    [Fact]
    public void Summary_OnlySuppressedFigures_ForOneSeries()
    {
        var series = new List<ChartSeries>
        {
            Northby(),
            new("North East", ChartLine.Region, [new(Mar, null, "x"), new(Apr, null, "x")]),
            new("Nowhere", ChartLine.NeighbourAverage, []),
        };

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, series);

        Assert.Contains(" North East: the figure for April 2022 is x, not available. ", chart.Summary, StringComparison.Ordinal);
        Assert.EndsWith(" Nowhere: no figures yet.", chart.Summary, StringComparison.Ordinal);
        Assert.Equal(2, WithClass(Parse(chart), "measure-chart__symbol--region").Count());
        Assert.Empty(WithClass(Parse(chart), "measure-chart__label--region"));
    }

    [Fact]
    public void Summary_AcademicYears_ReadAsPhrases()
    {
        var series = Series("Northby", ChartLine.Area, (MeasurePeriod.AcademicYear(2020), 30m), (MeasurePeriod.AcademicYear(2021), 28.5m));

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]);

        Assert.Equal(
            "A measure, the 2020/21 academic year to the 2021/22 academic year. "
            + "Northby: from 30% in the 2020/21 academic year to 28.5% in the 2021/22 academic year, down 1.5 percentage points.",
            chart.Summary);
    }

    [Fact]
    public void Summary_Quarters_ReadAsPhrases()
    {
        var series = Series("Northby", ChartLine.Area, (MeasurePeriod.Quarter(2021, 1), 30m), (MeasurePeriod.Quarter(2021, 4), 31m));
        var target = Series("Target", ChartLine.Target, (MeasurePeriod.Quarter(2022, 1), 35m));

        var chart = MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series, target]);

        Assert.Equal(
            "A measure, the January to March 2021 quarter to the October to December 2021 quarter. "
            + "Northby: from 30% in the January to March 2021 quarter to 31% in the October to December 2021 quarter, up 1 percentage point. "
            + "Target: 35% by the January to March 2022 quarter.",
            chart.Summary);
    }

    [Fact]
    public void Render_EndLabels_DoNotOverlap()
    {
        var series = new List<ChartSeries>
        {
            Series("Northby", ChartLine.Area, (Jan, 50m), (Feb, 50m)),
            Series("England", ChartLine.England, (Jan, 50m), (Feb, 50.5m)),
            Series("North East", ChartLine.Region, (Jan, 50m), (Feb, 49.5m)),
        };
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, series));

        var ys = WithClass(root, "measure-chart__label").Select(l => Number(l, "y")).Order().ToList();

        Assert.Equal(3, ys.Count);
        Assert.All(ys.Zip(ys.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 14.9, $"{pair.First} and {pair.Second}"));
    }

    [Fact]
    public void Render_LongNames_AreShortenedBesideTheLine_ButWholeInTheLegend()
    {
        const string name = "Statistical neighbours' average (ten local authorities)";
        var series = Series(name, ChartLine.NeighbourAverage, (Jan, 50m), (Feb, 51m));
        var root = Parse(MeasureChart.Render("c", "A measure", MeasureUnit.Percentage, [series]));

        var label = Assert.Single(WithClass(root, "measure-chart__label--neighbour-average")).Value;
        Assert.EndsWith("…", label, StringComparison.Ordinal);
        Assert.True(label.Length * 7.5 <= 170);
        Assert.Equal(name, Assert.Single(WithClass(root, "measure-chart__legend-item--neighbour-average")).Element(Svg + "text")!.Value);
    }

    [Fact]
    public void Render_SameInput_GivesTheSameOutput_InAnyCulture()
    {
        var first = MeasureChart.Render("c", "A measure", MeasureUnit.RatePer10000, AllKinds());
        var original = CultureInfo.CurrentCulture;
        RenderedChart second;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            second = MeasureChart.Render("c", "A measure", MeasureUnit.RatePer10000, AllKinds());
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal(first, second);
        Assert.DoesNotContain(",5", first.Svg, StringComparison.Ordinal);
    }
}

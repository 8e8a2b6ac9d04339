using System.Globalization;
using System.Text;

namespace SendImprovement.Core.Measures;

/// <summary>What a line on a measure chart stands for; each kind has its own colour, dash pattern and marker shape.</summary>
public enum ChartLine
{
    Area,
    England,
    Region,
    NeighbourAverage,
    Target,
}

/// <summary>
/// One figure on a chart line. A point without a value, or with a suppression symbol (the symbol wins, as it does when
/// a measure is assessed), breaks the line there; it is never drawn as zero.
/// </summary>
public sealed record ChartPoint(MeasurePeriod Period, decimal? Value, string? Symbol = null);

/// <summary>
/// One line on a chart. A period the series has no point for is joined across (the series is simply not published that
/// often); a point without a value breaks the line.
/// </summary>
public sealed record ChartSeries(string Name, ChartLine Line, IReadOnlyList<ChartPoint> Points);

/// <summary>An SVG chart to insert as raw HTML or export, and the same chart in words (also the SVG's description).</summary>
public sealed record RenderedChart(string Svg, string Summary);

/// <summary>
/// Draws a measure over time as a server-rendered SVG line chart. There are no inline styles (the Content Security Policy
/// forbids them): colours, dashes and fonts are presentation attributes, and each part has a class the site's stylesheet
/// can restyle. Colour is never the only signal: every kind of line has its own dash pattern and marker shape, is named
/// in a legend and is labelled at its right-hand end. Output is the same for the same input: invariant culture and
/// coordinates to 1 decimal place.
/// </summary>
public static class MeasureChart
{
    /// <summary>What the chart says when there is nothing to draw.</summary>
    public const string NoFigures = "No figures to show yet.";

    private const double Width = 640;
    private const double Height = 320;
    private const double Edge = 8;
    private const string FontSize = "13";

    /// <summary>A generous average character width at the 13-unit font size, to keep estimated text from overlapping.</summary>
    private const double CharWidth = 7.5;

    private const double LegendRowHeight = 22;
    private const double LegendSampleWidth = 24;
    private const double LegendGap = 18;
    private const double XLabelLineHeight = 16;
    private const int XLabelWrapLength = 14;
    private const int MaxXLabels = 8;
    private const double PlotPadding = 12;
    private const double MaxEndLabelWidth = 170;
    private const double EndLabelSpacing = 15;
    private const double SymbolSpacing = 14;
    private const int MaxIntervals = 5;
    private const int MinIntervals = 3;

    private const string TextColour = "#0b0c0c";
    private const string GridColour = "#cecece";
    private const string White = "#ffffff";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private static readonly decimal[] NiceMultiples = [1m, 2m, 2.5m, 5m];

    /// <summary>
    /// Draws the chart. <paramref name="id"/> names the title and description (kept to a–z, 0–9 and hyphens, so
    /// "measure-12" gives "measure-12-title" and "measure-12-desc"); give each chart on a page its own.
    /// </summary>
    public static RenderedChart Render(string id, string title, MeasureUnit unit, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);

        var baseId = SanitiseId(id);
        var cleanTitle = Clean(title);
        if (cleanTitle.Length == 0)
        {
            cleanTitle = "Figures";
        }

        var lines = series.Select(Line.From).ToList();
        var periods = lines.SelectMany(l => l.Points.Select(p => p.Period)).Distinct().Order().ToList();

        if (!lines.Any(l => l.Valued.Count > 0))
        {
            var emptySummary = $"{cleanTitle}. {NoFigures}";
            return new RenderedChart(EmptySvg(baseId, cleanTitle, emptySummary), emptySummary);
        }

        var summary = Summarise(cleanTitle, unit, lines, periods);
        var svg = new SvgWriter();
        Draw(svg, baseId, cleanTitle, summary, unit, lines, periods);
        return new RenderedChart(svg.ToString(), summary);
    }

    private static void Draw(
        SvgWriter svg, string baseId, string title, string summary, MeasureUnit unit, List<Line> lines, List<MeasurePeriod> periods)
    {
        var scale = Scale.For(unit, lines.SelectMany(l => l.Valued.Select(p => p.Value)).ToList());
        var xLabels = periods.Select(p => WrapLabel(Clean(p.Label))).ToList();
        var xLabelLines = xLabels.Max(l => l.Length);
        var legend = LayOutLegend(lines);

        var endLabels = lines.Select(l => Fit(l.Name, MaxEndLabelWidth)).ToList();
        var endLabelWidth = endLabels.Where((_, i) => lines[i].Valued.Count > 0).Max(TextWidth);
        var yLabelWidth = scale.Ticks.Max(t => TextWidth(MeasureAssessment.Format(unit, t)));

        var plot = new Plot(
            Left: Edge + yLabelWidth + Edge,
            Top: legend.Bottom + 16,
            Right: Width - Edge - endLabelWidth - Edge,
            Bottom: Height - Edge - (xLabelLines * XLabelLineHeight) - Edge,
            Periods: periods.Count,
            Scale: scale);

        svg.Open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "measure-chart"),
            ("viewBox", $"0 0 {Width.ToString(Culture)} {Height.ToString(Culture)}"),
            ("width", "100%"),
            ("role", "img"),
            ("aria-labelledby", $"{baseId}-title {baseId}-desc"),
            ("focusable", "false"),
            ("font-family", "inherit"),
            ("font-size", FontSize),
        ]);
        svg.Element("title", [("id", $"{baseId}-title")], title);
        svg.Element("desc", [("id", $"{baseId}-desc")], summary);

        DrawYAxis(svg, unit, plot);
        DrawXAxis(svg, plot, xLabels);
        DrawLegend(svg, legend);

        foreach (var line in lines)
        {
            DrawLine(svg, line, plot, periods);
        }

        DrawSymbols(svg, lines, plot, periods);
        DrawEndLabels(svg, lines, endLabels, plot);

        svg.Close("svg");
    }

    private static void DrawYAxis(SvgWriter svg, MeasureUnit unit, Plot plot)
    {
        svg.Open("g", [("class", "measure-chart__grid"), ("stroke", GridColour), ("stroke-width", "1")]);
        foreach (var tick in plot.Scale.Ticks)
        {
            var y = plot.Y(tick);
            svg.Empty("line", [("x1", Number(plot.Left)), ("y1", Number(y)), ("x2", Number(plot.Right)), ("y2", Number(y))]);
        }

        svg.Close("g");

        svg.Open("g", [("class", "measure-chart__y-labels"), ("fill", TextColour), ("text-anchor", "end")]);
        foreach (var tick in plot.Scale.Ticks)
        {
            svg.Element(
                "text",
                [("class", "measure-chart__y-label"), ("x", Number(plot.Left - Edge)), ("y", Number(plot.Y(tick) + 4.5))],
                MeasureAssessment.Format(unit, tick));
        }

        svg.Close("g");

        var zero = plot.Y(0);
        svg.Empty("line", [
            ("class", "measure-chart__axis"),
            ("x1", Number(plot.Left)),
            ("y1", Number(zero)),
            ("x2", Number(plot.Right)),
            ("y2", Number(zero)),
            ("stroke", TextColour),
            ("stroke-width", "1"),
        ]);
    }

    private static void DrawXAxis(SvgWriter svg, Plot plot, List<string[]> labels)
    {
        var shown = ThinLabels(plot, labels);
        svg.Open("g", [("class", "measure-chart__ticks"), ("stroke", TextColour), ("stroke-width", "1")]);
        foreach (var index in shown)
        {
            var x = plot.X(index);
            svg.Empty("line", [("x1", Number(x)), ("y1", Number(plot.Bottom)), ("x2", Number(x)), ("y2", Number(plot.Bottom + 5))]);
        }

        svg.Close("g");

        svg.Open("g", [("class", "measure-chart__x-labels"), ("fill", TextColour), ("text-anchor", "middle")]);
        foreach (var index in shown)
        {
            var label = labels[index];
            var half = label.Max(TextWidth) / 2;
            var x = Math.Clamp(plot.X(index), half + 2, Math.Max(half + 2, Width - half - 2));
            var baseline = plot.Bottom + 18;
            if (label.Length == 1)
            {
                svg.Element("text", [("class", "measure-chart__x-label"), ("x", Number(x)), ("y", Number(baseline))], label[0]);
                continue;
            }

            svg.Open("text", [("class", "measure-chart__x-label"), ("x", Number(x)), ("y", Number(baseline))]);
            for (var i = 0; i < label.Length; i++)
            {
                svg.Element("tspan", [("x", Number(x)), ("y", Number(baseline + (i * XLabelLineHeight)))], label[i]);
            }

            svg.Close("text");
        }

        svg.Close("g");
    }

    /// <summary>
    /// Which x labels to show: every k-th from the first, and always the last (in place of the k-th before it when they
    /// would be too close), so at most <see cref="MaxXLabels"/> show and none overlap.
    /// </summary>
    private static List<int> ThinLabels(Plot plot, List<string[]> labels)
    {
        var count = labels.Count;
        if (count == 1)
        {
            return [0];
        }

        var widest = labels.Max(l => l.Max(TextWidth));
        var spacing = plot.Step;
        var step = Math.Max(
            (int)Math.Ceiling((count - 1) / (double)(MaxXLabels - 1)),
            (int)Math.Ceiling((widest + 10) / spacing));
        step = Math.Max(step, 1);

        var shown = new List<int>();
        for (var i = 0; i <= count - 1 - step; i += step)
        {
            shown.Add(i);
        }

        if (shown.Count == 0)
        {
            shown.Add(0);
        }

        shown.Add(count - 1);
        return shown;
    }

    private static void DrawLegend(SvgWriter svg, Legend legend)
    {
        svg.Open("g", [("class", "measure-chart__legend"), ("fill", TextColour)]);
        foreach (var item in legend.Items)
        {
            var look = item.Line.Look;
            svg.Open("g", [("class", $"measure-chart__legend-item measure-chart__legend-item--{look.Key}")]);
            svg.Empty("line", [
                ("class", $"measure-chart__key measure-chart__key--{look.Key}"),
                ("x1", Number(item.X)),
                ("y1", Number(item.Y)),
                ("x2", Number(item.X + LegendSampleWidth)),
                ("y2", Number(item.Y)),
                ("stroke", look.Colour),
                ("stroke-width", Number(look.StrokeWidth)),
                .. DashAttribute(look),
            ]);
            DrawMarker(svg, look, item.X + (LegendSampleWidth / 2), item.Y, "measure-chart__key-marker");
            svg.Element("text", [("x", Number(item.X + LegendSampleWidth + 6)), ("y", Number(item.Y + 4.5))], item.Text);
            svg.Close("g");
        }

        svg.Close("g");
    }

    private static Legend LayOutLegend(List<Line> lines)
    {
        var items = new List<LegendItem>();
        var x = Edge;
        var row = 0;
        foreach (var line in lines)
        {
            var text = Fit(line.Name, Width - (2 * Edge) - LegendSampleWidth - 6);
            var itemWidth = LegendSampleWidth + 6 + TextWidth(text);
            if (x > Edge && x + itemWidth > Width - Edge)
            {
                row++;
                x = Edge;
            }

            items.Add(new LegendItem(line, text, x, 16 + (row * LegendRowHeight)));
            x += itemWidth + LegendGap;
        }

        return new Legend(items, 16 + (row * LegendRowHeight) + 11);
    }

    private static void DrawLine(SvgWriter svg, Line line, Plot plot, List<MeasurePeriod> periods)
    {
        var look = line.Look;
        var runs = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? run = null;
        foreach (var point in line.Points)
        {
            if (Line.NumberOf(point) is not { } value)
            {
                run = null;
                continue;
            }

            if (run is null)
            {
                run = [];
                runs.Add(run);
            }

            run.Add((plot.X(periods.BinarySearch(point.Period)), plot.Y(value)));
        }

        svg.Open("g", [("class", $"measure-chart__series measure-chart__series--{look.Key}")]);
        if (runs.Count > 0)
        {
            var d = string.Join(
                " ",
                runs.Select(r => string.Join(" ", r.Select((p, i) => $"{(i == 0 ? "M" : "L")} {Number(p.X)} {Number(p.Y)}"))));
            svg.Empty("path", [
                ("class", $"measure-chart__line measure-chart__line--{look.Key}"),
                ("d", d),
                ("fill", "none"),
                ("stroke", look.Colour),
                ("stroke-width", Number(look.StrokeWidth)),
                ("stroke-linejoin", "round"),
                .. DashAttribute(look),
            ]);

            svg.Open("g", [("class", $"measure-chart__markers measure-chart__markers--{look.Key}")]);
            foreach (var (x, y) in runs.SelectMany(r => r))
            {
                DrawMarker(svg, look, x, y, "measure-chart__marker");
            }

            svg.Close("g");
        }

        svg.Close("g");
    }

    private static void DrawMarker(SvgWriter svg, Look look, double x, double y, string className)
    {
        var filled = new (string, string)[] { ("fill", look.Colour), ("stroke", White), ("stroke-width", "1") };
        switch (look.Marker)
        {
            case MarkerShape.Circle:
                svg.Empty("circle", [("class", className), ("cx", Number(x)), ("cy", Number(y)), ("r", "4.0"), .. filled]);
                break;
            case MarkerShape.Square:
                svg.Empty("rect", [
                    ("class", className), ("x", Number(x - 4)), ("y", Number(y - 4)), ("width", "8.0"), ("height", "8.0"), .. filled,
                ]);
                break;
            case MarkerShape.Diamond:
                svg.Empty("path", [
                    ("class", className),
                    ("d", $"M {Number(x)} {Number(y - 5.5)} L {Number(x + 5.5)} {Number(y)} L {Number(x)} {Number(y + 5.5)} L {Number(x - 5.5)} {Number(y)} Z"),
                    .. filled,
                ]);
                break;
            case MarkerShape.Triangle:
                svg.Empty("path", [
                    ("class", className),
                    ("d", $"M {Number(x)} {Number(y - 5.5)} L {Number(x + 5.5)} {Number(y + 4)} L {Number(x - 5.5)} {Number(y + 4)} Z"),
                    .. filled,
                ]);
                break;
            default:
                svg.Empty("path", [
                    ("class", className),
                    ("d", $"M {Number(x - 4)} {Number(y - 4)} L {Number(x + 4)} {Number(y + 4)} M {Number(x - 4)} {Number(y + 4)} L {Number(x + 4)} {Number(y - 4)}"),
                    ("fill", "none"),
                    ("stroke", look.Colour),
                    ("stroke-width", "2"),
                ]);
                break;
        }
    }

    /// <summary>Each suppression symbol as small text just above the baseline at its period; several at one period stack upwards.</summary>
    private static void DrawSymbols(SvgWriter svg, List<Line> lines, Plot plot, List<MeasurePeriod> periods)
    {
        var symbols = lines
            .SelectMany(l => l.Points
                .Where(p => p.Symbol is not null && Clean(p.Symbol).Length > 0)
                .Select(p => (Look: l.Look, Index: periods.BinarySearch(p.Period), Text: ShownSymbol(p.Symbol!))))
            .ToList();
        if (symbols.Count == 0)
        {
            return;
        }

        svg.Open("g", [("class", "measure-chart__symbols"), ("fill", TextColour), ("text-anchor", "middle"), ("font-size", "12")]);
        var stacked = new Dictionary<int, int>();
        foreach (var (look, index, text) in symbols)
        {
            var level = stacked.GetValueOrDefault(index);
            stacked[index] = level + 1;
            svg.Element(
                "text",
                [
                    ("class", $"measure-chart__symbol measure-chart__symbol--{look.Key}"),
                    ("x", Number(plot.X(index))),
                    ("y", Number(plot.Bottom - 5 - (level * SymbolSpacing))),
                ],
                text);
        }

        svg.Close("g");
    }

    /// <summary>Each line's name beside the plot at the height of its last figure, moved apart so none overlap.</summary>
    private static void DrawEndLabels(SvgWriter svg, List<Line> lines, List<string> texts, Plot plot)
    {
        var labels = lines
            .Select((line, i) => (Line: line, Text: texts[i], Order: i))
            .Where(l => l.Line.Valued.Count > 0)
            .Select(l => (l.Line.Look, l.Text, l.Order, Y: plot.Y(l.Line.Valued[^1].Value)))
            .OrderBy(l => l.Y)
            .ThenBy(l => l.Order)
            .ToList();

        var ys = labels.Select(l => l.Y).ToArray();
        for (var i = 1; i < ys.Length; i++)
        {
            ys[i] = Math.Max(ys[i], ys[i - 1] + EndLabelSpacing);
        }

        var lowest = plot.Bottom;
        if (ys.Length > 0 && ys[^1] > lowest)
        {
            ys[^1] = lowest;
            for (var i = ys.Length - 2; i >= 0; i--)
            {
                ys[i] = Math.Min(ys[i], ys[i + 1] - EndLabelSpacing);
            }
        }

        svg.Open("g", [("class", "measure-chart__labels"), ("fill", TextColour)]);
        for (var i = 0; i < labels.Count; i++)
        {
            svg.Element(
                "text",
                [
                    ("class", $"measure-chart__label measure-chart__label--{labels[i].Look.Key}"),
                    ("x", Number(plot.Right + Edge)),
                    ("y", Number(ys[i] + 4.5)),
                ],
                labels[i].Text);
        }

        svg.Close("g");
    }

    private static string EmptySvg(string baseId, string title, string summary)
    {
        var svg = new SvgWriter();
        svg.Open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("class", "measure-chart measure-chart--empty"),
            ("viewBox", $"0 0 {Width.ToString(Culture)} {Height.ToString(Culture)}"),
            ("width", "100%"),
            ("role", "img"),
            ("aria-labelledby", $"{baseId}-title {baseId}-desc"),
            ("focusable", "false"),
            ("font-family", "inherit"),
            ("font-size", FontSize),
        ]);
        svg.Element("title", [("id", $"{baseId}-title")], title);
        svg.Element("desc", [("id", $"{baseId}-desc")], summary);
        svg.Element(
            "text",
            [
                ("class", "measure-chart__empty"),
                ("x", Number(Width / 2)),
                ("y", Number(Height / 2)),
                ("fill", TextColour),
                ("text-anchor", "middle"),
                ("font-size", "16"),
            ],
            NoFigures);
        svg.Close("svg");
        return svg.ToString();
    }

    private static string Summarise(string title, MeasureUnit unit, List<Line> lines, List<MeasurePeriod> periods)
    {
        // The span of the figures themselves: a target's date is given with the target.
        var figurePeriods = lines.Where(l => l.Kind != ChartLine.Target).SelectMany(l => l.Points.Select(p => p.Period)).Order().ToList();
        if (figurePeriods.Count == 0)
        {
            figurePeriods = periods;
        }

        var first = PeriodPhrase(figurePeriods[0]);
        var last = PeriodPhrase(figurePeriods[^1]);
        var range = first == last ? first : $"{first} to {last}";
        var sentences = new List<string> { $"{title}, {range}." };

        var lead = lines.FirstOrDefault(l => l.Kind == ChartLine.Area) ?? lines.FirstOrDefault(l => l.Kind != ChartLine.Target);
        foreach (var line in lines)
        {
            sentences.Add(Describe(line, unit, ReferenceEquals(line, lead) || line.Kind == ChartLine.Area, lead) + ".");
        }

        return string.Join(" ", sentences);
    }

    private static string Describe(Line line, MeasureUnit unit, bool full, Line? lead)
    {
        var name = line.Name;
        var valued = line.Valued;
        var latest = line.Points.Count > 0 ? line.Points[^1] : null;
        var missingLatest = latest is not null && Line.NumberOf(latest) is null ? MissingFigure(latest) : null;

        if (valued.Count == 0)
        {
            return missingLatest is not null && latest!.Symbol is not null
                ? $"{name}: {missingLatest}"
                : $"{name}: no figures yet";
        }

        var first = valued[0];
        var last = valued[^1];
        string text;
        if (line.Kind == ChartLine.Target)
        {
            text = $"{name}: {MeasureAssessment.Format(unit, last.Value)} by {PeriodPhrase(last.Period)}";
        }
        else if (valued.Count == 1)
        {
            text = $"{name}: {MeasureAssessment.Format(unit, last.Value)} in {PeriodPhrase(last.Period)}";
        }
        else if (full)
        {
            text = $"{name}: from {MeasureAssessment.Format(unit, first.Value)} in {PeriodPhrase(first.Period)} "
                + $"to {MeasureAssessment.Format(unit, last.Value)} in {PeriodPhrase(last.Period)}, {Change(unit, last.Value - first.Value)}";
        }
        else if (lead is not null && lead.Valued.Count > 1 && lead.Valued[0].Period == first.Period && lead.Valued[^1].Period == last.Period)
        {
            text = $"{name}: from {MeasureAssessment.Format(unit, first.Value)} to {MeasureAssessment.Format(unit, last.Value)}";
        }
        else
        {
            text = $"{name}: from {MeasureAssessment.Format(unit, first.Value)} in {PeriodPhrase(first.Period)} "
                + $"to {MeasureAssessment.Format(unit, last.Value)} in {PeriodPhrase(last.Period)}";
        }

        return missingLatest is null ? text : $"{text}; {missingLatest}";
    }

    /// <summary>"the figure for 2021 is c, suppressed to protect confidentiality", or "there is no figure for 2021".</summary>
    private static string MissingFigure(ChartPoint point)
    {
        var period = PeriodPhrase(point.Period);
        var symbol = point.Symbol is null ? string.Empty : Clean(point.Symbol);
        if (symbol.Length == 0)
        {
            return $"there is no figure for {period}";
        }

        return FigureSymbols.TryRead(symbol, out var known)
            ? $"the figure for {period} is {known}, {FigureSymbols.Meaning(known)}"
            : $"the figure for {period} is \"{symbol}\", which is not a number";
    }

    /// <summary>"up 4 percentage points", "down 2.1 per 10,000", "up 1 day", "no change".</summary>
    private static string Change(MeasureUnit unit, decimal difference)
    {
        if (difference == 0)
        {
            return "no change";
        }

        var size = Math.Abs(difference);
        var amount = unit == MeasureUnit.Percentage
            ? MeasureAssessment.Format(MeasureUnit.Count, size) + (size == 1 ? " percentage point" : " percentage points")
            : MeasureAssessment.Format(unit, size);
        return (difference > 0 ? "up " : "down ") + amount;
    }

    /// <summary>
    /// A period as it reads after "in", "by" or "for": "March 2022", "2021", "the 2021/22 academic year", "the autumn term
    /// 2021/22", and "the January to March 2022 quarter" so that "from … to …" reads one way only.
    /// </summary>
    private static string PeriodPhrase(MeasurePeriod period) => Clean(period.Phrase);

    private static string ShownSymbol(string symbol) =>
        FigureSymbols.TryRead(symbol, out var known) ? known : Fit(Clean(symbol), 60);

    /// <summary>A long period label on two lines, split at the space that makes the longer line shortest.</summary>
    private static string[] WrapLabel(string label)
    {
        if (label.Length <= XLabelWrapLength)
        {
            return [label];
        }

        string[]? best = null;
        for (var i = label.IndexOf(' ', StringComparison.Ordinal); i > 0; i = label.IndexOf(' ', i + 1))
        {
            string[] candidate = [label[..i], label[(i + 1)..]];
            if (best is null || Math.Max(candidate[0].Length, candidate[1].Length) < Math.Max(best[0].Length, best[1].Length))
            {
                best = candidate;
            }
        }

        return best ?? [label];
    }

    /// <summary>The text, shortened with an ellipsis when its estimated width is more than <paramref name="width"/>.</summary>
    private static string Fit(string text, double width)
    {
        var maxChars = Math.Max(2, (int)Math.Floor(width / CharWidth));
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars - 1).TrimEnd(), "…");
    }

    private static double TextWidth(string text) => text.Length * CharWidth;

    private static IEnumerable<(string Name, string Value)> DashAttribute(Look look) =>
        look.Dash is null ? [] : [("stroke-dasharray", look.Dash)];

    /// <summary>Lower case, with anything but a–z, 0–9 and hyphens made a hyphen; "measure-chart" when nothing is left.</summary>
    private static string SanitiseId(string? id)
    {
        var builder = new StringBuilder();
        foreach (var c in (id ?? string.Empty).Trim().ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? c : '-');
        }

        var result = builder.ToString().Trim('-');
        return result.Length == 0 ? "measure-chart" : result;
    }

    /// <summary>Text on one line with characters XML cannot hold removed and runs of white space made single spaces.</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                AppendPending();
                builder.Append(c).Append(text[++i]);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (char.IsSurrogate(c) || c < ' ' || c is '\uFFFE' or '\uFFFF')
            {
                continue;
            }

            AppendPending();
            builder.Append(c);
        }

        return builder.ToString();

        void AppendPending()
        {
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
        }
    }

    /// <summary>A coordinate or size to 1 decimal place, never "-0.0".</summary>
    private static string Number(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0.0", Culture);
    }

    private enum MarkerShape
    {
        Circle,
        Square,
        Diamond,
        Triangle,
        Cross,
    }

    /// <summary>How a kind of line looks. Every colour is from the GOV.UK Frontend palette with at least 3:1 contrast against white.</summary>
    private sealed record Look(string Key, string Colour, string? Dash, double StrokeWidth, MarkerShape Marker)
    {
        public static Look For(ChartLine line) => line switch
        {
            // Blue, 5.2:1.
            ChartLine.Area => new("area", "#1d70b8", null, 3, MarkerShape.Circle),

            // Dark grey, 9.0:1.
            ChartLine.England => new("england", "#484949", "8 4", 2.5, MarkerShape.Square),

            // Purple, 9.1:1.
            ChartLine.Region => new("region", "#54319f", "10 4 2 4", 2.5, MarkerShape.Diamond),

            // Orange shade 25, 4.7:1 (brown and orange themselves are under 4.5:1, and orange under 3:1).
            ChartLine.NeighbourAverage => new("neighbour-average", "#b7592a", "2 4", 2.5, MarkerShape.Triangle),

            // Green, 5.4:1.
            ChartLine.Target => new("target", "#0f7a52", "16 6", 2, MarkerShape.Cross),
            _ => throw new ArgumentOutOfRangeException(nameof(line), line, "Unknown chart line."),
        };
    }

    /// <summary>A series made ready to draw: a clean name, its points in period order (the last given wins a period), and those with numbers.</summary>
    private sealed record Line(string Name, ChartLine Kind, Look Look, List<ChartPoint> Points, List<(MeasurePeriod Period, decimal Value)> Valued)
    {
        public static Line From(ChartSeries series)
        {
            ArgumentNullException.ThrowIfNull(series);
            var points = (series.Points ?? [])
                .Where(p => p is not null)
                .GroupBy(p => p.Period)
                .Select(g => g.Last())
                .OrderBy(p => p.Period)
                .ToList();
            var name = Clean(series.Name);
            if (name.Length == 0)
            {
                name = DefaultName(series.Line);
            }

            var valued = points
                .Where(p => NumberOf(p) is not null)
                .Select(p => (p.Period, NumberOf(p)!.Value))
                .ToList();
            return new Line(name, series.Line, Look.For(series.Line), points, valued);
        }

        public static decimal? NumberOf(ChartPoint point) =>
            point.Symbol is null || Clean(point.Symbol).Length == 0 ? point.Value : null;

        private static string DefaultName(ChartLine line) => line switch
        {
            ChartLine.Area => "This area",
            ChartLine.England => "England",
            ChartLine.Region => "Region",
            ChartLine.NeighbourAverage => "Statistical neighbours",
            _ => "Target",
        };
    }

    private sealed record LegendItem(Line Line, string Text, double X, double Y);

    private sealed record Legend(List<LegendItem> Items, double Bottom);

    /// <summary>The value axis: from <see cref="Low"/> to <see cref="High"/> in steps of <see cref="Step"/>.</summary>
    private sealed record Scale(decimal Low, decimal High, decimal Step)
    {
        public IEnumerable<decimal> Ticks
        {
            get
            {
                for (var v = Low; v <= High; v += Step)
                {
                    yield return v;
                }
            }
        }

        /// <summary>
        /// From 0 (or a step below the smallest figure when one is negative) to a step above the largest, in the smallest
        /// step of 1, 2, 2.5 or 5 times a power of ten that needs at most <see cref="MaxIntervals"/> steps; counts step in
        /// whole numbers. Percentages all from 0 to 100 stop at 100.
        /// </summary>
        public static Scale For(MeasureUnit unit, List<decimal> values)
        {
            var max = values.Max();
            var min = values.Min();
            if (max <= 0 && min >= 0)
            {
                max = 1;
            }

            foreach (var step in Steps(unit))
            {
                var high = max > 0 ? (Math.Floor(max / step) + 1) * step : 0;
                var low = min < 0 ? -(Math.Floor(-min / step) + 1) * step : 0;
                if ((high - low) / step > MaxIntervals)
                {
                    continue;
                }

                if (unit == MeasureUnit.Percentage && min >= 0 && values.Max() <= 100 && high > 100)
                {
                    high = 100;
                }

                while ((high - low) / step < MinIntervals)
                {
                    high += step;
                }

                return new Scale(low, high, step);
            }

            throw new ArgumentOutOfRangeException(nameof(values), "The figures are too large to chart.");
        }

        private static IEnumerable<decimal> Steps(MeasureUnit unit)
        {
            for (var power = unit == MeasureUnit.Count ? 1m : 0.0001m; power <= 1e24m; power *= 10)
            {
                foreach (var multiple in NiceMultiples)
                {
                    var step = multiple * power;
                    if (unit != MeasureUnit.Count || step == Math.Floor(step))
                    {
                        yield return step;
                    }
                }
            }
        }
    }

    /// <summary>Where the plot sits in the chart, and where a period and a value fall in it.</summary>
    private sealed record Plot(double Left, double Top, double Right, double Bottom, int Periods, Scale Scale)
    {
        /// <summary>The distance between neighbouring periods.</summary>
        public double Step => Periods > 1 ? (Right - Left - (2 * PlotPadding)) / (Periods - 1) : Right - Left;

        /// <summary>Periods are evenly spaced by position, not date; a single period is in the middle.</summary>
        public double X(int index) => Periods > 1 ? Left + PlotPadding + (index * Step) : (Left + Right) / 2;

        public double Y(decimal value) =>
            Bottom - ((double)((value - Scale.Low) / (Scale.High - Scale.Low)) * (Bottom - Top));
    }

    /// <summary>Writes SVG markup with every attribute value and text escaped.</summary>
    private sealed class SvgWriter
    {
        private readonly StringBuilder _builder = new();

        public void Open(string name, IEnumerable<(string Name, string Value)> attributes)
        {
            Start(name, attributes);
            _builder.Append('>');
        }

        public void Close(string name) => _builder.Append("</").Append(name).Append('>');

        public void Empty(string name, IEnumerable<(string Name, string Value)> attributes)
        {
            Start(name, attributes);
            _builder.Append("/>");
        }

        public void Element(string name, IEnumerable<(string Name, string Value)> attributes, string text)
        {
            Open(name, attributes);
            Escape(text);
            Close(name);
        }

        public override string ToString() => _builder.ToString();

        private void Start(string name, IEnumerable<(string Name, string Value)> attributes)
        {
            _builder.Append('<').Append(name);
            foreach (var (attribute, value) in attributes)
            {
                _builder.Append(' ').Append(attribute).Append("=\"");
                Escape(value);
                _builder.Append('"');
            }
        }

        private void Escape(string text)
        {
            foreach (var c in Clean(text))
            {
                _ = c switch
                {
                    '&' => _builder.Append("&amp;"),
                    '<' => _builder.Append("&lt;"),
                    '>' => _builder.Append("&gt;"),
                    '"' => _builder.Append("&quot;"),
                    '\'' => _builder.Append("&#39;"),
                    _ => _builder.Append(c),
                };
            }
        }
    }
}

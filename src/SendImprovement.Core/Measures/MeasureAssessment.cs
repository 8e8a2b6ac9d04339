using System.Globalization;

namespace SendImprovement.Core.Measures;

/// <summary>A figure for one period: a number, or a suppression symbol, or only a note (qualitative).</summary>
public sealed record MeasureFigure(MeasurePeriod Period, decimal? Value, string? Symbol = null, string? Note = null);

/// <summary>A dated step on the way to a target; the last step by date is the target itself.</summary>
public sealed record TrajectoryPoint(DateOnly By, decimal Value);

/// <summary>
/// A measure's target. Which parts are needed depends on the kind: a threshold needs <see cref="Value"/>; an absolute
/// target needs <see cref="Value"/> and <see cref="By"/>; a relative change needs <see cref="RelativeChangePercent"/>
/// (negative is a reduction) and <see cref="By"/>; a trajectory needs at least one <see cref="Trajectory"/> point.
/// </summary>
public sealed record MeasureTarget(
    TargetKind Kind,
    decimal? Value = null,
    DateOnly? By = null,
    decimal? RelativeChangePercent = null,
    IReadOnlyList<TrajectoryPoint>? Trajectory = null);

/// <summary>Everything about a measure that its status is judged by. The baseline's date is the end of its period.</summary>
public sealed record MeasureRules(
    MeasureUnit Unit,
    MeasureDirection Direction,
    MeasureTarget Target,
    decimal? BaselineValue = null,
    MeasurePeriod? BaselinePeriod = null,
    decimal? BandLow = null,
    decimal? BandHigh = null);

/// <summary>
/// The product's assessment of a measure, with a one-sentence explanation that ends ": on track" or ": off track",
/// or starts "Not assessed: ". <see cref="ComparedWith"/> is the value the figure was compared with, where there was one.
/// </summary>
public sealed record MeasureStatus(MeasureStatusKind Kind, string Explanation, decimal? ComparedWith = null);

/// <summary>
/// Judges a measure's latest figure against its target, and says why. Nothing is decided silently: every way out gives
/// its reason. Expected values worked out along a line are rounded to 1 decimal place, and the figure is compared with
/// the rounded value, so the comparison is the one the explanation shows.
/// </summary>
public static class MeasureAssessment
{
    private const string NotAssessedPrefix = "Not assessed: ";
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>
    /// Judges the latest figure, dated the last day of its period. A band, when the direction is within a band, is the
    /// target whatever the target kind. A threshold is compared with directly. An absolute or relative target is compared
    /// with directly from its date on; before it, a figure that already meets it is on track, and any other is compared with
    /// the straight line from the baseline to the target. A trajectory is compared with the line through its steps (the
    /// baseline, when set, is the first), and after its last step with the last step. Parity is with
    /// <paramref name="england"/>'s figure for the same period.
    /// </summary>
    public static MeasureStatus Assess(MeasureRules rules, MeasureFigure? latest, Func<MeasurePeriod, MeasureFigure?> england)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(england);

        if (latest is null)
        {
            return NotAssessed("no figure has been recorded yet");
        }

        if (latest.Symbol is not null)
        {
            return NotAssessed($"the figure for {latest.Period.Phrase} is {DescribeSymbol(latest.Symbol)}");
        }

        if (latest.Value is not { } value)
        {
            return NotAssessed(latest.Note is null
                ? $"the latest entry for {latest.Period.Phrase} has no figure"
                : $"the latest entry for {latest.Period.Phrase} is a note, not a figure");
        }

        var figure = new Judged(rules.Unit, rules.Direction, value, latest.Period);

        if (rules.Direction == MeasureDirection.WithinBand)
        {
            return AssessBand(rules, figure);
        }

        return rules.Target.Kind switch
        {
            TargetKind.None => NotAssessed("no target has been set"),
            TargetKind.Threshold => AssessThreshold(rules, figure),
            TargetKind.Absolute => AssessAbsolute(rules, figure),
            TargetKind.RelativeChange => AssessRelativeChange(rules, figure),
            TargetKind.Trajectory => AssessTrajectory(rules, figure),
            TargetKind.ParityWithEngland => AssessParity(figure, england(latest.Period)),
            _ => throw new ArgumentOutOfRangeException(nameof(rules), rules.Target.Kind, "Unknown target kind."),
        };
    }

    /// <summary>
    /// Whether the latest figure is better than the one before: unknown unless both are numbers (a suppressed figure is
    /// not), and for a band, better when it is nearer the band (inside counts as distance 0).
    /// </summary>
    public static TravelDirection Travel(MeasureRules rules, MeasureFigure? latest, MeasureFigure? previous)
    {
        ArgumentNullException.ThrowIfNull(rules);

        if (NumberOf(latest) is not { } now || NumberOf(previous) is not { } before)
        {
            return TravelDirection.Unknown;
        }

        switch (rules.Direction)
        {
            case MeasureDirection.HigherIsBetter:
                return Compare(now, before);
            case MeasureDirection.LowerIsBetter:
                return Compare(before, now);
            case MeasureDirection.WithinBand:
                if (rules.BandLow is not { } low || rules.BandHigh is not { } high || low > high)
                {
                    return TravelDirection.Unknown;
                }

                return Compare(DistanceFromBand(before, low, high), DistanceFromBand(now, low, high));
            default:
                throw new ArgumentOutOfRangeException(nameof(rules), rules.Direction, "Unknown direction.");
        }

        static TravelDirection Compare(decimal better, decimal worse) =>
            better > worse ? TravelDirection.Improving
            : better < worse ? TravelDirection.Worsening
            : TravelDirection.NoChange;
    }

    /// <summary>A figure as people read it: "62%", "62.5%", "1,234", "45.2 per 10,000", "18 days", "1 day", "20 weeks", "3.4".</summary>
    public static string Format(MeasureUnit unit, decimal value)
    {
        var number = Number(value);
        return unit switch
        {
            MeasureUnit.Percentage => number + "%",
            MeasureUnit.Count => number,
            MeasureUnit.RatePer10000 => number + " per 10,000",
            MeasureUnit.Days => number + (value == 1 ? " day" : " days"),
            MeasureUnit.Weeks => number + (value == 1 ? " week" : " weeks"),
            MeasureUnit.Score => number,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit."),
        };
    }

    /// <summary>"April 2022" when the date is the last day of its month, else "15 April 2022".</summary>
    public static string DescribeBy(DateOnly date) =>
        date.Day == DateTime.DaysInMonth(date.Year, date.Month)
            ? date.ToString("MMMM yyyy", Culture)
            : date.ToString("d MMMM yyyy", Culture);

    public static string StatusLabel(MeasureStatusKind kind) => kind switch
    {
        MeasureStatusKind.OnTrack => "On track",
        MeasureStatusKind.OffTrack => "Off track",
        MeasureStatusKind.NotAssessed => "Not assessed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown status."),
    };

    private static MeasureStatus AssessBand(MeasureRules rules, Judged figure)
    {
        if (rules.BandLow is not { } low || rules.BandHigh is not { } high)
        {
            return NotAssessed((rules.BandLow, rules.BandHigh) switch
            {
                (null, null) => "the band is not set",
                (null, _) => "the band has no lower limit",
                _ => "the band has no upper limit",
            });
        }

        if (low > high)
        {
            return NotAssessed(
                $"the band's lower limit ({Format(rules.Unit, low)}) is above its upper limit ({Format(rules.Unit, high)})");
        }

        var inside = figure.Value >= low && figure.Value <= high;
        var where = inside ? "within" : "outside";
        return Judge(inside, $"{figure.Describe()}, {where} the band of {Range(rules.Unit, low, high)}");
    }

    private static MeasureStatus AssessThreshold(MeasureRules rules, Judged figure)
    {
        if (rules.Target.Value is not { } threshold)
        {
            return NotAssessed("the target has no value");
        }

        var bound = figure.Direction == MeasureDirection.HigherIsBetter ? "at least" : "at most";
        return Judge(
            figure.Meets(threshold),
            $"{figure.Describe()} against a threshold of {bound} {Format(figure.Unit, threshold)}",
            threshold);
    }

    private static MeasureStatus AssessAbsolute(MeasureRules rules, Judged figure)
    {
        if (rules.Target.Value is not { } target || rules.Target.By is not { } by)
        {
            return NotAssessed(MissingParts(rules.Target.Value is null ? "value" : null, rules.Target.By is null ? "date" : null));
        }

        return AssessTowards(rules, figure, target, by, $"{Format(figure.Unit, target)} by {DescribeBy(by)}");
    }

    private static MeasureStatus AssessRelativeChange(MeasureRules rules, Judged figure)
    {
        if (rules.Target.RelativeChangePercent is not { } percent || rules.Target.By is not { } by)
        {
            return NotAssessed(MissingParts(
                rules.Target.RelativeChangePercent is null ? "percentage change" : null,
                rules.Target.By is null ? "date" : null));
        }

        if (rules.BaselineValue is not { } baseline)
        {
            return NotAssessed("a relative target needs a baseline");
        }

        // 120 with a 30% reduction: 120 × (1 + -30/100) = 84.
        var target = Round(baseline * (1 + (percent / 100)));
        var from = $"from the baseline of {Format(figure.Unit, baseline)}";
        var description = percent switch
        {
            < 0 => $"a {Format(MeasureUnit.Percentage, -percent)} reduction {from} (to {Format(figure.Unit, target)})",
            > 0 => $"a {Format(MeasureUnit.Percentage, percent)} increase {from} (to {Format(figure.Unit, target)})",
            _ => $"no change {from}",
        } + $" by {DescribeBy(by)}";
        return AssessTowards(rules, figure, target, by, description);
    }

    /// <summary>A target value by a date: compared directly from the date on; before it, met already or judged against the line from the baseline.</summary>
    private static MeasureStatus AssessTowards(MeasureRules rules, Judged figure, decimal target, DateOnly by, string targetText)
    {
        if (figure.Date >= by)
        {
            return Judge(figure.Meets(target), $"{figure.Describe()} against a target of {targetText}", target);
        }

        if (figure.Meets(target))
        {
            return Judge(true, $"{figure.Describe()} against a target of {targetText}, already met", target);
        }

        if (rules.BaselineValue is not { } baselineValue || rules.BaselinePeriod is not { } baselinePeriod)
        {
            var byText = DescribeBy(by);
            return NotAssessed((rules.BaselineValue, rules.BaselinePeriod) switch
            {
                (null, null) => $"there is no baseline or trajectory to judge progress before {byText}",
                (null, _) => $"the baseline has no value, so there is no line to judge progress before {byText}",
                _ => $"the baseline has no period, so there is no line to judge progress before {byText}",
            });
        }

        var baseline = new TrajectoryPoint(baselinePeriod.End, baselineValue);
        if (figure.Date < baseline.By)
        {
            return BeforeBaseline(figure, baselinePeriod);
        }

        var expected = Round(Between(baseline, new TrajectoryPoint(by, target), figure.Date));
        return Judge(
            figure.Meets(expected),
            $"{figure.Describe()} against a trajectory of {Format(figure.Unit, expected)} for that date and a target of {targetText}",
            expected);
    }

    private static MeasureStatus AssessTrajectory(MeasureRules rules, Judged figure)
    {
        if (rules.Target.Trajectory is not { Count: > 0 } steps)
        {
            return NotAssessed("the target has no trajectory");
        }

        var points = steps.OrderBy(p => p.By).ToList();
        var last = points[^1];
        var targetText = $"{Format(figure.Unit, last.Value)} by {DescribeBy(last.By)}";
        if (figure.Date >= last.By)
        {
            return Judge(figure.Meets(last.Value), $"{figure.Describe()} against a target of {targetText}", last.Value);
        }

        if (rules.BaselineValue is { } baselineValue && rules.BaselinePeriod is { } baselinePeriod)
        {
            if (figure.Date < baselinePeriod.End)
            {
                return BeforeBaseline(figure, baselinePeriod);
            }

            points.Add(new TrajectoryPoint(baselinePeriod.End, baselineValue));
            points = [.. points.OrderBy(p => p.By)];
        }
        else if (figure.Date < points[0].By)
        {
            var missing = (rules.BaselineValue, rules.BaselinePeriod) switch
            {
                (null, null) => "there is no baseline",
                (null, _) => "the baseline has no value",
                _ => "the baseline has no period",
            };
            return NotAssessed(
                $"the trajectory starts {OnOrIn(points[0].By)}, after the figure for {figure.Period.Phrase}, and {missing}");
        }

        // The last point on or before the figure's date, and the first after it: the list is sorted and the figure is
        // on or after the first point and before the last, so both exist and the second is strictly later.
        var from = points.Last(p => p.By <= figure.Date);
        var to = points.First(p => p.By > figure.Date);
        var expected = Round(Between(from, to, figure.Date));
        return Judge(
            figure.Meets(expected),
            $"{figure.Describe()} against a trajectory of {Format(figure.Unit, expected)} for that date and a target of {targetText}",
            expected);
    }

    private static MeasureStatus AssessParity(Judged figure, MeasureFigure? england)
    {
        var period = figure.Period.Phrase;
        if (england?.Symbol is { } symbol)
        {
            return NotAssessed($"the England figure for {period} is {DescribeSymbol(symbol)}");
        }

        if (england?.Value is not { } englandValue)
        {
            return NotAssessed($"there is no England figure for {period} yet");
        }

        return Judge(
            figure.Meets(englandValue),
            $"{figure.Describe()} against England's {Format(figure.Unit, englandValue)} for {period}",
            englandValue);
    }

    private static MeasureStatus BeforeBaseline(Judged figure, MeasurePeriod baselinePeriod) =>
        NotAssessed(
            $"the figure for {figure.Period.Phrase} is from before the end of the baseline period ({baselinePeriod.Phrase})");

    /// <summary>The value on the straight line between two points at a date, counting days.</summary>
    private static decimal Between(TrajectoryPoint from, TrajectoryPoint to, DateOnly date)
    {
        var span = to.By.DayNumber - from.By.DayNumber;
        if (span == 0)
        {
            return to.Value;
        }

        var elapsed = date.DayNumber - from.By.DayNumber;
        return from.Value + ((to.Value - from.Value) * elapsed / span);
    }

    private static decimal Round(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private static decimal DistanceFromBand(decimal value, decimal low, decimal high) =>
        value < low ? low - value : value > high ? value - high : 0;

    private static decimal? NumberOf(MeasureFigure? figure) => figure is { Symbol: null, Value: { } value } ? value : null;

    /// <summary>"the target has no value", "… no date", "… no value or date": at least one part is missing.</summary>
    private static string MissingParts(string? first, string? second) => (first, second) switch
    {
        (_, null) => $"the target has no {first}",
        (null, _) => $"the target has no {second}",
        _ => $"the target has no {first} or {second}",
    };

    private static string DescribeSymbol(string symbol) =>
        FigureSymbols.TryRead(symbol, out var known) ? $"{known} ({FigureSymbols.Meaning(known)})"
        : string.IsNullOrWhiteSpace(symbol) ? "a blank symbol, which is not a number"
        : $"\"{symbol.Trim()}\", which is not a number";

    /// <summary>"15 to 20 weeks", "40 to 50 per 10,000", but "60% to 70%".</summary>
    private static string Range(MeasureUnit unit, decimal low, decimal high) =>
        unit == MeasureUnit.Percentage
            ? $"{Format(unit, low)} to {Format(unit, high)}"
            : $"{Number(low)} to {Format(unit, high)}";

    private static string OnOrIn(DateOnly date)
    {
        var text = DescribeBy(date);
        return char.IsDigit(text[0]) ? "on " + text : "in " + text;
    }

    /// <summary>A period as it reads after "in" or "for": "March 2022", "2021", "the 2021/22 academic year", "the autumn term 2021/22".</summary>
    private static string Number(decimal value) => value.ToString("#,##0.##########", Culture);

    private static MeasureStatus NotAssessed(string reason) =>
        new(MeasureStatusKind.NotAssessed, NotAssessedPrefix + reason + ".");

    private static MeasureStatus Judge(bool onTrack, string comparison, decimal? comparedWith = null) =>
        onTrack
            ? new(MeasureStatusKind.OnTrack, comparison + ": on track", comparedWith)
            : new(MeasureStatusKind.OffTrack, comparison + ": off track", comparedWith);

    /// <summary>A latest figure that is a number, with what it needs to describe and compare itself.</summary>
    private readonly record struct Judged(MeasureUnit Unit, MeasureDirection Direction, decimal Value, MeasurePeriod Period)
    {
        public DateOnly Date => Period.End;

        public string Describe() => $"{Format(Unit, Value)} in {Period.Phrase}";

        /// <summary>Whether the figure is as good as the value or better; only called for higher- or lower-is-better.</summary>
        public bool Meets(decimal expected) =>
            Direction == MeasureDirection.LowerIsBetter ? Value <= expected : Value >= expected;
    }
}

/// <summary>How a figure read: <see cref="FigureSymbols.ReadFigure"/>.</summary>
public enum FigureReading
{
    Ok,
    NotANumber,
    PercentageForOtherUnit,
    PercentageOutOfRange,
    Negative,
}

/// <summary>The DfE's symbols for figures that are not published as numbers; they are never read as zero.</summary>
public static class FigureSymbols
{
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["c"] = "suppressed to protect confidentiality",
        ["x"] = "not available",
        ["z"] = "not applicable",
        ["low"] = "a positive number that rounds to zero",
        ["u"] = "low reliability",
        [":"] = "not available",
    };

    /// <summary>c, x, z, low, u and ":".</summary>
    public static IReadOnlyList<string> All { get; } = ["c", "x", "z", "low", "u", ":"];

    /// <summary>
    /// Reads a figure as a person or a file wrote it: empty (Ok, nothing), one of the DfE's symbols, or a number (a
    /// percentage may end in %), checked against the measure's unit when it is known. The callers word the problem.
    /// </summary>
    public static FigureReading ReadFigure(string? text, MeasureUnit? unit, out decimal? value, out string? symbol)
    {
        value = null;
        symbol = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return FigureReading.Ok;
        }

        if (TryRead(trimmed, out var s))
        {
            symbol = s;
            return FigureReading.Ok;
        }

        var percent = trimmed.EndsWith('%');
        if (!decimal.TryParse(percent ? trimmed[..^1].TrimEnd() : trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            return FigureReading.NotANumber;
        }

        value = parsed;
        return unit switch
        {
            { } u when percent && u != MeasureUnit.Percentage => FigureReading.PercentageForOtherUnit,
            MeasureUnit.Percentage when parsed is < 0 or > 100 => FigureReading.PercentageOutOfRange,
            { } u when parsed < 0 && u != MeasureUnit.Score => FigureReading.Negative,
            _ => FigureReading.Ok,
        };
    }

    /// <summary>
    /// Reads a symbol as a file or a person wrote it: spaces trimmed, any case, and in square brackets as newer DfE files
    /// write them ("[c]", "[x]", "[z]", "[low]", "[u]"). Gives the canonical lower-case symbol, or "" when the text is not one.
    /// </summary>
    public static bool TryRead(string? text, out string symbol)
    {
        symbol = string.Empty;
        if (text is null)
        {
            return false;
        }

        var candidate = text.Trim().ToLowerInvariant();
        if (candidate.Length > 2 && candidate[0] == '[' && candidate[^1] == ']')
        {
            candidate = candidate[1..^1].Trim();
        }

        if (!Meanings.ContainsKey(candidate))
        {
            return false;
        }

        symbol = candidate;
        return true;
    }

    /// <summary>What a symbol means, in words that follow "is c (…)"; the symbol is read as <see cref="TryRead"/> reads it.</summary>
    public static string Meaning(string symbol) =>
        TryRead(symbol, out var known)
            ? Meanings[known]
            : throw new ArgumentException($"\"{symbol}\" is not one of the DfE's figure symbols.", nameof(symbol));
}

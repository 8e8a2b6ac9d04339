using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.GovUk;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// The words the measure pages use for each choice and state, and small pieces of HTML used many times on a page.
/// Every status is a word; colour is only a second signal. Every piece of text is HTML-encoded.
/// </summary>
public static class MeasureDisplay
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Unit(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Percentage => "Percentage",
        MeasureUnit.Count => "Count",
        MeasureUnit.RatePer10000 => "Rate per 10,000",
        MeasureUnit.Days => "Days",
        MeasureUnit.Weeks => "Weeks",
        _ => "Score",
    };

    public static string Direction(MeasureDirection direction) => direction switch
    {
        MeasureDirection.HigherIsBetter => "Higher is better",
        MeasureDirection.LowerIsBetter => "Lower is better",
        _ => "Within a band",
    };

    public static string Frequency(PeriodType type) => type switch
    {
        PeriodType.Month => "Monthly",
        PeriodType.Quarter => "Quarterly",
        PeriodType.SchoolTerm => "Each school term",
        PeriodType.AcademicYear => "Each academic year",
        PeriodType.FinancialYear => "Each financial year",
        _ => "Each calendar year",
    };

    /// <summary>How to write a period of this kind, for hints: "March 2026", "2025/26".</summary>
    public static string PeriodExample(PeriodType type) => type switch
    {
        PeriodType.Month => "March 2026",
        PeriodType.Quarter => "January to March 2026, or 2026 Q1",
        PeriodType.SchoolTerm => "Autumn term 2025/26",
        PeriodType.AcademicYear => "2025/26",
        PeriodType.FinancialYear => "2025-26",
        _ => "2025",
    };

    public static string DefinitionStatus(DefinitionStatus status) => status switch
    {
        Core.Measures.DefinitionStatus.Agreed => "Agreed",
        Core.Measures.DefinitionStatus.Draft => "Draft",
        _ => "To be defined",
    };

    public static string DefinitionStatusColour(DefinitionStatus status) => status switch
    {
        Core.Measures.DefinitionStatus.Agreed => "green",
        Core.Measures.DefinitionStatus.Draft => "blue",
        _ => "grey",
    };

    public static string TargetKind(TargetKind kind) => kind switch
    {
        Core.Measures.TargetKind.None => "No target yet",
        Core.Measures.TargetKind.Absolute => "A value by a date",
        Core.Measures.TargetKind.Threshold => "A threshold to stay beyond",
        Core.Measures.TargetKind.RelativeChange => "A change from the baseline",
        Core.Measures.TargetKind.Trajectory => "A trajectory",
        _ => "At least as good as England",
    };

    public static string TargetKindHint(TargetKind kind) => kind switch
    {
        Core.Measures.TargetKind.None => "The status shows as not assessed until a target is set.",
        Core.Measures.TargetKind.Absolute => "For example, 75% by April 2027. Give the target value and the date. Before that date the figure is compared with a straight line from the baseline.",
        Core.Measures.TargetKind.Threshold => "For example, at least 85%, or at most 10 days, at all times. Give the threshold as the target value.",
        Core.Measures.TargetKind.RelativeChange => "For example, a 30% reduction by July 2027. Give the change as a percentage of the baseline (negative for a reduction) and the date. Needs a baseline.",
        Core.Measures.TargetKind.Trajectory => "Dated steps from the baseline; the last step is the target. Write them in the trajectory box below.",
        _ => "On track when the figure is as good as England's for the same period, from the comparator indicator.",
    };

    public static string Assessment(OwnerAssessment assessment) => assessment switch
    {
        OwnerAssessment.OnTrack => "On track",
        OwnerAssessment.AtRisk => "At risk",
        _ => "Off track",
    };

    public static IHtmlContent AssessmentTag(OwnerAssessment assessment) =>
        new HtmlString(Display.Tag(Assessment(assessment), assessment switch
        {
            OwnerAssessment.OnTrack => "green",
            OwnerAssessment.AtRisk => "yellow",
            _ => "red",
        }));

    public static IHtmlContent StatusTag(MeasureStatusKind kind) =>
        new HtmlString(Display.Tag(MeasureAssessment.StatusLabel(kind), kind switch
        {
            MeasureStatusKind.OnTrack => "green",
            MeasureStatusKind.OffTrack => "red",
            _ => "grey",
        }));

    /// <summary>The value a status filter uses in the address: on-track, off-track or not-assessed.</summary>
    public static string StatusKey(MeasureStatusKind kind) => kind switch
    {
        MeasureStatusKind.OnTrack => "on-track",
        MeasureStatusKind.OffTrack => "off-track",
        _ => "not-assessed",
    };

    public static string Travel(TravelDirection travel) => travel switch
    {
        TravelDirection.Improving => "Improving",
        TravelDirection.Worsening => "Worsening",
        TravelDirection.NoChange => "No change",
        _ => "Not known",
    };

    /// <summary>The direction of travel in words; the arrow is decoration only.</summary>
    public static IHtmlContent TravelHtml(TravelDirection travel)
    {
        var arrow = travel switch
        {
            TravelDirection.Improving => "↗",
            TravelDirection.Worsening => "↘",
            TravelDirection.NoChange => "→",
            _ => null,
        };
        var words = Encoder.Encode(Travel(travel));
        return new HtmlString(arrow is null
            ? $"<span class=\"app-muted\">{words}</span>"
            : $"<span class=\"app-travel\" aria-hidden=\"true\">{arrow}</span> {words}");
    }

    /// <summary>
    /// A figure: the number as people read it, or a DfE symbol (never 0) with its meaning for screen readers and on
    /// hover, or the note where there is no figure.
    /// </summary>
    public static IHtmlContent Figure(MeasureUnit unit, decimal? value, string? symbol, string? note = null)
    {
        if (symbol is not null)
        {
            return Symbol(symbol);
        }

        if (value is { } v)
        {
            return new HtmlString(Encoder.Encode(MeasureAssessment.Format(unit, v)));
        }

        return new HtmlString(note is null
            ? "<span class=\"app-muted\">No figure</span>"
            : $"<span class=\"app-muted\">No figure: </span>{Encoder.Encode(note)}");
    }

    public static IHtmlContent Figure(MeasureUnit unit, MeasureFigure? figure) =>
        figure is null ? new HtmlString("<span class=\"app-muted\">No figure yet</span>") : Figure(unit, figure.Value, figure.Symbol, figure.Note);

    public static IHtmlContent Symbol(string symbol)
    {
        var known = FigureSymbols.TryRead(symbol, out var canonical);
        var shown = Encoder.Encode(known ? canonical : symbol);
        var meaning = Encoder.Encode(known ? FigureSymbols.Meaning(canonical) : "not a number");
        return new HtmlString($"<abbr class=\"app-symbol\" title=\"{meaning}\">{shown}</abbr><span class=\"govuk-visually-hidden\"> ({meaning})</span>");
    }

    /// <summary>A period as it reads after "in" or "for": "March 2026", "2025", "the 2024/25 academic year", "the autumn term 2025/26".</summary>
    public static string InPeriod(MeasurePeriod period)
    {
        var label = period.Label;
        return period.Type switch
        {
            PeriodType.SchoolTerm => "the " + char.ToLowerInvariant(label[0]) + label[1..],
            PeriodType.AcademicYear or PeriodType.FinancialYear => "the " + label,
            _ => label,
        };
    }

    /// <summary>"1st", "2nd", "3rd", "11th", "22nd".</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>"3rd of 11".</summary>
    public static string Rank(int position, int of) => $"{Ordinal(position)} of {of.ToString(CultureInfo.InvariantCulture)}";

    public static IReadOnlyList<Choice> UnitChoices { get; } = [.. Enum.GetValues<MeasureUnit>().Select(u => new Choice(u.ToString(), Unit(u)))];

    public static IReadOnlyList<Choice> DirectionChoices { get; } = [.. Enum.GetValues<MeasureDirection>().Select(d => new Choice(d.ToString(), Direction(d),
        d == MeasureDirection.WithinBand ? "Give the band's lower and upper limits below." : null))];

    public static IReadOnlyList<Choice> FrequencyChoices { get; } = [.. Enum.GetValues<PeriodType>().Select(p => new Choice(p.ToString(), Frequency(p), p switch
    {
        PeriodType.SchoolTerm => "Autumn (September to December), spring (January to March) and summer (April to August).",
        PeriodType.AcademicYear => "September to August.",
        PeriodType.FinancialYear => "April to March.",
        _ => null,
    }))];

    public static IReadOnlyList<Choice> DefinitionStatusChoices { get; } =
    [
        new(Core.Measures.DefinitionStatus.Agreed.ToString(), "Agreed", "The partnership has agreed how it is counted."),
        new(Core.Measures.DefinitionStatus.Draft.ToString(), "Draft", "Written down but not yet agreed."),
        new(Core.Measures.DefinitionStatus.ToBeDefined.ToString(), "To be defined", "The plan names the measure but how to count it is still to be worked out."),
    ];

    public static IReadOnlyList<Choice> TargetKindChoices { get; } = [.. Enum.GetValues<TargetKind>().Select(k => new Choice(k.ToString(), TargetKind(k), TargetKindHint(k)))];

    public static IReadOnlyList<Choice> AssessmentChoices { get; } =
    [
        .. Enum.GetValues<OwnerAssessment>().Select(a => new Choice(a.ToString(), Assessment(a))),
        new(string.Empty, "Not given"),
    ];

    public static IReadOnlyList<Choice> StatusChoices { get; } = [.. Enum.GetValues<MeasureStatusKind>().Select(s => new Choice(StatusKey(s), MeasureAssessment.StatusLabel(s)))];

    /// <summary>Reads an enum from a form value; an unknown value gives one the service refuses with its own message.</summary>
    public static T ReadChoice<T>(string? value)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? parsed
            : (T)Enum.ToObject(typeof(T), -1);
}

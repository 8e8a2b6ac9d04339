using System.Globalization;

namespace SendImprovement.Core.Plans;

/// <summary>How the text of a plan date was read.</summary>
public enum PlanDateKind
{
    /// <summary>No date was given.</summary>
    None,
    Day,
    Month,
    Quarter,
    Term,
    HalfTerm,
    Year,
    AcademicYear,
    FinancialYear,
    /// <summary>Part of a year, such as "Early 2022".</summary>
    PartOfYear,
    Range,
    /// <summary>Started on a date and carries on, such as "Ongoing from March 2020" or "Nov 2019-".</summary>
    OngoingFrom,
    /// <summary>"Ongoing" with no date at all.</summary>
    Ongoing,
    /// <summary>"tbc" and its variants.</summary>
    ToBeConfirmed,
    /// <summary>Text that could not be read; kept as written (only imports may store this).</summary>
    Unrecognised,
}

/// <summary>
/// A date as people write it in plans: the raw text is always kept, and the interpreted period
/// (first and last day) is used for sorting and overdue checks.
/// </summary>
public sealed class PlanDate : IEquatable<PlanDate>
{
    public static readonly PlanDate None = new(null, PlanDateKind.None, null, null);

    public PlanDate(string? text, PlanDateKind kind, DateOnly? start, DateOnly? end)
    {
        Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        Kind = kind;
        Start = start;
        End = end;
    }

    // For EF Core.
    private PlanDate()
    {
    }

    /// <summary>The text exactly as it was typed or imported.</summary>
    public string? Text { get; private set; }

    public PlanDateKind Kind { get; private set; }

    /// <summary>First day of the period the text describes.</summary>
    public DateOnly? Start { get; private set; }

    /// <summary>Last day of the period the text describes.</summary>
    public DateOnly? End { get; private set; }

    public bool IsEmpty => Kind == PlanDateKind.None;

    /// <summary>The day by which something with this deadline should be done, if there is one.</summary>
    public DateOnly? DueBy => Kind switch
    {
        PlanDateKind.None or PlanDateKind.Ongoing or PlanDateKind.OngoingFrom
            or PlanDateKind.ToBeConfirmed or PlanDateKind.Unrecognised => null,
        _ => End,
    };

    /// <summary>The day used to put dates in order; dates without one sort last.</summary>
    public DateOnly SortDate => Start ?? End ?? DateOnly.MaxValue;

    public bool IsOverdueOn(DateOnly today) => DueBy is { } due && due < today;

    public static PlanDateParseResult Parse(string? text) => PlanDateParser.Parse(text);

    /// <summary>Reads text that must be a plan date; throws when it cannot be read (for code and demo data).</summary>
    public static PlanDate From(string? text)
    {
        var result = PlanDateParser.Parse(text);
        return result.Date ?? throw new FormatException(result.Error);
    }

    /// <summary>Keeps text that could not be read, marked as unrecognised (imports keep raw text).</summary>
    public static PlanDate Unrecognised(string text) => new(text, PlanDateKind.Unrecognised, null, null);

    public static PlanDate ForDay(DateOnly day) =>
        new(day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), PlanDateKind.Day, day, day);

    /// <summary>How the text was read, in words, for showing beside the raw text.</summary>
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        return Kind switch
        {
            PlanDateKind.None => "No date",
            PlanDateKind.Day => Start!.Value.ToString("d MMMM yyyy", culture),
            PlanDateKind.Month => Start!.Value.ToString("MMMM yyyy", culture),
            PlanDateKind.Year => $"The year {Start!.Value.Year}",
            PlanDateKind.AcademicYear => $"Academic year {Start!.Value.Year}/{(Start.Value.Year + 1) % 100:00} ({Span()})",
            PlanDateKind.FinancialYear => $"Financial year {Start!.Value.Year}/{(Start.Value.Year + 1) % 100:00} ({Span()})",
            PlanDateKind.Quarter or PlanDateKind.Term or PlanDateKind.HalfTerm or PlanDateKind.PartOfYear =>
                $"{KindName()} ({Span()})",
            PlanDateKind.Range => Span(),
            PlanDateKind.OngoingFrom => $"Ongoing from {Start!.Value.ToString("d MMMM yyyy", culture)}",
            PlanDateKind.Ongoing => "Ongoing, no end date",
            PlanDateKind.ToBeConfirmed => "To be confirmed",
            PlanDateKind.Unrecognised => "Not recognised as a date",
            _ => Kind.ToString(),
        };
    }

    /// <summary>The text to show: what was written, or a generated description when nothing was.</summary>
    public override string ToString() => Text ?? (IsEmpty ? string.Empty : Describe());

    public bool Equals(PlanDate? other) =>
        other is not null && Text == other.Text && Kind == other.Kind && Start == other.Start && End == other.End;

    public override bool Equals(object? obj) => obj is PlanDate other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Text, Kind, Start, End);

    private string KindName() => Kind switch
    {
        PlanDateKind.Term => "School term",
        PlanDateKind.HalfTerm => "Half term",
        PlanDateKind.Quarter => "Quarter",
        PlanDateKind.PartOfYear => "Part of the year",
        _ => Kind.ToString(),
    };

    private string Span()
    {
        var culture = CultureInfo.InvariantCulture;
        return $"{Start!.Value.ToString("d MMMM yyyy", culture)} to {End!.Value.ToString("d MMMM yyyy", culture)}";
    }
}

/// <summary>The outcome of reading a plan date: a date, or a message that says what to fix.</summary>
public sealed record PlanDateParseResult(PlanDate? Date, string? Error)
{
    public bool Succeeded => Date is not null;
}

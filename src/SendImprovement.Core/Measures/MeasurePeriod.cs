using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SendImprovement.Core.Measures;

/// <summary>The three terms of a school year.</summary>
public enum SchoolTerm
{
    /// <summary>1 September to 31 December.</summary>
    Autumn,

    /// <summary>1 January to 31 March.</summary>
    Spring,

    /// <summary>1 April to 31 August.</summary>
    Summer,
}

/// <summary>
/// A period a figure is published for: a month, a calendar quarter, a school term, an academic year,
/// a financial year or a calendar year. The constructor moves <see cref="Start"/> back to the first day
/// of the period that contains it, so two values for the same period are always equal.
/// </summary>
/// <param name="Type">The kind of period.</param>
/// <param name="Start">Any day in the period; it is kept as the period's first day.</param>
public readonly partial record struct MeasurePeriod(PeriodType Type, DateOnly Start) : IComparable<MeasurePeriod>
{
    /// <summary>The earliest year people may write in a period.</summary>
    public const int EarliestYear = 1990;

    /// <summary>The latest year people may write in a period.</summary>
    public const int LatestYear = 2100;

    /// <summary>The longest period text that will be read.</summary>
    public const int MaxLength = 100;

    private const string MonthNames =
        "january|jan|february|febuary|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec";

    private const string YearSpan = @"(?<y1>\d{4})(?<sep>[/\-])(?<y2>\d{4}|\d{2})";

    private const string Unrecognised =
        "is not a period this product recognises. Write a month (March 2022), a quarter (2022 Q1), a school term (Autumn term 2021/22), "
        + "an academic year (2021/22), a financial year (2021-22) or a calendar year (2021).";

    private static Dictionary<string, int> Months => Plans.PlanDateParser.Months;

    private static readonly Dictionary<string, EesRule> EesTimeIdentifiers = BuildEesTimeIdentifiers();

    /// <summary>The kind of period.</summary>
    public PeriodType Type { get; } = CheckType(Type);

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; } = StartOfPeriod(CheckType(Type), Start);

    /// <summary>The last day of the period.</summary>
    public DateOnly End => Type switch
    {
        PeriodType.Month => Start.AddMonths(1).AddDays(-1),
        PeriodType.Quarter => Start.AddMonths(3).AddDays(-1),
        PeriodType.SchoolTerm => TermOf(Start) switch
        {
            SchoolTerm.Autumn => new DateOnly(Start.Year, 12, 31),
            SchoolTerm.Spring => new DateOnly(Start.Year, 3, 31),
            _ => new DateOnly(Start.Year, 8, 31),
        },
        _ => Start.AddYears(1).AddDays(-1),
    };

    /// <summary>The period for people to read: "March 2022", "January to March 2022", "Autumn term 2021/22",
    /// "2021/22 academic year", "2021-22 financial year" or "2021".</summary>
    public string Label => Type switch
    {
        PeriodType.Month => $"{MonthName(Start.Month)} {Start.Year}",
        PeriodType.Quarter => $"{MonthName(Start.Month)} to {MonthName(Start.Month + 2)} {Start.Year}",
        PeriodType.SchoolTerm => $"{TermOf(Start)} term {Span(AcademicYearOf(Start), '/')}",
        PeriodType.AcademicYear => $"{Span(Start.Year, '/')} academic year",
        PeriodType.FinancialYear => $"{Span(Start.Year, '-')} financial year",
        _ => Start.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The period inside a sentence, after "in", "for" or "by": "March 2022", "the January to March 2022 quarter",
    /// "the autumn term 2021/22", "the 2021/22 academic year", "the 2021-22 financial year" or "2021".</summary>
    public string Phrase => Type switch
    {
        PeriodType.Quarter => $"the {Label} quarter",
        PeriodType.SchoolTerm => "the " + char.ToLowerInvariant(Label[0]) + Label[1..],
        PeriodType.AcademicYear or PeriodType.FinancialYear => "the " + Label,
        _ => Label,
    };

    /// <summary>A short fixed form that <see cref="TryParse"/> reads back to this period: "2022-03", "2022 Q1",
    /// "Autumn 2021/22", "AY 2021/22", "FY 2021-22" or "2021". The keys of the months from January 2000 to
    /// December 2011, and of January 2100, are also financial years ("2011-12") and are read as those unless a month is expected.</summary>
    public string Key => Type switch
    {
        PeriodType.Month => $"{Start.Year}-{Start.Month:D2}",
        PeriodType.Quarter => $"{Start.Year} Q{((Start.Month - 1) / 3) + 1}",
        PeriodType.SchoolTerm => $"{TermOf(Start)} {Span(AcademicYearOf(Start), '/')}",
        PeriodType.AcademicYear => $"AY {Span(Start.Year, '/')}",
        PeriodType.FinancialYear => $"FY {Span(Start.Year, '-')}",
        _ => Start.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A calendar month.</summary>
    public static MeasurePeriod Month(int year, int month)
    {
        CheckYear(year);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new(PeriodType.Month, new DateOnly(year, month, 1));
    }

    /// <summary>A calendar quarter: quarter 1 is January to March.</summary>
    public static MeasurePeriod Quarter(int year, int quarter)
    {
        CheckYear(year);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        return new(PeriodType.Quarter, new DateOnly(year, ((quarter - 1) * 3) + 1, 1));
    }

    /// <summary>A school term of the academic year starting in September of <paramref name="academicYearStart"/>:
    /// for 2021 (2021/22) the autumn term starts on 1 September 2021, spring on 1 January 2022 and summer on 1 April 2022.</summary>
    public static MeasurePeriod Term(int academicYearStart, SchoolTerm term)
    {
        CheckYear(academicYearStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(academicYearStart, 9997);
        var start = term switch
        {
            SchoolTerm.Autumn => new DateOnly(academicYearStart, 9, 1),
            SchoolTerm.Spring => new DateOnly(academicYearStart + 1, 1, 1),
            SchoolTerm.Summer => new DateOnly(academicYearStart + 1, 4, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(term), term, "Not a school term."),
        };
        return new(PeriodType.SchoolTerm, start);
    }

    /// <summary>The academic year from 1 September of <paramref name="startYear"/> to 31 August of the next year.</summary>
    public static MeasurePeriod AcademicYear(int startYear)
    {
        CheckYear(startYear);
        return new(PeriodType.AcademicYear, new DateOnly(startYear, 9, 1));
    }

    /// <summary>The financial year from 1 April of <paramref name="startYear"/> to 31 March of the next year.</summary>
    public static MeasurePeriod FinancialYear(int startYear)
    {
        CheckYear(startYear);
        return new(PeriodType.FinancialYear, new DateOnly(startYear, 4, 1));
    }

    /// <summary>The calendar year from 1 January to 31 December.</summary>
    public static MeasurePeriod CalendarYear(int year)
    {
        CheckYear(year);
        return new(PeriodType.CalendarYear, new DateOnly(year, 1, 1));
    }

    /// <summary>The period of the given type that <paramref name="day"/> falls in.</summary>
    public static MeasurePeriod Containing(PeriodType type, DateOnly day) => new(type, day);

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/> in the order of <see cref="CompareTo"/>.</summary>
    public static bool operator <(MeasurePeriod left, MeasurePeriod right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/> in the order of <see cref="CompareTo"/>.</summary>
    public static bool operator >(MeasurePeriod left, MeasurePeriod right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is the same period as <paramref name="right"/> or comes before it.</summary>
    public static bool operator <=(MeasurePeriod left, MeasurePeriod right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is the same period as <paramref name="right"/> or comes after it.</summary>
    public static bool operator >=(MeasurePeriod left, MeasurePeriod right) => left.CompareTo(right) >= 0;

    /// <summary>Orders periods by their last day, then in the order of <see cref="PeriodType"/>, so a month comes before
    /// the quarter, term or year that ends on the same day.</summary>
    public int CompareTo(MeasurePeriod other)
    {
        var byEnd = End.CompareTo(other.End);
        return byEnd != 0 ? byEnd : ((int)Type).CompareTo((int)other.Type);
    }

    /// <summary>
    /// Reads a period for a measure of this frequency: as <see cref="TryParse"/> reads any period, except that "2021/22"
    /// and "2021-22" are read as the measure's own kind of year when it counts academic or financial years.
    /// </summary>
    public static bool TryParseFor(string? text, PeriodType frequency, out MeasurePeriod period, [NotNullWhen(false)] out string? error)
    {
        if (!TryParse(text, null, out period, out error))
        {
            return false;
        }

        if (frequency is PeriodType.AcademicYear or PeriodType.FinancialYear && period.Type is PeriodType.AcademicYear or PeriodType.FinancialYear
            && period.Type != frequency && TryParse(text, frequency, out var again, out _))
        {
            period = again;
        }

        return true;
    }

    /// <summary>
    /// Reads a period as people type it in spreadsheets: "March 2022", "Mar-22", "03/2022", "2022 Q1", "Jan-Mar 2022",
    /// "Q1 2022-23" (April to June 2022), "Autumn term 2021/22", "Spring 2022", "2021/22", "FY 2021-22", "2021" and each
    /// <see cref="Label"/> and <see cref="Key"/>. "2021/22" is an academic year and "2021-22" a financial year, and a bare year
    /// is a calendar year, unless <paramref name="expected"/> asks for the other kind of year. When <paramref name="expected"/>
    /// is given, text that names another kind of period is refused.
    /// </summary>
    /// <returns>True with the period, or false with one sentence for a person in <paramref name="error"/>.</returns>
    public static bool TryParse(string? text, PeriodType? expected, out MeasurePeriod period, [NotNullWhen(false)] out string? error)
    {
        if (expected is { } wanted)
        {
            CheckType(wanted);
        }

        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Enter the period";
            return false;
        }

        var raw = text.Trim();
        if (raw.Length > MaxLength)
        {
            error = $"A period must be {MaxLength} characters or fewer.";
            return false;
        }

        var reading = Read(Normalise(raw), raw, expected);
        if (reading is null)
        {
            error = $"“{raw}” {Unrecognised}";
            return false;
        }

        if (reading.Value.Error is { } readingError)
        {
            error = readingError;
            return false;
        }

        var read = reading.Value.Period;
        if (expected is { } type && read.Type != type)
        {
            var what = reading.Value.IsDay ? "a date" : Noun(read.Type);
            error = $"“{raw}” is {what}, but this needs {Noun(type)}, for example {Example(type)}.";
            return false;
        }

        period = read;
        error = null;
        return true;
    }

    /// <summary>
    /// Reads the time_period and time_identifier columns of the DfE's open data (explore education statistics):
    /// "2022" with "Calendar year", "January" to "December" or "Calendar year Q1" to "Calendar year Q4", and
    /// "202122" with "Academic year", "Financial year", "Autumn term", "Spring term", "Summer term" or
    /// "Financial year Q1" to "Financial year Q4" (Q1 is April to June of the first year).
    /// </summary>
    /// <returns>True with the period, or false with one sentence for a person in <paramref name="error"/>.</returns>
    public static bool TryParseEes(string? timePeriod, string? timeIdentifier, out MeasurePeriod period, [NotNullWhen(false)] out string? error)
    {
        period = default;
        var identifierText = Spaces().Replace(timeIdentifier ?? string.Empty, " ").Trim();
        var code = (timePeriod ?? string.Empty).Trim();
        if (identifierText.Length == 0)
        {
            error = "Enter the time identifier";
            return false;
        }

        if (code.Length == 0)
        {
            error = "Enter the time period";
            return false;
        }

        if (!EesTimeIdentifiers.TryGetValue(identifierText.ToLowerInvariant(), out var rule))
        {
            error = $"The time identifier “{identifierText}” is not supported: use Calendar year, Academic year, Financial year, "
                + "Autumn term, Spring term, Summer term, a month such as January, Calendar year Q1 to Q4 or Financial year Q1 to Q4.";
            return false;
        }

        var fits = code.All(char.IsAsciiDigit) && code.Length == (rule.TwoYears ? 6 : 4);
        var year = fits ? int.Parse(code.AsSpan(0, 4), CultureInfo.InvariantCulture) : 0;
        if (fits && rule.TwoYears && SecondYear(year, code[4..]) != year + 1)
        {
            fits = false;
        }

        if (!fits)
        {
            var shape = rule.TwoYears
                ? "two years in a row written as six digits, for example 202122"
                : "a year written as four digits, for example 2022";
            error = $"The time period “{code}” does not fit the time identifier “{identifierText}”: it should be {shape}.";
            return false;
        }

        if (!InRange(year))
        {
            error = $"The year in the time period “{code}” must be between {EarliestYear} and {LatestYear}.";
            return false;
        }

        period = rule.Make(year);
        error = null;
        return true;
    }

    private static Reading? Read(string s, string raw, PeriodType? expected)
    {
        Match m;

        if ((m = DayPattern().Match(s)).Success || (m = IsoDayPattern().Match(s)).Success)
        {
            return ReadDay(m, raw);
        }

        if ((m = NumberPairPattern().Match(s)).Success)
        {
            return ReadNumberPair(m, raw, expected);
        }

        if ((m = MonthNumberPattern().Match(s)).Success)
        {
            var month = Int(m, "m");
            var year = Int(m, "y");
            return month is < 1 or > 12 ? null
                : !InRange(year) ? YearOutOfRange(raw)
                : Reading.Ok(Month(year, month));
        }

        if ((m = MonthNamePattern().Match(s)).Success)
        {
            var year = Year(m.Groups["y"].Value);
            return InRange(year) ? Reading.Ok(Month(year, Months[m.Groups["mon"].Value])) : YearOutOfRange(raw);
        }

        if ((m = MonthRangePattern().Match(s)).Success)
        {
            return ReadMonthRange(m, raw);
        }

        if ((m = QuarterPattern().Match(s)).Success)
        {
            var year = Int(m, "y");
            return InRange(year) ? Reading.Ok(Quarter(year, Int(m, "q"))) : YearOutOfRange(raw);
        }

        if ((m = FinancialQuarterPattern().Match(s)).Success)
        {
            return ReadYearSpan(m, raw) ?? Reading.Ok(FinancialQuarter(Int(m, "y1"), Int(m, "q")));
        }

        if ((m = TermPattern().Match(s)).Success)
        {
            return ReadTerm(m, raw);
        }

        if ((m = NamedYearPattern().Match(s)).Success)
        {
            var academic = m.Groups["kind"].Value is "ay" or "academic year";
            return ReadYearSpan(m, raw)
                ?? Reading.Ok(academic ? AcademicYear(Year(m.Groups["y1"].Value)) : FinancialYear(Year(m.Groups["y1"].Value)));
        }

        if ((m = YearPattern().Match(s)).Success)
        {
            var year = Int(m, "y");
            return !InRange(year) ? YearOutOfRange(raw)
                : expected == PeriodType.AcademicYear ? Reading.Ok(AcademicYear(year))
                : expected == PeriodType.FinancialYear ? Reading.Ok(FinancialYear(year))
                : Reading.Ok(CalendarYear(year));
        }

        return null;
    }

    /// <summary>"01/03/2022" or "2022-03-01": the month the day is in.</summary>
    private static Reading? ReadDay(Match m, string raw)
    {
        var (year, month, day) = (Int(m, "y"), Int(m, "m"), Int(m, "d"));
        if (month is < 1 or > 12)
        {
            return null;
        }

        if (!InRange(year))
        {
            return YearOutOfRange(raw);
        }

        return day < 1 || day > DateTime.DaysInMonth(year, month)
            ? Reading.Invalid($"“{raw}” is not a real date: {MonthName(month)} {year} has {DateTime.DaysInMonth(year, month)} days.")
            : Reading.Ok(Month(year, month)) with { IsDay = true };
    }

    /// <summary>"2022-03" is a month; "2021/22" an academic year and "2021-22" a financial year, unless the other is expected.</summary>
    private static Reading ReadNumberPair(Match m, string raw, PeriodType? expected)
    {
        var first = Int(m, "y1");
        var second = m.Groups["y2"].Value;
        var hyphen = m.Groups["sep"].Value == "-";
        if (!InRange(first))
        {
            return YearOutOfRange(raw);
        }

        var followsOn = second.Length != 1 && SecondYear(first, second) == first + 1;
        if (hyphen && second.Length <= 2 && Int(m, "y2") is >= 1 and <= 12 && (!followsOn || expected == PeriodType.Month))
        {
            return Reading.Ok(Month(first, Int(m, "y2")));
        }

        if (!followsOn)
        {
            return NotTwoYearsInARow(raw, hyphen ? "2021-22" : "2021/22");
        }

        var academic = expected switch
        {
            PeriodType.AcademicYear => true,
            PeriodType.FinancialYear => false,
            _ => !hyphen,
        };
        return Reading.Ok(academic ? AcademicYear(first) : FinancialYear(first));
    }

    /// <summary>"January to March 2022" or "Jan-Mar 2022": only the months of a calendar quarter.</summary>
    private static Reading ReadMonthRange(Match m, string raw)
    {
        var from = Months[m.Groups["from"].Value];
        var to = Months[m.Groups["to"].Value];
        if (from % 3 != 1 || to != from + 2)
        {
            return Reading.Invalid(
                $"“{raw}” is not a calendar quarter: quarters run January to March, April to June, July to September and October to December.");
        }

        var year = Year(m.Groups["y"].Value);
        return InRange(year) ? Reading.Ok(Quarter(year, ((from - 1) / 3) + 1)) : YearOutOfRange(raw);
    }

    /// <summary>"Autumn term 2021/22", or "Autumn 2021" and "Spring 2022", which both mean a term of 2021/22.</summary>
    private static Reading ReadTerm(Match m, string raw)
    {
        var term = m.Groups["season"].Value switch
        {
            "autumn" => SchoolTerm.Autumn,
            "spring" => SchoolTerm.Spring,
            _ => SchoolTerm.Summer,
        };

        if (m.Groups["y1"].Success)
        {
            return ReadYearSpan(m, raw) ?? Reading.Ok(Term(Int(m, "y1"), term));
        }

        var year = Year(m.Groups["y"].Value);
        if (!InRange(year))
        {
            return YearOutOfRange(raw);
        }

        return Reading.Ok(Term(term == SchoolTerm.Autumn ? year : year - 1, term));
    }

    /// <summary>Checks the y1 and y2 groups are two years in a row within range; null when they are.</summary>
    private static Reading? ReadYearSpan(Match m, string raw)
    {
        var first = Year(m.Groups["y1"].Value);
        if (!InRange(first))
        {
            return YearOutOfRange(raw);
        }

        var example = m.Groups["sep"].Value == "-" ? "2021-22" : "2021/22";
        return SecondYear(first, m.Groups["y2"].Value) == first + 1 ? null : NotTwoYearsInARow(raw, example);
    }

    private static Reading YearOutOfRange(string raw) =>
        Reading.Invalid($"The year in “{raw}” must be between {EarliestYear} and {LatestYear}.");

    private static Reading NotTwoYearsInARow(string raw, string example) =>
        Reading.Invalid($"“{raw}” should run over two years in a row, for example {example}.");

    /// <summary>Quarter 1 of a financial year is April to June of its first year.</summary>
    private static MeasurePeriod FinancialQuarter(int startYear, int quarter) =>
        quarter == 4 ? Quarter(startYear + 1, 1) : Quarter(startYear, quarter + 1);

    private static Dictionary<string, EesRule> BuildEesTimeIdentifiers()
    {
        var rules = new Dictionary<string, EesRule>(StringComparer.Ordinal)
        {
            ["calendar year"] = new(false, CalendarYear),
            ["academic year"] = new(true, AcademicYear),
            ["financial year"] = new(true, FinancialYear),
            ["autumn term"] = new(true, year => Term(year, SchoolTerm.Autumn)),
            ["spring term"] = new(true, year => Term(year, SchoolTerm.Spring)),
            ["summer term"] = new(true, year => Term(year, SchoolTerm.Summer)),
        };

        for (var month = 1; month <= 12; month++)
        {
            var number = month;
            rules[MonthName(month).ToLowerInvariant()] = new(false, year => Month(year, number));
        }

        for (var quarter = 1; quarter <= 4; quarter++)
        {
            var number = quarter;
            rules[$"calendar year q{quarter}"] = new(false, year => Quarter(year, number));
            rules[$"financial year q{quarter}"] = new(true, year => FinancialQuarter(year, number));
        }

        return rules;
    }

    /// <summary>Lower case, single plain spaces, plain hyphens, no spaces around "/" or "-", no dot after "Sept".</summary>
    private static string Normalise(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw.ToLowerInvariant())
        {
            builder.Append(c switch
            {
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '\u2018' or '\u2019' => '\'',
                '\u200B' or '\uFEFF' => ' ',
                _ when char.IsWhiteSpace(c) => ' ',
                _ => c,
            });
        }

        var s = Spaces().Replace(builder.ToString(), " ").Trim();
        s = SpacedSeparator().Replace(s, "$1");
        return AbbreviationDot().Replace(s, "$1");
    }

    private static DateOnly StartOfPeriod(PeriodType type, DateOnly day)
    {
        if (day.Year > 9998)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "The period must end before the year 9999.");
        }

        var (year, month) = (day.Year, day.Month);
        return type switch
        {
            PeriodType.Month => new DateOnly(year, month, 1),
            PeriodType.Quarter => new DateOnly(year, ((month - 1) / 3 * 3) + 1, 1),
            PeriodType.SchoolTerm => new DateOnly(year, month >= 9 ? 9 : month >= 4 ? 4 : 1, 1),
            PeriodType.AcademicYear => new DateOnly(month >= 9 ? year : year - 1, 9, 1),
            PeriodType.FinancialYear => new DateOnly(month >= 4 ? year : year - 1, 4, 1),
            _ => new DateOnly(year, 1, 1),
        };
    }

    private static PeriodType CheckType(PeriodType type) =>
        Enum.IsDefined(type) ? type : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a period type.");

    private static void CheckYear(int year, [CallerArgumentExpression(nameof(year))] string? paramName = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998, paramName);
    }

    private static SchoolTerm TermOf(DateOnly start) => start.Month switch
    {
        >= 9 => SchoolTerm.Autumn,
        >= 4 => SchoolTerm.Summer,
        _ => SchoolTerm.Spring,
    };

    private static int AcademicYearOf(DateOnly day) => day.Month >= 9 ? day.Year : day.Year - 1;

    /// <summary>"2021/22" or "2021-22".</summary>
    private static string Span(int first, char separator) =>
        string.Create(CultureInfo.InvariantCulture, $"{first}{separator}{(first + 1) % 100:D2}");

    private static string MonthName(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    private static string Noun(PeriodType type) => type switch
    {
        PeriodType.Month => "a month",
        PeriodType.Quarter => "a quarter",
        PeriodType.SchoolTerm => "a school term",
        PeriodType.AcademicYear => "an academic year",
        PeriodType.FinancialYear => "a financial year",
        _ => "a calendar year",
    };

    private static string Example(PeriodType type) => type switch
    {
        PeriodType.Month => "March 2022",
        PeriodType.Quarter => "2022 Q1",
        PeriodType.SchoolTerm => "Autumn term 2021/22",
        PeriodType.AcademicYear => "2021/22",
        PeriodType.FinancialYear => "2021-22",
        _ => "2021",
    };

    private static bool InRange(int year) => year is >= EarliestYear and <= LatestYear;

    /// <summary>A four-digit year, or a two-digit one in the 2000s.</summary>
    private static int Year(string digits)
    {
        var value = int.Parse(digits, CultureInfo.InvariantCulture);
        return digits.Length == 2 ? 2000 + value : value;
    }

    /// <summary>The second year of "2021/22" or "2021/2022".</summary>
    private static int SecondYear(int first, string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return text.Length == 2 ? (first / 100 * 100) + value + (value < first % 100 ? 100 : 0) : value;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    /// <summary>What one pattern made of the text: a period, or a sentence saying what is wrong with it.</summary>
    private readonly record struct Reading(MeasurePeriod Period, string? Error)
    {
        /// <summary>The text was a day, read as its month.</summary>
        public bool IsDay { get; init; }

        public static Reading Ok(MeasurePeriod period) => new(period, null);

        public static Reading Invalid(string error) => new(default, error);
    }

    /// <summary>How one EES time identifier is read: whether its time period is two years ("202122"), and the period for the first year.</summary>
    private sealed record EesRule(bool TwoYears, Func<int, MeasurePeriod> Make);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s*([/\-])\s*")]
    private static partial Regex SpacedSeparator();

    [GeneratedRegex(@"([a-z]{3,})\.(?=\s|$|-|\d)")]
    private static partial Regex AbbreviationDot();

    /// <summary>"01/03/2022".</summary>
    [GeneratedRegex(@"^(?<d>\d{1,2})[/.\-](?<m>\d{1,2})[/.\-](?<y>\d{4})$")]
    private static partial Regex DayPattern();

    /// <summary>"2022-03-01".</summary>
    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$")]
    private static partial Regex IsoDayPattern();

    /// <summary>"2022-03", "2021/22", "2021-22", "2021/2022".</summary>
    [GeneratedRegex(@"^(?<y1>\d{4})(?<sep>[/\-])(?<y2>\d{4}|\d{1,2})$")]
    private static partial Regex NumberPairPattern();

    /// <summary>"03/2022".</summary>
    [GeneratedRegex(@"^(?<m>\d{1,2})[/.\-](?<y>\d{4})$")]
    private static partial Regex MonthNumberPattern();

    /// <summary>"March 2022", "Sept 2022", "Mar-22", "Mar 22".</summary>
    [GeneratedRegex(@"^(?<mon>" + MonthNames + @")[\s\-/,']*(?<y>\d{4}|\d{2})$")]
    private static partial Regex MonthNamePattern();

    /// <summary>"January to March 2022", "Jan-Mar 2022".</summary>
    [GeneratedRegex(@"^(?<from>" + MonthNames + @")(?:-|\sto\s)(?<to>" + MonthNames + @")[\s,']*(?<y>\d{4}|\d{2})$")]
    private static partial Regex MonthRangePattern();

    /// <summary>"2022 Q1", "Q1 2022", "2022-Q1", "2022Q1".</summary>
    [GeneratedRegex(@"^(?:q|quarter\s?)(?<q>[1-4])[\s\-]?(?<y>\d{4})$|^(?<y>\d{4})[\s\-]?(?:q|quarter\s?)(?<q>[1-4])$")]
    private static partial Regex QuarterPattern();

    /// <summary>"Q1 2022-23", "2022-23 Q1", "Q1 FY2022/23".</summary>
    [GeneratedRegex(@"^(?:q|quarter\s?)(?<q>[1-4])[\s\-]?(?:fy\s?)?" + YearSpan + @"$|^(?:fy\s?)?" + YearSpan + @"[\s\-]?(?:q|quarter\s?)(?<q>[1-4])$")]
    private static partial Regex FinancialQuarterPattern();

    /// <summary>"Autumn term 2021/22", "Autumn 2021/22", "Spring 2022", "Spring term 2022".</summary>
    [GeneratedRegex(@"^(?<season>autumn|spring|summer)(?:\sterm)?[\s\-]?(?:" + YearSpan + @"|(?<y>\d{4}|\d{2}))(?:\sterm)?$")]
    private static partial Regex TermPattern();

    /// <summary>"AY 2021/22", "2021/22 academic year", "FY 2021-22", "FY21/22", "2021/22 financial year".</summary>
    [GeneratedRegex(@"^(?<kind>ay|academic year|fy|financial year)\s?(?<y1>\d{4}|\d{2})(?<sep>[/\-])(?<y2>\d{4}|\d{2})$|^" + YearSpan + @"\s(?<kind>ay|academic year|fy|financial year)$")]
    private static partial Regex NamedYearPattern();

    /// <summary>"2021".</summary>
    [GeneratedRegex(@"^(?<y>\d{4})$")]
    private static partial Regex YearPattern();
}

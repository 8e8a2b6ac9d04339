using System.Globalization;
using System.Text.RegularExpressions;

namespace SendImprovement.Core.Plans;

/// <summary>
/// Reads dates as people type them in plans ("Sept 21", "Spring Term 2022", "June 2020 to April 2021",
/// "Ongoing from March 2020", "tbc"). The rules are listed in docs/plan-dates.md.
/// </summary>
public static partial class PlanDateParser
{
    public const string Examples =
        "30/09/2026, Sept 2026, Spring Term 2027, 2026/27, June 2026 to April 2027, Ongoing from March 2026 or tbc";

    public const int EarliestYear = 1990;

    public const int LatestYear = 2100;

    public const int MaxLength = 100;

    /// <summary>Month names and the abbreviations people type, in lower case (also read by <see cref="Measures.MeasurePeriod"/>).</summary>
    internal static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["jan"] = 1,
        ["january"] = 1,
        ["feb"] = 2,
        ["february"] = 2,
        ["febuary"] = 2,
        ["mar"] = 3,
        ["march"] = 3,
        ["apr"] = 4,
        ["april"] = 4,
        ["may"] = 5,
        ["jun"] = 6,
        ["june"] = 6,
        ["jul"] = 7,
        ["july"] = 7,
        ["aug"] = 8,
        ["august"] = 8,
        ["sep"] = 9,
        ["sept"] = 9,
        ["september"] = 9,
        ["oct"] = 10,
        ["october"] = 10,
        ["nov"] = 11,
        ["november"] = 11,
        ["dec"] = 12,
        ["december"] = 12,
    };

    private static readonly HashSet<string> ToBeConfirmed = new(StringComparer.Ordinal)
    {
        "tbc", "tba", "tbd", "tbc?", "t.b.c", "t.b.c.", "t.b.a", "t.b.a.", "to be confirmed", "to be agreed", "to be determined", "to be decided", "?", "??",
    };

    private const string MonthNames =
        "january|jan|february|febuary|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec";

    public static PlanDateParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(PlanDate.None, null);
        }

        var raw = text.Trim();
        if (raw.Length > MaxLength)
        {
            return Fail($"A date must be {MaxLength} characters or fewer. Enter it in a form such as {Examples}.");
        }

        var lowered = Whitespace().Replace(raw.ToLowerInvariant(), " ");
        var s = Normalise(raw);
        if (ToBeConfirmed.Contains(lowered) || ToBeConfirmed.Contains(s))
        {
            return Ok(new PlanDate(raw, PlanDateKind.ToBeConfirmed, null, null));
        }

        if (OngoingPattern().IsMatch(s))
        {
            return Ok(new PlanDate(raw, PlanDateKind.Ongoing, null, null));
        }

        var single = ReadPeriod(s, defaultYear: null);
        if (single.Outcome == Outcome.Read)
        {
            return Ok(new PlanDate(raw, single.Kind, single.Start, single.End));
        }

        if (single.Outcome == Outcome.Invalid)
        {
            return Fail(single.Error!);
        }

        var ongoingFrom = ReadOngoingFrom(s);
        if (ongoingFrom.Outcome == Outcome.Read)
        {
            return Ok(new PlanDate(raw, PlanDateKind.OngoingFrom, ongoingFrom.Start, null));
        }

        if (ongoingFrom.Outcome == Outcome.Invalid)
        {
            return Fail(ongoingFrom.Error!);
        }

        var range = ReadRange(s, raw);
        if (range.Outcome == Outcome.Read)
        {
            return Ok(new PlanDate(raw, PlanDateKind.Range, range.Start, range.End));
        }

        if (range.Outcome == Outcome.Invalid)
        {
            return Fail(range.Error!);
        }

        return Fail($"We could not read “{raw}” as a date. Enter it in a form such as {Examples}.");
    }

    private static PlanDateParseResult Ok(PlanDate date) => new(date, null);

    private static PlanDateParseResult Fail(string error) => new(null, error);

    /// <summary>Lower case, plain spaces and hyphens, no ordinals, no filler words such as "by" or "w/c".</summary>
    private static string Normalise(string raw)
    {
        var s = raw.ToLowerInvariant()
            .Replace('\u00A0', ' ').Replace('\u2007', ' ').Replace('\u202F', ' ')
            .Replace('\u2013', '-').Replace('\u2014', '-').Replace('\u2012', '-').Replace('\u2212', '-')
            .Replace('\u2018', '\'').Replace('\u2019', '\'');
        s = Whitespace().Replace(s, " ").Trim();
        s = Ordinal().Replace(s, "$1");
        s = AbbreviationDot().Replace(s, "$1");
        s = TrailingNoise().Replace(s, string.Empty);
        s = LeadingFiller().Replace(s, string.Empty);
        s = Weekday().Replace(s, string.Empty);
        return s.Trim();
    }

    private static Reading ReadOngoingFrom(string s)
    {
        var match = OngoingFromPrefix().Match(s);
        if (!match.Success)
        {
            match = OngoingFromSuffix().Match(s);
        }

        if (!match.Success)
        {
            return Reading.NoMatch;
        }

        var start = ReadPeriod(match.Groups["date"].Value.Trim(), defaultYear: null);
        return start.Outcome == Outcome.Read ? Reading.Ok(PlanDateKind.OngoingFrom, start.Start, null) : start;
    }

    private static Reading ReadRange(string s, string raw)
    {
        var body = RangeOpening().Replace(s, string.Empty);
        Reading? firstInvalid = null;
        foreach (Match separator in RangeSeparator().Matches(body))
        {
            var left = body[..separator.Index].Trim();
            var right = body[(separator.Index + separator.Length)..].Trim();
            if (left.Length == 0 || right.Length == 0)
            {
                continue;
            }

            var end = ReadPeriod(right, defaultYear: null);
            if (end.Outcome != Outcome.Read)
            {
                firstInvalid ??= end.Outcome == Outcome.Invalid ? end : null;
                continue;
            }

            var start = ReadPeriod(left, defaultYear: end.Start!.Value.Year);
            if (start.Outcome != Outcome.Read)
            {
                firstInvalid ??= start.Outcome == Outcome.Invalid ? start : null;
                continue;
            }

            // "Nov - Feb 2021": a start with no year of its own falls in the year before when it would otherwise follow the end.
            if (start.UsedDefaultYear && start.Start > end.Start)
            {
                start = ReadPeriod(left, defaultYear: end.Start!.Value.Year - 1);
            }

            if (start.Start > end.End)
            {
                return Reading.Invalid(
                    $"The end of “{raw}” is before its start. Write the earlier date first, for example June 2020 to April 2021.");
            }

            return Reading.Ok(PlanDateKind.Range, start.Start, end.End);
        }

        return firstInvalid ?? Reading.NoMatch;
    }

    /// <summary>Reads one period: a day, month, term, quarter, year, academic or financial year.</summary>
    private static Reading ReadPeriod(string s, int? defaultYear)
    {
        Match m;

        if ((m = IsoDay().Match(s)).Success)
        {
            return Day(Int(m, "y"), Int(m, "m"), Int(m, "d"), s);
        }

        if ((m = NumericDay().Match(s)).Success)
        {
            var year = ReadYear(m.Groups["y"].Value);
            return year is null ? BadYear(s) : Day(year.Value, Int(m, "m"), Int(m, "d"), s);
        }

        if ((m = DayMonthName().Match(s)).Success)
        {
            var year = m.Groups["y"].Success ? ReadYear(m.Groups["y"].Value) : defaultYear;
            if (year is null)
            {
                return m.Groups["y"].Success ? BadYear(s) : Reading.NoMatch;
            }

            var reading = Day(year.Value, Months[m.Groups["mon"].Value], Int(m, "d"), s);
            return reading with { UsedDefaultYear = !m.Groups["y"].Success };
        }

        if ((m = MonthNameDay().Match(s)).Success)
        {
            var year = ReadYear(m.Groups["y"].Value);
            return year is null ? BadYear(s) : Day(year.Value, Months[m.Groups["mon"].Value], Int(m, "d"), s);
        }

        if ((m = MonthName().Match(s)).Success)
        {
            var year = m.Groups["y"].Success ? ReadYear(m.Groups["y"].Value) : defaultYear;
            if (year is null)
            {
                return m.Groups["y"].Success ? BadYear(s) : Reading.NoMatch;
            }

            var start = new DateOnly(year.Value, Months[m.Groups["mon"].Value], 1);
            return Reading.Ok(PlanDateKind.Month, start, start.AddMonths(1).AddDays(-1)) with { UsedDefaultYear = !m.Groups["y"].Success };
        }

        if ((m = TwoPartNumber().Match(s)).Success)
        {
            return ReadTwoPartNumber(m, s);
        }

        if ((m = Term().Match(s)).Success)
        {
            return ReadTerm(m, s);
        }

        if ((m = Quarter().Match(s)).Success)
        {
            return ReadQuarter(m, s);
        }

        if ((m = NamedYearSpan().Match(s)).Success)
        {
            var first = int.Parse(m.Groups["y1"].Value, CultureInfo.InvariantCulture);
            if (!InRange(first))
            {
                return BadYear(s);
            }

            var second = ReadSecondYear(first, m.Groups["y2"].Value);
            if (second != first + 1)
            {
                return Reading.Invalid($"“{s}” should run over two years in a row, for example 2021/22.");
            }

            var financial = m.Groups["fy"].Success;
            return financial ? FinancialYear(first) : AcademicYear(first);
        }

        if ((m = PartOfYear().Match(s)).Success)
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (!InRange(year))
            {
                return BadYear(s);
            }

            var (from, to) = m.Groups["part"].Value switch
            {
                "early" => (1, 4),
                "late" => (9, 12),
                _ => (5, 8),
            };
            return Reading.Ok(PlanDateKind.PartOfYear, new DateOnly(year, from, 1), new DateOnly(year, to, 1).AddMonths(1).AddDays(-1));
        }

        if ((m = YearOnly().Match(s)).Success)
        {
            var year = ReadYear(m.Groups["y"].Value);
            return year is null
                ? BadYear(s)
                : Reading.Ok(PlanDateKind.Year, new DateOnly(year.Value, 1, 1), new DateOnly(year.Value, 12, 31));
        }

        return Reading.NoMatch;
    }

    /// <summary>"2021/22" (academic year), "2021-05" or "05/2021" (month).</summary>
    private static Reading ReadTwoPartNumber(Match m, string s)
    {
        var a = m.Groups["a"].Value;
        var b = m.Groups["b"].Value;
        if (a.Length == 4)
        {
            var first = int.Parse(a, CultureInfo.InvariantCulture);
            if (!InRange(first))
            {
                return BadYear(s);
            }

            var second = ReadSecondYear(first, b);
            if (second == first + 1)
            {
                return AcademicYear(first);
            }

            if (b.Length <= 2 && int.Parse(b, CultureInfo.InvariantCulture) is var month and >= 1 and <= 12)
            {
                return Month(first, month);
            }

            // "2019-2021" is a range of years, read by the range rule.
            return b.Length == 4 ? Reading.NoMatch : Reading.Invalid($"“{s}” should run over two years in a row, for example 2021/22.");
        }

        if (b.Length == 4)
        {
            var month = int.Parse(a, CultureInfo.InvariantCulture);
            return month is >= 1 and <= 12
                ? Month(int.Parse(b, CultureInfo.InvariantCulture), month)
                : Reading.Invalid($"“{s}” does not have a month between 1 and 12.");
        }

        return Reading.NoMatch;
    }

    private static Reading ReadTerm(Match m, string s)
    {
        var season = m.Groups["season"].Value;
        var yearText = m.Groups["y"].Value;
        int year;
        var span = YearSpan().Match(yearText);
        if (span.Success)
        {
            // "Spring term 2021/22": autumn falls in the first year, spring and summer in the second.
            var first = int.Parse(span.Groups["y1"].Value, CultureInfo.InvariantCulture);
            if (!InRange(first))
            {
                return BadYear(s);
            }

            if (ReadSecondYear(first, span.Groups["y2"].Value) != first + 1)
            {
                return Reading.Invalid($"“{s}” should name an academic year over two years in a row, for example Spring Term 2021/22.");
            }

            year = season == "autumn" ? first : first + 1;
        }
        else
        {
            var read = ReadYear(yearText);
            if (read is null)
            {
                return BadYear(s);
            }

            year = read.Value;
        }

        var (fromMonth, toMonth) = season switch
        {
            "autumn" => (9, 12),
            "spring" => (1, 3),
            _ => (4, 7),
        };

        var kind = PlanDateKind.Term;
        if (m.Groups["half"].Success)
        {
            kind = PlanDateKind.HalfTerm;
            (fromMonth, toMonth) = (season, m.Groups["half"].Value) switch
            {
                ("autumn", "1") => (9, 10),
                ("autumn", _) => (11, 12),
                ("spring", "1") => (1, 2),
                ("spring", _) => (3, 3),
                ("summer", "1") => (4, 5),
                _ => (6, 7),
            };
        }

        return Reading.Ok(kind, new DateOnly(year, fromMonth, 1), new DateOnly(year, toMonth, 1).AddMonths(1).AddDays(-1));
    }

    private static Reading ReadQuarter(Match m, string s)
    {
        var quarter = Int(m, "q");
        var yearText = m.Groups["y"].Value;
        var span = YearSpan().Match(yearText);
        if (span.Success)
        {
            // "Q1 2021/22" is a financial quarter: Q1 is April to June of the first year.
            var first = int.Parse(span.Groups["y1"].Value, CultureInfo.InvariantCulture);
            if (!InRange(first))
            {
                return BadYear(s);
            }

            if (ReadSecondYear(first, span.Groups["y2"].Value) != first + 1)
            {
                return Reading.Invalid($"“{s}” should name a financial year over two years in a row, for example Q1 2021/22.");
            }

            var start = new DateOnly(first, 4, 1).AddMonths((quarter - 1) * 3);
            return Reading.Ok(PlanDateKind.Quarter, start, start.AddMonths(3).AddDays(-1));
        }

        var year = ReadYear(yearText);
        if (year is null)
        {
            return BadYear(s);
        }

        var calendarStart = new DateOnly(year.Value, ((quarter - 1) * 3) + 1, 1);
        return Reading.Ok(PlanDateKind.Quarter, calendarStart, calendarStart.AddMonths(3).AddDays(-1));
    }

    private static bool InRange(int year) => year is >= EarliestYear and < LatestYear;

    private static Reading Day(int year, int month, int day, string s)
    {
        if (!InRange(year))
        {
            return BadYear(s);
        }

        if (month is < 1 or > 12)
        {
            return Reading.Invalid($"“{s}” does not have a month between 1 and 12.");
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            var monthName = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);
            return Reading.Invalid($"“{s}” is not a real date: {monthName} {year} has {DateTime.DaysInMonth(year, month)} days.");
        }

        var date = new DateOnly(year, month, day);
        return Reading.Ok(PlanDateKind.Day, date, date);
    }

    private static Reading Month(int year, int month)
    {
        if (!InRange(year))
        {
            return Reading.Invalid($"The year {year} does not look right. Use a year between 1990 and 2099.");
        }

        var start = new DateOnly(year, month, 1);
        return Reading.Ok(PlanDateKind.Month, start, start.AddMonths(1).AddDays(-1));
    }

    private static Reading AcademicYear(int first) =>
        Reading.Ok(PlanDateKind.AcademicYear, new DateOnly(first, 9, 1), new DateOnly(first + 1, 8, 31));

    private static Reading FinancialYear(int first) =>
        Reading.Ok(PlanDateKind.FinancialYear, new DateOnly(first, 4, 1), new DateOnly(first + 1, 3, 31));

    private static Reading BadYear(string s) =>
        Reading.Invalid($"The year in “{s}” does not look right. Use a year between 1990 and 2099, for example 2021 or 21.");

    /// <summary>"2021", "21" or "'21" as a year; two-digit years are in the 2000s.</summary>
    private static int? ReadYear(string text)
    {
        var digits = text.TrimStart('\'');
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        if (digits.Length == 2)
        {
            return 2000 + year;
        }

        return digits.Length == 4 && InRange(year) ? year : null;
    }

    /// <summary>The second year of "2021/22" or "2021/2022".</summary>
    private static int ReadSecondYear(int first, string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return text.Length == 2 ? (first / 100 * 100) + value + (value < first % 100 ? 100 : 0) : value;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private enum Outcome
    {
        NoMatch,
        Read,
        Invalid,
    }

    private sealed record Reading(Outcome Outcome, PlanDateKind Kind, DateOnly? Start, DateOnly? End, string? Error)
    {
        public static readonly Reading NoMatch = new(Outcome.NoMatch, PlanDateKind.None, null, null, null);

        public bool UsedDefaultYear { get; init; }

        public static Reading Ok(PlanDateKind kind, DateOnly? start, DateOnly? end) => new(Outcome.Read, kind, start, end, null);

        public static Reading Invalid(string error) => new(Outcome.Invalid, PlanDateKind.None, null, null, error);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b(\d{1,2})(st|nd|rd|th)\b")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"([a-z]{3,})\.(?=\s|$|-)")]
    private static partial Regex AbbreviationDot();

    [GeneratedRegex(@"[\s.,;:!]+$|\s*\((?:tbc|approx\.?|provisional|estimated)\)$|\?$")]
    private static partial Regex TrailingNoise();

    [GeneratedRegex(@"^(?:(?:by|before|due|due by|deadline|target|no later than)\s*:?\s+)?(?:(?:the\s+)?end\s+of\s+)?(?:w/c|w/b|wc|week commencing|week beginning)?\s*(?:the\s+)?")]
    private static partial Regex LeadingFiller();

    [GeneratedRegex(@"^(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)\b,?\s*")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"^(?:on\s*-?\s*going|continuous|continual|rolling|business as usual|bau)$")]
    private static partial Regex OngoingPattern();

    [GeneratedRegex(@"^(?:(?:on\s*-?\s*going|continuing)\s+)?(?:from|since|starting|starting from|commencing|beginning)\s+(?<date>.+)$")]
    private static partial Regex OngoingFromPrefix();

    [GeneratedRegex(@"^(?<date>.+?)\s*(?:onwards|on\s*-?\s*wards|(?:and|-|to)?\s*on\s*-?\s*going|-)$")]
    private static partial Regex OngoingFromSuffix();

    [GeneratedRegex(@"^(?:between|from)\s+")]
    private static partial Regex RangeOpening();

    [GeneratedRegex(@"\s+(?:to|until|till|til|through|thru|and)\s+|\s*-\s*")]
    private static partial Regex RangeSeparator();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$")]
    private static partial Regex IsoDay();

    [GeneratedRegex(@"^(?<d>\d{1,2})\s*[/.\-]\s*(?<m>\d{1,2})\s*[/.\-]\s*(?<y>\d{4}|\d{2})$")]
    private static partial Regex NumericDay();

    [GeneratedRegex(@"^(?<d>\d{1,2})\s*-?\s*(?<mon>" + MonthNames + @")(?:[\s\-,']+(?<y>'?\d{4}|'?\d{2}))?$")]
    private static partial Regex DayMonthName();

    [GeneratedRegex(@"^(?<mon>" + MonthNames + @")\s+(?<d>\d{1,2}),?\s+(?<y>\d{4})$")]
    private static partial Regex MonthNameDay();

    [GeneratedRegex(@"^(?<mon>" + MonthNames + @")(?:\s*[\s\-/,']\s*'?(?<y>\d{4}|\d{2})|(?<y>\d{4}|\d{2}))?$")]
    private static partial Regex MonthName();

    [GeneratedRegex(@"^(?<a>\d{4}|\d{1,2})\s*[/\-]\s*(?<b>\d{4}|\d{1,2})$")]
    private static partial Regex TwoPartNumber();

    [GeneratedRegex(@"^(?<season>autumn|spring|summer)(?:\s+term)?(?:\s*(?<half>[12]))?(?:\s+(?:half\s+)?term)?(?:\s+of)?[\s,]+(?<y>\d{4}\s*[/\-]\s*\d{2,4}|'?\d{4}|'?\d{2})(?:\s+term)?$")]
    private static partial Regex Term();

    [GeneratedRegex(@"^(?<y1>\d{4})\s*[/\-]\s*(?<y2>\d{2,4})$")]
    private static partial Regex YearSpan();

    [GeneratedRegex(@"^(?:q|quarter\s*)(?<q>[1-4])\s*(?:fy\s*)?,?\s*(?<y>\d{4}\s*[/\-]\s*\d{2,4}|'?\d{4}|'?\d{2})$")]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(?:(?<fy>fy|financial year|fin year|fin yr)|ay|academic year|acad year|school year)\s*(?<y1>\d{4})\s*[/\-]\s*(?<y2>\d{2,4})$|^(?<y1>\d{4})\s*[/\-]\s*(?<y2>\d{2,4})\s+(?:(?<fy>fy|financial year)|ay|academic year)$")]
    private static partial Regex NamedYearSpan();

    [GeneratedRegex(@"^(?<part>early|mid|middle of|late)\s*-?\s*(?<y>\d{4})$")]
    private static partial Regex PartOfYear();

    [GeneratedRegex(@"^(?<y>\d{4})$")]
    private static partial Regex YearOnly();
}

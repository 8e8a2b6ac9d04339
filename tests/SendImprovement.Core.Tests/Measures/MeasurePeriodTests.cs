using System.Globalization;
using SendImprovement.Core.Measures;

namespace SendImprovement.Core.Tests.Measures;

public class MeasurePeriodTests
{
    private const string Unrecognised =
        "is not a period this product recognises. Write a month (March 2022), a quarter (2022 Q1), a school term (Autumn term 2021/22), "
        + "an academic year (2021/22), a financial year (2021-22) or a calendar year (2021).";

    [Theory]
    [InlineData(PeriodType.Month, 2022, 3, "2022-03-01", "2022-03-31", "March 2022", "2022-03")]
    [InlineData(PeriodType.Month, 2021, 12, "2021-12-01", "2021-12-31", "December 2021", "2021-12")]
    [InlineData(PeriodType.Month, 2022, 4, "2022-04-01", "2022-04-30", "April 2022", "2022-04")]
    [InlineData(PeriodType.Month, 2024, 2, "2024-02-01", "2024-02-29", "February 2024", "2024-02")]
    [InlineData(PeriodType.Month, 2023, 2, "2023-02-01", "2023-02-28", "February 2023", "2023-02")]
    [InlineData(PeriodType.Month, 2000, 2, "2000-02-01", "2000-02-29", "February 2000", "2000-02")]
    [InlineData(PeriodType.Month, 2100, 2, "2100-02-01", "2100-02-28", "February 2100", "2100-02")]
    [InlineData(PeriodType.Quarter, 2022, 1, "2022-01-01", "2022-03-31", "January to March 2022", "2022 Q1")]
    [InlineData(PeriodType.Quarter, 2022, 2, "2022-04-01", "2022-06-30", "April to June 2022", "2022 Q2")]
    [InlineData(PeriodType.Quarter, 2022, 3, "2022-07-01", "2022-09-30", "July to September 2022", "2022 Q3")]
    [InlineData(PeriodType.Quarter, 2022, 4, "2022-10-01", "2022-12-31", "October to December 2022", "2022 Q4")]
    [InlineData(PeriodType.SchoolTerm, 2021, (int)SchoolTerm.Autumn, "2021-09-01", "2021-12-31", "Autumn term 2021/22", "Autumn 2021/22")]
    [InlineData(PeriodType.SchoolTerm, 2021, (int)SchoolTerm.Spring, "2022-01-01", "2022-03-31", "Spring term 2021/22", "Spring 2021/22")]
    [InlineData(PeriodType.SchoolTerm, 2021, (int)SchoolTerm.Summer, "2022-04-01", "2022-08-31", "Summer term 2021/22", "Summer 2021/22")]
    [InlineData(PeriodType.SchoolTerm, 1999, (int)SchoolTerm.Spring, "2000-01-01", "2000-03-31", "Spring term 1999/00", "Spring 1999/00")]
    [InlineData(PeriodType.AcademicYear, 2021, 0, "2021-09-01", "2022-08-31", "2021/22 academic year", "AY 2021/22")]
    [InlineData(PeriodType.AcademicYear, 1999, 0, "1999-09-01", "2000-08-31", "1999/00 academic year", "AY 1999/00")]
    [InlineData(PeriodType.FinancialYear, 2021, 0, "2021-04-01", "2022-03-31", "2021-22 financial year", "FY 2021-22")]
    [InlineData(PeriodType.FinancialYear, 2023, 0, "2023-04-01", "2024-03-31", "2023-24 financial year", "FY 2023-24")]
    [InlineData(PeriodType.CalendarYear, 2021, 0, "2021-01-01", "2021-12-31", "2021", "2021")]
    [InlineData(PeriodType.CalendarYear, 2024, 0, "2024-01-01", "2024-12-31", "2024", "2024")]
    public void Factories_GiveStartEndLabelAndKey(PeriodType type, int year, int part, string start, string end, string label, string key)
    {
        var period = Make(type, year, part);

        Assert.Equal(type, period.Type);
        Assert.Equal(Day(start), period.Start);
        Assert.Equal(Day(end), period.End);
        Assert.Equal(label, period.Label);
        Assert.Equal(key, period.Key);
    }

    [Theory]
    [InlineData(PeriodType.Month, 2022, 3)]
    [InlineData(PeriodType.Month, 2024, 2)]
    [InlineData(PeriodType.Month, 2021, 12)]
    [InlineData(PeriodType.Quarter, 2022, 1)]
    [InlineData(PeriodType.Quarter, 2022, 4)]
    [InlineData(PeriodType.SchoolTerm, 2021, (int)SchoolTerm.Autumn)]
    [InlineData(PeriodType.SchoolTerm, 2021, (int)SchoolTerm.Spring)]
    [InlineData(PeriodType.SchoolTerm, 2021, (int)SchoolTerm.Summer)]
    [InlineData(PeriodType.SchoolTerm, 1999, (int)SchoolTerm.Spring)]
    [InlineData(PeriodType.AcademicYear, 2021, 0)]
    [InlineData(PeriodType.AcademicYear, 1999, 0)]
    [InlineData(PeriodType.FinancialYear, 2021, 0)]
    [InlineData(PeriodType.FinancialYear, 2100, 0)]
    [InlineData(PeriodType.CalendarYear, 2021, 0)]
    [InlineData(PeriodType.CalendarYear, 1990, 0)]
    public void KeyAndLabel_ReadBackToTheSamePeriod(PeriodType type, int year, int part)
    {
        var period = Make(type, year, part);

        foreach (var text in new[] { period.Key, period.Label })
        {
            foreach (var expected in new PeriodType?[] { null, type })
            {
                Assert.True(MeasurePeriod.TryParse(text, expected, out var read, out var error), error);
                Assert.Equal(period, read);
            }
        }
    }

    [Fact]
    public void KeyAndLabel_ReadBack_ForEveryPeriodFrom1990To2100()
    {
        for (var year = MeasurePeriod.EarliestYear; year <= MeasurePeriod.LatestYear; year++)
        {
            var periods = new List<MeasurePeriod>
            {
                MeasurePeriod.Term(year, SchoolTerm.Autumn),
                MeasurePeriod.Term(year, SchoolTerm.Spring),
                MeasurePeriod.Term(year, SchoolTerm.Summer),
                MeasurePeriod.AcademicYear(year),
                MeasurePeriod.FinancialYear(year),
                MeasurePeriod.CalendarYear(year),
            };
            periods.AddRange(Enumerable.Range(1, 12).Select(month => MeasurePeriod.Month(year, month)));
            periods.AddRange(Enumerable.Range(1, 4).Select(quarter => MeasurePeriod.Quarter(year, quarter)));

            foreach (var period in periods)
            {
                Assert.True(MeasurePeriod.TryParse(period.Key, period.Type, out var fromKey, out _), period.Key);
                Assert.Equal(period, fromKey);
                Assert.True(MeasurePeriod.TryParse(period.Label, null, out var fromLabel, out _), period.Label);
                Assert.Equal(period, fromLabel);

                // "2000-01" to "2011-12" and "2100-01" are also financial years, and are read as those unless a month is expected.
                var keyLooksLikeAYearSpan = period.Type == PeriodType.Month && period.Start.Month == (year % 100) + 1;
                Assert.True(MeasurePeriod.TryParse(period.Key, null, out var fromKeyAlone, out _), period.Key);
                Assert.Equal(keyLooksLikeAYearSpan ? MeasurePeriod.FinancialYear(year) : period, fromKeyAlone);
            }
        }
    }

    [Theory]
    [InlineData(PeriodType.Month, "2024-02-29", "2024-02-01")]
    [InlineData(PeriodType.Month, "2022-03-01", "2022-03-01")]
    [InlineData(PeriodType.Quarter, "2022-05-15", "2022-04-01")]
    [InlineData(PeriodType.Quarter, "2022-12-31", "2022-10-01")]
    [InlineData(PeriodType.Quarter, "2022-01-01", "2022-01-01")]
    [InlineData(PeriodType.SchoolTerm, "2021-08-31", "2021-04-01")]
    [InlineData(PeriodType.SchoolTerm, "2021-09-01", "2021-09-01")]
    [InlineData(PeriodType.SchoolTerm, "2021-12-31", "2021-09-01")]
    [InlineData(PeriodType.SchoolTerm, "2022-01-01", "2022-01-01")]
    [InlineData(PeriodType.SchoolTerm, "2022-03-31", "2022-01-01")]
    [InlineData(PeriodType.SchoolTerm, "2022-04-01", "2022-04-01")]
    [InlineData(PeriodType.AcademicYear, "2022-08-31", "2021-09-01")]
    [InlineData(PeriodType.AcademicYear, "2022-09-01", "2022-09-01")]
    [InlineData(PeriodType.FinancialYear, "2022-03-31", "2021-04-01")]
    [InlineData(PeriodType.FinancialYear, "2022-04-01", "2022-04-01")]
    [InlineData(PeriodType.CalendarYear, "2022-07-04", "2022-01-01")]
    public void Containing_FindsThePeriodTheDayFallsIn(PeriodType type, string day, string start)
    {
        var period = MeasurePeriod.Containing(type, Day(day));

        Assert.Equal(type, period.Type);
        Assert.Equal(Day(start), period.Start);
        Assert.InRange(Day(day), period.Start, period.End);
    }

    [Fact]
    public void Constructor_KeepsTheFirstDayOfThePeriod_SoEqualPeriodsAreEqual()
    {
        var period = new MeasurePeriod(PeriodType.Quarter, new DateOnly(2022, 5, 15));

        Assert.Equal(MeasurePeriod.Quarter(2022, 2), period);
        Assert.Equal(new DateOnly(2022, 4, 1), period.Start);
        Assert.Equal(new DateOnly(2022, 6, 30), period.End);
    }

    [Fact]
    public void Factories_RefuseWhatIsNotAPeriod()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.Month(2022, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.Month(2022, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.Quarter(2022, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.Quarter(2022, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.Term(2021, (SchoolTerm)3));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.AcademicYear(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.CalendarYear(9999));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasurePeriod.Containing((PeriodType)99, new DateOnly(2022, 1, 1)));
    }

    public static TheoryData<string, PeriodType?, PeriodType, string> Readable => new()
    {
        // Months.
        { "2022-03", null, PeriodType.Month, "2022-03-01" },
        { "2022-3", null, PeriodType.Month, "2022-03-01" },
        { "2021-12", null, PeriodType.Month, "2021-12-01" },
        { "March 2022", null, PeriodType.Month, "2022-03-01" },
        { "march 2022", null, PeriodType.Month, "2022-03-01" },
        { "  MARCH   2022 ", null, PeriodType.Month, "2022-03-01" },
        { "March\u00A02022", null, PeriodType.Month, "2022-03-01" },
        { "Mar 2022", null, PeriodType.Month, "2022-03-01" },
        { "Sept 2022", null, PeriodType.Month, "2022-09-01" },
        { "Sept. 2022", null, PeriodType.Month, "2022-09-01" },
        { "Sep 2022", null, PeriodType.Month, "2022-09-01" },
        { "September 2022", null, PeriodType.Month, "2022-09-01" },
        { "Feb 2024", null, PeriodType.Month, "2024-02-01" },
        { "Mar-22", null, PeriodType.Month, "2022-03-01" },
        { "Mar - 22", null, PeriodType.Month, "2022-03-01" },
        { "Mar 22", null, PeriodType.Month, "2022-03-01" },
        { "03/2022", null, PeriodType.Month, "2022-03-01" },
        { "3/2022", null, PeriodType.Month, "2022-03-01" },
        { "01/03/2022", null, PeriodType.Month, "2022-03-01" },
        { "31/03/2022", null, PeriodType.Month, "2022-03-01" },
        { "29/02/2024", null, PeriodType.Month, "2024-02-01" },
        { "2022-03-15", null, PeriodType.Month, "2022-03-01" },
        { "01/03/2022", PeriodType.Month, PeriodType.Month, "2022-03-01" },
        { "March 2022", PeriodType.Month, PeriodType.Month, "2022-03-01" },
        { "January 1990", null, PeriodType.Month, "1990-01-01" },
        { "December 2100", null, PeriodType.Month, "2100-12-01" },

        // Calendar quarters.
        { "2022 Q1", null, PeriodType.Quarter, "2022-01-01" },
        { "Q1 2022", null, PeriodType.Quarter, "2022-01-01" },
        { "2022-Q1", null, PeriodType.Quarter, "2022-01-01" },
        { "2022Q1", null, PeriodType.Quarter, "2022-01-01" },
        { "q1 2022", null, PeriodType.Quarter, "2022-01-01" },
        { "2022 q4", null, PeriodType.Quarter, "2022-10-01" },
        { "January to March 2022", null, PeriodType.Quarter, "2022-01-01" },
        { "Jan-Mar 2022", null, PeriodType.Quarter, "2022-01-01" },
        { "Jan - Mar 2022", null, PeriodType.Quarter, "2022-01-01" },
        { "Jan\u2013Mar 2022", null, PeriodType.Quarter, "2022-01-01" },
        { "April to June 2022", null, PeriodType.Quarter, "2022-04-01" },
        { "Jul-Sep 2022", null, PeriodType.Quarter, "2022-07-01" },
        { "Oct-Dec 2022", null, PeriodType.Quarter, "2022-10-01" },
        { "2022 Q1", PeriodType.Quarter, PeriodType.Quarter, "2022-01-01" },

        // Financial-year quarters: Q1 is April to June of the first year.
        { "Q1 2022-23", null, PeriodType.Quarter, "2022-04-01" },
        { "Q2 2022-23", null, PeriodType.Quarter, "2022-07-01" },
        { "Q3 2022-23", null, PeriodType.Quarter, "2022-10-01" },
        { "Q4 2022-23", null, PeriodType.Quarter, "2023-01-01" },
        { "2022-23 Q1", null, PeriodType.Quarter, "2022-04-01" },
        { "2022-23 Q4", null, PeriodType.Quarter, "2023-01-01" },
        { "Q1 FY2022/23", null, PeriodType.Quarter, "2022-04-01" },
        { "Q4 FY 2022-23", null, PeriodType.Quarter, "2023-01-01" },
        { "Q1 2022/2023", PeriodType.Quarter, PeriodType.Quarter, "2022-04-01" },

        // School terms.
        { "Autumn 2021", null, PeriodType.SchoolTerm, "2021-09-01" },
        { "Spring 2022", null, PeriodType.SchoolTerm, "2022-01-01" },
        { "Summer 2022", null, PeriodType.SchoolTerm, "2022-04-01" },
        { "Autumn term 2021/22", null, PeriodType.SchoolTerm, "2021-09-01" },
        { "Spring term 2021/22", null, PeriodType.SchoolTerm, "2022-01-01" },
        { "Summer term 2021/22", null, PeriodType.SchoolTerm, "2022-04-01" },
        { "Spring term 2022", null, PeriodType.SchoolTerm, "2022-01-01" },
        { "Autumn 2021/22", null, PeriodType.SchoolTerm, "2021-09-01" },
        { "AUTUMN TERM 2021-22", null, PeriodType.SchoolTerm, "2021-09-01" },
        { "Spring 2021/2022", null, PeriodType.SchoolTerm, "2022-01-01" },
        { "Summer 2022", PeriodType.SchoolTerm, PeriodType.SchoolTerm, "2022-04-01" },

        // Academic years.
        { "2021/22", null, PeriodType.AcademicYear, "2021-09-01" },
        { "2021/2022", null, PeriodType.AcademicYear, "2021-09-01" },
        { "2021 / 22", null, PeriodType.AcademicYear, "2021-09-01" },
        { "1999/00", null, PeriodType.AcademicYear, "1999-09-01" },
        { "AY 2021/22", null, PeriodType.AcademicYear, "2021-09-01" },
        { "ay2021/22", null, PeriodType.AcademicYear, "2021-09-01" },
        { "2021/22 academic year", null, PeriodType.AcademicYear, "2021-09-01" },
        { "Academic year 2021/22", null, PeriodType.AcademicYear, "2021-09-01" },

        // Financial years.
        { "2021-22", null, PeriodType.FinancialYear, "2021-04-01" },
        { "2021\u201322", null, PeriodType.FinancialYear, "2021-04-01" },
        { "2021-2022", null, PeriodType.FinancialYear, "2021-04-01" },
        { "FY 2021-22", null, PeriodType.FinancialYear, "2021-04-01" },
        { "FY21/22", null, PeriodType.FinancialYear, "2021-04-01" },
        { "fy 21-22", null, PeriodType.FinancialYear, "2021-04-01" },
        { "2021/22 financial year", null, PeriodType.FinancialYear, "2021-04-01" },
        { "Financial year 2021-22", null, PeriodType.FinancialYear, "2021-04-01" },

        // Calendar years, including the first and last years allowed.
        { "2021", null, PeriodType.CalendarYear, "2021-01-01" },
        { " 2021 ", PeriodType.CalendarYear, PeriodType.CalendarYear, "2021-01-01" },
        { "1990", null, PeriodType.CalendarYear, "1990-01-01" },
        { "2100", null, PeriodType.CalendarYear, "2100-01-01" },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void TryParse_ReadsEveryAcceptedForm(string text, PeriodType? expected, PeriodType type, string start)
    {
        Assert.True(MeasurePeriod.TryParse(text, expected, out var period, out var error), error);
        Assert.Null(error);
        Assert.Equal(type, period.Type);
        Assert.Equal(Day(start), period.Start);
    }

    [Theory]
    [InlineData("2021/22", null, PeriodType.AcademicYear, "2021-09-01")]
    [InlineData("2021/22", PeriodType.AcademicYear, PeriodType.AcademicYear, "2021-09-01")]
    [InlineData("2021/22", PeriodType.FinancialYear, PeriodType.FinancialYear, "2021-04-01")]
    [InlineData("2021/2022", PeriodType.FinancialYear, PeriodType.FinancialYear, "2021-04-01")]
    [InlineData("2021-22", null, PeriodType.FinancialYear, "2021-04-01")]
    [InlineData("2021-22", PeriodType.FinancialYear, PeriodType.FinancialYear, "2021-04-01")]
    [InlineData("2021-22", PeriodType.AcademicYear, PeriodType.AcademicYear, "2021-09-01")]
    [InlineData("2021-2022", PeriodType.AcademicYear, PeriodType.AcademicYear, "2021-09-01")]
    [InlineData("2021", null, PeriodType.CalendarYear, "2021-01-01")]
    [InlineData("2021", PeriodType.CalendarYear, PeriodType.CalendarYear, "2021-01-01")]
    [InlineData("2021", PeriodType.AcademicYear, PeriodType.AcademicYear, "2021-09-01")]
    [InlineData("2021", PeriodType.FinancialYear, PeriodType.FinancialYear, "2021-04-01")]
    [InlineData("2011-12", null, PeriodType.FinancialYear, "2011-04-01")]
    [InlineData("2011-12", PeriodType.Month, PeriodType.Month, "2011-12-01")]
    [InlineData("2011-12", PeriodType.AcademicYear, PeriodType.AcademicYear, "2011-09-01")]
    public void TryParse_ReadsAmbiguousYears_AsExpectedSays(string text, PeriodType? expected, PeriodType type, string start)
    {
        Assert.True(MeasurePeriod.TryParse(text, expected, out var period, out var error), error);
        Assert.Equal(type, period.Type);
        Assert.Equal(Day(start), period.Start);
    }

    [Theory]
    [InlineData("2022 Q1", PeriodType.Month, "“2022 Q1” is a quarter, but this needs a month, for example March 2022.")]
    [InlineData("March 2022", PeriodType.Quarter, "“March 2022” is a month, but this needs a quarter, for example 2022 Q1.")]
    [InlineData("01/03/2022", PeriodType.Quarter, "“01/03/2022” is a date, but this needs a quarter, for example 2022 Q1.")]
    [InlineData("01/03/2022", PeriodType.CalendarYear, "“01/03/2022” is a date, but this needs a calendar year, for example 2021.")]
    [InlineData("Autumn 2021", PeriodType.Quarter, "“Autumn 2021” is a school term, but this needs a quarter, for example 2022 Q1.")]
    [InlineData("2021/22", PeriodType.SchoolTerm, "“2021/22” is an academic year, but this needs a school term, for example Autumn term 2021/22.")]
    [InlineData("AY 2021/22", PeriodType.FinancialYear, "“AY 2021/22” is an academic year, but this needs a financial year, for example 2021-22.")]
    [InlineData("FY 2021-22", PeriodType.AcademicYear, "“FY 2021-22” is a financial year, but this needs an academic year, for example 2021/22.")]
    [InlineData("2021/22 financial year", PeriodType.AcademicYear, "“2021/22 financial year” is a financial year, but this needs an academic year, for example 2021/22.")]
    [InlineData("Q1 2022-23", PeriodType.FinancialYear, "“Q1 2022-23” is a quarter, but this needs a financial year, for example 2021-22.")]
    [InlineData("2021", PeriodType.Month, "“2021” is a calendar year, but this needs a month, for example March 2022.")]
    [InlineData("2021-22", PeriodType.CalendarYear, "“2021-22” is a financial year, but this needs a calendar year, for example 2021.")]
    public void TryParse_TextNamingAnotherKindOfPeriod_SaysBoth(string text, PeriodType expected, string message)
    {
        Assert.False(MeasurePeriod.TryParse(text, expected, out var period, out var error));
        Assert.Equal(message, error);
        Assert.Equal(default, period);
    }

    [Theory]
    [InlineData("whenever", "“whenever” " + Unrecognised)]
    [InlineData("13/2022", "“13/2022” " + Unrecognised)]
    [InlineData("00/2022", "“00/2022” " + Unrecognised)]
    [InlineData("Q5 2022", "“Q5 2022” " + Unrecognised)]
    [InlineData("Week 12", "“Week 12” " + Unrecognised)]
    [InlineData("Marchember 2022", "“Marchember 2022” " + Unrecognised)]
    [InlineData("2021/23", "“2021/23” should run over two years in a row, for example 2021/22.")]
    [InlineData("2021/2023", "“2021/2023” should run over two years in a row, for example 2021/22.")]
    [InlineData("2021-2023", "“2021-2023” should run over two years in a row, for example 2021-22.")]
    [InlineData("2021-23", "“2021-23” should run over two years in a row, for example 2021-22.")]
    [InlineData("AY 2021/23", "“AY 2021/23” should run over two years in a row, for example 2021/22.")]
    [InlineData("FY 2021-23", "“FY 2021-23” should run over two years in a row, for example 2021-22.")]
    [InlineData("Autumn term 2021/23", "“Autumn term 2021/23” should run over two years in a row, for example 2021/22.")]
    [InlineData("Q1 2022-24", "“Q1 2022-24” should run over two years in a row, for example 2021-22.")]
    [InlineData("1989", "The year in “1989” must be between 1990 and 2100.")]
    [InlineData("2101", "The year in “2101” must be between 1990 and 2100.")]
    [InlineData("March 1989", "The year in “March 1989” must be between 1990 and 2100.")]
    [InlineData("03/2101", "The year in “03/2101” must be between 1990 and 2100.")]
    [InlineData("2101-03", "The year in “2101-03” must be between 1990 and 2100.")]
    [InlineData("01/03/1989", "The year in “01/03/1989” must be between 1990 and 2100.")]
    [InlineData("1989/90", "The year in “1989/90” must be between 1990 and 2100.")]
    [InlineData("FY 2101-02", "The year in “FY 2101-02” must be between 1990 and 2100.")]
    [InlineData("Q1 2101", "The year in “Q1 2101” must be between 1990 and 2100.")]
    [InlineData("Jan-Mar 1989", "The year in “Jan-Mar 1989” must be between 1990 and 2100.")]
    [InlineData("Spring 2101", "The year in “Spring 2101” must be between 1990 and 2100.")]
    [InlineData("31/02/2022", "“31/02/2022” is not a real date: February 2022 has 28 days.")]
    [InlineData("Feb-Apr 2022", "“Feb-Apr 2022” is not a calendar quarter: quarters run January to March, April to June, July to September and October to December.")]
    [InlineData("", "Enter the period")]
    [InlineData("   ", "Enter the period")]
    [InlineData(null, "Enter the period")]
    public void TryParse_Refuses_WithOneSentenceSayingWhatToFix(string? text, string message)
    {
        foreach (var expected in new PeriodType?[] { null, PeriodType.Month, PeriodType.AcademicYear })
        {
            Assert.False(MeasurePeriod.TryParse(text, expected, out var period, out var error));
            Assert.Equal(message, error);
            Assert.Equal(default, period);
        }
    }

    [Fact]
    public void TryParse_OverlongText_IsRefusedWithoutQuotingIt()
    {
        Assert.False(MeasurePeriod.TryParse(new string('x', MeasurePeriod.MaxLength + 1), null, out _, out var error));
        Assert.Equal("A period must be 100 characters or fewer.", error);
    }

    public static TheoryData<string, string, PeriodType, string, string> EesRows => new()
    {
        { "2022", "Calendar year", PeriodType.CalendarYear, "2022-01-01", "2022-12-31" },
        { "202122", "Academic year", PeriodType.AcademicYear, "2021-09-01", "2022-08-31" },
        { "199900", "Academic year", PeriodType.AcademicYear, "1999-09-01", "2000-08-31" },
        { "202122", "Financial year", PeriodType.FinancialYear, "2021-04-01", "2022-03-31" },
        { "202122", "Autumn term", PeriodType.SchoolTerm, "2021-09-01", "2021-12-31" },
        { "202122", "Spring term", PeriodType.SchoolTerm, "2022-01-01", "2022-03-31" },
        { "202122", "Summer term", PeriodType.SchoolTerm, "2022-04-01", "2022-08-31" },
        { "2022", "January", PeriodType.Month, "2022-01-01", "2022-01-31" },
        { "2022", "February", PeriodType.Month, "2022-02-01", "2022-02-28" },
        { "2024", "February", PeriodType.Month, "2024-02-01", "2024-02-29" },
        { "2022", "March", PeriodType.Month, "2022-03-01", "2022-03-31" },
        { "2022", "April", PeriodType.Month, "2022-04-01", "2022-04-30" },
        { "2022", "May", PeriodType.Month, "2022-05-01", "2022-05-31" },
        { "2022", "June", PeriodType.Month, "2022-06-01", "2022-06-30" },
        { "2022", "July", PeriodType.Month, "2022-07-01", "2022-07-31" },
        { "2022", "August", PeriodType.Month, "2022-08-01", "2022-08-31" },
        { "2022", "September", PeriodType.Month, "2022-09-01", "2022-09-30" },
        { "2022", "October", PeriodType.Month, "2022-10-01", "2022-10-31" },
        { "2022", "November", PeriodType.Month, "2022-11-01", "2022-11-30" },
        { "2022", "December", PeriodType.Month, "2022-12-01", "2022-12-31" },
        { "2022", "Calendar year Q1", PeriodType.Quarter, "2022-01-01", "2022-03-31" },
        { "2022", "Calendar year Q2", PeriodType.Quarter, "2022-04-01", "2022-06-30" },
        { "2022", "Calendar year Q3", PeriodType.Quarter, "2022-07-01", "2022-09-30" },
        { "2022", "Calendar year Q4", PeriodType.Quarter, "2022-10-01", "2022-12-31" },
        { "202223", "Financial year Q1", PeriodType.Quarter, "2022-04-01", "2022-06-30" },
        { "202223", "Financial year Q2", PeriodType.Quarter, "2022-07-01", "2022-09-30" },
        { "202223", "Financial year Q3", PeriodType.Quarter, "2022-10-01", "2022-12-31" },
        { "202223", "Financial year Q4", PeriodType.Quarter, "2023-01-01", "2023-03-31" },
        { " 202122 ", "ACADEMIC YEAR", PeriodType.AcademicYear, "2021-09-01", "2022-08-31" },
        { "2022", " calendar  year q2 ", PeriodType.Quarter, "2022-04-01", "2022-06-30" },
        { "2022", "september", PeriodType.Month, "2022-09-01", "2022-09-30" },
    };

    [Theory]
    [MemberData(nameof(EesRows))]
    public void TryParseEes_ReadsEverySupportedTimeIdentifier(string timePeriod, string timeIdentifier, PeriodType type, string start, string end)
    {
        Assert.True(MeasurePeriod.TryParseEes(timePeriod, timeIdentifier, out var period, out var error), error);
        Assert.Null(error);
        Assert.Equal(type, period.Type);
        Assert.Equal(Day(start), period.Start);
        Assert.Equal(Day(end), period.End);
    }

    [Theory]
    [InlineData("2022", "Week 12")]
    [InlineData("202122", "Tax year")]
    [InlineData("202122", "Autumn and spring term")]
    [InlineData("202122", "Academic year Q1")]
    [InlineData("2022", "Jan")]
    [InlineData("2022", "Calendar year Q5")]
    public void TryParseEes_UnsupportedTimeIdentifier_IsRefused(string timePeriod, string timeIdentifier)
    {
        Assert.False(MeasurePeriod.TryParseEes(timePeriod, timeIdentifier, out var period, out var error));
        Assert.Equal(
            $"The time identifier “{timeIdentifier}” is not supported: use Calendar year, Academic year, Financial year, "
            + "Autumn term, Spring term, Summer term, a month such as January, Calendar year Q1 to Q4 or Financial year Q1 to Q4.",
            error);
        Assert.Equal(default, period);
    }

    [Theory]
    [InlineData("2021", "Academic year", "The time period “2021” does not fit the time identifier “Academic year”: it should be two years in a row written as six digits, for example 202122.")]
    [InlineData("202123", "Academic year", "The time period “202123” does not fit the time identifier “Academic year”: it should be two years in a row written as six digits, for example 202122.")]
    [InlineData("2021/22", "Financial year", "The time period “2021/22” does not fit the time identifier “Financial year”: it should be two years in a row written as six digits, for example 202122.")]
    [InlineData("2022", "Financial year Q1", "The time period “2022” does not fit the time identifier “Financial year Q1”: it should be two years in a row written as six digits, for example 202122.")]
    [InlineData("2021", "Spring term", "The time period “2021” does not fit the time identifier “Spring term”: it should be two years in a row written as six digits, for example 202122.")]
    [InlineData("202122", "Calendar year", "The time period “202122” does not fit the time identifier “Calendar year”: it should be a year written as four digits, for example 2022.")]
    [InlineData("202122", "March", "The time period “202122” does not fit the time identifier “March”: it should be a year written as four digits, for example 2022.")]
    [InlineData("22", "Calendar year Q1", "The time period “22” does not fit the time identifier “Calendar year Q1”: it should be a year written as four digits, for example 2022.")]
    [InlineData("198990", "Academic year", "The year in the time period “198990” must be between 1990 and 2100.")]
    [InlineData("1989", "Calendar year", "The year in the time period “1989” must be between 1990 and 2100.")]
    [InlineData("", "Calendar year", "Enter the time period")]
    [InlineData(null, "Calendar year", "Enter the time period")]
    [InlineData("2022", "", "Enter the time identifier")]
    [InlineData("2022", null, "Enter the time identifier")]
    public void TryParseEes_TimePeriodThatDoesNotFit_IsRefused(string? timePeriod, string? timeIdentifier, string message)
    {
        Assert.False(MeasurePeriod.TryParseEes(timePeriod, timeIdentifier, out var period, out var error));
        Assert.Equal(message, error);
        Assert.Equal(default, period);
    }

    [Fact]
    public void CompareTo_OrdersByEndThenType()
    {
        var periods = new[]
        {
            MeasurePeriod.CalendarYear(2022),
            MeasurePeriod.FinancialYear(2021),
            MeasurePeriod.Term(2021, SchoolTerm.Spring),
            MeasurePeriod.AcademicYear(2021),
            MeasurePeriod.Quarter(2022, 1),
            MeasurePeriod.Month(2022, 3),
            MeasurePeriod.Month(2021, 12),
        };

        var sorted = periods.Order().Select(p => p.Key).ToList();

        Assert.Equal(["2021-12", "2022-03", "2022 Q1", "Spring 2021/22", "FY 2021-22", "AY 2021/22", "2022"], sorted);
        Assert.True(MeasurePeriod.Month(2022, 3) < MeasurePeriod.Quarter(2022, 1));
        Assert.True(MeasurePeriod.AcademicYear(2021) > MeasurePeriod.FinancialYear(2021));
        Assert.True(MeasurePeriod.Month(2022, 3) <= MeasurePeriod.Month(2022, 3));
        Assert.True(MeasurePeriod.CalendarYear(2022) >= MeasurePeriod.Month(2022, 12));
        Assert.Equal(0, MeasurePeriod.Quarter(2022, 2).CompareTo(MeasurePeriod.Containing(PeriodType.Quarter, new DateOnly(2022, 6, 30))));
    }

    private static MeasurePeriod Make(PeriodType type, int year, int part) => type switch
    {
        PeriodType.Month => MeasurePeriod.Month(year, part),
        PeriodType.Quarter => MeasurePeriod.Quarter(year, part),
        PeriodType.SchoolTerm => MeasurePeriod.Term(year, (SchoolTerm)part),
        PeriodType.AcademicYear => MeasurePeriod.AcademicYear(year),
        PeriodType.FinancialYear => MeasurePeriod.FinancialYear(year),
        _ => MeasurePeriod.CalendarYear(year),
    };

    private static DateOnly Day(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}

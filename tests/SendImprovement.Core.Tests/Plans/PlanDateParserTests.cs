using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Plans;

public class PlanDateParserTests
{
    public static TheoryData<string, PlanDateKind, string, string> Readable => new()
    {
        // Exact days, UK order.
        { "30/09/2021", PlanDateKind.Day, "2021-09-30", "2021-09-30" },
        { "1/2/21", PlanDateKind.Day, "2021-02-01", "2021-02-01" },
        { "12.05.2021", PlanDateKind.Day, "2021-05-12", "2021-05-12" },
        { "2021-05-12", PlanDateKind.Day, "2021-05-12", "2021-05-12" },
        { "12 May 2021", PlanDateKind.Day, "2021-05-12", "2021-05-12" },
        { "12th May 2021", PlanDateKind.Day, "2021-05-12", "2021-05-12" },
        { "Monday 12 May 2025", PlanDateKind.Day, "2025-05-12", "2025-05-12" },
        { "w/c 12 May 2025", PlanDateKind.Day, "2025-05-12", "2025-05-12" },
        { "29/02/2024", PlanDateKind.Day, "2024-02-29", "2024-02-29" },

        // Months, as typed.
        { "Sept 21", PlanDateKind.Month, "2021-09-01", "2021-09-30" },
        { "May21", PlanDateKind.Month, "2021-05-01", "2021-05-31" },
        { "April 2022", PlanDateKind.Month, "2022-04-01", "2022-04-30" },
        { "Sep-21", PlanDateKind.Month, "2021-09-01", "2021-09-30" },
        { "sept. 2021", PlanDateKind.Month, "2021-09-01", "2021-09-30" },
        { "FEB 2024", PlanDateKind.Month, "2024-02-01", "2024-02-29" },
        { "September '21", PlanDateKind.Month, "2021-09-01", "2021-09-30" },
        { "05/2021", PlanDateKind.Month, "2021-05-01", "2021-05-31" },
        { "2021-05", PlanDateKind.Month, "2021-05-01", "2021-05-31" },
        { "End of May 2021", PlanDateKind.Month, "2021-05-01", "2021-05-31" },
        { "by March 2022", PlanDateKind.Month, "2022-03-01", "2022-03-31" },
        { "Dec26", PlanDateKind.Month, "2026-12-01", "2026-12-31" },
        { "May\u00A02021", PlanDateKind.Month, "2021-05-01", "2021-05-31" },

        // School terms and half terms.
        { "Spring Term 2022", PlanDateKind.Term, "2022-01-01", "2022-03-31" },
        { "spring term 2022", PlanDateKind.Term, "2022-01-01", "2022-03-31" },
        { "Summer 2022", PlanDateKind.Term, "2022-04-01", "2022-07-31" },
        { "Autumn term 21", PlanDateKind.Term, "2021-09-01", "2021-12-31" },
        { "Spring Term 2021/22", PlanDateKind.Term, "2022-01-01", "2022-03-31" },
        { "Autumn Term 2021/22", PlanDateKind.Term, "2021-09-01", "2021-12-31" },
        { "Summer 2 2022", PlanDateKind.HalfTerm, "2022-06-01", "2022-07-31" },
        { "Autumn 1 2021", PlanDateKind.HalfTerm, "2021-09-01", "2021-10-31" },

        // Years and quarters.
        { "2019/20", PlanDateKind.AcademicYear, "2019-09-01", "2020-08-31" },
        { "2019-20", PlanDateKind.AcademicYear, "2019-09-01", "2020-08-31" },
        { "2019/2020", PlanDateKind.AcademicYear, "2019-09-01", "2020-08-31" },
        { "1999/00", PlanDateKind.AcademicYear, "1999-09-01", "2000-08-31" },
        { "Academic year 2021/22", PlanDateKind.AcademicYear, "2021-09-01", "2022-08-31" },
        { "FY 2021/22", PlanDateKind.FinancialYear, "2021-04-01", "2022-03-31" },
        { "2021/22 financial year", PlanDateKind.FinancialYear, "2021-04-01", "2022-03-31" },
        { "2022", PlanDateKind.Year, "2022-01-01", "2022-12-31" },
        { "end of 2022", PlanDateKind.Year, "2022-01-01", "2022-12-31" },
        { "Q3 2021", PlanDateKind.Quarter, "2021-07-01", "2021-09-30" },
        { "Q1 2021/22", PlanDateKind.Quarter, "2021-04-01", "2021-06-30" },
        { "Q4 2021/22", PlanDateKind.Quarter, "2022-01-01", "2022-03-31" },
        { "Early 2022", PlanDateKind.PartOfYear, "2022-01-01", "2022-04-30" },
        { "Late 2022", PlanDateKind.PartOfYear, "2022-09-01", "2022-12-31" },

        // Ranges.
        { "June 2020 to April 2021", PlanDateKind.Range, "2020-06-01", "2021-04-30" },
        { "June 2020 - April 2021", PlanDateKind.Range, "2020-06-01", "2021-04-30" },
        { "June 2020 \u2013 April 2021", PlanDateKind.Range, "2020-06-01", "2021-04-30" },
        { "Jan - Mar 2021", PlanDateKind.Range, "2021-01-01", "2021-03-31" },
        { "Nov - Feb 2021", PlanDateKind.Range, "2020-11-01", "2021-02-28" },
        { "12/05/2021 - 30/06/2021", PlanDateKind.Range, "2021-05-12", "2021-06-30" },
        { "2021-05-12 to 2021-06-30", PlanDateKind.Range, "2021-05-12", "2021-06-30" },
        { "2019-2021", PlanDateKind.Range, "2019-01-01", "2021-12-31" },
        { "from Sept 2021 to July 2022", PlanDateKind.Range, "2021-09-01", "2022-07-31" },
        { "between May and July 2022", PlanDateKind.Range, "2022-05-01", "2022-07-31" },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Parse_ReadsEveryForm_AndKeepsRawText(string text, PlanDateKind kind, string start, string end)
    {
        var result = PlanDate.Parse(text);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(text.Trim(), result.Date!.Text);
        Assert.Equal(kind, result.Date.Kind);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), result.Date.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), result.Date.End);
    }

    [Theory]
    [InlineData("Ongoing from March 2020", "2020-03-01")]
    [InlineData("On going from March 2020", "2020-03-01")]
    [InlineData("Nov 2019-", "2019-11-01")]
    [InlineData("From June 2021", "2021-06-01")]
    [InlineData("March 2020 onwards", "2020-03-01")]
    [InlineData("Sept 2021 - ongoing", "2021-09-01")]
    [InlineData("since 01/04/2022", "2022-04-01")]
    public void Parse_OpenEndedDates_StartButHaveNoDeadline(string text, string start)
    {
        var date = PlanDate.From(text);

        Assert.Equal(PlanDateKind.OngoingFrom, date.Kind);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), date.Start);
        Assert.Null(date.DueBy);
        Assert.False(date.IsOverdueOn(new DateOnly(2030, 1, 1)));
    }

    [Theory]
    [InlineData("On going")]
    [InlineData("ongoing")]
    [InlineData("On-going")]
    [InlineData("Ongoing.")]
    public void Parse_Ongoing_HasNoDates(string text)
    {
        var date = PlanDate.From(text);

        Assert.Equal(PlanDateKind.Ongoing, date.Kind);
        Assert.Null(date.Start);
        Assert.Null(date.DueBy);
    }

    [Theory]
    [InlineData("tbc")]
    [InlineData("TBC")]
    [InlineData("tbc?")]
    [InlineData("To be confirmed")]
    [InlineData("TBA")]
    [InlineData("?")]
    [InlineData("t.b.c.")]
    public void Parse_ToBeConfirmed_IsNeverOverdue(string text)
    {
        var date = PlanDate.From(text);

        Assert.Equal(PlanDateKind.ToBeConfirmed, date.Kind);
        Assert.Equal(text, date.Text);
        Assert.Null(date.DueBy);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_IsNoDate(string? text)
    {
        var result = PlanDate.Parse(text);

        Assert.True(result.Succeeded);
        Assert.True(result.Date!.IsEmpty);
    }

    [Theory]
    [InlineData("sometime soon", "could not read")]
    [InlineData("next year", "could not read")]
    [InlineData("31/02/2021", "February 2021 has 28 days")]
    [InlineData("30/02/2024", "February 2024 has 29 days")]
    [InlineData("12/13/2021", "month between 1 and 12")]
    [InlineData("13/2021", "month between 1 and 12")]
    [InlineData("2019/21", "two years in a row")]
    [InlineData("April 2021 to June 2020", "before its start")]
    [InlineData("Spring Term 2021/23", "two years in a row")]
    [InlineData("May 3021", "does not look right")]
    [InlineData("5/21", "could not read")]
    [InlineData("Amber", "could not read")]
    [InlineData("early 0000", "does not look right")]
    [InlineData("late 9999", "does not look right")]
    [InlineData("mid 0001", "does not look right")]
    [InlineData("0000/01", "does not look right")]
    [InlineData("9999/00", "does not look right")]
    [InlineData("1066/67", "does not look right")]
    [InlineData("FY 0000/01", "does not look right")]
    [InlineData("autumn 0000/01", "does not look right")]
    [InlineData("Q1 0000/01", "does not look right")]
    [InlineData("Q4 9999/00", "does not look right")]
    [InlineData("0000-01-01", "does not look right")]
    public void Parse_Rejects_WithAMessageThatSaysWhatToFix(string text, string expected)
    {
        var result = PlanDate.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_UnreadableText_ListsTheFormsThatAreAccepted()
    {
        var result = PlanDate.Parse("whenever");

        Assert.Contains("Sept 2026", result.Error, StringComparison.Ordinal);
        Assert.Contains("Spring Term 2027", result.Error, StringComparison.Ordinal);
        Assert.Contains("Ongoing from March 2026", result.Error, StringComparison.Ordinal);
        Assert.Contains("tbc", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlongText_IsRefused()
    {
        Assert.False(PlanDate.Parse(new string('x', PlanDateParser.MaxLength + 1)).Succeeded);
    }

    [Theory]
    [InlineData("May 2021", "2021-05-31", false)]
    [InlineData("May 2021", "2021-06-01", true)]
    [InlineData("Spring Term 2022", "2022-03-31", false)]
    [InlineData("Spring Term 2022", "2022-04-01", true)]
    [InlineData("June 2020 to April 2021", "2021-04-30", false)]
    [InlineData("June 2020 to April 2021", "2021-05-01", true)]
    [InlineData("30/09/2021", "2021-10-01", true)]
    [InlineData("tbc", "2099-01-01", false)]
    public void IsOverdueOn_UsesTheEndOfTheInterpretedPeriod(string text, string today, bool overdue)
    {
        Assert.Equal(overdue, PlanDate.From(text).IsOverdueOn(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void SortDate_PutsDatesInOrder_AndUndatedLast()
    {
        var texts = new[] { "tbc", "Spring Term 2022", "Sept 21", "2019/20", "Ongoing from March 2020", "12/05/2021" };

        var sorted = texts.Select(PlanDate.From).OrderBy(d => d.SortDate).Select(d => d.Text).ToList();

        Assert.Equal(["2019/20", "Ongoing from March 2020", "12/05/2021", "Sept 21", "Spring Term 2022", "tbc"], sorted);
    }

    [Theory]
    [InlineData("Sept 21", "September 2021")]
    [InlineData("Spring Term 2022", "School term (1 January 2022 to 31 March 2022)")]
    [InlineData("Ongoing from March 2020", "Ongoing from 1 March 2020")]
    [InlineData("tbc", "To be confirmed")]
    [InlineData("2019/20", "Academic year 2019/20 (1 September 2019 to 31 August 2020)")]
    public void Describe_SaysHowTheTextWasRead(string text, string described)
    {
        Assert.Equal(described, PlanDate.From(text).Describe());
    }
}

using SendImprovement.Core.Measures;

namespace SendImprovement.Core.Tests.Measures;

public class MeasureAssessmentTests
{
    private static readonly DateOnly EndOfApril2022 = new(2022, 4, 30);

    private static MeasureStatus Assess(MeasureRules rules, MeasureFigure? latest) =>
        MeasureAssessment.Assess(rules, latest, _ => null);

    private static MeasureFigure Figure(MeasurePeriod period, decimal value) => new(period, value);

    private static MeasureRules Percentage(MeasureTarget target, MeasureDirection direction = MeasureDirection.HigherIsBetter) =>
        new(MeasureUnit.Percentage, direction, target);

    // ---- Before any target is looked at ----

    [Theory]
    [InlineData(TargetKind.None)]
    [InlineData(TargetKind.Absolute)]
    [InlineData(TargetKind.Threshold)]
    [InlineData(TargetKind.RelativeChange)]
    [InlineData(TargetKind.Trajectory)]
    [InlineData(TargetKind.ParityWithEngland)]
    public void Assess_NoFigure_IsNotAssessed(TargetKind kind)
    {
        var status = Assess(Percentage(new MeasureTarget(kind, 75, EndOfApril2022)), null);

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal("Not assessed: no figure has been recorded yet.", status.Explanation);
        Assert.Null(status.ComparedWith);
    }

    [Theory]
    [InlineData("c", "c (suppressed to protect confidentiality)")]
    [InlineData("x", "x (not available)")]
    [InlineData("z", "z (not applicable)")]
    [InlineData("low", "low (a positive number that rounds to zero)")]
    [InlineData("u", "u (low reliability)")]
    [InlineData(":", ": (not available)")]
    [InlineData("[c]", "c (suppressed to protect confidentiality)")]
    [InlineData(" C ", "c (suppressed to protect confidentiality)")]
    [InlineData("n/a", "\"n/a\", which is not a number")]
    [InlineData(" ", "a blank symbol, which is not a number")]
    public void Assess_SuppressedFigure_IsNotAssessed_AndSaysWhatTheSymbolMeans(string symbol, string described)
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Threshold, 85));

        var status = Assess(rules, new MeasureFigure(MeasurePeriod.Month(2022, 3), null, symbol));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal($"Not assessed: the figure for March 2022 is {described}.", status.Explanation);
    }

    [Fact]
    public void Assess_SymbolWins_OverAValueAlongsideIt_SoASuppressedFigureIsNeverReadAsANumber()
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Threshold, 85));

        var status = Assess(rules, new MeasureFigure(MeasurePeriod.Month(2022, 3), 0, "low"));

        Assert.Equal("Not assessed: the figure for March 2022 is low (a positive number that rounds to zero).", status.Explanation);
    }

    [Fact]
    public void Assess_SuppressedFigure_InABand_IsNotAssessed()
    {
        var rules = new MeasureRules(MeasureUnit.Weeks, MeasureDirection.WithinBand, new MeasureTarget(TargetKind.None), BandLow: 15, BandHigh: 20);

        var status = Assess(rules, new MeasureFigure(MeasurePeriod.Month(2022, 3), null, "c"));

        Assert.Equal("Not assessed: the figure for March 2022 is c (suppressed to protect confidentiality).", status.Explanation);
    }

    [Fact]
    public void Assess_NoteOnly_IsNotAssessed()
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Threshold, 85));

        var status = Assess(rules, new MeasureFigure(MeasurePeriod.Month(2022, 3), null, Note: "Families say waits are shorter."));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal("Not assessed: the latest entry for March 2022 is a note, not a figure.", status.Explanation);
    }

    [Fact]
    public void Assess_EntryWithNothingInIt_IsNotAssessed()
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Threshold, 85));

        var status = Assess(rules, new MeasureFigure(MeasurePeriod.Month(2022, 3), null));

        Assert.Equal("Not assessed: the latest entry for March 2022 has no figure.", status.Explanation);
    }

    [Theory]
    [InlineData(MeasureDirection.HigherIsBetter)]
    [InlineData(MeasureDirection.LowerIsBetter)]
    public void Assess_NoTarget_IsNotAssessed(MeasureDirection direction)
    {
        var status = Assess(Percentage(new MeasureTarget(TargetKind.None), direction), Figure(MeasurePeriod.Month(2022, 3), 62));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal("Not assessed: no target has been set.", status.Explanation);
    }

    // ---- Threshold ----

    [Theory]
    [InlineData(MeasureDirection.HigherIsBetter, MeasureUnit.Percentage, 85, 88, MeasureStatusKind.OnTrack, "88% in March 2022 against a threshold of at least 85%: on track")]
    [InlineData(MeasureDirection.HigherIsBetter, MeasureUnit.Percentage, 85, 85, MeasureStatusKind.OnTrack, "85% in March 2022 against a threshold of at least 85%: on track")]
    [InlineData(MeasureDirection.HigherIsBetter, MeasureUnit.Percentage, 85, 84.9, MeasureStatusKind.OffTrack, "84.9% in March 2022 against a threshold of at least 85%: off track")]
    [InlineData(MeasureDirection.LowerIsBetter, MeasureUnit.Days, 10, 9, MeasureStatusKind.OnTrack, "9 days in March 2022 against a threshold of at most 10 days: on track")]
    [InlineData(MeasureDirection.LowerIsBetter, MeasureUnit.Days, 10, 10, MeasureStatusKind.OnTrack, "10 days in March 2022 against a threshold of at most 10 days: on track")]
    [InlineData(MeasureDirection.LowerIsBetter, MeasureUnit.Days, 10, 12, MeasureStatusKind.OffTrack, "12 days in March 2022 against a threshold of at most 10 days: off track")]
    public void Assess_Threshold(MeasureDirection direction, MeasureUnit unit, double threshold, double value, MeasureStatusKind expected, string explanation)
    {
        var rules = new MeasureRules(unit, direction, new MeasureTarget(TargetKind.Threshold, (decimal)threshold));

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 3), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
        Assert.Equal((decimal)threshold, status.ComparedWith);
    }

    [Fact]
    public void Assess_Threshold_WithoutValue_IsNotAssessed()
    {
        var status = Assess(Percentage(new MeasureTarget(TargetKind.Threshold)), Figure(MeasurePeriod.Month(2022, 3), 88));

        Assert.Equal("Not assessed: the target has no value.", status.Explanation);
    }

    // ---- Absolute: 75% by April 2022 (higher is better) ----

    [Theory]
    [InlineData(2022, 5, 76, MeasureStatusKind.OnTrack, "76% in May 2022 against a target of 75% by April 2022: on track")]
    [InlineData(2022, 5, 74, MeasureStatusKind.OffTrack, "74% in May 2022 against a target of 75% by April 2022: off track")]
    [InlineData(2022, 4, 75, MeasureStatusKind.OnTrack, "75% in April 2022 against a target of 75% by April 2022: on track")]
    [InlineData(2022, 4, 74.5, MeasureStatusKind.OffTrack, "74.5% in April 2022 against a target of 75% by April 2022: off track")]
    [InlineData(2022, 3, 77, MeasureStatusKind.OnTrack, "77% in March 2022 against a target of 75% by April 2022, already met: on track")]
    [InlineData(2022, 3, 75, MeasureStatusKind.OnTrack, "75% in March 2022 against a target of 75% by April 2022, already met: on track")]
    public void Assess_Absolute_HigherIsBetter_OnOrAfterTheDate_OrAlreadyMet(int year, int month, double value, MeasureStatusKind expected, string explanation)
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Absolute, 75, EndOfApril2022));

        var status = Assess(rules, Figure(MeasurePeriod.Month(year, month), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
        Assert.Equal(75m, status.ComparedWith);
    }

    [Theory]
    [InlineData(62, MeasureStatusKind.OffTrack, "62% in March 2022 against a trajectory of 70% for that date and a target of 75% by April 2022: off track")]
    [InlineData(70, MeasureStatusKind.OnTrack, "70% in March 2022 against a trajectory of 70% for that date and a target of 75% by April 2022: on track")]
    [InlineData(69.9, MeasureStatusKind.OffTrack, "69.9% in March 2022 against a trajectory of 70% for that date and a target of 75% by April 2022: off track")]
    public void Assess_Absolute_BeforeTheDate_JudgesAgainstTheLineFromTheBaseline(double value, MeasureStatusKind expected, string explanation)
    {
        // Baseline 55% for 2021, so dated 31 December 2021; target 75% on 30 April 2022.
        // 31 Dec 2021 to 30 Apr 2022 is 31 + 28 + 31 + 30 = 120 days; to 31 Mar 2022 is 31 + 28 + 31 = 90 days.
        // 55 + (75 - 55) × 90 / 120 = 55 + 15 = 70.
        var rules = Percentage(new MeasureTarget(TargetKind.Absolute, 75, EndOfApril2022)) with
        {
            BaselineValue = 55,
            BaselinePeriod = MeasurePeriod.CalendarYear(2021),
        };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 3), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
        Assert.Equal(70m, status.ComparedWith);
    }

    [Theory]
    [InlineData(72.9, MeasureStatusKind.OnTrack)]
    [InlineData(72.8, MeasureStatusKind.OffTrack)]
    public void Assess_Absolute_BeforeTheDate_RoundsTheLineToOneDecimalPlace(double value, MeasureStatusKind expected)
    {
        // Baseline 58% for the 2020/21 academic year, so dated 31 August 2021; target 75% on 30 April 2022.
        // 31 Aug 2021 to 30 Apr 2022: 30 + 31 + 30 + 31 + 31 + 28 + 31 + 30 = 242 days; to 31 Mar 2022: 242 - 30 = 212 days.
        // 58 + (75 - 58) × 212 / 242 = 58 + 3604 / 242 = 58 + 14.893 = 72.893, which rounds to 72.9.
        var rules = Percentage(new MeasureTarget(TargetKind.Absolute, 75, EndOfApril2022)) with
        {
            BaselineValue = 58,
            BaselinePeriod = MeasurePeriod.AcademicYear(2020),
        };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 3), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(72.9m, status.ComparedWith);
        Assert.StartsWith($"{MeasureAssessment.Format(MeasureUnit.Percentage, (decimal)value)} in March 2022 against a trajectory of 72.9% for that date", status.Explanation);
    }

    [Theory]
    [InlineData(2023, 3, 29, MeasureStatusKind.OnTrack, "29 days in March 2023 against a target of 30 days by March 2023: on track")]
    [InlineData(2023, 3, 31, MeasureStatusKind.OffTrack, "31 days in March 2023 against a target of 30 days by March 2023: off track")]
    [InlineData(2022, 9, 28, MeasureStatusKind.OnTrack, "28 days in September 2022 against a target of 30 days by March 2023, already met: on track")]
    [InlineData(2022, 9, 36, MeasureStatusKind.OnTrack, "36 days in September 2022 against a trajectory of 36 days for that date and a target of 30 days by March 2023: on track")]
    [InlineData(2022, 9, 36.1, MeasureStatusKind.OffTrack, "36.1 days in September 2022 against a trajectory of 36 days for that date and a target of 30 days by March 2023: off track")]
    public void Assess_Absolute_LowerIsBetter(int year, int month, double value, MeasureStatusKind expected, string explanation)
    {
        // Baseline 42 days for March 2022 (31 Mar 2022); target 30 days on 31 Mar 2023, 365 days later.
        // 31 Mar to 30 Sep 2022 is 30 + 31 + 30 + 31 + 31 + 30 = 183 days.
        // 42 + (30 - 42) × 183 / 365 = 42 - 2196 / 365 = 42 - 6.016 = 35.984, which rounds to 36.0.
        var rules = new MeasureRules(
            MeasureUnit.Days,
            MeasureDirection.LowerIsBetter,
            new MeasureTarget(TargetKind.Absolute, 30, new DateOnly(2023, 3, 31)),
            BaselineValue: 42,
            BaselinePeriod: MeasurePeriod.Month(2022, 3));

        var status = Assess(rules, Figure(MeasurePeriod.Month(year, month), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Theory]
    [InlineData(null, null, "Not assessed: there is no baseline or trajectory to judge progress before April 2022.")]
    [InlineData(55.0, null, "Not assessed: the baseline has no period, so there is no line to judge progress before April 2022.")]
    [InlineData(null, 2021, "Not assessed: the baseline has no value, so there is no line to judge progress before April 2022.")]
    public void Assess_Absolute_BeforeTheDate_NotYetMet_NeedsABaseline(double? baselineValue, int? baselineYear, string explanation)
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Absolute, 75, EndOfApril2022)) with
        {
            BaselineValue = (decimal?)baselineValue,
            BaselinePeriod = baselineYear is { } year ? MeasurePeriod.CalendarYear(year) : null,
        };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 3), 62));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Fact]
    public void Assess_Absolute_FigureFromBeforeTheBaseline_IsNotAssessed()
    {
        // The baseline is January to March 2022, dated 31 March 2022; February 2022 is before it.
        var rules = Percentage(new MeasureTarget(TargetKind.Absolute, 75, EndOfApril2022)) with
        {
            BaselineValue = 55,
            BaselinePeriod = MeasurePeriod.Quarter(2022, 1),
        };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 2), 60));

        Assert.Equal("Not assessed: the figure for February 2022 is from before the end of the baseline period (the January to March 2022 quarter).", status.Explanation);
    }

    [Theory]
    [InlineData(null, 2022, "Not assessed: the target has no value.")]
    [InlineData(75.0, null, "Not assessed: the target has no date.")]
    [InlineData(null, null, "Not assessed: the target has no value or date.")]
    public void Assess_Absolute_MissingParts_AreNamed(double? value, int? byYear, string explanation)
    {
        var target = new MeasureTarget(TargetKind.Absolute, (decimal?)value, byYear is { } year ? new DateOnly(year, 4, 30) : null);

        var status = Assess(Percentage(target), Figure(MeasurePeriod.Month(2022, 3), 62));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Fact]
    public void Assess_Absolute_DateMidMonth_IsGivenInFull()
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Absolute, 75, new DateOnly(2022, 4, 15)));

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 4), 76));

        Assert.Equal("76% in April 2022 against a target of 75% by 15 April 2022: on track", status.Explanation);
    }

    // ---- Relative change ----

    // Baseline 120 for 2020 (31 December 2020); a 30% reduction by 31 July 2021: 120 × (1 - 0.3) = 84.
    private static MeasureRules Reduction(decimal? baselineValue = 120, MeasurePeriod? baselinePeriod = null) =>
        new(
            MeasureUnit.Count,
            MeasureDirection.LowerIsBetter,
            new MeasureTarget(TargetKind.RelativeChange, By: new DateOnly(2021, 7, 31), RelativeChangePercent: -30),
            baselineValue,
            baselinePeriod ?? MeasurePeriod.CalendarYear(2020));

    [Theory]
    [InlineData(2021, 7, 80, MeasureStatusKind.OnTrack, "80 in July 2021 against a target of a 30% reduction from the baseline of 120 (to 84) by July 2021: on track")]
    [InlineData(2021, 7, 84, MeasureStatusKind.OnTrack, "84 in July 2021 against a target of a 30% reduction from the baseline of 120 (to 84) by July 2021: on track")]
    [InlineData(2021, 8, 90, MeasureStatusKind.OffTrack, "90 in August 2021 against a target of a 30% reduction from the baseline of 120 (to 84) by July 2021: off track")]
    [InlineData(2021, 3, 80, MeasureStatusKind.OnTrack, "80 in March 2021 against a target of a 30% reduction from the baseline of 120 (to 84) by July 2021, already met: on track")]
    [InlineData(2021, 3, 104.7, MeasureStatusKind.OnTrack, "104.7 in March 2021 against a trajectory of 104.7 for that date and a target of a 30% reduction from the baseline of 120 (to 84) by July 2021: on track")]
    [InlineData(2021, 3, 110, MeasureStatusKind.OffTrack, "110 in March 2021 against a trajectory of 104.7 for that date and a target of a 30% reduction from the baseline of 120 (to 84) by July 2021: off track")]
    public void Assess_RelativeChange_Reduction(int year, int month, double value, MeasureStatusKind expected, string explanation)
    {
        // Before the date: 31 Dec 2020 to 31 Jul 2021 is 31 + 28 + 31 + 30 + 31 + 30 + 31 = 212 days; to 31 Mar 2021, 90 days.
        // 120 + (84 - 120) × 90 / 212 = 120 - 3240 / 212 = 120 - 15.283 = 104.717, which rounds to 104.7.
        var status = Assess(Reduction(), Figure(MeasurePeriod.Month(year, month), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Theory]
    [InlineData(45, MeasureStatusKind.OnTrack, "45% in the 2021/22 academic year against a target of a 10% increase from the baseline of 40% (to 44%) by August 2022: on track")]
    [InlineData(43, MeasureStatusKind.OffTrack, "43% in the 2021/22 academic year against a target of a 10% increase from the baseline of 40% (to 44%) by August 2022: off track")]
    public void Assess_RelativeChange_Increase(double value, MeasureStatusKind expected, string explanation)
    {
        // 40 × (1 + 10 / 100) = 44.
        var rules = Percentage(new MeasureTarget(TargetKind.RelativeChange, By: new DateOnly(2022, 8, 31), RelativeChangePercent: 10)) with
        {
            BaselineValue = 40,
            BaselinePeriod = MeasurePeriod.AcademicYear(2020),
        };

        var status = Assess(rules, Figure(MeasurePeriod.AcademicYear(2021), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
        Assert.Equal(44m, status.ComparedWith);
    }

    [Fact]
    public void Assess_RelativeChange_TargetIsRoundedToOneDecimalPlace()
    {
        // 33 × (1 - 12.5 / 100) = 33 × 0.875 = 28.875, which rounds to 28.9.
        var rules = Reduction(33) with { Target = new MeasureTarget(TargetKind.RelativeChange, By: new DateOnly(2021, 7, 31), RelativeChangePercent: -12.5m) };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 7), 28.9m));

        Assert.Equal(MeasureStatusKind.OnTrack, status.Kind);
        Assert.Equal("28.9 in July 2021 against a target of a 12.5% reduction from the baseline of 33 (to 28.9) by July 2021: on track", status.Explanation);
    }

    [Fact]
    public void Assess_RelativeChange_OfNothing_SaysNoChange()
    {
        var rules = Reduction() with { Target = new MeasureTarget(TargetKind.RelativeChange, By: new DateOnly(2021, 7, 31), RelativeChangePercent: 0) };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 7), 121));

        Assert.Equal("121 in July 2021 against a target of no change from the baseline of 120 by July 2021: off track", status.Explanation);
    }

    [Fact]
    public void Assess_RelativeChange_WithoutBaseline_IsNotAssessed()
    {
        var status = Assess(Reduction(baselineValue: null), Figure(MeasurePeriod.Month(2021, 7), 80));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal("Not assessed: a relative target needs a baseline.", status.Explanation);
    }

    [Fact]
    public void Assess_RelativeChange_BaselineWithoutPeriod_CannotDrawTheLine()
    {
        var rules = Reduction() with { BaselinePeriod = null };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 3), 110));

        Assert.Equal("Not assessed: the baseline has no period, so there is no line to judge progress before July 2021.", status.Explanation);
    }

    [Theory]
    [InlineData(null, true, "Not assessed: the target has no percentage change.")]
    [InlineData(-30.0, false, "Not assessed: the target has no date.")]
    [InlineData(null, false, "Not assessed: the target has no percentage change or date.")]
    public void Assess_RelativeChange_MissingParts_AreNamed(double? percent, bool hasDate, string explanation)
    {
        var rules = Reduction() with
        {
            Target = new MeasureTarget(TargetKind.RelativeChange, By: hasDate ? new DateOnly(2021, 7, 31) : null, RelativeChangePercent: (decimal?)percent),
        };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 7), 80));

        Assert.Equal(explanation, status.Explanation);
    }

    // ---- Trajectory ----

    // Baseline 39% for 2020 (31 December 2020), then 45% by 31 March 2021, 48% by 30 September 2021 and 50% by 31 March 2022.
    private static readonly TrajectoryPoint[] Steps =
    [
        new(new DateOnly(2022, 3, 31), 50),
        new(new DateOnly(2021, 3, 31), 45),
        new(new DateOnly(2021, 9, 30), 48),
    ];

    private static MeasureRules Rising(bool withBaseline = true) =>
        Percentage(new MeasureTarget(TargetKind.Trajectory, Trajectory: Steps)) with
        {
            BaselineValue = withBaseline ? 39 : null,
            BaselinePeriod = withBaseline ? MeasurePeriod.CalendarYear(2020) : null,
        };

    [Theory]
    // Between the baseline and the first step: 31 Dec 2020 to 31 Mar 2021 is 90 days; to 28 Feb 2021, 31 + 28 = 59 days.
    // 39 + (45 - 39) × 59 / 90 = 39 + 3.933 = 42.933, which rounds to 42.9.
    [InlineData(true, 2021, 2, 42.9, MeasureStatusKind.OnTrack, "42.9% in February 2021 against a trajectory of 42.9% for that date and a target of 50% by March 2022: on track")]
    [InlineData(true, 2021, 2, 42.8, MeasureStatusKind.OffTrack, "42.8% in February 2021 against a trajectory of 42.9% for that date and a target of 50% by March 2022: off track")]
    // Between steps: 31 Mar to 30 Sep 2021 is 183 days; to 30 Jun 2021, 30 + 31 + 30 = 91 days.
    // 45 + (48 - 45) × 91 / 183 = 45 + 1.492 = 46.492, which rounds to 46.5.
    [InlineData(true, 2021, 6, 46.5, MeasureStatusKind.OnTrack, "46.5% in June 2021 against a trajectory of 46.5% for that date and a target of 50% by March 2022: on track")]
    [InlineData(false, 2021, 6, 46.4, MeasureStatusKind.OffTrack, "46.4% in June 2021 against a trajectory of 46.5% for that date and a target of 50% by March 2022: off track")]
    // On a step: September 2021 ends on 30 September 2021, where the trajectory is 48%.
    [InlineData(false, 2021, 9, 48, MeasureStatusKind.OnTrack, "48% in September 2021 against a trajectory of 48% for that date and a target of 50% by March 2022: on track")]
    [InlineData(true, 2021, 3, 44, MeasureStatusKind.OffTrack, "44% in March 2021 against a trajectory of 45% for that date and a target of 50% by March 2022: off track")]
    // On and after the last step, the last step is the target.
    [InlineData(true, 2022, 3, 50, MeasureStatusKind.OnTrack, "50% in March 2022 against a target of 50% by March 2022: on track")]
    [InlineData(false, 2022, 6, 49, MeasureStatusKind.OffTrack, "49% in June 2022 against a target of 50% by March 2022: off track")]
    [InlineData(false, 2022, 6, 51, MeasureStatusKind.OnTrack, "51% in June 2022 against a target of 50% by March 2022: on track")]
    public void Assess_Trajectory_HigherIsBetter(bool withBaseline, int year, int month, double value, MeasureStatusKind expected, string explanation)
    {
        var status = Assess(Rising(withBaseline), Figure(MeasurePeriod.Month(year, month), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Theory]
    // Baseline 20% for 2020 (31 December 2020), then 17% by 30 June 2021 and 15% by 31 December 2021.
    // 31 Dec 2020 to 30 Jun 2021 is 181 days; to 31 Mar 2021, 90: 20 + (17 - 20) × 90 / 181 = 20 - 1.492 = 18.508, so 18.5.
    [InlineData(2021, 3, 18.5, MeasureStatusKind.OnTrack, "18.5% in March 2021 against a trajectory of 18.5% for that date and a target of 15% by December 2021: on track")]
    [InlineData(2021, 3, 18.6, MeasureStatusKind.OffTrack, "18.6% in March 2021 against a trajectory of 18.5% for that date and a target of 15% by December 2021: off track")]
    // 30 Jun to 31 Dec 2021 is 184 days; to 30 Sep, 31 + 31 + 30 = 92, half way: 17 + (15 - 17) × 92 / 184 = 16.
    [InlineData(2021, 9, 15.9, MeasureStatusKind.OnTrack, "15.9% in September 2021 against a trajectory of 16% for that date and a target of 15% by December 2021: on track")]
    [InlineData(2021, 9, 16.1, MeasureStatusKind.OffTrack, "16.1% in September 2021 against a trajectory of 16% for that date and a target of 15% by December 2021: off track")]
    [InlineData(2022, 1, 15.5, MeasureStatusKind.OffTrack, "15.5% in January 2022 against a target of 15% by December 2021: off track")]
    public void Assess_Trajectory_LowerIsBetter(int year, int month, double value, MeasureStatusKind expected, string explanation)
    {
        var rules = new MeasureRules(
            MeasureUnit.Percentage,
            MeasureDirection.LowerIsBetter,
            new MeasureTarget(TargetKind.Trajectory, Trajectory: [new(new DateOnly(2021, 6, 30), 17), new(new DateOnly(2021, 12, 31), 15)]),
            BaselineValue: 20,
            BaselinePeriod: MeasurePeriod.CalendarYear(2020));

        var status = Assess(rules, Figure(MeasurePeriod.Month(year, month), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Fact]
    public void Assess_Trajectory_SingleStep_RunsFromTheBaseline()
    {
        // "From 39% to 50% by April 2021": 31 Dec 2020 to 30 Apr 2021 is 120 days; to 28 Feb 2021, 59.
        // 39 + (50 - 39) × 59 / 120 = 39 + 5.408 = 44.408, which rounds to 44.4.
        var rules = Rising() with { Target = new MeasureTarget(TargetKind.Trajectory, Trajectory: [new(new DateOnly(2021, 4, 30), 50)]) };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 2), 44));

        Assert.Equal("44% in February 2021 against a trajectory of 44.4% for that date and a target of 50% by April 2021: off track", status.Explanation);
        Assert.Equal(44.4m, status.ComparedWith);
    }

    [Fact]
    public void Assess_Trajectory_BeforeTheFirstStep_WithoutBaseline_IsNotAssessed()
    {
        var status = Assess(Rising(withBaseline: false), Figure(MeasurePeriod.Month(2021, 2), 44));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal("Not assessed: the trajectory starts in March 2021, after the figure for February 2021, and there is no baseline.", status.Explanation);
    }

    [Fact]
    public void Assess_Trajectory_BeforeTheFirstStep_WithAHalfBaseline_SaysWhatIsMissing()
    {
        var rules = Rising(withBaseline: false) with { BaselineValue = 39 };

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 2), 44));

        Assert.Equal("Not assessed: the trajectory starts in March 2021, after the figure for February 2021, and the baseline has no period.", status.Explanation);
    }

    [Fact]
    public void Assess_Trajectory_StartingMidMonth_SaysOnWhichDay()
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Trajectory, Trajectory: [new(new DateOnly(2021, 3, 15), 45), new(new DateOnly(2022, 3, 31), 50)]));

        var status = Assess(rules, Figure(MeasurePeriod.Month(2021, 2), 44));

        Assert.Equal("Not assessed: the trajectory starts on 15 March 2021, after the figure for February 2021, and there is no baseline.", status.Explanation);
    }

    [Fact]
    public void Assess_Trajectory_FigureFromBeforeTheBaseline_IsNotAssessed()
    {
        var status = Assess(Rising(), Figure(MeasurePeriod.Month(2020, 11), 38));

        Assert.Equal("Not assessed: the figure for November 2020 is from before the end of the baseline period (2020).", status.Explanation);
    }

    [Fact]
    public void Assess_Trajectory_WithoutSteps_IsNotAssessed()
    {
        var none = Assess(Percentage(new MeasureTarget(TargetKind.Trajectory)), Figure(MeasurePeriod.Month(2021, 6), 46));
        var empty = Assess(Percentage(new MeasureTarget(TargetKind.Trajectory, Trajectory: [])), Figure(MeasurePeriod.Month(2021, 6), 46));

        Assert.Equal("Not assessed: the target has no trajectory.", none.Explanation);
        Assert.Equal("Not assessed: the target has no trajectory.", empty.Explanation);
    }

    // ---- Parity with England ----

    [Theory]
    [InlineData(MeasureDirection.LowerIsBetter, 14.2, 12, MeasureStatusKind.OffTrack, "14.2 per 10,000 in 2021 against England's 12 per 10,000 for 2021: off track")]
    [InlineData(MeasureDirection.LowerIsBetter, 12, 12, MeasureStatusKind.OnTrack, "12 per 10,000 in 2021 against England's 12 per 10,000 for 2021: on track")]
    [InlineData(MeasureDirection.LowerIsBetter, 11.5, 12, MeasureStatusKind.OnTrack, "11.5 per 10,000 in 2021 against England's 12 per 10,000 for 2021: on track")]
    [InlineData(MeasureDirection.HigherIsBetter, 14.2, 12, MeasureStatusKind.OnTrack, "14.2 per 10,000 in 2021 against England's 12 per 10,000 for 2021: on track")]
    [InlineData(MeasureDirection.HigherIsBetter, 12, 12, MeasureStatusKind.OnTrack, "12 per 10,000 in 2021 against England's 12 per 10,000 for 2021: on track")]
    [InlineData(MeasureDirection.HigherIsBetter, 11.5, 12, MeasureStatusKind.OffTrack, "11.5 per 10,000 in 2021 against England's 12 per 10,000 for 2021: off track")]
    public void Assess_ParityWithEngland(MeasureDirection direction, double value, double englandValue, MeasureStatusKind expected, string explanation)
    {
        var rules = new MeasureRules(MeasureUnit.RatePer10000, direction, new MeasureTarget(TargetKind.ParityWithEngland));
        var period = MeasurePeriod.CalendarYear(2021);
        MeasurePeriod? asked = null;

        var status = MeasureAssessment.Assess(rules, Figure(period, (decimal)value), p =>
        {
            asked = p;
            return Figure(p, (decimal)englandValue);
        });

        Assert.Equal(period, asked);
        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
        Assert.Equal((decimal)englandValue, status.ComparedWith);
    }

    [Fact]
    public void Assess_ParityWithEngland_NoEnglandFigure_IsNotAssessed()
    {
        var rules = new MeasureRules(MeasureUnit.RatePer10000, MeasureDirection.LowerIsBetter, new MeasureTarget(TargetKind.ParityWithEngland));
        var latest = Figure(MeasurePeriod.CalendarYear(2021), 14.2m);

        var missing = MeasureAssessment.Assess(rules, latest, _ => null);
        var noteOnly = MeasureAssessment.Assess(rules, latest, p => new MeasureFigure(p, null, Note: "Not yet published"));

        Assert.Equal(MeasureStatusKind.NotAssessed, missing.Kind);
        Assert.Equal("Not assessed: there is no England figure for 2021 yet.", missing.Explanation);
        Assert.Equal("Not assessed: there is no England figure for 2021 yet.", noteOnly.Explanation);
    }

    [Theory]
    [InlineData("c", "c (suppressed to protect confidentiality)")]
    [InlineData("x", "x (not available)")]
    [InlineData("z", "z (not applicable)")]
    [InlineData("low", "low (a positive number that rounds to zero)")]
    [InlineData("u", "u (low reliability)")]
    [InlineData(":", ": (not available)")]
    [InlineData("[x]", "x (not available)")]
    public void Assess_ParityWithEngland_SuppressedEnglandFigure_IsNotAssessed(string symbol, string described)
    {
        var rules = new MeasureRules(MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, new MeasureTarget(TargetKind.ParityWithEngland));

        var status = MeasureAssessment.Assess(rules, Figure(MeasurePeriod.CalendarYear(2021), 62), p => new MeasureFigure(p, null, symbol));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal($"Not assessed: the England figure for 2021 is {described}.", status.Explanation);
    }

    // ---- Bands: 15 to 20 weeks ----

    private static MeasureRules Band(decimal? low = 15, decimal? high = 20, TargetKind kind = TargetKind.None) =>
        new(MeasureUnit.Weeks, MeasureDirection.WithinBand, new MeasureTarget(kind, 75, EndOfApril2022), BandLow: low, BandHigh: high);

    [Theory]
    [InlineData(18, MeasureStatusKind.OnTrack, "18 weeks in March 2022, within the band of 15 to 20 weeks: on track")]
    [InlineData(15, MeasureStatusKind.OnTrack, "15 weeks in March 2022, within the band of 15 to 20 weeks: on track")]
    [InlineData(20, MeasureStatusKind.OnTrack, "20 weeks in March 2022, within the band of 15 to 20 weeks: on track")]
    [InlineData(14.9, MeasureStatusKind.OffTrack, "14.9 weeks in March 2022, outside the band of 15 to 20 weeks: off track")]
    [InlineData(20.1, MeasureStatusKind.OffTrack, "20.1 weeks in March 2022, outside the band of 15 to 20 weeks: off track")]
    [InlineData(1, MeasureStatusKind.OffTrack, "1 week in March 2022, outside the band of 15 to 20 weeks: off track")]
    public void Assess_Band(double value, MeasureStatusKind expected, string explanation)
    {
        var status = Assess(Band(), Figure(MeasurePeriod.Month(2022, 3), (decimal)value));

        Assert.Equal(expected, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Theory]
    [InlineData(TargetKind.None)]
    [InlineData(TargetKind.Absolute)]
    [InlineData(TargetKind.Threshold)]
    [InlineData(TargetKind.RelativeChange)]
    [InlineData(TargetKind.Trajectory)]
    [InlineData(TargetKind.ParityWithEngland)]
    public void Assess_Band_IsTheTarget_WhateverTheTargetKind(TargetKind kind)
    {
        var inside = Assess(Band(kind: kind), Figure(MeasurePeriod.Month(2022, 3), 18));
        var outside = Assess(Band(kind: kind), Figure(MeasurePeriod.Month(2022, 3), 22));

        Assert.Equal("18 weeks in March 2022, within the band of 15 to 20 weeks: on track", inside.Explanation);
        Assert.Equal("22 weeks in March 2022, outside the band of 15 to 20 weeks: off track", outside.Explanation);
    }

    [Theory]
    [InlineData(null, null, "Not assessed: the band is not set.")]
    [InlineData(null, 20.0, "Not assessed: the band has no lower limit.")]
    [InlineData(15.0, null, "Not assessed: the band has no upper limit.")]
    [InlineData(20.0, 15.0, "Not assessed: the band's lower limit (20 weeks) is above its upper limit (15 weeks).")]
    public void Assess_Band_NotProperlySet_IsNotAssessed(double? low, double? high, string explanation)
    {
        var status = Assess(Band((decimal?)low, (decimal?)high), Figure(MeasurePeriod.Month(2022, 3), 18));

        Assert.Equal(MeasureStatusKind.NotAssessed, status.Kind);
        Assert.Equal(explanation, status.Explanation);
    }

    [Fact]
    public void Assess_Band_OfPercentages_GivesBothLimitsTheirSign()
    {
        var rules = new MeasureRules(MeasureUnit.Percentage, MeasureDirection.WithinBand, new MeasureTarget(TargetKind.None), BandLow: 60, BandHigh: 70);

        var status = Assess(rules, Figure(MeasurePeriod.Month(2022, 3), 65));

        Assert.Equal("65% in March 2022, within the band of 60% to 70%: on track", status.Explanation);
    }

    // ---- How periods read ----

    public static TheoryData<MeasurePeriod, string> PeriodPhrases => new()
    {
        { MeasurePeriod.Month(2022, 3), "March 2022" },
        { MeasurePeriod.Quarter(2022, 1), "the January to March 2022 quarter" },
        { MeasurePeriod.Term(2021, SchoolTerm.Autumn), "the autumn term 2021/22" },
        { MeasurePeriod.AcademicYear(2021), "the 2021/22 academic year" },
        { MeasurePeriod.FinancialYear(2021), "the 2021-22 financial year" },
        { MeasurePeriod.CalendarYear(2021), "2021" },
    };

    [Theory]
    [MemberData(nameof(PeriodPhrases))]
    public void Assess_NamesThePeriod_SoItReadsInASentence(MeasurePeriod period, string phrase)
    {
        var rules = Percentage(new MeasureTarget(TargetKind.Threshold, 85));

        var judged = Assess(rules, Figure(period, 88));
        var suppressed = Assess(rules, new MeasureFigure(period, null, "c"));

        Assert.Equal($"88% in {phrase} against a threshold of at least 85%: on track", judged.Explanation);
        Assert.Equal($"Not assessed: the figure for {phrase} is c (suppressed to protect confidentiality).", suppressed.Explanation);
    }

    [Fact]
    public void Assess_EveryExplanation_EndsWithTheStatus_OrSaysWhyItIsNotAssessed()
    {
        var figures = new MeasureFigure?[]
        {
            null,
            Figure(MeasurePeriod.Month(2021, 2), 10),
            Figure(MeasurePeriod.Month(2021, 6), 46),
            Figure(MeasurePeriod.Month(2022, 3), 62),
            Figure(MeasurePeriod.Month(2022, 6), 90),
            new MeasureFigure(MeasurePeriod.Month(2022, 3), null, "u"),
            new MeasureFigure(MeasurePeriod.Month(2022, 3), null, Note: "Qualitative"),
        };
        var count = 0;
        foreach (var kind in Enum.GetValues<TargetKind>())
        {
            foreach (var direction in Enum.GetValues<MeasureDirection>())
            {
                foreach (var withBaseline in new[] { true, false })
                {
                    var rules = new MeasureRules(
                        MeasureUnit.Percentage,
                        direction,
                        new MeasureTarget(kind, 75, EndOfApril2022, -10, Steps),
                        withBaseline ? 39 : null,
                        withBaseline ? MeasurePeriod.CalendarYear(2020) : null,
                        40,
                        60);
                    foreach (var figure in figures)
                    {
                        var status = MeasureAssessment.Assess(rules, figure, p => Figure(p, 50));
                        var expectedEnding = status.Kind switch
                        {
                            MeasureStatusKind.OnTrack => ": on track",
                            MeasureStatusKind.OffTrack => ": off track",
                            _ => ".",
                        };
                        Assert.EndsWith(expectedEnding, status.Explanation);
                        Assert.Equal(status.Kind == MeasureStatusKind.NotAssessed, status.Explanation.StartsWith("Not assessed: ", StringComparison.Ordinal));
                        count++;
                    }
                }
            }
        }

        Assert.Equal(6 * 3 * 2 * 7, count);
    }

    // ---- Travel ----

    [Theory]
    [InlineData(MeasureDirection.HigherIsBetter, 60, 62, TravelDirection.Improving)]
    [InlineData(MeasureDirection.HigherIsBetter, 62, 60, TravelDirection.Worsening)]
    [InlineData(MeasureDirection.HigherIsBetter, 60, 60, TravelDirection.NoChange)]
    [InlineData(MeasureDirection.LowerIsBetter, 12, 10, TravelDirection.Improving)]
    [InlineData(MeasureDirection.LowerIsBetter, 10, 12, TravelDirection.Worsening)]
    [InlineData(MeasureDirection.LowerIsBetter, 10, 10, TravelDirection.NoChange)]
    // Band 15 to 20: distance from the band is 0 inside it, else how far beyond the nearer limit.
    [InlineData(MeasureDirection.WithinBand, 22, 21, TravelDirection.Improving)] // 2 -> 1
    [InlineData(MeasureDirection.WithinBand, 12, 14, TravelDirection.Improving)] // 3 -> 1
    [InlineData(MeasureDirection.WithinBand, 25, 18, TravelDirection.Improving)] // 5 -> 0
    [InlineData(MeasureDirection.WithinBand, 12, 22, TravelDirection.Improving)] // 3 -> 2
    [InlineData(MeasureDirection.WithinBand, 21, 22, TravelDirection.Worsening)] // 1 -> 2
    [InlineData(MeasureDirection.WithinBand, 18, 25, TravelDirection.Worsening)] // 0 -> 5
    [InlineData(MeasureDirection.WithinBand, 14, 25, TravelDirection.Worsening)] // 1 -> 5
    [InlineData(MeasureDirection.WithinBand, 16, 19, TravelDirection.NoChange)] // 0 -> 0
    [InlineData(MeasureDirection.WithinBand, 15, 20, TravelDirection.NoChange)] // 0 -> 0, on the limits
    [InlineData(MeasureDirection.WithinBand, 13, 22, TravelDirection.NoChange)] // 2 -> 2, other side
    [InlineData(MeasureDirection.WithinBand, 22, 22, TravelDirection.NoChange)] // 2 -> 2
    public void Travel_ComparesTheLatestWithThePrevious(MeasureDirection direction, double previous, double latest, TravelDirection expected)
    {
        var rules = new MeasureRules(MeasureUnit.Weeks, direction, new MeasureTarget(TargetKind.None), BandLow: 15, BandHigh: 20);

        var travel = MeasureAssessment.Travel(rules, Figure(MeasurePeriod.Month(2022, 3), (decimal)latest), Figure(MeasurePeriod.Month(2022, 2), (decimal)previous));

        Assert.Equal(expected, travel);
    }

    public static TheoryData<MeasureFigure?, MeasureFigure?> FiguresWithoutBothNumbers => new()
    {
        { null, Figure(MeasurePeriod.Month(2022, 2), 60) },
        { Figure(MeasurePeriod.Month(2022, 3), 62), null },
        { null, null },
        { new MeasureFigure(MeasurePeriod.Month(2022, 3), null, "c"), Figure(MeasurePeriod.Month(2022, 2), 60) },
        { Figure(MeasurePeriod.Month(2022, 3), 62), new MeasureFigure(MeasurePeriod.Month(2022, 2), null, "x") },
        { new MeasureFigure(MeasurePeriod.Month(2022, 3), 0, "low"), Figure(MeasurePeriod.Month(2022, 2), 60) },
        { new MeasureFigure(MeasurePeriod.Month(2022, 3), null, Note: "Better"), Figure(MeasurePeriod.Month(2022, 2), 60) },
        { Figure(MeasurePeriod.Month(2022, 3), 62), new MeasureFigure(MeasurePeriod.Month(2022, 2), null, Note: "Worse") },
    };

    [Theory]
    [MemberData(nameof(FiguresWithoutBothNumbers))]
    public void Travel_IsUnknown_UnlessBothFiguresAreNumbers(MeasureFigure? latest, MeasureFigure? previous)
    {
        foreach (var direction in Enum.GetValues<MeasureDirection>())
        {
            var rules = new MeasureRules(MeasureUnit.Percentage, direction, new MeasureTarget(TargetKind.None), BandLow: 15, BandHigh: 20);

            Assert.Equal(TravelDirection.Unknown, MeasureAssessment.Travel(rules, latest, previous));
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(15.0, null)]
    [InlineData(null, 20.0)]
    [InlineData(20.0, 15.0)]
    public void Travel_InABandThatIsNotProperlySet_IsUnknown(double? low, double? high)
    {
        var rules = Band((decimal?)low, (decimal?)high);

        var travel = MeasureAssessment.Travel(rules, Figure(MeasurePeriod.Month(2022, 3), 18), Figure(MeasurePeriod.Month(2022, 2), 25));

        Assert.Equal(TravelDirection.Unknown, travel);
    }

    // ---- Format, dates and labels ----

    [Theory]
    [InlineData(MeasureUnit.Percentage, 62, "62%")]
    [InlineData(MeasureUnit.Percentage, 62.5, "62.5%")]
    [InlineData(MeasureUnit.Percentage, 0, "0%")]
    [InlineData(MeasureUnit.Count, 1234, "1,234")]
    [InlineData(MeasureUnit.Count, 1234567.25, "1,234,567.25")]
    [InlineData(MeasureUnit.Count, 7, "7")]
    [InlineData(MeasureUnit.RatePer10000, 45.2, "45.2 per 10,000")]
    [InlineData(MeasureUnit.RatePer10000, 12, "12 per 10,000")]
    [InlineData(MeasureUnit.Days, 18, "18 days")]
    [InlineData(MeasureUnit.Days, 1, "1 day")]
    [InlineData(MeasureUnit.Days, 0, "0 days")]
    [InlineData(MeasureUnit.Days, 1.5, "1.5 days")]
    [InlineData(MeasureUnit.Weeks, 20, "20 weeks")]
    [InlineData(MeasureUnit.Weeks, 1, "1 week")]
    [InlineData(MeasureUnit.Weeks, 0.5, "0.5 weeks")]
    [InlineData(MeasureUnit.Score, 3.4, "3.4")]
    [InlineData(MeasureUnit.Score, -0.25, "-0.25")]
    public void Format_ReadsAsPeopleWriteIt(MeasureUnit unit, double value, string expected)
    {
        Assert.Equal(expected, MeasureAssessment.Format(unit, (decimal)value));
    }

    [Fact]
    public void Format_DropsTrailingZeros()
    {
        Assert.Equal("62.5%", MeasureAssessment.Format(MeasureUnit.Percentage, 62.500m));
        Assert.Equal("70%", MeasureAssessment.Format(MeasureUnit.Percentage, 70.0m));
        Assert.Equal("1 day", MeasureAssessment.Format(MeasureUnit.Days, 1.00m));
    }

    [Theory]
    [InlineData(2022, 4, 30, "April 2022")]
    [InlineData(2022, 4, 15, "15 April 2022")]
    [InlineData(2022, 4, 1, "1 April 2022")]
    [InlineData(2024, 2, 29, "February 2024")]
    [InlineData(2024, 2, 28, "28 February 2024")]
    [InlineData(2023, 2, 28, "February 2023")]
    [InlineData(2021, 12, 31, "December 2021")]
    public void DescribeBy_GivesTheMonth_WhenTheDateIsItsLastDay(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, MeasureAssessment.DescribeBy(new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData(MeasureStatusKind.OnTrack, "On track")]
    [InlineData(MeasureStatusKind.OffTrack, "Off track")]
    [InlineData(MeasureStatusKind.NotAssessed, "Not assessed")]
    public void StatusLabel(MeasureStatusKind kind, string expected)
    {
        Assert.Equal(expected, MeasureAssessment.StatusLabel(kind));
    }

    // ---- Figure symbols ----

    [Theory]
    [InlineData("c", "c")]
    [InlineData("x", "x")]
    [InlineData("z", "z")]
    [InlineData("low", "low")]
    [InlineData("u", "u")]
    [InlineData(":", ":")]
    [InlineData("[c]", "c")]
    [InlineData("[x]", "x")]
    [InlineData("[z]", "z")]
    [InlineData("[low]", "low")]
    [InlineData("[u]", "u")]
    [InlineData("C", "c")]
    [InlineData("X", "x")]
    [InlineData("LOW", "low")]
    [InlineData("[C]", "c")]
    [InlineData("  z  ", "z")]
    [InlineData(" [ c ] ", "c")]
    public void FigureSymbols_TryRead_ReadsTheDfESymbols(string text, string expected)
    {
        Assert.True(FigureSymbols.TryRead(text, out var symbol));
        Assert.Equal(expected, symbol);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0")]
    [InlineData("n/a")]
    [InlineData("N/A")]
    [InlineData("na")]
    [InlineData("-")]
    [InlineData("..")]
    [InlineData("cc")]
    [InlineData("[]")]
    [InlineData("[n/a]")]
    [InlineData("suppressed")]
    public void FigureSymbols_TryRead_RejectsEverythingElse(string? text)
    {
        Assert.False(FigureSymbols.TryRead(text, out var symbol));
        Assert.Equal(string.Empty, symbol);
    }

    [Theory]
    [InlineData("c", "suppressed to protect confidentiality")]
    [InlineData("x", "not available")]
    [InlineData("z", "not applicable")]
    [InlineData("low", "a positive number that rounds to zero")]
    [InlineData("u", "low reliability")]
    [InlineData(":", "not available")]
    [InlineData("[c]", "suppressed to protect confidentiality")]
    [InlineData("LOW", "a positive number that rounds to zero")]
    public void FigureSymbols_Meaning(string symbol, string expected)
    {
        Assert.Equal(expected, FigureSymbols.Meaning(symbol));
    }

    [Fact]
    public void FigureSymbols_Meaning_OfANonSymbol_Throws()
    {
        Assert.Throws<ArgumentException>(() => FigureSymbols.Meaning("n/a"));
    }

    [Fact]
    public void FigureSymbols_All_ListsTheSixSymbols_EachWithAMeaning()
    {
        Assert.Equal(["c", "x", "z", "low", "u", ":"], FigureSymbols.All);
        Assert.All(FigureSymbols.All, s => Assert.False(string.IsNullOrWhiteSpace(FigureSymbols.Meaning(s))));
    }
}

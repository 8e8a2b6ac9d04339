namespace SendImprovement.Core.Measures;

/// <summary>What a measure's figures count.</summary>
public enum MeasureUnit
{
    Percentage,
    Count,
    RatePer10000,
    Days,
    Weeks,
    Score,
}

/// <summary>Which way is better.</summary>
public enum MeasureDirection
{
    HigherIsBetter,
    LowerIsBetter,

    /// <summary>Good when the figure is between the measure's band limits (inclusive).</summary>
    WithinBand,
}

/// <summary>How settled a measure's definition is: real plans list measures whose definition is still "tbc".</summary>
public enum DefinitionStatus
{
    Agreed,
    Draft,
    ToBeDefined,
}

/// <summary>The kinds of period figures are published for.</summary>
public enum PeriodType
{
    Month,

    /// <summary>A calendar quarter (January to March is Q1); financial-year quarters are read into these.</summary>
    Quarter,

    /// <summary>Autumn (September to December), spring (January to March) or summer (April to August).</summary>
    SchoolTerm,

    /// <summary>1 September to 31 August.</summary>
    AcademicYear,

    /// <summary>1 April to 31 March.</summary>
    FinancialYear,

    CalendarYear,
}

/// <summary>How a measure's target is set.</summary>
public enum TargetKind
{
    None,

    /// <summary>A value by a date: "75% by April 2022".</summary>
    Absolute,

    /// <summary>A level to stay beyond at all times: "over 85%", "under 10 days".</summary>
    Threshold,

    /// <summary>A change from the baseline by a date, as a percentage of the baseline: "30% reduction by July 2021".</summary>
    RelativeChange,

    /// <summary>Dated steps from the baseline; the last one is the target: "from 39% to 50% by April 2021".</summary>
    Trajectory,

    /// <summary>At least as good as England for the same period.</summary>
    ParityWithEngland,
}

/// <summary>The owner's own view of a measure for a period, given with their commentary.</summary>
public enum OwnerAssessment
{
    OnTrack,
    AtRisk,
    OffTrack,
}

/// <summary>The product's assessment of a measure against its target.</summary>
public enum MeasureStatusKind
{
    OnTrack,
    OffTrack,

    /// <summary>No target, no figure, a suppressed figure, or nothing to compare with yet: the explanation says which.</summary>
    NotAssessed,
}

/// <summary>Whether the figures are moving the right way, comparing the latest figure with the one before.</summary>
public enum TravelDirection
{
    Unknown,
    Improving,
    NoChange,
    Worsening,
}

/// <summary>Where a comparator figure is for.</summary>
public enum GeographicLevel
{
    National,
    Regional,
    LocalAuthority,
}

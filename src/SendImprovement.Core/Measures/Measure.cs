using SendImprovement.Core.Auditing;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Measures;

/// <summary>
/// A measure of impact in a partnership's library: what is counted, which way is better, its baseline and target,
/// and the published indicator its England, regional and statistical-neighbour comparators come from.
/// </summary>
public class Measure : IAudited
{
    public const int MaxNameLength = 300;
    public const int MaxCodeLength = 60;
    public const int MaxSeriesLength = 300;

    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public Partnership Partnership { get; set; } = null!;

    public required string Name { get; set; }

    /// <summary>A short name that files use to say which measure a row is for ("ehcp-20-weeks-excl"); unique in the partnership.</summary>
    public required string Code { get; set; }

    /// <summary>The theme or workstream the dashboard groups and filters by.</summary>
    public string? Theme { get; set; }

    public string? Definition { get; set; }

    public string? Numerator { get; set; }

    public string? Denominator { get; set; }

    public MeasureUnit Unit { get; set; }

    public MeasureDirection Direction { get; set; }

    public decimal? BandLow { get; set; }

    public decimal? BandHigh { get; set; }

    /// <summary>How often the area's own figures are expected.</summary>
    public PeriodType Frequency { get; set; }

    public string? Source { get; set; }

    public int? OwnerId { get; set; }

    public Person? Owner { get; set; }

    public DefinitionStatus DefinitionStatus { get; set; }

    public decimal? BaselineValue { get; set; }

    public PeriodType? BaselinePeriodType { get; set; }

    public DateOnly? BaselinePeriodStart { get; set; }

    /// <summary>Words where there is no baseline figure yet ("None yet: first collected in 2022").</summary>
    public string? BaselineNote { get; set; }

    public TargetKind TargetKind { get; set; }

    public decimal? TargetValue { get; set; }

    public DateOnly? TargetBy { get; set; }

    /// <summary>For a relative target: the change from the baseline as a percentage of it; negative is a reduction.</summary>
    public decimal? TargetRelativeChangePercent { get; set; }

    public List<MeasureTrajectoryStep> Trajectory { get; set; } = [];

    /// <summary>The published indicator (as loaded from a DfE file) whose England, regional and council figures compare with this measure.</summary>
    public string? ComparatorSeries { get; set; }

    /// <summary>The starter measure this was adopted from, if any.</summary>
    public string? StarterKey { get; set; }

    public List<Area> Areas { get; set; } = [];

    public List<MeasureLink> Links { get; set; } = [];

    public DateTime CreatedAtUtc { get; set; }

    public int Version { get; set; }

    public MeasurePeriod? BaselinePeriod =>
        BaselinePeriodType is { } type && BaselinePeriodStart is { } start ? new MeasurePeriod(type, start) : null;

    /// <summary>The rules the status against target is worked out by.</summary>
    public MeasureRules Rules => new(
        Unit,
        Direction,
        new MeasureTarget(TargetKind, TargetValue, TargetBy, TargetRelativeChangePercent, [.. Trajectory.OrderBy(t => t.By).Select(t => new TrajectoryPoint(t.By, t.Value))]),
        BaselineValue,
        BaselinePeriod,
        BandLow,
        BandHigh);
}

/// <summary>One dated step of a measure's trajectory towards its target.</summary>
public class MeasureTrajectoryStep : IAudited
{
    public int Id { get; set; }

    public int MeasureId { get; set; }

    public DateOnly By { get; set; }

    public decimal Value { get; set; }
}

/// <summary>A measure evidencing a plan item (an outcome, priority or action); many to many.</summary>
public class MeasureLink : IAudited
{
    public int Id { get; set; }

    public int MeasureId { get; set; }

    public Measure Measure { get; set; } = null!;

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    public DateTime LinkedAtUtc { get; set; }

    public required string LinkedByName { get; set; }
}

/// <summary>
/// The area's own figure for a measure in one period, for the whole partnership or one council's area. A correction
/// is a new record; the one it corrects is kept, marked with when it was replaced.
/// </summary>
public class MeasureObservation : IAudited
{
    public const int MaxNoteLength = 2000;

    public long Id { get; set; }

    public int MeasureId { get; set; }

    /// <summary>The council's area the figure is for; none for the whole partnership.</summary>
    public int? AreaId { get; set; }

    public PeriodType PeriodType { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public decimal? Value { get; set; }

    /// <summary>A DfE symbol (c, x, z, low, u, :) in place of a number; see <see cref="FigureSymbols"/>.</summary>
    public string? Symbol { get; set; }

    /// <summary>Words where the figure is not numeric yet, or a note on the figure.</summary>
    public string? Note { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public required string RecordedByName { get; set; }

    public string? Reason { get; set; }

    /// <summary>The file load that recorded it, if any.</summary>
    public long? LoadId { get; set; }

    /// <summary>When a correction replaced it; none while it is the current figure.</summary>
    public DateTime? ReplacedAtUtc { get; set; }

    public MeasurePeriod Period => new(PeriodType, PeriodStart);

    public MeasureFigure Figure => new(Period, Value, Symbol, Note);
}

/// <summary>The owner's commentary on a measure for a period, with their own assessment; a new one replaces, never erases.</summary>
public class MeasureCommentary : IAudited
{
    public const int MaxTextLength = 4000;

    public int Id { get; set; }

    public int MeasureId { get; set; }

    public PeriodType PeriodType { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public required string Text { get; set; }

    public OwnerAssessment? Assessment { get; set; }

    public DateTime WrittenAtUtc { get; set; }

    public required string WrittenByName { get; set; }

    public DateTime? ReplacedAtUtc { get; set; }

    public MeasurePeriod Period => new(PeriodType, PeriodStart);
}

/// <summary>
/// A published figure for England, a region or a council, for one indicator and period, as loaded from the DfE's
/// open data or a simple file. Kept per partnership; a changed figure on a later load replaces it, keeping the old one.
/// </summary>
public class ComparatorValue : IAudited
{
    public const int MaxCodeLength = 12;
    public const int MaxNameLength = 200;

    public long Id { get; set; }

    public int PartnershipId { get; set; }

    /// <summary>The indicator, with any filter values of the file: "pct_within_20wks_excl" or "rate [age=0-25]".</summary>
    public required string Series { get; set; }

    public GeographicLevel Level { get; set; }

    /// <summary>E92000001 for England, E12… for a region, E06/E08/E09/E10… for a council.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public PeriodType PeriodType { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public decimal? Value { get; set; }

    public string? Symbol { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public long? LoadId { get; set; }

    public DateTime? ReplacedAtUtc { get; set; }

    public MeasurePeriod Period => new(PeriodType, PeriodStart);

    public MeasureFigure Figure => new(Period, Value, Symbol);
}

/// <summary>One of the ten councils most like the partnership's, by the DfE's statistical neighbour model.</summary>
public class StatisticalNeighbour : IAudited
{
    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public int Position { get; set; }
}

public enum MeasureLoadFormat
{
    /// <summary>The DfE's open-data CSV layout (explore education statistics).</summary>
    Ees,

    /// <summary>Columns for measure, area, period and value (and an optional note), as CSV or XLSX.</summary>
    Simple,
}

public enum MeasureLoadState
{
    Draft,
    Loaded,
    Discarded,
}

/// <summary>
/// A file of figures: while a draft it holds the file and the choices (which indicators to load, for which
/// measures); once loaded it is the record of what was loaded, by whom and when. Each figure it wrote points back to it.
/// </summary>
public class MeasureLoad : IAudited
{
    public const int MaxFileNameLength = 255;

    public long Id { get; set; }

    public int PartnershipId { get; set; }

    public MeasureLoadFormat Format { get; set; }

    public MeasureLoadState State { get; set; }

    public required string FileName { get; set; }

    public long FileSize { get; set; }

    public required string FileSha256 { get; set; }

    /// <summary>The file while a draft; dropped once loaded or discarded.</summary>
    public byte[]? Content { get; set; }

    /// <summary>The choices as JSON (<see cref="MeasureLoadChoices"/>).</summary>
    public required string ChoicesJson { get; set; }

    public required string UploadedByName { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public string? LoadedByName { get; set; }

    public DateTime? LoadedAtUtc { get; set; }

    public int RowsRead { get; set; }

    public int Added { get; set; }

    public int Corrected { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Rows left out because they were not valid (only when the user chose to load the valid rows).</summary>
    public int RowsSkipped { get; set; }

    public int Version { get; set; }
}

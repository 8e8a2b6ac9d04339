using System.Globalization;
using SendImprovement.Core.Measures;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// The measure form as typed. Everything stays text until the service reads it, so nothing typed is lost and every
/// message comes from one place; a choice that was not offered becomes a value the service refuses with its message.
/// The properties are in the order of the form, which is the order of the error summary.
/// </summary>
public sealed class MeasureInput
{
    public string? Name { get; set; }

    public string? Code { get; set; }

    public string? Theme { get; set; }

    public string? Definition { get; set; }

    public string? Numerator { get; set; }

    public string? Denominator { get; set; }

    public string? Unit { get; set; }

    public string? Direction { get; set; }

    public string? BandLow { get; set; }

    public string? BandHigh { get; set; }

    public string? Frequency { get; set; }

    public string? Source { get; set; }

    public string? OwnerId { get; set; }

    public List<string> AreaIds { get; set; } = [];

    public string? DefinitionStatus { get; set; }

    public string? BaselineValue { get; set; }

    public string? BaselinePeriod { get; set; }

    public string? BaselineNote { get; set; }

    public string? TargetKind { get; set; } = nameof(Core.Measures.TargetKind.None);

    public string? TargetValue { get; set; }

    public string? TargetBy { get; set; }

    public string? TargetChangePercent { get; set; }

    public string? Trajectory { get; set; }

    public string? ComparatorSeries { get; set; }

    public string? Reason { get; set; }

    public int Version { get; set; }

    /// <summary>The chosen owner; text that is not an id gives one the service refuses ("Select the owner from the list").</summary>
    public int? Owner => string.IsNullOrEmpty(OwnerId) ? null : int.TryParse(OwnerId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;

    public static MeasureInput From(Measure measure)
    {
        var details = MeasureDetails.From(measure);
        return new MeasureInput
        {
            Name = details.Name,
            Code = details.Code,
            Theme = details.Theme,
            Definition = details.Definition,
            Numerator = details.Numerator,
            Denominator = details.Denominator,
            Unit = details.Unit.ToString(),
            Direction = details.Direction.ToString(),
            BandLow = details.BandLow,
            BandHigh = details.BandHigh,
            Frequency = details.Frequency.ToString(),
            Source = details.Source,
            OwnerId = details.OwnerId?.ToString(CultureInfo.InvariantCulture),
            AreaIds = [.. details.AreaIds.Select(a => a.ToString(CultureInfo.InvariantCulture))],
            DefinitionStatus = details.DefinitionStatus.ToString(),
            BaselineValue = details.BaselineValue,
            BaselinePeriod = details.BaselinePeriod,
            BaselineNote = details.BaselineNote,
            TargetKind = details.TargetKind.ToString(),
            TargetValue = details.TargetValue,
            TargetBy = details.TargetBy,
            TargetChangePercent = details.TargetChangePercent,
            Trajectory = details.Trajectory,
            ComparatorSeries = details.ComparatorSeries,
            Version = measure.Version,
        };
    }

    public MeasureDetails ToDetails() => new()
    {
        Name = Name,
        Code = Code,
        Theme = Theme,
        Definition = Definition,
        Numerator = Numerator,
        Denominator = Denominator,
        Unit = MeasureDisplay.ReadChoice<MeasureUnit>(Unit),
        Direction = MeasureDisplay.ReadChoice<MeasureDirection>(Direction),
        BandLow = BandLow,
        BandHigh = BandHigh,
        Frequency = MeasureDisplay.ReadChoice<PeriodType>(Frequency),
        Source = Source,
        OwnerId = Owner,
        DefinitionStatus = MeasureDisplay.ReadChoice<DefinitionStatus>(DefinitionStatus),
        BaselineValue = BaselineValue,
        BaselinePeriod = BaselinePeriod,
        BaselineNote = BaselineNote,
        TargetKind = MeasureDisplay.ReadChoice<TargetKind>(TargetKind),
        TargetValue = TargetValue,
        TargetBy = TargetBy,
        TargetChangePercent = TargetChangePercent,

        // Browsers send line breaks as CR LF; the service splits on LF.
        Trajectory = Trajectory?.Replace("\r", string.Empty, StringComparison.Ordinal),
        ComparatorSeries = ComparatorSeries,
        AreaIds = [.. AreaIds.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0)],
    };
}

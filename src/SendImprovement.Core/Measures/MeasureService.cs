using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Measures;

/// <summary>A measure's details as typed in a form (or given on the command line); the service reads and checks them.</summary>
public sealed record MeasureDetails
{
    public string? Name { get; init; }

    public string? Code { get; init; }

    public string? Theme { get; init; }

    public string? Definition { get; init; }

    public string? Numerator { get; init; }

    public string? Denominator { get; init; }

    public MeasureUnit Unit { get; init; }

    public MeasureDirection Direction { get; init; }

    public string? BandLow { get; init; }

    public string? BandHigh { get; init; }

    public PeriodType Frequency { get; init; } = PeriodType.Month;

    public string? Source { get; init; }

    public int? OwnerId { get; init; }

    public DefinitionStatus DefinitionStatus { get; init; }

    public string? BaselineValue { get; init; }

    public string? BaselinePeriod { get; init; }

    public string? BaselineNote { get; init; }

    public TargetKind TargetKind { get; init; }

    public string? TargetValue { get; init; }

    public string? TargetBy { get; init; }

    public string? TargetChangePercent { get; init; }

    /// <summary>One step per line: "April 2021: 45".</summary>
    public string? Trajectory { get; init; }

    public string? ComparatorSeries { get; init; }

    public IReadOnlyList<int> AreaIds { get; init; } = [];

    public static MeasureDetails From(Measure m) => new()
    {
        Name = m.Name,
        Code = m.Code,
        Theme = m.Theme,
        Definition = m.Definition,
        Numerator = m.Numerator,
        Denominator = m.Denominator,
        Unit = m.Unit,
        Direction = m.Direction,
        BandLow = Number(m.BandLow),
        BandHigh = Number(m.BandHigh),
        Frequency = m.Frequency,
        Source = m.Source,
        OwnerId = m.OwnerId,
        DefinitionStatus = m.DefinitionStatus,
        BaselineValue = Number(m.BaselineValue),
        BaselinePeriod = m.BaselinePeriod?.Label,
        BaselineNote = m.BaselineNote,
        TargetKind = m.TargetKind,
        TargetValue = Number(m.TargetValue),
        TargetBy = m.TargetBy is { } by ? MeasureAssessment.DescribeBy(by) : null,
        TargetChangePercent = Number(m.TargetRelativeChangePercent),
        Trajectory = string.Join("\n", m.Trajectory.OrderBy(t => t.By).Select(t => $"{MeasureAssessment.DescribeBy(t.By)}: {Number(t.Value)}")),
        ComparatorSeries = m.ComparatorSeries,
        AreaIds = [.. m.Areas.Select(a => a.Id)],
    };

    public static string? Number(decimal? value) => value?.ToString("0.##########", CultureInfo.InvariantCulture);
}

/// <summary>A figure typed in a form: for a period and (optionally) one council's area.</summary>
public sealed record FigureInput(string? Period, int? AreaId, string? Value, string? Note, string? Reason);

/// <summary>The partnership's measure library, the links to plan items, figures typed in, commentary and comparator settings.</summary>
public sealed class MeasureService(AppDbContext db, TimeProvider clock)
{
    public Task<List<Measure>> ListAsync(int partnershipId, CancellationToken cancellationToken = default) =>
        db.Measures.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId)
            .Include(m => m.Owner)
            .OrderBy(m => m.Theme == null).ThenBy(m => m.Theme).ThenBy(m => m.Name)
            .ToListAsync(cancellationToken);

    /// <summary>A measure with its owner, areas, trajectory and linked items; refused when the actor may not read it.</summary>
    public async Task<Measure> GetAsync(Actor actor, int measureId, CancellationToken cancellationToken = default)
    {
        var measure = await db.Measures.AsNoTracking()
            .Include(m => m.Owner)
            .Include(m => m.Areas)
            .Include(m => m.Trajectory)
            .Include(m => m.Links).ThenInclude(l => l.PlanItem).ThenInclude(i => i.Plan)
            .FirstOrDefaultAsync(m => m.Id == measureId, cancellationToken);
        if (measure is null || !PlanAccess.CanRead(actor, measure.PartnershipId))
        {
            throw new NotFoundException("There is no such measure.");
        }

        return measure;
    }

    /// <summary>Programme leads manage the library; a measure's owner may also record its figures and commentary.</summary>
    public static bool CanRecord(Actor actor, Measure measure) =>
        PlanAccess.CanManage(actor, measure.PartnershipId)
        || (actor.PartnershipId == measure.PartnershipId && actor.PersonId is not null && actor.PersonId == measure.OwnerId && actor.Role == Users.Roles.Contributor);

    public async Task<Measure> CreateAsync(Actor actor, int partnershipId, MeasureDetails details, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        var measure = new Measure { PartnershipId = partnershipId, Name = string.Empty, Code = string.Empty, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        await ApplyAsync(measure, details, cancellationToken);
        db.Measures.Add(measure);
        await SaveAsync(new AuditContext(actor, "Measure added") { PartnershipId = partnershipId, Summary = measure.Name, Subject = measure }, cancellationToken);
        return measure;
    }

    public async Task UpdateAsync(Actor actor, int measureId, int expectedVersion, MeasureDetails details, string? reason, CancellationToken cancellationToken = default)
    {
        var measure = await TrackedAsync(measureId, cancellationToken);
        RequireManage(actor, measure.PartnershipId);
        Expect(measure, expectedVersion);
        await ApplyAsync(measure, details, cancellationToken);
        await SaveAsync(new AuditContext(actor, "Measure changed", reason) { PartnershipId = measure.PartnershipId, Summary = measure.Name }, cancellationToken);
    }

    /// <summary>Adds the chosen starter measures that the partnership does not have yet; returns how many were added.</summary>
    public async Task<int> AdoptStartersAsync(Actor actor, int partnershipId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        var chosen = StarterMeasures.All.Where(s => keys.Contains(s.Key)).ToList();
        if (chosen.Count == 0)
        {
            throw new ValidationFailedException("Starters", "Select at least one starter measure to add");
        }

        var existing = await db.Measures.Where(m => m.PartnershipId == partnershipId).Select(m => new { m.Code, m.StarterKey }).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var starter in chosen.Where(s => existing.All(e => e.StarterKey != s.Key && e.Code != s.Key)))
        {
            var m = starter.ToMeasure(partnershipId, clock.GetUtcNow().UtcDateTime);
            db.Measures.Add(m);
            added++;
        }

        if (added > 0)
        {
            await SaveAsync(new AuditContext(actor, "Starter measures added") { PartnershipId = partnershipId, Summary = TextCase.Count(added, "measure") }, cancellationToken);
        }

        return added;
    }

    public async Task LinkAsync(Actor actor, int measureId, int planItemId, CancellationToken cancellationToken = default)
    {
        var measure = await TrackedAsync(measureId, cancellationToken);
        RequireManage(actor, measure.PartnershipId);
        var item = await db.PlanItems.AsNoTracking().Include(i => i.Plan).FirstOrDefaultAsync(i => i.Id == planItemId, cancellationToken);
        if (item is null || item.Plan.PartnershipId != measure.PartnershipId)
        {
            throw new ValidationFailedException("PlanItemId", "Select a plan item from this partnership's plans");
        }

        if (await db.MeasureLinks.AnyAsync(l => l.MeasureId == measureId && l.PlanItemId == planItemId, cancellationToken))
        {
            throw new ValidationFailedException("PlanItemId", $"{measure.Name} is already linked to {PlanService.Label(item.Ref, item.Title)}");
        }

        db.MeasureLinks.Add(new MeasureLink { MeasureId = measureId, PlanItemId = planItemId, LinkedAtUtc = clock.GetUtcNow().UtcDateTime, LinkedByName = actor.Name });
        await SaveAsync(
            new AuditContext(actor, "Measure linked") { PartnershipId = measure.PartnershipId, PlanId = item.PlanId, PlanItemId = item.Id, Summary = $"{measure.Name} → {PlanService.Label(item.Ref, item.Title)}" },
            cancellationToken);
    }

    public async Task UnlinkAsync(Actor actor, int measureId, int planItemId, CancellationToken cancellationToken = default)
    {
        var measure = await TrackedAsync(measureId, cancellationToken);
        RequireManage(actor, measure.PartnershipId);
        var link = await db.MeasureLinks.Include(l => l.PlanItem).FirstOrDefaultAsync(l => l.MeasureId == measureId && l.PlanItemId == planItemId, cancellationToken)
            ?? throw new NotFoundException("That measure is not linked to that item.");
        db.MeasureLinks.Remove(link);
        await SaveAsync(
            new AuditContext(actor, "Measure unlinked") { PartnershipId = measure.PartnershipId, PlanId = link.PlanItem.PlanId, PlanItemId = planItemId, Summary = $"{measure.Name} ✕ {PlanService.Label(link.PlanItem.Ref, link.PlanItem.Title)}" },
            cancellationToken);
    }

    /// <summary>
    /// Records a figure for a period. A figure already recorded for that period and area is kept, marked replaced,
    /// and the new one becomes current: corrections keep history.
    /// </summary>
    public async Task<MeasureObservation> RecordFigureAsync(Actor actor, int measureId, FigureInput input, CancellationToken cancellationToken = default)
    {
        var measure = await db.Measures.Include(m => m.Areas).FirstOrDefaultAsync(m => m.Id == measureId, cancellationToken)
            ?? throw new NotFoundException("There is no such measure.");
        RequireRecord(actor, measure);
        var errors = new List<FieldError>();
        var period = ReadPeriod(input.Period, measure.Frequency, "Period", errors);
        if (input.AreaId is { } areaId && !await db.Areas.AnyAsync(a => a.Id == areaId && a.PartnershipId == measure.PartnershipId, cancellationToken))
        {
            errors.Add(new("AreaId", "Select an area from the list"));
        }

        var value = ReadFigure(input.Value, measure.Unit, "Value", errors, out var symbol);
        var note = PlanService.Optional(input.Note, "Note", MeasureObservation.MaxNoteLength, "The note", errors);
        var reason = PlanService.Optional(input.Reason, "Reason", 1000, "The reason", errors);
        if (value is null && symbol is null && note is null && errors.Count == 0)
        {
            errors.Add(new("Value", "Enter the figure, one of the DfE's symbols (c, x, z, low, u or :), or a note saying why there is no figure yet"));
        }

        PlanService.ThrowIfAny(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var current = await db.MeasureObservations
            .Where(o => o.MeasureId == measureId && o.AreaId == input.AreaId && o.PeriodType == period!.Value.Type && o.PeriodStart == period.Value.Start && o.ReplacedAtUtc == null)
            .ToListAsync(cancellationToken);
        if (current.Any(c => c.Value == value && c.Symbol == symbol && c.Note == note))
        {
            throw new ValidationFailedException("Value", $"That figure is already recorded for {period!.Value.Label}");
        }

        if (current.Count > 0 && reason is null)
        {
            throw new ValidationFailedException("Reason", $"A figure is already recorded for {period!.Value.Label}: say why it is being corrected");
        }

        foreach (var old in current)
        {
            old.ReplacedAtUtc = now;
        }

        var observation = new MeasureObservation
        {
            MeasureId = measureId,
            AreaId = input.AreaId,
            PeriodType = period!.Value.Type,
            PeriodStart = period.Value.Start,
            PeriodEnd = period.Value.End,
            Value = value,
            Symbol = symbol,
            Note = note,
            RecordedAtUtc = now,
            RecordedByName = actor.Name,
            Reason = reason,
        };
        db.MeasureObservations.Add(observation);
        var figure = value is { } v ? MeasureAssessment.Format(measure.Unit, v) : symbol ?? "note";
        await SaveAsync(
            new AuditContext(actor, current.Count > 0 ? "Figure corrected" : "Figure recorded", reason) { PartnershipId = measure.PartnershipId, Summary = $"{measure.Name}, {period.Value.Label}: {figure}" },
            cancellationToken);
        return observation;
    }

    /// <summary>The owner's commentary for a period, with their own assessment; an earlier one for the period is kept, marked replaced.</summary>
    public async Task<MeasureCommentary> WriteCommentaryAsync(Actor actor, int measureId, string? periodText, string? text, OwnerAssessment? assessment, CancellationToken cancellationToken = default)
    {
        var measure = await db.Measures.FirstOrDefaultAsync(m => m.Id == measureId, cancellationToken)
            ?? throw new NotFoundException("There is no such measure.");
        RequireRecord(actor, measure);
        var errors = new List<FieldError>();
        var period = ReadPeriod(periodText, measure.Frequency, "CommentaryPeriod", errors);
        var words = PlanService.Required(text, "Commentary", MeasureCommentary.MaxTextLength, "Enter the commentary", "The commentary", errors);
        PlanService.ThrowIfAny(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in await db.MeasureCommentaries
                     .Where(c => c.MeasureId == measureId && c.PeriodType == period!.Value.Type && c.PeriodStart == period.Value.Start && c.ReplacedAtUtc == null)
                     .ToListAsync(cancellationToken))
        {
            old.ReplacedAtUtc = now;
        }

        var commentary = new MeasureCommentary
        {
            MeasureId = measureId,
            PeriodType = period!.Value.Type,
            PeriodStart = period.Value.Start,
            PeriodEnd = period.Value.End,
            Text = words,
            Assessment = assessment,
            WrittenAtUtc = now,
            WrittenByName = actor.Name,
        };
        db.MeasureCommentaries.Add(commentary);
        await SaveAsync(new AuditContext(actor, "Commentary written") { PartnershipId = measure.PartnershipId, Summary = $"{measure.Name}, {period.Value.Label}" }, cancellationToken);
        return commentary;
    }

    /// <summary>
    /// Sets what the partnership's figures are compared with: its region, each area's council code and its ten
    /// statistical neighbours (codes, named from the councils in loaded files where the name is not given).
    /// </summary>
    public async Task SetComparatorsAsync(
        Actor actor, int partnershipId, string? regionCode, IReadOnlyDictionary<int, string?> councilCodes, IReadOnlyList<string> neighbourLines, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        var partnership = await db.Partnerships.Include(p => p.Areas).FirstOrDefaultAsync(p => p.Id == partnershipId, cancellationToken)
            ?? throw new NotFoundException("There is no such partnership.");
        var errors = new List<FieldError>();
        var region = regionCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(region))
        {
            partnership.RegionCode = null;
            partnership.RegionName = null;
        }
        else if (MeasureLoader.Regions.TryGetValue(region, out var regionName))
        {
            partnership.RegionCode = region;
            partnership.RegionName = regionName;
        }
        else
        {
            errors.Add(new("RegionCode", "Select the partnership's region"));
        }

        foreach (var area in partnership.Areas)
        {
            var code = councilCodes.GetValueOrDefault(area.Id)?.Trim().ToUpperInvariant();
            if (string.IsNullOrEmpty(code))
            {
                area.CouncilCode = null;
            }
            else if (!MeasureLoader.CouncilCodePattern().IsMatch(code))
            {
                errors.Add(new($"Council{area.Id}", $"Enter {area.Name}'s council code like E06000001"));
            }
            else
            {
                area.CouncilCode = code;
            }
        }

        var known = await db.ComparatorValues.AsNoTracking()
            .Where(v => v.PartnershipId == partnershipId && v.Level == GeographicLevel.LocalAuthority)
            .Select(v => new { v.Code, v.Name }).Distinct().ToListAsync(cancellationToken);
        var neighbours = new List<(string Code, string Name)>();
        foreach (var line in neighbourLines.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var code = line.Split([' ', ',', '\t'], 2)[0].ToUpperInvariant();
            var name = line.Length > code.Length ? line[code.Length..].Trim(' ', ',', '\t', '-', ':') : string.Empty;
            if (!MeasureLoader.CouncilCodePattern().IsMatch(code))
            {
                errors.Add(new("Neighbours", $"“{(line.Length > 40 ? line[..40] + "…" : line)}” does not start with a council code like E06000001"));
                continue;
            }

            if (neighbours.Any(n => n.Code == code))
            {
                errors.Add(new("Neighbours", $"{code} is listed twice"));
                continue;
            }

            name = name.Length > 0 ? name : known.FirstOrDefault(k => k.Code == code)?.Name ?? code;
            neighbours.Add((code, name.Length > ComparatorValue.MaxNameLength ? name[..ComparatorValue.MaxNameLength] : name));
        }

        if (neighbours.Count > 10)
        {
            errors.Add(new("Neighbours", $"List at most ten statistical neighbours (there are {neighbours.Count})"));
        }

        PlanService.ThrowIfAny(errors);
        db.StatisticalNeighbours.RemoveRange(await db.StatisticalNeighbours.Where(n => n.PartnershipId == partnershipId).ToListAsync(cancellationToken));
        db.StatisticalNeighbours.AddRange(neighbours.Select((n, i) => new StatisticalNeighbour { PartnershipId = partnershipId, Code = n.Code, Name = n.Name, Position = i }));
        await SaveAsync(new AuditContext(actor, "Comparators set") { PartnershipId = partnershipId, Summary = $"{TextCase.Count(neighbours.Count, "statistical neighbour")}" }, cancellationToken);
    }

    /// <summary>Reads a period as typed, preferring the measure's own kind of year where "2021/22" could be either.</summary>
    public static MeasurePeriod? ReadPeriod(string? text, PeriodType frequency, string field, List<FieldError> errors)
    {
        if (!MeasurePeriod.TryParseFor(text, frequency, out var period, out var error))
        {
            errors.Add(new(field, error));
            return null;
        }

        return period;
    }

    /// <summary>Reads a figure as typed: a number (with % for a percentage) or a DfE symbol; checks it fits the unit.</summary>
    public static decimal? ReadFigure(string? text, MeasureUnit unit, string field, List<FieldError> errors, out string? symbol)
    {
        var reading = FigureSymbols.ReadFigure(text, unit, out var value, out symbol);
        var message = reading switch
        {
            FigureReading.Ok => null,
            FigureReading.PercentageForOtherUnit => "This measure is not a percentage: enter the number without %",
            FigureReading.PercentageOutOfRange => "Enter a percentage between 0 and 100",
            FigureReading.Negative => "Enter a number that is 0 or more",
            _ => "Enter a number, like 62.5, or one of the DfE's symbols (c, x, z, low, u or :)",
        };
        if (message is null)
        {
            return value;
        }

        errors.Add(new(field, message));
        return null;
    }

    private async Task ApplyAsync(Measure measure, MeasureDetails details, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        measure.Name = PlanService.Required(details.Name, "Name", Measure.MaxNameLength, "Enter the measure's name", "The name", errors);
        var code = PlanService.Optional(details.Code, "Code", Measure.MaxCodeLength, "The code", errors) ?? CodeFrom(measure.Name);
        if (code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(new("Code", "The code must not contain spaces: use hyphens, like ehcp-20-weeks"));
        }
        else if (code.Length > 0 && await db.Measures.AnyAsync(m => m.PartnershipId == measure.PartnershipId && m.Code == code && m.Id != measure.Id, cancellationToken))
        {
            errors.Add(new("Code", $"Another measure already has the code {code}"));
        }

        measure.Code = code;
        measure.Theme = PlanService.Optional(details.Theme, "Theme", 200, "The theme", errors);
        measure.Definition = PlanService.Optional(details.Definition, "Definition", 4000, "The definition", errors);
        measure.Numerator = PlanService.Optional(details.Numerator, "Numerator", 1000, "The numerator", errors);
        measure.Denominator = PlanService.Optional(details.Denominator, "Denominator", 1000, "The denominator", errors);
        measure.Source = PlanService.Optional(details.Source, "Source", 500, "The source", errors);
        measure.ComparatorSeries = PlanService.Optional(details.ComparatorSeries, "ComparatorSeries", Measure.MaxSeriesLength, "The comparator indicator", errors);
        measure.BaselineNote = PlanService.Optional(details.BaselineNote, "BaselineNote", 500, "The baseline note", errors);
        if (details.OwnerId is { } ownerId && !await db.People.AnyAsync(p => p.Id == ownerId && p.PartnershipId == measure.PartnershipId, cancellationToken))
        {
            errors.Add(new("OwnerId", "Select the owner from the list of the partnership's people"));
        }

        measure.OwnerId = details.OwnerId;
        Check(Enum.IsDefined(details.Unit), "Unit", "Select the unit", errors);
        Check(Enum.IsDefined(details.Direction), "Direction", "Select which way is better", errors);
        Check(Enum.IsDefined(details.Frequency), "Frequency", "Select how often figures are expected", errors);
        Check(Enum.IsDefined(details.DefinitionStatus), "DefinitionStatus", "Select whether the definition is agreed", errors);
        Check(Enum.IsDefined(details.TargetKind), "TargetKind", "Select the kind of target", errors);
        measure.Unit = details.Unit;
        measure.Direction = details.Direction;
        measure.Frequency = details.Frequency;
        measure.DefinitionStatus = details.DefinitionStatus;
        measure.TargetKind = details.TargetKind;

        measure.BandLow = Number(details.BandLow, "BandLow", "The lower limit of the band", details.Unit, errors);
        measure.BandHigh = Number(details.BandHigh, "BandHigh", "The upper limit of the band", details.Unit, errors);
        if (details.Direction == MeasureDirection.WithinBand && (measure.BandLow is null || measure.BandHigh is null) && !errors.Any(e => e.Field.StartsWith("Band", StringComparison.Ordinal)))
        {
            errors.Add(new(measure.BandLow is null ? "BandLow" : "BandHigh", "Enter both limits of the band the figure should stay within"));
        }
        else if (measure.BandLow > measure.BandHigh)
        {
            errors.Add(new("BandHigh", "The upper limit of the band must be at least the lower limit"));
        }

        measure.BaselineValue = Number(details.BaselineValue, "BaselineValue", "The baseline", details.Unit, errors);
        var baselinePeriod = string.IsNullOrWhiteSpace(details.BaselinePeriod) ? null : ReadPeriod(details.BaselinePeriod, details.Frequency, "BaselinePeriod", errors);
        measure.BaselinePeriodType = baselinePeriod?.Type;
        measure.BaselinePeriodStart = baselinePeriod?.Start;
        if (measure.BaselineValue is not null && baselinePeriod is null && !errors.Any(e => e.Field == "BaselinePeriod"))
        {
            errors.Add(new("BaselinePeriod", "Enter the period the baseline is for, like 2021 or March 2021"));
        }

        measure.TargetValue = Number(details.TargetValue, "TargetValue", "The target", details.Unit, errors);
        measure.TargetBy = string.IsNullOrWhiteSpace(details.TargetBy) ? null : ReadBy(details.TargetBy, "TargetBy", "The target date", errors);
        measure.TargetRelativeChangePercent = null;
        if (!string.IsNullOrWhiteSpace(details.TargetChangePercent))
        {
            if (decimal.TryParse(details.TargetChangePercent.Trim().TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var change) && change is >= -100 and <= 1000)
            {
                measure.TargetRelativeChangePercent = change;
            }
            else
            {
                errors.Add(new("TargetChangePercent", "Enter the change as a percentage of the baseline, like -30 for a 30% reduction"));
            }
        }

        var steps = ReadTrajectory(details.Trajectory, details.Unit, errors);
        switch (details.TargetKind)
        {
            case TargetKind.Absolute:
                Check(measure.TargetValue is not null || errors.Any(e => e.Field == "TargetValue"), "TargetValue", "Enter the target value", errors);
                Check(measure.TargetBy is not null || errors.Any(e => e.Field == "TargetBy"), "TargetBy", "Enter the date the target is for, like April 2022", errors);
                break;
            case TargetKind.Threshold:
                Check(measure.TargetValue is not null || errors.Any(e => e.Field == "TargetValue"), "TargetValue", "Enter the threshold", errors);
                break;
            case TargetKind.RelativeChange:
                Check(measure.TargetRelativeChangePercent is not null || errors.Any(e => e.Field == "TargetChangePercent"), "TargetChangePercent", "Enter the change from the baseline, like -30 for a 30% reduction", errors);
                Check(measure.TargetBy is not null || errors.Any(e => e.Field == "TargetBy"), "TargetBy", "Enter the date the change is due by, like July 2021", errors);
                Check(measure.BaselineValue is not null || errors.Any(e => e.Field == "BaselineValue"), "BaselineValue", "A relative target needs a baseline: enter it", errors);
                break;
            case TargetKind.Trajectory:
                Check(steps.Count > 0 || errors.Any(e => e.Field == "Trajectory"), "Trajectory", "Enter at least one step of the trajectory, like April 2021: 45", errors);
                break;
        }

        PlanService.ThrowIfAny(errors);
        if (measure.Id != 0)
        {
            await db.Entry(measure).Collection(m => m.Trajectory).LoadAsync(cancellationToken);
            await db.Entry(measure).Collection(m => m.Areas).LoadAsync(cancellationToken);
        }

        var same = measure.Trajectory.Count == steps.Count && measure.Trajectory.OrderBy(t => t.By).Zip(steps).All(p => p.First.By == p.Second.By && p.First.Value == p.Second.Value);
        if (!same)
        {
            measure.Trajectory.Clear();
            measure.Trajectory.AddRange(steps.Select(s => new MeasureTrajectoryStep { By = s.By, Value = s.Value }));
        }

        var areas = await db.Areas.Where(a => a.PartnershipId == measure.PartnershipId && details.AreaIds.Contains(a.Id)).ToListAsync(cancellationToken);
        if (!measure.Areas.Select(a => a.Id).Order().SequenceEqual(areas.Select(a => a.Id).Order()))
        {
            measure.Areas.Clear();
            measure.Areas.AddRange(areas);
        }
    }

    private static List<TrajectoryPoint> ReadTrajectory(string? text, MeasureUnit unit, List<FieldError> errors)
    {
        var steps = new List<TrajectoryPoint>();
        var lines = (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var split = line.LastIndexOfAny([':', '=']);
            var lineErrors = new List<FieldError>();
            var by = split > 0 ? ReadBy(line[..split], "Trajectory", "The date", lineErrors) : null;
            var value = split > 0 ? Number(line[(split + 1)..], "Trajectory", "The value", unit, lineErrors) : null;
            if (split <= 0 || by is null || value is null)
            {
                errors.Add(new("Trajectory", $"Trajectory line {i + 1} (“{(line.Length > 40 ? line[..40] + "…" : line)}”): write a date and a value, like April 2021: 45"));
                continue;
            }

            if (steps.Any(s => s.By == by))
            {
                errors.Add(new("Trajectory", $"Trajectory line {i + 1}: {MeasureAssessment.DescribeBy(by.Value)} is given twice"));
                continue;
            }

            steps.Add(new TrajectoryPoint(by.Value, value.Value));
        }

        return [.. steps.OrderBy(s => s.By)];
    }

    /// <summary>A date a target is due by: a day (15/04/2022, 2022-04-15) or a period, meaning its last day ("April 2022").</summary>
    public static DateOnly? ReadBy(string text, string field, string label, List<FieldError> errors)
    {
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, ["d/M/yyyy", "yyyy-MM-dd", "d MMMM yyyy", "d MMM yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (MeasurePeriod.TryParse(trimmed, null, out var period, out _))
        {
            return period.End;
        }

        errors.Add(new(field, $"{label} must be a month or a date, like April 2022 or 30/04/2022"));
        return null;
    }

    private static decimal? Number(string? text, string field, string label, MeasureUnit unit, List<FieldError> errors)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (!decimal.TryParse(trimmed.TrimEnd('%').TrimEnd(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new(field, $"{label} must be a number, like 75"));
            return null;
        }

        if (unit == MeasureUnit.Percentage && value is < 0 or > 100)
        {
            errors.Add(new(field, $"{label} is a percentage: enter a number between 0 and 100"));
            return null;
        }

        return value;
    }

    private static void Check(bool ok, string field, string message, List<FieldError> errors)
    {
        if (!ok)
        {
            errors.Add(new(field, message));
        }
    }

    /// <summary>"New EHCPs within 20 weeks" → "new-ehcps-within-20-weeks".</summary>
    public static string CodeFrom(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var code = builder.ToString().Trim('-');
        return code.Length > Measure.MaxCodeLength ? code[..Measure.MaxCodeLength].TrimEnd('-') : code;
    }

    private async Task<Measure> TrackedAsync(int measureId, CancellationToken cancellationToken) =>
        await db.Measures.FirstOrDefaultAsync(m => m.Id == measureId, cancellationToken) ?? throw new NotFoundException("There is no such measure.");

    private static void RequireManage(Actor actor, int partnershipId)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw PlanAccess.CanRead(actor, partnershipId)
                ? new ForbiddenException("Only a programme lead can change the measure library, its links and its comparators.")
                : new NotFoundException("There is no such measure.");
        }
    }

    private static void RequireRecord(Actor actor, Measure measure)
    {
        if (!CanRecord(actor, measure))
        {
            throw PlanAccess.CanRead(actor, measure.PartnershipId)
                ? new ForbiddenException("Only a programme lead or the measure's owner can record its figures and commentary.")
                : new NotFoundException("There is no such measure.");
        }
    }

    private void Expect(Measure measure, int expectedVersion)
    {
        if (measure.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException();
        }

        db.Entry(measure).Property(m => m.Version).OriginalValue = expectedVersion;
        measure.Version = expectedVersion + 1;
    }

    private async Task SaveAsync(AuditContext audit, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(audit, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConcurrencyConflictException(new ConcurrencyConflictException().Message, exception);
        }
    }
}

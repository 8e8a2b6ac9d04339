using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Measures;

/// <summary>A plan item a measure evidences.</summary>
public sealed record LinkedItem(int PlanId, string PlanName, int ItemId, int Depth, string Label);

/// <summary>Where the area stands among itself and its statistical neighbours (1 is best), for one period.</summary>
public sealed record MeasureRank(int Position, int Of, MeasurePeriod Period);

/// <summary>A published figure for England, a region or a council.</summary>
public sealed record ComparatorFigure(string Code, string Name, GeographicLevel Level, MeasureFigure Figure);

/// <summary>One measure as the dashboard shows it: latest figure, target, status and comparison, as at a date.</summary>
public sealed record MeasureSummary
{
    public required int Id { get; init; }

    public required string Name { get; init; }

    public required string Code { get; init; }

    public string? Theme { get; init; }

    public MeasureUnit Unit { get; init; }

    public MeasureDirection Direction { get; init; }

    public DefinitionStatus DefinitionStatus { get; init; }

    public int? OwnerId { get; init; }

    public string? OwnerName { get; init; }

    public required string TargetText { get; init; }

    public MeasureFigure? Latest { get; init; }

    /// <summary>The latest figure is the council's published one (no local figure is recorded).</summary>
    public bool LatestIsPublished { get; init; }

    public MeasureFigure? Previous { get; init; }

    public TravelDirection Travel { get; init; }

    public required MeasureStatus Status { get; init; }

    public MeasureFigure? England { get; init; }

    public MeasureFigure? Region { get; init; }

    public decimal? NeighbourAverage { get; init; }

    public int NeighboursWithFigures { get; init; }

    public MeasurePeriod? NeighbourPeriod { get; init; }

    public MeasureRank? Rank { get; init; }

    public MeasureCommentary? Commentary { get; init; }

    public IReadOnlyList<LinkedItem> Links { get; init; } = [];

    public string Format(decimal value) => MeasureAssessment.Format(Unit, value);

    /// <summary>A figure in words: "62%", "c (suppressed to protect confidentiality)", or the note.</summary>
    public string Describe(MeasureFigure? figure) => Describe(Unit, figure);

    public static string Describe(MeasureUnit unit, MeasureFigure? figure) => figure switch
    {
        null => "No figure yet",
        { Value: { } v, Symbol: null } => MeasureAssessment.Format(unit, v),
        { Symbol: { } s } => $"{s} ({FigureSymbols.Meaning(s)})",
        { Note: { } n } => n,
        _ => "No figure",
    };
}

/// <summary>What the dashboard lists and can filter by.</summary>
public sealed record MeasureDashboard(IReadOnlyList<MeasureSummary> Measures, IReadOnlyList<string> Themes, IReadOnlyList<(int Id, string Name)> Owners)
{
    public IReadOnlyList<MeasureSummary> OffTrack => [.. Measures.Where(m => m.Status.Kind == MeasureStatusKind.OffTrack)];
}

/// <summary>Which measures to show.</summary>
public sealed record DashboardFilter(int? PlanId = null, string? Theme = null, int? OwnerId = null, MeasureStatusKind? Status = null);

/// <summary>
/// Which figures count: those for periods ending by <see cref="AsAt"/>, as they were recorded at <see cref="KnownAtUtc"/>
/// (a correction made later is not seen). Both empty means everything current.
/// </summary>
public sealed record FiguresAsAt(DateOnly? AsAt = null, DateTime? KnownAtUtc = null)
{
    public static readonly FiguresAsAt Now = new();
}

/// <summary>A measure's page: everything in the dashboard row, plus the history, comparators, charts and commentary.</summary>
public sealed record MeasureDetail(
    Measure Measure,
    MeasureSummary Summary,
    IReadOnlyList<MeasureObservation> Figures,
    IReadOnlyList<MeasureObservation> Replaced,
    IReadOnlyList<ComparatorFigure> Comparators,
    IReadOnlyList<MeasureCommentary> Commentary,
    RenderedChart OwnChart,
    IReadOnlyList<ChartSeries> OwnSeries,
    RenderedChart ComparisonChart,
    IReadOnlyList<ChartSeries> ComparisonSeries,
    IReadOnlyList<(string Code, string Name)> Neighbours);

/// <summary>Works out each measure's latest figure, status, direction of travel and comparison, for the dashboard, measure pages and reports.</summary>
public sealed class MeasureFigures(AppDbContext db)
{
    public async Task<MeasureDashboard> DashboardAsync(int partnershipId, DashboardFilter filter, FiguresAsAt asAt, CancellationToken cancellationToken = default)
    {
        var measures = await MeasuresQuery(partnershipId)
            .Where(m => filter.PlanId == null || m.Links.Any(l => l.PlanItem.PlanId == filter.PlanId))
            .ToListAsync(cancellationToken);
        var summaries = await SummariseAsync(partnershipId, measures, asAt, cancellationToken);
        var themes = summaries.Select(s => s.Theme).OfType<string>().Distinct().Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        var owners = summaries.Where(s => s.OwnerId is not null).Select(s => (s.OwnerId!.Value, s.OwnerName!)).Distinct().OrderBy(o => o.Item2, StringComparer.CurrentCultureIgnoreCase).ToList();
        var shown = summaries
            .Where(s => filter.Theme is null || string.Equals(s.Theme, filter.Theme, StringComparison.OrdinalIgnoreCase))
            .Where(s => filter.OwnerId is null || s.OwnerId == filter.OwnerId)
            .Where(s => filter.Status is null || s.Status.Kind == filter.Status)
            .ToList();
        return new MeasureDashboard(shown, themes, owners);
    }

    /// <summary>The measures linked to any of these items, as at a date, for a report.</summary>
    public async Task<IReadOnlyList<MeasureSummary>> ForItemsAsync(int partnershipId, IReadOnlyCollection<int> itemIds, FiguresAsAt asAt, CancellationToken cancellationToken = default)
    {
        var measures = await MeasuresQuery(partnershipId).Where(m => m.Links.Any(l => itemIds.Contains(l.PlanItemId))).ToListAsync(cancellationToken);
        return await SummariseAsync(partnershipId, measures, asAt, cancellationToken);
    }

    public async Task<MeasureDetail> DetailAsync(Actor actor, int measureId, FiguresAsAt asAt, CancellationToken cancellationToken = default)
    {
        var measure = await MeasuresQuery(null).Include(m => m.Partnership).ThenInclude(p => p.Areas).Include(m => m.Areas).FirstOrDefaultAsync(m => m.Id == measureId, cancellationToken);
        if (measure is null || !PlanAccess.CanRead(actor, measure.PartnershipId))
        {
            throw new NotFoundException("There is no such measure.");
        }

        var context = await ComparisonContextAsync(measure.PartnershipId, cancellationToken);
        var all = await ObservationsQuery([measure.Id], asAt).ToListAsync(cancellationToken);
        var replaced = asAt.KnownAtUtc is null
            ? await db.MeasureObservations.AsNoTracking().Where(o => o.MeasureId == measureId && o.ReplacedAtUtc != null).OrderByDescending(o => o.ReplacedAtUtc).ToListAsync(cancellationToken)
            : [];
        var comparators = measure.ComparatorSeries is null
            ? []
            : await ComparatorsQuery(measure.PartnershipId, [measure.ComparatorSeries], context.Codes, asAt).ToListAsync(cancellationToken);
        var commentary = await CommentaryQuery([measure.Id], asAt).OrderByDescending(c => c.PeriodEnd).ThenByDescending(c => c.WrittenAtUtc).ToListAsync(cancellationToken);
        var summary = Summarise(measure, [.. all.Where(o => o.AreaId is null).Select(o => o.Figure)], comparators, commentary, context);

        var areaNames = measure.Partnership.Areas.ToDictionary(a => a.Id, a => a.Name);
        var ownSeries = new List<ChartSeries>();
        var wholeArea = all.Where(o => o.AreaId is null).OrderBy(o => o.Period).Select(o => new ChartPoint(o.Period, o.Value, o.Symbol)).ToList();
        if (wholeArea.Count > 0)
        {
            ownSeries.Add(new ChartSeries(measure.Partnership.Name, ChartLine.Area, wholeArea));
        }

        foreach (var area in all.Where(o => o.AreaId is not null).GroupBy(o => o.AreaId!.Value).OrderBy(g => areaNames.GetValueOrDefault(g.Key)))
        {
            ownSeries.Add(new ChartSeries(areaNames.GetValueOrDefault(area.Key) ?? "Area", ChartLine.Region, [.. area.OrderBy(o => o.Period).Select(o => new ChartPoint(o.Period, o.Value, o.Symbol))]));
        }

        var target = TargetLine(measure, ownSeries.SelectMany(s => s.Points).Select(p => p.Period).Distinct().Order().ToList());
        if (target is not null && ownSeries.Count > 0)
        {
            ownSeries.Add(target);
        }

        var comparison = ComparisonSeries(measure, comparators, context);
        var unitless = measure.Name;
        return new MeasureDetail(
            measure,
            summary,
            [.. all.OrderByDescending(o => o.PeriodEnd).ThenBy(o => o.AreaId)],
            replaced,
            [.. comparators.OrderByDescending(c => c.Period).ThenBy(c => c.Level).ThenBy(c => c.Name).Select(c => new ComparatorFigure(c.Code, c.Name, c.Level, c.Figure))],
            commentary,
            MeasureChart.Render($"measure-{measure.Id}-own", $"{unitless}: {measure.Partnership.Name}'s figures", measure.Unit, ownSeries),
            ownSeries,
            MeasureChart.Render($"measure-{measure.Id}-comparison", $"{unitless}: compared with England, the region and statistical neighbours", measure.Unit, comparison),
            comparison,
            context.Neighbours);
    }

    private IQueryable<Measure> MeasuresQuery(int? partnershipId) =>
        db.Measures.AsNoTracking()
            .Where(m => partnershipId == null || m.PartnershipId == partnershipId)
            .Include(m => m.Owner)
            .Include(m => m.Trajectory)
            .Include(m => m.Links).ThenInclude(l => l.PlanItem).ThenInclude(i => i.Plan)
            .OrderBy(m => m.Theme == null).ThenBy(m => m.Theme).ThenBy(m => m.Name);

    private IQueryable<MeasureObservation> ObservationsQuery(List<int> measureIds, FiguresAsAt asAt)
    {
        var query = db.MeasureObservations.AsNoTracking().Where(o => measureIds.Contains(o.MeasureId));
        query = asAt.KnownAtUtc is { } known
            ? query.Where(o => o.RecordedAtUtc <= known && (o.ReplacedAtUtc == null || o.ReplacedAtUtc > known))
            : query.Where(o => o.ReplacedAtUtc == null);
        return asAt.AsAt is { } day ? query.Where(o => o.PeriodEnd <= day) : query;
    }

    private IQueryable<ComparatorValue> ComparatorsQuery(int partnershipId, List<string> series, List<string> codes, FiguresAsAt asAt)
    {
        var query = db.ComparatorValues.AsNoTracking().Where(v => v.PartnershipId == partnershipId && series.Contains(v.Series) && codes.Contains(v.Code));
        query = asAt.KnownAtUtc is { } known
            ? query.Where(v => v.RecordedAtUtc <= known && (v.ReplacedAtUtc == null || v.ReplacedAtUtc > known))
            : query.Where(v => v.ReplacedAtUtc == null);
        return asAt.AsAt is { } day ? query.Where(v => v.PeriodEnd <= day) : query;
    }

    private IQueryable<MeasureCommentary> CommentaryQuery(List<int> measureIds, FiguresAsAt asAt)
    {
        var query = db.MeasureCommentaries.AsNoTracking().Where(c => measureIds.Contains(c.MeasureId));
        query = asAt.KnownAtUtc is { } known
            ? query.Where(c => c.WrittenAtUtc <= known && (c.ReplacedAtUtc == null || c.ReplacedAtUtc > known))
            : query.Where(c => c.ReplacedAtUtc == null);
        return asAt.AsAt is { } day ? query.Where(c => c.PeriodEnd <= day) : query;
    }

    private sealed record ComparisonContext(string? RegionCode, List<string> OwnCodes, List<(string Code, string Name)> Neighbours, List<string> Codes);

    private async Task<ComparisonContext> ComparisonContextAsync(int partnershipId, CancellationToken cancellationToken)
    {
        var partnership = await db.Partnerships.AsNoTracking().Include(p => p.Areas).FirstAsync(p => p.Id == partnershipId, cancellationToken);
        var neighbours = await db.StatisticalNeighbours.AsNoTracking().Where(n => n.PartnershipId == partnershipId).OrderBy(n => n.Position).Select(n => new { n.Code, n.Name }).ToListAsync(cancellationToken);
        var own = partnership.Areas.OrderBy(a => a.Position).Select(a => a.CouncilCode).OfType<string>().ToList();
        var codes = new List<string> { MeasureLoader.EnglandCode };
        if (partnership.RegionCode is not null)
        {
            codes.Add(partnership.RegionCode);
        }

        codes.AddRange(own);
        codes.AddRange(neighbours.Select(n => n.Code));
        return new ComparisonContext(partnership.RegionCode, own, [.. neighbours.Select(n => (n.Code, n.Name))], [.. codes.Distinct()]);
    }

    private async Task<List<MeasureSummary>> SummariseAsync(int partnershipId, List<Measure> measures, FiguresAsAt asAt, CancellationToken cancellationToken)
    {
        if (measures.Count == 0)
        {
            return [];
        }

        var context = await ComparisonContextAsync(partnershipId, cancellationToken);
        var ids = measures.Select(m => m.Id).ToList();
        // Only the columns the summaries use; the area is filtered here so that the database reads by measure and period.
        var observations = (await ObservationsQuery(ids, asAt)
                .Select(o => new { o.MeasureId, o.AreaId, o.PeriodType, o.PeriodStart, o.Value, o.Symbol, o.Note })
                .ToListAsync(cancellationToken))
            .Where(o => o.AreaId is null)
            .ToLookup(o => o.MeasureId, o => new MeasureFigure(new MeasurePeriod(o.PeriodType, o.PeriodStart), o.Value, o.Symbol, o.Note));
        var series = measures.Select(m => m.ComparatorSeries).OfType<string>().Distinct().ToList();

        // England's, the region's and the partnership's own councils' figures for every period; the neighbours' only
        // for the period each measure is ranked in (most of the published figures are the neighbours').
        var neighbourCodes = context.Neighbours.Select(n => n.Code).ToList();
        var comparators = series.Count == 0 ? [] : await ReadComparatorsAsync(partnershipId, series, [.. context.Codes.Except(neighbourCodes)], asAt, null, cancellationToken);
        var bySeries = comparators.ToLookup(c => c.Series);
        var rankPeriods = new Dictionary<string, MeasurePeriod>();
        foreach (var m in measures.Where(m => m.ComparatorSeries is not null))
        {
            var published = bySeries[m.ComparatorSeries!].ToList();
            if (RankPeriod(published, context, OwnFigures([.. observations[m.Id]], published, context).Own) is { } period)
            {
                rankPeriods[m.ComparatorSeries!] = period;
            }
        }

        if (rankPeriods.Count > 0 && neighbourCodes.Count > 0)
        {
            var starts = rankPeriods.Values.Select(p => p.Start).Distinct().ToList();
            comparators.AddRange((await ReadComparatorsAsync(partnershipId, [.. rankPeriods.Keys], neighbourCodes, asAt, starts, cancellationToken))
                .Where(c => rankPeriods[c.Series] == c.Period));
            bySeries = comparators.ToLookup(c => c.Series);
        }

        var commentary = (await CommentaryQuery(ids, asAt).ToListAsync(cancellationToken)).ToLookup(c => c.MeasureId);
        return [.. measures.Select(m => Summarise(
            m,
            [.. observations[m.Id]],
            m.ComparatorSeries is null ? [] : [.. bySeries[m.ComparatorSeries]],
            [.. commentary[m.Id]],
            context))];
    }

    /// <summary>Only the columns the summaries use, for these series and places (and period starts, when given).</summary>
    private Task<List<ComparatorValue>> ReadComparatorsAsync(int partnershipId, List<string> series, List<string> codes, FiguresAsAt asAt, List<DateOnly>? starts, CancellationToken cancellationToken) =>
        ComparatorsQuery(partnershipId, series, codes, asAt)
            .Where(v => starts == null || starts.Contains(v.PeriodStart))
            .Select(v => new ComparatorValue { Series = v.Series, Code = v.Code, Name = string.Empty, Level = v.Level, PeriodType = v.PeriodType, PeriodStart = v.PeriodStart, Value = v.Value, Symbol = v.Symbol })
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The area's own figures, latest first: those recorded for the whole partnership or, without any, the figures
    /// published for its first council.
    /// </summary>
    private static (List<MeasureFigure> Own, bool Published) OwnFigures(IReadOnlyList<MeasureFigure> wholeArea, List<ComparatorValue> comparators, ComparisonContext context)
    {
        var own = wholeArea.OrderByDescending(f => f.Period).ToList();
        if (own.Count == 0 && context.OwnCodes.Count > 0)
        {
            own = [.. comparators.Where(c => c.Code == context.OwnCodes[0]).OrderByDescending(c => c.Period).Select(c => c.Figure)];
            return (own, own.Count > 0);
        }

        return (own, false);
    }

    /// <summary>The period the area is ranked in: the latest with a published figure for its first council, or its own latest figure's.</summary>
    private static MeasurePeriod? RankPeriod(List<ComparatorValue> comparators, ComparisonContext context, List<MeasureFigure> own)
    {
        var ownCode = context.OwnCodes.FirstOrDefault();
        var ownPublished = ownCode is null ? null : comparators.Where(c => c.Code == ownCode && c.Value is not null && c.Symbol is null).OrderByDescending(c => c.Period).FirstOrDefault();
        return ownPublished?.Period ?? own.FirstOrDefault(f => f.Value is not null && f.Symbol is null)?.Period;
    }

    private static MeasureSummary Summarise(Measure measure, IReadOnlyList<MeasureFigure> wholeArea, IEnumerable<ComparatorValue> comparatorValues, IReadOnlyList<MeasureCommentary> commentary, ComparisonContext context)
    {
        var comparators = comparatorValues.ToList();
        var (own, published) = OwnFigures(wholeArea, comparators, context);

        var latest = own.FirstOrDefault();
        var previous = own.Skip(1).FirstOrDefault(f => f.Period.Type == latest?.Period.Type);
        var england = comparators.Where(c => c.Code == MeasureLoader.EnglandCode).ToDictionary(c => c.Period, c => c.Figure);
        var rules = measure.Rules;
        var status = MeasureAssessment.Assess(rules, latest, p => england.GetValueOrDefault(p));
        var englandFigure = latest is not null && england.TryGetValue(latest.Period, out var same) ? same : england.Values.OrderByDescending(f => f.Period).FirstOrDefault();
        var region = context.RegionCode is null ? null : comparators.Where(c => c.Code == context.RegionCode).OrderByDescending(c => c.Period).Select(c => c.Figure).FirstOrDefault();
        var (rank, average, withFigures, neighbourPeriod) = Compare(measure, comparators, context, own);
        var note = commentary.OrderByDescending(c => c.PeriodEnd).ThenByDescending(c => c.WrittenAtUtc).FirstOrDefault();
        return new MeasureSummary
        {
            Id = measure.Id,
            Name = measure.Name,
            Code = measure.Code,
            Theme = measure.Theme,
            Unit = measure.Unit,
            Direction = measure.Direction,
            DefinitionStatus = measure.DefinitionStatus,
            OwnerId = measure.OwnerId,
            OwnerName = measure.Owner?.Name,
            TargetText = TargetText(measure),
            Latest = latest,
            LatestIsPublished = published,
            Previous = previous,
            Travel = MeasureAssessment.Travel(rules, latest, previous),
            Status = status,
            England = englandFigure,
            Region = region,
            NeighbourAverage = average,
            NeighboursWithFigures = withFigures,
            NeighbourPeriod = neighbourPeriod,
            Rank = rank,
            Commentary = note,
            Links = [.. measure.Links.OrderBy(l => l.PlanItem.Plan.Name).ThenBy(l => l.PlanItem.RefSortKey)
                .Select(l => new LinkedItem(l.PlanItem.PlanId, l.PlanItem.Plan.Name, l.PlanItemId, l.PlanItem.Depth, PlanService.Label(l.PlanItem.Ref, l.PlanItem.Title)))],
        };
    }

    /// <summary>
    /// The area's rank among itself and its neighbours, and the neighbours' average, for the latest period in which
    /// the area has a published figure (or, without one, its own latest figure's period).
    /// </summary>
    private static (MeasureRank? Rank, decimal? Average, int WithFigures, MeasurePeriod? Period) Compare(Measure measure, List<ComparatorValue> comparators, ComparisonContext context, List<MeasureFigure> own)
    {
        if (context.Neighbours.Count == 0 || comparators.Count == 0)
        {
            return (null, null, 0, null);
        }

        var period = RankPeriod(comparators, context, own);
        if (period is null)
        {
            return (null, null, 0, null);
        }

        var ownCode = context.OwnCodes.FirstOrDefault();
        var ownPublished = comparators.FirstOrDefault(c => c.Code == ownCode && c.Period == period && c.Value is not null && c.Symbol is null);
        var ownValue = ownPublished?.Value ?? own.First(f => f.Period == period && f.Value is not null).Value!.Value;
        var neighbourCodes = context.Neighbours.Select(n => n.Code).ToHashSet();
        var values = comparators.Where(c => neighbourCodes.Contains(c.Code) && c.Period == period && c.Value is not null && c.Symbol is null).Select(c => c.Value!.Value).ToList();
        if (values.Count == 0)
        {
            return (null, null, 0, period);
        }

        var average = Math.Round(values.Average(), 1);
        MeasureRank? rank = measure.Direction switch
        {
            MeasureDirection.HigherIsBetter => new MeasureRank(1 + values.Count(v => v > ownValue), values.Count + 1, period.Value),
            MeasureDirection.LowerIsBetter => new MeasureRank(1 + values.Count(v => v < ownValue), values.Count + 1, period.Value),
            _ => null,
        };
        return (rank, average, values.Count, period);
    }

    /// <summary>The target in words: "75% by April 2022", "at least 85%", "within 15 to 20 weeks".</summary>
    public static string TargetText(Measure measure)
    {
        string F(decimal v) => MeasureAssessment.Format(measure.Unit, v);
        if (measure.Direction == MeasureDirection.WithinBand)
        {
            return measure.BandLow is { } low && measure.BandHigh is { } high ? $"Within {F(low)} to {F(high)}" : "Band not set";
        }

        var better = measure.Direction == MeasureDirection.HigherIsBetter ? "at least" : "at most";
        return measure.TargetKind switch
        {
            TargetKind.Absolute when measure.TargetValue is { } v && measure.TargetBy is { } by => $"{F(v)} by {MeasureAssessment.DescribeBy(by)}",
            TargetKind.Threshold when measure.TargetValue is { } v => $"{char.ToUpperInvariant(better[0])}{better[1..]} {F(v)}",
            TargetKind.RelativeChange when measure.TargetRelativeChangePercent is { } p && measure.TargetBy is { } by =>
                $"{Math.Abs(p).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% {(p < 0 ? "reduction" : "increase")} from the baseline by {MeasureAssessment.DescribeBy(by)}",
            TargetKind.Trajectory when measure.Trajectory.Count > 0 => $"Trajectory to {F(measure.Trajectory.MaxBy(t => t.By)!.Value)} by {MeasureAssessment.DescribeBy(measure.Trajectory.Max(t => t.By))}",
            TargetKind.ParityWithEngland => "At least as good as England",
            _ => "No target set",
        };
    }

    /// <summary>The target as a line over the periods shown: the baseline, each trajectory step and the target, or a flat threshold.</summary>
    private static ChartSeries? TargetLine(Measure measure, List<MeasurePeriod> periods)
    {
        if (periods.Count == 0)
        {
            return null;
        }

        var points = new List<ChartPoint>();
        switch (measure.TargetKind)
        {
            case TargetKind.Threshold when measure.TargetValue is { } threshold:
                points.AddRange(periods.Select(p => new ChartPoint(p, threshold)));
                break;
            case TargetKind.Absolute or TargetKind.Trajectory or TargetKind.RelativeChange:
                foreach (var period in periods)
                {
                    var status = MeasureAssessment.Assess(measure.Rules, new MeasureFigure(period, measure.Direction == MeasureDirection.LowerIsBetter ? decimal.MaxValue / 2 : decimal.MinValue / 2), _ => null);
                    if (status.ComparedWith is { } expected)
                    {
                        points.Add(new ChartPoint(period, expected));
                    }
                }

                break;
        }

        return points.Count == 0 ? null : new ChartSeries("Target", ChartLine.Target, points);
    }

    private static List<ChartSeries> ComparisonSeries(Measure measure, List<ComparatorValue> comparators, ComparisonContext context)
    {
        var result = new List<ChartSeries>();
        void Add(string name, ChartLine line, IEnumerable<ComparatorValue> values)
        {
            var points = values.OrderBy(v => v.Period).Select(v => new ChartPoint(v.Period, v.Value, v.Symbol)).ToList();
            if (points.Count > 0)
            {
                result.Add(new ChartSeries(name, line, points));
            }
        }

        if (context.OwnCodes.Count > 0)
        {
            Add(measure.Partnership.Areas.FirstOrDefault(a => a.CouncilCode == context.OwnCodes[0])?.Name ?? measure.Partnership.Name, ChartLine.Area, comparators.Where(c => c.Code == context.OwnCodes[0]));
        }

        Add("England", ChartLine.England, comparators.Where(c => c.Code == MeasureLoader.EnglandCode));
        if (context.RegionCode is not null)
        {
            Add(MeasureLoader.Regions.GetValueOrDefault(context.RegionCode) ?? "Region", ChartLine.Region, comparators.Where(c => c.Code == context.RegionCode));
        }

        var neighbourCodes = context.Neighbours.Select(n => n.Code).ToHashSet();
        var average = comparators.Where(c => neighbourCodes.Contains(c.Code) && c.Value is not null && c.Symbol is null)
            .GroupBy(c => c.Period).OrderBy(g => g.Key)
            .Select(g => new ChartPoint(g.Key, Math.Round(g.Average(c => c.Value!.Value), 1)))
            .ToList();
        if (average.Count > 0)
        {
            result.Add(new ChartSeries("Statistical neighbours' average", ChartLine.NeighbourAverage, average));
        }

        return result;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// A measure's page: its definition, status beside the owner's own assessment, the two charts (each with its summary
/// in words and the same figures as a table), the figures and corrections, the comparators, linked plan items and
/// the commentary.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
[RequireHandler]
public sealed class ShowModel(AppDbContext db, MeasureFigures figures) : PageModel
{
    public MeasureDetail Detail { get; private set; } = null!;

    public Measure Measure => Detail.Measure;

    public MeasureSummary Summary => Detail.Summary;

    public bool CanManage { get; private set; }

    public bool CanRecord { get; private set; }

    public string PartnershipQuery { get; private set; } = string.Empty;

    /// <summary>The linked plan items, plan by plan.</summary>
    public IReadOnlyList<PlanItemLabel> Links { get; private set; } = [];

    public IReadOnlyList<Correction> Corrections { get; private set; } = [];

    public ChartTable OwnTable { get; private set; } = null!;

    public ChartTable ComparisonTable { get; private set; } = null!;

    public MeasurePeriod? ComparisonPeriod { get; private set; }

    public IReadOnlyList<ComparatorRow> ComparisonRows { get; private set; } = [];

    /// <summary>The DfE symbols that appear anywhere on the page, to explain beneath the charts.</summary>
    public IReadOnlyList<string> SymbolsShown { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var actor = User.ToActor();
        Detail = await figures.DetailAsync(actor, id, FiguresAsAt.Now, HttpContext.RequestAborted);
        CanManage = PlanAccess.CanManage(actor, Measure.PartnershipId);
        CanRecord = MeasureService.CanRecord(actor, Measure);
        PartnershipQuery = actor.IsAdministrator ? $"?partnershipId={Measure.PartnershipId}" : string.Empty;

        var labels = await PlanItemLabels.ForItemsAsync(db, [.. Summary.Links.Select(l => l.ItemId)]);
        Links = [.. Summary.Links.Where(l => labels.ContainsKey(l.ItemId)).Select(l => labels[l.ItemId])];

        var all = Detail.Figures.Concat(Detail.Replaced).ToList();
        Corrections = [.. Detail.Replaced.Select(old => new Correction(
            old,
            all.Where(o => o.Id > old.Id && o.AreaId == old.AreaId && o.PeriodType == old.PeriodType && o.PeriodStart == old.PeriodStart && o.RecordedAtUtc >= old.ReplacedAtUtc)
                .OrderBy(o => o.RecordedAtUtc).ThenBy(o => o.Id).FirstOrDefault()))];

        OwnTable = ChartTable.From(Detail.OwnSeries);
        ComparisonTable = ChartTable.From(Detail.ComparisonSeries);
        BuildComparison();

        SymbolsShown = [.. FigureSymbols.All.Where(s =>
            all.Any(o => o.Symbol == s)
            || Detail.Comparators.Any(c => c.Figure.Symbol == s)
            || Detail.OwnSeries.Concat(Detail.ComparisonSeries).Any(series => series.Points.Any(p => p.Symbol == s)))];
        return Page();
    }

    public string AreaName(int? areaId) =>
        areaId is null ? "Whole partnership" : Measure.Partnership.Areas.FirstOrDefault(a => a.Id == areaId)?.Name ?? "An area no longer in the partnership";

    /// <summary>
    /// The latest published period: England, the region, the partnership's own councils and each statistical
    /// neighbour, with each council's rank among the area and its neighbours (1st is best), as the dashboard ranks.
    /// </summary>
    private void BuildComparison()
    {
        var comparators = Detail.Comparators;
        if (comparators.Count == 0)
        {
            return;
        }

        var ownCodes = Measure.Partnership.Areas.OrderBy(a => a.Position).Select(a => a.CouncilCode).OfType<string>().Distinct().ToList();
        var period = Summary.NeighbourPeriod
            ?? comparators.Where(c => ownCodes.Contains(c.Code)).Select(c => (MeasurePeriod?)c.Figure.Period).Max()
            ?? comparators.Max(c => c.Figure.Period);
        ComparisonPeriod = period;
        ComparatorFigure? Find(string code) => comparators.FirstOrDefault(c => c.Code == code && c.Figure.Period == period);

        var rows = new List<ComparatorRow>();
        if (Find(MeasureLoader.EnglandCode) is { } england)
        {
            rows.Add(new ComparatorRow("England", england.Code, GeographicLevel.National, england.Figure, null, false));
        }

        if (Measure.Partnership.RegionCode is { } regionCode)
        {
            rows.Add(new ComparatorRow(Measure.Partnership.RegionName ?? regionCode, regionCode, GeographicLevel.Regional, Find(regionCode)?.Figure, null, false));
        }

        // Ranked among the partnership's first council and its neighbours, as the dashboard's rank is.
        var ranked = ownCodes.Take(1).Concat(Detail.Neighbours.Select(n => n.Code)).Distinct().ToList();
        string? Rank(string code)
        {
            if (Measure.Direction == MeasureDirection.WithinBand || Number(Find(code)?.Figure) is not { } value)
            {
                return null;
            }

            var others = ranked.Where(c => c != code).Select(c => Number(Find(c)?.Figure)).OfType<decimal>().ToList();
            var better = Measure.Direction == MeasureDirection.HigherIsBetter ? others.Count(v => v > value) : others.Count(v => v < value);
            return MeasureDisplay.Rank(better + 1, others.Count + 1);
        }

        var councils = new List<ComparatorRow>();
        foreach (var code in ownCodes)
        {
            var name = Measure.Partnership.Areas.First(a => a.CouncilCode == code).Name;
            councils.Add(new ComparatorRow(name, code, GeographicLevel.LocalAuthority, Find(code)?.Figure, Rank(code), true));
        }

        foreach (var (code, name) in Detail.Neighbours.Where(n => !ownCodes.Contains(n.Code)))
        {
            councils.Add(new ComparatorRow(name, code, GeographicLevel.LocalAuthority, Find(code)?.Figure, Rank(code), false));
        }

        // Best first where there is an order; councils without a figure last.
        var ordered = Measure.Direction switch
        {
            MeasureDirection.HigherIsBetter => councils.OrderBy(c => Number(c.Figure) is null).ThenByDescending(c => Number(c.Figure)),
            MeasureDirection.LowerIsBetter => councils.OrderBy(c => Number(c.Figure) is null).ThenBy(c => Number(c.Figure)),
            _ => councils.OrderBy(c => !c.IsOwn),
        };
        rows.AddRange(ordered.ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase));
        ComparisonRows = rows;

        static decimal? Number(MeasureFigure? figure) => figure is { Symbol: null, Value: { } v } ? v : null;
    }

    /// <summary>A figure that a correction replaced, and the figure that replaced it (with who, when and why).</summary>
    public sealed record Correction(MeasureObservation Old, MeasureObservation? By);

    /// <summary>One row of the comparators table.</summary>
    public sealed record ComparatorRow(string Name, string Code, GeographicLevel Level, MeasureFigure? Figure, string? Rank, bool IsOwn);
}

/// <summary>A chart's figures as a table: one row per period (oldest first), one column per line of the chart.</summary>
public sealed record ChartTable(IReadOnlyList<ChartSeries> Series, IReadOnlyList<MeasurePeriod> Periods)
{
    public static ChartTable From(IReadOnlyList<ChartSeries> series) =>
        new(series, [.. series.SelectMany(s => s.Points.Select(p => p.Period)).Distinct().Order()]);

    public ChartPoint? Point(ChartSeries series, MeasurePeriod period) => series.Points.FirstOrDefault(p => p.Period == period);
}

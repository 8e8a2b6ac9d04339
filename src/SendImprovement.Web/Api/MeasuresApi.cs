using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Api;

public sealed record PeriodDto(string Type, DateOnly Start, DateOnly End, string Label)
{
    public static PeriodDto From(MeasurePeriod period) => new(period.Type.ToString(), period.Start, period.End, period.Label);
}

/// <summary>A figure: a number, or a DfE symbol with its meaning, or only a note; <c>Text</c> is how the product shows it.</summary>
public sealed record FigureDto(PeriodDto Period, decimal? Value, string? Symbol, string? SymbolMeaning, string? Note, string Text)
{
    public static FigureDto? From(MeasureUnit unit, MeasureFigure? figure) => figure is null
        ? null
        : new(PeriodDto.From(figure.Period), figure.Symbol is null ? figure.Value : null, figure.Symbol, Meaning(figure.Symbol), figure.Note, MeasureSummary.Describe(unit, figure));

    public static string? Meaning(string? symbol) => symbol is not null && FigureSymbols.TryRead(symbol, out var known) ? FigureSymbols.Meaning(known) : null;
}

public sealed record StatusDto(string Kind, string Text, string Explanation, decimal? ComparedWith);

public sealed record RankDto(int Position, int Of, PeriodDto Period);

public sealed record CommentaryDto(PeriodDto Period, string Text, string? Assessment, string WrittenBy, DateTime WrittenAtUtc);

public sealed record MeasureListEntry(
    int Id,
    string Code,
    string Name,
    int PartnershipId,
    string Partnership,
    string? Theme,
    string Unit,
    string Direction,
    string DefinitionStatus,
    string? Owner,
    string TargetText,
    FigureDto? Latest,
    bool LatestIsPublished,
    FigureDto? Previous,
    string Travel,
    StatusDto Status,
    FigureDto? England,
    FigureDto? Region,
    decimal? NeighbourAverage,
    int NeighboursWithFigures,
    RankDto? Rank,
    CommentaryDto? Commentary);

public sealed record TrajectoryStepDto(DateOnly By, decimal Value);

public sealed record TargetDto(string Kind, decimal? Value, DateOnly? By, decimal? RelativeChangePercent, IReadOnlyList<TrajectoryStepDto> Trajectory, string Text);

public sealed record BaselineDto(decimal? Value, PeriodDto? Period, string? Note);

public sealed record LinkedItemDto(int PlanId, string PlanName, int ItemId, string Label);

public sealed record MeasureDocument(
    MeasureListEntry Summary,
    string? Definition,
    string? Numerator,
    string? Denominator,
    string Frequency,
    string? Source,
    decimal? BandLow,
    decimal? BandHigh,
    BaselineDto Baseline,
    TargetDto Target,
    string? ComparatorSeries,
    IReadOnlyList<string> Areas,
    IReadOnlyList<LinkedItemDto> LinkedItems);

public sealed record ObservationDto(
    long Id,
    int MeasureId,
    string MeasureCode,
    int PartnershipId,
    int? AreaId,
    string? Area,
    PeriodDto Period,
    decimal? Value,
    string? Symbol,
    string? SymbolMeaning,
    string? Note,
    DateTime RecordedAtUtc,
    string RecordedBy,
    string? Reason,
    long? LoadId,
    DateTime? ReplacedAtUtc);

public sealed record ComparatorDto(
    long Id,
    int PartnershipId,
    string Series,
    string Level,
    string Code,
    string Name,
    PeriodDto Period,
    decimal? Value,
    string? Symbol,
    string? SymbolMeaning,
    DateTime RecordedAtUtc,
    long? LoadId);

public sealed record PageOf<T>(int Page, int PageSize, int Total, int Pages, IReadOnlyList<T> Items);

/// <summary>
/// The measures read API for BI tools, with the same personal tokens as the plans API: the library with each
/// measure's latest figure and status, one measure, its figures, all current figures (paged) and the published
/// comparators (paged), each as JSON or, with <c>?format=csv</c> or an Accept of text/csv, as CSV written by
/// <see cref="MeasureExport"/> (the whole set, streamed). A measure outside the token owner's partnership is "not
/// found", exactly like one that does not exist.
/// </summary>
public static class MeasuresApi
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapMeasuresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/measures").RequireAuthorization(Policies.ApiRead);
        api.MapGet(string.Empty, ListAsync).WithName("ListMeasures");
        api.MapGet("/{id:int}", GetAsync).WithName("GetMeasure");
        api.MapGet("/{id:int}/observations", MeasureObservationsAsync).WithName("GetMeasureObservations");
        api.MapGet("/observations", ObservationsAsync).WithName("ListObservations");
        api.MapGet("/comparators", ComparatorsAsync).WithName("ListComparators");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, AppDbContext db, MeasureFigures figures, string? format, string? partnershipId, CancellationToken cancellationToken)
    {
        if (Format(context, format) is not { } csv)
        {
            return BadFormat();
        }

        var (partnerships, problem) = await PartnershipsAsync(context, db, partnershipId, csv, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (csv)
        {
            return Csv(context, db, partnerships.Single(), MeasureExportKind.Library, MeasureExportFilter.All);
        }

        var entries = new List<MeasureListEntry>();
        foreach (var (id, name) in partnerships)
        {
            var dashboard = await figures.DashboardAsync(id, new DashboardFilter(), FiguresAsAt.Now, cancellationToken);
            entries.AddRange(dashboard.Measures.Select(s => Entry(s, id, name)));
        }

        return Results.Ok(entries);
    }

    private static async Task<IResult> GetAsync(int id, HttpContext context, AppDbContext db, MeasureFigures figures, string? format, CancellationToken cancellationToken)
    {
        if (Format(context, format) is not { } csv)
        {
            return BadFormat();
        }

        var measure = await db.Measures.AsNoTracking()
            .Include(m => m.Partnership)
            .Include(m => m.Areas)
            .Include(m => m.Trajectory)
            .AsSplitQuery()
            .FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (measure is null || !PlanAccess.CanRead(context.User.ToActor(), measure.PartnershipId))
        {
            return MeasureNotFound(id);
        }

        if (csv)
        {
            return Csv(context, db, (measure.PartnershipId, measure.Partnership.Name), MeasureExportKind.Library, new MeasureExportFilter(MeasureId: id));
        }

        var dashboard = await figures.DashboardAsync(measure.PartnershipId, new DashboardFilter(), FiguresAsAt.Now, cancellationToken);
        var summary = dashboard.Measures.First(s => s.Id == id);
        return Results.Ok(new MeasureDocument(
            Entry(summary, measure.PartnershipId, measure.Partnership.Name),
            measure.Definition,
            measure.Numerator,
            measure.Denominator,
            measure.Frequency.ToString(),
            measure.Source,
            measure.BandLow,
            measure.BandHigh,
            new BaselineDto(measure.BaselineValue, measure.BaselinePeriod is { } baseline ? PeriodDto.From(baseline) : null, measure.BaselineNote),
            new TargetDto(
                measure.TargetKind.ToString(),
                measure.TargetValue,
                measure.TargetBy,
                measure.TargetRelativeChangePercent,
                [.. measure.Trajectory.OrderBy(t => t.By).Select(t => new TrajectoryStepDto(t.By, t.Value))],
                summary.TargetText),
            measure.ComparatorSeries,
            [.. measure.Areas.OrderBy(a => a.Position).Select(a => a.Name)],
            [.. summary.Links.Select(l => new LinkedItemDto(l.PlanId, l.PlanName, l.ItemId, l.Label))]));
    }

    private static async Task<IResult> MeasureObservationsAsync(int id, HttpContext context, AppDbContext db, string? format, string? history, CancellationToken cancellationToken)
    {
        if (Format(context, format) is not { } csv)
        {
            return BadFormat();
        }

        var measure = await db.Measures.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new { m.Id, m.Code, m.PartnershipId, Partnership = m.Partnership.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (measure is null || !PlanAccess.CanRead(context.User.ToActor(), measure.PartnershipId))
        {
            return MeasureNotFound(id);
        }

        if (csv)
        {
            return Csv(context, db, (measure.PartnershipId, measure.Partnership), MeasureExportKind.Figures, new MeasureExportFilter(MeasureId: id));
        }

        bool includeReplaced;
        switch (history?.Trim().ToLowerInvariant())
        {
            case null or "" or "false":
                includeReplaced = false;
                break;
            case "true":
                includeReplaced = true;
                break;
            default:
                return BadRequest("history must be true or false.");
        }

        var areas = await AreaNamesAsync(db, [measure.PartnershipId], cancellationToken);
        var observations = await db.MeasureObservations.AsNoTracking()
            .Where(o => o.MeasureId == id && (includeReplaced || o.ReplacedAtUtc == null))
            .OrderBy(o => o.PeriodStart).ThenBy(o => o.PeriodType).ThenBy(o => o.AreaId).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);
        return Results.Ok(observations.Select(o => Observation(o, measure.Code, measure.PartnershipId, areas)).ToList());
    }

    private static async Task<IResult> ObservationsAsync(HttpContext context, AppDbContext db, string? format, string? partnershipId, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (Format(context, format) is not { } csv)
        {
            return BadFormat();
        }

        var (partnerships, problem) = await PartnershipsAsync(context, db, partnershipId, csv, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (csv)
        {
            return Csv(context, db, partnerships.Single(), MeasureExportKind.Figures, MeasureExportFilter.All);
        }

        if (Paging(page, pageSize) is not { } paging)
        {
            return BadPaging();
        }

        var ids = partnerships.Select(p => p.Id).ToList();
        var measures = await db.Measures.AsNoTracking().Where(m => ids.Contains(m.PartnershipId))
            .Select(m => new { m.Id, m.Code, m.PartnershipId }).ToDictionaryAsync(m => m.Id, cancellationToken);
        var measureIds = measures.Keys.ToList();
        var areas = await AreaNamesAsync(db, ids, cancellationToken);
        var query = db.MeasureObservations.AsNoTracking().Where(o => measureIds.Contains(o.MeasureId) && o.ReplacedAtUtc == null);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(o => o.Id).Skip((paging.Page - 1) * paging.Size).Take(paging.Size).ToListAsync(cancellationToken);
        var items = rows.Select(o => Observation(o, measures[o.MeasureId].Code, measures[o.MeasureId].PartnershipId, areas)).ToList();
        return Results.Ok(new PageOf<ObservationDto>(paging.Page, paging.Size, total, Pages(total, paging.Size), items));
    }

    private static async Task<IResult> ComparatorsAsync(
        HttpContext context, AppDbContext db, string? format, string? partnershipId, string? series, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (Format(context, format) is not { } csv)
        {
            return BadFormat();
        }

        var (partnerships, problem) = await PartnershipsAsync(context, db, partnershipId, csv, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // PostgreSQL cannot compare text holding U+0000, and no series name holds one.
        if (series?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return BadRequest("series must not contain a null character.");
        }

        var chosen = string.IsNullOrEmpty(series) ? null : series;
        if (csv)
        {
            return Csv(context, db, partnerships.Single(), MeasureExportKind.Comparators, new MeasureExportFilter(Series: chosen));
        }

        if (Paging(page, pageSize) is not { } paging)
        {
            return BadPaging();
        }

        var ids = partnerships.Select(p => p.Id).ToList();
        var query = db.ComparatorValues.AsNoTracking().Where(v => ids.Contains(v.PartnershipId) && v.ReplacedAtUtc == null && (chosen == null || v.Series == chosen));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(v => v.Id).Skip((paging.Page - 1) * paging.Size).Take(paging.Size).ToListAsync(cancellationToken);
        var items = rows.Select(v => new ComparatorDto(
            v.Id,
            v.PartnershipId,
            v.Series,
            MeasureExport.LevelText(v.Level),
            v.Code,
            v.Name,
            PeriodDto.From(v.Period),
            v.Symbol is null ? v.Value : null,
            v.Symbol,
            FigureDto.Meaning(v.Symbol),
            v.RecordedAtUtc,
            v.LoadId)).ToList();
        return Results.Ok(new PageOf<ComparatorDto>(paging.Page, paging.Size, total, Pages(total, paging.Size), items));
    }

    private static MeasureListEntry Entry(MeasureSummary s, int partnershipId, string partnership) => new(
        s.Id,
        s.Code,
        s.Name,
        partnershipId,
        partnership,
        s.Theme,
        s.Unit.ToString(),
        s.Direction.ToString(),
        s.DefinitionStatus.ToString(),
        s.OwnerName,
        s.TargetText,
        FigureDto.From(s.Unit, s.Latest),
        s.LatestIsPublished,
        FigureDto.From(s.Unit, s.Previous),
        s.Travel.ToString(),
        new StatusDto(s.Status.Kind.ToString(), MeasureExport.StatusText(s.Status.Kind), s.Status.Explanation, s.Status.ComparedWith),
        FigureDto.From(s.Unit, s.England),
        FigureDto.From(s.Unit, s.Region),
        s.NeighbourAverage,
        s.NeighboursWithFigures,
        s.Rank is { } rank ? new RankDto(rank.Position, rank.Of, PeriodDto.From(rank.Period)) : null,
        s.Commentary is { } c ? new CommentaryDto(PeriodDto.From(c.Period), c.Text, c.Assessment?.ToString(), c.WrittenByName, c.WrittenAtUtc) : null);

    private static ObservationDto Observation(MeasureObservation o, string code, int partnershipId, Dictionary<int, string> areas) => new(
        o.Id,
        o.MeasureId,
        code,
        partnershipId,
        o.AreaId,
        o.AreaId is { } areaId ? areas.GetValueOrDefault(areaId) : null,
        PeriodDto.From(o.Period),
        o.Symbol is null ? o.Value : null,
        o.Symbol,
        FigureDto.Meaning(o.Symbol),
        o.Note,
        o.RecordedAtUtc,
        o.RecordedByName,
        o.Reason,
        o.LoadId,
        o.ReplacedAtUtc);

    private static Task<Dictionary<int, string>> AreaNamesAsync(AppDbContext db, List<int> partnershipIds, CancellationToken cancellationToken) =>
        db.Areas.AsNoTracking().Where(a => partnershipIds.Contains(a.PartnershipId)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);

    /// <summary>
    /// The partnerships a request covers: the one named by <c>?partnershipId=</c> (not found unless the token can read
    /// it), else the token owner's, or for an administrator every partnership. A CSV file is one partnership's.
    /// </summary>
    private static async Task<(List<(int Id, string Name)> Partnerships, IResult? Problem)> PartnershipsAsync(
        HttpContext context, AppDbContext db, string? partnershipText, bool single, CancellationToken cancellationToken)
    {
        var actor = context.User.ToActor();
        List<(int Id, string Name)> found;
        if (!string.IsNullOrEmpty(partnershipText))
        {
            if (!int.TryParse(partnershipText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return ([], BadRequest("partnershipId must be a whole number."));
            }

            var name = PlanAccess.CanRead(actor, id)
                ? await db.Partnerships.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken)
                : null;
            if (name is null)
            {
                return ([], Results.Problem(title: "Partnership not found", detail: $"There is no partnership {id} that this token can read.", statusCode: StatusCodes.Status404NotFound));
            }

            found = [(id, name)];
        }
        else
        {
            found = (await db.Partnerships.AsNoTracking()
                    .Where(p => actor.IsAdministrator || p.Id == actor.PartnershipId)
                    .OrderBy(p => p.Name)
                    .Select(p => new { p.Id, p.Name })
                    .ToListAsync(cancellationToken))
                .Select(p => (p.Id, p.Name)).ToList();
        }

        if (single && found.Count != 1)
        {
            return ([], found.Count == 0
                ? Results.Problem(title: "Partnership not found", detail: "This token's account belongs to no partnership.", statusCode: StatusCodes.Status404NotFound)
                : BadRequest("A CSV file holds one partnership's figures, and this token can read several: choose one with ?partnershipId=."));
        }

        return (found, null);
    }

    private static IResult Csv(HttpContext context, AppDbContext db, (int Id, string Name) partnership, MeasureExportKind kind, MeasureExportFilter filter)
    {
        var actor = context.User.ToActor();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        return Results.Stream(
            stream => new MeasureExport(db).WriteAsync(actor, partnership.Id, kind, filter, stream, context.RequestAborted),
            MeasureExport.CsvContentType,
            MeasureExport.FileName(partnership.Name, kind, UkClock.Today(clock)));
    }

    /// <summary>True for CSV, false for JSON, none for a format the API does not have. An Accept of text/csv asks for CSV.</summary>
    private static bool? Format(HttpContext context, string? format)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case "csv":
                return true;
            case "json":
                return false;
            case null or "":
                var accept = context.Request.GetTypedHeaders().Accept;
                return accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
                    && !accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
            default:
                return null;
        }
    }

    private sealed record PageRequest(int Page, int Size);

    private static PageRequest? Paging(string? page, string? pageSize)
    {
        var number = 1;
        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            return null;
        }

        // Far beyond the last page is simply empty, but must not overflow the offset.
        return number > int.MaxValue / MaxPageSize ? null : new PageRequest(number, size);
    }

    private static int Pages(int total, int size) => Math.Max(1, (total + size - 1) / size);

    private static IResult MeasureNotFound(int id) =>
        Results.Problem(title: "Measure not found", detail: $"There is no measure {id} that this token can read.", statusCode: StatusCodes.Status404NotFound);

    private static IResult BadFormat() => BadRequest("format must be json or csv.");

    private static IResult BadPaging() =>
        BadRequest($"page must be a whole number from 1, and pageSize a whole number from 1 to {MaxPageSize.ToString(CultureInfo.InvariantCulture)}.");

    private static IResult BadRequest(string detail) => Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}

using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Measures;

/// <summary>What a measures export holds.</summary>
public enum MeasureExportKind
{
    /// <summary>The current figures in the simple layout (measure, area, period, value, note), which loads back unchanged.</summary>
    Figures,

    /// <summary>The measure library: one row per measure with its definition, target, latest figure and status.</summary>
    Library,

    /// <summary>The published figures for England, regions and councils: series, level, code, name, period, value, symbol.</summary>
    Comparators,
}

/// <summary>Which rows to export: one measure's (figures, library) or one series' (comparators).</summary>
public sealed record MeasureExportFilter(int? MeasureId = null, string? Series = null)
{
    public static readonly MeasureExportFilter All = new();
}

/// <summary>
/// Writes a partnership's measures as CSV for spreadsheets and BI tools: UTF-8 with a byte order mark (so Excel reads
/// it as UTF-8), RFC 4180 quoting, CRLF row endings, and text that a spreadsheet would run as a formula neutralised
/// with a leading apostrophe (as the plan export does). Rows are streamed from the database to the output, so a file
/// of a million figures never sits in memory.
/// </summary>
/// <remarks>
/// The figures come out in the simple layout that <see cref="MeasureLoader"/> reads: measure code, area (blank for the
/// whole partnership, else the area's name; England, a region's code or a council's code for a published figure), the
/// period's <see cref="MeasurePeriod.Label"/> (never its key: "2011-12" could be a month or a financial year) and the
/// value as an invariant number or a DfE symbol. Loading the file back into the same partnership changes nothing.
/// Two kinds of published figure cannot be written in that layout and are left out (the comparators export has them):
/// a series no measure takes its comparators from, and a figure for one of the partnership's own councils, whose code
/// the loader reads as that area's own figure.
/// </remarks>
public sealed class MeasureExport(AppDbContext db)
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> FigureColumns = ["measure", "area", "period", "value", "note"];

    public static readonly IReadOnlyList<string> ComparatorColumns = ["series", "level", "code", "name", "period", "value", "symbol"];

    public static readonly IReadOnlyList<string> LibraryColumns =
    [
        "code", "name", "theme", "definition", "numerator", "denominator", "unit", "direction", "band low", "band high", "frequency",
        "source", "owner", "definition status", "baseline", "baseline period", "baseline note", "target kind", "target value",
        "target by", "target change percent", "trajectory", "target", "comparator series", "areas", "latest period", "latest value",
        "latest note", "status", "status explanation",
    ];

    /// <summary>"figures", "library" or "comparators" in any case; none for anything else.</summary>
    public static MeasureExportKind? ParseKind(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "figures" => MeasureExportKind.Figures,
            "library" => MeasureExportKind.Library,
            "comparators" => MeasureExportKind.Comparators,
            _ => null,
        };

    /// <summary>A file name such as "Northby-measure-figures-2026-06-15.csv".</summary>
    public static string FileName(string partnershipName, MeasureExportKind kind, DateOnly today) =>
        $"{PlanExport.FileStem(partnershipName)}-measure-{kind.ToString().ToLowerInvariant()}-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";

    /// <summary>The level as the DfE's files write it: national, regional or local authority.</summary>
    public static string LevelText(GeographicLevel level) => level switch
    {
        GeographicLevel.National => "national",
        GeographicLevel.Regional => "regional",
        _ => "local authority",
    };

    /// <summary>A number as the export writes it: invariant, every digit kept, so it reads back as the same value.</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the export to <paramref name="output"/>; not found for a partnership the actor cannot read.</summary>
    public async Task WriteAsync(Actor actor, int partnershipId, MeasureExportKind kind, MeasureExportFilter filter, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(output);
        if (!PlanAccess.CanRead(actor, partnershipId) || !await db.Partnerships.AnyAsync(p => p.Id == partnershipId, cancellationToken))
        {
            throw new NotFoundException("There is no such partnership.");
        }

        await using var csv = new CsvOut(output);
        switch (kind)
        {
            case MeasureExportKind.Figures:
                await WriteFiguresAsync(partnershipId, filter, csv, cancellationToken);
                break;
            case MeasureExportKind.Library:
                await WriteLibraryAsync(partnershipId, filter, csv, cancellationToken);
                break;
            default:
                await WriteComparatorsAsync(partnershipId, filter, csv, cancellationToken);
                break;
        }

        await csv.FlushAsync(cancellationToken);
    }

    private async Task WriteFiguresAsync(int partnershipId, MeasureExportFilter filter, CsvOut csv, CancellationToken cancellationToken)
    {
        await csv.RowAsync(FigureColumns, cancellationToken);
        var measures = await db.Measures.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId)
            .Select(m => new { m.Id, m.Code, m.ComparatorSeries })
            .ToListAsync(cancellationToken);
        var codes = measures.ToDictionary(m => m.Id, m => m.Code);
        var areas = await db.Areas.AsNoTracking().Where(a => a.PartnershipId == partnershipId)
            .Select(a => new { a.Id, a.Name, a.CouncilCode }).ToListAsync(cancellationToken);
        var areaNames = areas.ToDictionary(a => a.Id, a => a.Name);
        var measureIds = measures.Where(m => filter.MeasureId is null || m.Id == filter.MeasureId).Select(m => m.Id).ToList();

        var observations = db.MeasureObservations.AsNoTracking()
            .Where(o => measureIds.Contains(o.MeasureId) && o.ReplacedAtUtc == null)
            .OrderBy(o => o.MeasureId).ThenBy(o => o.AreaId != null).ThenBy(o => o.AreaId).ThenBy(o => o.PeriodStart).ThenBy(o => o.PeriodType).ThenBy(o => o.Id)
            .Select(o => new { o.MeasureId, o.AreaId, o.PeriodType, o.PeriodStart, o.Value, o.Symbol, o.Note })
            .AsAsyncEnumerable();
        await foreach (var o in observations.WithCancellation(cancellationToken))
        {
            await csv.RowAsync(
                [
                    Text(codes[o.MeasureId]),
                    Text(o.AreaId is { } areaId ? areaNames.GetValueOrDefault(areaId) ?? string.Empty : string.Empty),
                    Text(new MeasurePeriod(o.PeriodType, o.PeriodStart).Label),
                    FigureCell(o.Value, o.Symbol),
                    Text(o.Note ?? string.Empty),
                ],
                cancellationToken);
        }

        // A simple file's comparator row is for the series its measure takes comparators from (or the measure's code),
        // so each series is written under the first measure (by code) that names it.
        var measureBySeries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in measures.Where(m => measureIds.Contains(m.Id)).OrderBy(m => m.Code, StringComparer.Ordinal))
        {
            measureBySeries.TryAdd(m.ComparatorSeries ?? m.Code, m.Code);
        }

        if (measureBySeries.Count == 0)
        {
            return;
        }

        var series = measureBySeries.Keys.ToList();
        var ownCouncils = areas.Select(a => a.CouncilCode).OfType<string>().Select(c => c.ToUpperInvariant()).ToList();
        var comparators = db.ComparatorValues.AsNoTracking()
            .Where(v => v.PartnershipId == partnershipId && v.ReplacedAtUtc == null && series.Contains(v.Series) && !ownCouncils.Contains(v.Code))
            .OrderBy(v => v.Series).ThenBy(v => v.Level).ThenBy(v => v.Code).ThenBy(v => v.PeriodStart).ThenBy(v => v.PeriodType).ThenBy(v => v.Id)
            .Select(v => new { v.Series, v.Level, v.Code, v.PeriodType, v.PeriodStart, v.Value, v.Symbol })
            .AsAsyncEnumerable();
        await foreach (var v in comparators.WithCancellation(cancellationToken))
        {
            await csv.RowAsync(
                [
                    Text(measureBySeries[v.Series]),
                    Text(v.Level == GeographicLevel.National ? "England" : v.Code),
                    Text(new MeasurePeriod(v.PeriodType, v.PeriodStart).Label),
                    FigureCell(v.Value, v.Symbol),
                    string.Empty,
                ],
                cancellationToken);
        }
    }

    private async Task WriteComparatorsAsync(int partnershipId, MeasureExportFilter filter, CsvOut csv, CancellationToken cancellationToken)
    {
        await csv.RowAsync(ComparatorColumns, cancellationToken);
        var series = filter.Series;
        var values = db.ComparatorValues.AsNoTracking()
            .Where(v => v.PartnershipId == partnershipId && v.ReplacedAtUtc == null && (series == null || v.Series == series))
            .OrderBy(v => v.Series).ThenBy(v => v.Level).ThenBy(v => v.Code).ThenBy(v => v.PeriodStart).ThenBy(v => v.PeriodType).ThenBy(v => v.Id)
            .Select(v => new { v.Series, v.Level, v.Code, v.Name, v.PeriodType, v.PeriodStart, v.Value, v.Symbol })
            .AsAsyncEnumerable();
        await foreach (var v in values.WithCancellation(cancellationToken))
        {
            await csv.RowAsync(
                [
                    Text(v.Series),
                    LevelText(v.Level),
                    Text(v.Code),
                    Text(v.Name),
                    Text(new MeasurePeriod(v.PeriodType, v.PeriodStart).Label),
                    v.Symbol is null && v.Value is { } value ? Number(value) : string.Empty,
                    Text(v.Symbol ?? string.Empty),
                ],
                cancellationToken);
        }
    }

    private async Task WriteLibraryAsync(int partnershipId, MeasureExportFilter filter, CsvOut csv, CancellationToken cancellationToken)
    {
        await csv.RowAsync(LibraryColumns, cancellationToken);
        var measures = await db.Measures.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId && (filter.MeasureId == null || m.Id == filter.MeasureId))
            .Include(m => m.Owner)
            .Include(m => m.Areas)
            .Include(m => m.Trajectory)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var summaries = (await new MeasureFigures(db).DashboardAsync(partnershipId, new DashboardFilter(), FiguresAsAt.Now, cancellationToken))
            .Measures.ToDictionary(s => s.Id);
        foreach (var m in measures.OrderBy(m => m.Theme == null).ThenBy(m => m.Theme, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase))
        {
            var summary = summaries.GetValueOrDefault(m.Id);
            var latest = summary?.Latest;
            await csv.RowAsync(
                [
                    Text(m.Code),
                    Text(m.Name),
                    Text(m.Theme ?? string.Empty),
                    Text(m.Definition ?? string.Empty),
                    Text(m.Numerator ?? string.Empty),
                    Text(m.Denominator ?? string.Empty),
                    m.Unit.ToString(),
                    m.Direction.ToString(),
                    Optional(m.BandLow),
                    Optional(m.BandHigh),
                    m.Frequency.ToString(),
                    Text(m.Source ?? string.Empty),
                    Text(m.Owner?.Name ?? string.Empty),
                    m.DefinitionStatus.ToString(),
                    Optional(m.BaselineValue),
                    Text(m.BaselinePeriod?.Label ?? string.Empty),
                    Text(m.BaselineNote ?? string.Empty),
                    m.TargetKind.ToString(),
                    Optional(m.TargetValue),
                    m.TargetBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                    Optional(m.TargetRelativeChangePercent),
                    Text(string.Join("; ", m.Trajectory.OrderBy(t => t.By).Select(t => $"{t.By.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {Number(t.Value)}"))),
                    Text(summary?.TargetText ?? MeasureFigures.TargetText(m)),
                    Text(m.ComparatorSeries ?? string.Empty),
                    Text(string.Join("; ", m.Areas.OrderBy(a => a.Position).Select(a => a.Name))),
                    Text(latest?.Period.Label ?? string.Empty),
                    latest is null ? string.Empty : FigureCell(latest.Value, latest.Symbol),
                    Text(latest?.Note ?? string.Empty),
                    summary is null ? string.Empty : StatusText(summary.Status.Kind),
                    Text(summary?.Status.Explanation ?? string.Empty),
                ],
                cancellationToken);
        }
    }

    /// <summary>"On track", "Off track" or "Not assessed".</summary>
    public static string StatusText(MeasureStatusKind kind) => kind switch
    {
        MeasureStatusKind.OnTrack => "On track",
        MeasureStatusKind.OffTrack => "Off track",
        _ => "Not assessed",
    };

    /// <summary>A figure's cell: its DfE symbol, else its number. Numbers are the export's own, never formulas, so they are not neutralised.</summary>
    private static string FigureCell(decimal? value, string? symbol) =>
        symbol is not null ? Text(symbol) : value is { } v ? Number(v) : string.Empty;

    private static string Optional(decimal? value) => value is { } v ? Number(v) : string.Empty;

    /// <summary>Text from people or files: made inert for spreadsheets.</summary>
    private static string Text(string text) => ExcelReport.Neutralise(text);

    /// <summary>Writes RFC 4180 rows to a stream: a byte order mark first, fields quoted where needed, CRLF after each row.</summary>
    private sealed class CsvOut : IAsyncDisposable
    {
        private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
        private readonly Stream _output;
        private readonly StreamWriter _writer;
        private readonly StringBuilder _row = new();
        private bool _started;

        public CsvOut(Stream output)
        {
            _output = output;
            _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        }

        public async Task RowAsync(IReadOnlyList<string> cells, CancellationToken cancellationToken)
        {
            if (!_started)
            {
                _started = true;
                await _output.WriteAsync(Bom, cancellationToken);
            }

            _row.Clear();
            for (var c = 0; c < cells.Count; c++)
            {
                if (c > 0)
                {
                    _row.Append(',');
                }

                var cell = cells[c];
                if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                {
                    _row.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    _row.Append(cell);
                }
            }

            _row.Append("\r\n");
            await _writer.WriteAsync(_row, cancellationToken);
        }

        public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

        public ValueTask DisposeAsync() => _writer.DisposeAsync();
    }
}

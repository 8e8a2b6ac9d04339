using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SendImprovement.Core.Data;
using SQLitePCL;

namespace SendImprovement.Core.Measures;

/// <summary>One indicator of a DfE file to load, and the measure it compares with (if any).</summary>
public sealed record SeriesChoice(string Series, int? MeasureId);

/// <summary>What the user chose for a file of figures.</summary>
public sealed record MeasureLoadChoices
{
    /// <summary>Load the valid rows and leave out the others (otherwise nothing is written while any row has a problem).</summary>
    public bool LoadValidRows { get; init; }

    /// <summary>DfE files: the filter columns found in the file, which qualify each indicator.</summary>
    public IReadOnlyList<string> FilterColumns { get; init; } = [];

    /// <summary>DfE files: the indicators to load. None chosen means none are loaded.</summary>
    public IReadOnlyList<SeriesChoice> Series { get; init; } = [];
}

/// <summary>A problem with one row (or the file, as row 0), for the person who made the file.</summary>
public sealed record RowProblem(int Row, string Message);

/// <summary>What a load did, or would do.</summary>
public sealed record LoadOutcome(
    int RowsRead,
    int FiguresRead,
    IReadOnlyList<RowProblem> Problems,
    int ProblemCount,
    int RowsWithProblems,
    int Added,
    int Corrected,
    int Unchanged,
    int Skipped,
    int Suppressed,
    IReadOnlyList<string> Notes)
{
    public bool HasProblems => ProblemCount > 0;

    /// <summary>The file as a whole could not be read (a missing column, not the right layout): no row can be loaded.</summary>
    public bool HasFileProblem => Problems.Any(p => p.Row == 0);
}

/// <summary>The partnership's measures, areas and comparators, which a file's rows are matched against.</summary>
public sealed class MeasureLoadContext
{
    public required int PartnershipId { get; init; }

    public required string PartnershipName { get; init; }

    public required IReadOnlyList<Measure> Measures { get; init; }

    public required IReadOnlyList<Partnerships.Area> Areas { get; init; }

    public string? RegionCode { get; init; }

    public string? RegionName { get; init; }

    /// <summary>Councils the partnership knows: its statistical neighbours, its own councils and those in loaded files.</summary>
    public required IReadOnlyDictionary<string, string> Councils { get; init; }

    public static async Task<MeasureLoadContext> LoadAsync(AppDbContext db, int partnershipId, CancellationToken cancellationToken)
    {
        var partnership = await db.Partnerships.AsNoTracking().Include(p => p.Areas).FirstOrDefaultAsync(p => p.Id == partnershipId, cancellationToken)
            ?? throw new NotFoundException("There is no such partnership.");
        var measures = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == partnershipId).ToListAsync(cancellationToken);
        var councils = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in await db.StatisticalNeighbours.AsNoTracking().Where(n => n.PartnershipId == partnershipId).ToListAsync(cancellationToken))
        {
            councils[n.Code] = n.Name;
        }

        foreach (var c in await db.ComparatorValues.AsNoTracking()
                     .Where(v => v.PartnershipId == partnershipId && v.Level == GeographicLevel.LocalAuthority)
                     .Select(v => new { v.Code, v.Name }).Distinct().ToListAsync(cancellationToken))
        {
            councils.TryAdd(c.Code, c.Name);
        }

        foreach (var area in partnership.Areas.Where(a => a.CouncilCode is not null))
        {
            councils.TryAdd(area.CouncilCode!, area.Name);
        }

        return new MeasureLoadContext
        {
            PartnershipId = partnershipId,
            PartnershipName = partnership.Name,
            Measures = measures,
            Areas = [.. partnership.Areas.OrderBy(a => a.Position)],
            RegionCode = partnership.RegionCode,
            RegionName = partnership.RegionName,
            Councils = councils,
        };
    }
}

/// <summary>
/// Loads a file of figures: every row is checked, the valid ones are staged in a temporary table, and only then
/// (when the file is valid, or the user chose to load the valid rows) written: a figure already recorded with the
/// same value is left alone, a different value replaces it (the old one is kept, marked replaced), a new one is
/// added. Everything happens in one transaction; a dry run rolls it back, so the preview's counts are exact.
/// The file is streamed and the work is done by the database, so memory does not grow with the file.
/// </summary>
public sealed partial class MeasureLoader(AppDbContext db)
{
    public const int MaxProblemsKept = 500;

    /// <summary>A statement over a whole file of a million rows takes seconds; the default of 30 s is too tight on a busy server.</summary>
    private const int CommandTimeoutSeconds = 600;

    private static readonly HashSet<string> EesGeographyColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name",
        "old_la_code", "new_la_code", "la_name",
    };

    /// <summary>The nine English regions as the DfE's files code them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Regions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["E12000001"] = "North East",
        ["E12000002"] = "North West",
        ["E12000003"] = "Yorkshire and The Humber",
        ["E12000004"] = "East Midlands",
        ["E12000005"] = "West Midlands",
        ["E12000006"] = "East of England",
        ["E12000007"] = "London",
        ["E12000008"] = "South East",
        ["E12000009"] = "South West",
    };

    public const string EnglandCode = "E92000001";

    [GeneratedRegex("^E(06|07|08|09|10)[0-9]{6}$", RegexOptions.CultureInvariant)]
    public static partial Regex CouncilCodePattern();

    /// <summary>Whether a header row is the DfE's open-data layout.</summary>
    public static bool IsEesHeader(IReadOnlyList<string> header) =>
        header.Any(h => Same(h, "time_period")) && header.Any(h => Same(h, "time_identifier")) && header.Any(h => Same(h, "geographic_level"));

    /// <summary>
    /// Loads (or, with <paramref name="dryRun"/>, checks and counts) the rows, in a transaction of its own; when the
    /// caller has one open already, the caller commits or rolls it back (and must roll back a dry run or a refusal).
    /// </summary>
    public async Task<LoadOutcome> LoadAsync(
        MeasureLoadContext context,
        MeasureLoadFormat format,
        IEnumerable<(int Number, string[] Cells)> rows,
        MeasureLoadChoices choices,
        long? loadId,
        string recordedBy,
        DateTime nowUtc,
        bool dryRun,
        CancellationToken cancellationToken = default)
    {
        var run = new Run(context, choices);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var ownTransaction = db.Database.CurrentTransaction is null;
        var transaction = db.Database.CurrentTransaction ?? await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            var postgres = db.Database.IsNpgsql();
            await ExecuteAsync(connection, dbTransaction, "DROP TABLE IF EXISTS measure_stage", cancellationToken);
            await ExecuteAsync(connection, dbTransaction, postgres ? PostgresStage : SqliteStage, cancellationToken);
            await using (var writer = postgres
                ? (IStageWriter)await PostgresStageWriter.StartAsync((NpgsqlConnection)connection, cancellationToken)
                : new SqliteStageWriter((SqliteConnection)connection))
            {
                using var enumerator = rows.GetEnumerator();
                if (!enumerator.MoveNext())
                {
                    run.Problem(0, "The file is empty.");
                }
                else
                {
                    var header = enumerator.Current.Cells;
                    IRowReader reader = format == MeasureLoadFormat.Ees ? new EesRowReader(run, header) : new SimpleRowReader(run, header);
                    if (!run.HasFileProblem)
                    {
                        while (enumerator.MoveNext())
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var (number, cells) = enumerator.Current;
                            if (cells.All(string.IsNullOrWhiteSpace))
                            {
                                continue;
                            }

                            run.RowsRead++;
                            foreach (var figure in reader.Read(number, cells))
                            {
                                await writer.AddAsync(figure, cancellationToken);
                            }
                        }
                    }
                }

                await writer.CompleteAsync(cancellationToken);
            }

            if (run.HasFileProblem)
            {
                await EndAsync(transaction, ownTransaction, commit: false, cancellationToken);
                return run.Outcome(0, 0, 0);
            }

            if (postgres)
            {
                // PostgreSQL plans the duplicate check and the writing better once it knows the staged rows' statistics
                // (temporary tables are never analysed automatically); an index would cost more than it saves there.
                await ExecuteAsync(connection, dbTransaction, "ANALYZE measure_stage", cancellationToken);
            }
            else
            {
                // SQLite: every column, keyed as the tables' own indexes are, so the duplicate check and the writing
                // read the staged rows in that order from the index alone, and the tables' indexes are filled in order.
                await ExecuteAsync(connection, dbTransaction, """
                    CREATE INDEX measure_stage_key ON measure_stage (kind, measure_id, series, code, period_type, period_start, area_id, row_no,
                      level, name, period_end, value, symbol, note)
                    """, cancellationToken);
            }

            var staged = await ScalarAsync(connection, dbTransaction, "SELECT COUNT(*) FROM measure_stage", cancellationToken);
            var existing = await ExistingFiguresAsync(connection, dbTransaction, context, cancellationToken);

            // A first load on PostgreSQL writes only the first row of each figure while writing in the tables' key order,
            // and looks for the repeated rows (a second sort of every staged row) only if fewer rows were written than
            // were staged. Anywhere else the duplicates are found, and taken out, first.
            var checkAfterWriting = postgres && !existing.Observations && !existing.Comparators && (run.ProblemCount == 0 || choices.LoadValidRows);
            if (!checkAfterWriting)
            {
                await FindDuplicatesAsync(connection, dbTransaction, run, cancellationToken);
                if (run.ProblemCount > 0 && !choices.LoadValidRows)
                {
                    await EndAsync(transaction, ownTransaction, commit: false, cancellationToken);
                    return run.Outcome(0, 0, 0);
                }

                if (run.DuplicateRows > 0)
                {
                    await ExecuteAsync(connection, dbTransaction, """
                        DELETE FROM measure_stage WHERE EXISTS (
                          SELECT 1 FROM measure_stage e
                          WHERE e.kind = measure_stage.kind AND e.measure_id = measure_stage.measure_id AND e.series = measure_stage.series
                            AND e.code = measure_stage.code AND e.period_type = measure_stage.period_type AND e.period_start = measure_stage.period_start
                            AND (e.area_id = measure_stage.area_id OR (e.area_id IS NULL AND measure_stage.area_id IS NULL))
                            AND e.row_no < measure_stage.row_no)
                        """, cancellationToken);
                }
            }

            var (inserted, corrected) = await ApplyAsync(
                connection, dbTransaction, postgres, existing, firstRowOnly: checkAfterWriting, context, loadId, recordedBy, nowUtc, cancellationToken);
            if (checkAfterWriting && inserted < staged)
            {
                await FindDuplicatesAsync(connection, dbTransaction, run, cancellationToken);
                if (!choices.LoadValidRows)
                {
                    await EndAsync(transaction, ownTransaction, commit: false, cancellationToken);
                    return run.Outcome(0, 0, 0);
                }
            }

            await ExecuteAsync(connection, dbTransaction, "DROP TABLE measure_stage", cancellationToken);
            await EndAsync(transaction, ownTransaction, commit: !dryRun, cancellationToken);
            return run.Outcome(inserted - corrected, corrected, (int)staged - run.DuplicateRows - inserted);
        }
        catch
        {
            if (ownTransaction && db.Database.CurrentTransaction is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }

            throw;
        }
        finally
        {
            if (ownTransaction)
            {
                await transaction.DisposeAsync();
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Commits or rolls back a transaction this load began; one the caller began is the caller's to end.</summary>
    private static async Task EndAsync(IDbContextTransaction transaction, bool ownTransaction, bool commit, CancellationToken cancellationToken)
    {
        if (!ownTransaction)
        {
            return;
        }

        if (commit)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }
    }

    private const string SqliteStage = """
        CREATE TEMP TABLE measure_stage (row_no INTEGER, kind INTEGER, measure_id INTEGER, area_id INTEGER, series TEXT, level TEXT,
          code TEXT, name TEXT, period_type TEXT, period_start TEXT, period_end TEXT, value TEXT, symbol TEXT, note TEXT)
        """;

    private const string PostgresStage = """
        CREATE TEMP TABLE measure_stage (row_no integer, kind integer, measure_id integer, area_id integer, series text COLLATE "C", level text,
          code text COLLATE "C", name text, period_type text COLLATE "C", period_start date, period_end date, value numeric, symbol text, note text) ON COMMIT DROP
        """;

    private static async Task FindDuplicatesAsync(DbConnection connection, DbTransaction transaction, Run run, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = CommandTimeoutSeconds;
        command.CommandText = $"""
            SELECT MIN(row_no), MAX(row_no), COUNT(*), kind, measure_id, series, code, period_type, MIN(period_start)
            FROM measure_stage
            GROUP BY kind, measure_id, series, code, period_type, period_start, area_id
            HAVING COUNT(*) > 1
            ORDER BY MIN(row_no)
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var first = reader.GetInt32(0);
            var last = reader.GetInt32(1);
            var count = reader.GetInt64(2);
            var what = reader.GetInt32(3) == 0
                ? run.MeasureName(reader.GetInt32(4))
                : $"{reader.GetString(5)} for {run.CouncilLabel(reader.GetString(6))}";
            var period = new MeasurePeriod(Enum.Parse<PeriodType>(reader.GetString(7)), reader.GetFieldValue<DateOnly>(8)).Label;
            run.DuplicateRows += (int)count - 1;
            run.Problem(last, count == 2
                ? $"Row {last} repeats row {first}: both give {what} for {period}. Keep one of them."
                : $"Rows {first} to {last} give {what} for {period} {count} times. Keep one of them.");
        }
    }

    /// <summary>Whether the partnership has current figures (of its measures) and current comparators already.</summary>
    private static async Task<(bool Observations, bool Comparators)> ExistingFiguresAsync(
        DbConnection connection, DbTransaction transaction, MeasureLoadContext context, CancellationToken cancellationToken)
    {
        var observations = await ScalarAsync(connection, transaction, $"""
            SELECT COUNT(*) FROM (SELECT 1 FROM "MeasureObservations" WHERE "MeasureId" IN ({MeasureIds(context)}) AND "ReplacedAtUtc" IS NULL LIMIT 1) x
            """, cancellationToken) > 0;
        var comparators = await ScalarAsync(connection, transaction, """
            SELECT COUNT(*) FROM (SELECT 1 FROM "ComparatorValues" WHERE "PartnershipId" = @partnership AND "ReplacedAtUtc" IS NULL LIMIT 1) x
            """, cancellationToken, ("@partnership", context.PartnershipId)) > 0;
        return (observations, comparators);
    }

    private static string MeasureIds(MeasureLoadContext context) =>
        context.Measures.Count == 0 ? "0" : string.Join(",", context.Measures.Select(m => m.Id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Writes the staged figures: a figure that differs from the current one replaces it, a new one is added. With
    /// <paramref name="firstRowOnly"/> (PostgreSQL, nothing current yet) only the first staged row of each figure is
    /// written. Returns the rows written and how many of them replaced a current figure.
    /// </summary>
    private static async Task<(int Inserted, int Corrected)> ApplyAsync(
        DbConnection connection, DbTransaction transaction, bool postgres, (bool Observations, bool Comparators) existing, bool firstRowOnly,
        MeasureLoadContext context, long? loadId, string recordedBy, DateTime nowUtc, CancellationToken cancellationToken)
    {
        string Same(string a, string b) => postgres ? $"{a} IS NOT DISTINCT FROM {b}" : $"{a} IS {b}";
        var sameValue = postgres ? "o.\"Value\" IS NOT DISTINCT FROM s.value" : "CAST(o.\"Value\" AS REAL) IS CAST(s.value AS REAL)";
        var measureIds = MeasureIds(context);
        var parameters = new (string, object?)[] { ("@now", nowUtc), ("@by", recordedBy), ("@load", loadId), ("@partnership", context.PartnershipId) };

        // A figure's key, in the order of each table's index (a figure has no series or code, a comparator no measure
        // or area) and of SQLite's staging index; written in that order, then by row, so DISTINCT ON keeps the first row.
        const string key = "s.measure_id, s.series, s.code, s.period_type, s.period_start, s.area_id";
        var firstRow = firstRowOnly ? $"DISTINCT ON ({key})" : string.Empty;

        var correctedObservations = !existing.Observations ? 0 : await ExecuteAsync(connection, transaction, $"""
            UPDATE "MeasureObservations" AS o SET "ReplacedAtUtc" = @now
            FROM measure_stage AS s
            WHERE o."MeasureId" IN ({measureIds}) AND o."ReplacedAtUtc" IS NULL
              AND s.kind = 0 AND s.measure_id = o."MeasureId" AND s.series = '' AND s.code = ''
              AND s.period_type = o."PeriodType" AND s.period_start = o."PeriodStart" AND {Same("s.area_id", "o.\"AreaId\"")}
              AND NOT ({sameValue} AND {Same("o.\"Symbol\"", "s.symbol")} AND {Same("o.\"Note\"", "s.note")})
            """, cancellationToken, parameters);
        var insertedObservations = await ExecuteAsync(connection, transaction, $"""
            INSERT INTO "MeasureObservations" ("MeasureId", "AreaId", "PeriodType", "PeriodStart", "PeriodEnd", "Value", "Symbol", "Note",
              "RecordedAtUtc", "RecordedByName", "Reason", "LoadId", "ReplacedAtUtc")
            SELECT {firstRow} s.measure_id, s.area_id, s.period_type, s.period_start, s.period_end, s.value, s.symbol, s.note,
              @now, @by, 'Loaded from a file', @load, NULL
            FROM measure_stage s
            WHERE s.kind = 0 {(existing.Observations ? """
              AND NOT EXISTS (
              SELECT 1 FROM "MeasureObservations" o
              WHERE o."MeasureId" = s.measure_id AND o."PeriodType" = s.period_type AND o."PeriodStart" = s.period_start
                AND (o."AreaId" = s.area_id OR (o."AreaId" IS NULL AND s.area_id IS NULL)) AND o."ReplacedAtUtc" IS NULL)
              """ : string.Empty)}
            ORDER BY {key}, s.row_no
            """, cancellationToken, parameters);

        var correctedComparators = !existing.Comparators ? 0 : await ExecuteAsync(connection, transaction, $"""
            UPDATE "ComparatorValues" AS o SET "ReplacedAtUtc" = @now
            FROM measure_stage AS s
            WHERE o."PartnershipId" = @partnership AND o."ReplacedAtUtc" IS NULL
              AND s.kind = 1 AND s.measure_id = 0 AND s.series = o."Series" AND s.code = o."Code"
              AND s.period_type = o."PeriodType" AND s.period_start = o."PeriodStart"
              AND NOT ({sameValue} AND {Same("o.\"Symbol\"", "s.symbol")})
            """, cancellationToken, parameters);
        var insertedComparators = await ExecuteAsync(connection, transaction, $"""
            INSERT INTO "ComparatorValues" ("PartnershipId", "Series", "Level", "Code", "Name", "PeriodType", "PeriodStart", "PeriodEnd", "Value", "Symbol",
              "RecordedAtUtc", "LoadId", "ReplacedAtUtc")
            SELECT {firstRow} @partnership, s.series, s.level, s.code, s.name, s.period_type, s.period_start, s.period_end, s.value, s.symbol,
              @now, @load, NULL
            FROM measure_stage s
            WHERE s.kind = 1 {(existing.Comparators ? """
              AND NOT EXISTS (
              SELECT 1 FROM "ComparatorValues" o
              WHERE o."PartnershipId" = @partnership AND o."Series" = s.series AND o."Code" = s.code AND o."PeriodType" = s.period_type
                AND o."PeriodStart" = s.period_start AND o."ReplacedAtUtc" IS NULL)
              """ : string.Empty)}
            ORDER BY {key}, s.row_no
            """, cancellationToken, parameters);

        return (insertedObservations + insertedComparators, correctedObservations + correctedComparators);
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        AddParameters(command, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameters(DbCommand command, string sql, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
        }
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        AddParameters(command, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static bool Same(string? a, string b) => string.Equals(a?.Trim(), b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A figure ready to stage: kind 0 is the area's own figure for a measure, kind 1 a comparator.</summary>
    private readonly record struct StagedFigure(
        int Row, int Kind, int MeasureId, int? AreaId, string Series, GeographicLevel Level, string Code, string Name,
        MeasurePeriod Period, decimal? Value, string? Symbol, string? Note);

    private interface IStageWriter : IAsyncDisposable
    {
        ValueTask AddAsync(StagedFigure figure, CancellationToken cancellationToken);

        ValueTask CompleteAsync(CancellationToken cancellationToken);
    }

    /// <summary>
    /// Stages rows in SQLite with one insert prepared once and then bound and stepped row by row through the native API
    /// under Microsoft.Data.Sqlite (SQLitePCLRaw): a command execution per row cost several times the insert itself.
    /// It runs on the connection, so inside the load's transaction.
    /// </summary>
    private sealed class SqliteStageWriter : IStageWriter
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _insert;
        private readonly Dictionary<DateOnly, string> _dates = [];

        public SqliteStageWriter(SqliteConnection connection)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            Check(raw.sqlite3_prepare_v2(
                _db,
                "INSERT INTO measure_stage (row_no, kind, measure_id, area_id, series, level, code, name, period_type, period_start, period_end, value, symbol, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                out _insert));
        }

        public ValueTask AddAsync(StagedFigure f, CancellationToken cancellationToken)
        {
            raw.sqlite3_bind_int(_insert, 1, f.Row);
            raw.sqlite3_bind_int(_insert, 2, f.Kind);
            raw.sqlite3_bind_int(_insert, 3, f.MeasureId);
            if (f.AreaId is { } area)
            {
                raw.sqlite3_bind_int(_insert, 4, area);
            }
            else
            {
                raw.sqlite3_bind_null(_insert, 4);
            }

            BindText(5, f.Series);
            BindText(6, f.Level.ToString());
            BindText(7, f.Code);
            BindText(8, f.Name);
            BindText(9, f.Period.Type.ToString());
            BindText(10, Date(f.Period.Start));
            BindText(11, Date(f.Period.End));
            BindText(12, f.Value?.ToString(CultureInfo.InvariantCulture));
            BindText(13, f.Symbol);
            BindText(14, f.Note);
            var result = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (result != raw.SQLITE_DONE)
            {
                Check(result);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            _insert.Dispose();
            return ValueTask.CompletedTask;
        }

        private void BindText(int index, string? value)
        {
            if (value is null)
            {
                raw.sqlite3_bind_null(_insert, index);
            }
            else
            {
                raw.sqlite3_bind_text(_insert, index, value);
            }
        }

        private string Date(DateOnly date)
        {
            if (!_dates.TryGetValue(date, out var text))
            {
                text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (_dates.Count < 10_000)
                {
                    _dates[date] = text;
                }
            }

            return text;
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(result, _db);
            }
        }
    }

    /// <summary>Stages rows in PostgreSQL with binary COPY.</summary>
    private sealed class PostgresStageWriter(NpgsqlBinaryImporter importer) : IStageWriter
    {
        public static async Task<PostgresStageWriter> StartAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
            new(await connection.BeginBinaryImportAsync(
                "COPY measure_stage (row_no, kind, measure_id, area_id, series, level, code, name, period_type, period_start, period_end, value, symbol, note) FROM STDIN (FORMAT BINARY)",
                cancellationToken));

        public async ValueTask AddAsync(StagedFigure f, CancellationToken cancellationToken)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(f.Row, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(f.Kind, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(f.MeasureId, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(f.AreaId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(f.Series, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(f.Level.ToString(), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(f.Code, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(f.Name, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(f.Period.Type.ToString(), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(f.Period.Start, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(f.Period.End, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(f.Value, NpgsqlDbType.Numeric, cancellationToken);
            await WriteNullableAsync(f.Symbol, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(f.Note, NpgsqlDbType.Text, cancellationToken);
        }

        public async ValueTask CompleteAsync(CancellationToken cancellationToken) => await importer.CompleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => importer.DisposeAsync();

        private Task WriteNullableAsync<T>(T? value, NpgsqlDbType type, CancellationToken cancellationToken)
            where T : struct =>
            value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

        private Task WriteNullableAsync(string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
            value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
    }
}

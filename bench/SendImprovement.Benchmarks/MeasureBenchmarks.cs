using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Measures;
using Sylvan.Data.Csv;

namespace SendImprovement.Benchmarks;

// Measures issue 5's goals: loading a national-scale DfE comparator file and a 1,000,000-row observations file with
// MeasureLoadService.LoadFileAsync (the command line's path), each against a raw parse of the same file with the same
// CSV library (Sylvan.Data.Csv) measured in the same run; memory at 100,000 and 1,000,000 rows, each in a fresh child
// process; and the measures dashboard against the database reads alone. Usage:
//   dotnet run -c Release --project bench/SendImprovement.Benchmarks -- --measures [--postgres "Host=...;Username=...;Database=..."]
//       [--load-runs 3] [--iterations 30] [--rows 1000000] [--small-rows 100000] [--ees-years 10] [--only ees|simple|dashboard]
// On PostgreSQL it creates a database of its own in the server given and drops it at the end.
// Results are printed as Markdown for docs/benchmarks.md. These are measurements, not tests: nothing here fails.
public static class MeasureBenchmarks
{
    public const string ChildFlag = "--measures-child";
    private const string ChildResultPrefix = "MEASURES-CHILD-RESULT ";
    private const int DashboardWarmUps = 5;
    private const int DashboardYears = 10;
    private const int EesFirstYear = 2015;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(10);
    private static readonly ImportLimits ReaderLimits = ImportLimits.Default with { MaxFileMegabytes = MeasureLoadLimits.Default.MaxFileMegabytes, MaxRows = int.MaxValue };

    private sealed record LoadResult(string Name, int Rows, long Bytes, List<double> Raw, List<double> Load, LoadOutcome? Outcome, Phases? Phases, ChildResult? RawChild, ChildResult? LoadChild, string? Failure)
    {
        /// <summary>The same file loaded again into the last timed run's partnership: every figure is checked against the one recorded.</summary>
        public (double Ms, LoadOutcome Outcome)? Reload { get; init; }
    }

    /// <summary>What a child process measured about one step.</summary>
    public sealed record ChildResult(
        string Mode, string File, double Ms, long Rows, long WorkingSetBefore, long HeapBefore, long PeakWorkingSetDuring, long PeakWorkingSet, long PeakHeap, long PeakHeapAfterGc, long Allocated, int Gen0, int Gen1, int Gen2, string Outcome);

    public static async Task RunAsync(string[] args)
    {
        var postgres = BenchHost.Option(args, "--postgres");
        var loadRuns = Int(args, "--load-runs", 3);
        var budget = TimeSpan.FromSeconds(Int(args, "--load-budget", 60));
        var iterations = Int(args, "--iterations", 30);
        var rows = Int(args, "--rows", 1_000_000);
        var smallRows = Int(args, "--small-rows", 100_000);
        var eesYears = Int(args, "--ees-years", 10);
        var only = BenchHost.Option(args, "--only");
        bool Runs(string part) => only is null || only == part;

        var folder = Path.Combine(Path.GetTempPath(), "send-improvement-bench", $"measures-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var database = postgres is null ? null : await ScratchDatabase.CreateAsync(postgres);
        try
        {
            var results = new List<LoadResult>();
            DashboardResult? dashboard = null;
            string provider;
            await using (var host = BenchHost.Create(database?.ConnectionString))
            {
                provider = host.Provider;
                var services = host.App.Services;
                var childDatabase = database is null ? ("--sqlite", host.SqlitePath!) : ("--postgres", database.ConnectionString);
                Console.Error.WriteLine($"Measures benchmarks on {provider}; files in {folder}");
                if (Runs("ees") || Runs("simple"))
                {
                    await WarmUpAsync(services, folder);
                }

                if (Runs("ees"))
                {
                    var path = Path.Combine(folder, "national-comparators.csv");
                    var generated = MeasureSamples.WriteEesFile(path, eesYears, EesFirstYear);
                    Console.Error.WriteLine($"DfE file: {generated:N0} data rows, {new FileInfo(path).Length / 1024 / 1024} MB");
                    results.Add(await MeasureLoadAsync(services, "DfE comparator file", path, generated, loadRuns, budget, childDatabase, comparators: false));
                }

                if (Runs("simple"))
                {
                    var path = Path.Combine(folder, "observations-large.csv");
                    var from = MeasureSamples.WriteSimpleFile(path, rows);
                    Console.Error.WriteLine($"Simple file: {rows:N0} data rows from {from}, {new FileInfo(path).Length / 1024 / 1024} MB");
                    results.Add(await MeasureLoadAsync(services, "Observations file", path, rows, loadRuns, budget, childDatabase, comparators: true));

                    var smallPath = Path.Combine(folder, "observations-small.csv");
                    var smallFrom = MeasureSamples.WriteSimpleFile(smallPath, smallRows);
                    Console.Error.WriteLine($"Simple file: {smallRows:N0} data rows from {smallFrom}, {new FileInfo(smallPath).Length / 1024 / 1024} MB");
                    var small = await MeasureLoadAsync(services, "Observations file", smallPath, smallRows, runs: 0, budget, childDatabase, comparators: true);
                    results.Insert(results.Count - 1, small);
                }

                if (Runs("dashboard"))
                {
                    dashboard = await MeasureDashboardAsync(services, iterations);
                }
            }

            Report(provider, results, dashboard, loadRuns, iterations);
        }
        finally
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    // ---------------------------------------------------------------- loading files

    /// <summary>JIT and caches warmed on small files (loaded into a partnership of their own), so that the timed runs compare like with like.</summary>
    private static async Task WarmUpAsync(IServiceProvider services, string folder)
    {
        var ees = Path.Combine(folder, "warm-up-ees.csv");
        MeasureSamples.WriteEesFile(ees, 1, EesFirstYear, [.. MeasureSamples.Councils.Take(20)]);
        var simple = Path.Combine(folder, "warm-up-simple.csv");
        MeasureSamples.WriteSimpleFile(simple, 5_000);
        var partnership = await MeasureSamples.CreatePartnershipAsync(services, "Measures warm-up", comparators: true, detailed: false);
        foreach (var path in new[] { ees, simple })
        {
            RawParse(path);
            try
            {
                await LoadAsync(services, partnership, path);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"Warm-up load of {Path.GetFileName(path)} failed: {FirstLine(ex)}");
            }

            RawParse(path);
        }

        File.Delete(ees);
        File.Delete(simple);
    }

    private static async Task<LoadResult> MeasureLoadAsync(
        IServiceProvider services, string name, string path, int rows, int runs, TimeSpan budget, (string Flag, string Value) childDatabase, bool comparators)
    {
        var raw = new List<double>();
        var load = new List<double>();
        LoadOutcome? outcome = null;
        (double, LoadOutcome)? reload = null;
        Phases? phases = null;
        ChildResult? loadChild = null;
        string? failure = null;

        // Each run loads into a fresh partnership of 150 measures (made untimed), so every run adds every figure; the
        // raw parse runs just before each load. At most `runs` runs, fewer once the loads have taken the budget.
        try
        {
            var partnership = 0;
            for (var run = 0; run < runs && TimeSpan.FromMilliseconds(load.Sum()) < budget; run++)
            {
                partnership = await MeasureSamples.CreatePartnershipAsync(services, "Measures load", comparators, detailed: false);
                raw.Add(Time(() => RawParse(path)));
                var watch = Stopwatch.StartNew();
                outcome = await LoadAsync(services, partnership, path);
                load.Add(watch.Elapsed.TotalMilliseconds);
                Console.Error.WriteLine($"{name} ({rows:N0} rows), run {run + 1}: raw parse {raw[^1]:F0} ms, load {load[^1]:F0} ms ({outcome.Added:N0} added)");
            }

            if (runs > 0)
            {
                var watch = Stopwatch.StartNew();
                var again = await LoadAsync(services, partnership, path, again: true);
                reload = (watch.Elapsed.TotalMilliseconds, again);
                Console.Error.WriteLine($"{name} ({rows:N0} rows), loaded again: {reload.Value.Item1:F0} ms ({again.Added:N0} added, {again.Corrected:N0} corrected, {again.Unchanged:N0} unchanged)");
            }

            if (runs > 0)
            {
                phases = await ProfileAsync(services, path, await MeasureSamples.CreatePartnershipAsync(services, "Measures profile", comparators, detailed: false));
                Console.Error.WriteLine($"{name}: phases {phases.Summary()}");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = FirstLine(ex);
            Console.Error.WriteLine($"{name} ({rows:N0} rows): the load failed: {failure}");
            for (var run = raw.Count; run < Math.Max(runs, 1); run++)
            {
                raw.Add(Time(() => RawParse(path)));
            }
        }

        // Memory: the raw parse and the load, each in a fresh process.
        var rawChild = await RunChildAsync("raw", path, childDatabase, null);
        if (failure is null)
        {
            try
            {
                loadChild = await RunChildAsync("load", path, childDatabase, await MeasureSamples.CreatePartnershipAsync(services, "Measures child", comparators, detailed: false));
            }
            catch (ChildFailedException ex)
            {
                failure = ex.Message;
                Console.Error.WriteLine($"{name} ({rows:N0} rows): the load failed in the child process: {failure}");
            }
        }

        return new LoadResult(name, rows, new FileInfo(path).Length, raw, load, outcome, phases, rawChild, loadChild, failure) { Reload = reload };
    }

    private static string FirstLine(Exception ex) =>
        $"{ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()}" + (ex is PostgresException { Position: > 0 } pg ? $" (in {pg.Routine}, position {pg.Position})" : string.Empty);

    /// <summary>The command line's path: the whole file checked, staged and written in one transaction.</summary>
    /// <summary>Loads the file; a first load must add figures, a load again must change nothing.</summary>
    private static async Task<LoadOutcome> LoadAsync(IServiceProvider services, int partnershipId, string path, bool again = false)
    {
        using var scope = services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<MeasureLoadService>()
            .LoadFileAsync(MeasureSamples.Lead(partnershipId), partnershipId, path, null, loadValidRows: false, commit: true);
        if (outcome.HasProblems || (again ? outcome.Added + outcome.Corrected > 0 || outcome.Unchanged == 0 : outcome.Added == 0))
        {
            throw new InvalidOperationException($"The load of {Path.GetFileName(path)} added {outcome.Added} with {outcome.ProblemCount} problems: {string.Join(" ", outcome.Problems.Take(5).Select(p => p.Message))}");
        }

        return outcome;
    }

    /// <summary>The baseline: the same file read with the same library, every field of every row as a string, nothing else.</summary>
    public static (long Rows, long Characters) RawParse(string path)
    {
        using var stream = File.OpenRead(path);
        using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', MaxBufferSize = 1 << 22 });
        long rows = 0, characters = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < reader.RowFieldCount; i++)
            {
                characters += reader.GetString(i).Length;
            }
        }

        return (rows, characters);
    }

    // ---------------------------------------------------------------- where a load's time goes

    /// <summary>Milliseconds per phase of one load, timed apart.</summary>
    public sealed class Phases
    {
        public double DetectFormat { get; set; }

        public double Describe { get; set; }

        public double Context { get; set; }

        public double Hash { get; set; }

        public double Record { get; set; }

        public double Parse { get; set; }

        public double CheckAndStage { get; set; }

        public double StageStatements { get; set; }

        public double AfterRows { get; set; }

        public double Index { get; set; }

        public double Duplicates { get; set; }

        public double Apply { get; set; }

        public double Commit { get; set; }

        public double Total { get; set; }

        public string Summary() =>
            $"total {Total:F0}; detect format {DetectFormat:F0}, describe {Describe:F0}, context {Context:F0}, hash {Hash:F0}, record {Record:F0}, parse {Parse:F0}, "
            + $"check and stage {CheckAndStage:F0} (stage statements {StageStatements:F0}), after the rows {AfterRows:F0} (index {Index:F0}, duplicates {Duplicates:F0}, apply {Apply:F0}), commit {Commit:F0}";
    }

    /// <summary>
    /// One more load, taken apart: the steps of <see cref="MeasureLoadService.LoadFileAsync"/> done one by one with the
    /// same public pieces (<see cref="MeasureFileRows"/>, <see cref="MeasureLoader.DescribeEes"/>,
    /// <see cref="MeasureLoadContext"/>, <see cref="MeasureLoader.LoadAsync"/>), with the rows counted as the loader
    /// takes them (time inside the CSV reader is parsing; the rest of the enumeration is the loader's checks and
    /// staging) and every SQL statement timed by the database driver (SQLite's profile hook, Npgsql's tracing).
    /// </summary>
    private static async Task<Phases> ProfileAsync(IServiceProvider services, string path, int partnershipId)
    {
        var phases = new Phases();
        var total = Stopwatch.StartNew();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var name = Path.GetFileName(path);
        Stream Open() => File.OpenRead(path);

        var watch = Stopwatch.StartNew();
        var format = MeasureLoader.IsEesHeader(MeasureFileRows.Read(name, Open, ReaderLimits).First().Cells) ? MeasureLoadFormat.Ees : MeasureLoadFormat.Simple;
        phases.DetectFormat = Lap(watch);
        var choices = new MeasureLoadChoices();
        if (format == MeasureLoadFormat.Ees)
        {
            var description = MeasureLoader.DescribeEes(() => MeasureFileRows.Read(name, Open, ReaderLimits));
            var bySeries = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == partnershipId && m.ComparatorSeries != null).ToDictionaryAsync(m => m.ComparatorSeries!, m => m.Id);
            choices = choices with
            {
                FilterColumns = description.FilterColumns,
                Series = [.. description.Series.Select(s => new SeriesChoice(s.Key, bySeries.TryGetValue(s.Key, out var id) ? id : null))],
            };
            phases.Describe = Lap(watch);
        }

        var context = await MeasureLoadContext.LoadAsync(db, partnershipId, CancellationToken.None);
        phases.Context = Lap(watch);
        string hash;
        await using (var stream = Open())
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
        }

        phases.Hash = Lap(watch);
        var actor = MeasureSamples.Lead(partnershipId);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var load = new MeasureLoad
        {
            PartnershipId = partnershipId,
            Format = format,
            State = MeasureLoadState.Draft,
            FileName = name,
            FileSize = new FileInfo(path).Length,
            FileSha256 = hash,
            ChoicesJson = "{}",
            UploadedByName = actor.Name,
            UploadedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.MeasureLoads.Add(load);
        await db.SaveChangesAsync(new AuditContext(actor, "Figures file uploaded") { PartnershipId = partnershipId, Summary = name }, clock);
        phases.Record = Lap(watch);

        var rows = new TimedRows(MeasureFileRows.Read(name, Open, ReaderLimits));
        using var statements = StatementTimer.Start(db);
        var enumeration = Stopwatch.StartNew();
        var outcome = await new MeasureLoader(db).LoadAsync(context, format, rows, choices, load.Id, actor.Name, clock.GetUtcNow().UtcDateTime, dryRun: false);
        var loaderTime = enumeration.Elapsed.TotalMilliseconds;
        var byKind = statements.Stop();
        phases.Parse = rows.ParseMs;
        phases.CheckAndStage = rows.EndedAtMs - rows.ParseMs;
        phases.AfterRows = loaderTime - rows.EndedAtMs;
        phases.StageStatements = byKind.GetValueOrDefault("stage");
        phases.Index = byKind.GetValueOrDefault("index");
        phases.Duplicates = byKind.GetValueOrDefault("duplicates");
        phases.Apply = byKind.GetValueOrDefault("apply");
        watch.Restart();
        await transaction.CommitAsync();
        phases.Commit = Lap(watch);
        phases.Total = total.Elapsed.TotalMilliseconds;
        if (outcome.HasProblems)
        {
            throw new InvalidOperationException($"The profiled load had {outcome.ProblemCount} problems.");
        }

        return phases;
    }

    private static double Lap(Stopwatch watch)
    {
        var ms = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        return ms;
    }

    /// <summary>The file's rows as the loader takes them, timing the reader's work and when the last row was taken.</summary>
    private sealed class TimedRows(IEnumerable<(int Number, string[] Cells)> inner) : IEnumerable<(int Number, string[] Cells)>
    {
        private readonly Stopwatch _since = new();
        private long _parseTicks;

        public double ParseMs => _parseTicks * 1000.0 / Stopwatch.Frequency;

        public double EndedAtMs { get; private set; }

        public IEnumerator<(int Number, string[] Cells)> GetEnumerator()
        {
            _since.Restart();
            using var enumerator = inner.GetEnumerator();
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                var more = enumerator.MoveNext();
                _parseTicks += Stopwatch.GetTimestamp() - start;
                if (!more)
                {
                    EndedAtMs = _since.Elapsed.TotalMilliseconds;
                    yield break;
                }

                yield return enumerator.Current;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Times every SQL statement of the scope's connection while started: SQLite's profile hook, or Npgsql's tracing.</summary>
    private sealed class StatementTimer : IDisposable
    {
        private readonly Dictionary<string, double> _byKind = [];
        private readonly SQLitePCL.sqlite3? _sqlite;
        private readonly ActivityListener? _listener;
        private bool _stopped;

        private StatementTimer(AppDbContext db)
        {
            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                _sqlite = sqlite.Handle ?? throw new InvalidOperationException("The connection must be open.");
                SQLitePCL.raw.sqlite3_profile(_sqlite, (_, statement, nanoseconds) => Add(statement, nanoseconds / 1e6), null);
            }
            else
            {
                _listener = new ActivityListener
                {
                    ShouldListenTo = source => source.Name == "Npgsql",
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                    ActivityStopped = activity => Add(
                        activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName,
                        activity.Duration.TotalMilliseconds),
                };
                ActivitySource.AddActivityListener(_listener);
            }
        }

        public static StatementTimer Start(AppDbContext db) => new(db);

        public Dictionary<string, double> Stop()
        {
            if (!_stopped)
            {
                _stopped = true;
                if (_sqlite is not null)
                {
                    SQLitePCL.raw.sqlite3_profile(_sqlite, (SQLitePCL.strdelegate_profile?)null, null);
                }

                _listener?.Dispose();
            }

            lock (_byKind)
            {
                return new Dictionary<string, double>(_byKind);
            }
        }

        public void Dispose() => Stop();

        private void Add(string? sql, double ms)
        {
            var text = (sql ?? string.Empty).TrimStart();
            var kind = text switch
            {
                _ when text.StartsWith("INSERT INTO measure_stage", StringComparison.Ordinal) || text.StartsWith("COPY measure_stage", StringComparison.Ordinal) => "stage",
                _ when text.StartsWith("CREATE INDEX measure_stage_key", StringComparison.Ordinal) => "index",
                _ when text.StartsWith("SELECT MIN(row_no)", StringComparison.Ordinal) => "duplicates",
                _ when text.Contains("\"MeasureObservations\"", StringComparison.Ordinal) || text.Contains("\"ComparatorValues\"", StringComparison.Ordinal)
                    || text.StartsWith("SELECT COUNT(*) FROM measure_stage", StringComparison.Ordinal) => "apply",
                _ => "other",
            };
            lock (_byKind)
            {
                _byKind[kind] = _byKind.GetValueOrDefault(kind) + ms;
            }
        }
    }

    // ---------------------------------------------------------------- child processes (memory)

    private static async Task<ChildResult> RunChildAsync(string mode, string path, (string Flag, string Value) database, int? partnershipId)
    {
        var processPath = Environment.ProcessPath!;
        var start = new ProcessStartInfo(processPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MeasureBenchmarks).Assembly.Location);
        }

        foreach (var argument in new[] { ChildFlag, mode, "--file", path, database.Flag, database.Value })
        {
            start.ArgumentList.Add(argument);
        }

        if (partnershipId is { } id)
        {
            start.ArgumentList.Add("--partnership");
            start.ArgumentList.Add(id.ToString(CultureInfo.InvariantCulture));
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ChildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child process ({mode} {Path.GetFileName(path)}) took longer than {ChildTimeout.TotalMinutes} minutes and was stopped.");
        }

        var line = (await output).Split('\n').LastOrDefault(l => l.StartsWith(ChildResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            var error = (await errors).Split('\n').FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal))?["Unhandled exception.".Length..].Trim() ?? await errors;
            throw new ChildFailedException($"{error} (exit code {process.ExitCode})");
        }

        var result = JsonSerializer.Deserialize<ChildResult>(line[ChildResultPrefix.Length..])!;
        Console.Error.WriteLine($"Child {mode} {Path.GetFileName(path)}: {result.Ms:F0} ms, peak working set {Mb(result.PeakWorkingSet)} MB (before the step {Mb(result.WorkingSetBefore)} MB), peak managed heap {Mb(result.PeakHeap)} MB");
        return result;
    }

    /// <summary>
    /// In a fresh process: starts the app as the parent does, then either parses the file raw or loads it into the
    /// partnership given, and prints what it measured: the time, the peak working set
    /// (<see cref="Process.PeakWorkingSet64"/> at the end, for the whole process) and the managed heap, sampled every 5 ms.
    /// </summary>
    public static async Task RunChildAsync(string[] args)
    {
        var mode = BenchHost.Option(args, ChildFlag)!;
        var path = BenchHost.Option(args, "--file")!;
        await using var host = BenchHost.Create(BenchHost.Option(args, "--postgres"), BenchHost.Option(args, "--sqlite"));
        var services = host.App.Services;
        var partnershipId = BenchHost.Option(args, "--partnership") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        if (mode == "load")
        {
            // The partnership's measures, read once, so that the step starts where the parent's runs start: the app warm enough to query.
            using var scope = services.CreateScope();
            _ = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Measures.CountAsync(m => m.PartnershipId == partnershipId);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var workingSetBefore = Environment.WorkingSet;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        long peakHeap = heapBefore, peakAfterGc = GC.GetGCMemoryInfo().HeapSizeBytes, peakWorkingSet = workingSetBefore;
        var stop = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                peakAfterGc = Math.Max(peakAfterGc, GC.GetGCMemoryInfo().HeapSizeBytes);
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                Thread.Sleep(5);
            }
        })
        { IsBackground = true };
        sampler.Start();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        long rows;
        string outcome;
        if (mode == "raw")
        {
            (rows, var characters) = RawParse(path);
            outcome = $"{rows:N0} rows, {characters:N0} characters";
        }
        else
        {
            var loaded = await LoadAsync(services, partnershipId, path);
            rows = loaded.RowsRead;
            outcome = $"{loaded.RowsRead:N0} rows read, {loaded.Added:N0} added, {loaded.Suppressed:N0} suppressed";
        }

        var ms = watch.Elapsed.TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Volatile.Write(ref stop, true);
        sampler.Join();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var result = new ChildResult(
            mode, Path.GetFileName(path), ms, rows, workingSetBefore, heapBefore, Math.Max(peakWorkingSet, Environment.WorkingSet), process.PeakWorkingSet64,
            Math.Max(peakHeap, GC.GetTotalMemory(false)), peakAfterGc, allocated, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, outcome);
        Console.WriteLine(ChildResultPrefix + JsonSerializer.Serialize(result));
    }

    // ---------------------------------------------------------------- the dashboard

    private sealed record DashboardResult(List<double> Dashboard, List<double> Reads, long Allocated, long ReadsAllocated, string Shape, string ReadsByQuery);

    private static async Task<DashboardResult> MeasureDashboardAsync(IServiceProvider services, int iterations)
    {
        Console.Error.WriteLine("Dashboard: generating the partnership...");
        var partnershipId = await MeasureSamples.CreatePartnershipAsync(services, "Dashboard bench", comparators: true, detailed: true);
        await MeasureSamples.DecorateForDashboardAsync(services, partnershipId);
        var (observations, comparatorValues) = await MeasureSamples.AddDashboardFiguresAsync(services, partnershipId, DashboardYears, EesFirstYear);
        Console.Error.WriteLine($"Dashboard: {observations:N0} monthly figures and {comparatorValues:N0} comparator figures added");

        async Task<MeasureDashboard> Dashboard()
        {
            using var scope = services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<MeasureFigures>().DashboardAsync(partnershipId, new DashboardFilter(), FiguresAsAt.Now);
        }

        var first = await Dashboard();

        // The periods the dashboard ranks the measures in, found once: the baseline reads the neighbours' figures for them.
        var rankStarts = first.Measures.Select(m => m.NeighbourPeriod).OfType<MeasurePeriod>().Select(p => p.Start).Distinct().ToList();

        async Task<int> Reads()
        {
            using var scope = services.CreateScope();
            return await DashboardReadsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), partnershipId, rankStarts);
        }

        var readRows = await Reads();
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ids = first.Measures.Select(m => m.Id).ToList();
            Console.Error.WriteLine($"Plan of the figures query: {await ExplainAsync(db, db.MeasureObservations.AsNoTracking().Where(o => ids.Contains(o.MeasureId)).Where(o => o.ReplacedAtUtc == null))}");
            var series = MeasureSamples.Library.Select(m => m.Series).ToList();
            string[] codes = [MeasureLoader.EnglandCode, MeasureSamples.RegionCode, MeasureSamples.OwnCouncil.Code, .. MeasureSamples.Neighbours.Select(n => n.Code)];
            Console.Error.WriteLine($"Plan of the comparators query: {await ExplainAsync(db, db.ComparatorValues.AsNoTracking().Where(v => v.PartnershipId == partnershipId && series.Contains(v.Series) && codes.Contains(v.Code)).Where(v => v.ReplacedAtUtc == null))}");
        }

        var shape = $"{first.Measures.Count} measures shown ({first.Measures.Count(m => m.Latest is not null)} with a latest figure, {first.Measures.Count(m => m.Rank is not null)} ranked among neighbours, "
            + $"{first.Measures.Count(m => m.England is not null)} with England's figure, {first.OffTrack.Count} off track, {first.Measures.Count(m => m.Status.Kind == MeasureStatusKind.OnTrack)} on track, "
            + $"{first.Measures.Sum(m => m.Links.Count)} links, {first.Measures.Count(m => m.Commentary is not null)} with commentary); the reads alone materialise {readRows:N0} rows";
        Console.Error.WriteLine($"Dashboard: {shape}");
        for (var i = 0; i < DashboardWarmUps; i++)
        {
            await Dashboard();
            await Reads();
        }

        var dashboardTimes = new List<double>();
        var readTimes = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            // Interleaved, the order turned each run, so that noise on this shared machine hits both alike.
            if (i % 2 == 0)
            {
                dashboardTimes.Add(await TimeAsync(Dashboard));
                readTimes.Add(await TimeAsync(Reads));
            }
            else
            {
                readTimes.Add(await TimeAsync(Reads));
                dashboardTimes.Add(await TimeAsync(Dashboard));
            }
        }

        // Where the reads' time goes: each query timed apart, in further runs.
        var byQuery = new Dictionary<string, List<double>>();
        for (var i = 0; i < Math.Max(iterations / 2, 1); i++)
        {
            using var scope = services.CreateScope();
            await DashboardReadsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), partnershipId, rankStarts, byQuery);
        }

        var queries = string.Join("; ", byQuery.Select(q => $"{q.Key} {Stats.Of(q.Value).Median:F1}"));
        Console.Error.WriteLine($"Dashboard reads by query (medians, ms): {queries}");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Dashboard();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        before = GC.GetTotalAllocatedBytes(precise: true);
        await Reads();
        var readsAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return new DashboardResult(dashboardTimes, readTimes, allocated, readsAllocated, shape, queries);
    }

    /// <summary>
    /// The database reads of <see cref="MeasureFigures.DashboardAsync"/> for the whole partnership, figures as they
    /// stand now: the measures with owner, trajectory and linked items; the partnership and its neighbours; the
    /// current whole-area figures; the published figures for the measures' indicators for England, the region and the
    /// partnership's own councils, then the neighbours' for the periods the measures are ranked in
    /// (<paramref name="rankStarts"/>, found beforehand); the current commentary. Each executed and materialised;
    /// nothing worked out. Returns the rows read.
    /// </summary>
    private static async Task<int> DashboardReadsAsync(AppDbContext db, int partnershipId, List<DateOnly> rankStarts, Dictionary<string, List<double>>? timings = null)
    {
        var watch = Stopwatch.StartNew();
        void Lap(string query)
        {
            if (timings is not null)
            {
                (timings.TryGetValue(query, out var list) ? list : timings[query] = []).Add(watch.Elapsed.TotalMilliseconds);
            }

            watch.Restart();
        }

        int? planId = null;
        var measures = await db.Measures.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId)
            .Include(m => m.Owner)
            .Include(m => m.Trajectory)
            .Include(m => m.Links).ThenInclude(l => l.PlanItem).ThenInclude(i => i.Plan)
            .OrderBy(m => m.Theme == null).ThenBy(m => m.Theme).ThenBy(m => m.Name)
            .Where(m => planId == null || m.Links.Any(l => l.PlanItem.PlanId == planId))
            .ToListAsync();
        Lap("measures with owner, trajectory, areas and linked items");
        var partnership = await db.Partnerships.AsNoTracking().Include(p => p.Areas).FirstAsync(p => p.Id == partnershipId);
        var neighbours = await db.StatisticalNeighbours.AsNoTracking().Where(n => n.PartnershipId == partnershipId).OrderBy(n => n.Position).Select(n => new { n.Code, n.Name }).ToListAsync();
        Lap("partnership, areas and neighbours");
        var codes = new List<string> { MeasureLoader.EnglandCode };
        if (partnership.RegionCode is not null)
        {
            codes.Add(partnership.RegionCode);
        }

        codes.AddRange(partnership.Areas.OrderBy(a => a.Position).Select(a => a.CouncilCode).OfType<string>());
        var neighbourCodes = neighbours.Select(n => n.Code).ToList();
        codes = [.. codes.Distinct().Except(neighbourCodes)];
        var ids = measures.Select(m => m.Id).ToList();
        // The same queries and projections as MeasureFigures.SummariseAsync, materialised and nothing else.
        var observations = await db.MeasureObservations.AsNoTracking().Where(o => ids.Contains(o.MeasureId)).Where(o => o.ReplacedAtUtc == null)
            .Select(o => new { o.MeasureId, o.AreaId, o.PeriodType, o.PeriodStart, o.Value, o.Symbol, o.Note }).ToListAsync();
        Lap("current whole-area figures");
        var series = measures.Select(m => m.ComparatorSeries).OfType<string>().Distinct().ToList();
        var comparators = await db.ComparatorValues.AsNoTracking().Where(v => v.PartnershipId == partnershipId && series.Contains(v.Series) && codes.Contains(v.Code)).Where(v => v.ReplacedAtUtc == null)
            .Select(v => new ComparatorValue { Series = v.Series, Code = v.Code, Name = string.Empty, Level = v.Level, PeriodType = v.PeriodType, PeriodStart = v.PeriodStart, Value = v.Value, Symbol = v.Symbol })
            .ToListAsync();
        Lap("England's, the region's and own councils' figures");
        var neighbourFigures = await db.ComparatorValues.AsNoTracking().Where(v => v.PartnershipId == partnershipId && series.Contains(v.Series) && neighbourCodes.Contains(v.Code)).Where(v => v.ReplacedAtUtc == null)
            .Where(v => rankStarts.Contains(v.PeriodStart))
            .Select(v => new ComparatorValue { Series = v.Series, Code = v.Code, Name = string.Empty, Level = v.Level, PeriodType = v.PeriodType, PeriodStart = v.PeriodStart, Value = v.Value, Symbol = v.Symbol })
            .ToListAsync();
        Lap("neighbours' figures for the periods ranked in");
        var commentary = await db.MeasureCommentaries.AsNoTracking().Where(c => ids.Contains(c.MeasureId)).Where(c => c.ReplacedAtUtc == null).ToListAsync();
        Lap("commentary");
        return measures.Count + 1 + neighbours.Count + observations.Count + comparators.Count + neighbourFigures.Count + commentary.Count;
    }

    // ---------------------------------------------------------------- report

    private static void Report(string provider, List<LoadResult> results, DashboardResult? dashboard, int loadRuns, int iterations)
    {
        Console.WriteLine();
        Console.WriteLine($"{provider}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; loads: {loadRuns} timed runs each after a warm-up on small files, each into a fresh partnership of {MeasureSamples.MeasureCount} measures, the raw parse just before each; memory: one run of each step in a fresh child process.");
        var timed = results.Where(r => r.Load.Count > 0).ToList();
        foreach (var failed in results.Where(r => r.Failure is not null))
        {
            Console.WriteLine();
            var rawMs = failed.Raw.Count > 0 ? Stats.Of(failed.Raw).Median : failed.RawChild?.Ms ?? 0;
            Console.WriteLine($"**{failed.Name} ({failed.Rows:N0} rows): the load failed** with `{failed.Failure}`. Raw parse of the same file: {rawMs:F0} ms.");
        }

        if (timed.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| File | Rows | Size | Raw parse median (ms) | Load median (ms) | Load min–max (ms) | Load ÷ raw parse | Rows per second (load) | Added | Suppressed kept |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in timed)
            {
                var raw = Median(r.Raw);
                var load = Median(r.Load);
                Console.WriteLine($"| {r.Name} | {r.Rows:N0} | {r.Bytes / 1024 / 1024} MB | {raw:F0} | {load:F0} | {r.Load.Min():F0}–{r.Load.Max():F0} ({r.Load.Count} runs) | {load / raw:F1} | {r.Rows / (load / 1000):N0} | {r.Outcome!.Added:N0} | {r.Outcome.Suppressed:N0} |");
            }

            foreach (var r in timed.Where(r => r.Reload is not null))
            {
                var (ms, again) = r.Reload!.Value;
                Console.WriteLine();
                Console.WriteLine($"{r.Name} loaded again into the same partnership (one run; every figure compared with the one recorded): {ms:F0} ms, {ms / Median(r.Raw):F1} times the raw parse; {again.Added:N0} added, {again.Corrected:N0} corrected, {again.Unchanged:N0} unchanged.");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Memory, each step in a fresh child process that first starts the app as the benchmark does (peak working set = `Process.PeakWorkingSet64` at the end; managed heap sampled every 5 ms):");
        Console.WriteLine();
        Console.WriteLine("| File | Rows | Step | Time (ms, cold) | Working set before (MB) | Peak working set (MB) | Peak working set ÷ raw parse's | Peak managed heap (MB) | Largest heap after a GC (MB) | Allocated (MB) | GCs (0/1/2) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            foreach (var child in new[] { r.RawChild, r.LoadChild }.OfType<ChildResult>())
            {
                if (r.RawChild is null)
                {
                    continue;
                }

                var step = child.Mode == "raw" ? "Raw parse (baseline)" : "Load (`LoadFileAsync`)";
                Console.WriteLine($"| {r.Name} | {r.Rows:N0} | {step} | {child.Ms:F0} | {Mb(child.WorkingSetBefore)} | {Mb(child.PeakWorkingSet)} | {(double)child.PeakWorkingSet / r.RawChild!.PeakWorkingSet:F2} | {Mb(child.PeakHeap)} | {Mb(child.PeakHeapAfterGc)} | {Mb(child.Allocated):N0} | {child.Gen0}/{child.Gen1}/{child.Gen2} |");
            }
        }

        foreach (var r in timed.Where(r => r.Phases is not null))
        {
            var p = r.Phases!;
            Console.WriteLine();
            Console.WriteLine($"Where the time goes, {r.Name} ({r.Rows:N0} rows), one more load taken apart (ms): detect the format {p.DetectFormat:F0}; describe the DfE file's indicators (`DescribeEes`, two passes) {p.Describe:F0}; "
                + $"load the partnership's measures and councils {p.Context:F0}; SHA-256 of the file {p.Hash:F0}; the load's record {p.Record:F0}; "
                + $"reading the CSV (inside the loader) {p.Parse:F0}; checking and staging the rows {p.CheckAndStage:F0} (of which staging statements {p.StageStatements:F0}); "
                + $"after the last row {p.AfterRows:F0} (index on the staged rows {p.Index:F0}, duplicate check {p.Duplicates:F0}, writing the figures {p.Apply:F0}); commit {p.Commit:F0}; total {p.Total:F0}.");
        }

        var large = timed.FirstOrDefault(r => r.Name.StartsWith("Observations", StringComparison.Ordinal));
        var small = results.FirstOrDefault(r => r.Name.StartsWith("Observations", StringComparison.Ordinal) && r.Load.Count == 0);
        if (large is null && results.Any(r => r.Name.StartsWith("Observations", StringComparison.Ordinal) && r.Failure is not null))
        {
            Console.WriteLine();
            Console.WriteLine("Goals (1,000,000 rows under 10 s; memory that does not grow with file size): not measurable, the load fails.");
        }

        if (large is not null)
        {
            var load = Median(large.Load);
            Console.WriteLine();
            Console.WriteLine($"Goal (1,000,000 rows under 10 s): {load / 1000:F1} s, {(load < 10_000 ? "met" : "missed")}.");
            if (small?.LoadChild is { } s && large.LoadChild is { } l)
            {
                Console.WriteLine($"Goal (memory does not grow with file size): loading {small.Rows:N0} rows peaked at {Mb(s.PeakWorkingSet)} MB working set and {Mb(s.PeakHeap)} MB managed heap; "
                    + $"{large.Rows:N0} rows at {Mb(l.PeakWorkingSet)} MB and {Mb(l.PeakHeap)} MB: {Mb(l.PeakWorkingSet - s.PeakWorkingSet):+#;-#;0} MB and {Mb(l.PeakHeap - s.PeakHeap):+#;-#;0} MB for {(double)large.Rows / small.Rows:0.#} times the rows.");
            }
        }

        if (dashboard is not null)
        {
            var d = Stats.Of(dashboard.Dashboard);
            var r = Stats.Of(dashboard.Reads);
            Console.WriteLine();
            Console.WriteLine($"Dashboard: {dashboard.Shape}. {iterations} timed runs after {DashboardWarmUps} warm-ups, interleaved, each in a fresh scope.");
            Console.WriteLine();
            Console.WriteLine("| Measure | Median (ms) | Min (ms) | p10–p90 (ms) | Max (ms) | Allocated (MB) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine($"| Dashboard (`MeasureFigures.DashboardAsync`) | {d.Median:F1} | {dashboard.Dashboard.Min():F1} | {d.P10:F1}–{d.P90:F1} | {dashboard.Dashboard.Max():F1} | {Mb(dashboard.Allocated)} |");
            Console.WriteLine($"| Database reads alone (baseline) | {r.Median:F1} | {dashboard.Reads.Min():F1} | {r.P10:F1}–{r.P90:F1} | {dashboard.Reads.Max():F1} | {Mb(dashboard.ReadsAllocated)} |");
            Console.WriteLine();
            Console.WriteLine($"The reads alone by query (medians of further runs, ms): {dashboard.ReadsByQuery}.");
            Console.WriteLine();
            Console.WriteLine($"Dashboard ÷ reads alone: {d.Median / r.Median:F2}. Goal (under 150 ms): {(d.Median < 150 ? "met" : "missed")} (median {d.Median:F0} ms, p90 {d.P90:F0} ms).");
        }

        using var self = Process.GetCurrentProcess();
        Console.WriteLine();
        Console.WriteLine($"Peak working set of the benchmark process itself (app, set-up and the timed runs): {Mb(self.PeakWorkingSet64)} MB.");
    }

    // ---------------------------------------------------------------- helpers

    private static int Int(string[] args, string name, int fallback) =>
        BenchHost.Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static double Time(Action work)
    {
        var watch = Stopwatch.StartNew();
        work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static long Mb(long bytes) => bytes / 1024 / 1024;

    /// <summary>The middle value, or the mean of the middle two (loads have few runs).</summary>
    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The database's plan for a query, as EF Core sends it (parameters bound): SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN.</summary>
    private static async Task<string> ExplainAsync<T>(AppDbContext db, IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        var sqlite = db.Database.GetDbConnection() is SqliteConnection;
        command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(sqlite ? 3 : 0).Trim());
            }

            // Long lists of ids and series shortened to their first items.
            return System.Text.RegularExpressions.Regex.Replace(string.Join(" / ", lines), "'\\{([^,}]*,[^,}]*),[^}]*\\}'", "'{$1,…}'");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class ChildFailedException(string message) : Exception(message);

    /// <summary>A database of the benchmark's own in the PostgreSQL server given, dropped at the end.</summary>
    private sealed class ScratchDatabase : IAsyncDisposable
    {
        private readonly string _server;
        private readonly string _name;

        private ScratchDatabase(string server, string name, string connectionString)
        {
            _server = server;
            _name = name;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        public static async Task<ScratchDatabase> CreateAsync(string server)
        {
            var name = $"send_bench_measures_{Guid.NewGuid():N}"[..32];
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            Console.Error.WriteLine($"Created the database {name}");
            return new ScratchDatabase(server, name, builder.ConnectionString);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
            Console.Error.WriteLine($"Dropped the database {_name}");
        }
    }
}

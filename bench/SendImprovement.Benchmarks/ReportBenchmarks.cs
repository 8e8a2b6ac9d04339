using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;

namespace SendImprovement.Benchmarks;

// Measures each report kind in HTML and in Word for the latest of 24 closed periods of the large generated plan,
// and closing a period of that plan, each against a baseline measured in the same run. Usage:
//   dotnet run -c Release --project bench/SendImprovement.Benchmarks -- --reports [--postgres "Host=...;Username=...;Database=..."]
//       [--iterations 40] [--close-runs 10]
// Results are printed as Markdown for docs/benchmarks.md. These are measurements, not tests: nothing here fails.
public static class ReportBenchmarks
{
    private const int Months = 24;
    private const int WarmUps = 5;
    private const int CloseWarmUps = 2;
    private const int ProfileRuns = 10;

    private sealed record ReportResult(string Kind, string Format, Stats Report, Stats Baseline, int Bytes, long Allocated);

    public static async Task RunAsync(string[] args)
    {
        var postgres = BenchHost.Option(args, "--postgres");
        var iterations = int.Parse(BenchHost.Option(args, "--iterations") ?? "40", CultureInfo.InvariantCulture);
        var closeRuns = int.Parse(BenchHost.Option(args, "--close-runs") ?? "10", CultureInfo.InvariantCulture);
        await using var host = BenchHost.Create(postgres);
        var services = host.App.Services;
        var admin = Actor.System("Benchmark");

        Console.Error.WriteLine($"Generating the plan and {Months} closed periods on {host.Provider}...");
        var generation = Stopwatch.StartNew();
        var plan = await LargePlan.CreateAsync(services, ratingHistoryDays: Months * 365 / 12);
        var history = await ReportingHistory.CreateAsync(services, plan, Months);
        Console.Error.WriteLine($"Generated in {generation.Elapsed.TotalSeconds:F0} s");
        var peakAfterGeneration = Process.GetCurrentProcess().PeakWorkingSet64;
        var periodId = history.LatestPeriodId;

        var results = new List<ReportResult>();
        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            foreach (var format in (ReportFormat[])[ReportFormat.Html, ReportFormat.Docx])
            {
                results.Add(await MeasureReportAsync(kind, format));
            }
        }

        var peakAfterReports = Process.GetCurrentProcess().PeakWorkingSet64;
        var profile = await ProfileAsync();
        var (close, build, closeBytes) = await MeasureCloseAsync();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        Console.WriteLine();
        Console.WriteLine($"Plan: {plan.Actions} actions, {plan.Milestones} milestones, {plan.Ratings} rating records over {Months} months; "
            + $"{history.Periods} closed monthly periods with {history.Notes} progress notes, {history.Updates} updates and {history.Reviews} section reviews; "
            + $"reports for {history.LatestName} (snapshot of {history.SnapshotItems} items, {history.SnapshotBytes / 1024} KB compressed); "
            + $"{host.Provider}; {iterations} timed runs after {WarmUps} warm-up runs; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| Report | Format | Median (ms) | p10–p90 (ms) | Baseline median (ms) | Baseline p10–p90 (ms) | Report ÷ baseline | Size | Allocated per report |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Kind} | {r.Format} | {r.Report.Median:F1} | {r.Report.P10:F1}–{r.Report.P90:F1} | {r.Baseline.Median:F1} | {r.Baseline.P10:F1}–{r.Baseline.P90:F1} | {r.Report.Median / r.Baseline.Median:F2} | {r.Bytes / 1024} KB | {r.Allocated / 1024 / 1024} MB |");
        }

        Console.WriteLine();
        Console.WriteLine($"| Measure | Median (ms) | p10–p90 (ms) | Baseline: SnapshotBuilder.BuildAsync median (ms) | Baseline p10–p90 (ms) | Close ÷ baseline | Snapshot size |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| Closing a period ({closeRuns} runs after {CloseWarmUps} warm-ups) | {close.Median:F0} | {close.P10:F0}–{close.P90:F0} | {build.Median:F0} | {build.P10:F0}–{build.P90:F0} | {close.Median / build.Median:F2} | {closeBytes / 1024} KB |");
        var rounds = Stats.Of([.. history.CloseTimes.Skip(1)]);
        Console.WriteLine();
        Console.WriteLine($"Closing each of the {Months} generated periods, after its update round (not interleaved; the first left out): median {rounds.Median:F0} ms, p10–p90 {rounds.P10:F0}–{rounds.P90:F0} ms.");

        Console.WriteLine();
        Console.WriteLine($"Where the time goes (medians of {ProfileRuns} runs, ms; snapshot = PeriodService.FindAsync and SnapshotAsync, with EasyReadAsync for easy-read):");
        Console.WriteLine();
        Console.WriteLine("| Report | Snapshot read | Build document | Render HTML | Render Word | Table rows | Blocks |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (kind, snapshot, document, html, word, rows, blocks) in profile.Rows)
        {
            Console.WriteLine($"| {kind} | {snapshot:F1} | {document:F1} | {html:F1} | {word:F1} | {rows} | {blocks} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Serialising and compressing the snapshot (PlanSnapshot.ToCompressedJson): median {profile.Compress:F0} ms.");
        Console.WriteLine();
        Console.WriteLine($"Peak working set of the whole process: {peakAfterGeneration / 1024 / 1024} MB after generating the plan and its periods; "
            + $"{peakAfterReports / 1024 / 1024} MB after the report measurements; {peak / 1024 / 1024} MB at the end.");

        async Task<ReportResult> MeasureReportAsync(ReportKind kind, ReportFormat format)
        {
            var bytes = 0;
            byte[] output = [];
            async Task Report()
            {
                using var scope = services.CreateScope();
                var file = await scope.ServiceProvider.GetRequiredService<ReportService>().GenerateAsync(admin, periodId, kind, format);
                bytes = file.Content.Length;
            }

            // Reading the same snapshot row, decompressing and deserialising it, and writing as many bytes as the report.
            async Task Baseline()
            {
                using var scope = services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var content = await db.PeriodSnapshots.AsNoTracking()
                    .Where(s => s.ReportingPeriodId == periodId)
                    .OrderByDescending(s => s.Id)
                    .Select(s => s.Content)
                    .FirstAsync();
                _ = PlanSnapshot.FromCompressedJson(content);
                using var stream = new MemoryStream();
                stream.Write(output);
            }

            // Interleave the two so that noise on this shared machine hits both alike.
            for (var i = 0; i < WarmUps; i++)
            {
                await Report();
                if (output.Length != bytes)
                {
                    output = new byte[bytes];
                    Random.Shared.NextBytes(output);
                }

                await Baseline();
            }

            var reportTimes = new List<double>();
            var baselineTimes = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                reportTimes.Add(await TimeAsync(Report));
                baselineTimes.Add(await TimeAsync(Baseline));
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            await Report();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.Error.WriteLine($"{kind} {format}: {Stats.Of(reportTimes).Median:F1} ms");
            return new ReportResult(ReportBuilder.Slug(kind), format == ReportFormat.Html ? "HTML" : "Word", Stats.Of(reportTimes), Stats.Of(baselineTimes), bytes, allocated);
        }

        async Task<(List<(string, double, double, double, double, int, int)> Rows, double Compress)> ProfileAsync()
        {
            var rows = new List<(string, double, double, double, double, int, int)>();
            PlanSnapshot? last = null;
            foreach (var kind in Enum.GetValues<ReportKind>())
            {
                var read = new List<double>();
                var build = new List<double>();
                var html = new List<double>();
                var word = new List<double>();
                ReportDocument? document = null;
                for (var i = 0; i < ProfileRuns + 1; i++)
                {
                    PlanSnapshot snapshot = null!;
                    IReadOnlyList<EasyReadSection>? easyRead = null;
                    var t = await TimeAsync(async () =>
                    {
                        using var scope = services.CreateScope();
                        var periods = scope.ServiceProvider.GetRequiredService<PeriodService>();
                        var period = await periods.FindAsync(admin, periodId);
                        snapshot = await periods.SnapshotAsync(period);
                        if (kind == ReportKind.EasyRead)
                        {
                            easyRead = await scope.ServiceProvider.GetRequiredService<ReportService>().EasyReadAsync(period.Id, snapshot);
                        }
                    });
                    var watch = Stopwatch.StartNew();
                    document = ReportBuilder.Build(kind, snapshot, easyRead);
                    var b = watch.Elapsed.TotalMilliseconds;
                    watch.Restart();
                    _ = HtmlReport.RenderBytes(document);
                    var h = watch.Elapsed.TotalMilliseconds;
                    watch.Restart();
                    _ = WordReport.Render(document);
                    var w = watch.Elapsed.TotalMilliseconds;
                    if (i > 0)
                    {
                        read.Add(t);
                        build.Add(b);
                        html.Add(h);
                        word.Add(w);
                    }

                    last = snapshot;
                }

                var tableRows = document!.Blocks.OfType<ReportTable>().Sum(t => t.Rows.Count);
                rows.Add((ReportBuilder.Slug(kind), Stats.Of(read).Median, Stats.Of(build).Median, Stats.Of(html).Median, Stats.Of(word).Median, tableRows, document.Blocks.Count));
            }

            var compress = new List<double>();
            for (var i = 0; i < ProfileRuns + 1; i++)
            {
                var watch = Stopwatch.StartNew();
                _ = last!.ToCompressedJson();
                if (i > 0)
                {
                    compress.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            return (rows, Stats.Of(compress).Median);
        }

        // Each run opens a fresh period after the latest, and closes it; the baseline is the snapshot's reads alone.
        async Task<(Stats Close, Stats Build, int Bytes)> MeasureCloseAsync()
        {
            var closeTimes = new List<double>();
            var buildTimes = new List<double>();
            var bytes = 0;
            var asAt = history.LatestAsAt;
            for (var run = 0; run < CloseWarmUps + closeRuns; run++)
            {
                asAt = ReportingHistory.EndOfMonth(asAt.AddDays(1));
                ReportingPeriod period;
                using (var scope = services.CreateScope())
                {
                    period = await scope.ServiceProvider.GetRequiredService<PeriodService>()
                        .OpenAsync(admin, plan.PlanId, new NewPeriod($"Close run {run + 1}", asAt, asAt.AddDays(-7), PeriodCadence.Monthly));
                }

                async Task Close()
                {
                    using var scope = services.CreateScope();
                    var stored = await scope.ServiceProvider.GetRequiredService<PeriodService>().CloseAsync(admin, period.Id, period.Version);
                    bytes = stored.Content.Length;
                }

                async Task Build()
                {
                    using var scope = services.CreateScope();
                    _ = await scope.ServiceProvider.GetRequiredService<SnapshotBuilder>().BuildAsync(period.Id);
                }

                // Alternate which goes first, so that neither always finds the database's cache warmed by the other.
                double close, build;
                if (run % 2 == 0)
                {
                    close = await TimeAsync(Close);
                    build = await TimeAsync(Build);
                }
                else
                {
                    build = await TimeAsync(Build);
                    close = await TimeAsync(Close);
                }

                if (run >= CloseWarmUps)
                {
                    closeTimes.Add(close);
                    buildTimes.Add(build);
                }

                Console.Error.WriteLine($"Close run {run + 1}: close {close:F0} ms, build {build:F0} ms");
            }

            return (Stats.Of(closeTimes), Stats.Of(buildTimes), bytes);
        }

        static async Task<double> TimeAsync(Func<Task> work)
        {
            var watch = Stopwatch.StartNew();
            await work();
            return watch.Elapsed.TotalMilliseconds;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Users;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SendImprovement.Benchmarks;

// Measures importing a generated 10,000-row strategy spreadsheet and a 300-row inspection plan in Word: reading,
// reading with normalising and building the preview, and committing, each against a raw read of the same file with
// the same library (the Open XML SDK) measured in the same run. Usage:
//   dotnet run -c Release --project bench/SendImprovement.Benchmarks -- --imports [--postgres "Host=...;Username=...;Database=..."]
//       [--iterations 20] [--commit-runs 5] [--rows 10000] [--word-rows 300] [--only xlsx|docx] [--save-samples DIR]
// Results are printed as Markdown for docs/benchmarks.md. These are measurements, not tests: nothing here fails.
public static class ImportBenchmarks
{
    private const int WarmUps = 3;
    private const int CommitWarmUps = 1;
    private const int Seed = 4;

    private sealed record StepResult(string Step, List<double> Times, long PeakBytes, long StartBytes, long Allocated);

    private sealed record FileResult(SampleFile File, string Shape, List<StepResult> Steps, (double Read, double Context, double Build) Phases, CommitFacts Commit);

    private sealed record CommitFacts(int Items, int Ratings, int Revisions, int Notes, int Assignments, int PeopleAdded, int AuditChanges, long AuditJsonBytes, long OutcomeJsonBytes, double UploadMedian);

    public static async Task RunAsync(string[] args)
    {
        var postgres = BenchHost.Option(args, "--postgres");
        var iterations = int.Parse(BenchHost.Option(args, "--iterations") ?? "20", CultureInfo.InvariantCulture);
        var commitRuns = int.Parse(BenchHost.Option(args, "--commit-runs") ?? "5", CultureInfo.InvariantCulture);
        var rows = int.Parse(BenchHost.Option(args, "--rows") ?? "10000", CultureInfo.InvariantCulture);
        var wordRows = int.Parse(BenchHost.Option(args, "--word-rows") ?? "300", CultureInfo.InvariantCulture);

        Console.Error.WriteLine("Generating the files...");
        var only = BenchHost.Option(args, "--only");
        var files = new[] { ImportSamples.StrategyWorkbook(rows, Seed), ImportSamples.InspectionDocument(wordRows, Seed) }
            .Where(f => only is null || f.FileName.EndsWith("." + only, StringComparison.Ordinal))
            .ToList();
        if (BenchHost.Option(args, "--save-samples") is { } folder)
        {
            Directory.CreateDirectory(folder);
            foreach (var file in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, file.FileName), file.Content);
            }
        }

        await using var host = BenchHost.Create(postgres);
        var services = host.App.Services;
        var results = new List<FileResult>();
        foreach (var file in files)
        {
            results.Add(await MeasureFileAsync(services, file, iterations, commitRuns));
        }

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine();
        Console.WriteLine($"{host.Provider}; {iterations} timed runs of each step after {WarmUps} warm-ups, interleaved; {commitRuns} commits after {CommitWarmUps} warm-up; {Environment.ProcessorCount} cores; .NET {Environment.Version}.");
        foreach (var r in results)
        {
            Console.WriteLine();
            Console.WriteLine($"**{r.File.Name}**: {r.File.Content.Length / 1024} KB, {r.File.DataRows:N0} data rows. {r.Shape}");
            Console.WriteLine();
            Console.WriteLine("| Step | Median (ms) | Min (ms) | p10–p90 (ms) | Median ÷ raw read | Peak working set (MB) | Rise during the step (MB) | Allocated (MB) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            var raw = Stats.Of(r.Steps[0].Times).Median;
            foreach (var step in r.Steps)
            {
                var stats = Stats.Of(step.Times);
                Console.WriteLine($"| {step.Step} | {stats.Median:F0} | {step.Times.Min():F0} | {stats.P10:F0}–{stats.P90:F0} | {stats.Median / raw:F2} | {Mb(step.PeakBytes)} | {Mb(step.PeakBytes - step.StartBytes)} | {Mb(step.Allocated)} |");
            }

            Console.WriteLine();
            Console.WriteLine($"Where the preview's time goes (medians, ms): reading the file {r.Phases.Read:F0}; loading what is stored (`LoadContextAsync`) {r.Phases.Context:F0}; normalising and building the preview (`PlanImport.Build`) {r.Phases.Build:F0}.");
            var c = r.Commit;
            Console.WriteLine($"Commit wrote {c.Items:N0} items, {c.Ratings:N0} ratings, {c.Revisions:N0} deadline revisions, {c.Notes:N0} progress notes and {c.Assignments:N0} lead assignments ({c.PeopleAdded} people added); "
                + $"its audit entry lists {c.AuditChanges:N0} changed values in {c.AuditJsonBytes / 1024:N0} KB of JSON; the import record's outcome is {c.OutcomeJsonBytes / 1024:N0} KB. Upload (`UploadAsync`, which reads the file once to check it) median {c.UploadMedian:F0} ms.");
            var preview = Stats.Of(r.Steps[2].Times).Median;
            if (r.File.DataRows >= 10_000)
            {
                Console.WriteLine($"Goal (preview under 3 s and within 4 times the raw read): {preview / 1000:F2} s and {preview / raw:F2}× — {(preview < 3000 && preview / raw <= 4 ? "met" : "missed")}.");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Peak working set of the whole process (app, generated files, every step): {Mb(peak)} MB.");
    }

    private static async Task<FileResult> MeasureFileAsync(IServiceProvider services, SampleFile file, int iterations, int commitRuns)
    {
        var partnershipId = await NewPartnershipAsync(services);
        var settings = new ImportSettings { KindKey = file.KindKey, PlanName = "Imported plan" };

        // What the file becomes, once.
        ImportPreview described;
        using (var scope = services.CreateScope())
        {
            described = await scope.ServiceProvider.GetRequiredService<ImportService>().PreviewFileAsync(partnershipId, file.FileName, new MemoryStream(file.Content), settings, null);
        }

        var shape = Describe(described, file);
        Console.Error.WriteLine($"{file.Name}: {shape}");

        Task Raw()
        {
            _ = file.FileName.EndsWith(".xlsx", StringComparison.Ordinal) ? RawXlsx(file.Content) : RawDocx(file.Content);
            return Task.CompletedTask;
        }

        Task Read()
        {
            _ = ImportService.ReadTables(file.FileName, new MemoryStream(file.Content, writable: false));
            return Task.CompletedTask;
        }

        async Task Preview()
        {
            using var scope = services.CreateScope();
            _ = await scope.ServiceProvider.GetRequiredService<ImportService>().PreviewFileAsync(partnershipId, file.FileName, new MemoryStream(file.Content, writable: false), settings, null);
        }

        // The preview again, its three phases timed apart: the reader, the stored context, and PlanImport.Build.
        List<double> readPhase = [], contextPhase = [], buildPhase = [];
        async Task Phases()
        {
            var watch = Stopwatch.StartNew();
            var tables = ImportService.ReadTables(file.FileName, new MemoryStream(file.Content, writable: false));
            readPhase.Add(watch.Elapsed.TotalMilliseconds);
            using var scope = services.CreateScope();
            watch.Restart();
            var context = await scope.ServiceProvider.GetRequiredService<ImportService>().LoadContextAsync(partnershipId, null, settings.KindKey);
            contextPhase.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            _ = PlanImport.Build(tables, settings, context);
            buildPhase.Add(watch.Elapsed.TotalMilliseconds);
        }

        (string Name, Func<Task> Work)[] steps =
        [
            ("Raw read with the Open XML SDK (baseline)", Raw),
            ($"Read (`{(file.FileName.EndsWith(".xlsx", StringComparison.Ordinal) ? "SpreadsheetReader.ReadXlsx" : "WordTableReader.ReadDocx")}`)", Read),
            ("Read, normalise and build the preview (`ImportService.PreviewFileAsync`)", Preview),
            ("Phases", Phases),
        ];
        for (var i = 0; i < WarmUps; i++)
        {
            foreach (var (_, work) in steps)
            {
                await work();
            }
        }

        readPhase.Clear();
        contextPhase.Clear();
        buildPhase.Clear();

        // Interleaved, and the order turned each run, so that noise on this shared machine hits every step alike.
        var times = steps.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < iterations; i++)
        {
            for (var k = 0; k < steps.Length; k++)
            {
                var s = (k + i) % steps.Length;
                times[s].Add(await TimeAsync(steps[s].Work));
            }
        }

        var results = new List<StepResult>();
        for (var s = 0; s < steps.Length - 1; s++)
        {
            var (peakBytes, startBytes, allocated) = await MemoryAsync(steps[s].Work);
            results.Add(new StepResult(steps[s].Name, times[s], peakBytes, startBytes, allocated));
            Console.Error.WriteLine($"{file.Name}, {steps[s].Name}: median {Stats.Of(times[s]).Median:F0} ms");
        }

        var phases = (Stats.Of(readPhase).Median, Stats.Of(contextPhase).Median, Stats.Of(buildPhase).Median);
        var (commit, facts) = await CommitAsync(services, file, commitRuns);
        results.Add(commit);
        return new FileResult(file, shape, results, phases, facts);
    }

    /// <summary>A fresh partnership with two areas and 20 people, whose initials match two thirds of the file's leads.</summary>
    private static async Task<int> NewPartnershipAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var admin = Actor.System("Benchmark");
        var partnership = await sp.GetRequiredService<PartnershipService>().CreatePartnershipAsync(admin, $"Import bench {Guid.NewGuid():N}", ["North", "South"], ["Bench Council"]);
        foreach (var (name, initials) in ImportSamples.KnownPeople)
        {
            await sp.GetRequiredService<PeopleService>().AddPersonAsync(admin, partnership.Id, new PersonDetails(name, initials, null, null, null));
        }

        return partnership.Id;
    }

    private static Actor Lead(int partnershipId) => new("bench-import-lead", "Bench lead", Roles.ProgrammeLead, partnershipId, null);

    /// <summary>Each run imports the file as a new plan of a fresh partnership: upload, keep the unreadable cells, commit.</summary>
    private static async Task<(StepResult Step, CommitFacts Facts)> CommitAsync(IServiceProvider services, SampleFile file, int runs)
    {
        var commitTimes = new List<double>();
        var uploadTimes = new List<double>();
        long peakBytes = 0, startBytes = 0, allocated = 0;
        CommitFacts? facts = null;
        for (var run = 0; run < CommitWarmUps + runs; run++)
        {
            var partnershipId = await NewPartnershipAsync(services);
            var lead = Lead(partnershipId);
            ImportRecord record = null!;
            var upload = await TimeAsync(async () =>
            {
                using var scope = services.CreateScope();
                record = await scope.ServiceProvider.GetRequiredService<ImportService>().UploadAsync(
                    lead, partnershipId, file.FileName, new MemoryStream(file.Content, writable: false), new ImportSettings { KindKey = file.KindKey, PlanName = $"Imported plan {run + 1}" }, null);
            });
            using (var scope = services.CreateScope())
            {
                record = await scope.ServiceProvider.GetRequiredService<ImportService>().SaveChoicesAsync(lead, record.Id, record.Version, s => s.KeepUnreadable = true);
            }

            ImportOutcome outcome = null!;
            async Task Commit()
            {
                using var scope = services.CreateScope();
                outcome = await scope.ServiceProvider.GetRequiredService<ImportService>().CommitAsync(lead, record.Id, record.Version);
            }

            double commit;
            if (run == CommitWarmUps)
            {
                // The first timed run also gives the memory figures (sampling costs a little time, on every step alike).
                (peakBytes, startBytes, allocated, commit) = await MemoryAndTimeAsync(Commit);
            }
            else
            {
                commit = await TimeAsync(Commit);
            }

            Console.Error.WriteLine($"{file.Name}, commit run {run + 1}: upload {upload:F0} ms, commit {commit:F0} ms");
            if (run >= CommitWarmUps)
            {
                commitTimes.Add(commit);
                uploadTimes.Add(upload);
            }

            if (run == CommitWarmUps + runs - 1)
            {
                facts = await FactsAsync(services, record.Id, partnershipId, outcome);
            }
        }

        return (new StepResult("Commit as a new plan (`ImportService.CommitAsync`: preview again, write, audit)", commitTimes, peakBytes, startBytes, allocated),
            facts! with { UploadMedian = Stats.Of(uploadTimes).Median });
    }

    private static async Task<CommitFacts> FactsAsync(IServiceProvider services, int importId, int partnershipId, ImportOutcome outcome)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var planId = await db.ImportRecords.Where(r => r.Id == importId).Select(r => r.PlanId!.Value).SingleAsync();
        var outcomeJson = await db.ImportRecords.Where(r => r.Id == importId).Select(r => r.OutcomeJson).SingleAsync() ?? string.Empty;
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.PartnershipId == partnershipId && a.Action == "Plan imported").SingleAsync();
        using var json = System.Text.Json.JsonDocument.Parse(audit.ChangesJson);
        var changes = json.RootElement.GetArrayLength();
        return new CommitFacts(
            await db.PlanItems.CountAsync(i => i.PlanId == planId),
            await db.Ratings.CountAsync(r => r.PlanItem.PlanId == planId),
            await db.DeadlineRevisions.CountAsync(r => r.PlanItem.PlanId == planId),
            await db.ProgressNotes.CountAsync(n => n.PlanItem.PlanId == planId),
            await db.PlanItemAssignments.CountAsync(a => a.PlanItem.PlanId == planId),
            outcome.PeopleAdded.Count,
            changes,
            Encoding.UTF8.GetByteCount(audit.ChangesJson),
            Encoding.UTF8.GetByteCount(outcomeJson),
            0);
    }

    private static string Describe(ImportPreview preview, SampleFile file)
    {
        var byLevel = preview.Items.GroupBy(i => i.LevelName).Select(g => $"{g.Key} {g.Count():N0}");
        var readRows = preview.Tables.Sum(t => t.Rows.Count);
        return $"{preview.Tables.Count} table(s) of {readRows:N0} rows read; the preview takes \"{preview.Tables[preview.TableIndex].Name}\" "
            + $"({preview.Rows.Count:N0} rows below the header) and makes items by level: {string.Join(", ", byLevel)}; "
            + $"{preview.Warnings.Count:N0} warnings, {preview.Unreadable.Count} unreadable cells ({file.Unreadable} generated on purpose), {preview.Errors.Count} errors, "
            + $"{preview.Leads.Count} leads' initials or names ({preview.Leads.Count(l => l.MatchedPersonId is not null)} matched to people).";
    }

    // ---------------------------------------------------------------- baselines

    /// <summary>Opens the workbook and reads every cell's text, shared strings resolved, with the SDK's reader.</summary>
    internal static long RawXlsx(byte[] content)
    {
        long characters = 0;
        using var document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false);
        var workbook = document.WorkbookPart!;
        var shared = new List<string>();
        if (workbook.SharedStringTablePart is { } sharedPart)
        {
            using var reader = OpenXmlReader.Create(sharedPart);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(S.SharedStringItem) && reader.IsStartElement)
                {
                    shared.Add(reader.LoadCurrentElement()!.InnerText);
                }
            }
        }

        foreach (var worksheet in workbook.WorksheetParts)
        {
            using var reader = OpenXmlReader.Create(worksheet);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(S.Cell) && reader.IsStartElement)
                {
                    var cell = (S.Cell)reader.LoadCurrentElement()!;
                    var value = cell.CellValue?.Text ?? cell.InnerText;
                    var text = cell.DataType?.Value == S.CellValues.SharedString ? shared[int.Parse(value, CultureInfo.InvariantCulture)] : value;
                    characters += text.Length;
                }
            }
        }

        return characters;
    }

    /// <summary>Opens the document and reads the text of every table cell.</summary>
    internal static long RawDocx(byte[] content)
    {
        long characters = 0;
        using var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), false);
        foreach (var cell in document.MainDocumentPart!.Document!.Body!.Descendants<W.TableCell>())
        {
            characters += cell.InnerText.Length;
        }

        return characters;
    }

    // ---------------------------------------------------------------- timing and memory

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<(long Peak, long Start, long Allocated)> MemoryAsync(Func<Task> work)
    {
        var (peak, start, allocated, _) = await MemoryAndTimeAsync(work);
        return (peak, start, allocated);
    }

    /// <summary>
    /// One run after a full collection, with the working set sampled every 2 ms on another thread: the peak during the
    /// run, the working set at its start, and the bytes it allocated.
    /// </summary>
    private static async Task<(long Peak, long Start, long Allocated, double Ms)> MemoryAndTimeAsync(Func<Task> work)
    {
        // Aggressive: compacts and gives memory back to the system, so each step starts from what is still live.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var start = Environment.WorkingSet;
        long peak = start;
        var stop = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                var now = Environment.WorkingSet;
                if (now > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, now);
                }

                Thread.Sleep(2);
            }
        })
        { IsBackground = true };
        sampler.Start();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var ms = await TimeAsync(work);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Volatile.Write(ref stop, true);
        sampler.Join();
        return (Math.Max(Interlocked.Read(ref peak), Environment.WorkingSet), start, allocated, ms);
    }

    private static long Mb(long bytes) => bytes / 1024 / 1024;
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;
using SendImprovement.Web.Pages.Plans;

namespace SendImprovement.Benchmarks;

// Measures the plan page and the item page for a large generated plan, each against a baseline of the same
// database reads alone, measured in the same run. Usage:
//   dotnet run -c Release --project bench/SendImprovement.Benchmarks [-- --postgres "Host=...;Username=...;Database=..."]
// With --reports it measures the reports and closing a period instead (see ReportBenchmarks); with --imports, importing
// a generated spreadsheet and Word plan (see ImportBenchmarks); with --measures, loading files of figures and the
// measures dashboard (see MeasureBenchmarks); with --load, a load and soak run against the app as a child process (see
// LoadRun).
// Results are printed as Markdown for docs/benchmarks.md. These are measurements, not tests: nothing here fails.
public static class PageBenchmarks
{
    public static async Task Main(string[] args)
    {
        if (args.Contains(MeasureBenchmarks.ChildFlag))
        {
            await MeasureBenchmarks.RunChildAsync(args);
            return;
        }

        if (args.Contains("--measures"))
        {
            await MeasureBenchmarks.RunAsync(args);
            return;
        }

        if (args.Contains("--load"))
        {
            await LoadRun.RunAsync(args);
            return;
        }

        if (args.Contains("--reports"))
        {
            await ReportBenchmarks.RunAsync(args);
            return;
        }

        if (args.Contains("--imports"))
        {
            await ImportBenchmarks.RunAsync(args);
            return;
        }

        var postgres = BenchHost.Option(args, "--postgres");
        var iterations = int.Parse(BenchHost.Option(args, "--iterations") ?? "40", CultureInfo.InvariantCulture);
        await using var host = BenchHost.Create(postgres);
        var app = host.App;
        var provider = host.Provider;
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        Console.Error.WriteLine($"Generating the plan on {provider}...");
        var generated = await LargePlan.CreateAsync(app.Services);
        await SignIn.AsAsync(client, generated.Email, LargePlan.Password);

        var actor = new Actor(generated.UserId, "Bench lead", Roles.ProgrammeLead, generated.PartnershipId, null);
        var results = new List<(string Name, Stats Page, Stats Reads, long Bytes)>();

        results.Add(await MeasureAsync(
            "Plan page (/plans/{id})",
            $"/plans/{generated.PlanId}",
            async services => _ = await PlanTree.LoadAsync(services.GetRequiredService<AppDbContext>(), generated.PlanId)));
        results.Add(await MeasureAsync(
            "Plan page, filtered to Amber and Red",
            $"/plans/{generated.PlanId}?rating=Amber&rating=Red",
            async services => _ = await PlanTree.LoadAsync(services.GetRequiredService<AppDbContext>(), generated.PlanId)));
        results.Add(await MeasureAsync(
            "Item page (/items/{id}, an action with 5 milestones)",
            $"/items/{generated.ActionId}",
            async services =>
            {
                var page = ActivatorUtilities.CreateInstance<SendImprovement.Web.Pages.Items.ShowModel>(services);
                await page.LoadAsync(actor, generated.ActionId);
            }));

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine();
        Console.WriteLine($"Plan: {generated.Actions} actions, {generated.Milestones} milestones, {generated.Ratings} rating records; {provider}; {iterations} timed runs after 5 warm-up runs; {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| Measure | Page median (ms) | Page p10–p90 (ms) | Reads alone median (ms) | Reads p10–p90 (ms) | Page ÷ reads | HTML size |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, page, reads, bytes) in results)
        {
            Console.WriteLine($"| {name} | {page.Median:F1} | {page.P10:F1}–{page.P90:F1} | {reads.Median:F1} | {reads.P10:F1}–{reads.P90:F1} | {page.Median / reads.Median:F2} | {bytes / 1024} KB |");
        }

        Console.WriteLine();
        Console.WriteLine($"Peak working set of the whole process (app, generator and both measurements): {peak / 1024 / 1024} MB.");

        async Task<(string, Stats, Stats, long)> MeasureAsync(string name, string url, Func<IServiceProvider, Task> reads)
        {
            long bytes = 0;
            async Task Page()
            {
                using var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{url} gave {(int)response.StatusCode}");
                }

                bytes = body.Length;
            }

            async Task Reads()
            {
                using var scope = app.Services.CreateScope();
                await reads(scope.ServiceProvider);
            }

            // Interleave the two so that noise on this shared machine hits both alike.
            for (var i = 0; i < 5; i++)
            {
                await Page();
                await Reads();
            }

            var pageTimes = new List<double>();
            var readTimes = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                pageTimes.Add(await TimeAsync(Page));
                readTimes.Add(await TimeAsync(Reads));
            }

            Console.Error.WriteLine($"{name}: done");
            return (name, Stats.Of(pageTimes), Stats.Of(readTimes), bytes);
        }

        static async Task<double> TimeAsync(Func<Task> work)
        {
            var watch = Stopwatch.StartNew();
            await work();
            return watch.Elapsed.TotalMilliseconds;
        }
    }
}

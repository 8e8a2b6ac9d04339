using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SendImprovement.Core;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Benchmarks;

// Load and soak: the real web app (Release build) as a child process on 127.0.0.1, on a fresh database holding the
// demo partnership, driven by virtual users for a fixed time. Usage:
//   dotnet run -c Release --project bench/SendImprovement.Benchmarks -- --load [--postgres "Host=...;Username=...;Database=..."]
//       [--users 50] [--duration 300] [--warm-up 30] [--whole-plan-reads]
// Each virtual user signs in as its own account (even-numbered users as programme leads, odd-numbered as contributors
// who lead some actions) and repeats, with no pause between requests, a mix of page reads, API reads with its own
// token, and ratings and progress notes posted through the forms with antiforgery tokens. Its plan reads are a BI tool
// refreshing often, as the README advises: the whole plan the first time, then what changed since its last read
// (?since=, with a minute's overlap); --whole-plan-reads reads the whole plan every time instead. A 409 from the rating form
// (someone else rated the item since the form was read) is the product's conflict page: expected, counted apart.
// Requests during the warm-up are not counted. When the warm-up's requests and the measured run's have finished, the
// app's resident set is read from /proc and its live managed heap after a full collection from the runtime's counters
// (RuntimeCounters); during the run, both every 30 s. The driver stops by itself, then stops the app and drops the database. Results are Markdown.
public static partial class LoadRun
{
    private const string Password = "load-run-passphrase-for-soak";

    public static async Task RunAsync(string[] args)
    {
        var postgres = BenchHost.Option(args, "--postgres");
        var userCount = Int(args, "--users", 50);
        var duration = TimeSpan.FromSeconds(Int(args, "--duration", 300));
        var warmUp = TimeSpan.FromSeconds(Int(args, "--warm-up", 30));
        var wholePlanReads = args.Contains("--whole-plan-reads");

        await using var database = await LoadDatabase.CreateAsync(postgres);
        Console.Error.WriteLine($"Preparing a fresh {database.Provider} database with the demo partnership and {userCount} accounts...");
        var world = await LoadWorld.PrepareAsync(database, userCount);

        using var app = AppProcess.Start(database);
        Console.Error.WriteLine($"Started the app (process {app.Id}) at {app.BaseAddress}; log: {app.LogPath}");
        try
        {
            await app.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
            using var counters = RuntimeCounters.Attach(app.Id);
            var users = new List<VirtualUser>();
            foreach (var account in world.Accounts)
            {
                users.Add(await VirtualUser.SignInAsync(app.BaseAddress, account, world, wholePlanReads));
            }

            Console.Error.WriteLine($"{users.Count} users signed in{(wholePlanReads ? ", reading whole plans every time" : "")}; warming up for {warmUp.TotalSeconds:F0} s, then measuring for {duration.TotalSeconds:F0} s.");
            var loadAtStart = LoadAverage();
            var clock = Stopwatch.StartNew();

            // The warm-up: the same mix, not counted. Then, with no requests running, the app's memory and its live
            // heap after a full collection; the same again once the measured run is over.
            await Task.WhenAll(users.Select((user, index) => Task.Run(() => user.RunAsync(clock, TimeSpan.MaxValue, warmUp, seed: -1 - index))));
            var memoryAtStart = app.Memory();
            var restingAtStart = await AtRestAsync(app, counters);
            var samples = new List<MemorySample> { Sample(TimeSpan.Zero, memoryAtStart, counters) };

            var measureFrom = clock.Elapsed;
            var stopAt = measureFrom + duration;
            var running = users.Select((user, index) => Task.Run(() => user.RunAsync(clock, measureFrom, stopAt, seed: index))).ToList();
            while (clock.Elapsed < stopAt)
            {
                var wait = TimeSpan.FromSeconds(Math.Min(30, (stopAt - clock.Elapsed).TotalSeconds));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                samples.Add(Sample(clock.Elapsed - measureFrom, app.Memory(), counters));
                Console.Error.WriteLine($"  {clock.Elapsed - measureFrom:mm\\:ss} measured, {users.Sum(u => u.Results.Count)} requests, {samples[^1]}");
            }

            await Task.WhenAll(running);
            var measured = clock.Elapsed - measureFrom;
            var memoryAtEnd = app.Memory();
            var restingAtEnd = await AtRestAsync(app, counters);
            var loadAtEnd = LoadAverage();
            Report(database.Provider, app.Configuration, userCount, warmUp, duration, measured, users, memoryAtStart, memoryAtEnd, samples, restingAtStart, restingAtEnd, loadAtStart, loadAtEnd);
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static void Report(
        string provider,
        string configuration,
        int userCount,
        TimeSpan warmUp,
        TimeSpan duration,
        TimeSpan measured,
        List<VirtualUser> users,
        ProcessMemory atStart,
        ProcessMemory atEnd,
        List<MemorySample> samples,
        AtRest restingAtStart,
        AtRest restingAtEnd,
        string loadAtStart,
        string loadAtEnd)
    {
        var results = users.SelectMany(u => u.Results).ToList();
        var errors = users.SelectMany(u => u.Errors).ToList();
        Console.WriteLine();
        Console.WriteLine($"{userCount} virtual users for {duration.TotalMinutes:0.#} minutes after a {warmUp.TotalSeconds:F0} s warm-up, no pause between requests; {provider}; the app's {configuration} build on 127.0.0.1 (Development environment, for cookies over plain HTTP); {Environment.ProcessorCount} cores; load average {loadAtStart} at the start and {loadAtEnd} at the end.");
        Console.WriteLine();
        Console.WriteLine("| Kind | Requests | Errors | Conflicts (409, expected) | p50 (ms) | p95 (ms) | p99 (ms) | Max (ms) | Mean answer (KB), first minute → last minute |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(Row(group.Key, [.. group], measured));
        }

        Console.WriteLine(Row("**All**", results, measured));
        Console.WriteLine();
        var growth = (atEnd.RssKb - atStart.RssKb) * 100.0 / atStart.RssKb;
        Console.WriteLine($"Throughput: {results.Count / measured.TotalSeconds:F1} requests a second ({results.Count} requests in {measured.TotalSeconds:F0} s). Errors: {errors.Count}.");
        Console.WriteLine($"App memory (resident set, /proc/<pid>/status): {atStart.RssKb / 1024} MB after the warm-up, {atEnd.RssKb / 1024} MB at the end ({growth:+0.0;-0.0}%); peak {atEnd.PeakRssKb / 1024} MB.");
        Console.WriteLine($"Resident set every 30 s (MB): {string.Join(", ", samples.Select(s => (s.RssKb / 1024).ToString(CultureInfo.InvariantCulture)))}.");
        Console.WriteLine($"Managed heap every 30 s, live and garbage (MB, the runtime's gc-heap-size): {string.Join(", ", samples.Select(s => s.HeapMb.ToString("F0", CultureInfo.InvariantCulture)))}.");
        Console.WriteLine($"Memory the collector had committed every 30 s (MB, gc-committed): {string.Join(", ", samples.Select(s => s.CommittedMb.ToString("F0", CultureInfo.InvariantCulture)))}.");
        Console.WriteLine($"Thread-pool threads every 30 s: {string.Join(", ", samples.Select(s => s.Threads.ToString("F0", CultureInfo.InvariantCulture)))}.");
        var liveGrowth = (restingAtEnd.HeapMb - restingAtStart.HeapMb) * 100.0 / restingAtStart.HeapMb;
        var (rest, restEnd) = (restingAtStart.Memory, restingAtEnd.Memory);
        var restingGrowth = (restEnd.RssKb - rest.RssKb) * 100.0 / rest.RssKb;
        Console.WriteLine($"At rest (no request running, after a full blocking collection induced over the diagnostics port): resident set {rest.RssKb / 1024} MB after the warm-up, {restEnd.RssKb / 1024} MB at the end ({restingGrowth:+0.0;-0.0}%), of which anonymous memory {rest.AnonymousKb / 1024} and {restEnd.AnonymousKb / 1024} MB and mapped files {(rest.RssKb - rest.AnonymousKb) / 1024} and {(restEnd.RssKb - restEnd.AnonymousKb) / 1024} MB; live managed heap {restingAtStart.HeapMb:F1} and {restingAtEnd.HeapMb:F1} MB ({liveGrowth:+0.0;-0.0}%); committed by the collector {restingAtStart.CommittedMb:F0} and {restingAtEnd.CommittedMb:F0} MB.");
        var compiled = restingAtEnd.MethodsCompiled - restingAtStart.MethodsCompiled;
        Console.WriteLine($"Methods compiled by the JIT during the measured run (the runtime's methods-jitted-count; optimising hot methods, and any code generated per request): {compiled:F0}, {compiled / results.Count:F2} a request.");
        foreach (var error in errors.Take(20))
        {
            Console.WriteLine($"- error: {error}");
        }

        // How big the answers were at the start and at the end shows how much the run's own writes (ratings, notes)
        // have grown what each page and API call carries.
        static string Row(string kind, List<RequestResult> rows, TimeSpan measured)
        {
            var sorted = rows.Select(r => r.Milliseconds).Order().ToList();
            double At(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
            // A kind with no request in a minute (a plan read whole only once, at the start) shows a dash, not 0 KB.
            string MeanKb(IEnumerable<RequestResult> some) => some.Any() ? some.Average(r => r.Bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture) : "–";
            var first = MeanKb(rows.Where(r => r.At < TimeSpan.FromMinutes(1)));
            var last = MeanKb(rows.Where(r => r.At >= measured - TimeSpan.FromMinutes(1)));
            return $"| {kind} | {rows.Count} | {rows.Count(r => r.Outcome == Outcome.Error)} | {rows.Count(r => r.Outcome == Outcome.Conflict)} | {At(0.50):F0} | {At(0.95):F0} | {At(0.99):F0} | {(sorted.Count == 0 ? 0 : sorted[^1]):F0} | {first} → {last} |";
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Int(string[] args, string name, int fallback) =>
        BenchHost.Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex FormToken();

    [GeneratedRegex("<input[^>]*name=\"Input\\.Version\"[^>]*value=\"(\\d+)\"")]
    internal static partial Regex FormVersion();

    [GeneratedRegex("<input[^>]*name=\"Input\\.Value\"[^>]*>")]
    internal static partial Regex RatingChoice();

    [GeneratedRegex("\"generatedAtUtc\":\"([^\"]+)\"")]
    private static partial Regex GeneratedAt();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    internal static partial Regex ValueAttribute();

    /// <summary>A fresh database for the run: a new PostgreSQL database beside the one given, or a temporary SQLite file.</summary>
    internal sealed class LoadDatabase : IAsyncDisposable
    {
        private readonly string? _adminConnectionString;

        private LoadDatabase(string provider, string connectionString, string? adminConnectionString)
        {
            Provider = provider;
            ConnectionString = connectionString;
            _adminConnectionString = adminConnectionString;
        }

        public string Provider { get; }

        public string ConnectionString { get; }

        public static async Task<LoadDatabase> CreateAsync(string? postgres)
        {
            if (postgres is null)
            {
                var folder = Path.Combine(Path.GetTempPath(), "send-improvement-bench");
                Directory.CreateDirectory(folder);
                return new LoadDatabase("Sqlite", $"Data Source={Path.Combine(folder, $"load-{Guid.NewGuid():N}.db")}", null);
            }

            var builder = new NpgsqlConnectionStringBuilder(postgres) { Database = $"send_improvement_load_{Guid.NewGuid():N}" };
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{builder.Database}\"", connection);
            await create.ExecuteNonQueryAsync();
            return new LoadDatabase("Postgres", builder.ConnectionString, postgres);
        }

        public async ValueTask DisposeAsync()
        {
            if (_adminConnectionString is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
                foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
                {
                    File.Delete(file);
                }

                return;
            }

            NpgsqlConnection.ClearAllPools();
            var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>What the virtual users work on, written before the app starts: the demo partnership, the accounts and their API tokens.</summary>
    internal sealed record LoadWorld(
        IReadOnlyList<LoadAccount> Accounts,
        IReadOnlyList<int> PlanIds,
        IReadOnlyList<int> ItemIds,
        IReadOnlyList<int> RatedItemIds,
        IReadOnlyList<int> MeasureIds)
    {
        public static async Task<LoadWorld> PrepareAsync(LoadDatabase database, int userCount)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.Provider,
                ["Database:ConnectionString"] = database.ConnectionString,
            });
            builder.Services.AddSendImprovementCore(builder.Configuration);
            builder.Services.AddSendImprovementIdentity();

            // The migrator's first look for its history table fails on a new database, and says so; keep the results clean.
            builder.Logging.ClearProviders();
            using var host = builder.Build();
            using var scope = host.Services.CreateScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
            await services.GetRequiredService<DemoPartnership>().LoadAsync();

            var db = services.GetRequiredService<AppDbContext>();
            var partnershipId = await db.Partnerships.Where(p => p.Name == DemoPartnership.PartnershipName).Select(p => p.Id).SingleAsync();
            var planIds = await db.Plans.Where(p => p.PartnershipId == partnershipId).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
            var itemIds = await db.PlanItems.Where(i => i.Plan.PartnershipId == partnershipId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
            var ratedItemIds = await db.PlanItems.Where(i => i.Plan.PartnershipId == partnershipId && i.Ratings.Any()).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
            var measureIds = await db.Measures.Where(m => m.PartnershipId == partnershipId).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();

            // Contributors act as the person who leads the most rated items, and update only those items.
            var leads = await db.PlanItemAssignments
                .Where(a => a.Role == AssignmentRole.Lead && a.PersonId != null && a.PlanItem.Plan.PartnershipId == partnershipId && a.PlanItem.Ratings.Any())
                .Select(a => new { PersonId = a.PersonId!.Value, a.PlanItemId })
                .ToListAsync();
            var busiest = leads.GroupBy(a => a.PersonId).OrderByDescending(g => g.Count()).First();
            var ledItemIds = busiest.Select(a => a.PlanItemId).Distinct().Order().ToList();

            var admin = Actor.System("Load run");
            var accounts = new List<LoadAccount>();
            for (var i = 0; i < userCount; i++)
            {
                var contributor = i % 2 == 1;
                var email = $"load-user-{i}@load.example";
                var user = await services.GetRequiredService<UserService>().CreateUserAsync(admin, new NewUser(
                    email,
                    $"Load user {i}",
                    contributor ? Roles.Contributor : Roles.ProgrammeLead,
                    Password,
                    partnershipId,
                    contributor ? busiest.Key : null));
                var token = await services.GetRequiredService<ApiTokenService>().CreateAsync(admin, user.Id, "Load run");
                accounts.Add(new LoadAccount(email, token.Token, contributor ? ledItemIds : ratedItemIds));
            }

            return new LoadWorld(accounts, planIds, itemIds, ratedItemIds, measureIds);
        }
    }

    internal sealed record LoadAccount(string Email, string ApiToken, IReadOnlyList<int> UpdatableItemIds);

    internal enum Outcome
    {
        Success,
        Conflict,
        Error,
    }

    /// <summary>One timed request: its kind, time, outcome, the size of the answer (UTF-8 bytes) and when in the measured run it was made.</summary>
    internal sealed record RequestResult(string Kind, double Milliseconds, Outcome Outcome, int Bytes, TimeSpan At);

    /// <summary>One signed-in user with its own cookies, repeating the mix until the run ends.</summary>
    internal sealed class VirtualUser : IDisposable
    {
        private readonly HttpClient _client;
        private readonly LoadAccount _account;
        private readonly LoadWorld _world;
        private readonly bool _wholePlanReads;

        /// <summary>Per plan, where this user's next plan read starts (its last read's generatedAtUtc less a minute).</summary>
        private readonly Dictionary<int, DateTime> _planReadFrom = [];

        private bool _measuring;

        private Func<TimeSpan> _sinceMeasuring = () => TimeSpan.Zero;

        private VirtualUser(HttpClient client, LoadAccount account, LoadWorld world, bool wholePlanReads)
        {
            _client = client;
            _account = account;
            _world = world;
            _wholePlanReads = wholePlanReads;
        }

        public List<RequestResult> Results { get; } = [];

        public List<string> Errors { get; } = [];

        public static async Task<VirtualUser> SignInAsync(Uri baseAddress, LoadAccount account, LoadWorld world, bool wholePlanReads)
        {
            var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
            var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            await SignIn.AsAsync(client, account.Email, Password);
            return new VirtualUser(client, account, world, wholePlanReads);
        }

        public async Task RunAsync(Stopwatch clock, TimeSpan measureFrom, TimeSpan stopAt, int seed)
        {
            var random = new Random(seed);
            _sinceMeasuring = () => clock.Elapsed - measureFrom;
            while (clock.Elapsed < stopAt)
            {
                _measuring = clock.Elapsed >= measureFrom;
                var roll = random.Next(100);
                if (roll < 45)
                {
                    var (kind, url) = random.Next(5) switch
                    {
                        0 => ("Page: list of plans", "/"),
                        1 => ("Page: plan", $"/plans/{Pick(_world.PlanIds)}"),
                        2 => ("Page: item", $"/items/{Pick(_world.ItemIds)}"),
                        3 => ("Page: measures dashboard", "/measures"),
                        _ => ("Page: measure", $"/measures/{Pick(_world.MeasureIds)}"),
                    };
                    await GetAsync(kind, url, bearer: false);
                }
                else if (roll < 75)
                {
                    var choice = random.Next(4);
                    if (choice == 1)
                    {
                        await ReadPlanAsync(Pick(_world.PlanIds));
                        continue;
                    }

                    var (kind, url) = choice switch
                    {
                        0 => ("API: plans", "/api/plans"),
                        2 => ("API: measures", "/api/measures"),
                        _ => ("API: measure figures", $"/api/measures/{Pick(_world.MeasureIds)}/observations"),
                    };
                    await GetAsync(kind, url, bearer: true);
                }
                else if (roll < 92)
                {
                    await RateAsync(Pick(_account.UpdatableItemIds), random);
                }
                else
                {
                    await AddNoteAsync(Pick(_account.UpdatableItemIds));
                }
            }

            int Pick(IReadOnlyList<int> ids) => ids[random.Next(ids.Count)];
        }

        private async Task<string?> GetAsync(string kind, string url, bool bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (bearer)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _account.ApiToken);
            }

            var (status, body) = await SendAsync(kind, request);
            return status == HttpStatusCode.OK ? body : null;
        }

        /// <summary>A plan read as a BI tool refreshing often makes it: whole the first time, then what changed since.</summary>
        private async Task ReadPlanAsync(int planId)
        {
            string? body;
            if (!_wholePlanReads && _planReadFrom.TryGetValue(planId, out var from))
            {
                var since = Uri.EscapeDataString(from.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                body = await GetAsync("API: plan tree (since last read)", $"/api/plans/{planId}?since={since}", bearer: true);
            }
            else
            {
                body = await GetAsync("API: plan tree (whole)", $"/api/plans/{planId}", bearer: true);
            }

            if (body is not null && GeneratedAt().Match(body) is { Success: true } generated)
            {
                _planReadFrom[planId] = DateTime.Parse(generated.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).AddMinutes(-1);
            }
        }

        private async Task RateAsync(int itemId, Random random)
        {
            var form = await GetAsync("Form: rating (read)", $"/items/{itemId}/rating", bearer: false);
            if (form is null)
            {
                return;
            }

            var choices = RatingChoice().Matches(form).Select(m => ValueAttribute().Match(m.Value).Groups[1].Value).ToList();
            var today = DateTime.UtcNow;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/items/{itemId}/rating")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Value"] = choices[random.Next(choices.Count)],
                    ["Input.AppliesFrom.Day"] = today.Day.ToString(CultureInfo.InvariantCulture),
                    ["Input.AppliesFrom.Month"] = today.Month.ToString(CultureInfo.InvariantCulture),
                    ["Input.AppliesFrom.Year"] = today.Year.ToString(CultureInfo.InvariantCulture),
                    ["Input.Reason"] = "Load run: progress reviewed at the monthly meeting.",
                    ["Input.Version"] = FormVersion().Match(form).Groups[1].Value,
                    ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
                }),
            };
            await SendAsync("Update: rating (post)", request, expectRedirect: true, conflictExpected: true);
        }

        private async Task AddNoteAsync(int itemId)
        {
            var form = await GetAsync("Form: progress note (read)", $"/items/{itemId}/notes/new", bearer: false);
            if (form is null)
            {
                return;
            }

            var today = DateTime.UtcNow;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/items/{itemId}/notes/new")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.AsAt.Day"] = today.Day.ToString(CultureInfo.InvariantCulture),
                    ["Input.AsAt.Month"] = today.Month.ToString(CultureInfo.InvariantCulture),
                    ["Input.AsAt.Year"] = today.Year.ToString(CultureInfo.InvariantCulture),
                    ["Input.KeyActivitiesCompleted"] = "Load run: the working group met and agreed the next steps.",
                    ["Input.NextSteps"] = "Report back to the board.",
                    ["Input.ProgressAndImpact"] = "On track.",
                    ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
                }),
            };
            await SendAsync("Update: progress note (post)", request, expectRedirect: true);
        }

        /// <summary>
        /// Sends and times one request. A form post succeeds only with its redirect (a 200 would be the form again,
        /// refused); a 409 from a form that expects conflicts is the conflict page; anything else not 2xx or 3xx, and
        /// any failure to get an answer, is an error.
        /// </summary>
        private async Task<(HttpStatusCode? Status, string? Body)> SendAsync(string kind, HttpRequestMessage request, bool expectRedirect = false, bool conflictExpected = false)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await _client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                var status = (int)response.StatusCode;
                var outcome = status switch
                {
                    409 when conflictExpected => Outcome.Conflict,
                    >= 300 and < 400 => Outcome.Success,
                    >= 200 and < 300 when !expectRedirect => Outcome.Success,
                    _ => Outcome.Error,
                };
                Record(kind, watch.Elapsed.TotalMilliseconds, outcome, Encoding.UTF8.GetByteCount(body), outcome == Outcome.Error ? $"{request.Method} {request.RequestUri} gave {status}" : null);
                return (response.StatusCode, body);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Record(kind, watch.Elapsed.TotalMilliseconds, Outcome.Error, 0, $"{request.Method} {request.RequestUri} failed: {exception.Message}");
                return (null, null);
            }
        }

        private void Record(string kind, double milliseconds, Outcome outcome, int bytes, string? error)
        {
            if (!_measuring)
            {
                if (error is not null)
                {
                    Errors.Add($"(warm-up) {error}");
                }

                return;
            }

            Results.Add(new RequestResult(kind, milliseconds, outcome, bytes, _sinceMeasuring()));
            if (error is not null)
            {
                Errors.Add(error);
            }
        }

        public void Dispose() => _client.Dispose();
    }

    /// <summary>The resident set, its peak, and the part of it that is anonymous memory (heaps, stacks) rather than mapped files (code).</summary>
    internal sealed record ProcessMemory(long RssKb, long PeakRssKb, long AnonymousKb);

    /// <summary>One reading of the app's memory: its resident set and the runtime's own counters (NaN before they are reported).</summary>
    internal sealed record MemorySample(TimeSpan At, long RssKb, double HeapMb, double CommittedMb, double Threads)
    {
        public override string ToString() =>
            $"RSS {RssKb / 1024} MB, heap {HeapMb:F0} MB, committed {CommittedMb:F0} MB, {Threads:F0} pool threads";
    }

    /// <summary>The app at rest: its live managed heap and committed memory after a full collection, its resident set, and how many methods the JIT has compiled so far.</summary>
    internal sealed record AtRest(double HeapMb, double CommittedMb, ProcessMemory Memory, double MethodsCompiled);

    private static async Task<AtRest> AtRestAsync(AppProcess app, RuntimeCounters counters)
    {
        var (heapMb, committedMb) = await counters.AfterFullCollectionAsync();
        return new AtRest(heapMb, committedMb, app.Memory(), counters.Latest("methods-jitted-count") ?? double.NaN);
    }

    private static MemorySample Sample(TimeSpan at, ProcessMemory memory, RuntimeCounters counters) => new(
        at,
        memory.RssKb,
        counters.Latest("gc-heap-size") ?? double.NaN,
        counters.Latest("gc-committed") ?? double.NaN,
        counters.Latest("threadpool-thread-count") ?? double.NaN);

    /// <summary>The web app's Release build started with dotnet on a free port, its output kept in a log file.</summary>
    internal sealed class AppProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StreamWriter _log;

        private AppProcess(Process process, StreamWriter log, Uri baseAddress, string logPath, string configuration)
        {
            _process = process;
            Configuration = configuration;
            _log = log;
            BaseAddress = baseAddress;
            LogPath = logPath;
        }

        public Uri BaseAddress { get; }

        public string LogPath { get; }

        /// <summary>Release or Debug: the web app's build matching the benchmark's own.</summary>
        public string Configuration { get; }

        public int Id => _process.Id;

        public static AppProcess Start(LoadDatabase database)
        {
            var repository = new DirectoryInfo(AppContext.BaseDirectory);
            while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "SendImprovement.slnx")))
            {
                repository = repository.Parent;
            }

            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var project = Path.Combine(repository!.FullName, "src", "SendImprovement.Web");
            var assembly = Path.Combine(project, "bin", configuration, "net10.0", "SendImprovement.Web.dll");
            if (configuration != "Release")
            {
                Console.Error.WriteLine("Warning: this is not a Release build; run with -c Release for figures worth keeping.");
            }

            var port = FreePort();
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            var start = new ProcessStartInfo("dotnet", [assembly])
            {
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };

            // Development only so that cookies work over plain HTTP on 127.0.0.1 (Production marks them HTTPS-only);
            // the demo partnership is already in the database, so nothing is loaded on start.
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
            start.Environment["Database__Provider"] = database.Provider;
            start.Environment["Database__ConnectionString"] = database.ConnectionString;
            start.Environment["Demo__LoadWhenEmpty"] = "false";
            start.Environment["SignIn__RateLimit__PermitLimit"] = "100000";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

            var logPath = Path.Combine(Path.GetTempPath(), "send-improvement-bench", $"load-app-{port}.log");
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var log = new StreamWriter(logPath) { AutoFlush = true };
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new AppProcess(process, log, baseAddress, logPath, configuration);

            void Write(string? line)
            {
                if (line is not null)
                {
                    lock (log)
                    {
                        log.WriteLine(line);
                    }
                }
            }
        }

        public async Task WaitUntilReadyAsync(TimeSpan limit)
        {
            using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < limit)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The app stopped with exit code {_process.ExitCode}; see {LogPath}.");
                }

                try
                {
                    using var response = await client.GetAsync("/health/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(500);
            }

            throw new TimeoutException($"The app was not ready within {limit.TotalSeconds:F0} s; see {LogPath}.");
        }

        public ProcessMemory Memory()
        {
            long Read(string field) => File.ReadLines($"/proc/{_process.Id}/status")
                .Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
                .Select(line => long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
                .Single();
            return new ProcessMemory(Read("VmRSS"), Read("VmHWM"), Read("RssAnon"));
        }

        /// <summary>Asks the app to shut down as a service manager would (SIGTERM), and kills it if it has not within 20 s.</summary>
        public async Task StopAsync()
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }

            Console.Error.WriteLine($"The app stopped (exit code {_process.ExitCode}).");
        }

        public void Dispose()
        {
            _process.Dispose();
            _log.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

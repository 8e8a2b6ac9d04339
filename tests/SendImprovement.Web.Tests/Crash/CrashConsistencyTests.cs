using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SendImprovement.Web.Tests.Crash;

/// <summary>
/// Kills the real app (SIGKILL) while it commits an import and while it closes a reporting period, starts it again on
/// the same database, and checks that the database holds all of the operation or none of it and that the app is ready.
/// Each kill waits until the operation's transaction is seen writing (from outside the app), then waits a fraction of
/// the time the same operation's transaction took when run to the end, so kills land early and late in it.
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed partial class CrashConsistencyTests(ITestOutputHelper output) : IDisposable
{
    private const int KillsPerOperation = 3;
    private const string Partnership = "Crashford";
    private const string LeadEmail = "lead@crashford.example";
    private const string LeadPassword = "Crashford lead password, long enough 2026";

    // Big enough that committing it and snapshotting it take a while: 4 workstreams × 8 outcomes × 26 actions.
    private const int Workstreams = 4;
    private const int OutcomesEach = 8;
    private const int ActionsEach = 26;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"send-crash-{Guid.NewGuid():N}");
    private readonly List<string> _partial = [];
    private int _kills;
    private int _inside;
    private int _restarts;
    private int _missed;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    private static int Items => Workstreams * (1 + (OutcomesEach * (1 + ActionsEach)));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Kill_DuringImportCommitAndPeriodClose_LeavesAllOrNothing_AndTheAppStartsCleanly()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var watch = new DatabaseWatch(database);
        await AppProcess.RunCliAsync(database, null, "partnerships", "create", "--name", Partnership, "--areas", Partnership);
        await AppProcess.RunCliAsync(database, LeadPassword, "users", "create", "--email", LeadEmail, "--name", "Lee Crash", "--role", "ProgrammeLead", "--partnership", Partnership);
        var file = await WritePlanAsync();

        // The web app's first start writes its Data Protection keys; later starts must write nothing.
        AppProcess app = await StartCheckedAsync(database);
        try
        {
            // Import: one run to the end gives what a whole commit adds, then kills.
            var reference = await ImportAsync(database, watch, file, "Reference plan", killDelay: null);
            Assert.True(reference.Run.Finished, "The reference import should run to the end.");
            var insideBefore = _inside;
            for (int kill = 0, attempts = 1; kill < KillsPerOperation; attempts++)
            {
                CheckAttempts(attempts);
                var name = $"Crash plan {attempts}";
                var attempt = await ImportAsync(database, watch, file, name, reference.Run.Writing * kill / KillsPerOperation);
                if (!attempt.Run.Killed)
                {
                    await using var db = watch.Context();
                    Assert.Equal(Items, await db.PlanItems.CountAsync(i => i.Plan.Name == name));
                    Missed($"Import of {name}");
                    continue;
                }

                app.Dispose();
                app = await StartCheckedAsync(database);
                await CheckImportAsync(watch, attempt, reference, name);
                kill++;
            }

            var importKills = (Kills: KillsPerOperation, Inside: _inside - insideBefore);

            // Period close: of the reference plan, so the snapshot holds every imported item.
            var planId = reference.PlanId;
            var month = 1;
            await app.SignInAsync(LeadEmail, LeadPassword);
            var closeReference = await CloseAsync(app, watch, await OpenPeriodAsync(app, planId, month++), killDelay: null);
            Assert.True(closeReference.Run.Finished, "The reference close should run to the end.");
            insideBefore = _inside;
            int? periodId = null;
            for (int kill = 0, attempts = 1; kill < KillsPerOperation; attempts++)
            {
                CheckAttempts(attempts);
                periodId ??= await OpenPeriodAsync(app, planId, month++);
                var attempt = await CloseAsync(app, watch, periodId.Value, closeReference.Run.Writing * kill / KillsPerOperation);
                if (!attempt.Run.Killed)
                {
                    await using var db = watch.Context();
                    Assert.True(await WholeSnapshotAsync(db, periodId.Value), $"Period {periodId} closed without being killed, but its snapshot is not whole.");
                    Missed($"Close of period {periodId}");
                    periodId = null;
                    continue;
                }

                kill++;
                app.Dispose();
                app = await StartCheckedAsync(database);
                var closed = await CheckCloseAsync(watch, attempt, closeReference);
                await app.SignInAsync(LeadEmail, LeadPassword);
                periodId = closed ? null : periodId;
            }

            var closeKills = (Kills: KillsPerOperation, Inside: _inside - insideBefore);

            output.WriteLine($"{database.Provider}: import of {Items:N0} items, commit transaction {reference.Run.Writing.TotalMilliseconds:N0} ms when run to the end; {importKills.Kills} kills, {importKills.Inside} inside the transaction.");
            output.WriteLine($"{database.Provider}: period close of {Items:N0} items, transaction {closeReference.Run.Writing.TotalMilliseconds:N0} ms when run to the end; {closeKills.Kills} kills, {closeKills.Inside} inside the transaction.");
            output.WriteLine($"Crash consistency: {_kills} kills ({_inside} inside the transaction), {_partial.Count} partial operations, {_restarts - 1} clean restarts, {_missed} attempts finished before a kill and were repeated");
            Assert.True(_partial.Count == 0, string.Join("\n", _partial));
            Assert.True(importKills.Inside > 0, "No kill landed inside an import's commit transaction, so the import part proves nothing.");
            Assert.True(closeKills.Inside > 0, "No kill landed inside a period close's transaction, so the close part proves nothing.");
        }
        finally
        {
            app.Dispose();
        }
    }

    private sealed record Run(bool Killed, bool Finished, TimeSpan Writing, Dictionary<string, long> Before, Dictionary<string, long> After);

    private sealed record ImportRun(Run Run, int PlanId, Dictionary<string, long> Change);

    private sealed record CloseRun(Run Run, int PeriodId, Dictionary<string, long> Change);

    /// <summary>
    /// Runs "import --commit" as its own process. As in the web app, it first saves a draft (the upload) and the
    /// choices made for it, each on its own; what is compared starts once the choices are saved, so only the commit
    /// is the operation under test.
    /// </summary>
    private static async Task<ImportRun> ImportAsync(TestDatabase database, DatabaseWatch watch, string file, string planName, TimeSpan? killDelay)
    {
        async Task<int> ChoicesSavedAsync()
        {
            await using var db = watch.Context();
            return await db.AuditEntries.CountAsync(a => a.Action == "Import choices changed");
        }

        var saved = await ChoicesSavedAsync();
        using var cli = AppProcess.StartCli(database, "import", "--partnership", Partnership, "--file", file, "--name", planName, "--commit");
        var waited = Stopwatch.StartNew();
        while (await ChoicesSavedAsync() == saved)
        {
            Assert.False(cli.Process.HasExited, $"The import ended before its draft and choices were saved:\n{cli.Output}");
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"The import's draft and choices were not saved within 3 minutes:\n{cli.Output}");
            await Task.Delay(5);
        }

        var before = await watch.CountsAsync();
        await using (var db = watch.Context())
        {
            // Each table is counted on its own, so a commit that ended while they were counted would make "before"
            // a mix of both sides of it. With no plan of this name yet, it had not ended before the last count.
            killDelay = await db.Plans.AnyAsync(p => p.Name == planName) ? null : killDelay;
        }

        var run = await KillWhileWritingAsync(cli, watch, () => cli.Process.HasExited, before, killDelay);
        var planId = 0;
        if (!run.Killed)
        {
            await cli.Process.WaitForExitAsync();
            Assert.True(cli.Process.ExitCode == 0, cli.Output);
            planId = int.Parse(ImportedPlan().Match(cli.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new ImportRun(run, planId, DatabaseWatch.Difference(before, run.After));
    }

    /// <summary>Posts the close form to the running web app.</summary>
    private static async Task<CloseRun> CloseAsync(AppProcess app, DatabaseWatch watch, int periodId, TimeSpan? killDelay)
    {
        var url = $"/periods/{periodId}/close";
        var form = await app.FormFieldsAsync(url);
        var before = await watch.CountsAsync();
        var post = app.Http!.PostAsync(url, new FormUrlEncodedContent(form));
        var run = await KillWhileWritingAsync(app, watch, () => post.IsCompleted, before, killDelay);
        if (!run.Killed)
        {
            using var response = await post;
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(url[..^"/close".Length], response.Headers.Location?.ToString());
        }
        else
        {
            try
            {
                (await post).Dispose();
            }
            catch (HttpRequestException)
            {
                // The connection died with the process; the database says how far the close got.
            }
        }

        return new CloseRun(run, periodId, DatabaseWatch.Difference(before, run.After));
    }

    /// <summary>
    /// Waits until another connection is inside a write transaction, then, given a delay, waits that long and kills
    /// the process; without one, lets the operation finish and measures how long the transaction was seen open.
    /// </summary>
    private static async Task<Run> KillWhileWritingAsync(AppProcess process, DatabaseWatch watch, Func<bool> finished, Dictionary<string, long> before, TimeSpan? killDelay)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? seen = null;
        while (!finished())
        {
            if (await watch.WriterActiveAsync())
            {
                seen = clock.Elapsed;
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The operation did not start writing within 3 minutes:\n{process.Output}");
        }

        if (killDelay is { } delay && seen is not null)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            process.Kill();
            return new Run(true, false, TimeSpan.Zero, before, []);
        }

        var writing = TimeSpan.Zero;
        if (seen is not null)
        {
            while (!finished() && await watch.WriterActiveAsync())
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The operation did not finish writing within 3 minutes:\n{process.Output}");
            }

            writing = clock.Elapsed - seen.Value;
        }

        var waited = Stopwatch.StartNew();
        while (!finished())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"The operation did not finish within 3 minutes:\n{process.Output}");
            await Task.Delay(10);
        }

        return new Run(false, true, writing, before, await watch.CountsAsync());
    }

    private async Task CheckImportAsync(DatabaseWatch watch, ImportRun attempt, ImportRun reference, string planName)
    {
        var change = DatabaseWatch.Difference(attempt.Run.Before, await watch.CountsAsync());
        await using var db = watch.Context();
        var plans = await db.Plans.CountAsync(p => p.Name == planName);
        var record = await db.ImportRecords.OrderByDescending(r => r.Id).FirstAsync();
        var committedEntries = await db.AuditEntries.CountAsync(a => a.Action == "Import committed" && a.PlanId != null && db.Plans.Any(p => p.Id == a.PlanId && p.Name == planName));
        var nothing = change.Values.All(v => v == 0) && plans == 0 && record.State == ImportState.Draft && committedEntries == 0;
        var everything = SameChange(change, reference.Change) && plans == 1 && record.State == ImportState.Committed && committedEntries == 1
            && await db.PlanItems.CountAsync(i => i.Plan.Name == planName) == Items;
        Tally(attempt.Run, nothing, everything, $"Import of {planName}: {DatabaseWatch.Describe(change)}; plan {plans}, import {record.State}, audit {committedEntries}; a whole commit adds {DatabaseWatch.Describe(reference.Change)}");
    }

    /// <summary>Checks the period is open with no snapshot, or closed with its whole snapshot; true when closed.</summary>
    private async Task<bool> CheckCloseAsync(DatabaseWatch watch, CloseRun attempt, CloseRun reference)
    {
        var change = DatabaseWatch.Difference(attempt.Run.Before, await watch.CountsAsync());
        await using var db = watch.Context();
        var period = await db.ReportingPeriods.AsNoTracking().FirstAsync(p => p.Id == attempt.PeriodId);
        var snapshots = await db.PeriodSnapshots.CountAsync(s => s.ReportingPeriodId == attempt.PeriodId);
        var closedEntries = await db.AuditEntries.CountAsync(a => a.PlanId == period.PlanId && a.Summary == period.Name && a.Action == "Reporting period closed");
        var nothing = change.Values.All(v => v == 0) && period.State == PeriodState.Open && period.ClosedAtUtc is null && snapshots == 0 && closedEntries == 0;
        var whole = await WholeSnapshotAsync(db, attempt.PeriodId);
        var everything = SameChange(change, reference.Change) && period.State == PeriodState.Closed && period.ClosedAtUtc is not null && whole && closedEntries == 1;
        Tally(attempt.Run, nothing, everything, $"Close of {period.Name}: {DatabaseWatch.Describe(change)}; {period.State}, {snapshots} snapshots (whole: {whole}), audit {closedEntries}; a whole close adds {DatabaseWatch.Describe(reference.Change)}");
        return period.State == PeriodState.Closed;
    }

    /// <summary>The period is closed with exactly one snapshot, which matches its hash and holds every item.</summary>
    private static async Task<bool> WholeSnapshotAsync(AppDbContext db, int periodId)
    {
        var snapshots = await db.PeriodSnapshots.AsNoTracking().Where(s => s.ReportingPeriodId == periodId).ToListAsync();
        return await db.ReportingPeriods.AnyAsync(p => p.Id == periodId && p.State == PeriodState.Closed)
            && snapshots.Count == 1
            && snapshots[0].ItemCount == Items
            && snapshots[0].Sha256 == PlanSnapshot.Hash(snapshots[0].Content)
            && PlanSnapshot.FromCompressedJson(snapshots[0].Content).Items.Count == Items;
    }

    private static bool SameChange(Dictionary<string, long> change, Dictionary<string, long> whole) =>
        change.Keys.Union(whole.Keys).All(t => change.GetValueOrDefault(t) == whole.GetValueOrDefault(t));

    /// <summary>
    /// The operation ended (whole, as checked where it ran) before its transaction was seen writing, so there was
    /// nothing to kill; it happens when the machine is busy and the transaction is short, and the attempt is repeated.
    /// </summary>
    private void Missed(string description)
    {
        _missed++;
        output.WriteLine($"[{_elapsed.Elapsed.TotalSeconds:N0} s] {description} finished before its transaction was seen writing; trying again.");
    }

    private static void CheckAttempts(int attempts) =>
        Assert.True(attempts <= KillsPerOperation * 3, $"After {attempts - 1} attempts, fewer than {KillsPerOperation} were killed while writing; the operation ends before the watcher sees its transaction.");

    private void Tally(Run run, bool nothing, bool everything, string description)
    {
        Assert.True(run.Killed, "Only attempts killed while writing are checked.");
        _kills++;
        if (nothing)
        {
            // The transaction was seen writing before the kill and none of it is there: the kill landed inside it.
            _inside++;
        }
        else if (!everything)
        {
            _partial.Add(description);
        }

        output.WriteLine($"[{_elapsed.Elapsed.TotalSeconds:N0} s] Kill {_kills}: {(nothing ? "nothing" : everything ? "everything" : "PARTIAL")}. {description}");
    }

    /// <summary>Starts the web app and checks it is ready: reachable database, every migration applied.</summary>
    private async Task<AppProcess> StartCheckedAsync(TestDatabase database)
    {
        var app = await AppProcess.StartWebAsync(database);
        using var ready = await app.Http!.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"/health/ready gave {(int)ready.StatusCode} after a restart:\n{app.Output}");
        _restarts++;
        output.WriteLine($"[{_elapsed.Elapsed.TotalSeconds:N0} s] Started the web app.");
        return app;
    }

    private static async Task<int> OpenPeriodAsync(AppProcess app, int planId, int month)
    {
        using var response = await app.PostFormAsync($"/plans/{planId}/periods/new", new()
        {
            ["Input.Name"] = $"Crash period {month}",
            ["Input.AsAt.Day"] = "28",
            ["Input.AsAt.Month"] = month.ToString(CultureInfo.InvariantCulture),
            ["Input.AsAt.Year"] = "2026",
            ["Input.Due.Day"] = "21",
            ["Input.Due.Month"] = month.ToString(CultureInfo.InvariantCulture),
            ["Input.Due.Year"] = "2026",
            ["Input.Cadence"] = "Monthly",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private async Task<string> WritePlanAsync()
    {
        Directory.CreateDirectory(_folder);
        var csv = new StringBuilder("Level,Ref,Title,Lead,Deadline,Rating,Rating date\n");
        string[] ratings = ["Green", "Amber", "Red"];
        for (var w = 1; w <= Workstreams; w++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Workstream,{w},Workstream {w},,,,\n");
            for (var o = 1; o <= OutcomesEach; o++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"Outcome,{w}.{o},Outcome {w}.{o} for families,,,,\n");
                for (var a = 0; a < ActionsEach; a++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"Action,{w}.{o}{(char)('a' + a)},Action {w}.{o}{(char)('a' + a)} to improve timeliness,,May 2026,{ratings[a % 3]},01/05/2026\n");
                }
            }
        }

        var file = Path.Combine(_folder, "Crash plan.csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        return file;
    }

    [GeneratedRegex(@"into plan (\d+),")]
    private static partial Regex ImportedPlan();
}

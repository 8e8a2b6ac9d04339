using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Tests.Infrastructure;
using SendImprovement.Web.Tests.Measures;
using SendImprovement.Web.Tests.Periods;
using Xunit.Abstractions;

namespace SendImprovement.Web.Tests.Concurrency;

/// <summary>
/// Many people saving the same records at the same moment, through the real forms over HTTP. Each change carries a
/// marker (in its reason and in the field it changes) so the test can tell which changes were accepted and find each
/// one again in the record's history. Optimistic concurrency (ADR 5) must let exactly one change win per version,
/// refuse the rest with the product's conflict message, and lose nothing it accepted.
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed partial class ConcurrentUpdateTests(AppFactory factory, ITestOutputHelper output)
{
    private const int ShotsPerRecord = 24;
    private const int RetryingClients = 6;
    private const int ChangesPerRetryingClient = 3;
    private const string ConflictMessage = "Check the latest details and submit again";

    [Fact]
    public async Task SimultaneousConflictingUpdates_OneWinsPerVersion_TheRestSeeTheConflict_AndNothingAcceptedIsLost()
    {
        var world = await TestWorld.CreateAsync(factory);
        var leads = new List<TestClient>();
        var contributors = new List<TestClient>();
        for (var i = 0; i < 4; i++)
        {
            leads.Add(await world.SignInAsync(world.ProgrammeLead));
        }

        leads.Add(await world.SignInAsync(world.Administrator));
        for (var i = 0; i < 3; i++)
        {
            contributors.Add(await world.SignInAsync(world.Contributor));
        }

        try
        {
            var measureId = await MeasureSteps.CreateAsync(world, MeasureSteps.Timeliness(world));
            await MeasureSteps.RecordAsync(world, measureId, "May 2026", "58");
            var periodId = await PeriodSteps.OpenPeriodAsync(world, leads[0]);
            var updateId = await SubmittedUpdateAsync(world, contributors[0], periodId);
            List<TestClient> everyone = [.. leads, .. contributors];

            var targets = new List<Target>
            {
                new PlanEdit(world, leads),
                new ItemEdit(world, leads),
                new RatingUpdate(world, everyone),
                new DeadlineRevision(world, everyone),
                new MeasureEdit(world, leads, measureId),
                new FigureCorrection(world, everyone, measureId),
                new UpdateSubmission(world, leads, periodId),
                new SectionStatus(world, leads, periodId),
                new EasyReadWording(world, leads, periodId),
            };

            // Changes that can be made only once, each fired by every client at once in its own step after the two
            // rounds: an update is reviewed while the period is open, then the period is closed, then reopened.
            var once = new List<Target>
            {
                new UpdateReview(world, leads, periodId, updateId),
                new PeriodClose(world, leads, periodId),
                new PeriodReopen(world, leads, periodId),
            };

            // Round 1: every client reads the record, then all of them save at once with the version they read.
            var tally = new Tally();
            await FireTogetherAsync(targets, round: 1, tally);

            // Round 2: clients re-read after a conflict and try again, so versions are won one after another.
            foreach (var target in targets)
            {
                target.VersionBefore = await target.VersionAsync();
            }

            var round2 = new List<Task<(Target Target, List<(string Marker, Outcome Outcome)> Attempts)>>();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var number = 0;
            foreach (var target in targets)
            {
                for (var c = 0; c < RetryingClients; c++)
                {
                    var client = target.Clients[c % target.Clients.Count];
                    var changes = Enumerable.Range(0, ChangesPerRetryingClient).Select(_ => (Marker(2, number), Number: ++number)).ToList();
                    round2.Add(RetryUntilSavedAsync(go.Task, target, client, changes));
                }
            }

            go.SetResult();
            var retried = await Task.WhenAll(round2);
            foreach (var target in targets)
            {
                var attempts = retried.Where(r => r.Target == target).SelectMany(r => r.Attempts).ToList();
                tally.Add(target, attempts);
                var accepted = attempts.Where(a => a.Outcome.Kind == OutcomeKind.Accepted).Select(a => a.Marker).ToList();
                Assert.Equal(RetryingClients * ChangesPerRetryingClient, accepted.Count);
                if (target.HasVersion)
                {
                    Assert.Equal(target.VersionBefore + accepted.Count, await target.VersionAsync());
                }

                await CheckHistoryAsync(target, accepted, round: 2, tally);
            }

            for (var step = 0; step < once.Count; step++)
            {
                await FireTogetherAsync([once[step]], round: 3 + step, tally);
            }

            output.WriteLine(
                $"Concurrency ({factory.DatabaseProvider}): {tally.Fired} updates fired at {targets.Count + once.Count} records, {tally.Accepted} accepted, " +
                $"{tally.Conflicts} refused with the conflict message, {tally.Lost} lost updates, {tally.ServerErrors} server errors");
            foreach (var line in tally.Lines().Concat(tally.Unexpected))
            {
                output.WriteLine(line);
            }

            Assert.Equal(0, tally.ServerErrors);
            Assert.Empty(tally.Unexpected);
            Assert.Equal(0, tally.Lost);
        }
        finally
        {
            foreach (var client in leads.Concat(contributors))
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Every client reads each record's form, then all the saves are released at once, each carrying the version it
    /// read: exactly one may win per record, and what it changed must be in the record's history.
    /// </summary>
    private static async Task FireTogetherAsync(List<Target> targets, int round, Tally tally)
    {
        foreach (var target in targets)
        {
            target.VersionBefore = await target.VersionAsync();
        }

        var shots = new List<Shot>();
        var number = 0;
        foreach (var target in targets)
        {
            for (var i = 0; i < ShotsPerRecord; i++)
            {
                var client = target.Clients[i % target.Clients.Count];
                shots.Add(new Shot(target, client, await ReadFormAsync(client, target.Url), Marker(round, number++), number));
            }
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fired = shots.Select(async shot =>
        {
            await start.Task;
            return (shot, Outcome: await FireAsync(shot));
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(fired);

        foreach (var target in targets)
        {
            var mine = results.Where(r => r.shot.Target == target).ToList();
            tally.Add(target, mine.Select(r => (r.shot.Marker, r.Outcome)).ToList());
            var accepted = mine.Where(r => r.Outcome.Kind == OutcomeKind.Accepted).Select(r => r.shot.Marker).ToList();
            if (target.HasVersion)
            {
                Assert.True(accepted.Count == 1, $"{target.Name}: {accepted.Count} of {ShotsPerRecord} saves carrying the same version were accepted; exactly one should be");
                Assert.Equal(target.VersionBefore + 1, await target.VersionAsync());
            }
            else
            {
                Assert.NotEmpty(accepted);
            }

            await CheckHistoryAsync(target, accepted, round, tally);
        }
    }

    /// <summary>The contributor submits an update for the action they lead, for the programme leads to review; returns its id.</summary>
    private static async Task<int> SubmittedUpdateAsync(TestWorld world, TestClient contributor, int periodId)
    {
        var response = await PeriodSteps.SubmitUpdateAsync(contributor, periodId, world.ActionId, PeriodSteps.Update("Amber", "Recruitment is behind", done: "Advertised the post", next: "Interview in July"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (await PeriodSteps.UpdateAsync(world, periodId, world.ActionId)).Id;
    }

    private static string Marker(int round, int number) => string.Create(CultureInfo.InvariantCulture, $"cc{round}x{number:D3}");

    [GeneratedRegex(@"\bcc(\d)x\d{3}\b")]
    private static partial Regex MarkerPattern();

    /// <summary>The markers of one round found in some text (a reason, a changed field).</summary>
    private static IEnumerable<string> Markers(string? text, int round) =>
        text is null ? [] : MarkerPattern().Matches(text).Where(m => m.Groups[1].Value == round.ToString(CultureInfo.InvariantCulture)).Select(m => m.Value);

    /// <summary>
    /// Every accepted change must be in the record's own history (its ratings, revisions, figures) and in the audit;
    /// nothing refused may be there; and the record now shows the last accepted change.
    /// </summary>
    private static async Task CheckHistoryAsync(Target target, List<string> accepted, int round, Tally tally)
    {
        if (target.DoneState is { } done)
        {
            // A change made once (closing a period, acknowledging an update) must have left one record of it and one
            // audit entry per acceptance, and the record must be in its new state.
            var records = (await target.HistoryAsync()).Count;
            var entries = (await target.AuditReasonsAsync()).Count;
            tally.LostAt(target, [.. accepted.Skip(Math.Min(records, entries))]);
            Assert.Equal(accepted.Count, records);
            Assert.Equal(accepted.Count, entries);
            Assert.Equal(done, await target.CurrentAsync());
            return;
        }

        var history = (await target.HistoryAsync()).SelectMany(h => Markers(h, round)).ToList();
        var audit = (await target.AuditReasonsAsync()).SelectMany(h => Markers(h, round)).ToList();
        var lost = accepted.Where(a => !history.Contains(a) || !audit.Contains(a)).ToList();
        tally.LostAt(target, lost);
        Assert.True(lost.Count == 0, $"{target.Name}, round {round}: accepted but missing from the history or audit: {string.Join(", ", lost)}");
        Assert.True(history.Count == accepted.Count && history.All(accepted.Contains), $"{target.Name}, round {round}: the history holds {string.Join(", ", history)} but the accepted changes were {string.Join(", ", accepted)}");
        Assert.Equal(accepted.Count, audit.Count);

        // The record shows the last accepted change, and nothing else.
        Assert.Equal(history[^1], await target.CurrentAsync() is { } current ? Markers(current, round).SingleOrDefault() ?? current : null);
    }

    private static async Task<(Target Target, List<(string Marker, Outcome Outcome)> Attempts)> RetryUntilSavedAsync(
        Task start, Target target, TestClient client, List<(string Marker, int Number)> changes)
    {
        await start;
        var attempts = new List<(string, Outcome)>();
        foreach (var (marker, number) in changes)
        {
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 200, $"{target.Name}: {marker} was still not saved after 200 attempts");
                var outcome = await FireAsync(new Shot(target, client, await ReadFormAsync(client, target.Url), marker, number));
                attempts.Add((marker, outcome));
                if (outcome.Kind != OutcomeKind.Conflict)
                {
                    break;
                }
            }
        }

        return (target, attempts);
    }

    private static async Task<Outcome> FireAsync(Shot shot)
    {
        var fields = shot.Form.Fields.Where(f => !shot.Changes.ContainsKey(f.Key)).Concat(shot.Changes)
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", shot.Form.Token));
        using var response = await shot.Client.Http.PostAsync(shot.Target.Url, new FormUrlEncodedContent(fields));
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return new Outcome(OutcomeKind.ServerError, $"{status}");
        }

        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString() == shot.Target.SavedLocation)
        {
            return new Outcome(OutcomeKind.Accepted, null);
        }

        var page = await TestClient.ParseAsync(response);
        var errors = TestClient.Errors(page);
        if (response.StatusCode == HttpStatusCode.Conflict && errors.Count == 1 && errors[0].Contains(ConflictMessage, StringComparison.Ordinal))
        {
            return new Outcome(OutcomeKind.Conflict, errors[0]);
        }

        // A second close sees the period closed, a second review the update acknowledged (the product's own messages,
        // tested in CloseReopenTests and ReviewTests).
        if (shot.Target.AlreadyDoneMessage is { } already && response.StatusCode == HttpStatusCode.OK && errors.Count == 1 && errors[0].Contains(already, StringComparison.Ordinal))
        {
            return new Outcome(OutcomeKind.Conflict, errors[0]);
        }

        return new Outcome(OutcomeKind.Unexpected, $"{status} {response.Headers.Location} {string.Join("; ", errors)}");
    }

    /// <summary>The form on a page as a browser holds it: each field's value (with the version it was loaded at) and the antiforgery token.</summary>
    private static async Task<Form> ReadFormAsync(TestClient client, string url)
    {
        var (status, page) = await client.GetPageAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} gave {(int)status}");
        var form = page.QuerySelector("main form[method=post]") ?? throw new InvalidOperationException($"No form on {url}");
        var fields = TestClient.FormFields(form);
        var token = fields.FirstOrDefault(f => f.Key == "__RequestVerificationToken").Value;
        fields.RemoveAll(f => f.Key == "__RequestVerificationToken");
        Assert.False(string.IsNullOrEmpty(token), $"No antiforgery token in the form on {url}");
        return new Form(fields, token!);
    }

    private sealed record Form(List<KeyValuePair<string, string>> Fields, string Token);

    private sealed record Shot(Target Target, TestClient Client, Form Form, string Marker, int Number)
    {
        public Dictionary<string, string> Changes { get; } = Target.Change(Marker, Number);
    }

    private enum OutcomeKind
    {
        Accepted,
        Conflict,
        ServerError,
        Unexpected,
    }

    private sealed record Outcome(OutcomeKind Kind, string? Detail);

    /// <summary>The figures the test prints: per record kind, updates fired, accepted, refused and lost.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<string, (int Fired, int Accepted, int Conflicts, int Lost)> _byKind = [];

        public List<string> Unexpected { get; } = [];

        public int Fired => _byKind.Values.Sum(v => v.Fired);

        public int Accepted => _byKind.Values.Sum(v => v.Accepted);

        public int Conflicts => _byKind.Values.Sum(v => v.Conflicts);

        public int Lost => _byKind.Values.Sum(v => v.Lost);

        public int ServerErrors { get; private set; }

        public void Add(Target target, List<(string Marker, Outcome Outcome)> outcomes)
        {
            var (fired, accepted, conflicts, lost) = _byKind.GetValueOrDefault(target.Name);
            _byKind[target.Name] = (
                fired + outcomes.Count,
                accepted + outcomes.Count(o => o.Outcome.Kind == OutcomeKind.Accepted),
                conflicts + outcomes.Count(o => o.Outcome.Kind == OutcomeKind.Conflict),
                lost);
            ServerErrors += outcomes.Count(o => o.Outcome.Kind == OutcomeKind.ServerError);
            Unexpected.AddRange(outcomes.Where(o => o.Outcome.Kind is OutcomeKind.Unexpected or OutcomeKind.ServerError)
                .Select(o => $"{target.Name} {o.Marker}: {o.Outcome.Kind} {o.Outcome.Detail}"));
        }

        public void LostAt(Target target, List<string> lost)
        {
            var entry = _byKind.GetValueOrDefault(target.Name);
            _byKind[target.Name] = entry with { Lost = entry.Lost + lost.Count };
        }

        public IEnumerable<string> Lines() =>
            _byKind.Select(k => $"  {k.Key}: {k.Value.Fired} fired, {k.Value.Accepted} accepted, {k.Value.Conflicts} refused, {k.Value.Lost} lost");
    }

    /// <summary>One editable record, its form, and where its current state and history are kept.</summary>
    private abstract class Target(TestWorld world, List<TestClient> clients)
    {
        public abstract string Name { get; }

        public abstract string Url { get; }

        public abstract string SavedLocation { get; }

        public List<TestClient> Clients => clients;

        public virtual bool HasVersion => true;

        /// <summary>For a change that can be made only once: the state it leaves the record in.</summary>
        public virtual string? DoneState => null;

        /// <summary>For a change that can be made only once: what the product says to someone who tries it again.</summary>
        public virtual string? AlreadyDoneMessage => null;

        public int VersionBefore { get; set; }

        protected TestWorld World => world;

        /// <summary>The fields a save changes, carrying the marker.</summary>
        public abstract Dictionary<string, string> Change(string marker, int number);

        public abstract Task<int> VersionAsync();

        /// <summary>The record's current state, as text that holds the marker of the change that made it.</summary>
        public abstract Task<string?> CurrentAsync();

        /// <summary>The record's history, oldest first, as text holding each change's marker.</summary>
        public abstract Task<List<string?>> HistoryAsync();

        public abstract Task<List<string?>> AuditReasonsAsync();

        protected Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query) => world.QueryAsync(query);

        protected Task<List<string?>> AuditAsync(Func<AuditEntry, bool> match) =>
            QueryAsync(async db => (await db.AuditEntries.AsNoTracking().Where(a => a.PartnershipId == world.PartnershipId).OrderBy(a => a.Id).ToListAsync())
                .Where(match).Select(a => a.Reason).ToList());
    }

    private sealed class PlanEdit(TestWorld world, List<TestClient> clients) : Target(world, clients)
    {
        public override string Name => "Plan edit";

        public override string Url => $"/plans/{World.PlanId}/edit";

        public override string SavedLocation => $"/plans/{World.PlanId}";

        public override Dictionary<string, string> Change(string marker, int number) =>
            new() { ["Input.Summary"] = $"Our written statement, as changed by {marker}.", ["Input.Reason"] = marker };

        public override Task<int> VersionAsync() => QueryAsync(db => db.Plans.Where(p => p.Id == World.PlanId).Select(p => p.Version).SingleAsync());

        public override Task<string?> CurrentAsync() => QueryAsync(db => db.Plans.Where(p => p.Id == World.PlanId).Select(p => p.Summary).SingleAsync());

        public override Task<List<string?>> HistoryAsync() => AuditReasonsAsync();

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.PlanId == World.PlanId && a.PlanItemId == null && a.Action == "Plan edited");
    }

    private sealed class ItemEdit(TestWorld world, List<TestClient> clients) : Target(world, clients)
    {
        public override string Name => "Item edit";

        public override string Url => $"/items/{World.OutcomeId}/edit";

        public override string SavedLocation => $"/items/{World.OutcomeId}";

        public override Dictionary<string, string> Change(string marker, int number) =>
            new() { ["Input.Description"] = $"Described by {marker}.", ["Input.Reason"] = marker };

        public override Task<int> VersionAsync() => QueryAsync(db => db.PlanItems.Where(i => i.Id == World.OutcomeId).Select(i => i.Version).SingleAsync());

        public override Task<string?> CurrentAsync() => QueryAsync(db => db.PlanItems.Where(i => i.Id == World.OutcomeId).Select(i => i.Description).SingleAsync());

        public override Task<List<string?>> HistoryAsync() => AuditReasonsAsync();

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.PlanItemId == World.OutcomeId && a.Action == "Outcome edited");
    }

    private sealed class RatingUpdate(TestWorld world, List<TestClient> clients) : Target(world, clients)
    {
        private static readonly string[] Values = ["Red", "Amber", "Green", "Blue"];

        public override string Name => "Rating";

        public override string Url => $"/items/{World.ActionId}/rating";

        public override string SavedLocation => $"/items/{World.ActionId}";

        public override Dictionary<string, string> Change(string marker, int number) => new()
        {
            ["Input.Value"] = Values[number % Values.Length],
            ["Input.AppliesFrom.Day"] = "15",
            ["Input.AppliesFrom.Month"] = "6",
            ["Input.AppliesFrom.Year"] = "2026",
            ["Input.Reason"] = marker,
        };

        public override Task<int> VersionAsync() => QueryAsync(db => db.PlanItems.Where(i => i.Id == World.ActionId).Select(i => i.Version).SingleAsync());

        /// <summary>The rating the item shows as current must be the last one recorded.</summary>
        public override Task<string?> CurrentAsync() => QueryAsync<string?>(async db =>
        {
            var item = await db.PlanItems.AsNoTracking().SingleAsync(i => i.Id == World.ActionId);
            var latest = await db.Ratings.AsNoTracking().Where(r => r.PlanItemId == World.ActionId).OrderByDescending(r => r.Id).FirstAsync();
            return item.CurrentRatingValue == latest.Value ? latest.Reason : $"the item shows {item.CurrentRatingValue} but the last rating is {latest.Value}";
        });

        public override Task<List<string?>> HistoryAsync() =>
            QueryAsync(db => db.Ratings.Where(r => r.PlanItemId == World.ActionId).OrderBy(r => r.Id).Select(r => (string?)r.Reason).ToListAsync());

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.PlanItemId == World.ActionId && a.Action == "Rating recorded");
    }

    private sealed class DeadlineRevision(TestWorld world, List<TestClient> clients) : Target(world, clients)
    {
        private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

        public override string Name => "Deadline revision";

        public override string Url => $"/items/{World.MilestoneId}/deadline";

        public override string SavedLocation => $"/items/{World.MilestoneId}";

        /// <summary>Each change names a different month, so no two are "the same as the current one".</summary>
        public override Dictionary<string, string> Change(string marker, int number) => new()
        {
            ["Input.Deadline"] = string.Create(CultureInfo.InvariantCulture, $"{Months[number % 12]} {2027 + (number / 12)}"),
            ["Input.RevisedOn.Day"] = "15",
            ["Input.RevisedOn.Month"] = "6",
            ["Input.RevisedOn.Year"] = "2026",
            ["Input.Reason"] = marker,
        };

        public override Task<int> VersionAsync() => QueryAsync(db => db.PlanItems.Where(i => i.Id == World.MilestoneId).Select(i => i.Version).SingleAsync());

        /// <summary>The item's deadline must be the one the last revision set.</summary>
        public override Task<string?> CurrentAsync() => QueryAsync<string?>(async db =>
        {
            var item = await db.PlanItems.AsNoTracking().SingleAsync(i => i.Id == World.MilestoneId);
            var latest = await db.DeadlineRevisions.AsNoTracking().Where(r => r.PlanItemId == World.MilestoneId).OrderByDescending(r => r.Id).FirstAsync();
            return item.Deadline.Text == latest.New.Text ? latest.Reason : $"the item's deadline is {item.Deadline.Text} but the last revision set {latest.New.Text}";
        });

        public override Task<List<string?>> HistoryAsync() =>
            QueryAsync(db => db.DeadlineRevisions.Where(r => r.PlanItemId == World.MilestoneId).OrderBy(r => r.Id).Select(r => (string?)r.Reason).ToListAsync());

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.PlanItemId == World.MilestoneId && a.Action == "Deadline revised");
    }

    private sealed class MeasureEdit(TestWorld world, List<TestClient> clients, int measureId) : Target(world, clients)
    {
        public override string Name => "Measure edit";

        public override string Url => $"/measures/{measureId}/edit";

        public override string SavedLocation => $"/measures/{measureId}";

        public override Dictionary<string, string> Change(string marker, int number) =>
            new() { ["Input.Source"] = $"SEN2 return, as checked by {marker}", ["Input.Reason"] = marker };

        public override Task<int> VersionAsync() => QueryAsync(db => db.Measures.Where(m => m.Id == measureId).Select(m => m.Version).SingleAsync());

        public override Task<string?> CurrentAsync() => QueryAsync(db => db.Measures.Where(m => m.Id == measureId).Select(m => m.Source).SingleAsync());

        public override Task<List<string?>> HistoryAsync() => AuditReasonsAsync();

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.Action == "Measure changed");
    }

    /// <summary>
    /// Correcting a figure carries no version (the form names the period, not a loaded record), but only one
    /// correction may replace the figure each was made against, so exactly one figure stays current.
    /// </summary>
    private sealed class FigureCorrection(TestWorld world, List<TestClient> clients, int measureId) : Target(world, clients)
    {
        public override string Name => "Figure correction";

        public override string Url => $"/measures/{measureId}/figures/new";

        public override string SavedLocation => $"/measures/{measureId}";

        public override bool HasVersion => false;

        public override Dictionary<string, string> Change(string marker, int number) => new()
        {
            ["Input.Period"] = "May 2026",
            ["Input.AreaId"] = string.Empty,
            ["Input.Value"] = string.Create(CultureInfo.InvariantCulture, $"{number % 100}.5"),
            ["Input.Reason"] = marker,
        };

        public override Task<int> VersionAsync() => Task.FromResult(0);

        public override Task<string?> CurrentAsync() => QueryAsync(async db =>
        {
            var current = await db.MeasureObservations.AsNoTracking()
                .Where(o => o.MeasureId == measureId && o.AreaId == null && o.PeriodType == PeriodType.Month && o.ReplacedAtUtc == null)
                .ToListAsync();
            return current.Count == 1 ? current[0].Reason : $"{current.Count} figures are current for May 2026";
        });

        public override Task<List<string?>> HistoryAsync() =>
            QueryAsync(db => db.MeasureObservations.Where(o => o.MeasureId == measureId).OrderBy(o => o.Id).Select(o => o.Reason).ToListAsync());

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.Action == "Figure corrected");
    }

    /// <summary>Closing a period: the form carries only the version; exactly one close takes exactly one snapshot.</summary>
    private sealed class PeriodClose(TestWorld world, List<TestClient> clients, int periodId) : Target(world, clients)
    {
        public override string Name => "Period close";

        public override string DoneState => nameof(PeriodState.Closed);

        public override string AlreadyDoneMessage => "is already closed";

        public override string Url => $"/periods/{periodId}/close";

        public override string SavedLocation => $"/periods/{periodId}";

        public override Dictionary<string, string> Change(string marker, int number) => [];

        public override Task<int> VersionAsync() => QueryAsync(db => db.ReportingPeriods.Where(p => p.Id == periodId).Select(p => p.Version).SingleAsync());

        public override Task<string?> CurrentAsync() =>
            QueryAsync(async db => (string?)(await db.ReportingPeriods.Where(p => p.Id == periodId).Select(p => p.State).SingleAsync()).ToString());

        /// <summary>One entry per snapshot taken.</summary>
        public override Task<List<string?>> HistoryAsync() =>
            QueryAsync(db => db.PeriodSnapshots.Where(s => s.ReportingPeriodId == periodId).Select(s => (string?)s.TakenByName).ToListAsync());

        public override Task<List<string?>> AuditReasonsAsync() =>
            AuditAsync(a => a.PlanId == World.PlanId && a.Action == "Reporting period closed");
    }

    /// <summary>Reopening the closed period: exactly one reopening is recorded, with its reason.</summary>
    private sealed class PeriodReopen(TestWorld world, List<TestClient> clients, int periodId) : Target(world, clients)
    {
        public override string Name => "Period reopen";

        public override string Url => $"/periods/{periodId}/reopen";

        public override string SavedLocation => $"/periods/{periodId}";

        public override string DoneState => nameof(PeriodState.Open);

        public override string AlreadyDoneMessage => "is already open";

        public override Dictionary<string, string> Change(string marker, int number) => new() { ["Input.Reason"] = marker };

        public override Task<int> VersionAsync() => QueryAsync(db => db.ReportingPeriods.Where(p => p.Id == periodId).Select(p => p.Version).SingleAsync());

        public override Task<string?> CurrentAsync() =>
            QueryAsync(async db => (string?)(await db.ReportingPeriods.Where(p => p.Id == periodId).Select(p => p.State).SingleAsync()).ToString());

        public override Task<List<string?>> HistoryAsync() => AuditReasonsAsync();

        public override Task<List<string?>> AuditReasonsAsync() =>
            AuditAsync(a => a.PlanId == World.PlanId && a.Action == "Reporting period reopened");
    }

    /// <summary>A programme lead submitting the update for an action in the open period, with a new rating each time.</summary>
    private sealed class UpdateSubmission(TestWorld world, List<TestClient> clients, int periodId) : Target(world, clients)
    {
        private static readonly string[] Values = ["Red", "Amber", "Green"];

        public override string Name => "Update submission";

        public override string Url => $"/periods/{periodId}/items/{World.OtherActionId}/update";

        public override string SavedLocation => "/updates";

        public override Dictionary<string, string> Change(string marker, int number) => new()
        {
            ["Input.Rating"] = Values[number % Values.Length],
            ["Input.Reason"] = marker,
            ["Input.KeyActivitiesCompleted"] = $"Done, as reported by {marker}.",
            ["Input.NextSteps"] = "Carry on with the plan.",
        };

        /// <summary>Submitting an update checks the version of the item it is for.</summary>
        public override Task<int> VersionAsync() => QueryAsync(db => db.PlanItems.Where(i => i.Id == World.OtherActionId).Select(i => i.Version).SingleAsync());

        /// <summary>The period's update for the item holds the last note submitted.</summary>
        public override Task<string?> CurrentAsync() => QueryAsync(db => db.ItemUpdates
            .Where(u => u.ReportingPeriodId == periodId && u.PlanItemId == World.OtherActionId)
            .Select(u => u.ProgressNote!.KeyActivitiesCompleted).SingleAsync());

        public override Task<List<string?>> HistoryAsync() => QueryAsync(db => db.ProgressNotes
            .Where(n => n.PlanItemId == World.OtherActionId).OrderBy(n => n.Id).Select(n => n.KeyActivitiesCompleted).ToListAsync());

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.PlanItemId == World.OtherActionId && a.Action == "Update submitted");
    }

    /// <summary>Setting a section's status for the period: the first save creates the section's review, later ones change it.</summary>
    private sealed class SectionStatus(TestWorld world, List<TestClient> clients, int periodId) : Target(world, clients)
    {
        private static readonly string[] Values = ["Red", "Amber", "Green"];

        public override string Name => "Section status";

        public override string Url => $"/periods/{periodId}/sections/{World.WorkstreamId}";

        public override string SavedLocation => $"/periods/{periodId}";

        public override Dictionary<string, string> Change(string marker, int number) => new()
        {
            ["Input.Assessment"] = Values[number % Values.Length],
            ["Input.Reason"] = marker,
            ["Input.Highlights"] = $"Highlights written by {marker}.",
        };

        public override Task<int> VersionAsync() => QueryAsync(async db =>
            await db.SectionReviews.Where(r => r.ReportingPeriodId == periodId && r.PlanItemId == World.WorkstreamId).Select(r => (int?)r.Version).SingleOrDefaultAsync() ?? 0);

        public override Task<string?> CurrentAsync() => QueryAsync(db => db.SectionReviews
            .Where(r => r.ReportingPeriodId == periodId && r.PlanItemId == World.WorkstreamId).Select(r => (string?)r.Reason).SingleAsync());

        public override Task<List<string?>> HistoryAsync() => AuditReasonsAsync();

        public override Task<List<string?>> AuditReasonsAsync() =>
            AuditAsync(a => a.PlanItemId == World.WorkstreamId && a.Action.EndsWith("set for the period", StringComparison.Ordinal));
    }

    /// <summary>Editing a section's easy-read wording for the period; the audit holds each version's words.</summary>
    private sealed class EasyReadWording(TestWorld world, List<TestClient> clients, int periodId) : Target(world, clients)
    {
        public override string Name => "Easy-read wording";

        public override string Url => $"/periods/{periodId}/easy-read/{World.WorkstreamId}";

        public override string SavedLocation => $"/periods/{periodId}/easy-read";

        public override Dictionary<string, string> Change(string marker, int number) => new()
        {
            ["Input.WhatChanged"] = $"We did more, said {marker}.",
            ["Input.WhatIsNext"] = "We will keep going.",
        };

        public override Task<int> VersionAsync() => QueryAsync(async db =>
            await db.EasyReadTexts.Where(t => t.ReportingPeriodId == periodId && t.PlanItemId == World.WorkstreamId).Select(t => (int?)t.Version).SingleOrDefaultAsync() ?? 0);

        public override Task<string?> CurrentAsync() => QueryAsync(db => db.EasyReadTexts
            .Where(t => t.ReportingPeriodId == periodId && t.PlanItemId == World.WorkstreamId).Select(t => (string?)t.WhatChanged).SingleAsync());

        public override Task<List<string?>> HistoryAsync() => AuditReasonsAsync();

        /// <summary>The wording has no reason; each audit entry's new value of "what changed" holds the words saved.</summary>
        public override Task<List<string?>> AuditReasonsAsync() => QueryAsync(async db =>
            (await db.AuditEntries.AsNoTracking().Where(a => a.PlanItemId == World.WorkstreamId && a.Action == "Easy-read wording edited").OrderBy(a => a.Id).ToListAsync())
                .Select(a => JsonSerializer.Deserialize<List<AuditChange>>(a.ChangesJson, JsonSerializerOptions.Web)!.Single(c => c.Field == nameof(EasyReadText.WhatChanged)).New).ToList());
    }

    /// <summary>Acknowledging the contributor's update: one review wins; the others are told it is already acknowledged.</summary>
    private sealed class UpdateReview(TestWorld world, List<TestClient> clients, int periodId, int updateId) : Target(world, clients)
    {
        public override string Name => "Update review";

        public override string Url => $"/periods/{periodId}/updates/{updateId}/review";

        public override string SavedLocation => $"/periods/{periodId}";

        public override string DoneState => "Acknowledged";

        public override string AlreadyDoneMessage => "has already acknowledged this update";

        public override Dictionary<string, string> Change(string marker, int number) => new() { ["Input.Decision"] = "acknowledge", ["Input.Comment"] = marker };

        public override Task<int> VersionAsync() => QueryAsync(db => db.ItemUpdates.Where(u => u.Id == updateId).Select(u => u.Version).SingleAsync());

        public override Task<string?> CurrentAsync() => QueryAsync(async db => (string?)(await db.ItemUpdates.Where(u => u.Id == updateId).Select(u => u.State).SingleAsync()).ToString());

        /// <summary>One entry if the update has been reviewed.</summary>
        public override Task<List<string?>> HistoryAsync() =>
            QueryAsync(db => db.ItemUpdates.Where(u => u.Id == updateId && u.ReviewedAtUtc != null).Select(u => u.ReviewedByName).ToListAsync());

        public override Task<List<string?>> AuditReasonsAsync() => AuditAsync(a => a.PlanItemId == World.ActionId && a.Action == "Update acknowledged");
    }
}

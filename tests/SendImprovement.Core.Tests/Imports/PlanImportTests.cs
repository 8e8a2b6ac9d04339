using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Imports;

/// <summary>The import from upload to commit, and re-import, against a real (SQLite) database.</summary>
public sealed class PlanImportTests : IAsyncLifetime
{
    private const string Strategy = """
        Theme,Priority,Ref,Action,Lead,Start,End,Status,RAG rating,Key milestones,Linked work
        1. SEND is everybody's business,1.1 Training for all,1.1a,Deliver SEND training,TB JD*,Sept 21,May 2022 (revised from Nov 2021),In progress,Amber?,"• Book trainers
        • Run sessions",WSoA: 1.1a
        1. SEND is everybody's business,1.1 Training for all,1.1b,Publish the training offer,TL,Jan 2022,tbc,COMPLETE (ongoing activity),Complete,,
        2. Early help,2.1 Early identification,2.1,Agree the pathway,XY,Spring Term 2022,sometime soon,tbc,Purple,,
        """;

    private CoreHarness _harness = null!;
    private SmallPlan _plan = null!;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        _plan = await _harness.CreateSmallPlanAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Actor Lead => CoreHarness.ProgrammeLead(_plan.PartnershipId);

    [Fact]
    public async Task StrategySheet_PreviewsEveryCellWithRawAndReadValues()
    {
        var (_, preview) = await UploadAsync(Strategy, newPlan: "Phase One");

        Assert.Empty(preview.Errors);
        Assert.Equal(["Theme", "Priority", "Action", "Milestone", "Milestone", "Action", "Theme", "Priority", "Action"], preview.Items.Select(i => i.LevelName));
        var first = preview.Items.Single(i => i.Ref == "1.1a");
        Assert.Equal("Amber", first.Rating!.Value.Key);
        Assert.True(first.Rating.IsTentative);
        Assert.Equal("May 2022", first.Deadline!.Deadline.Text);
        Assert.Equal("Nov 2021", Assert.Single(first.Deadline.RevisedFrom).Text);
        Assert.Equal("1.1", first.Parent!.Ref);
        Assert.Equal("Training for all", first.Parent.Title);

        var row = preview.Rows.Single(r => r.Number == 2);
        Assert.Contains(row.Cells, c => c.Raw == "Sept 21" && c.ReadAs == "September 2021");
        Assert.Contains(row.Cells, c => c.Raw == "Amber?" && c.ReadAs == "Amber, tentative");
        Assert.Contains(row.Cells, c => c.Raw == "May 2022 (revised from Nov 2021)" && c.ReadAs == "May 2022, revised from November 2021");
        Assert.Contains(preview.Rows.Single(r => r.Number == 3).Cells, c => c.Raw == "Complete" && c.ReadAs == "Blue");

        // "sometime soon" and "Purple" cannot be read: the row is flagged and the commit waits for the lead.
        Assert.Equal(["sometime soon", "Purple"], preview.Unreadable.Select(u => u.Raw));
        Assert.True(preview.Rows.Single(r => r.Number == 4).IsFlagged);
        Assert.False(preview.CanCommit);

        Assert.DoesNotContain(preview.Warnings, w => w.Message.Contains("WSoA: 1.1a", StringComparison.Ordinal));

        // TL is a person already; XY, TB and JD are not.
        Assert.Equal(_plan.LeadPersonId, preview.Leads.Single(l => l.MatchKey == "TL").MatchedPersonId);
        Assert.Null(preview.Leads.Single(l => l.MatchKey == "XY").MatchedPersonId);
    }

    [Fact]
    public async Task Commit_WritesItemsHistoryPeopleAndTheRecord_InOneGo()
    {
        var (record, _) = await UploadAsync(Strategy, newPlan: "Phase One");
        record = await ChooseAsync(record, s =>
        {
            s.KeepUnreadable = true;
            s.People["TB"] = new PersonChoice(_plan.OtherPersonId, null);
            s.People["JD"] = new PersonChoice(null, "Jo Dee");
        });

        var outcome = await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, record.Id, record.Version));

        Assert.Equal(9, outcome.Counts.ItemsNew);
        Assert.Equal(2, outcome.Counts.RatingsAdded);
        Assert.Equal(1, outcome.Counts.RevisionsAdded);
        Assert.Equal(["Jo Dee (JD)"], outcome.PeopleAdded);
        await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var saved = await db.ImportRecords.SingleAsync(r => r.Id == record.Id);
            Assert.Equal(ImportState.Committed, saved.State);
            Assert.Null(saved.Content);
            Assert.Equal(64, saved.FileSha256.Length);
            Assert.Contains("Purple", saved.OutcomeJson, StringComparison.Ordinal);

            var action = await db.PlanItems.Include(i => i.Assignments).Include(i => i.Ratings).Include(i => i.DeadlineRevisions).Include(i => i.LinksFrom)
                .SingleAsync(i => i.PlanId == saved.PlanId && i.Ref == "1.1a");
            Assert.Equal("Amber", action.CurrentRatingValue);
            Assert.True(action.CurrentRatingTentative);
            Assert.Equal("Amber?", Assert.Single(action.Ratings).RawText);
            var revision = Assert.Single(action.DeadlineRevisions);
            Assert.Equal(("Nov 2021", "May 2022"), (revision.Previous.Text, revision.New.Text));
            Assert.Equal(_plan.OtherPersonId, action.Assignments.Single(a => a.MatchKey == "TB").PersonId);
            Assert.True(action.Assignments.Single(a => a.MatchKey == "JD").IsInterdependency);
            Assert.NotNull(action.Assignments.Single(a => a.MatchKey == "JD").PersonId);

            // "WSoA: 1.1a" points at the test partnership's WSoA action 1.1a.
            Assert.Equal(_plan.ActionId, Assert.Single(action.LinksFrom).ToItemId);

            var unreadable = await db.PlanItems.SingleAsync(i => i.PlanId == saved.PlanId && i.Ref == "2.1" && i.Depth == 2);
            Assert.Equal(PlanDateKind.Unrecognised, unreadable.Deadline.Kind);
            Assert.Equal("sometime soon", unreadable.Deadline.Text);
            Assert.Null(unreadable.CurrentRatingValue);
            Assert.Equal("XY", Assert.Single(await db.PlanItemAssignments.Where(a => a.PlanItemId == unreadable.Id).ToListAsync()).RawText);

            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "Plan imported");
            Assert.Equal(Lead.Name, audit.ActorName);
            Assert.Contains("Deliver SEND training", audit.ChangesJson, StringComparison.Ordinal);
            return 0;
        });
    }

    [Fact]
    public async Task ReImport_AddsHistoryForWhatChanged_ReportsWhatIsMissing_AndTheSameFileTwiceChangesNothing()
    {
        var planId = await ImportNewAsync(Strategy);
        var counts = await CountsAsync(planId);

        // The same file again: nothing to do.
        var (again, preview) = await UploadAsync(Strategy, planId: planId);
        Assert.Equal(0, preview.Counts.ItemsNew);
        Assert.Equal(0, preview.Counts.ItemsChanged);
        Assert.Empty(preview.Changes);
        again = await ChooseAsync(again, s => s.KeepUnreadable = true);
        await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, again.Id, again.Version));
        Assert.Equal(counts, await CountsAsync(planId));

        // A month later: 1.1a is Green with a date, its deadline moved, 1.1b is gone and 1.1c is new.
        _harness.Clock.Advance(TimeSpan.FromDays(30));
        var updated = """
            Theme,Priority,Ref,Action,Lead,Start,End,Status,RAG rating,Key milestones,Progress
            1. SEND is everybody's business,1.1 Training for all,1.1(a),Deliver SEND training,TB JD*,Sept 21,July 2022,In progress,Green 10/07/2026,"• Book trainers
            • Run sessions",Two sessions held
            1. SEND is everybody's business,1.1 Training for all,1.1c,Evaluate the training,TL,Jan 2022,Dec 2022,Not started,Red,,
            2. Early help,2.1 Early identification,2.1,Agree the pathway,XY,Spring Term 2022,sometime soon,tbc,,,
            """;
        (var next, preview) = await UploadAsync(updated, planId: planId);
        Assert.Empty(preview.Errors);
        Assert.Equal(1, preview.Counts.ItemsNew);
        Assert.Contains(preview.Changes, c => c.Item.StartsWith("1.1(a)", StringComparison.Ordinal) && c.What == "Rating Amber? → Green, given 10 July 2026");
        Assert.Contains(preview.Changes, c => c.What == "Deadline revised from May 2022 to July 2022");
        Assert.Contains(preview.Changes, c => c.What == "New progress note");
        Assert.Contains(preview.Changes, c => c.Item.StartsWith("1.1c", StringComparison.Ordinal) && c.What.StartsWith("New action", StringComparison.Ordinal));
        Assert.Contains("Action 1.1b Publish the training offer", preview.Missing);

        next = await ChooseAsync(next, s => s.KeepUnreadable = true);
        await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, next.Id, next.Version));
        await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var action = await db.PlanItems.Include(i => i.Ratings).Include(i => i.DeadlineRevisions).Include(i => i.ProgressNotes)
                .SingleAsync(i => i.PlanId == planId && i.Ref == "1.1a");
            Assert.Equal(["Amber", "Green"], action.Ratings.OrderBy(r => r.AppliesFrom).ThenBy(r => r.Id).Select(r => r.Value));
            Assert.Equal("Green", action.CurrentRatingValue);
            Assert.Equal(new DateOnly(2026, 7, 10), action.CurrentRatingDate);
            Assert.Equal(["May 2022", "July 2022"], action.DeadlineRevisions.OrderBy(r => r.Id).Select(r => r.New.Text));
            Assert.Equal("July 2022", action.Deadline.Text);
            Assert.Equal("Two sessions held", Assert.Single(action.ProgressNotes).ProgressAndImpact);
            Assert.True(await db.PlanItems.AnyAsync(i => i.PlanId == planId && i.Ref == "1.1b"), "Items missing from the file are not deleted");
            return 0;
        });
    }

    [Fact]
    public async Task AnOlderFileAfterANewerOne_AddsNoNoteOrRatingAgain_AndNoTitleMatchUnderANewParent()
    {
        var planId = await ImportNewAsync(Strategy);
        const string newer = "Ref,Action,Progress\n1.1a,Deliver SEND training,Two sessions held\n";
        const string older = "Ref,Action,Progress\n1.1a,Deliver SEND training,Trainers booked\n";
        foreach (var file in new[] { older, newer, older })
        {
            var (record, _) = await UploadAsync(file, planId: planId);
            await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, record.Id, record.Version));
        }

        // The older file's note was recorded once: importing it again after the newer one adds nothing.
        var notes = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().ProgressNotes
            .Where(n => n.PlanItem.PlanId == planId && n.PlanItem.Ref == "1.1a").Select(n => n.ProgressAndImpact).ToListAsync());
        Assert.Equal(["Trainers booked", "Two sessions held"], notes.Order(StringComparer.Ordinal));

        // "Book trainers" is a milestone of 1.1a; under a new action 1.1z it is a new milestone, not that one.
        var (_, preview) = await UploadAsync("Ref,Action,Key milestones\n1.1z,Another action,Book trainers\n", planId: planId);
        Assert.Empty(preview.TitleMatches);
        Assert.Equal(2, preview.Counts.ItemsNew);
    }

    [Fact]
    public async Task TitleMatches_WaitForConfirmation()
    {
        // The stored plan's milestone has no ref; a file gives it one.
        var file = """
            Level,Ref,Title,Deadline
            Workstream,,Workstream 1,
            Outcome,1.1,Outcome,
            Action,1.1a,Action,May 2026
            Milestone,M1,Milestone,Nov 2019
            """;
        var (record, preview) = await UploadAsync(file, planId: _plan.PlanId);
        var match = Assert.Single(preview.TitleMatches);
        Assert.Equal(_plan.MilestoneId, match.ExistingItemId);
        Assert.False(match.IsConfirmed);
        Assert.Equal(1, preview.Counts.ItemsNew);

        record = await ChooseAsync(record, s => s.ConfirmedTitleMatches.Add(match.Row));
        preview = await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().PreviewAsync(record));
        Assert.True(Assert.Single(preview.TitleMatches).IsConfirmed);
        Assert.Equal(0, preview.Counts.ItemsNew);
        Assert.Contains(preview.Changes, c => c.What == "Ref M1 given (it had none)");

        await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, record.Id, record.Version));
        Assert.Equal("M1", await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().PlanItems.Where(i => i.Id == _plan.MilestoneId).Select(i => i.Ref).SingleAsync()));
    }

    [Fact]
    public async Task BadMappingAndDuplicateRefs_AreErrors_AndTheCommitIsRefused()
    {
        var (_, links) = await UploadAsync("Ref,Action,Linked work\n1.1a,One,WSoA: 9.9\n1.1b,Two,PAP 1.1\n", newPlan: "Links");
        Assert.Contains(links.Warnings, w => w.Row == 2 && w.Message == "“WSoA: 9.9” was kept as text, not linked: WSoA has no item 9.9 yet");
        Assert.Contains(links.Warnings, w => w.Row == 3 && w.Message == "“PAP: 1.1” was kept as text, not linked: no plan of the partnership is called PAP yet");

        var (_, noTitle) = await UploadAsync("Ref,Lead\n1.1a,TB\n", newPlan: "No titles");
        Assert.Contains(noTitle.Errors, e => e.Message.StartsWith("No column is mapped to “Title”", StringComparison.Ordinal));

        var (record, duplicates) = await UploadAsync("Ref,Action\n1.1a,One\n1.1(a),Two\n", newPlan: "Duplicates");
        Assert.Contains(duplicates.Errors, e => e.Message.Contains("The ref 1.1a is used by more than one action (rows 2, 3)", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, record.Id, record.Version)));
        Assert.Contains("used by more than one action", refused.Message, StringComparison.Ordinal);
        Assert.False(await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Plans.AnyAsync(p => p.Name == "Duplicates")));
    }

    [Fact]
    public async Task AnUnreadableCell_CanBeCorrected()
    {
        var (record, preview) = await UploadAsync("Ref,Action,Deadline\n1.1a,One,31/02/2021\n", newPlan: "Fixes");
        var cell = Assert.Single(preview.Unreadable);
        Assert.Contains("not a real date", cell.Problem, StringComparison.Ordinal);

        record = await ChooseAsync(record, s => s.Fixes[cell.Key] = "28/02/2021");
        preview = await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().PreviewAsync(record));
        Assert.Empty(preview.Unreadable);
        Assert.True(preview.CanCommit);
        Assert.Equal(new DateOnly(2021, 2, 28), preview.Items.Single(i => i.Ref == "1.1a").Deadline!.Deadline.End);
    }

    [Fact]
    public async Task ACommitThatFailsPartWay_LeavesTheDatabaseAsItWas()
    {
        var (record, _) = await UploadAsync(Strategy, newPlan: "Interrupted");
        record = await ChooseAsync(record, s => s.KeepUnreadable = true);
        var before = await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.PlanItems.CountAsync(), await db.Ratings.CountAsync(), await db.AuditEntries.CountAsync(), await db.People.CountAsync());
        });

        // The database fails on the tenth write of the commit, after the plan and several items were inserted.
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(_harness.ConnectionString)
            .AddInterceptors(new FailOnWrite(10))
            .Options;
        await using (var db = new SqliteAppDbContext(options))
        {
            var imports = new ImportService(db, _harness.Clock);
            await Assert.ThrowsAsync<DbUpdateException>(() => imports.CommitAsync(Lead, record.Id, record.Version));
        }

        await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            Assert.Equal(before, (await db.PlanItems.CountAsync(), await db.Ratings.CountAsync(), await db.AuditEntries.CountAsync(), await db.People.CountAsync()));
            Assert.False(await db.Plans.AnyAsync(p => p.Name == "Interrupted"));
            var draft = await db.ImportRecords.SingleAsync(r => r.Id == record.Id);
            Assert.Equal(ImportState.Draft, draft.State);
            Assert.NotNull(draft.Content);
            return 0;
        });

        // The draft can still be committed.
        var outcome = await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, record.Id, record.Version));
        Assert.Equal(9, outcome.Counts.ItemsNew);
    }

    [Fact]
    public async Task OnlyProgrammeLeadsImport()
    {
        var viewer = CoreHarness.Viewer(_plan.PartnershipId);
        await Assert.ThrowsAsync<ForbiddenException>(() => _harness.InScopeAsync(sp =>
            sp.GetRequiredService<ImportService>().UploadAsync(viewer, _plan.PartnershipId, "plan.csv", Csv(Strategy), new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "x" }, null)));
        var stranger = CoreHarness.ProgrammeLead(_plan.PartnershipId + 1000);
        await Assert.ThrowsAsync<NotFoundException>(() => _harness.InScopeAsync(sp =>
            sp.GetRequiredService<ImportService>().UploadAsync(stranger, _plan.PartnershipId, "plan.csv", Csv(Strategy), new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "x" }, null)));
    }

    [Fact]
    public async Task AFileThatIsNotWhatItClaims_IsRefusedWithItsMessage_AndNothingIsKept()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _harness.InScopeAsync(sp =>
            sp.GetRequiredService<ImportService>().UploadAsync(Lead, _plan.PartnershipId, "plan.xlsx", Csv(Strategy), new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "x" }, null)));
        Assert.Equal("File", Assert.Single(error.Errors).Field);
        Assert.False(await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().ImportRecords.AnyAsync()));

        var extension = await Assert.ThrowsAsync<ValidationFailedException>(() => _harness.InScopeAsync(sp =>
            sp.GetRequiredService<ImportService>().UploadAsync(Lead, _plan.PartnershipId, "plan.pdf", Csv(Strategy), new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "x" }, null)));
        Assert.Contains(".xlsx, .csv or .docx", extension.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSizeAndRowLimits_AreConfigurable()
    {
        var limits = new ImportLimits { MaxFileMegabytes = 1, MaxRows = 3 };
        await _harness.InScopeAsync(async sp =>
        {
            var imports = new ImportService(sp.GetRequiredService<AppDbContext>(), _harness.Clock, limits);
            var settings = new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "x" };

            var big = "Ref,Action\n" + string.Concat(Enumerable.Range(1, 40_000).Select(i => $"{i}.1,Action number {i}\n"));
            var tooBig = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.UploadAsync(Lead, _plan.PartnershipId, "big.csv", Csv(big), settings, null));
            Assert.StartsWith("This file is larger than 1 MB.", tooBig.Message, StringComparison.Ordinal);

            var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.UploadAsync(Lead, _plan.PartnershipId, "long.csv", Csv("Ref,Action\n1,a\n2,b\n3,c\n"), settings, null));
            Assert.StartsWith("The file has more than 3 rows.", tooLong.Message, StringComparison.Ordinal);
            Assert.False(await sp.GetRequiredService<AppDbContext>().ImportRecords.AnyAsync());
            return 0;
        });
    }

    private async Task<int> ImportNewAsync(string csv)
    {
        var (record, _) = await UploadAsync(csv, newPlan: "Phase One");
        record = await ChooseAsync(record, s => s.KeepUnreadable = true);
        await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(Lead, record.Id, record.Version));
        return await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().ImportRecords.Where(r => r.Id == record.Id).Select(r => r.PlanId!.Value).SingleAsync());
    }

    private async Task<(int Items, int Ratings, int Revisions, int Notes, int Links, int Assignments)> CountsAsync(int planId) =>
        await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (
                await db.PlanItems.CountAsync(i => i.PlanId == planId),
                await db.Ratings.CountAsync(r => r.PlanItem.PlanId == planId),
                await db.DeadlineRevisions.CountAsync(r => r.PlanItem.PlanId == planId),
                await db.ProgressNotes.CountAsync(n => n.PlanItem.PlanId == planId),
                await db.ItemLinks.CountAsync(l => l.FromItem.PlanId == planId),
                await db.PlanItemAssignments.CountAsync(a => a.PlanItem.PlanId == planId));
        });

    private async Task<(ImportRecord Record, ImportPreview Preview)> UploadAsync(string csv, string? newPlan = null, int? planId = null) =>
        await _harness.InScopeAsync(async sp =>
        {
            var imports = sp.GetRequiredService<ImportService>();
            var settings = new ImportSettings { KindKey = planId is null ? BuiltInPlanKinds.Strategy : null, PlanName = newPlan };
            var record = await imports.UploadAsync(Lead, _plan.PartnershipId, "plan.csv", Csv(csv), settings, planId);
            return (record, await imports.PreviewAsync(record));
        });

    private async Task<ImportRecord> ChooseAsync(ImportRecord record, Action<ImportSettings> change) =>
        await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().SaveChoicesAsync(Lead, record.Id, record.Version, change));

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));

    /// <summary>Fails the nth command that writes, as a full disk or a lost connection would.</summary>
    private sealed class FailOnWrite(int failAt) : DbCommandInterceptor
    {
        private int _writes;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Check(DbCommand command)
        {
            if (command.CommandText.Contains("INSERT", StringComparison.OrdinalIgnoreCase) && ++_writes == failAt)
            {
                throw new DbUpdateException("The disk is full (simulated).");
            }
        }
    }
}

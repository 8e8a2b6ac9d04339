using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Reports;

/// <summary>What a period's snapshot holds, read at the period's date, and that closing freezes it.</summary>
public sealed class SnapshotTests : IAsyncLifetime
{
    private CoreHarness _harness = null!;
    private SmallPlan _plan = null!;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        _plan = await _harness.CreateSmallPlanAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ReadsRatingsAndDeadlinesAsTheyStoodAtThePeriodDate()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Update(s => s.RecordRatingAsync(lead, _plan.ActionId, 0, new NewRating("Green", false, new DateOnly(2026, 4, 1), "On track")));
        await Update(s => s.RecordRatingAsync(lead, _plan.ActionId, 1, new NewRating("Red", false, new DateOnly(2026, 6, 10), "Stuck")));
        await Update(s => s.ReviseDeadlineAsync(lead, _plan.ActionId, 2, new NewDeadline("September 2026", new DateOnly(2026, 6, 12), "Waiting for funding")));
        var period = await Open("May 2026", new DateOnly(2026, 5, 31));

        var snapshot = await Snapshot(period);

        var action = snapshot.Items.Single(i => i.Id == _plan.ActionId);
        Assert.Equal("Green", action.Rating?.Value);
        Assert.Equal("May 2026", action.Deadline.Text);
        Assert.Empty(action.Revisions);
        Assert.DoesNotContain(PeriodFacts.ForPlan(snapshot).Overdue, i => i.Id == _plan.ActionId);
    }

    [Fact]
    public async Task ClosedPeriodReportsDoNotChangeWhenThePlanDoes()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Update(s => s.RecordRatingAsync(lead, _plan.ActionId, 0, new NewRating("Amber", false, new DateOnly(2026, 6, 1), "Behind")));
        var period = await Open("June 2026", new DateOnly(2026, 6, 15));
        await _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().CloseAsync(lead, period.Id, period.Version));
        var before = await Reports(period.Id);

        await Update(s => s.RecordRatingAsync(lead, _plan.ActionId, 1, new NewRating("Red", false, new DateOnly(2026, 6, 14), "Worse, back-dated into the period")));
        await Update(s => s.ReviseDeadlineAsync(lead, _plan.MilestoneId, 0, new NewDeadline("December 2026", new DateOnly(2026, 6, 10), "Moved")));
        await Update(s => s.AddProgressNoteAsync(lead, _plan.ActionId, new NewProgressNote(new DateOnly(2026, 6, 1), "Something new", "Next", null, [])));
        var after = await Reports(period.Id);

        Assert.Equal(before, after);
        Assert.Contains("Amber", before[ReportKind.Progress], StringComparison.Ordinal);
        Assert.DoesNotContain("December 2026", before[ReportKind.Progress], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenPeriodReportsShowThePlanAsItStands()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var period = await Open("June 2026", new DateOnly(2026, 6, 15));
        var before = await Reports(period.Id);

        await Update(s => s.ReviseDeadlineAsync(lead, _plan.MilestoneId, 0, new NewDeadline("December 2026", new DateOnly(2026, 6, 10), "Moved")));

        var after = await Reports(period.Id);
        Assert.NotEqual(before[ReportKind.Progress], after[ReportKind.Progress]);
        Assert.Contains("December 2026 (revised from Nov 2019)", after[ReportKind.Progress], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStoredSnapshotRoundTripsAndCarriesItsHash()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var period = await Open("June 2026", new DateOnly(2026, 6, 15));
        var stored = await _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().CloseAsync(lead, period.Id, period.Version));

        var read = PlanSnapshot.FromCompressedJson(stored.Content);

        Assert.Equal(PlanSnapshot.Hash(stored.Content), stored.Sha256);
        Assert.Equal(stored.ItemCount, read.Items.Count);
        Assert.Equal(PeriodState.Closed, read.Period.State);
        Assert.Equal("Terry Lead", read.Items.Single(i => i.Id == _plan.ActionId).Leads.Single().Text);
    }

    private Task<int> Update(Func<ItemUpdateService, Task> work) =>
        _harness.InScopeAsync(async sp =>
        {
            await work(sp.GetRequiredService<ItemUpdateService>());
            return 0;
        });

    private Task<ReportingPeriod> Open(string name, DateOnly asAt) =>
        _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().OpenAsync(CoreHarness.ProgrammeLead(_plan.PartnershipId), _plan.PlanId, new NewPeriod(name, asAt, asAt, PeriodCadence.Monthly)));

    private Task<PlanSnapshot> Snapshot(ReportingPeriod period) =>
        _harness.InScopeAsync(async sp => await sp.GetRequiredService<PeriodService>().SnapshotAsync(
            await sp.GetRequiredService<AppDbContext>().ReportingPeriods.AsNoTracking().SingleAsync(p => p.Id == period.Id)));

    private Task<Dictionary<ReportKind, string>> Reports(int periodId) =>
        _harness.InScopeAsync(async sp =>
        {
            var reports = sp.GetRequiredService<ReportService>();
            var result = new Dictionary<ReportKind, string>();
            foreach (var kind in Enum.GetValues<ReportKind>())
            {
                result[kind] = HtmlReport.RenderDocument(await reports.DocumentAsync(CoreHarness.ProgrammeLead(_plan.PartnershipId), periodId, kind));
            }

            return result;
        });
}

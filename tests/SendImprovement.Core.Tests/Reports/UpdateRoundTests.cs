using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Reports;

/// <summary>The rules of an update round, checked in the service so a forged request is refused too.</summary>
public sealed class UpdateRoundTests : IAsyncLifetime
{
    private CoreHarness _harness = null!;
    private SmallPlan _plan = null!;
    private int _periodId;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        _plan = await _harness.CreateSmallPlanAsync();
        var period = await _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().OpenAsync(
            CoreHarness.ProgrammeLead(_plan.PartnershipId), _plan.PlanId, new NewPeriod("June 2026", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 25), PeriodCadence.Monthly)));
        _periodId = period.Id;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task NobodyReviewsTheirOwnUpdate()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var update = await Submit(lead, "Green", "Started");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Round(r => r.ReviewAsync(lead, update.Id, update.Version, acknowledge: true, null)));

        Assert.Equal("You cannot review your own update. Ask the section's sponsor or another programme lead to review it.", refused.Message);
        Assert.Equal(UpdateState.Submitted, await Query(db => db.ItemUpdates.Where(u => u.Id == update.Id).Select(u => u.State).SingleAsync()));
    }

    [Fact]
    public async Task SubmittingToAClosedPeriodChangesNothing()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().CloseAsync(lead, _periodId, 0));
        var before = await Query(db => db.Ratings.CountAsync());

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Submit(CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId), "Amber", "Late"));

        Assert.StartsWith("June 2026 is closed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Query(db => db.Ratings.CountAsync()));
        Assert.False(await Query(db => db.ItemUpdates.AnyAsync()));
    }

    [Fact]
    public async Task ClosingTwiceIsRefusedAndKeepsOneSnapshot()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().CloseAsync(lead, _periodId, 0));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().CloseAsync(lead, _periodId, 1)));

        Assert.StartsWith("June 2026 is already closed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Query(db => db.PeriodSnapshots.CountAsync()));
    }

    [Fact]
    public async Task AContributorMayUpdateOnlyWhatTheyLead()
    {
        var other = CoreHarness.Contributor(_plan.PartnershipId, _plan.OtherPersonId);

        await Assert.ThrowsAsync<ForbiddenException>(() => Submit(other, "Red", "Not mine"));
    }

    [Fact]
    public async Task AnAcknowledgedUpdateCannotBeReplaced()
    {
        var contributor = CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId);
        var update = await Submit(contributor, "Green", "On track");
        await Round(r => r.ReviewAsync(CoreHarness.ProgrammeLead(_plan.PartnershipId), update.Id, update.Version, acknowledge: true, null));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Submit(contributor, "Amber", "Changed my mind"));

        Assert.Contains("has already acknowledged this update", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendingBackNeedsACommentAndTheLeadCanSubmitAgain()
    {
        var contributor = CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId);
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var update = await Submit(contributor, "Green", "On track");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Round(r => r.ReviewAsync(lead, update.Id, update.Version, acknowledge: false, " ")));
        await Round(r => r.ReviewAsync(lead, update.Id, update.Version, acknowledge: false, "Say what the delay is."));
        var again = await Submit(contributor, "Amber", "Delayed by recruitment");

        Assert.Equal("Enter a comment saying what the lead needs to change", refused.Message);
        Assert.Equal(UpdateState.Submitted, again.State);
        Assert.Equal(["Green", "Amber"], await Query(db => db.Ratings.Where(r => r.PlanItemId == _plan.ActionId).OrderBy(r => r.Id).Select(r => r.Value).ToListAsync()));
        Assert.Equal(2, await Query(db => db.AuditEntries.CountAsync(a => a.Action == "Update submitted")));
    }

    [Fact]
    public async Task ResubmittingWithNoChange_KeepsTheRatingGivenEarlierInTheRound()
    {
        var contributor = CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId);
        var update = await Submit(contributor, "Red", "Stuck");
        await Round(r => r.ReviewAsync(CoreHarness.ProgrammeLead(_plan.PartnershipId), update.Id, update.Version, acknowledge: false, "Say why."));

        var again = await Submit(contributor, UpdateInput.NoChange, "Stuck because the room is not ready");

        Assert.NotNull(again.RatingId);
        Assert.Equal("Red", await Query(db => db.Ratings.Where(r => r.Id == again.RatingId).Select(r => r.Value).SingleAsync()));
        Assert.Equal(1, await Query(db => db.Ratings.CountAsync(r => r.PlanItemId == _plan.ActionId)));
    }

    [Fact]
    public async Task APeriodMustComeAfterTheLatestOne()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _harness.InScopeAsync(sp => sp.GetRequiredService<PeriodService>().OpenAsync(
            CoreHarness.ProgrammeLead(_plan.PartnershipId), _plan.PlanId, new NewPeriod("May 2026", new DateOnly(2026, 5, 31), new DateOnly(2026, 5, 25), PeriodCadence.Monthly))));

        Assert.Contains(refused.Errors, e => e.Field == "AsAt" && e.Message == "The date must be after 30 June 2026, the date of June 2026");
    }

    private async Task<ItemUpdate> Submit(Actor actor, string rating, string done)
    {
        var version = await Query(db => db.PlanItems.Where(i => i.Id == _plan.ActionId).Select(i => i.Version).SingleAsync());
        return await _harness.InScopeAsync(sp => sp.GetRequiredService<UpdateRoundService>().SubmitAsync(
            actor, _periodId, _plan.ActionId, version, new UpdateInput(rating, false, "Because.", done, null, null, [])));
    }

    private Task<int> Round(Func<UpdateRoundService, Task> work) =>
        _harness.InScopeAsync(async sp =>
        {
            await work(sp.GetRequiredService<UpdateRoundService>());
            return 0;
        });

    private Task<T> Query<T>(Func<AppDbContext, Task<T>> query) =>
        _harness.InScopeAsync(sp => query(sp.GetRequiredService<AppDbContext>()));
}

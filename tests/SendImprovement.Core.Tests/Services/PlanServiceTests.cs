using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Services;

public sealed class PlanServiceTests : IAsyncLifetime
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
    public async Task Leads_AreMatchedToPeopleByInitials_AndUnknownInitialsStayUnassigned()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var item = await _harness.InScopeAsync(sp => sp.GetRequiredService<PlanService>().AddItemAsync(lead, _plan.PlanId, _plan.ActionId, new ItemDetails { Title = "m" }, null));
        var action = await _harness.InScopeAsync(async sp =>
        {
            var outcomeId = await sp.GetRequiredService<AppDbContext>().PlanItems.Where(i => i.Id == _plan.ActionId).Select(i => i.ParentId!.Value).FirstAsync();
            return await sp.GetRequiredService<PlanService>().AddItemAsync(lead, _plan.PlanId, outcomeId, new ItemDetails { Ref = "1.1c", Title = "Shared", Leads = "TL JD*" }, null);
        });

        var assignments = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().PlanItemAssignments.Where(a => a.PlanItemId == action.Id).OrderBy(a => a.Position).ToListAsync());

        Assert.Equal(_plan.LeadPersonId, assignments[0].PersonId);
        Assert.Null(assignments[1].PersonId);
        Assert.Equal("JD", assignments[1].RawText);
        Assert.True(assignments[1].IsInterdependency);
        Assert.NotEqual(0, item.Id);
    }

    [Fact]
    public async Task MapInitials_AssignsEveryUse_AndRemembersTheVariant()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await _harness.InScopeAsync(async sp => { await sp.GetRequiredService<PlanService>().UpdateItemAsync(lead, _plan.OtherActionId, 0, new ItemDetails { Ref = "1.1b", Title = "Other action", Leads = "JD" }, null); return 0; });

        var uses = await _harness.InScopeAsync(sp => sp.GetRequiredService<PeopleService>().MapInitialsAsync(lead, _plan.PartnershipId, "jd", _plan.OtherPersonId));

        var (assignment, variants) = await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.PlanItemAssignments.SingleAsync(a => a.PlanItemId == _plan.OtherActionId),
                await db.PersonNameVariants.Where(v => v.PersonId == _plan.OtherPersonId).Select(v => v.MatchKey).ToListAsync());
        });
        Assert.Equal(1, uses);
        Assert.Equal(_plan.OtherPersonId, assignment.PersonId);
        Assert.Contains("JD", variants);
    }

    [Fact]
    public async Task EditingLeads_KeepsInitialsThatWereMatchedByHand()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await _harness.InScopeAsync(async sp => { await sp.GetRequiredService<PlanService>().UpdateItemAsync(lead, _plan.OtherActionId, 0, new ItemDetails { Ref = "1.1b", Title = "Other action", Leads = "JD" }, null); return 0; });
        await _harness.InScopeAsync(sp => sp.GetRequiredService<PeopleService>().MapInitialsAsync(lead, _plan.PartnershipId, "JD", _plan.LeadPersonId));

        await _harness.InScopeAsync(async sp => { await sp.GetRequiredService<PlanService>().UpdateItemAsync(lead, _plan.OtherActionId, 1, new ItemDetails { Ref = "1.1b", Title = "Other action", Leads = "JD OO" }, null); return 0; });

        var people = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().PlanItemAssignments.Where(a => a.PlanItemId == _plan.OtherActionId).OrderBy(a => a.Position).Select(a => a.PersonId).ToListAsync());
        Assert.Equal([_plan.LeadPersonId, _plan.OtherPersonId], people);
    }

    [Fact]
    public async Task DuplicateRefAtTheSameLevel_IsRefused_ButTheSameRefAtAnotherLevelIsFine()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var outcomeId = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().PlanItems.Where(i => i.Id == _plan.ActionId).Select(i => i.ParentId!.Value).FirstAsync());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _harness.InScopeAsync(sp => sp.GetRequiredService<PlanService>().AddItemAsync(lead, _plan.PlanId, outcomeId, new ItemDetails { Ref = "1.1(a)", Title = "Dup" }, null)));
        Assert.Contains(error.Errors, e => e.Field == "Ref" && e.Message.Contains("already used", StringComparison.Ordinal));

        var milestone = await _harness.InScopeAsync(sp => sp.GetRequiredService<PlanService>().AddItemAsync(lead, _plan.PlanId, _plan.ActionId, new ItemDetails { Ref = "1.1", Title = "Milestone with the outcome's ref" }, null));
        Assert.NotEqual(0, milestone.Id);
    }

    [Fact]
    public async Task AddItem_BadDeadline_KeepsNothing_AndSaysWhichFormsAreAccepted()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _harness.InScopeAsync(sp => sp.GetRequiredService<PlanService>().AddItemAsync(lead, _plan.PlanId, _plan.ActionId, new ItemDetails { Title = "m" }, "when pigs fly")));

        Assert.Contains(error.Errors, e => e.Field == "Deadline" && e.Message.Contains("Spring Term 2027", StringComparison.Ordinal));
        Assert.Equal(1, await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().PlanItems.CountAsync(i => i.ParentId == _plan.ActionId)));
    }

    [Fact]
    public async Task MilestonesCannotHaveChildren()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);

        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _harness.InScopeAsync(sp => sp.GetRequiredService<PlanService>().AddItemAsync(lead, _plan.PlanId, _plan.MilestoneId, new ItemDetails { Title = "too deep" }, null)));
    }

    [Fact]
    public async Task Demo_LoadsNorthbyWithTheHistoryTheIssueAsksFor()
    {
        await using var harness = await CoreHarness.CreateAsync();
        await harness.InScopeAsync<int>(async sp =>
        {
            await sp.GetRequiredService<SendImprovement.Core.Demo.DemoPartnership>().LoadAsync();
            return 0;
        });

        var stats = await harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var inspection = await db.Plans.SingleAsync(p => p.Kind.Key == BuiltInPlanKinds.Inspection);
            var strategy = await db.Plans.SingleAsync(p => p.Kind.Key == BuiltInPlanKinds.Strategy);
            return new
            {
                Workstreams = await db.PlanItems.CountAsync(i => i.PlanId == inspection.Id && i.Depth == 0),
                Actions = await db.PlanItems.CountAsync(i => i.PlanId == inspection.Id && i.Depth == 2),
                Milestones = await db.PlanItems.CountAsync(i => i.PlanId == inspection.Id && i.Depth == 3),
                Revisions = await db.DeadlineRevisions.CountAsync(r => r.PlanItem.PlanId == inspection.Id),
                Notes = await db.ProgressNotes.CountAsync(n => n.PlanItem.PlanId == inspection.Id),
                EarliestRating = await db.Ratings.Where(r => r.PlanItem.PlanId == inspection.Id).MinAsync(r => r.AppliesFrom),
                Themes = await db.PlanItems.CountAsync(i => i.PlanId == strategy.Id && i.Depth == 0),
                Priorities = await db.PlanItems.CountAsync(i => i.PlanId == strategy.Id && i.Depth == 1),
                StrategyActions = await db.PlanItems.CountAsync(i => i.PlanId == strategy.Id && i.Depth == 2),
                Links = await db.ItemLinks.CountAsync(l => l.ToItemId != null),
                Unmapped = await db.PlanItemAssignments.CountAsync(a => a.PersonId == null),
                Users = await db.Users.CountAsync(u => u.IsDemo),
                ClosedPeriods = await db.ReportingPeriods.CountAsync(p => p.State == SendImprovement.Core.Periods.PeriodState.Closed),
                OpenPeriods = await db.ReportingPeriods.CountAsync(p => p.State == SendImprovement.Core.Periods.PeriodState.Open),
                Snapshots = await db.PeriodSnapshots.CountAsync(),
                Updates = await db.ItemUpdates.CountAsync(),
            };
        });

        Assert.Equal(5, stats.Workstreams);
        Assert.InRange(stats.Actions, 23, 27);
        Assert.InRange(stats.Milestones, 85, 95);
        Assert.True(stats.Revisions >= 10, $"{stats.Revisions} revisions");
        Assert.True(stats.Notes >= 25, $"{stats.Notes} notes");
        Assert.True(stats.EarliestRating <= DateOnly.FromDateTime(CoreHarness.Now.UtcDateTime).AddMonths(-17));
        Assert.Equal(3, stats.Themes);
        Assert.Equal(8, stats.Priorities);
        Assert.InRange(stats.StrategyActions, 28, 32);
        Assert.True(stats.Links >= 5);
        Assert.True(stats.Unmapped >= 3);
        Assert.Equal(5, stats.Users);

        // Each plan: two closed monthly periods with their snapshots and this month's open one, with updates in.
        Assert.Equal(4, stats.ClosedPeriods);
        Assert.Equal(2, stats.OpenPeriods);
        Assert.Equal(4, stats.Snapshots);
        Assert.Equal(5, stats.Updates);
    }
}

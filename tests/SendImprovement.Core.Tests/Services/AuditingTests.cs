using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Services;

public sealed class AuditingTests : IAsyncLifetime
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
    public async Task SavingProgrammeDataWithoutWhoAndWhy_IsRefused()
    {
        await _harness.InScopeAsync<int>(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var item = await db.PlanItems.FirstAsync(i => i.Id == _plan.ActionId);
            item.Title = "Changed without saying who";

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("AuditContext", error.Message, StringComparison.Ordinal);
            return 0;
        });

        var title = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().PlanItems.Where(i => i.Id == _plan.ActionId).Select(i => i.Title).FirstAsync());
        Assert.Equal("Action", title);
    }

    [Fact]
    public async Task AuditEntries_CannotBeChangedOrDeleted()
    {
        await _harness.InScopeAsync<int>(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var entry = await db.AuditEntries.FirstAsync();
            entry.ActorName = "Someone else";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

            db.ChangeTracker.Clear();
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(new AuditContext(Actor.System("x"), "Delete"), _harness.Clock));
            return 0;
        });
    }

    [Fact]
    public async Task EditingAnItem_RecordsOldAndNewValuesAndTheReason()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await _harness.InScopeAsync<int>(async sp =>
        {
            await sp.GetRequiredService<PlanService>().UpdateItemAsync(lead, _plan.ActionId, 0, new ItemDetails { Ref = "1.1a", Title = "Clearer action", Leads = "TL OO*" }, "Board asked for clearer wording");
            return 0;
        });

        var entry = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditEntries.Where(a => a.PlanItemId == _plan.ActionId).OrderByDescending(a => a.Id).FirstAsync());
        var changes = System.Text.Json.JsonSerializer.Deserialize<List<AuditChange>>(entry.ChangesJson, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal("Action edited", entry.Action);
        Assert.Equal("Board asked for clearer wording", entry.Reason);
        Assert.Contains(changes, c => c.Field == "Title" && c.Old == "Action" && c.New == "Clearer action");
        Assert.Contains(changes, c => c.Field == "LeadText" && c.Old == "TL" && c.New == "TL OO*");
    }

    [Fact]
    public async Task AddingAnItem_PointsItsAuditEntryAtTheNewItem()
    {
        var entry = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditEntries.FirstAsync(a => a.Action == "Milestone added"));

        Assert.Equal(_plan.MilestoneId, entry.PlanItemId);
        Assert.Equal(_plan.PlanId, entry.PlanId);
    }
}

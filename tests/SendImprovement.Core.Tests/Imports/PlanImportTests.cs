using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Imports;

public sealed class PlanImportTests : IAsyncLifetime
{
    private const string Strategy = """
        Theme,Priority,Ref,Action,Lead,Start,End,Status,RAG rating,Key milestones,Linked work
        1. SEND is everybody's business,1.1 Training for all,1.1a,Deliver SEND training,TB JD*,Sept 21,May 2022 (revised from Nov 2021),In progress,Amber?,"• Book trainers
        • Run sessions",WSoA: 1.1(c)
        1. SEND is everybody's business,1.1 Training for all,1.1b,Publish the training offer,LL,Jan 2022,tbc,COMPLETE (ongoing activity),Complete,,
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

    [Fact]
    public async Task StrategySheet_PreviewsEveryCellThenCommitsInOneGo()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        var preview = await _harness.InScopeAsync(async sp =>
        {
            var imports = sp.GetRequiredService<ImportService>();
            var record = await imports.UploadAsync(lead, _plan.PartnershipId, "strategy.csv", Csv(Strategy), new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "Phase One" }, null);
            return await imports.PreviewAsync(record);
        });

        Assert.Empty(preview.Errors);
        Assert.Equal(["Theme", "Priority", "Action", "Milestone", "Milestone", "Action", "Theme", "Priority", "Action"], preview.Items.Select(i => i.LevelName));
        var first = preview.Items.Single(i => i.Ref == "1.1a");
        Assert.Equal("Amber", first.Rating!.Value.Key);
        Assert.True(first.Rating.IsTentative);
        Assert.Equal("May 2022", first.Deadline!.Deadline.Text);
        Assert.Equal("Nov 2021", Assert.Single(first.Deadline.RevisedFrom).Text);
        Assert.Equal(2, preview.Unreadable.Count);
        Assert.False(preview.CanCommit);
        Assert.Contains(preview.Leads, l => l.MatchKey == "XY");
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
}

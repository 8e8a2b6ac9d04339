using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using SendImprovement.Web.Tests.Measures;

namespace SendImprovement.Web.Tests.Concurrency;

/// <summary>The guards ConcurrentUpdateTests found missing, each checked on its own.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ConcurrencyGuardTests(AppFactory factory)
{
    [Fact]
    public async Task CorrectingAFigure_ThatSomeoneCorrectedMeanwhile_IsAConflict_AndOneFigureStaysCurrent()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await MeasureSteps.CreateAsync(world, MeasureSteps.Timeliness(world));
        await MeasureSteps.RecordAsync(world, measureId, "May 2026", "58");

        // One save has read May's figure as current and is about to replace it...
        using var slow = factory.Services.CreateScope();
        var db = slow.ServiceProvider.GetRequiredService<AppDbContext>();
        var read = await db.MeasureObservations.SingleAsync(o => o.MeasureId == measureId && o.ReplacedAtUtc == null);

        // ...when another correction lands first.
        await MeasureSteps.RecordAsync(world, measureId, "May 2026", "61", reason: "The return was revised");

        read.ReplacedAtUtc = AppFactory.Now.UtcDateTime;
        db.MeasureObservations.Add(new MeasureObservation
        {
            MeasureId = measureId,
            PeriodType = read.PeriodType,
            PeriodStart = read.PeriodStart,
            PeriodEnd = read.PeriodEnd,
            Value = 63,
            RecordedAtUtc = AppFactory.Now.UtcDateTime,
            RecordedByName = "Slow Saver",
            Reason = "My correction",
        });
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(new AuditContext(Actor.System("Slow Saver"), "Figure corrected"), new FakeTimeProvider(AppFactory.Now)));

        var current = await world.QueryAsync(q => q.MeasureObservations.Where(o => o.MeasureId == measureId && o.ReplacedAtUtc == null).Select(o => o.Value).ToListAsync());
        Assert.Equal(new decimal?[] { 61m }, current);
    }

    [Fact]
    public async Task MatchingInitials_ThatSomeoneMatchedMeanwhile_IsAConflict_AndTheFirstMatchStands()
    {
        var world = await TestWorld.CreateAsync(factory);

        // One save has read the unmatched "JD" lead and is about to match it to someone...
        using var slow = factory.Services.CreateScope();
        var db = slow.ServiceProvider.GetRequiredService<AppDbContext>();
        var read = await db.PlanItemAssignments.SingleAsync(a => a.PlanItemId == world.OtherActionId && a.RawText == "JD");
        Assert.Null(read.PersonId);

        // ...when another programme lead matches it first, through the form.
        using var client = await world.SignInAsync(world.ProgrammeLead);
        var response = await client.PostFormAsync("/people/initials?matchKey=JD", new() { ["Input.PersonId"] = world.LeadPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);

        read.PersonId = world.LeadPersonId;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(new AuditContext(Actor.System("Slow Saver"), "Initials matched to a person"), new FakeTimeProvider(AppFactory.Now)));

        Assert.Equal(world.LeadPersonId, await world.QueryAsync(q => q.PlanItemAssignments.Where(a => a.PlanItemId == world.OtherActionId && a.RawText == "JD").Select(a => a.PersonId).SingleAsync()));
    }

    [Theory]
    [InlineData("Host=db;Database=send;Username=send", "Host=db;Database=send;Username=send;Maximum Pool Size=30")]
    [InlineData("Host=db;Database=send;Username=send;", "Host=db;Database=send;Username=send;Maximum Pool Size=30")]
    [InlineData("Host=db;Database=send;Max Pool Size=80", "Host=db;Database=send;Max Pool Size=80")]
    [InlineData("Host=db;Database=send;MaxPoolSize=5", "Host=db;Database=send;MaxPoolSize=5")]
    public void PostgresConnections_AreCappedBelowTheServersDefaultLimit_UnlessTheOperatorSetsTheirOwn(string given, string used)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = given };

        Assert.Equal(used, options.EffectiveConnectionString);
    }

    [Fact]
    public void SqliteConnections_AreUsedAsGiven()
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=x.db" };

        Assert.Equal("Data Source=x.db", options.EffectiveConnectionString);
    }
}

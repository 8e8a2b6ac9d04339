using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Core.Tests.Services;

/// <summary>
/// Core services over a real SQLite database held in memory for one test, with time pinned. Migrations run as
/// they do in the app.
/// </summary>
public sealed class CoreHarness : IAsyncDisposable
{
    private readonly SqliteConnection _keepAlive;

    private CoreHarness(ServiceProvider services, SqliteConnection keepAlive, FakeTimeProvider clock)
    {
        Services = services;
        _keepAlive = keepAlive;
        Clock = clock;
    }

    /// <summary>The in-memory database's connection string, for tests that build their own context.</summary>
    public string ConnectionString => _keepAlive.ConnectionString;

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    public static async Task<CoreHarness> CreateAsync()
    {
        var connectionString = $"Data Source=core-tests-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = connectionString })
            .Build();
        var clock = new FakeTimeProvider(Now);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddSendImprovementCore(configuration);
        services.AddSendImprovementIdentity();
        var provider = services.BuildServiceProvider();
        using (var scope = provider.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        }

        return new CoreHarness(provider, keepAlive, clock);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A partnership with two areas, two people and an inspection plan: workstream, outcome, one action led by "TL" with one milestone.</summary>
    public async Task<SmallPlan> CreateSmallPlanAsync()
    {
        var admin = Actor.System("Test set-up");
        return await InScopeAsync(async sp =>
        {
            var partnership = await sp.GetRequiredService<PartnershipService>().CreatePartnershipAsync(admin, $"Test {Guid.NewGuid():N}", ["North", "South"], ["Test Council"]);
            var people = sp.GetRequiredService<PeopleService>();
            var lead = await people.AddPersonAsync(admin, partnership.Id, new PersonDetails("Terry Lead", "TL", null, "Head of SEND", null));
            var other = await people.AddPersonAsync(admin, partnership.Id, new PersonDetails("Olga Other", "OO", null, null, null));
            var plans = sp.GetRequiredService<PlanService>();
            var plan = await plans.CreatePlanAsync(admin, partnership.Id, BuiltInPlanKinds.Inspection, new PlanDetails("Test WSoA", null, null));
            var workstream = await plans.AddItemAsync(admin, plan.Id, null, new ItemDetails { Title = "Workstream 1" }, null);
            var outcome = await plans.AddItemAsync(admin, plan.Id, workstream.Id, new ItemDetails { Ref = "1.1", Title = "Outcome" }, null);
            var action = await plans.AddItemAsync(admin, plan.Id, outcome.Id, new ItemDetails { Ref = "1.1a", Title = "Action", Leads = "TL" }, "May 2026");
            var otherAction = await plans.AddItemAsync(admin, plan.Id, outcome.Id, new ItemDetails { Ref = "1.1b", Title = "Other action", Leads = "OO" }, "July 2026");
            var milestone = await plans.AddItemAsync(admin, plan.Id, action.Id, new ItemDetails { Title = "Milestone" }, "Nov 2019");
            return new SmallPlan(partnership.Id, plan.Id, action.Id, otherAction.Id, milestone.Id, lead.Id, other.Id);
        });
    }

    public static Actor ProgrammeLead(int partnershipId) => new("pl", "Pat Lead", Roles.ProgrammeLead, partnershipId, null);

    public static Actor Contributor(int partnershipId, int personId) => new("c", "Connie Contributor", Roles.Contributor, partnershipId, personId);

    public static Actor Viewer(int partnershipId) => new("v", "Vic Viewer", Roles.Viewer, partnershipId, null);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _keepAlive.DisposeAsync();
    }
}

public sealed record SmallPlan(int PartnershipId, int PlanId, int ActionId, int OtherActionId, int MilestoneId, int LeadPersonId, int OtherPersonId);

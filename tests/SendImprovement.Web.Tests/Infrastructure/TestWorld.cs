using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Web.Tests.Infrastructure;

/// <summary>
/// A partnership of its own for one test, built through the real Core services: two areas, two people, one user
/// per role and a small inspection plan. Time is pinned at 15 June 2026, so "May 2026" is overdue.
/// </summary>
public sealed class TestWorld
{
    public const string Password = "correct-horse-battery";

    public required AppFactory Factory { get; init; }

    public required int PartnershipId { get; init; }

    public required string PartnershipName { get; init; }

    public required int NorthAreaId { get; init; }

    public required int SouthAreaId { get; init; }

    public required int LeadPersonId { get; init; }

    public required int OtherPersonId { get; init; }

    public required int PlanId { get; init; }

    public required int WorkstreamId { get; init; }

    public required int OutcomeId { get; init; }

    /// <summary>1.1a, led by Terry Lead (TL), deadline May 2026 (overdue), rated Green.</summary>
    public required int ActionId { get; init; }

    /// <summary>1.1b, led by Olga Other (OO), deadline December 2026, rated Amber.</summary>
    public required int OtherActionId { get; init; }

    /// <summary>A milestone of 1.1a, deadline Nov 2025 (overdue), rated Red.</summary>
    public required int MilestoneId { get; init; }

    public required string ProgrammeLead { get; init; }

    /// <summary>Linked to Terry Lead: may update 1.1a and its milestone, not 1.1b (Olga Other sponsors the workstream).</summary>
    public required string Contributor { get; init; }

    public required string Viewer { get; init; }

    public required string Administrator { get; init; }

    public static async Task<TestWorld> CreateAsync(AppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var admin = Actor.System("Test set-up");
        var id = Guid.NewGuid().ToString("N")[..8];
        var partnership = await sp.GetRequiredService<PartnershipService>().CreatePartnershipAsync(admin, $"Testshire {id}", ["North Area", "South Area"], ["Testshire Council", "Testshire ICB"]);
        var people = sp.GetRequiredService<PeopleService>();
        var lead = await people.AddPersonAsync(admin, partnership.Id, new PersonDetails("Terry Lead", "TL", null, "Head of SEND", null));
        var other = await people.AddPersonAsync(admin, partnership.Id, new PersonDetails("Olga Other", "OO", null, "Designated Clinical Officer", null));

        var plans = sp.GetRequiredService<PlanService>();
        var plan = await plans.CreatePlanAsync(admin, partnership.Id, BuiltInPlanKinds.Inspection, new PlanDetails("Testshire WSoA", "Our written statement.", "May 2025 to May 2027"));
        var workstream = await plans.AddItemAsync(admin, plan.Id, null, new ItemDetails
        {
            Title = "Workstream 1: Timeliness",
            Sponsor = "Olga Other",
            AreaIds = [partnership.Areas[0].Id],
            Fields = new Dictionary<string, string?> { ["weakness"] = "Plans are late." },
        }, null);
        var outcome = await plans.AddItemAsync(admin, plan.Id, workstream.Id, new ItemDetails { Ref = "1.1", Title = "Families get plans on time", Fields = new Dictionary<string, string?> { ["impact"] = "Fewer late plans\nFamilies know where they are" } }, null);
        var action = await plans.AddItemAsync(admin, plan.Id, outcome.Id, new ItemDetails { Ref = "1.1a", Title = "Recruit coordinators", Leads = "TL", Resource = ResourceNeed.AdditionalResource }, "May 2026");
        var otherAction = await plans.AddItemAsync(admin, plan.Id, outcome.Id, new ItemDetails { Ref = "1.1b", Title = "Weekly tracker", Leads = "OO JD*", AreaIds = [partnership.Areas[1].Id] }, "Dec 2026");
        var milestone = await plans.AddItemAsync(admin, plan.Id, action.Id, new ItemDetails { Title = "Agree funding" }, "Nov 2025");

        var updates = sp.GetRequiredService<ItemUpdateService>();
        await updates.RecordRatingAsync(admin, action.Id, 0, new NewRating("Green", false, new DateOnly(2026, 5, 1), "On track"));
        await updates.RecordRatingAsync(admin, otherAction.Id, 0, new NewRating("Amber", false, new DateOnly(2026, 5, 1), "Slipping"));
        await updates.RecordRatingAsync(admin, milestone.Id, 0, new NewRating("Red", false, new DateOnly(2026, 5, 1), "Not started"));

        var users = sp.GetRequiredService<UserService>();
        async Task<string> User(string role, int? personId)
        {
            var email = $"{role.ToLowerInvariant()}-{id}@test.example";
            await users.CreateUserAsync(admin, new NewUser(email, $"{Roles.DisplayName(role)} {id}", role, Password, role == Roles.Administrator ? null : partnership.Id, personId));
            return email;
        }

        return new TestWorld
        {
            Factory = factory,
            PartnershipId = partnership.Id,
            PartnershipName = partnership.Name,
            NorthAreaId = partnership.Areas[0].Id,
            SouthAreaId = partnership.Areas[1].Id,
            LeadPersonId = lead.Id,
            OtherPersonId = other.Id,
            PlanId = plan.Id,
            WorkstreamId = workstream.Id,
            OutcomeId = outcome.Id,
            ActionId = action.Id,
            OtherActionId = otherAction.Id,
            MilestoneId = milestone.Id,
            ProgrammeLead = await User(Roles.ProgrammeLead, null),
            Contributor = await User(Roles.Contributor, lead.Id),
            Viewer = await User(Roles.Viewer, null),
            Administrator = await User(Roles.Administrator, null),
        };
    }

    public async Task<TestClient> SignInAsync(string email)
    {
        var client = new TestClient(Factory);
        await client.SignInAsync(email, Password);
        return client;
    }

    public TestClient Anonymous() => new(Factory);

    /// <summary>Runs a query against the database in its own scope.</summary>
    public async Task<T> QueryAsync<T>(Func<SendImprovement.Core.Data.AppDbContext, Task<T>> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<SendImprovement.Core.Data.AppDbContext>());
    }
}

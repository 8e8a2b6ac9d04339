using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Benchmarks;

public sealed record Stats(double Median, double P10, double P90)
{
    public static Stats Of(List<double> times)
    {
        var sorted = times.Order().ToList();
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
        return new Stats(At(0.5), At(0.1), At(0.9));
    }
}

/// <summary>The app in-process (Production environment) on a fresh SQLite file, or on the PostgreSQL database given.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly bool _deleteSqliteFile;

    private BenchHost(WebApplicationFactory<Program> app, string provider, string? sqlitePath, bool deleteSqliteFile)
    {
        App = app;
        Provider = provider;
        SqlitePath = sqlitePath;
        _deleteSqliteFile = deleteSqliteFile;
    }

    public WebApplicationFactory<Program> App { get; }

    public string Provider { get; }

    public static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    public static BenchHost Create(string? postgres) => Create(postgres, existingSqlitePath: null);

    /// <summary>
    /// The app on the PostgreSQL database given, or on SQLite: a fresh file removed at the end, or (given
    /// <paramref name="existingSqlitePath"/>, as a child process of a benchmark does) an existing file left in place.
    /// </summary>
    public static BenchHost Create(string? postgres, string? existingSqlitePath)
    {
        var folder = Path.Combine(Path.GetTempPath(), "send-improvement-bench");
        Directory.CreateDirectory(folder);
        var sqlitePath = postgres is null ? existingSqlitePath ?? Path.Combine(folder, $"bench-{Guid.NewGuid():N}.db") : null;
        var provider = postgres is null ? "Sqlite" : "Postgres";
        var connectionString = postgres ?? $"Data Source={sqlitePath}";

        // The web app's content root (pages' static files), found from the repository root.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "SendImprovement.slnx")))
        {
            repository = repository.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SENDIMPROVEMENT_WEB", Path.Combine(repository!.FullName, "src", "SendImprovement.Web"));
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", provider);
            builder.UseSetting("Database:ConnectionString", connectionString);
            builder.UseSetting("Demo:LoadWhenEmpty", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        });
        return new BenchHost(app, provider, sqlitePath, deleteSqliteFile: sqlitePath is not null && existingSqlitePath is null);
    }

    /// <summary>The SQLite file the app uses (null on PostgreSQL).</summary>
    public string? SqlitePath { get; }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_deleteSqliteFile && SqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(SqlitePath);
        }
    }
}

public sealed record GeneratedPlan(int PartnershipId, int PlanId, int ActionId, string Email, string UserId, int Actions, int Milestones, int Ratings);

/// <summary>A plan of 400 actions, 2,000 milestones and 10,000 rating records, written through the real model.</summary>
public static class LargePlan
{
    public const string Password = "bench-password-long-enough";

    /// <summary>
    /// Generates the plan. Each action gets 5 ratings and each milestone 4, a month apart and ending a month ago;
    /// given <paramref name="ratingHistoryDays"/>, the same ratings are spread evenly over that many days instead.
    /// </summary>
    public static async Task<GeneratedPlan> CreateAsync(IServiceProvider services, int? ratingHistoryDays = null)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var admin = Actor.System("Benchmark");
        var partnership = await sp.GetRequiredService<PartnershipService>().CreatePartnershipAsync(admin, $"Bench {Guid.NewGuid():N}", ["North", "South"], ["Bench Council"]);
        var people = new List<Person>();
        for (var p = 0; p < 20; p++)
        {
            people.Add(await sp.GetRequiredService<PeopleService>().AddPersonAsync(admin, partnership.Id, new PersonDetails($"Person {p}", $"P{p}", null, null, null)));
        }

        var kind = db.PlanKinds.Single(k => k.Key == BuiltInPlanKinds.Inspection);
        var plan = new Plan { PartnershipId = partnership.Id, PlanKindId = kind.Id, Name = "Large plan", CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        var random = new Random(7);
        string[] values = ["Blue", "Green", "Amber", "Red"];
        string[] deadlines = ["Sept 25", "March 2026", "31/01/2026", "Spring Term 2026", "2025/26", "tbc", "Ongoing from May 2025", "June 2025 to April 2026", "Dec26"];
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var ratings = 0;
        var position = 0;

        PlanItem Item(PlanItem? parent, int depth, string? reference, string title)
        {
            var item = new PlanItem { Plan = plan, Parent = parent, Depth = depth, Ref = reference, RefSortKey = ItemRef.SortKey(reference), Title = title, Position = position++, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            plan.Items.Add(item);
            parent?.Children.Add(item);
            return item;
        }

        void Rate(PlanItem item, int count)
        {
            var spacing = ratingHistoryDays is { } days ? days / count : 30;
            for (var r = 0; r < count; r++)
            {
                item.Ratings.Add(new Rating { Value = values[random.Next(values.Length)], AppliesFrom = today.AddDays(-spacing * (count - r)), Reason = "Monthly update", RecordedByName = "Bench", RecordedAtUtc = clock.GetUtcNow().UtcDateTime });
                ratings++;
            }

            item.RefreshCurrentRating();
        }

        for (var w = 1; w <= 10; w++)
        {
            var workstream = Item(null, 0, null, $"Workstream {w}");
            for (var o = 1; o <= 4; o++)
            {
                var outcome = Item(workstream, 1, $"{w}.{o}", $"Outcome {w}.{o}: what we intend to achieve");
                for (var a = 0; a < 10; a++)
                {
                    var lead = people[random.Next(people.Count)];
                    var action = Item(outcome, 2, $"{w}.{o}{(char)('a' + a)}", $"Action {w}.{o}{(char)('a' + a)}: what we are going to do about it, in a sentence of ordinary length");
                    action.LeadText = lead.Initials;
                    action.Assignments.Add(new PlanItemAssignment { Role = AssignmentRole.Lead, PersonId = lead.Id, RawText = lead.Initials, MatchKey = lead.Initials });
                    action.Deadline = PlanDate.From(deadlines[random.Next(deadlines.Length)]);
                    Rate(action, 5);
                    for (var m = 0; m < 5; m++)
                    {
                        var milestone = Item(action, 3, null, $"Milestone {m + 1} of {action.Ref}");
                        milestone.Deadline = PlanDate.From(deadlines[random.Next(deadlines.Length)]);
                        if (m % 3 == 0)
                        {
                            milestone.DeadlineRevisions.Add(new DeadlineRevision { Previous = PlanDate.From("Nov 2019"), New = milestone.Deadline, RevisedOn = today.AddDays(-60), Reason = "Moved", RecordedByName = "Bench", RecordedAtUtc = clock.GetUtcNow().UtcDateTime });
                        }

                        Rate(milestone, 4);
                    }
                }
            }
        }

        db.Plans.Add(plan);
        await db.SaveChangesAsync(new AuditContext(admin, "Benchmark plan generated"), clock);
        var email = $"bench-{Guid.NewGuid():N}@bench.example";
        var user = await sp.GetRequiredService<UserService>().CreateUserAsync(admin, new NewUser(email, "Bench lead", Roles.ProgrammeLead, Password, partnership.Id, null));
        var actionId = plan.Items.First(i => i.Depth == 2).Id;
        return new GeneratedPlan(partnership.Id, plan.Id, actionId, email, user.Id, plan.Items.Count(i => i.Depth == 2), plan.Items.Count(i => i.Depth == 3), ratings);
    }
}

public static partial class SignIn
{
    public static async Task AsAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/sign-in");
        var token = Token().Match(page).Groups[1].Value;
        using var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if ((int)response.StatusCode != 302)
        {
            throw new InvalidOperationException($"Sign-in failed with {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

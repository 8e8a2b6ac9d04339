using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Tests.Imports;
using SendImprovement.Web.Tests.Infrastructure;
using SendImprovement.Web.Tests.Measures;

namespace SendImprovement.Web.Tests.Security;

/// <summary>Who sends a request: nobody signed in, or a user of one of the four roles.</summary>
[Flags]
public enum Who
{
    None = 0,
    Anonymous = 1,
    Viewer = 2,
    Contributor = 4,
    ProgrammeLead = 8,
    Administrator = 16,
}

/// <summary>
/// One partnership's records for the authorisation matrix, each made through the Core services: the
/// <see cref="TestWorld"/> with a closed and an open reporting period (and a submitted update in the open one), two
/// measures with a figure and links, a draft plan import, a draft file of figures and API tokens for each user. Route
/// parameters are filled from here, so the same table is checked against this partnership and against another.
/// </summary>
public sealed record MatrixRecords
{
    /// <summary>Initials written in the world's plan (as a lead of 1.1b) that match no person yet.</summary>
    public const string UnmatchedInitials = "JD";

    public required TestWorld World { get; init; }

    public int PartnershipId => World.PartnershipId;

    public int PlanId => World.PlanId;

    /// <summary>The workstream: a section of the period's reports, sponsored by Olga Other (not the contributor).</summary>
    public int SectionId => World.WorkstreamId;

    /// <summary>An action: 1.1a, led by the contributor, unless <see cref="OutsideTheContributorsItems"/> swapped it.</summary>
    public required int ItemId { get; init; }

    /// <summary>May 2026, closed.</summary>
    public required int ClosedPeriodId { get; init; }

    /// <summary>June 2026, open.</summary>
    public required int OpenPeriodId { get; init; }

    /// <summary>The update for 1.1a submitted in the open period.</summary>
    public required int UpdateId { get; init; }

    /// <summary>A measure owned by the contributor's person, unless <see cref="OutsideTheContributorsItems"/> swapped it.</summary>
    public required int MeasureId { get; init; }

    /// <summary>A draft plan import.</summary>
    public required int ImportId { get; init; }

    /// <summary>A draft file of figures.</summary>
    public required long LoadId { get; init; }

    /// <summary>Each user's personal API token, for the read API.</summary>
    public required IReadOnlyDictionary<Who, string> ApiTokens { get; init; }

    /// <summary>A second token for each user, for the revoke form to revoke.</summary>
    public required IReadOnlyDictionary<Who, int> RevocableTokenIds { get; init; }

    /// <summary>The plan items <see cref="MeasureId"/> is linked to, one for each role that may unlink it.</summary>
    public required IReadOnlyDictionary<Who, int> LinkedItemIds { get; init; }

    private int NotLedItemId { get; init; }

    private int UnownedMeasureId { get; init; }

    public string Email(Who who) => EmailOf(World, who);

    public static string EmailOf(TestWorld world, Who who) => who switch
    {
        Who.Viewer => world.Viewer,
        Who.Contributor => world.Contributor,
        Who.ProgrammeLead => world.ProgrammeLead,
        Who.Administrator => world.Administrator,
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "Only signed-in users have an email address."),
    };

    /// <summary>The same records, but with an item the contributor does not lead and a measure they do not own.</summary>
    public MatrixRecords OutsideTheContributorsItems() => this with { ItemId = NotLedItemId, MeasureId = UnownedMeasureId };

    public static async Task<MatrixRecords> CreateAsync(AppFactory factory)
    {
        var world = await TestWorld.CreateAsync(factory);
        var setUp = Actor.System("Test set-up");

        var may = await WithAsync(factory, s => s.GetRequiredService<PeriodService>().OpenAsync(
            setUp, world.PlanId, new NewPeriod("May 2026", new DateOnly(2026, 5, 31), new DateOnly(2026, 5, 24), PeriodCadence.Monthly)));
        var mayVersion = await world.QueryAsync(db => db.ReportingPeriods.Where(p => p.Id == may.Id).Select(p => p.Version).SingleAsync());
        await WithAsync(factory, s => s.GetRequiredService<PeriodService>().CloseAsync(setUp, may.Id, mayVersion));
        var june = await WithAsync(factory, s => s.GetRequiredService<PeriodService>().OpenAsync(
            setUp, world.PlanId, new NewPeriod("June 2026", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 23), PeriodCadence.Monthly)));
        var actionVersion = await world.QueryAsync(db => db.PlanItems.Where(i => i.Id == world.ActionId).Select(i => i.Version).SingleAsync());
        var update = await WithAsync(factory, s => s.GetRequiredService<UpdateRoundService>().SubmitAsync(
            setUp, june.Id, world.ActionId, actionVersion, new UpdateInput(UpdateInput.NoChange, false, null, "Interviews held", "Offers made", "Two coordinators start in July", [])));

        var measureId = await MeasureSteps.CreateAsync(world, MeasureSteps.Timeliness(world));
        var unownedMeasureId = await MeasureSteps.CreateAsync(world, MeasureSteps.Waits(world));
        await MeasureSteps.RecordAsync(world, measureId, "May 2026", "61");
        await MeasureSteps.LinkAsync(world, measureId, world.ActionId);
        await MeasureSteps.LinkAsync(world, measureId, world.MilestoneId);

        using var planFile = new MemoryStream(ImportSteps.CsvBytes(ImportSteps.StrategyRows));
        var import = await WithAsync(factory, s => s.GetRequiredService<ImportService>().UploadAsync(
            setUp, world.PartnershipId, "strategy.csv", planFile, new ImportSettings { KindKey = "strategy", PlanName = "Imported strategy" }, null));
        using var figuresFile = new MemoryStream(MeasureLoadSteps.Bytes(MeasureLoadSteps.DfeCsv));
        var load = await WithAsync(factory, s => s.GetRequiredService<MeasureLoadService>().UploadAsync(setUp, world.PartnershipId, "figures.csv", figuresFile));

        var apiTokens = new Dictionary<Who, string>();
        var revocable = new Dictionary<Who, int>();
        foreach (var who in new[] { Who.Viewer, Who.Contributor, Who.ProgrammeLead, Who.Administrator })
        {
            var email = EmailOf(world, who);
            var userId = await world.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
            apiTokens[who] = (await WithAsync(factory, s => s.GetRequiredService<ApiTokenService>().CreateAsync(setUp, userId, "Matrix reads"))).Token;
            revocable[who] = (await WithAsync(factory, s => s.GetRequiredService<ApiTokenService>().CreateAsync(setUp, userId, "Matrix revoke"))).Record.Id;
        }

        return new MatrixRecords
        {
            World = world,
            ItemId = world.ActionId,
            NotLedItemId = world.OtherActionId,
            ClosedPeriodId = may.Id,
            OpenPeriodId = june.Id,
            UpdateId = update.Id,
            MeasureId = measureId,
            UnownedMeasureId = unownedMeasureId,
            ImportId = import.Id,
            LoadId = load.Id,
            ApiTokens = apiTokens,
            RevocableTokenIds = revocable,
            LinkedItemIds = new Dictionary<Who, int>
            {
                [Who.Anonymous] = world.ActionId,
                [Who.Viewer] = world.ActionId,
                [Who.Contributor] = world.ActionId,
                [Who.ProgrammeLead] = world.ActionId,
                [Who.Administrator] = world.MilestoneId,
            },
        };
    }

    /// <summary>A number as it goes in a URL or a form.</summary>
    public static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static async Task<T> WithAsync<T>(AppFactory factory, Func<IServiceProvider, Task<T>> action)
    {
        using var scope = factory.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }
}

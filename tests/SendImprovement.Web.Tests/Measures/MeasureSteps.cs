using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>Measures written through the Core services, as a programme lead would, for the measure pages' tests.</summary>
internal static class MeasureSteps
{
    /// <summary>58% in 2025, 75% by December 2026 (a straight line between), compared on pct_20wk; owned by Terry Lead.</summary>
    public static MeasureDetails Timeliness(TestWorld world) => new()
    {
        Name = "New EHC plans within 20 weeks",
        Code = "ehcp-20",
        Theme = "Timeliness",
        Unit = MeasureUnit.Percentage,
        Direction = MeasureDirection.HigherIsBetter,
        Frequency = PeriodType.Month,
        DefinitionStatus = DefinitionStatus.Agreed,
        BaselineValue = "58",
        BaselinePeriod = "2025",
        TargetKind = TargetKind.Absolute,
        TargetValue = "75",
        TargetBy = "December 2026",
        ComparatorSeries = "pct_20wk",
        OwnerId = world.LeadPersonId,
    };

    /// <summary>Weeks, lower is better, at most 18 weeks at all times; owned by Olga Other.</summary>
    public static MeasureDetails Waits(TestWorld world) => new()
    {
        Name = "Routine CAMHS waits",
        Code = "camhs-waits",
        Theme = "Health",
        Unit = MeasureUnit.Weeks,
        Direction = MeasureDirection.LowerIsBetter,
        Frequency = PeriodType.Month,
        DefinitionStatus = DefinitionStatus.Draft,
        TargetKind = TargetKind.Threshold,
        TargetValue = "18",
        OwnerId = world.OtherPersonId,
    };

    public static Actor Lead(TestWorld world) => new(null, "Pat Programme", Core.Users.Roles.ProgrammeLead, world.PartnershipId, null);

    public static Task<int> CreateAsync(TestWorld world, MeasureDetails details) =>
        WithAsync(world, async s => (await s.CreateAsync(Lead(world), world.PartnershipId, details)).Id);

    public static Task RecordAsync(TestWorld world, int measureId, string period, string value, int? areaId = null, string? reason = null, string? note = null) =>
        WithAsync(world, s => s.RecordFigureAsync(Lead(world), measureId, new FigureInput(period, areaId, value, note, reason)));

    public static Task CommentAsync(TestWorld world, int measureId, string period, string text, OwnerAssessment? assessment) =>
        WithAsync(world, s => s.WriteCommentaryAsync(Lead(world), measureId, period, text, assessment));

    public static Task LinkAsync(TestWorld world, int measureId, int itemId) =>
        WithAsync(world, async s =>
        {
            await s.LinkAsync(Lead(world), measureId, itemId);
            return 0;
        });

    public static Task SetComparatorsAsync(TestWorld world, string? region, Dictionary<int, string?> councils, IReadOnlyList<string> neighbours) =>
        WithAsync(world, async s =>
        {
            await s.SetComparatorsAsync(Lead(world), world.PartnershipId, region, councils, neighbours);
            return 0;
        });

    /// <summary>
    /// Published figures for one indicator, for England, a region or a council, as a loaded DfE file would leave them.
    /// Written with the DbContext (audited) rather than by loading a file: MeasureLoader writes the Level and PeriodType
    /// columns as numbers where EF Core stores names, which PostgreSQL refuses, so a file cannot be loaded there yet.
    /// </summary>
    public static async Task AddPublishedAsync(TestWorld world, string series, params (GeographicLevel Level, string Code, string Name, MeasurePeriod Period, string Figure)[] figures)
    {
        using var scope = world.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var (level, code, name, period, figure) in figures)
        {
            var symbol = FigureSymbols.TryRead(figure, out var known) ? known : null;
            db.ComparatorValues.Add(new ComparatorValue
            {
                PartnershipId = world.PartnershipId,
                Series = series,
                Level = level,
                Code = code,
                Name = name,
                PeriodType = period.Type,
                PeriodStart = period.Start,
                PeriodEnd = period.End,
                Value = symbol is null ? decimal.Parse(figure, CultureInfo.InvariantCulture) : null,
                Symbol = symbol,
                RecordedAtUtc = world.Factory.Clock.GetUtcNow().UtcDateTime,
            });
        }

        await db.SaveChangesAsync(new AuditContext(Lead(world), "Published figures added") { PartnershipId = world.PartnershipId }, world.Factory.Clock);
    }

    /// <summary>
    /// The timeliness measure, with published figures for England (2024 and 2025), the region, the North Area's council
    /// (55% in 2024, 60% in 2025) and three neighbours for 2025: One 70%, Two 40%, Three suppressed (c).
    /// </summary>
    public static async Task<int> TimelinessWithComparatorsAsync(TestWorld world)
    {
        var id = await CreateAsync(world, Timeliness(world));
        await SetComparatorsAsync(world, "E12000002", new Dictionary<int, string?> { [world.NorthAreaId] = "E06000004" }, ["E06000001 One", "E06000002 Two", "E06000003 Three"]);
        var y2024 = MeasurePeriod.CalendarYear(2024);
        var y2025 = MeasurePeriod.CalendarYear(2025);
        await AddPublishedAsync(
            world,
            "pct_20wk",
            (GeographicLevel.National, "E92000001", "England", y2024, "49.5"),
            (GeographicLevel.National, "E92000001", "England", y2025, "50.0"),
            (GeographicLevel.Regional, "E12000002", "North West", y2025, "48"),
            (GeographicLevel.LocalAuthority, "E06000004", "North council", y2024, "55"),
            (GeographicLevel.LocalAuthority, "E06000001", "One", y2025, "70"),
            (GeographicLevel.LocalAuthority, "E06000002", "Two", y2025, "40"),
            (GeographicLevel.LocalAuthority, "E06000003", "Three", y2025, "c"),
            (GeographicLevel.LocalAuthority, "E06000004", "North council", y2025, "60"));
        return id;
    }

    /// <summary>Form fields in order, a name given more than once for checkboxes.</summary>
    public static List<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<T> WithAsync<T>(TestWorld world, Func<MeasureService, Task<T>> work)
    {
        using var scope = world.Factory.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<MeasureService>());
    }
}

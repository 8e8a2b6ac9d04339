using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Users;
using SendImprovement.Web.Tests.Imports;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Audit;

/// <summary>
/// What one write must leave in the audit: the actor, values that must appear as changes (entity, field, old, new;
/// null is no value, "*" any value), and for a bulk load of figures the summary that stands for its rows.
/// </summary>
internal sealed record AuditExpectation(Actor Actor, IReadOnlyList<(string Entity, string Field, string? Old, string? New)> Values)
{
    public string? BulkSummary { get; init; }

    public IReadOnlyCollection<string> BulkTables { get; init; } = [];
}

/// <summary>
/// One case per kind of write, named "Class.Method" (and a word after a space when one method has two kinds, such as a
/// figure and its correction). Each runs through the Core service the pages call, in the order a partnership would.
/// </summary>
internal sealed class AuditCases(AppFactory factory, TestWorld world)
{
    /// <summary>Public methods taking an Actor that only read, and so need no audit entry.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reads = new Dictionary<string, string>
    {
        ["ImportService.FindAsync"] = "reads a draft",
        ["ImportService.ListAsync"] = "lists imports",
        ["MeasureLoadService.FindAsync"] = "reads a figures file",
        ["MeasureLoadService.DescribeAsync"] = "describes a figures file",
        ["MeasureLoadService.PreviewAsync"] = "checks and counts without writing",
        ["MeasureService.GetAsync"] = "reads a measure",
        ["MeasureFigures.DetailAsync"] = "reads a measure's figures",
        ["PeriodService.FindAsync"] = "reads a period",
        ["UpdateRoundService.DueAsync"] = "lists updates due",
        ["UpdateRoundService.ToReviewAsync"] = "lists updates to review",
        ["UpdateRoundService.CanReviewAsync"] = "checks a permission",
        ["ReportService.DocumentAsync"] = "builds a report",
        ["ReportService.GenerateAsync"] = "renders a report",
        ["PlanAccess.CanUpdateItemAsync"] = "checks a permission",
        ["PlanExport.ExportAsync"] = "writes a plan to a file, not to the database",
        ["MeasureExport.WriteAsync"] = "writes figures to a file, not to the database",
    };

    public static readonly IReadOnlyList<string> Names =
    [
        "PartnershipService.CreatePartnershipAsync",
        "PeopleService.AddPersonAsync",
        "PeopleService.MapInitialsAsync",
        "PlanService.CreatePlanAsync",
        "PlanService.UpdatePlanAsync",
        "PlanService.AddTagAsync",
        "PlanService.AddItemAsync",
        "PlanService.UpdateItemAsync",
        "PlanService.AddLinkAsync",
        "ItemUpdateService.RecordRatingAsync",
        "ItemUpdateService.ReviseDeadlineAsync",
        "ItemUpdateService.AddProgressNoteAsync",
        "PeriodService.OpenAsync",
        "UpdateRoundService.SubmitAsync",
        "UpdateRoundService.ReviewAsync",
        "UpdateRoundService.ReviewSectionAsync",
        "ReportService.SaveEasyReadAsync",
        "PeriodService.CloseAsync",
        "PeriodService.ReopenAsync",
        "ImportService.UploadAsync",
        "ImportService.SaveChoicesAsync",
        "ImportService.SaveMappingAsync",
        "ImportService.CommitAsync",
        "ImportService.DiscardAsync",
        "MeasureService.CreateAsync",
        "MeasureService.UpdateAsync",
        "MeasureService.AdoptStartersAsync",
        "MeasureService.LinkAsync",
        "MeasureService.UnlinkAsync",
        "MeasureService.RecordFigureAsync figure",
        "MeasureService.RecordFigureAsync correction",
        "MeasureService.WriteCommentaryAsync",
        "MeasureService.SetComparatorsAsync",
        "MeasureLoadService.UploadAsync",
        "MeasureLoadService.CommitAsync",
        "MeasureLoadService.DiscardAsync",
        "MeasureLoadService.LoadFileAsync",
        "ApiTokenService.CreateAsync",
        "ApiTokenService.RevokeAsync",
        "UserService.CreateUserAsync",
        "UserService.LinkPersonAsync",
    ];

    private const string MeasureCode = "audit-20";

    private Actor _lead = null!;
    private Actor _contributor = null!;
    private Actor _admin = null!;

    // Ids carried from one case to the next, as a partnership's work builds on earlier work.
    private int _personId;
    private int _planId;
    private int _itemId;
    private int _periodId;
    private int _updateId;
    private int _importId;
    private int _measureId;
    private long _loadId;
    private int _tokenId;

    public async Task PrepareAsync()
    {
        _lead = await ActorAsync(world.ProgrammeLead, Roles.ProgrammeLead, world.PartnershipId, null);
        _contributor = await ActorAsync(world.Contributor, Roles.Contributor, world.PartnershipId, world.LeadPersonId);
        _admin = await ActorAsync(world.Administrator, Roles.Administrator, null, null);
    }

    public IReadOnlyList<(string Name, Func<Task<AuditExpectation>> Act)> All() =>
    [
        ("PartnershipService.CreatePartnershipAsync", async () =>
        {
            var name = $"Auditshire {Guid.NewGuid():N}"[..20];
            await Use<PartnershipService>().Run(s => s.CreatePartnershipAsync(_admin, name, ["East Area"], ["Auditshire Council"]));
            return Expect(_admin, ("Partnership", "Name", null, name), ("Area", "Name", null, "East Area"), ("Organisation", "Name", null, "Auditshire Council"));
        }),
        ("PeopleService.AddPersonAsync", async () =>
        {
            _personId = (await Use<PeopleService>().Run(s => s.AddPersonAsync(_lead, world.PartnershipId, new PersonDetails("Jane Smith", "JS", null, "Coordinator", null)))).Id;
            return Expect(_lead, ("Person", "Name", null, "Jane Smith"));
        }),
        ("PeopleService.MapInitialsAsync", async () =>
        {
            await Use<PeopleService>().Run(s => s.MapInitialsAsync(_lead, world.PartnershipId, "JD", _personId));
            return Expect(_lead, ("PlanItemAssignment", "PersonId", null, Text(_personId)), ("PersonNameVariant", "Text", null, "*"));
        }),
        ("PlanService.CreatePlanAsync", async () =>
        {
            _planId = (await Use<PlanService>().Run(s => s.CreatePlanAsync(_lead, world.PartnershipId, BuiltInPlanKinds.Strategy, new PlanDetails("Audit plan", "For the audit test.", "2026 to 2028")))).Id;
            return Expect(_lead, ("Plan", "Name", null, "Audit plan"));
        }),
        ("PlanService.UpdatePlanAsync", async () =>
        {
            var version = await Query(db => db.Plans.Where(p => p.Id == _planId).Select(p => p.Version).SingleAsync());
            await Use<PlanService>().Run(s => s.UpdatePlanAsync(_lead, _planId, version, new PlanDetails("Audit plan, revised", "For the audit test.", "2026 to 2028"), "Renamed"));
            return Expect(_lead, ("Plan", "Name", "Audit plan", "Audit plan, revised"));
        }),
        ("PlanService.AddTagAsync", async () =>
        {
            await Use<PlanService>().Run(s => s.AddTagAsync(_lead, _planId, "T1", "Transitions", null));
            return Expect(_lead, ("PlanTag", "Code", null, "T1"));
        }),
        ("PlanService.AddItemAsync", async () =>
        {
            _itemId = (await Use<PlanService>().Run(s => s.AddItemAsync(_lead, world.PlanId, world.OutcomeId, new ItemDetails { Ref = "1.1c", Title = "Audit action", Leads = "TL" }, "May 2026"))).Id;
            return Expect(_lead, ("PlanItem", "Title", null, "Audit action"), ("PlanItemAssignment", "RawText", null, "TL"));
        }),
        ("PlanService.UpdateItemAsync", async () =>
        {
            await Use<PlanService>().Run(async s => await s.UpdateItemAsync(_lead, _itemId, await ItemVersionAsync(_itemId), new ItemDetails { Ref = "1.1c", Title = "Audit action, revised", Leads = "TL" }, "Clearer title"));
            return Expect(_lead, ("PlanItem", "Title", "Audit action", "Audit action, revised"));
        }),
        ("PlanService.AddLinkAsync", async () =>
        {
            await Use<PlanService>().Run(s => s.AddLinkAsync(_lead, _itemId, world.OtherActionId, "Depends on the tracker"));
            return Expect(_lead, ("ItemLink", "ToItemId", null, Text(world.OtherActionId)));
        }),
        ("ItemUpdateService.RecordRatingAsync", async () =>
        {
            await Use<ItemUpdateService>().Run(async s => await s.RecordRatingAsync(_lead, _itemId, await ItemVersionAsync(_itemId), new NewRating("Amber", false, new DateOnly(2026, 6, 1), "Slipping")));
            return Expect(_lead, ("Rating", "Value", null, "Amber"), ("Rating", "Reason", null, "Slipping"));
        }),
        ("ItemUpdateService.ReviseDeadlineAsync", async () =>
        {
            await Use<ItemUpdateService>().Run(async s => await s.ReviseDeadlineAsync(_lead, _itemId, await ItemVersionAsync(_itemId), new NewDeadline("September 2026", new DateOnly(2026, 6, 10), "Funding late")));
            return Expect(_lead, ("PlanItem", "Deadline.Text", "May 2026", "*"), ("DeadlineRevision", "Reason", null, "Funding late"));
        }),
        ("ItemUpdateService.AddProgressNoteAsync", async () =>
        {
            await Use<ItemUpdateService>().Run(s => s.AddProgressNoteAsync(_lead, _itemId, new NewProgressNote(new DateOnly(2026, 6, 12), "Advert out", "Interview", "None yet", [new EvidenceInput("Advert", "https://example.org/advert")])));
            return Expect(_lead, ("ProgressNote", "NextSteps", null, "Interview"), ("EvidenceLink", "Url", null, "https://example.org/advert"));
        }),
        ("PeriodService.OpenAsync", async () =>
        {
            _periodId = (await Use<PeriodService>().Run(s => s.OpenAsync(_lead, world.PlanId, new NewPeriod("June 2026", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 23), PeriodCadence.Monthly)))).Id;
            return Expect(_lead, ("ReportingPeriod", "Name", null, "June 2026"));
        }),
        ("UpdateRoundService.SubmitAsync", async () =>
        {
            _updateId = (await Use<UpdateRoundService>().Run(async s => await s.SubmitAsync(_contributor, _periodId, world.ActionId, await ItemVersionAsync(world.ActionId), new UpdateInput(UpdateInput.NoChange, false, null, "Interviews held", "Offers made", "Two start in July", [])))).Id;
            return Expect(_contributor, ("ItemUpdate", "State", null, "Submitted"), ("ProgressNote", "KeyActivitiesCompleted", null, "Interviews held"));
        }),
        ("UpdateRoundService.ReviewAsync", async () =>
        {
            var version = await Query(db => db.ItemUpdates.Where(u => u.Id == _updateId).Select(u => u.Version).SingleAsync());
            await Use<UpdateRoundService>().Run(s => s.ReviewAsync(_lead, _updateId, version, acknowledge: true, null));
            return Expect(_lead, ("ItemUpdate", "State", "Submitted", "Acknowledged"));
        }),
        ("UpdateRoundService.ReviewSectionAsync", async () =>
        {
            await Use<UpdateRoundService>().Run(s => s.ReviewSectionAsync(_lead, _periodId, world.WorkstreamId, null, new SectionReviewInput("Amber", "Recruitment behind", "Forty applicants")));
            return Expect(_lead, ("SectionReview", "Assessment", null, "Amber"), ("SectionReview", "Reason", null, "Recruitment behind"));
        }),
        ("ReportService.SaveEasyReadAsync", async () =>
        {
            await Use<ReportService>().Run(s => s.SaveEasyReadAsync(_lead, _periodId, world.WorkstreamId, 0, "We hired people", "They start soon"));
            return Expect(_lead, ("EasyReadText", "WhatChanged", null, "We hired people"));
        }),
        ("PeriodService.CloseAsync", async () =>
        {
            await Use<PeriodService>().Run(async s => await s.CloseAsync(_lead, _periodId, await PeriodVersionAsync()));
            return Expect(_lead, ("ReportingPeriod", "State", "Open", "Closed"), ("PeriodSnapshot", "ReportingPeriodId", null, Text(_periodId)));
        }),
        ("PeriodService.ReopenAsync", async () =>
        {
            await Use<PeriodService>().Run(async s => await s.ReopenAsync(_lead, _periodId, await PeriodVersionAsync(), "A late update"));
            return Expect(_lead, ("ReportingPeriod", "State", "Closed", "Open"));
        }),
        ("ImportService.UploadAsync", async () =>
        {
            _importId = (await UploadPlanAsync("strategy.csv")).Id;
            return Expect(_lead, ("ImportRecord", "FileName", null, "strategy.csv"));
        }),
        ("ImportService.SaveChoicesAsync", async () =>
        {
            await Use<ImportService>().Run(async s => await s.SaveChoicesAsync(_lead, _importId, await ImportVersionAsync(), c => c.KeepUnreadable = true));
            return Expect(_lead, ("ImportRecord", "SettingsJson", "*", "*"));
        }),
        ("ImportService.SaveMappingAsync", async () =>
        {
            await Use<ImportService>().Run(s => s.SaveMappingAsync(_lead, world.PartnershipId, "Audit mapping", [new ColumnChoice(2, "Ref", ImportField.Ref), new ColumnChoice(3, "Action", ImportField.Title)]));
            return Expect(_lead, ("SavedMapping", "Name", null, "Audit mapping"));
        }),
        ("ImportService.CommitAsync", async () =>
        {
            await Use<ImportService>().Run(async s => await s.CommitAsync(_lead, _importId, await ImportVersionAsync()));
            return Expect(_lead, ("Plan", "Name", null, "Imported for the audit"), ("PlanItem", "Title", null, "Deliver SEND training"), ("ImportRecord", "State", "Draft", "Committed"));
        }),
        ("ImportService.DiscardAsync", async () =>
        {
            var draft = await UploadPlanAsync("second.csv");
            await Use<ImportService>().Run(s => s.DiscardAsync(_lead, draft.Id, draft.Version));
            return Expect(_lead, ("ImportRecord", "State", "Draft", "Discarded"));
        }),
        ("MeasureService.CreateAsync", async () =>
        {
            _measureId = (await Use<MeasureService>().Run(s => s.CreateAsync(_lead, world.PartnershipId, Details("Plans within 20 weeks")))).Id;
            return Expect(_lead, ("Measure", "Name", null, "Plans within 20 weeks"), ("MeasureTrajectoryStep", "Value", null, "*"));
        }),
        ("MeasureService.UpdateAsync", async () =>
        {
            var version = await Query(db => db.Measures.Where(m => m.Id == _measureId).Select(m => m.Version).SingleAsync());
            await Use<MeasureService>().Run(s => s.UpdateAsync(_lead, _measureId, version, Details("Plans issued within 20 weeks"), "Clearer name"));
            return Expect(_lead, ("Measure", "Name", "Plans within 20 weeks", "Plans issued within 20 weeks"));
        }),
        ("MeasureService.AdoptStartersAsync", async () =>
        {
            var key = StarterMeasures.All[0].Key;
            await Use<MeasureService>().Run(s => s.AdoptStartersAsync(_lead, world.PartnershipId, [key]));
            return Expect(_lead, ("Measure", "StarterKey", null, key));
        }),
        ("MeasureService.LinkAsync", async () =>
        {
            await Use<MeasureService>().Run(s => s.LinkAsync(_lead, _measureId, world.ActionId));
            return Expect(_lead, ("MeasureLink", "PlanItemId", null, Text(world.ActionId)));
        }),
        ("MeasureService.UnlinkAsync", async () =>
        {
            await Use<MeasureService>().Run(s => s.UnlinkAsync(_lead, _measureId, world.ActionId));
            return Expect(_lead, ("MeasureLink", "PlanItemId", Text(world.ActionId), null));
        }),
        ("MeasureService.RecordFigureAsync figure", async () =>
        {
            await Use<MeasureService>().Run(s => s.RecordFigureAsync(_lead, _measureId, new FigureInput("May 2026", null, "61", null, null)));
            return Expect(_lead, ("MeasureObservation", "Value", null, "61"));
        }),
        ("MeasureService.RecordFigureAsync correction", async () =>
        {
            await Use<MeasureService>().Run(s => s.RecordFigureAsync(_lead, _measureId, new FigureInput("May 2026", null, "63", null, "Late returns")));
            return Expect(_lead, ("MeasureObservation", "Value", null, "63"), ("MeasureObservation", "Reason", null, "Late returns"));
        }),
        ("MeasureService.WriteCommentaryAsync", async () =>
        {
            await Use<MeasureService>().Run(s => s.WriteCommentaryAsync(_lead, _measureId, "May 2026", "Better than April", OwnerAssessment.OnTrack));
            return Expect(_lead, ("MeasureCommentary", "Text", null, "Better than April"));
        }),
        ("MeasureService.SetComparatorsAsync", async () =>
        {
            await Use<MeasureService>().Run(s => s.SetComparatorsAsync(_lead, world.PartnershipId, "E12000004", new Dictionary<int, string?> { [world.NorthAreaId] = "E06000015" }, ["E06000018 Nottingham"]));
            return Expect(_lead, ("Partnership", "RegionCode", null, "E12000004"), ("Area", "CouncilCode", null, "E06000015"), ("StatisticalNeighbour", "Code", null, "E06000018"));
        }),
        ("MeasureLoadService.UploadAsync", async () =>
        {
            _loadId = (await UploadFiguresAsync("figures.csv", "January 2026")).Id;
            return Expect(_lead, ("MeasureLoad", "FileName", null, "figures.csv"));
        }),
        ("MeasureLoadService.CommitAsync", async () =>
        {
            var load = await Query(db => db.MeasureLoads.AsNoTracking().SingleAsync(l => l.Id == _loadId));
            await Use<MeasureLoadService>().Run(s => s.CommitAsync(_lead, _loadId, load.Version, MeasureLoadService.Choices(load)));
            return Expect(_lead, ("MeasureLoad", "State", "Draft", "Loaded")) with { BulkSummary = "figures.csv: 2 added, 0 corrected, 0 unchanged", BulkTables = ["MeasureObservations", "ComparatorValues"] };
        }),
        ("MeasureLoadService.DiscardAsync", async () =>
        {
            var draft = await UploadFiguresAsync("unwanted.csv", "February 2026");
            await Use<MeasureLoadService>().Run(s => s.DiscardAsync(_lead, draft.Id));
            return Expect(_lead, ("MeasureLoad", "State", "Draft", "Discarded"));
        }),
        ("MeasureLoadService.LoadFileAsync", async () =>
        {
            var path = Path.Combine(Path.GetTempPath(), $"audit-figures-{Guid.NewGuid():N}.csv");
            await File.WriteAllBytesAsync(path, FiguresCsv("March 2026"));
            try
            {
                await Use<MeasureLoadService>().Run(s => s.LoadFileAsync(_lead, world.PartnershipId, path, null, loadValidRows: false, commit: true));
            }
            finally
            {
                File.Delete(path);
            }

            return Expect(_lead, ("MeasureLoad", "State", "Draft", "Loaded")) with { BulkSummary = ": 2 added, 0 corrected, 0 unchanged", BulkTables = ["MeasureObservations", "ComparatorValues"] };
        }),
        ("ApiTokenService.CreateAsync", async () =>
        {
            _tokenId = (await Use<ApiTokenService>().Run(s => s.CreateAsync(_lead, _lead.UserId!, "Audit token"))).Record.Id;
            return Expect(_lead, ("ApiToken", "Name", null, "Audit token"), ("ApiToken", "Prefix", null, "*"));
        }),
        ("ApiTokenService.RevokeAsync", async () =>
        {
            await Use<ApiTokenService>().Run(async s =>
            {
                await s.RevokeAsync(_lead, _tokenId);
                return 0;
            });
            return Expect(_lead, ("ApiToken", "RevokedAtUtc", null, "*"));
        }),
        ("UserService.CreateUserAsync", async () =>
        {
            var email = $"audit-{Guid.NewGuid():N}@test.example";
            await Use<UserService>().Run(s => s.CreateUserAsync(_admin, new NewUser(email, "Audit Viewer", Roles.Viewer, TestWorld.Password, world.PartnershipId, null)));
            return Expect(_admin, ("User", "Email", null, email), ("User", "Role", null, Roles.Viewer));
        }),
        ("UserService.LinkPersonAsync", async () =>
        {
            var email = $"audit-{Guid.NewGuid():N}@test.example";
            await Use<UserService>().Run(s => s.CreateUserAsync(_admin, new NewUser(email, "Audit Contributor", Roles.Contributor, TestWorld.Password, world.PartnershipId, world.LeadPersonId)));
            await Use<UserService>().Run(s => s.LinkPersonAsync(_admin, email, _personId));
            return Expect(_admin, ("User", "PersonId", Text(world.LeadPersonId), Text(_personId)));
        }),
    ];

    private static AuditExpectation Expect(Actor actor, params (string Entity, string Field, string? Old, string? New)[] values) => new(actor, values);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private MeasureDetails Details(string name) => new()
    {
        Name = name,
        Code = MeasureCode,
        Unit = MeasureUnit.Percentage,
        Direction = MeasureDirection.HigherIsBetter,
        Frequency = PeriodType.Month,
        TargetKind = TargetKind.Absolute,
        TargetValue = "75",
        TargetBy = "December 2026",
        Trajectory = "March 2026: 60\nSeptember 2026: 68",
        OwnerId = world.LeadPersonId,
    };

    private static byte[] FiguresCsv(string period) =>
        Encoding.UTF8.GetBytes($"measure,area,period,value,note\r\n{MeasureCode},,{period},55,\r\n{MeasureCode},North Area,{period},51.5,Includes late returns\r\n");

    private async Task<ImportRecord> UploadPlanAsync(string fileName)
    {
        using var file = new MemoryStream(ImportSteps.CsvBytes(ImportSteps.StrategyRows));
        return await Use<ImportService>().Run(s => s.UploadAsync(_lead, world.PartnershipId, fileName, file, new ImportSettings { KindKey = BuiltInPlanKinds.Strategy, PlanName = "Imported for the audit" }, null));
    }

    private async Task<MeasureLoad> UploadFiguresAsync(string fileName, string period)
    {
        using var file = new MemoryStream(FiguresCsv(period));
        return await Use<MeasureLoadService>().Run(s => s.UploadAsync(_lead, world.PartnershipId, fileName, file));
    }

    private Task<int> ItemVersionAsync(int itemId) =>
        Query(db => db.PlanItems.Where(i => i.Id == itemId).Select(i => i.Version).SingleAsync());

    private Task<int> PeriodVersionAsync() => Query(db => db.ReportingPeriods.Where(p => p.Id == _periodId).Select(p => p.Version).SingleAsync());

    private Task<int> ImportVersionAsync() => Query(db => db.ImportRecords.Where(r => r.Id == _importId).Select(r => r.Version).SingleAsync());

    private async Task<Actor> ActorAsync(string email, string role, int? partnershipId, int? personId)
    {
        var user = await Query(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        return new Actor(user.Id, user.DisplayName, role, partnershipId, personId);
    }

    private async Task<T> Query<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private ServiceCall<TService> Use<TService>()
        where TService : notnull => new(factory);
}

/// <summary>Calls a Core service in a scope of its own, as one request would.</summary>
internal readonly struct ServiceCall<TService>(AppFactory factory)
    where TService : notnull
{
    public async Task<T> Run<T>(Func<TService, Task<T>> act)
    {
        using var scope = factory.Services.CreateScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task Run(Func<TService, Task> act)
    {
        using var scope = factory.Services.CreateScope();
        await act(scope.ServiceProvider.GetRequiredService<TService>());
    }
}

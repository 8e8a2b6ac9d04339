using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Services;

public sealed class ItemUpdateServiceTests : IAsyncLifetime
{
    private CoreHarness _harness = null!;
    private SmallPlan _plan = null!;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        _plan = await _harness.CreateSmallPlanAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<T> Run<T>(Func<ItemUpdateService, AppDbContext, Task<T>> work) =>
        _harness.InScopeAsync(sp => work(sp.GetRequiredService<ItemUpdateService>(), sp.GetRequiredService<AppDbContext>()));

    private Task<int> VersionAsync(int itemId) => Run((_, db) => db.PlanItems.Where(i => i.Id == itemId).Select(i => i.Version).FirstAsync());

    [Fact]
    public async Task RecordRating_KeepsEveryRating_AndTheLatestIsCurrent()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 0, new NewRating("Green", false, new DateOnly(2026, 4, 1), "On track")));
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 1, new NewRating("Amber", true, new DateOnly(2026, 5, 1), "Slipping")));

        var (ratings, item) = await Run(async (_, db) => (
            await db.Ratings.Where(r => r.PlanItemId == _plan.MilestoneId).OrderBy(r => r.AppliesFrom).ToListAsync(),
            await db.PlanItems.FirstAsync(i => i.Id == _plan.MilestoneId)));

        Assert.Equal(["Green", "Amber"], ratings.Select(r => r.Value));
        Assert.Equal("Amber", item.CurrentRatingValue);
        Assert.True(item.CurrentRatingTentative);
        Assert.Equal(new DateOnly(2026, 5, 1), item.CurrentRatingDate);
        Assert.All(ratings, r => Assert.Equal("Pat Lead", r.RecordedByName));
    }

    [Fact]
    public async Task RecordRating_BackDated_JoinsHistoryWithoutBecomingCurrent()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "Now")));
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 1, new NewRating("Red", false, new DateOnly(2026, 1, 1), "Was red in January")));

        var item = await Run((_, db) => db.PlanItems.FirstAsync(i => i.Id == _plan.MilestoneId));

        Assert.Equal("Green", item.CurrentRatingValue);
        Assert.Equal(2, await Run((_, db) => db.Ratings.CountAsync(r => r.PlanItemId == _plan.MilestoneId)));
    }

    [Fact]
    public async Task RecordRating_WritesAnAuditEntryWithOldAndNewValues_InTheSameSave()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 0, new NewRating("Green", false, new DateOnly(2026, 4, 1), "On track")));
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 1, new NewRating("Red", false, new DateOnly(2026, 5, 1), "At risk")));

        var entry = await Run((_, db) => db.AuditEntries.Where(a => a.PlanItemId == _plan.MilestoneId && a.Action == "Rating recorded").OrderByDescending(a => a.Id).FirstAsync());
        var changes = System.Text.Json.JsonSerializer.Deserialize<List<AuditChange>>(entry.ChangesJson, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal("Pat Lead", entry.ActorName);
        Assert.Equal("pl", entry.ActorUserId);
        Assert.Equal("At risk", entry.Reason);
        Assert.Equal(CoreHarness.Now.UtcDateTime, entry.OccurredAtUtc);
        Assert.Contains(changes, c => c.Entity == "PlanItem" && c.Field == "CurrentRatingValue" && c.Old == "Green" && c.New == "Red");
        Assert.Contains(changes, c => c.Entity == "Rating" && c.Field == "Value" && c.New == "Red");
    }

    [Theory]
    [InlineData(null, "2026-06-01", "Because", "Value", "Select the BRAG rating")]
    [InlineData("Purple", "2026-06-01", "Because", "Value", "Select the BRAG rating")]
    [InlineData("Green", null, "Because", "AppliesFrom", "Enter the date the rating applies from")]
    [InlineData("Green", "2026-06-16", "Because", "AppliesFrom", "must be today or in the past")]
    [InlineData("Green", "2026-06-01", " ", "Reason", "Enter why you are giving this rating")]
    public async Task RecordRating_InvalidInput_SaysWhatToFix_AndSavesNothing(string? value, string? date, string reason, string field, string message)
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        DateOnly? appliesFrom = date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 0, new NewRating(value, false, appliesFrom, reason))));

        Assert.Contains(error.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await Run((_, db) => db.Ratings.CountAsync(r => r.PlanItemId == _plan.MilestoneId)));
    }

    [Fact]
    public async Task ReviseDeadline_TwiceKeepsBothRevisions_WithTheirOldDates()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Run((s, _) => s.ReviseDeadlineAsync(lead, _plan.MilestoneId, 0, new NewDeadline("Jan 2021", new DateOnly(2026, 5, 1), "Recruitment delayed")));
        await Run((s, _) => s.ReviseDeadlineAsync(lead, _plan.MilestoneId, 1, new NewDeadline("May 2021", new DateOnly(2026, 6, 1), "Budget cycle")));

        var (revisions, item) = await Run(async (_, db) => (
            await db.DeadlineRevisions.Where(r => r.PlanItemId == _plan.MilestoneId).OrderBy(r => r.Id).ToListAsync(),
            await db.PlanItems.FirstAsync(i => i.Id == _plan.MilestoneId)));

        Assert.Equal(2, revisions.Count);
        Assert.Equal("Nov 2019", revisions[0].Previous.Text);
        Assert.Equal("Jan 2021", revisions[0].New.Text);
        Assert.Equal("Jan 2021", revisions[1].Previous.Text);
        Assert.Equal("May 2021", revisions[1].New.Text);
        Assert.Equal("May 2021", item.Deadline.Text);
        Assert.Equal(new DateOnly(2021, 5, 31), item.Deadline.DueBy);
    }

    [Theory]
    [InlineData("", "Enter the new deadline")]
    [InlineData("Nov 2019", "same as the current one")]
    [InlineData("soon-ish", "Sept 2026, Spring Term 2027")]
    public async Task ReviseDeadline_InvalidDeadline_IsRefusedWithAMessage(string deadline, string message)
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Run((s, _) => s.ReviseDeadlineAsync(lead, _plan.MilestoneId, 0, new NewDeadline(deadline, new DateOnly(2026, 6, 1), "Why"))));

        Assert.Contains(error.Errors, e => e.Field == "Deadline" && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(0, await Run((_, db) => db.DeadlineRevisions.CountAsync()));
    }

    [Fact]
    public async Task StaleVersion_IsRefusedWithWhoChangedIt_AndNothingIsLost()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await Run((s, _) => s.RecordRatingAsync(lead, _plan.MilestoneId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "First")));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Run((s, _) => s.RecordRatingAsync(CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId), _plan.MilestoneId, 0, new NewRating("Red", false, new DateOnly(2026, 6, 1), "Second"))));

        Assert.Contains("Pat Lead", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing you entered has been saved", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(["Green"], await Run((_, db) => db.Ratings.Where(r => r.PlanItemId == _plan.MilestoneId).Select(r => r.Value).ToListAsync()));
        Assert.Equal(1, await VersionAsync(_plan.MilestoneId));
    }

    [Fact]
    public async Task Contributor_CanUpdateWhatTheyLead_AndWhatIsBeneathIt()
    {
        var contributor = CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId);

        await Run((s, _) => s.RecordRatingAsync(contributor, _plan.ActionId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "Mine")));
        await Run((s, _) => s.RecordRatingAsync(contributor, _plan.MilestoneId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "Beneath mine")));

        Assert.Equal(2, await Run((_, db) => db.Ratings.CountAsync()));
    }

    [Fact]
    public async Task Contributor_CannotUpdateOthersItems()
    {
        var contributor = CoreHarness.Contributor(_plan.PartnershipId, _plan.LeadPersonId);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Run((s, _) => s.RecordRatingAsync(contributor, _plan.OtherActionId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "Not mine"))));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Run((s, _) => s.AddProgressNoteAsync(contributor, _plan.OtherActionId, new NewProgressNote(new DateOnly(2026, 6, 1), "Done", null, null, []))));
    }

    [Fact]
    public async Task Viewer_CannotUpdate_AndAnotherPartnershipCannotSeeTheItem()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Run((s, _) => s.RecordRatingAsync(CoreHarness.Viewer(_plan.PartnershipId), _plan.ActionId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "x"))));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Run((s, _) => s.RecordRatingAsync(CoreHarness.ProgrammeLead(_plan.PartnershipId + 1000), _plan.ActionId, 0, new NewRating("Green", false, new DateOnly(2026, 6, 1), "x"))));
    }

    [Fact]
    public async Task AddProgressNote_KeepsPartsAndEvidence()
    {
        var lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);

        await Run((s, _) => s.AddProgressNoteAsync(lead, _plan.ActionId, new NewProgressNote(
            new DateOnly(2026, 6, 1), "Recruited two coordinators", "Induction", null, [new EvidenceInput("Board paper", "https://example.gov.uk/paper")])));

        var note = await Run((_, db) => db.ProgressNotes.Include(n => n.EvidenceLinks).SingleAsync());
        Assert.Equal("Recruited two coordinators", note.KeyActivitiesCompleted);
        Assert.Equal("Induction", note.NextSteps);
        Assert.Null(note.ProgressAndImpact);
        Assert.Equal("https://example.gov.uk/paper", Assert.Single(note.EvidenceLinks).Url);
    }

    [Theory]
    [InlineData(null, null, null, "javascript:alert(1)", "Evidence[0].Url")]
    [InlineData(null, null, null, "not a url", "Evidence[0].Url")]
    [InlineData(null, null, null, null, "KeyActivitiesCompleted")]
    public async Task AddProgressNote_Invalid_IsRefused(string? done, string? next, string? impact, string? url, string field)
    {
        var evidence = url is null ? new List<EvidenceInput>() : [new EvidenceInput("Link", url)];
        var note = new NewProgressNote(new DateOnly(2026, 6, 1), done ?? (url is null ? null : "Done"), next, impact, evidence);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Run((s, _) => s.AddProgressNoteAsync(CoreHarness.ProgrammeLead(_plan.PartnershipId), _plan.ActionId, note)));

        Assert.Contains(error.Errors, e => e.Field == field);
    }
}

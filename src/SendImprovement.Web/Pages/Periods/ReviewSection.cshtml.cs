using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>
/// The sponsor sets a section's overall status (or assessment) for the period with a reason, and writes its
/// highlights, with the computed facts and the suggested status beside the form.
/// </summary>
[Authorize(Policy = Policies.UpdateItems)]
public sealed class ReviewSectionModel(AppDbContext db, PeriodService periods, UpdateRoundService round) : PeriodPageModel(db), IVersionedForm
{
    [BindProperty]
    public SectionInput Input { get; set; } = new();

    public SnapshotItem Section { get; private set; } = null!;

    public PeriodFacts Facts { get; private set; } = null!;

    public string Label { get; private set; } = string.Empty;

    public int CurrentVersion { get; private set; }

    public IEnumerable<Choice> Choices => Plan.Kind.RatingScale.Values.OrderBy(v => v.Position).Select(v => new Choice(v.Key, v.Label, v.Meaning));

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Period.Id, Section.Id);

    public async Task<IActionResult> OnGetAsync(int periodId, int sectionId)
    {
        if (await LoadAsync(periodId, sectionId) is { } refused)
        {
            return refused;
        }

        var review = await Db.SectionReviews.AsNoTracking().FirstOrDefaultAsync(r => r.ReportingPeriodId == periodId && r.PlanItemId == sectionId);
        Input = new SectionInput
        {
            Assessment = review?.Assessment ?? Section.Rating?.Value,
            Reason = review?.Reason,
            Highlights = review?.Highlights,
            Version = review?.Version ?? 0,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int periodId, int sectionId)
    {
        if (await LoadAsync(periodId, sectionId) is { } refused)
        {
            return refused;
        }

        await round.ReviewSectionAsync(User.ToActor(), periodId, sectionId, Input.Version, new SectionReviewInput(Input.Assessment, Input.Reason, Input.Highlights));
        TempData["Success"] = $"Status for {Label} saved for {Period.Name}.";
        return Redirect($"/periods/{periodId}");
    }

    private async Task<IActionResult?> LoadAsync(int periodId, int sectionId)
    {
        if (await LoadPeriodAsync(periodId, manage: false) is { } refused)
        {
            return refused;
        }

        var snapshot = await periods.SnapshotAsync(Period);
        var section = ReportBuilder.Sections(snapshot).FirstOrDefault(s => s.Id == sectionId);
        if (section is null)
        {
            return NotFound();
        }

        if (!await round.CanReviewAsync(User.ToActor(), sectionId))
        {
            return Forbid();
        }

        Section = section;
        Label = section.Label;
        Facts = PeriodFacts.ForSection(snapshot, section);
        CurrentVersion = await Db.SectionReviews.Where(r => r.ReportingPeriodId == periodId && r.PlanItemId == sectionId).Select(r => r.Version).FirstOrDefaultAsync();
        return null;
    }

    public sealed class SectionInput
    {
        public string? Assessment { get; set; }

        public string? Reason { get; set; }

        public string? Highlights { get; set; }

        public int Version { get; set; }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>The sponsor (or a programme lead) acknowledges a submitted update or sends it back with a comment.</summary>
[Authorize(Policy = Policies.UpdateItems)]
public sealed class ReviewUpdateModel(AppDbContext db, UpdateRoundService round) : PeriodPageModel(db), IVersionedForm
{
    public const string Acknowledge = "acknowledge";
    public const string SendBack = "send-back";

    [BindProperty]
    public ReviewInput Input { get; set; } = new();

    public ItemUpdate Update { get; private set; } = null!;

    public ProgressNote? Note { get; private set; }

    public int CurrentVersion => Update.Version;

    public bool IsOwnUpdate => Update.SubmittedByUserId is not null && Update.SubmittedByUserId == User.ToActor().UserId;

    public string Label => string.IsNullOrEmpty(Update.PlanItem.Ref) ? Update.PlanItem.Title : $"{Update.PlanItem.Ref} {Update.PlanItem.Title}";

    public static IEnumerable<Choice> Decisions =>
    [
        new(Acknowledge, "Acknowledge the update", "It goes into the period's reports as it is."),
        new(SendBack, "Send it back to the lead", "Say what needs to change. The lead can then submit again."),
    ];

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Period.Id, Update.Id);

    public async Task<IActionResult> OnGetAsync(int periodId, int updateId)
    {
        if (await LoadAsync(periodId, updateId) is { } refused)
        {
            return refused;
        }

        Input.Version = Update.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int periodId, int updateId)
    {
        if (await LoadAsync(periodId, updateId) is { } refused)
        {
            return refused;
        }

        if (Input.Decision is not (Acknowledge or SendBack))
        {
            ModelState.AddModelError("Input.Decision", "Select whether to acknowledge the update or send it back");
            return Page();
        }

        var acknowledge = Input.Decision == Acknowledge;
        await round.ReviewAsync(User.ToActor(), updateId, Input.Version, acknowledge, Input.Comment);
        TempData["Success"] = acknowledge ? $"Update for {Label} acknowledged." : $"Update for {Label} sent back to {Update.SubmittedByName}.";
        return Redirect($"/periods/{periodId}");
    }

    private async Task<IActionResult?> LoadAsync(int periodId, int updateId)
    {
        if (await LoadPeriodAsync(periodId, manage: false) is { } refused)
        {
            return refused;
        }

        var update = await Db.ItemUpdates.AsNoTracking().Include(u => u.PlanItem).Include(u => u.Rating)
            .FirstOrDefaultAsync(u => u.Id == updateId && u.ReportingPeriodId == periodId);
        if (update is null)
        {
            return NotFound();
        }

        if (!await round.CanReviewAsync(User.ToActor(), update.PlanItemId))
        {
            return Forbid();
        }

        Update = update;
        Note = update.ProgressNoteId is { } noteId
            ? await Db.ProgressNotes.AsNoTracking().Include(n => n.EvidenceLinks).FirstOrDefaultAsync(n => n.Id == noteId)
            : null;
        return null;
    }

    public sealed class ReviewInput
    {
        public string? Decision { get; set; }

        public string? Comment { get; set; }

        public int Version { get; set; }
    }
}

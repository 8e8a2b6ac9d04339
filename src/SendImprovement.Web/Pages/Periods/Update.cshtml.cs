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

/// <summary>A lead's update for one item in an open period: the rating confirmed or changed, and the progress parts.</summary>
[Authorize(Policy = Policies.UpdateItems)]
public sealed class UpdateModel(AppDbContext db, PlanAccess access, UpdateRoundService round) : PeriodPageModel(db), IVersionedForm
{
    [BindProperty]
    public UpdateFormInput Input { get; set; } = new();

    public PlanItem Item { get; private set; } = null!;

    public ItemUpdate? Existing { get; private set; }

    public PlanKindLevel Level => Plan.Kind.Level(Item.Depth);

    public int CurrentVersion => Item.Version;

    public IEnumerable<Choice> Choices =>
        (Item.CurrentRatingValue is null ? [] : new[] { new Choice(UpdateInput.NoChange, $"No change: still {Item.CurrentRatingValue}{(Item.CurrentRatingTentative ? " (tentative)" : string.Empty)}") })
        .Concat(Plan.Kind.RatingScale.Values.OrderBy(v => v.Position).Select(v => new Choice(v.Key, $"Change to {v.Label}", v.Meaning)));

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Period.Id, Item.Id);

    public async Task<IActionResult> OnGetAsync(int periodId, int itemId)
    {
        if (await LoadAsync(periodId, itemId) is { } refused)
        {
            return refused;
        }

        Input = new UpdateFormInput { Version = Item.Version, Rating = Item.CurrentRatingValue is null ? null : UpdateInput.NoChange };
        if (Existing?.ProgressNoteId is { } noteId && await Db.ProgressNotes.AsNoTracking().Include(n => n.EvidenceLinks).FirstOrDefaultAsync(n => n.Id == noteId) is { } note)
        {
            // Sent back or updating again: start from what was submitted.
            Input.KeyActivitiesCompleted = note.KeyActivitiesCompleted;
            Input.NextSteps = note.NextSteps;
            Input.ProgressAndImpact = note.ProgressAndImpact;
            Input.Evidence = [.. note.EvidenceLinks.Select(e => new EvidenceFormInput { Title = e.Title, Url = e.Url })];
        }

        while (Input.Evidence.Count < 2)
        {
            Input.Evidence.Add(new EvidenceFormInput());
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int periodId, int itemId)
    {
        if (await LoadAsync(periodId, itemId) is { } refused)
        {
            return refused;
        }

        await round.SubmitAsync(
            User.ToActor(),
            periodId,
            itemId,
            Input.Version,
            new UpdateInput(Input.Rating, Input.IsTentative, Input.Reason, Input.KeyActivitiesCompleted, Input.NextSteps, Input.ProgressAndImpact, [.. Input.Evidence.Select(e => new EvidenceInput(e.Title, e.Url))]));
        TempData["Success"] = $"Update submitted for {Label}. The sponsor will review it.";
        return Redirect("/updates");
    }

    public string Label => string.IsNullOrEmpty(Item.Ref) ? Item.Title : $"{Item.Ref} {Item.Title}";

    private async Task<IActionResult?> LoadAsync(int periodId, int itemId)
    {
        if (await LoadPeriodAsync(periodId, manage: false) is { } refused)
        {
            return refused;
        }

        var shape = UpdateRoundService.Shape(Plan.Kind);
        var item = await Db.PlanItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.PlanId == Period.PlanId && i.Depth == shape.ActionDepth);
        if (item is null)
        {
            return NotFound();
        }

        if (!await access.CanUpdateItemAsync(User.ToActor(), itemId))
        {
            return Forbid();
        }

        Item = item;
        Existing = await Db.ItemUpdates.AsNoTracking().FirstOrDefaultAsync(u => u.ReportingPeriodId == periodId && u.PlanItemId == itemId);
        return null;
    }

    public sealed class UpdateFormInput
    {
        public string? Rating { get; set; }

        public bool IsTentative { get; set; }

        public string? Reason { get; set; }

        public string? KeyActivitiesCompleted { get; set; }

        public string? NextSteps { get; set; }

        public string? ProgressAndImpact { get; set; }

        public List<EvidenceFormInput> Evidence { get; set; } = [];

        public int Version { get; set; }
    }

    public sealed class EvidenceFormInput
    {
        public string? Title { get; set; }

        public string? Url { get; set; }
    }
}

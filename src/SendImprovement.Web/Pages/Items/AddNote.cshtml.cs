using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>Adds a dated progress note in named parts, with optional links to evidence.</summary>
[Authorize(Policy = Policies.UpdateItems)]
public sealed class AddNoteModel(AppDbContext db, PlanAccess access, ItemUpdateService updates, TimeProvider clock)
    : ItemFormPageModel(db, access)
{
    public const int EvidenceRows = 3;

    [BindProperty]
    public NoteInput Input { get; set; } = new();

    protected override bool NeedsManage => false;

    public async Task<IActionResult> OnGetAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        Input = new NoteInput { AsAt = DateParts.From(UkClock.Today(clock)) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        var asAt = ReadDate(Input.AsAt, "Input.AsAt", "The date of the note");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Rows keep their positions, so a message about row 2 is shown against row 2; empty rows are skipped by the service.
        var evidence = Input.Evidence.Take(ItemUpdateService.MaxEvidenceLinks + 1).Select(e => new EvidenceInput(e.Title, e.Url)).ToList();
        var note = await updates.AddProgressNoteAsync(User.ToActor(), itemId, new NewProgressNote(asAt, Input.KeyActivitiesCompleted, Input.NextSteps, Input.ProgressAndImpact, evidence));
        return BackToItem($"Progress note added as at {note.AsAt.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    public sealed class NoteInput
    {
        public DateParts AsAt { get; set; } = new();

        public string? KeyActivitiesCompleted { get; set; }

        public string? NextSteps { get; set; }

        public string? ProgressAndImpact { get; set; }

        public List<EvidenceRow> Evidence { get; set; } = [.. Enumerable.Range(0, EvidenceRows).Select(_ => new EvidenceRow())];
    }

    public sealed class EvidenceRow
    {
        public string? Title { get; set; }

        public string? Url { get; set; }
    }
}

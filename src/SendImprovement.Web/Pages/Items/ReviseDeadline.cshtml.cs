using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>Moves a deadline with a reason; the old and new dates are kept as a revision record.</summary>
[Authorize(Policy = Policies.UpdateItems)]
public sealed class ReviseDeadlineModel(AppDbContext db, PlanAccess access, ItemUpdateService updates, TimeProvider clock)
    : ItemFormPageModel(db, access)
{
    [BindProperty]
    public DeadlineInput Input { get; set; } = new();

    protected override bool NeedsManage => false;

    public async Task<IActionResult> OnGetAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        if (!Context.Level.HasDeadline)
        {
            return NotFound();
        }

        Input = new DeadlineInput { RevisedOn = DateParts.From(UkClock.Today(clock)), Version = Context.Item.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        if (!Context.Level.HasDeadline)
        {
            return NotFound();
        }

        var revisedOn = ReadDate(Input.RevisedOn, "Input.RevisedOn", "The date the change was agreed");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var revision = await updates.ReviseDeadlineAsync(User.ToActor(), itemId, Input.Version, new NewDeadline(Input.Deadline, revisedOn, Input.Reason));
        var label = Context.Level.DeadlineLabel;
        return BackToItem(revision.Previous.IsEmpty
            ? $"{label} set to {revision.New}."
            : $"{label} revised to {revision.New} (from {revision.Previous}).");
    }

    public sealed class DeadlineInput
    {
        public string? Deadline { get; set; }

        public DateParts RevisedOn { get; set; } = new();

        public string? Reason { get; set; }

        public int Version { get; set; }
    }
}

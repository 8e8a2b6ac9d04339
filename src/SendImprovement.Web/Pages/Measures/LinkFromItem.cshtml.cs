using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.Items;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>Links a measure from the library to a plan item, from the item's page.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class LinkFromItemModel(AppDbContext db, PlanAccess access, MeasureService measures) : ItemFormPageModel(db, access)
{
    [BindProperty]
    public LinkForm Input { get; set; } = new();

    /// <summary>The partnership's measures not yet linked to this item.</summary>
    public IReadOnlyList<Choice> MeasureChoices { get; private set; } = [];

    /// <summary>Whether the library has any measure at all.</summary>
    public bool LibraryIsEmpty { get; private set; }

    protected override bool NeedsManage => true;

    public async Task<IActionResult> OnGetAsync(int itemId) => await LoadChoicesAsync(itemId) ?? Page();

    public async Task<IActionResult> OnPostAsync(int itemId)
    {
        if (await LoadChoicesAsync(itemId) is { } refused)
        {
            return refused;
        }

        var choice = MeasureChoices.FirstOrDefault(c => c.Value == Input.MeasureId);
        if (choice is null)
        {
            ModelState.AddModelError("Input.MeasureId", string.IsNullOrEmpty(Input.MeasureId) ? "Select the measure that evidences this item" : "Select a measure from the list");
            return Page();
        }

        await measures.LinkAsync(User.ToActor(), int.Parse(choice.Value, CultureInfo.InvariantCulture), itemId, HttpContext.RequestAborted);
        return BackToItem($"{choice.Text} linked.");
    }

    private async Task<IActionResult?> LoadChoicesAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        var partnershipId = Context.Plan.PartnershipId;
        var linked = await Db.MeasureLinks.AsNoTracking().Where(l => l.PlanItemId == itemId).Select(l => l.MeasureId).ToListAsync();
        var all = await measures.ListAsync(partnershipId, HttpContext.RequestAborted);
        LibraryIsEmpty = all.Count == 0;
        MeasureChoices = [.. all.Where(m => !linked.Contains(m.Id)).Select(m => new Choice(m.Id.ToString(CultureInfo.InvariantCulture), m.Name, m.Theme))];
        return null;
    }

    public sealed class LinkForm
    {
        public string? MeasureId { get; set; }
    }
}

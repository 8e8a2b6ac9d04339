using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>Links an item to another by the plan and reference people already use ("WSoA: 1.1(c)").</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class AddLinkModel(AppDbContext db, PlanAccess access, PlanService plans) : ItemFormPageModel(db, access)
{
    [BindProperty]
    public LinkInput Input { get; set; } = new();

    public IReadOnlyList<Choice> PlanChoices { get; private set; } = [];

    protected override bool NeedsManage => true;

    public async Task<IActionResult> OnGetAsync(int itemId)
    {
        if (await LoadChoicesAsync(itemId) is { } refused)
        {
            return refused;
        }

        Input.PlanId = Context.Plan.Id.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int itemId)
    {
        if (await LoadChoicesAsync(itemId) is { } refused)
        {
            return refused;
        }

        var planId = int.TryParse(Input.PlanId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && PlanChoices.Any(p => p.Value == Input.PlanId) ? id : (int?)null;
        if (planId is null)
        {
            ModelState.AddModelError("Input.PlanId", "Select the plan the other item is in");
        }

        if (string.IsNullOrWhiteSpace(Input.Ref) || ItemRef.SortKey(Input.Ref).Length == 0)
        {
            ModelState.AddModelError("Input.Ref", "Enter the reference of the item to link to, for example 1.1c");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var sortKey = ItemRef.SortKey(Input.Ref);
        var targets = await Db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == planId && i.RefSortKey == sortKey)
            .OrderByDescending(i => i.Depth)
            .Select(i => new { i.Id, i.Depth })
            .ToListAsync();
        if (targets.Count == 0)
        {
            ModelState.AddModelError("Input.Ref", $"No item in {PlanChoices.First(p => p.Value == Input.PlanId).Text} has the reference {Input.Ref!.Trim()}");
            return Page();
        }

        // "1.1" can be both a priority and an action; the deepest (the action) is what links usually point at.
        await plans.AddLinkAsync(User.ToActor(), itemId, targets[0].Id, Input.Note);
        return BackToItem("Link added.");
    }

    private async Task<IActionResult?> LoadChoicesAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        PlanChoices = await Db.Plans.AsNoTracking()
            .Where(p => p.PartnershipId == Context.Plan.PartnershipId)
            .OrderBy(p => p.Name)
            .Select(p => new Choice(p.Id.ToString(), p.Name, null))
            .ToListAsync();
        return null;
    }

    public sealed class LinkInput
    {
        public string? PlanId { get; set; }

        public string? Ref { get; set; }

        public string? Note { get; set; }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>Links the measure to a plan item it evidences: an outcome, priority, action or any other level.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class AddLinkModel(AppDbContext db, MeasureService measures) : MeasurePageModel(measures)
{
    [BindProperty]
    public LinkForm Input { get; set; } = new();

    /// <summary>The items not yet linked, plan by plan, each plan in tree order.</summary>
    public IReadOnlyList<IGrouping<string, PlanItemLabel>> ItemsByPlan { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        var itemId = int.TryParse(Input.PlanItemId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var item = ItemsByPlan.SelectMany(g => g).FirstOrDefault(i => i.Id == itemId);
        if (item is null)
        {
            ModelState.AddModelError("Input.PlanItemId", string.IsNullOrEmpty(Input.PlanItemId) ? "Select the plan item this measure evidences" : "Select a plan item from the list");
            return Page();
        }

        await Measures.LinkAsync(User.ToActor(), id, item.Id, HttpContext.RequestAborted);
        return BackToMeasure($"Linked to {item.Full}.");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        if (await LoadMeasureAsync(id, MeasureRight.Manage) is { } refused)
        {
            return refused;
        }

        var linked = Measure.Links.Select(l => l.PlanItemId).ToHashSet();
        ItemsByPlan = [.. (await PlanItemLabels.AllAsync(db, Measure.PartnershipId)).Where(i => !linked.Contains(i.Id)).GroupBy(i => i.PlanName)];
        return null;
    }

    public sealed class LinkForm
    {
        public string? PlanItemId { get; set; }
    }
}

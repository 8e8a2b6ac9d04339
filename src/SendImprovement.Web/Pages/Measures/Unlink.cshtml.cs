using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// Unlinks a measure from a plan item, from either the measure's page or the item's (the button names what it
/// unlinks, so it needs no confirmation page); back to the page it came from. Only posts are answered.
/// </summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class UnlinkModel(AppDbContext db, MeasureService measures) : MeasurePageModel(measures)
{
    public async Task<IActionResult> OnPostAsync(int id, int itemId, string? returnTo)
    {
        if (await LoadMeasureAsync(id, MeasureRight.Manage) is { } refused)
        {
            return refused;
        }

        var labels = await PlanItemLabels.ForItemsAsync(db, [itemId]);
        await Measures.UnlinkAsync(User.ToActor(), id, itemId, HttpContext.RequestAborted);
        var what = labels.TryGetValue(itemId, out var label) ? label.Full : "the plan item";
        TempData["Success"] = $"{Measure.Name} is no longer linked to {what}.";
        return Redirect(returnTo == "item" ? $"/items/{itemId}" : $"/measures/{id}");
    }
}

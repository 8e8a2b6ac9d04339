using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Infrastructure.Security;

/// <summary>
/// The per-record check every page makes: a record outside the user's partnership (or missing) is "not found";
/// one they can see but not change is "forbidden".
/// </summary>
public static class RecordAccess
{
    /// <returns>The result to return instead of the page, or null when the user may go on.</returns>
    public static IActionResult? Refuse(PageModel page, int? partnershipId, bool needsManage)
    {
        var actor = page.User.ToActor();
        if (partnershipId is null || !PlanAccess.CanRead(actor, partnershipId.Value))
        {
            return page.NotFound();
        }

        return needsManage && !PlanAccess.CanManage(actor, partnershipId.Value) ? page.Forbid() : null;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>What a page about one measure needs the user to be allowed to do.</summary>
public enum MeasureRight
{
    Read,

    /// <summary>Record figures and commentary: programme leads and the measure's owner.</summary>
    Record,

    /// <summary>Change the measure and its links: programme leads.</summary>
    Manage,
}

/// <summary>
/// A page about one measure. Loading it, for every handler, answers "does it exist for this user?" (404 otherwise,
/// including another partnership's measure) and "may they do this here?" (403 otherwise). The services check again.
/// </summary>
public abstract class MeasurePageModel(MeasureService measures) : PageModel
{
    public Measure Measure { get; private set; } = null!;

    public bool CanManage => PlanAccess.CanManage(User.ToActor(), Measure.PartnershipId);

    public bool CanRecord => MeasureService.CanRecord(User.ToActor(), Measure);

    /// <summary>"?partnershipId=3" for an administrator, who may be looking at any partnership's measure.</summary>
    public string PartnershipQuery => User.ToActor().IsAdministrator ? $"?partnershipId={Measure.PartnershipId}" : string.Empty;

    protected MeasureService Measures => measures;

    protected async Task<IActionResult?> LoadMeasureAsync(int measureId, MeasureRight right)
    {
        Measure = await measures.GetAsync(User.ToActor(), measureId, HttpContext.RequestAborted);
        return right switch
        {
            MeasureRight.Manage when !CanManage => Forbid(),
            MeasureRight.Record when !CanRecord => Forbid(),
            _ => null,
        };
    }

    /// <summary>Post-redirect-get back to the measure's page with a success banner.</summary>
    protected IActionResult BackToMeasure(string message)
    {
        TempData["Success"] = message;
        return Redirect($"/measures/{Measure.Id}");
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;


namespace SendImprovement.Web.Pages.Plans;

/// <summary>
/// Downloads a plan as the Excel template or as CSV, for anyone who may read the plan. The file imports back as the
/// same plan. Another partnership's plan, and a format other than xlsx or csv, are not found.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
[RequireHandler]
public sealed class ExportModel(PlanExport export) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int planId, string? format)
    {
        if (PlanExport.ParseFormat(format) is not { } chosen)
        {
            return NotFound();
        }

        var file = await export.ExportAsync(User.ToActor(), planId, chosen, HttpContext.RequestAborted);
        return File(file.Content, file.ContentType, file.FileName);
    }
}

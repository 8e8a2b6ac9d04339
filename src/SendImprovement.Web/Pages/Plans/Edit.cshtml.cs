using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Plans;

/// <summary>Edits a plan's name, summary and period.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class EditModel(AppDbContext db, PlanService plans) : PageModel, IVersionedForm
{
    [BindProperty]
    public CreateModel.PlanInput Input { get; set; } = new();

    public Plan Plan { get; private set; } = null!;

    public int CurrentVersion => Plan.Version;

    public async Task<IActionResult> OnGetAsync(int planId)
    {
        if (await LoadAsync(planId) is { } refused)
        {
            return refused;
        }

        Input = new CreateModel.PlanInput { Name = Plan.Name, Summary = Plan.Summary, Period = Plan.Period.Text, Version = Plan.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int planId)
    {
        if (await LoadAsync(planId) is { } refused)
        {
            return refused;
        }

        await plans.UpdatePlanAsync(User.ToActor(), planId, Input.Version, new PlanDetails(Input.Name, Input.Summary, Input.Period), Input.Reason);
        TempData["Success"] = "Plan details saved.";
        return Redirect($"/plans/{planId}");
    }

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Plan.Id);

    private async Task<IActionResult?> LoadAsync(int planId)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId);
        if (RecordAccess.Refuse(this, plan?.PartnershipId, needsManage: true) is { } refused)
        {
            return refused;
        }

        Plan = plan!;
        return null;
    }
}

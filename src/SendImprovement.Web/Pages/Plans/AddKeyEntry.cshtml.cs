using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Plans;

/// <summary>Adds an entry to a plan's interdependency key, such as "C: Commissioning strategy".</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class AddKeyEntryModel(AppDbContext db, PlanService plans) : PageModel
{
    [BindProperty]
    public KeyInput Input { get; set; } = new();

    public Plan Plan { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int planId) => await LoadAsync(planId) ?? Page();

    public async Task<IActionResult> OnPostAsync(int planId)
    {
        if (await LoadAsync(planId) is { } refused)
        {
            return refused;
        }

        var tag = await plans.AddTagAsync(User.ToActor(), planId, Input.Code, Input.Name, Input.Description);
        TempData["Success"] = $"Added to the interdependency key: {tag.Code}, {tag.Name}.";
        return Redirect($"/plans/{planId}");
    }

    private async Task<IActionResult?> LoadAsync(int planId)
    {
        var plan = await db.Plans.AsNoTracking().Include(p => p.Tags).FirstOrDefaultAsync(p => p.Id == planId);
        if (RecordAccess.Refuse(this, plan?.PartnershipId, needsManage: true) is { } refused)
        {
            return refused;
        }

        Plan = plan!;
        return null;
    }

    public sealed class KeyInput
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Description { get; set; }
    }
}

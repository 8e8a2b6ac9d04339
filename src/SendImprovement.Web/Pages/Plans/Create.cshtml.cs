using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Plans;

/// <summary>Creates a plan of a chosen kind in a partnership.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class CreateModel(AppDbContext db, PlanService plans) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? PartnershipId { get; set; }

    [BindProperty]
    public PlanInput Input { get; set; } = new();

    public string PartnershipName { get; private set; } = string.Empty;

    public IReadOnlyList<Choice> KindChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        var plan = await plans.CreatePlanAsync(User.ToActor(), PartnershipId!.Value, Input.Kind, new PlanDetails(Input.Name, Input.Summary, Input.Period));
        TempData["Success"] = $"Plan created: {plan.Name}.";
        return Redirect($"/plans/{plan.Id}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var actor = User.ToActor();
        PartnershipId ??= actor.PartnershipId;
        var partnership = PartnershipId is null ? null : await db.Partnerships.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PartnershipId);
        if (RecordAccess.Refuse(this, partnership?.Id, needsManage: true) is { } refused)
        {
            return refused;
        }

        PartnershipName = partnership!.Name;
        KindChoices = await db.PlanKinds.AsNoTracking().OrderBy(k => k.Id)
            .Select(k => new Choice(k.Key, k.Name, k.Description))
            .ToListAsync();
        return null;
    }

    public sealed class PlanInput
    {
        public string? Kind { get; set; }

        public string? Name { get; set; }

        public string? Summary { get; set; }

        public string? Period { get; set; }

        public string? Reason { get; set; }

        public int Version { get; set; }
    }
}

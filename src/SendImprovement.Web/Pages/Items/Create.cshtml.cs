using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>Adds a workstream, outcome, action, milestone (or the plan kind's equivalent) to a plan.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class CreateModel(AppDbContext db, PlanService plans) : PageModel, IItemForm
{
    [BindProperty]
    public ItemInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int? ParentId { get; set; }

    public Plan Plan { get; private set; } = null!;

    public PlanItem? Parent { get; private set; }

    public PlanKindLevel? ParentLevel { get; private set; }

    public PlanKindLevel Level { get; private set; } = null!;

    public IReadOnlyList<PlanKindField> LevelFields { get; private set; } = [];

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public IReadOnlyList<PlanTag> Tags { get; private set; } = [];

    public bool IsNew => true;

    public async Task<IActionResult> OnGetAsync(int planId) => await LoadAsync(planId) ?? Page();

    public async Task<IActionResult> OnPostAsync(int planId)
    {
        if (await LoadAsync(planId) is { } refused)
        {
            return refused;
        }

        var item = await plans.AddItemAsync(User.ToActor(), planId, Parent?.Id, Input.ToDetails(), Input.Deadline);
        TempData["Success"] = $"{Level.Name} added.";
        return Redirect($"/items/{item.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int planId)
    {
        var plan = await db.Plans.AsNoTracking()
            .Include(p => p.Kind).ThenInclude(k => k.Levels)
            .Include(p => p.Kind).ThenInclude(k => k.Fields)
            .Include(p => p.Tags)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == planId);
        if (RecordAccess.Refuse(this, plan?.PartnershipId, needsManage: true) is { } refused)
        {
            return refused;
        }

        if (ParentId is not null)
        {
            Parent = await db.PlanItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == ParentId && i.PlanId == planId);
            if (Parent is null)
            {
                return NotFound();
            }

            ParentLevel = plan!.Kind.Level(Parent.Depth);
        }

        var depth = Parent is null ? 0 : Parent.Depth + 1;
        var level = plan!.Kind.Levels.FirstOrDefault(l => l.Depth == depth);
        if (level is null)
        {
            return NotFound();
        }

        Plan = plan;
        Level = level;
        LevelFields = [.. plan.Kind.Fields.Where(f => f.Depth == depth).OrderBy(f => f.Position)];
        Areas = await db.Areas.AsNoTracking().Where(a => a.PartnershipId == plan.PartnershipId).OrderBy(a => a.Position).ToListAsync();
        Tags = [.. plan.Tags.OrderBy(t => t.Code, StringComparer.Ordinal)];
        return null;
    }
}

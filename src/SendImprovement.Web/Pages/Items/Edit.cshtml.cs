using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>Edits an item's details. Deadlines are not changed here but revised, so their history is kept.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class EditModel(AppDbContext db, PlanAccess access, PlanService plans) : ItemFormPageModel(db, access), IItemForm
{
    [BindProperty]
    public ItemInput Input { get; set; } = new();

    public PlanKindLevel Level => Context.Level;

    public IReadOnlyList<PlanKindField> LevelFields => [.. Context.Kind.Fields.Where(f => f.Depth == Context.Item.Depth).OrderBy(f => f.Position)];

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public IReadOnlyList<PlanTag> Tags => [.. Context.Plan.Tags.OrderBy(t => t.Code, StringComparer.Ordinal)];

    public bool IsNew => false;

    protected override bool NeedsManage => true;

    public async Task<IActionResult> OnGetAsync(int itemId)
    {
        if (await LoadFormAsync(itemId) is { } refused)
        {
            return refused;
        }

        var item = Context.Item;
        var assignments = await Db.PlanItemAssignments.AsNoTracking().Where(a => a.PlanItemId == itemId).ToListAsync();
        Input = new ItemInput
        {
            Ref = item.Ref,
            Title = item.Title,
            Description = item.Description,
            Start = item.Start.Text,
            Leads = item.LeadText,
            Sponsor = assignments.Where(a => a.Role == AssignmentRole.Sponsor).Select(a => a.RawText).FirstOrDefault(),
            ProgressStatus = item.ProgressStatusText,
            Resource = item.Resource,
            AreaIds = await Db.PlanItems.Where(i => i.Id == itemId).SelectMany(i => i.Areas).Select(a => a.Id).ToListAsync(),
            TagIds = await Db.PlanItems.Where(i => i.Id == itemId).SelectMany(i => i.Tags).Select(t => t.Id).ToListAsync(),
            Fields = await Db.PlanItemFields.Where(f => f.PlanItemId == itemId).ToDictionaryAsync(f => f.Key, f => (string?)f.Value),
            Version = item.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int itemId)
    {
        if (await LoadFormAsync(itemId) is { } refused)
        {
            return refused;
        }

        await plans.UpdateItemAsync(User.ToActor(), itemId, Input.Version, Input.ToDetails(), Input.Reason);
        return BackToItem($"{Level.Name} saved.");
    }

    private async Task<IActionResult?> LoadFormAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        Areas = await Db.Areas.AsNoTracking().Where(a => a.PartnershipId == Context.Plan.PartnershipId).OrderBy(a => a.Position).ToListAsync();
        return null;
    }
}

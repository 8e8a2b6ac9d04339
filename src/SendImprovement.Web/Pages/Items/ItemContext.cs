using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Pages.Items;

/// <summary>An item above another, for breadcrumbs.</summary>
public sealed record Crumb(int Id, string Label);

/// <summary>
/// What every item page needs to know about its item: where it sits, what its level carries, and what the signed-in
/// user may do to it. Loading it also answers "does it exist and may this user see it?".
/// </summary>
public sealed class ItemContext
{
    public required PlanItem Item { get; init; }

    public required Plan Plan { get; init; }

    public required PlanKind Kind { get; init; }

    public required PlanKindLevel Level { get; init; }

    public required IReadOnlyList<Crumb> Ancestors { get; init; }

    public bool CanUpdate { get; init; }

    public bool CanManage { get; init; }

    public RatingScale Scale => Kind.RatingScale;

    public PlanKindLevel? ChildLevel => Kind.Levels.FirstOrDefault(l => l.Depth == Item.Depth + 1);

    public string Label => string.IsNullOrEmpty(Item.Ref) ? $"{Level.Name}" : $"{Level.Name} {Item.Ref}";

    /// <summary>Loads the item for the signed-in user; null when it does not exist or is outside their partnership.</summary>
    public static async Task<ItemContext?> LoadAsync(AppDbContext db, PlanAccess access, Actor actor, int itemId, CancellationToken cancellationToken = default)
    {
        var item = await db.PlanItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var plan = await db.Plans.AsNoTracking().Include(p => p.Tags).FirstAsync(p => p.Id == item.PlanId, cancellationToken);
        if (!PlanAccess.CanRead(actor, plan.PartnershipId))
        {
            return null;
        }

        var kind = await db.PlanKinds.AsNoTracking()
            .Include(k => k.Levels)
            .Include(k => k.Fields)
            .Include(k => k.RatingScale).ThenInclude(s => s.Values)
            .AsSplitQuery()
            .FirstAsync(k => k.Id == plan.PlanKindId, cancellationToken);

        var ancestors = new List<Crumb>();
        for (var parentId = item.ParentId; parentId is not null;)
        {
            var parent = await db.PlanItems.AsNoTracking().Where(i => i.Id == parentId)
                .Select(i => new { i.Id, i.Ref, i.Title, i.Depth, i.ParentId })
                .FirstAsync(cancellationToken);
            var name = kind.Level(parent.Depth).Name;
            ancestors.Insert(0, new Crumb(parent.Id, parent.Ref is null ? Shorten(parent.Title) : $"{name} {parent.Ref}"));
            parentId = parent.ParentId;
        }

        return new ItemContext
        {
            Item = item,
            Plan = plan,
            Kind = kind,
            Level = kind.Level(item.Depth),
            Ancestors = ancestors,
            CanManage = PlanAccess.CanManage(actor, plan.PartnershipId),
            CanUpdate = await access.CanUpdateItemAsync(actor, itemId, cancellationToken),
        };
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}

using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// A plan item as the measure pages name it: <see cref="Brief"/> is "Outcome 1.1" (or the level and a shortened title
/// where there is no reference); <see cref="Full"/> adds the title: "Outcome 1.1: Families get plans on time".
/// </summary>
public sealed record PlanItemLabel(int Id, int PlanId, string PlanName, string Level, string? Ref, string Title)
{
    public string Brief => Ref is null ? $"{Level} “{Shorten(Title)}”" : $"{Level} {Ref}";

    public string Full => Ref is null ? $"{Level}: {Title}" : $"{Level} {Ref}: {Title}";

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37).TrimEnd(), "…");
}

public static class PlanItemLabels
{
    /// <summary>Labels for the given items, keyed by id.</summary>
    public static async Task<Dictionary<int, PlanItemLabel>> ForItemsAsync(AppDbContext db, IReadOnlyCollection<int> itemIds)
    {
        if (itemIds.Count == 0)
        {
            return [];
        }

        var items = await db.PlanItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.PlanId, PlanName = i.Plan.Name, i.Plan.PlanKindId, i.Depth, i.Ref, i.Title })
            .ToListAsync();
        var levels = await LevelsAsync(db, items.Select(i => i.PlanKindId));
        return items.ToDictionary(i => i.Id, i => new PlanItemLabel(i.Id, i.PlanId, i.PlanName, levels.GetValueOrDefault((i.PlanKindId, i.Depth), "Item"), i.Ref, i.Title));
    }

    /// <summary>Every item of the partnership's plans, plan by plan (by name), each plan in the order of its tree.</summary>
    public static async Task<IReadOnlyList<PlanItemLabel>> AllAsync(AppDbContext db, int partnershipId)
    {
        var items = await db.PlanItems.AsNoTracking().Where(i => i.Plan.PartnershipId == partnershipId)
            .Select(i => new { i.Id, i.ParentId, i.PlanId, PlanName = i.Plan.Name, i.Plan.PlanKindId, i.Depth, i.Ref, i.RefSortKey, i.Position, i.Title })
            .ToListAsync();
        var levels = await LevelsAsync(db, items.Select(i => i.PlanKindId));
        var children = items.ToLookup(i => i.ParentId);
        var result = new List<PlanItemLabel>();
        void Visit(int? parentId, int planId)
        {
            foreach (var item in children[parentId].Where(i => i.PlanId == planId)
                         .OrderBy(i => i.RefSortKey.Length == 0).ThenBy(i => i.RefSortKey, StringComparer.Ordinal).ThenBy(i => i.Position))
            {
                result.Add(new PlanItemLabel(item.Id, item.PlanId, item.PlanName, levels.GetValueOrDefault((item.PlanKindId, item.Depth), "Item"), item.Ref, item.Title));
                Visit(item.Id, planId);
            }
        }

        foreach (var plan in items.Select(i => (i.PlanId, i.PlanName)).Distinct().OrderBy(p => p.PlanName, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.PlanId))
        {
            Visit(null, plan.PlanId);
        }

        return result;
    }

    private static async Task<Dictionary<(int KindId, int Depth), string>> LevelsAsync(AppDbContext db, IEnumerable<int> kindIds)
    {
        var ids = kindIds.Distinct().ToList();
        var levels = await db.PlanKindLevels.AsNoTracking().Where(l => ids.Contains(l.PlanKindId))
            .Select(l => new { l.PlanKindId, l.Depth, l.Name })
            .ToListAsync();
        return levels.ToDictionary(l => (l.PlanKindId, l.Depth), l => l.Name);
    }
}

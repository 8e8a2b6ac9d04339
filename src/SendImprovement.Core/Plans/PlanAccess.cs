using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Users;

namespace SendImprovement.Core.Plans;

/// <summary>
/// Who may do what to which records. Pages use it to decide what to show; services use it again before writing,
/// so a forged request is refused even when a page forgot to check.
/// </summary>
public sealed class PlanAccess(AppDbContext db)
{
    /// <summary>Administrators see every partnership; everyone else sees only their own.</summary>
    public static bool CanRead(Actor actor, int partnershipId) =>
        actor.IsAdministrator || (actor.PartnershipId == partnershipId && Roles.All.Contains(actor.Role));

    /// <summary>Creating and editing plans and their structure, and mapping initials to people.</summary>
    public static bool CanManage(Actor actor, int partnershipId) =>
        actor.IsAdministrator || (actor.Role == Roles.ProgrammeLead && actor.PartnershipId == partnershipId);

    /// <summary>
    /// Recording ratings, revising deadlines and adding progress notes. Programme leads may update anything in their
    /// partnership; contributors only items they lead or sponsor, and everything beneath those items.
    /// </summary>
    public async Task<bool> CanUpdateItemAsync(Actor actor, int itemId, CancellationToken cancellationToken = default)
    {
        var item = await db.PlanItems.AsNoTracking()
            .Where(i => i.Id == itemId)
            .Select(i => new { i.PlanId, i.Plan.PartnershipId })
            .FirstOrDefaultAsync(cancellationToken);
        if (item is null)
        {
            return false;
        }

        if (CanManage(actor, item.PartnershipId))
        {
            return true;
        }

        if (actor.Role != Roles.Contributor || actor.PartnershipId != item.PartnershipId || actor.PersonId is null)
        {
            return false;
        }

        var ledItemIds = await ItemsLedByAsync(item.PlanId, actor.PersonId.Value, cancellationToken);
        return ledItemIds.Contains(itemId);
    }

    /// <summary>The items in a plan a person leads or sponsors, with everything beneath them.</summary>
    public async Task<HashSet<int>> ItemsLedByAsync(int planId, int personId, CancellationToken cancellationToken = default)
    {
        var tree = await db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == planId)
            .Select(i => new { i.Id, i.ParentId })
            .ToListAsync(cancellationToken);
        var assigned = await db.PlanItemAssignments.AsNoTracking()
            .Where(a => a.PersonId == personId && a.PlanItem.PlanId == planId)
            .Select(a => a.PlanItemId)
            .ToListAsync(cancellationToken);

        return Descendants(tree.Select(t => (t.Id, t.ParentId)), assigned);
    }

    /// <summary>The given items and every item beneath them.</summary>
    public static HashSet<int> Descendants(IEnumerable<(int Id, int? ParentId)> tree, IEnumerable<int> roots)
    {
        var children = tree.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!.Value, t => t.Id);
        var result = new HashSet<int>();
        var stack = new Stack<int>(roots);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (result.Add(id))
            {
                foreach (var child in children[id])
                {
                    stack.Push(child);
                }
            }
        }

        return result;
    }
}

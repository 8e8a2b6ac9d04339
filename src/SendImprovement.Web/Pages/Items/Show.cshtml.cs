using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>
/// An item's details with the latest of its dated history (ratings, deadline revisions, progress notes and audit), each
/// linking to the whole of it on the history page, and its links and measures.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class ShowModel(AppDbContext db, PlanAccess access, MeasureFigures figures, TimeProvider clock) : PageModel
{
    public ItemContext Context { get; private set; } = null!;

    public IReadOnlyList<PlanItemAssignment> Assignments { get; private set; } = [];

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public int PartnershipAreaCount { get; private set; }

    /// <summary>When the item names no area, the item above it that does (an action is in its workstream's areas).</summary>
    public Crumb? AreasFrom { get; private set; }

    public IReadOnlyList<PlanTag> Tags { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Fields { get; private set; } = new Dictionary<string, string>();

    /// <summary>The latest ratings, newest first; <see cref="RatingCount"/> says how many there are in all.</summary>
    public IReadOnlyList<Rating> Ratings { get; private set; } = [];

    public int RatingCount { get; private set; }

    public IReadOnlyList<DeadlineRevision> Revisions { get; private set; } = [];

    public int RevisionCount { get; private set; }

    public IReadOnlyList<ProgressNote> Notes { get; private set; } = [];

    public int NoteCount { get; private set; }

    public IReadOnlyList<LinkView> Links { get; private set; } = [];

    public IReadOnlyList<PlanItem> Children { get; private set; } = [];

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public int AuditCount { get; private set; }

    /// <summary>The measures linked to this item, with their latest figure and status.</summary>
    public IReadOnlyList<MeasureSummary> Measures { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public PlanItem Item => Context.Item;

    public async Task<IActionResult> OnGetAsync(int itemId) =>
        await LoadAsync(User.ToActor(), itemId) ? Page() : NotFound();

    /// <summary>Every read the page makes; false when the item does not exist for this user. Also used by the benchmarks.</summary>
    public async Task<bool> LoadAsync(Actor actor, int itemId)
    {
        var context = await ItemContext.LoadAsync(db, access, actor, itemId);
        if (context is null)
        {
            return false;
        }

        Context = context;
        Today = UkClock.Today(clock);
        Assignments = await db.PlanItemAssignments.AsNoTracking().Include(a => a.Person).ThenInclude(p => p!.Organisation)
            .Where(a => a.PlanItemId == itemId).OrderBy(a => a.Role).ThenBy(a => a.Position).ToListAsync();
        Areas = await db.PlanItems.AsNoTracking().Where(i => i.Id == itemId).SelectMany(i => i.Areas).OrderBy(a => a.Position).ToListAsync();
        PartnershipAreaCount = await db.Areas.CountAsync(a => a.PartnershipId == context.Plan.PartnershipId);
        foreach (var ancestor in Enumerable.Reverse(context.Ancestors))
        {
            if (Areas.Count > 0)
            {
                break;
            }

            Areas = await db.PlanItems.AsNoTracking().Where(i => i.Id == ancestor.Id).SelectMany(i => i.Areas).OrderBy(a => a.Position).ToListAsync();
            AreasFrom = Areas.Count > 0 ? ancestor : null;
        }

        Tags = await db.PlanItems.AsNoTracking().Where(i => i.Id == itemId).SelectMany(i => i.Tags).OrderBy(t => t.Code).ToListAsync();
        Fields = await db.PlanItemFields.AsNoTracking().Where(f => f.PlanItemId == itemId).ToDictionaryAsync(f => f.Key, f => f.Value);
        (Ratings, RatingCount) = await ItemHistory.Ratings(db, itemId).LatestAsync(HistoryPart.Ratings);
        (Revisions, RevisionCount) = await ItemHistory.Revisions(db, itemId).LatestAsync(HistoryPart.Revisions);
        (Notes, NoteCount) = await ItemHistory.Notes(db, itemId).LatestAsync(HistoryPart.Notes);
        Children = await db.PlanItems.AsNoTracking().Where(i => i.ParentId == itemId).ToListAsync();
        Children = [.. Children.OrderBy(c => c.RefSortKey.Length == 0).ThenBy(c => c.RefSortKey, StringComparer.Ordinal).ThenBy(c => c.Position)];

        var outgoing = await db.ItemLinks.AsNoTracking().Where(l => l.FromItemId == itemId)
            .Select(l => new LinkView("Links to", l.ToItemId, l.ToItem != null ? l.ToItem.Plan.Name : null, l.ToItem != null ? l.ToItem.Ref : null, l.ToItem != null ? l.ToItem.Title : null, l.RawReference, l.Note))
            .ToListAsync();
        var incoming = await db.ItemLinks.AsNoTracking().Where(l => l.ToItemId == itemId)
            .Select(l => new LinkView("Linked from", l.FromItemId, l.FromItem.Plan.Name, l.FromItem.Ref, l.FromItem.Title, l.RawReference, l.Note))
            .ToListAsync();
        Links = [.. outgoing, .. incoming];

        Measures = await figures.ForItemsAsync(context.Plan.PartnershipId, [itemId], FiguresAsAt.Now);

        (Audit, AuditCount) = await ItemHistory.Changes(db, itemId).LatestAsync(HistoryPart.Changes);
        return true;
    }

    public IEnumerable<PlanKindField> LevelFields => Context.Kind.Fields.Where(f => f.Depth == Item.Depth).OrderBy(f => f.Position);

    public sealed record LinkView(string Direction, int? ItemId, string? PlanName, string? Ref, string? Title, string? RawReference, string? Note);

}

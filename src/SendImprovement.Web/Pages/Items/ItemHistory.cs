using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Pages.Items;

/// <summary>
/// The four dated histories an item keeps, newest first. The item page shows the latest few of each; the history page
/// shows all of one, a page at a time, so neither grows with the item's history.
/// </summary>
public enum HistoryPart
{
    Ratings,
    Revisions,
    Notes,
    Changes,
}

public static class ItemHistory
{
    /// <summary>The part's address segment, as in <c>/items/12/history/ratings</c>.</summary>
    public static string Slug(this HistoryPart part) => part.ToString().ToLowerInvariant();

    public static HistoryPart? FromSlug(string? slug) =>
        Enum.GetValues<HistoryPart>().Cast<HistoryPart?>().FirstOrDefault(p => string.Equals(p!.Value.Slug(), slug, StringComparison.Ordinal));

    /// <summary>What one entry is called: "rating", "revision", "progress note", "change".</summary>
    public static string Noun(this HistoryPart part) => part switch
    {
        HistoryPart.Ratings => "rating",
        HistoryPart.Revisions => "revision",
        HistoryPart.Notes => "progress note",
        _ => "change",
    };

    /// <summary>How many of each the item page shows before linking to the rest.</summary>
    public static int LatestShown(this HistoryPart part) => part switch
    {
        HistoryPart.Notes => 5,
        HistoryPart.Changes => 20,
        _ => 10,
    };

    /// <summary>How many of each one history page shows.</summary>
    public static int PageSize(this HistoryPart part) => part == HistoryPart.Notes ? 20 : 50;

    /// <summary>Whether the item's level keeps this history at all (some levels carry no rating or deadline).</summary>
    public static bool AppliesTo(this HistoryPart part, PlanKindLevel level) => part switch
    {
        HistoryPart.Ratings => level.HasRating,
        HistoryPart.Revisions => level.HasDeadline,
        _ => true,
    };

    public static IQueryable<Rating> Ratings(AppDbContext db, int itemId) =>
        db.Ratings.AsNoTracking().Where(r => r.PlanItemId == itemId)
            .OrderByDescending(r => r.AppliesFrom).ThenByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id);

    public static IQueryable<DeadlineRevision> Revisions(AppDbContext db, int itemId) =>
        db.DeadlineRevisions.AsNoTracking().Where(r => r.PlanItemId == itemId)
            .OrderByDescending(r => r.RevisedOn).ThenByDescending(r => r.Id);

    public static IQueryable<ProgressNote> Notes(AppDbContext db, int itemId) =>
        db.ProgressNotes.AsNoTracking().Include(n => n.EvidenceLinks).Where(n => n.PlanItemId == itemId)
            .OrderByDescending(n => n.AsAt).ThenByDescending(n => n.Id);

    public static IQueryable<AuditEntry> Changes(AppDbContext db, int itemId) =>
        db.AuditEntries.AsNoTracking().Where(a => a.PlanItemId == itemId).OrderByDescending(a => a.Id);

    /// <summary>
    /// The latest entries the item page shows, and how many there are in all (counted only when there may be more).
    /// </summary>
    public static async Task<(List<T> Latest, int Total)> LatestAsync<T>(this IQueryable<T> query, HistoryPart part, CancellationToken cancellationToken = default)
    {
        var shown = part.LatestShown();
        var latest = await query.Take(shown).ToListAsync(cancellationToken);
        var total = latest.Count < shown ? latest.Count : await query.CountAsync(cancellationToken);
        return (latest, total);
    }
}

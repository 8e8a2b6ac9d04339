using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>
/// The whole of one of an item's histories (ratings, deadline revisions, progress notes or recorded changes), newest
/// first, a page at a time. The item page shows only the latest few of each and links here.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class HistoryModel(AppDbContext db, PlanAccess access) : PageModel
{
    public ItemContext Context { get; private set; } = null!;

    public HistoryPart Part { get; private set; }

    [FromQuery(Name = "page")]
    public string? PageText { get; set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public int Total { get; private set; }

    public IReadOnlyList<Rating> Ratings { get; private set; } = [];

    public IReadOnlyList<DeadlineRevision> Revisions { get; private set; } = [];

    public IReadOnlyList<ProgressNote> Notes { get; private set; } = [];

    public IReadOnlyList<AuditEntry> Changes { get; private set; } = [];

    /// <summary>The page's heading: "BRAG rating history", "Deadline revisions", "Progress notes", "Changes to this action".</summary>
    public string Heading => Part switch
    {
        HistoryPart.Ratings => $"{Context.Level.RatingLabel} history",
        HistoryPart.Revisions => $"{Context.Level.DeadlineLabel} revisions",
        HistoryPart.Notes => "Progress notes",
        _ => $"Changes to this {Context.Level.Name.ToLowerInvariant()}",
    };

    /// <summary>The first and last entry on this page, counting from the newest.</summary>
    public (int First, int Last) Shown => (((PageNumber - 1) * Part.PageSize()) + 1, Math.Min(PageNumber * Part.PageSize(), Total));

    public async Task<IActionResult> OnGetAsync(int itemId, string part)
    {
        var context = await ItemContext.LoadAsync(db, access, User.ToActor(), itemId);
        if (context is null || ItemHistory.FromSlug(part) is not { } chosen || !chosen.AppliesTo(context.Level))
        {
            return NotFound();
        }

        Context = context;
        Part = chosen;
        switch (chosen)
        {
            case HistoryPart.Ratings:
                Ratings = await PageOfAsync(ItemHistory.Ratings(db, itemId));
                break;
            case HistoryPart.Revisions:
                Revisions = await PageOfAsync(ItemHistory.Revisions(db, itemId));
                break;
            case HistoryPart.Notes:
                Notes = await PageOfAsync(ItemHistory.Notes(db, itemId));
                break;
            default:
                Changes = await PageOfAsync(ItemHistory.Changes(db, itemId));
                break;
        }

        return Page();
    }

    /// <summary>Counts the part's entries, settles which page to show, and reads that page.</summary>
    private async Task<List<T>> PageOfAsync<T>(IQueryable<T> query)
    {
        var size = Part.PageSize();
        Total = await query.CountAsync();
        PageCount = Math.Max(1, (Total + size - 1) / size);

        // A page number past the end (the history is shorter than when the link was made) shows the last page.
        PageNumber = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? Math.Clamp(number, 1, PageCount) : 1;
        return await query.Skip((PageNumber - 1) * size).Take(size).ToListAsync();
    }

    public string PageLink(int page) => $"/items/{Context.Item.Id}/history/{Part.Slug()}?page={page}";
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Audit;

/// <summary>Every recorded change, newest first, filtered by partnership, who, what and when. Read-only: there is no way to change an entry.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "partnership")]
    public string? Partnership { get; set; }

    [BindProperty(SupportsGet = true, Name = "who")]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionText { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    // From the query only: Razor Pages' own route value "page" (the page's name) would otherwise win.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<(AuditEntry Entry, IReadOnlyList<AuditDisplay.Row> Changes)> Entries { get; private set; } = [];

    public IReadOnlyList<Choice> Partnerships { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public int Total { get; private set; }

    public bool HasNextPage => PageNumber * PageSize < Total;

    public async Task OnGetAsync()
    {
        Partnerships = await db.Partnerships.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new Choice(p.Id.ToString(), p.Name, null)).ToListAsync();
        var problems = new List<string>();
        var query = db.AuditEntries.AsNoTracking();
        if (int.TryParse(Partnership, NumberStyles.None, CultureInfo.InvariantCulture, out var partnershipId))
        {
            query = query.Where(a => a.PartnershipId == partnershipId);
        }

        // Nothing stored holds a null character (PostgreSQL cannot compare text with one), so such a search finds nothing.
        var unsearchable = new[] { (Who, "who"), (ActionText, "action") }.Where(f => f.Item1?.Contains('\0', StringComparison.Ordinal) == true).ToList();
        if (unsearchable.Count > 0)
        {
            Problems = [.. unsearchable.Select(f => $"The “{f.Item2}” search contains a null character, which no entry can hold: remove it and search again")];
            return;
        }

        if (!string.IsNullOrWhiteSpace(Who))
        {
            var who = Who.Trim().ToLowerInvariant();
            query = query.Where(a => a.ActorName.ToLower().Contains(who));
        }

        if (!string.IsNullOrWhiteSpace(ActionText))
        {
            var action = ActionText.Trim().ToLowerInvariant();
            query = query.Where(a => a.Action.ToLower().Contains(action) || (a.Summary != null && a.Summary.ToLower().Contains(action)));
        }

        if (ReadDay(From, "from", problems) is { } from)
        {
            var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.OccurredAtUtc >= fromUtc);
        }

        if (ReadDay(To, "to", problems) is { } to)
        {
            var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.OccurredAtUtc < toUtc);
        }

        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Problems = problems;
        Total = await query.CountAsync();
        var entries = await query.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
        Entries = entries.Select(e => (e, AuditDisplay.Rows(e.ReadChanges()))).ToList();
    }

    public string PageLink(int page) =>
        $"/audit?partnership={Uri.EscapeDataString(Partnership ?? "")}&who={Uri.EscapeDataString(Who ?? "")}&action={Uri.EscapeDataString(ActionText ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&page={page}";

    private static DateOnly? ReadDay(string? text, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        problems.Add($"The “{name}” date was not used: write it like 27/03/2026");
        return null;
    }
}

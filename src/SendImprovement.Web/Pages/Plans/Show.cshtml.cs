using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Plans;

/// <summary>A plan's tree with current ratings, deadlines and overdue flags, filtered by rating, lead, area or overdue.</summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class ShowModel(AppDbContext db, PlanAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "rating")]
    public List<string> Rating { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "lead")]
    public string? Lead { get; set; }

    [BindProperty(SupportsGet = true, Name = "area")]
    public string? Area { get; set; }

    [BindProperty(SupportsGet = true, Name = "overdue")]
    public string? Overdue { get; set; }

    public PlanFilter Filter { get; private set; } = new();

    public PlanTree Tree { get; private set; } = null!;

    public HashSet<int> Visible { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public bool CanManage { get; private set; }

    /// <summary>Items this user may update (everything for a programme lead; what they lead for a contributor).</summary>
    public HashSet<int> Updatable { get; private set; } = [];

    public int MatchCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(int planId)
    {
        var tree = await PlanTree.LoadAsync(db, planId);
        var actor = User.ToActor();
        if (tree is null || !PlanAccess.CanRead(actor, tree.Plan.PartnershipId))
        {
            return NotFound();
        }

        Tree = tree;
        Filter = new PlanFilter
        {
            Ratings = Rating.Where(r => r == PlanFilter.NotRated || tree.Scale.Find(r) is not null).Distinct().ToList(),
            Lead = tree.LeadChoices().Any(l => l.FilterKey == Lead) ? Lead : null,
            Area = tree.Areas.Any(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == Area) ? Area : null,
            Overdue = Overdue is "true" or "on",
        };
        Today = UkClock.Today(clock);
        Visible = Filter.Visible(tree, Today);
        MatchCount = Filter.IsActive
            ? tree.Items.Count(i => !tree.Kind.Level(i.Depth).ShowsAsHeading && Filter.Matches(i, tree.Scale, Today))
            : tree.Items.Count(i => !tree.Kind.Level(i.Depth).ShowsAsHeading);
        CanManage = PlanAccess.CanManage(actor, tree.Plan.PartnershipId);
        if (CanManage)
        {
            Updatable = [.. tree.Items.Select(i => i.Id)];
        }
        else if (actor.PersonId is { } personId && actor.Role == Core.Users.Roles.Contributor)
        {
            Updatable = await access.ItemsLedByAsync(planId, personId);
        }

        return Page();
    }

    public PlanKindLevel Level(ItemRow item) => Tree.Kind.Level(item.Depth);

    /// <summary>The two most concerning values on the plan's scale (Amber and Red on BRAG), for the quick filter.</summary>
    public IReadOnlyList<RatingScaleValue> ConcernValues =>
        Tree.Scale.Values.Where(v => !v.IsComplete).OrderByDescending(v => v.Severity).Take(2).OrderBy(v => v.Position).ToList();

    public string ConcernQuery => string.Join("&", ConcernValues.Select(v => $"rating={Uri.EscapeDataString(v.Key)}"));

    /// <summary>Shown only to give a match its context (an action above a matching milestone).</summary>
    public bool IsContextOnly(ItemRow item) => Filter.IsActive && !Filter.Matches(item, Tree.Scale, Today);

    public IEnumerable<ItemRow> VisibleChildren(ItemRow item) => item.Children.Where(c => Visible.Contains(c.Id));

    /// <summary>The levels shown as table rows, deepest last, which decide the table's columns.</summary>
    public IReadOnlyList<PlanKindLevel> TableLevels => Tree.Kind.Levels.Where(l => !l.ShowsAsHeading).OrderBy(l => l.Depth).ToList();

    public IEnumerable<Choice> RatingChoices =>
        Tree.Scale.Values.OrderBy(v => v.Position).Select(v => new Choice(v.Key, $"{v.Label} ({v.Meaning.ToLowerInvariant()})"))
            .Append(new Choice(PlanFilter.NotRated, "Not rated yet"));

    public IEnumerable<Choice> LeadChoices =>
        Tree.LeadChoices().Select(l => new Choice(l.FilterKey, l.IsUnassigned ? $"{l.RawText} (initials not matched to a person)" : l.Display));

    public IEnumerable<Choice> AreaChoices => Tree.Areas.Select(a => new Choice(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Name));

    public string AreaNames(ItemRow item)
    {
        if (item.AreaIds.Count == 0)
        {
            return string.Empty;
        }

        return item.AreaIds.Count == Tree.Areas.Count && Tree.Areas.Count > 1
            ? "All areas"
            : string.Join(", ", Tree.Areas.Where(a => item.AreaIds.Contains(a.Id)).Select(a => a.Name));
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// The partnership's dashboard of measures (or one plan's: the measures linked to its items): the off-track exceptions
/// with the owner's commentary, then every measure with its latest figure, target, status, direction of travel and how
/// it compares. Filters are a plain GET form; a value that is not one of the choices is ignored.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
[RequireHandler]
public sealed class IndexModel(AppDbContext db, MeasureFigures figures) : PartnershipPageModel(db)
{
    [BindProperty(SupportsGet = true, Name = "plan")]
    public string? Plan { get; set; }

    [BindProperty(SupportsGet = true, Name = "theme")]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "owner")]
    public string? Owner { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    public MeasureDashboard Dashboard { get; private set; } = null!;

    public DashboardFilter Filter { get; private set; } = new();

    /// <summary>The plan whose measures are shown, if one is chosen.</summary>
    public (int Id, string Name)? ChosenPlan { get; private set; }

    public IReadOnlyList<Choice> PlanChoices { get; private set; } = [];

    public IReadOnlyList<Choice> ThemeChoices { get; private set; } = [];

    public IReadOnlyList<Choice> OwnerChoices { get; private set; } = [];

    /// <summary>Whether the partnership has any measure at all (to tell an empty library from filters that match nothing).</summary>
    public bool LibraryIsEmpty { get; private set; }

    public bool IsFiltered => Filter != new DashboardFilter();

    public string ClearFiltersHref => PartnershipQuery(first: true) is { Length: > 0 } q ? "/measures" + q : "/measures";

    /// <summary>The measures grouped by theme, themes in order and measures without one last.</summary>
    public IEnumerable<IGrouping<string?, MeasureSummary>> ByTheme => Dashboard.Measures.GroupBy(m => m.Theme);

    public async Task<IActionResult> OnGetAsync()
    {
        var planId = int.TryParse(Plan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        if (planId is not null)
        {
            var plan = await Db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Id, p.PartnershipId, p.Name }).FirstOrDefaultAsync();
            if (plan is null || !PlanAccess.CanRead(User.ToActor(), plan.PartnershipId))
            {
                return NotFound();
            }

            // An administrator following a plan's link sees that plan's partnership.
            PartnershipId ??= plan.PartnershipId;
            if (plan.PartnershipId == PartnershipId)
            {
                ChosenPlan = (plan.Id, plan.Name);
            }
        }

        if (await LoadPartnershipAsync(manage: false) is { } refused)
        {
            return refused;
        }

        PlanChoices = await Db.Plans.AsNoTracking().Where(p => p.PartnershipId == Partnership.Id).OrderBy(p => p.Name)
            .Select(p => new Choice(p.Id.ToString(), p.Name, null)).ToListAsync();
        var statusChoice = MeasureDisplay.StatusChoices.FirstOrDefault(c => c.Value == Status);
        var ownerId = int.TryParse(Owner, NumberStyles.None, CultureInfo.InvariantCulture, out var owner) ? owner : (int?)null;
        Filter = new DashboardFilter(
            ChosenPlan?.Id,
            string.IsNullOrWhiteSpace(Theme) ? null : Theme.Trim(),
            ownerId,
            statusChoice is null ? null : Enum.GetValues<MeasureStatusKind>().First(s => MeasureDisplay.StatusKey(s) == statusChoice.Value));
        Dashboard = await figures.DashboardAsync(Partnership.Id, Filter, FiguresAsAt.Now, HttpContext.RequestAborted);

        // Values that are not among the choices are dropped, so the form and the words describe what is shown.
        var theme = Dashboard.Themes.FirstOrDefault(t => string.Equals(t, Filter.Theme, StringComparison.OrdinalIgnoreCase));
        var knownOwner = Filter.OwnerId is null || Dashboard.Owners.Any(o => o.Id == Filter.OwnerId);
        if (theme != Filter.Theme || !knownOwner)
        {
            var changed = (Filter.Theme is not null && theme is null) || !knownOwner;
            Filter = Filter with { Theme = theme, OwnerId = knownOwner ? Filter.OwnerId : null };
            if (changed)
            {
                Dashboard = await figures.DashboardAsync(Partnership.Id, Filter, FiguresAsAt.Now, HttpContext.RequestAborted);
            }
        }

        ThemeChoices = [.. Dashboard.Themes.Select(t => new Choice(t, t))];
        OwnerChoices = [.. Dashboard.Owners.Select(o => new Choice(o.Id.ToString(CultureInfo.InvariantCulture), o.Name))];
        LibraryIsEmpty = !await Db.Measures.AnyAsync(m => m.PartnershipId == Partnership.Id);
        return Page();
    }

    /// <summary>The filters in words: "linked to Testshire WSoA, in the theme Health, off track".</summary>
    public string DescribeFilter()
    {
        var parts = new List<string>();
        if (ChosenPlan is { } plan)
        {
            parts.Add($"linked to {plan.Name}");
        }

        if (Filter.Theme is not null)
        {
            parts.Add($"in the theme {Filter.Theme}");
        }

        if (Filter.OwnerId is { } ownerId)
        {
            parts.Add($"owned by {Dashboard.Owners.First(o => o.Id == ownerId).Name}");
        }

        if (Filter.Status is { } status)
        {
            parts.Add(MeasureAssessment.StatusLabel(status).ToLowerInvariant());
        }

        return string.Join(", ", parts);
    }

    /// <summary>"?partnershipId=3" for an administrator looking at another partnership; otherwise nothing.</summary>
    public string PartnershipQuery(bool first) =>
        Others.Count == 0 ? string.Empty : $"{(first ? "?" : "&")}partnershipId={Partnership.Id.ToString(CultureInfo.InvariantCulture)}";
}

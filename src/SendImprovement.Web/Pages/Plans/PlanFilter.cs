using System.Globalization;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Pages.Plans;

/// <summary>
/// The plan page's filters, from the query string so a filtered view can be bookmarked and shared. Values that do
/// not match anything in the plan are ignored rather than refused.
/// </summary>
public sealed class PlanFilter
{
    public const string NotRated = "none";

    public List<string> Ratings { get; set; } = [];

    public string? Lead { get; set; }

    public string? Area { get; set; }

    public bool Overdue { get; set; }

    public int? AreaId => int.TryParse(Area, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public bool IsActive => Ratings.Count > 0 || !string.IsNullOrEmpty(Lead) || AreaId is not null || Overdue;

    /// <summary>Items to show: those that match, with everything above them for context.</summary>
    public HashSet<int> Visible(PlanTree tree, DateOnly today)
    {
        if (!IsActive)
        {
            return [.. tree.Items.Select(i => i.Id)];
        }

        var visible = new HashSet<int>();
        foreach (var item in tree.Items.Where(i => !tree.Kind.Level(i.Depth).ShowsAsHeading && Matches(i, tree.Scale, today)))
        {
            for (var node = item; node is not null && visible.Add(node.Id); node = node.Parent)
            {
            }
        }

        return visible;
    }

    public bool Matches(ItemRow item, RatingScale scale, DateOnly today)
    {
        if (Ratings.Count > 0)
        {
            var value = item.CurrentRatingValue ?? NotRated;
            if (!Ratings.Any(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        if (!string.IsNullOrEmpty(Lead) && item.EffectiveLeads.All(l => l.FilterKey != Lead))
        {
            return false;
        }

        if (AreaId is { } areaId && !item.EffectiveAreaIds.Contains(areaId))
        {
            return false;
        }

        return !Overdue || item.IsOverdue(scale, today);
    }

    /// <summary>The active filters in words, for the results heading.</summary>
    public string Describe(PlanTree tree)
    {
        var parts = new List<string>();
        if (Ratings.Count > 0)
        {
            parts.Add("rated " + string.Join(" or ", Ratings.Select(r => r == NotRated ? "not rated" : tree.Scale.Find(r)?.Label ?? r)));
        }

        if (!string.IsNullOrEmpty(Lead))
        {
            parts.Add("led by " + (tree.LeadChoices().FirstOrDefault(l => l.FilterKey == Lead)?.Display ?? Lead));
        }

        if (AreaId is { } areaId)
        {
            parts.Add("in " + (tree.Areas.FirstOrDefault(a => a.Id == areaId)?.Name ?? "an unknown area"));
        }

        if (Overdue)
        {
            parts.Add("overdue");
        }

        return string.Join(", ", parts);
    }
}

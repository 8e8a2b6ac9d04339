using System.Globalization;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Reports;

public enum RatingDirection
{
    Improved,
    Worsened,
    Changed,
}

public sealed record RatingChange(SnapshotItem Item, SnapshotScaleValue? From, SnapshotScaleValue To, RatingDirection Direction);

public sealed record RevisedDeadline(SnapshotItem Item, int Times, int ThisPeriod);

public sealed record RatingCount(SnapshotScaleValue? Value, int Count)
{
    public string Label => Value?.Label ?? "Not rated";
}

/// <summary>A status worked out from the actions' ratings and deadlines, with the rule and why it came out so.</summary>
public sealed record SuggestedStatus(SnapshotScaleValue? Value, string Because)
{
    public const string Rule =
        "The worst rating among the actions not yet complete, raised to at least the scale's second-worst rating when a deadline has passed unmet; complete only when every action is complete.";
}

/// <summary>
/// Facts computed from a snapshot for a section (or the whole plan), shown beside the human judgement and never
/// replacing it: counts by rating, what is overdue at the period's date, deadline revisions, items not updated,
/// rating changes since the previous period, plain statements and a suggested status.
/// </summary>
public sealed class PeriodFacts
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private PeriodFacts(PlanSnapshot snapshot, SnapshotItem? scope)
    {
        Snapshot = snapshot;
        Scope = scope;
        Shape = PlanShape.Of(snapshot);
        var within = scope is null ? snapshot.Items : Descendants(snapshot, scope.Id);
        Actions = [.. within.Where(i => i.Depth == Shape.ActionDepth)];
        Milestones = Shape.MilestoneDepth is { } depth ? [.. within.Where(i => i.Depth == depth)] : [];
        var asAt = snapshot.Period.AsAt;

        // In tree order, so each milestone follows its action.
        var dated = within.Where(i => i.Depth == Shape.ActionDepth || i.Depth == Shape.MilestoneDepth).ToList();

        Counts =
        [
            .. snapshot.Scale.Select(v => new RatingCount(v, Actions.Count(a => Same(a.Rating?.Value, v.Key)))),
            new RatingCount(null, Actions.Count(a => snapshot.ScaleValue(a.Rating?.Value) is null)),
        ];
        Overdue = [.. dated.Where(i => !IsComplete(i) && i.Deadline.IsOverdueOn(asAt))];
        Revised = [.. dated.Where(i => i.Revisions.Count > 0)
            .Select(i => new RevisedDeadline(i, i.Revisions.Count, i.Revisions.Count(r => snapshot.Previous is null || r.RevisedOn > snapshot.Previous.AsAt)))];
        NotUpdated = [.. Actions.Where(a => !a.UpdatedThisPeriod && !IsComplete(a))];
        Changes = snapshot.Previous is null ? [] : [.. dated.Select(Change).OfType<RatingChange>()];
        MilestonesComplete = Milestones.Count(IsComplete);
        Suggestion = Suggest();
    }

    public PlanSnapshot Snapshot { get; }

    /// <summary>The section the facts are about, or none for the whole plan.</summary>
    public SnapshotItem? Scope { get; }

    public PlanShape Shape { get; }

    public IReadOnlyList<SnapshotItem> Actions { get; }

    public IReadOnlyList<SnapshotItem> Milestones { get; }

    public int MilestonesComplete { get; }

    /// <summary>Actions by their rating at the period's date, every value on the scale and then "not rated".</summary>
    public IReadOnlyList<RatingCount> Counts { get; }

    /// <summary>Actions and milestones not complete whose deadline had passed at the period's date.</summary>
    public IReadOnlyList<SnapshotItem> Overdue { get; }

    public IReadOnlyList<RevisedDeadline> Revised { get; }

    /// <summary>Actions not complete with no update, rating or progress note since the previous period.</summary>
    public IReadOnlyList<SnapshotItem> NotUpdated { get; }

    public IReadOnlyList<RatingChange> Changes { get; }

    public SuggestedStatus Suggestion { get; }

    public static PeriodFacts ForPlan(PlanSnapshot snapshot) => new(snapshot, null);

    public static PeriodFacts ForSection(PlanSnapshot snapshot, SnapshotItem section) => new(snapshot, section);

    /// <summary>The facts as short sentences for reports.</summary>
    public IReadOnlyList<string> Statements()
    {
        var actions = Plural(Shape.ActionLevel(Snapshot));
        var statements = new List<string>();
        var rated = Actions.Count - Counts[^1].Count;
        statements.Add(rated == 0
            ? $"No {actions} rated yet."
            : string.Join(", ", Counts.Where(c => c.Count > 0).Select(c => $"{c.Count} {c.Label}")) + $" ({Actions.Count} {actions}).");

        var worst = Snapshot.Scale.Where(v => !v.IsComplete).MaxBy(v => v.Severity);
        if (worst is not null && Actions.Count > 0 && Counts.First(c => c.Value == worst).Count == 0)
        {
            statements.Add($"No {actions} rated {worst.Label}.");
        }

        if (Shape.MilestoneDepth is { } depth && Milestones.Count > 0)
        {
            var milestones = Plural(Snapshot.Level(depth));
            var left = Milestones.Count - MilestonesComplete;
            statements.Add(left switch
            {
                0 => $"All {Milestones.Count} {milestones} complete.",
                <= 3 when Milestones.Count > left => $"All but {left} {milestones} complete.",
                _ => $"{MilestonesComplete} of {Milestones.Count} {milestones} complete.",
            });
        }

        var day = UkClock.Day(Snapshot.Period.AsAt);
        statements.Add(Overdue.Count == 0 ? $"Nothing overdue at {day}." : $"{Count(Overdue.Count, "item")} overdue at {day}.");
        if (Revised.Count > 0)
        {
            var repeated = Revised.Count(r => r.Times > 1);
            var thisPeriod = Revised.Sum(r => r.ThisPeriod);
            statements.Add($"{Count(Revised.Count, "item")} with a revised deadline" +
                (repeated > 0 ? $", {repeated} of them revised more than once" : string.Empty) +
                (Snapshot.Previous is null ? "." : $"; {Count(thisPeriod, "revision")} this period."));
        }

        statements.Add(NotUpdated.Count == 0
            ? $"Every {Shape.ActionLevel(Snapshot).Name.ToLowerInvariant()} not yet complete was updated this period."
            : $"{NotUpdated.Count} {(NotUpdated.Count == 1 ? Shape.ActionLevel(Snapshot).Name.ToLowerInvariant() : actions)} not updated this period.");

        if (Snapshot.Previous is { } previous)
        {
            var better = Changes.Count(c => c.Direction == RatingDirection.Improved);
            var worse = Changes.Count(c => c.Direction == RatingDirection.Worsened);
            var other = Changes.Count - better - worse;
            statements.Add(Changes.Count == 0
                ? $"No ratings changed since {previous.Name}."
                : $"Since {previous.Name}: {Count(better, "rating")} improved, {worse} worsened"
                    + (other == 0 ? "." : $", {other} rated for the first time or moved to a rating of the same severity."));
        }

        return statements;
    }

    public static IReadOnlyList<SnapshotItem> Descendants(PlanSnapshot snapshot, int itemId)
    {
        var ids = new HashSet<int> { itemId };
        var result = new List<SnapshotItem>();
        foreach (var item in snapshot.Items)
        {
            // Items come in tree order, so a parent is always seen before its children.
            if (item.ParentId is { } parent && ids.Contains(parent))
            {
                ids.Add(item.Id);
                result.Add(item);
            }
        }

        return result;
    }

    public bool IsComplete(SnapshotItem item) =>
        item.ProgressStatus == Plans.ProgressStatus.Complete || (Snapshot.ScaleValue(item.Rating?.Value)?.IsComplete ?? false);

    private SuggestedStatus Suggest()
    {
        var actions = Plural(Shape.ActionLevel(Snapshot));
        var rated = Actions.Where(a => Snapshot.ScaleValue(a.Rating?.Value) is not null).ToList();
        if (rated.Count == 0)
        {
            return new SuggestedStatus(null, $"No {actions} are rated yet, so no status can be suggested.");
        }

        var complete = Snapshot.Scale.FirstOrDefault(v => v.IsComplete);
        if (complete is not null && Actions.All(IsComplete))
        {
            return new SuggestedStatus(complete, $"every {Shape.ActionLevel(Snapshot).Name.ToLowerInvariant()} is complete.");
        }

        var open = Snapshot.Scale.Where(v => !v.IsComplete).OrderBy(v => v.Severity).ToList();
        var ratedOpen = rated.Where(a => !IsComplete(a)).ToList();
        if (ratedOpen.Count == 0 || open.Count == 0)
        {
            var unrated = Actions.Count - rated.Count;
            return new SuggestedStatus(null, $"every rated {Shape.ActionLevel(Snapshot).Name.ToLowerInvariant()} is complete but {unrated} {(unrated == 1 ? "is" : "are")} not rated, so no status can be suggested.");
        }

        var worst = ratedOpen.Select(a => Snapshot.ScaleValue(a.Rating!.Value)!).MaxBy(v => v.Severity)!;
        var worstCount = ratedOpen.Count(a => Same(a.Rating!.Value, worst.Key));
        var because = $"{Count(worstCount, Shape.ActionLevel(Snapshot).Name.ToLowerInvariant())} rated {worst.Label}";
        if (Overdue.Count > 0 && open.Count >= 2 && worst.Severity < open[^2].Severity)
        {
            return new SuggestedStatus(open[^2], $"{Count(Overdue.Count, "deadline")} passed unmet, although no {Shape.ActionLevel(Snapshot).Name.ToLowerInvariant()} is rated worse than {worst.Label}.");
        }

        return new SuggestedStatus(worst, because + ".");
    }

    private RatingChange? Change(SnapshotItem item)
    {
        var to = Snapshot.ScaleValue(item.Rating?.Value);
        var from = Snapshot.ScaleValue(item.PreviousRating?.Value);
        if (to is null || Same(from?.Key, to.Key))
        {
            return null;
        }

        var direction = from is null || to.Severity == from.Severity ? RatingDirection.Changed
            : to.IsComplete || to.Severity < from.Severity ? RatingDirection.Improved
            : RatingDirection.Worsened;
        return new RatingChange(item, from, to, direction);
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Plural(SnapshotLevel level) => level.PluralName.ToLowerInvariant();

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

/// <summary>Which levels of a plan are its sections (reviewed by sponsors), its actions (updated by leads) and its milestones.</summary>
public sealed record PlanShape(int SectionDepth, int ActionDepth, int? MilestoneDepth)
{
    public static PlanShape Of(PlanSnapshot snapshot) => Of(snapshot.Levels.Select(l => (l.Depth, l.HasLead, l.HasSponsor)));

    public static PlanShape Of(IEnumerable<(int Depth, bool HasLead, bool HasSponsor)> levels)
    {
        var list = levels.OrderBy(l => l.Depth).ToList();
        var action = list.FirstOrDefault(l => l.HasLead);
        var actionDepth = action == default ? list[^1].Depth : action.Depth;
        var sponsored = list.Where(l => l.HasSponsor && l.Depth < actionDepth).Select(l => (int?)l.Depth).LastOrDefault();
        var section = sponsored ?? Math.Max(0, actionDepth - 1);
        int? milestone = list.Any(l => l.Depth == actionDepth + 1) ? actionDepth + 1 : null;
        return new PlanShape(section, actionDepth, milestone);
    }

    public SnapshotLevel ActionLevel(PlanSnapshot snapshot) => snapshot.Level(ActionDepth);

    public SnapshotLevel SectionLevel(PlanSnapshot snapshot) => snapshot.Level(SectionDepth);
}

using SendImprovement.Core.Auditing;
using SendImprovement.Core.Partnerships;

namespace SendImprovement.Core.Plans;

/// <summary>
/// Any node in a plan's tree: a workstream, theme, outcome, priority, action or milestone. What it carries is
/// decided by its plan kind's level at <see cref="Depth"/>.
/// </summary>
public class PlanItem : IAudited
{
    public const int MaxTitleLength = 2000;

    public int Id { get; set; }

    public int PlanId { get; set; }

    public Plan Plan { get; set; } = null!;

    public int? ParentId { get; set; }

    public PlanItem? Parent { get; set; }

    public List<PlanItem> Children { get; set; } = [];

    public int Depth { get; set; }

    /// <summary>The reference exactly as written ("1.1a", "1.2", "5.1 c"), or none.</summary>
    public string? Ref { get; set; }

    /// <summary>See <see cref="ItemRef.SortKey"/>.</summary>
    public string RefSortKey { get; set; } = string.Empty;

    /// <summary>Order as written among its siblings.</summary>
    public int Position { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public PlanDate Start { get; set; } = PlanDate.None;

    /// <summary>The current deadline (or end). Earlier ones are in <see cref="DeadlineRevisions"/>.</summary>
    public PlanDate Deadline { get; set; } = PlanDate.None;

    /// <summary>The progress status as written ("In progress", "COMPLETE (ongoing activity)").</summary>
    public string? ProgressStatusText { get; set; }

    public ProgressStatus ProgressStatus { get; set; }

    public ResourceNeed Resource { get; set; }

    /// <summary>The leads exactly as written ("LL SW", "TB JD*"), kept beside the people they were matched to.</summary>
    public string? LeadText { get; set; }

    /// <summary>The latest rating's value, kept here so plans can be listed and filtered quickly; history is in <see cref="Ratings"/>.</summary>
    public string? CurrentRatingValue { get; set; }

    public bool CurrentRatingTentative { get; set; }

    public DateOnly? CurrentRatingDate { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public int Version { get; set; }

    public List<PlanItemAssignment> Assignments { get; set; } = [];

    public List<Area> Areas { get; set; } = [];

    public List<PlanTag> Tags { get; set; } = [];

    public List<PlanItemField> Fields { get; set; } = [];

    public List<Rating> Ratings { get; set; } = [];

    public List<DeadlineRevision> DeadlineRevisions { get; set; } = [];

    public List<ProgressNote> ProgressNotes { get; set; } = [];

    public List<ItemLink> LinksFrom { get; set; } = [];

    public List<ItemLink> LinksTo { get; set; } = [];

    public bool IsComplete(RatingScale scale) =>
        ProgressStatus == ProgressStatus.Complete || (scale.Find(CurrentRatingValue)?.IsComplete ?? false);

    /// <summary>Copies the newest rating (by the date it applies from, then when it was recorded) onto the item.</summary>
    public void RefreshCurrentRating()
    {
        var latest = Ratings
            .OrderByDescending(r => r.AppliesFrom)
            .ThenByDescending(r => r.RecordedAtUtc)
            .ThenByDescending(r => r.Id)
            .FirstOrDefault();
        CurrentRatingValue = latest?.Value;
        CurrentRatingTentative = latest?.IsTentative ?? false;
        CurrentRatingDate = latest?.AppliesFrom;
    }
}

public enum ProgressStatus
{
    NotRecorded,
    NotStarted,
    InProgress,
    Complete,
    ToBeConfirmed,
}

/// <summary>Whether an action needs additional resource (AR) or is covered by existing resource (ER).</summary>
public enum ResourceNeed
{
    NotStated,
    AdditionalResource,
    ExistingResource,
}

public enum AssignmentRole
{
    Lead,
    Sponsor,
}

/// <summary>
/// A lead or sponsor of an item: a person once matched, and always the text as written ("TB", "JD*")
/// so initials can stay unassigned until someone maps them.
/// </summary>
public class PlanItemAssignment : IAudited
{
    public int Id { get; set; }

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    public AssignmentRole Role { get; set; }

    public int? PersonId { get; set; }

    public Person? Person { get; set; }

    /// <summary>The initials or name as written, without the interdependency star.</summary>
    public string? RawText { get; set; }

    /// <summary>The raw text in the form used to match it to people (see <see cref="PersonNameVariant.ToMatchKey"/>).</summary>
    public string? MatchKey { get; set; }

    /// <summary>The lead was marked with a star: the work is shared with another programme.</summary>
    public bool IsInterdependency { get; set; }

    public int Position { get; set; }
}

/// <summary>A value of one of the plan kind's fields on an item, such as the inspectors' words on a workstream.</summary>
public class PlanItemField : IAudited
{
    public int Id { get; set; }

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    public required string Key { get; set; }

    public required string Value { get; set; }
}

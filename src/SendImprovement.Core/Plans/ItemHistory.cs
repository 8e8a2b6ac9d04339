using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.Plans;

/// <summary>A rating given to an item on a date. Ratings are never changed: a new one is recorded instead.</summary>
public class Rating : IAudited
{
    public const int MaxReasonLength = 4000;

    public int Id { get; set; }

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    /// <summary>The value's key on the plan's rating scale, such as "Amber".</summary>
    public required string Value { get; set; }

    /// <summary>The rating as it was written, when it came from a document ("Amber?", "Complete").</summary>
    public string? RawText { get; set; }

    /// <summary>A rating given with a question mark ("Amber?").</summary>
    public bool IsTentative { get; set; }

    /// <summary>The date the rating applies from ("BRAG + date").</summary>
    public DateOnly AppliesFrom { get; set; }

    public required string Reason { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public string? RecordedByUserId { get; set; }

    public required string RecordedByName { get; set; }
}

/// <summary>A change of deadline, with the date before and after, so "May 2021 (revised from Nov 2019)" can be shown.</summary>
public class DeadlineRevision : IAudited
{
    public int Id { get; set; }

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    /// <summary>The deadline before this revision (not always the original one).</summary>
    public PlanDate Previous { get; set; } = PlanDate.None;

    public PlanDate New { get; set; } = PlanDate.None;

    /// <summary>The day the revision was agreed.</summary>
    public DateOnly RevisedOn { get; set; }

    public required string Reason { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    public string? RecordedByUserId { get; set; }

    public required string RecordedByName { get; set; }
}

/// <summary>A dated progress narrative for an item, in named parts, with optional links to evidence.</summary>
public class ProgressNote : IAudited
{
    public const int MaxPartLength = 10_000;

    public int Id { get; set; }

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    /// <summary>The date the note describes progress as at.</summary>
    public DateOnly AsAt { get; set; }

    public string? KeyActivitiesCompleted { get; set; }

    public string? NextSteps { get; set; }

    public string? ProgressAndImpact { get; set; }

    public DateTime WrittenAtUtc { get; set; }

    public string? WrittenByUserId { get; set; }

    public required string WrittenByName { get; set; }

    public List<EvidenceLink> EvidenceLinks { get; set; } = [];
}

public class EvidenceLink : IAudited
{
    public int Id { get; set; }

    public int ProgressNoteId { get; set; }

    public required string Title { get; set; }

    public required string Url { get; set; }
}

/// <summary>
/// A link between two items, also across plans ("WSoA: 1.1(c)"). Shown from both ends. When a reference names
/// an item that does not exist (yet), the raw reference is kept and the target is empty.
/// </summary>
public class ItemLink : IAudited
{
    public int Id { get; set; }

    public int FromItemId { get; set; }

    public PlanItem FromItem { get; set; } = null!;

    public int? ToItemId { get; set; }

    public PlanItem? ToItem { get; set; }

    /// <summary>The reference as written, such as "WSoA: 1.1(c)".</summary>
    public string? RawReference { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedByName { get; set; }
}

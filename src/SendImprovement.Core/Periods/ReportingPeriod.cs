using SendImprovement.Core.Auditing;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Periods;

/// <summary>How often a plan reports; used to suggest the next period's name and dates.</summary>
public enum PeriodCadence
{
    Monthly,
    BiMonthly,
    Termly,
    Quarterly,
    SixMonthly,
    ByHand,
}

public enum PeriodState
{
    Open,
    Closed,
}

/// <summary>
/// A reporting period of one plan ("November 2021"): leads update their items for it, sponsors review the updates,
/// and once closed every report for it comes from the snapshot taken at closing.
/// </summary>
public class ReportingPeriod : IAudited
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }

    public int PlanId { get; set; }

    public Plan Plan { get; set; } = null!;

    public required string Name { get; set; }

    /// <summary>The date the period reports "as at": ratings, deadlines and overdue checks are read at this date.</summary>
    public DateOnly AsAt { get; set; }

    /// <summary>The date updates are due from leads.</summary>
    public DateOnly Due { get; set; }

    public PeriodCadence Cadence { get; set; }

    public PeriodState State { get; set; }

    public DateTime OpenedAtUtc { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public string? ClosedByName { get; set; }

    public int Version { get; set; }

    public List<ItemUpdate> Updates { get; set; } = [];

    public List<SectionReview> SectionReviews { get; set; } = [];
}

public enum UpdateState
{
    Submitted,
    Acknowledged,
    Returned,
}

/// <summary>
/// A lead's update to one item for one period. The rating and progress note it carries are ordinary dated records
/// on the item; this record holds the round's state (submitted, acknowledged, returned) and the review comment.
/// </summary>
public class ItemUpdate : IAudited
{
    public const int MaxCommentLength = 4000;

    public int Id { get; set; }

    public int ReportingPeriodId { get; set; }

    public ReportingPeriod ReportingPeriod { get; set; } = null!;

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    public UpdateState State { get; set; }

    /// <summary>The rating recorded with the update; empty when the lead confirmed the rating had not changed.</summary>
    public int? RatingId { get; set; }

    public Rating? Rating { get; set; }

    /// <summary>The rating the lead confirmed ("no change"), as it stood when they submitted.</summary>
    public string? ConfirmedRatingValue { get; set; }

    public int? ProgressNoteId { get; set; }

    public ProgressNote? ProgressNote { get; set; }

    public DateTime SubmittedAtUtc { get; set; }

    public string? SubmittedByUserId { get; set; }

    public required string SubmittedByName { get; set; }

    public DateTime? ReviewedAtUtc { get; set; }

    public string? ReviewedByUserId { get; set; }

    public string? ReviewedByName { get; set; }

    public string? ReviewComment { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// The sponsor's judgement on a section (a priority or workstream) for a period: its overall status or assessment
/// with the reason, and the highlights written for the committee.
/// </summary>
public class SectionReview : IAudited
{
    public const int MaxTextLength = 10_000;

    public int Id { get; set; }

    public int ReportingPeriodId { get; set; }

    public ReportingPeriod ReportingPeriod { get; set; } = null!;

    public int PlanItemId { get; set; }

    public PlanItem PlanItem { get; set; } = null!;

    /// <summary>The assessment's key on the plan's rating scale, such as "Amber".</summary>
    public required string Assessment { get; set; }

    public required string Reason { get; set; }

    public string? Highlights { get; set; }

    public DateTime WrittenAtUtc { get; set; }

    public string? WrittenByUserId { get; set; }

    public required string WrittenByName { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// What a closed period's reports show, frozen when the period was closed: the plan as at the period's date, as
/// compressed JSON. A period reopened and closed again gets a new snapshot; earlier ones are kept.
/// </summary>
public class PeriodSnapshot : IAudited
{
    public int Id { get; set; }

    public int ReportingPeriodId { get; set; }

    public DateTime TakenAtUtc { get; set; }

    public required string TakenByName { get; set; }

    /// <summary>Gzip-compressed JSON of <see cref="Reports.PlanSnapshot"/>.</summary>
    public required byte[] Content { get; set; }

    /// <summary>SHA-256 of <see cref="Content"/>, hex, so anyone can check a report came from this snapshot.</summary>
    public required string Sha256 { get; set; }

    public int ItemCount { get; set; }
}

/// <summary>The wording of the easy-read summary for one section, as edited before publishing.</summary>
public class EasyReadText : IAudited
{
    public const int MaxLength = 2000;

    public int Id { get; set; }

    public int ReportingPeriodId { get; set; }

    public int PlanItemId { get; set; }

    public required string WhatChanged { get; set; }

    public required string WhatIsNext { get; set; }

    public DateTime EditedAtUtc { get; set; }

    public required string EditedByName { get; set; }

    public int Version { get; set; }
}

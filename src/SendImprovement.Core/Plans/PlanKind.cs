using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.Plans;

/// <summary>
/// A kind of plan, held as data: its levels, the fields each level carries and its rating scale.
/// New kinds (national reform keeps adding them) are rows, not code.
/// </summary>
public class PlanKind : IAudited
{
    public int Id { get; set; }

    /// <summary>A stable key such as "inspection" or "strategy".</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public int RatingScaleId { get; set; }

    public RatingScale RatingScale { get; set; } = null!;

    public List<PlanKindLevel> Levels { get; set; } = [];

    public List<PlanKindField> Fields { get; set; } = [];

    public PlanKindLevel Level(int depth) =>
        Levels.FirstOrDefault(l => l.Depth == depth)
        ?? throw new InvalidOperationException($"Plan kind '{Key}' has no level at depth {depth}.");
}

/// <summary>One level of a plan kind, such as Workstream, Outcome, Action or Milestone, and what it carries.</summary>
public class PlanKindLevel : IAudited
{
    public int Id { get; set; }

    public int PlanKindId { get; set; }

    /// <summary>0 for the top level.</summary>
    public int Depth { get; set; }

    public required string Name { get; set; }

    public required string PluralName { get; set; }

    /// <summary>The label of the title field, such as "What we intend to achieve".</summary>
    public string TitleLabel { get; set; } = "Title";

    /// <summary>Items at this level may be left out (a strategy action need not have milestones).</summary>
    public bool IsOptional { get; set; }

    /// <summary>Shown as a heading on the plan page rather than as a row in a table.</summary>
    public bool ShowsAsHeading { get; set; }

    public bool HasLead { get; set; }

    public bool HasSponsor { get; set; }

    public bool HasAreas { get; set; }

    public bool HasStart { get; set; }

    public bool HasDeadline { get; set; }

    public string DeadlineLabel { get; set; } = "Deadline";

    public bool HasRating { get; set; }

    /// <summary>What the rating is called at this level, such as "BRAG rating" or "Overall status".</summary>
    public string RatingLabel { get; set; } = "Rating";

    public bool HasProgressStatus { get; set; }

    public bool HasResource { get; set; }

    public bool HasTags { get; set; }
}

public enum FieldType
{
    /// <summary>One line of text.</summary>
    Text,

    /// <summary>Paragraphs of text.</summary>
    LongText,

    /// <summary>A list, one entry per line.</summary>
    List,
}

/// <summary>A field a plan kind adds at one level, such as the inspectors' quoted weakness on a workstream.</summary>
public class PlanKindField : IAudited
{
    public int Id { get; set; }

    public int PlanKindId { get; set; }

    public int Depth { get; set; }

    public required string Key { get; set; }

    public required string Label { get; set; }

    public string? Hint { get; set; }

    public FieldType Type { get; set; }

    public int Position { get; set; }
}

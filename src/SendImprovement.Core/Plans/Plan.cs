using SendImprovement.Core.Auditing;
using SendImprovement.Core.Partnerships;

namespace SendImprovement.Core.Plans;

/// <summary>An improvement plan: a Written Statement of Action, a strategy phase plan, a self-evaluation action plan.</summary>
public class Plan : IAudited
{
    public const int MaxNameLength = 200;

    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public Partnership Partnership { get; set; } = null!;

    public int PlanKindId { get; set; }

    public PlanKind Kind { get; set; } = null!;

    public required string Name { get; set; }

    public string? Summary { get; set; }

    /// <summary>The period the plan covers, as written ("May 2021 to May 2022").</summary>
    public PlanDate Period { get; set; } = PlanDate.None;

    public DateTime CreatedAtUtc { get; set; }

    public List<PlanItem> Items { get; set; } = [];

    /// <summary>The plan's interdependency key: tags and their legend.</summary>
    public List<PlanTag> Tags { get; set; } = [];

    public int Version { get; set; }
}

/// <summary>One entry in a plan's interdependency key, such as "C: Commissioning strategy".</summary>
public class PlanTag : IAudited
{
    public int Id { get; set; }

    public int PlanId { get; set; }

    public Plan Plan { get; set; } = null!;

    /// <summary>The mark used in the plan, such as "*", "C" or "AS".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }
}

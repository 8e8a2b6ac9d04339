using System.Text.Json;

namespace SendImprovement.Core.Auditing;

/// <summary>
/// One write to the programme's data: who, when, what changed (old and new values) and why. Written in the same
/// transaction as the change. Never edited or deleted: the database context refuses to.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTime OccurredAtUtc { get; set; }

    public string? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>What was done, in words, such as "Rating recorded".</summary>
    public required string Action { get; set; }

    /// <summary>A one-line description for lists, such as "1.1a: Amber (was Green)".</summary>
    public string? Summary { get; set; }

    public string? Reason { get; set; }

    public int? PartnershipId { get; set; }

    public int? PlanId { get; set; }

    public int? PlanItemId { get; set; }

    /// <summary>The changed values, as JSON: a list of <see cref="AuditChange"/>.</summary>
    public required string ChangesJson { get; set; }

    /// <summary>The changed values read back from <see cref="ChangesJson"/>.</summary>
    public IReadOnlyList<AuditChange> ReadChanges() =>
        JsonSerializer.Deserialize<List<AuditChange>>(ChangesJson, JsonSerializerOptions.Web) ?? [];
}

/// <summary>One changed value: which record, which field, the old and the new value as text.</summary>
public sealed record AuditChange(string Entity, string EntityId, string Field, string? Old, string? New);

/// <summary>Who is making a change and why; required to save changes to audited data.</summary>
public sealed record AuditContext(Actor Actor, string Action, string? Reason = null)
{
    public string? Summary { get; init; }

    public int? PartnershipId { get; init; }

    public int? PlanId { get; init; }

    public int? PlanItemId { get; init; }

    /// <summary>
    /// A plan or item being created: its id is only known once saved, so the audit entry takes it from here.
    /// </summary>
    public object? Subject { get; init; }

    /// <summary>Changes made outside the tracked entities (such as a user account) to record as well.</summary>
    public IReadOnlyList<AuditChange>? Changes { get; init; }
}

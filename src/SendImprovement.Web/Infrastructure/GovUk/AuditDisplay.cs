using System.Globalization;
using System.Text.RegularExpressions;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Infrastructure.GovUk;

/// <summary>
/// Audit changes in words people use: "Rating: value", not "Rating 977 Value". Keys, internal ids and values
/// derived from others (a date's interpreted period) are left out of the table; the full record is in the database.
/// </summary>
public static partial class AuditDisplay
{
    private static readonly Dictionary<string, string> Entities = new(StringComparer.Ordinal)
    {
        ["PlanItem"] = "Item",
        ["Rating"] = "Rating",
        ["DeadlineRevision"] = "Deadline revision",
        ["ProgressNote"] = "Progress note",
        ["EvidenceLink"] = "Evidence",
        ["PlanItemAssignment"] = "Lead or sponsor",
        ["PlanItemField"] = "Field",
        ["PlanItemAreas"] = "Area",
        ["PlanItemTags"] = "Interdependency",
        ["ItemLink"] = "Link",
        ["PersonNameVariant"] = "Name variant",
        ["PlanTag"] = "Interdependency key",
    };

    public sealed record Row(string What, string? Before, string? After);

    public static IReadOnlyList<Row> Rows(IEnumerable<AuditChange> changes) =>
        changes.Where(Shown).Select(c => new Row($"{Entity(c.Entity)}: {Field(c.Field)}", Value(c.Old), Value(c.New))).ToList();

    private static bool Shown(AuditChange change) =>
        !change.Field.EndsWith("UserId", StringComparison.Ordinal)
        && !change.Field.EndsWith(".Kind", StringComparison.Ordinal)
        && !change.Field.EndsWith(".Start", StringComparison.Ordinal)
        && !change.Field.EndsWith(".End", StringComparison.Ordinal)
        && change.Field is not ("PlanItemId" or "ProgressNoteId" or "PlanId" or "Position" or "CreatedAtUtc" or "RecordedAtUtc" or "WrittenAtUtc" or "CurrentRatingDate" or "CurrentRatingTentative");

    private static string Entity(string entity) => Entities.GetValueOrDefault(entity, entity);

    /// <summary>"CurrentRatingValue" becomes "current rating value"; "Deadline.Text" becomes "deadline".</summary>
    private static string Field(string field)
    {
        var name = field.EndsWith(".Text", StringComparison.Ordinal) ? field[..^5] : field;
        name = name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2 ? name[..^2] : name;
        return Words().Replace(name, " $1").Trim().ToLowerInvariant();
    }

    private static string? Value(string? value) =>
        value is not null && DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? UkClock.Describe(time)
            : value;

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Reports;

/// <summary>
/// A plan as it stood at a reporting period's date: everything any report shows, and nothing else. Built live for
/// an open period; frozen as JSON when the period closes, so a closed period's reports never change.
/// </summary>
public sealed record PlanSnapshot
{
    public const int FormatVersion = 1;

    public int Format { get; init; } = FormatVersion;

    public required int PlanId { get; init; }

    public required string PlanName { get; init; }

    public required string PartnershipName { get; init; }

    public required string KindKey { get; init; }

    public required string KindName { get; init; }

    public required SnapshotPeriod Period { get; init; }

    /// <summary>The period before this one, which "since the previous period" compares with.</summary>
    public SnapshotPeriod? Previous { get; init; }

    public required DateTime TakenAtUtc { get; init; }

    public required IReadOnlyList<SnapshotLevel> Levels { get; init; }

    public required IReadOnlyList<SnapshotScaleValue> Scale { get; init; }

    public required IReadOnlyList<SnapshotField> Fields { get; init; }

    /// <summary>The plan's interdependency key.</summary>
    public required IReadOnlyList<SnapshotTag> Key { get; init; }

    /// <summary>Every item in tree order (parents before children, siblings by ref).</summary>
    public required IReadOnlyList<SnapshotItem> Items { get; init; }

    /// <summary>The measures linked to the plan's items, with their figures as at the period's date.</summary>
    public IReadOnlyList<SnapshotMeasure> Measures { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public byte[] ToCompressedJson()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, this, Json);
        }

        return buffer.ToArray();
    }

    public static PlanSnapshot FromCompressedJson(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<PlanSnapshot>(gzip, Json)
            ?? throw new InvalidDataException("The stored snapshot is empty.");
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private ILookup<int, SnapshotItem>? _children;
    private Dictionary<int, SnapshotItem>? _byId;

    public SnapshotLevel Level(int depth) => Levels.First(l => l.Depth == depth);

    /// <summary>The item with this id, or none (looked up in an index built on first use; a snapshot never changes).</summary>
    public SnapshotItem? Find(int? id) => id is { } key ? (_byId ??= Items.ToDictionary(i => i.Id)).GetValueOrDefault(key) : null;

    /// <summary>The item's children in tree order.</summary>
    public IEnumerable<SnapshotItem> ChildrenOf(int id) => (_children ??= Items.Where(i => i.ParentId is not null).ToLookup(i => i.ParentId!.Value))[id];

    public SnapshotScaleValue? ScaleValue(string? key) =>
        key is null ? null : Scale.FirstOrDefault(v => string.Equals(v.Key, key, StringComparison.OrdinalIgnoreCase));
}

public sealed record SnapshotPeriod(int Id, string Name, DateOnly AsAt, DateOnly Due, PeriodState State);

public sealed record SnapshotLevel(
    int Depth,
    string Name,
    string PluralName,
    string TitleLabel,
    string DeadlineLabel,
    string RatingLabel,
    bool HasLead,
    bool HasSponsor,
    bool HasAreas,
    bool HasStart,
    bool HasDeadline,
    bool HasRating,
    bool HasProgressStatus,
    bool HasResource);

public sealed record SnapshotScaleValue(string Key, string Label, string Meaning, string Colour, int Position, int Severity, bool IsComplete);

public sealed record SnapshotField(int Depth, string Key, string Label);

public sealed record SnapshotTag(string Code, string Name, string? Description);

/// <summary>A measure as it stood at the period's date: its latest figure then, target, status and comparison.</summary>
public sealed record SnapshotMeasure(
    int Id,
    string Name,
    IReadOnlyList<int> ItemIds,
    string Latest,
    string? LatestPeriod,
    string Target,
    MeasureStatusKind Status,
    string Explanation,
    string Travel,
    string? England,
    string? Commentary);

/// <summary>A date as written, with the day it is due by (when it has one).</summary>
public sealed record SnapshotDate(string? Text, DateOnly? DueBy)
{
    public static SnapshotDate From(PlanDate date) => new(date.Text, date.DueBy);

    public bool IsOverdueOn(DateOnly day) => DueBy is { } due && due < day;
}

/// <summary>A lead or sponsor: a person's name, or initials nobody has mapped yet.</summary>
public sealed record SnapshotPerson(string Text, bool IsMapped);

public sealed record SnapshotRating(string Value, bool IsTentative, DateOnly AppliesFrom, string Reason, string By);

public sealed record SnapshotRevision(string? PreviousText, string? NewText, DateOnly RevisedOn, string Reason);

public sealed record SnapshotEvidence(string Title, string Url);

public sealed record SnapshotNote(DateOnly AsAt, string? KeyActivitiesCompleted, string? NextSteps, string? ProgressAndImpact, string By, IReadOnlyList<SnapshotEvidence> Evidence);

public sealed record SnapshotUpdate(UpdateState State, string SubmittedBy, DateTime SubmittedAtUtc, bool RatingUnchanged, string? ReviewedBy, string? ReviewComment);

public sealed record SnapshotReview(string Assessment, string Reason, string? Highlights, string By, DateTime WrittenAtUtc);

public sealed record SnapshotItem
{
    public required int Id { get; init; }

    public int? ParentId { get; init; }

    public required int Depth { get; init; }

    public string? Ref { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public required SnapshotDate Start { get; init; }

    /// <summary>The deadline as it stood at the period's date.</summary>
    public required SnapshotDate Deadline { get; init; }

    public string? ProgressStatusText { get; init; }

    public ProgressStatus ProgressStatus { get; init; }

    public ResourceNeed Resource { get; init; }

    public IReadOnlyList<SnapshotPerson> Leads { get; init; } = [];

    public IReadOnlyList<SnapshotPerson> Sponsors { get; init; } = [];

    public IReadOnlyList<string> Areas { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The rating that applied at the period's date.</summary>
    public SnapshotRating? Rating { get; init; }

    /// <summary>The rating that applied at the previous period's date.</summary>
    public SnapshotRating? PreviousRating { get; init; }

    /// <summary>Every deadline revision agreed by the period's date, oldest first.</summary>
    public IReadOnlyList<SnapshotRevision> Revisions { get; init; } = [];

    /// <summary>The latest progress note written by the period's date.</summary>
    public SnapshotNote? Note { get; init; }

    /// <summary>A rating or progress note was recorded since the previous period (or an update submitted in this one).</summary>
    public bool UpdatedThisPeriod { get; init; }

    public SnapshotUpdate? Update { get; init; }

    public SnapshotReview? Review { get; init; }

    public string Label => string.IsNullOrEmpty(Ref) ? Title : $"{Ref} {Title}";
}

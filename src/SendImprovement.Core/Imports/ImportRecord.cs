using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.Imports;

public enum ImportState
{
    /// <summary>Uploaded and being mapped and previewed; nothing is in the plan yet.</summary>
    Draft,

    /// <summary>Confirmed: everything was written in one transaction.</summary>
    Committed,

    /// <summary>Abandoned by the lead; nothing was written.</summary>
    Discarded,
}

/// <summary>
/// One import of a file into a plan. While a draft it holds the uploaded file and the lead's choices (mapping, people,
/// fixes); once committed it is the record of the import: the file's name, size and hash, the mapping, who and when,
/// the counts and the warnings. The file itself is dropped on commit or discard.
/// </summary>
public class ImportRecord : IAudited
{
    public const int MaxFileNameLength = 255;

    public int Id { get; set; }

    public int PartnershipId { get; set; }

    /// <summary>The plan imported into: set on commit for a new plan, from the start for an update of a plan.</summary>
    public int? PlanId { get; set; }

    public ImportState State { get; set; }

    public required string FileName { get; set; }

    public long FileSize { get; set; }

    /// <summary>SHA-256 of the file, in lower-case hex.</summary>
    public required string FileSha256 { get; set; }

    /// <summary>The uploaded file while the import is a draft; empty afterwards.</summary>
    public byte[]? Content { get; set; }

    /// <summary>The lead's choices as JSON (<see cref="ImportSettings"/>): table, header row, mapping, people, fixes.</summary>
    public required string SettingsJson { get; set; }

    public string? UploadedByUserId { get; set; }

    public required string UploadedByName { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public string? CommittedByName { get; set; }

    public DateTime? CommittedAtUtc { get; set; }

    /// <summary>What the commit did, as JSON (<see cref="ImportOutcome"/>): counts, warnings and the changes.</summary>
    public string? OutcomeJson { get; set; }

    public int Version { get; set; }
}

/// <summary>A column mapping saved under a name by a partnership, to reuse for the next file with the same columns.</summary>
public class SavedMapping : IAudited
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public required string Name { get; set; }

    /// <summary>The header of each mapped column and its field, as JSON (<see cref="ColumnChoice"/> list).</summary>
    public required string ColumnsJson { get; set; }

    public DateTime SavedAtUtc { get; set; }

    public required string SavedByName { get; set; }

    public int Version { get; set; }
}

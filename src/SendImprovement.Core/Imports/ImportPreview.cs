using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>A problem or warning about the file, by row and column where there is one.</summary>
public sealed record ImportMessage(int? Row, string? Column, string Message)
{
    public string Where => (Row, Column) switch
    {
        (null, null) => string.Empty,
        (null, { } c) => $"Column “{c}”",
        ({ } r, null) => FormattableString.Invariant($"Row {r}"),
        ({ } r, { } c) => FormattableString.Invariant($"Row {r}, “{c}”"),
    };
}

/// <summary>One cell of the preview: raw text beside how it was read.</summary>
public sealed record PreviewCell(int Column, string Header, ImportField Field, string Raw, string ReadAs, IReadOnlyList<string> Warnings);

/// <summary>One row of the file as the import reads it: what it became and each mapped cell.</summary>
public sealed record PreviewRow(int Number, string Becomes, IReadOnlyList<PreviewCell> Cells, bool IsFlagged);

/// <summary>A cell that could not be interpreted: the lead keeps its raw text or types a correction.</summary>
public sealed record UnreadableCell(int Row, int Column, string Header, string Raw, string Problem)
{
    public string Key => ImportSettings.FixKey(Row, Column);
}

/// <summary>Initials or a name in the leads that the lead should map to a person.</summary>
public sealed record LeadToMap(string MatchKey, string Example, int Uses, int? MatchedPersonId, string? MatchedPersonName, PersonChoice? Choice);

/// <summary>An item in the file that matches a stored item only by its title, for the lead to confirm.</summary>
public sealed record TitleMatch(int Row, string Level, string Title, int ExistingItemId, string ExistingLabel, bool IsConfirmed);

/// <summary>What the import does to one item, in words, for the preview and the record.</summary>
public sealed record ImportChange(string Item, string What);

/// <summary>How many of each thing the import reads and writes.</summary>
public sealed record ImportCounts
{
    public int RowsRead { get; init; }

    public int ItemsNew { get; init; }

    public int ItemsMatched { get; init; }

    public int ItemsChanged { get; init; }

    public int RatingsAdded { get; init; }

    public int RevisionsAdded { get; init; }

    public int NotesAdded { get; init; }

    public int LinksAdded { get; init; }

    public int MissingFromFile { get; init; }

    public int Warnings { get; init; }

    public IReadOnlyDictionary<string, int> NewByLevel { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// Everything the import would do, built from the file, the lead's choices and what is stored, before anything is
/// written. The commit writes exactly what the preview shows.
/// </summary>
public sealed class ImportPreview
{
    public required IReadOnlyList<SourceTable> Tables { get; init; }

    public int TableIndex { get; init; }

    public int HeaderRow { get; init; }

    public IReadOnlyList<string> Headers { get; init; } = [];

    public IReadOnlyList<ColumnSuggestion> Suggestions { get; init; } = [];

    public IReadOnlyList<ColumnChoice> Columns { get; init; } = [];

    /// <summary>True when a Level column is mapped: one row per item, as the export template has it.</summary>
    public bool OneRowPerItem { get; init; }

    public IReadOnlyList<PreviewRow> Rows { get; init; } = [];

    /// <summary>Problems that stop the import until the file or the mapping is fixed.</summary>
    public IReadOnlyList<ImportMessage> Errors { get; init; } = [];

    public IReadOnlyList<ImportMessage> Warnings { get; init; } = [];

    public IReadOnlyList<UnreadableCell> Unreadable { get; init; } = [];

    public bool KeepUnreadable { get; init; }

    public IReadOnlyList<LeadToMap> Leads { get; init; } = [];

    public IReadOnlyList<TitleMatch> TitleMatches { get; init; } = [];

    public IReadOnlyList<ImportedItem> Items { get; init; } = [];

    public IReadOnlyList<ImportChange> Changes { get; init; } = [];

    /// <summary>Stored items at the levels the file holds that the file does not mention: reported, never deleted.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    public ImportCounts Counts { get; init; } = new();

    public IReadOnlyList<UnreadableCell> UnreadableStillOpen => KeepUnreadable ? [] : Unreadable;

    public bool CanCommit => Errors.Count == 0 && UnreadableStillOpen.Count == 0;
}

public enum ItemMatch
{
    New,
    ByRef,
    ByTitle,
}

/// <summary>An item read from the file, with what it will change.</summary>
public sealed class ImportedItem
{
    public int Index { get; init; }

    public ImportedItem? Parent { get; init; }

    public int Depth { get; init; }

    public required string LevelName { get; init; }

    /// <summary>The row the item was read from.</summary>
    public int Row { get; init; }

    public string? Ref { get; set; }

    public string RefKey { get; set; } = string.Empty;

    public required string Title { get; set; }

    public string? Description { get; set; }

    public PlanDate? Start { get; set; }

    public DeadlineReading? Deadline { get; set; }

    public string? StatusText { get; set; }

    public RatingReading? Rating { get; set; }

    public string? RatingRaw { get; set; }

    public DateOnly? RatingDate { get; set; }

    public string? Leads { get; set; }

    public string? Sponsor { get; set; }

    public ResourceNeed? Resource { get; set; }

    public List<string> Areas { get; } = [];

    public List<string> Tags { get; } = [];

    public List<CrossReference> Links { get; } = [];

    public string? KeyActivities { get; set; }

    public string? NextSteps { get; set; }

    public string? Progress { get; set; }

    public Dictionary<string, string> Fields { get; } = [];

    public int? ExistingId { get; set; }

    public ItemMatch Match { get; set; }

    /// <summary>The simple fields the commit sets on a stored item ("Title", "Leads"...); all of them on a new item.</summary>
    public HashSet<string> Updates { get; } = [];

    public bool AddsRating { get; set; }

    public bool AddsRevision { get; set; }

    public bool AddsNote { get; set; }

    /// <summary>Cross-plan references to add, with the stored item each points at where it exists.</summary>
    public List<(CrossReference Reference, int? TargetId)> NewLinks { get; } = [];

    /// <summary>The rows the item's cells came from (continuation rows add to it).</summary>
    public List<int> Rows { get; } = [];

    public string Label => PlanService.Label(Ref, Title);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>What the lead chose for a column: its header as read and the field it holds.</summary>
public sealed record ColumnChoice(int Column, string Header, ImportField Field);

/// <summary>
/// What a lead's initials or name stand for: an existing person, a new person with this name, or (both empty) left
/// unassigned for now.
/// </summary>
public sealed record PersonChoice(int? PersonId, string? NewName);

/// <summary>The lead's choices for one import, kept on the draft between pages (and given on the command line).</summary>
public sealed class ImportSettings
{
    /// <summary>The kind of the new plan (when not updating a plan).</summary>
    public string? KindKey { get; set; }

    /// <summary>The name of the new plan (when not updating a plan).</summary>
    public string? PlanName { get; set; }

    /// <summary>Which of the file's tables to read (0-based); none means the one whose headers say most.</summary>
    public int? TableIndex { get; set; }

    /// <summary>The row number holding the headers; none means the likeliest of the first rows.</summary>
    public int? HeaderRow { get; set; }

    /// <summary>What each column holds; none means the suggestions from the headers.</summary>
    public List<ColumnChoice>? Columns { get; set; }

    /// <summary>The saved mapping these columns came from, if any.</summary>
    public string? MappingName { get; set; }

    /// <summary>Choices for leads' initials and names that match no one, by match key.</summary>
    public Dictionary<string, PersonChoice> People { get; set; } = [];

    /// <summary>Corrected text for cells that could not be read, by "row:column" (both as the user sees them).</summary>
    public Dictionary<string, string> Fixes { get; set; } = [];

    /// <summary>The lead chose to keep the raw text of every cell that could not be read.</summary>
    public bool KeepUnreadable { get; set; }

    /// <summary>Rows whose match by title the lead confirmed.</summary>
    public List<int> ConfirmedTitleMatches { get; set; } = [];

    /// <summary>The lead confirmed every match by title at once.</summary>
    public bool ConfirmAllTitleMatches { get; set; }

    public static string FixKey(int row, int column) => FormattableString.Invariant($"{row}:{column}");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportSettings FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new ImportSettings() : JsonSerializer.Deserialize<ImportSettings>(json, Json) ?? new ImportSettings();

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>A plan item already stored, as the import compares it with the file.</summary>
public sealed record ExistingItem(int Id, int? ParentId, int Depth, string? Ref, string Title)
{
    public string RefKey { get; } = Normalise.Ref(Ref).Value?.MatchKey ?? string.Empty;

    public string? Description { get; init; }

    public PlanDate Start { get; init; } = PlanDate.None;

    public PlanDate Deadline { get; init; } = PlanDate.None;

    public string? StatusText { get; init; }

    public string? LeadText { get; init; }

    public string? SponsorText { get; init; }

    public ResourceNeed Resource { get; init; }

    public string? RatingValue { get; init; }

    public bool RatingTentative { get; init; }

    public IReadOnlyList<(string Value, bool Tentative, DateOnly AppliesFrom)> RatingHistory { get; init; } = [];

    /// <summary>Every progress note's parts, so a note already recorded (even an older one) is not added again.</summary>
    public IReadOnlySet<(string? KeyActivities, string? NextSteps, string? Progress)> Notes { get; init; } = new HashSet<(string?, string?, string?)>();

    public IReadOnlySet<string> LinkReferences { get; init; } = new HashSet<string>();

    public IReadOnlySet<int> LinkTargets { get; init; } = new HashSet<int>();

    public IReadOnlySet<string> TagCodes { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> AreaNames { get; init; } = new HashSet<string>();

    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}

/// <summary>Another plan of the partnership that cross-plan references ("WSoA: 1.1(c)") may point at.</summary>
public sealed record LinkablePlan(int PlanId, string Name, IReadOnlyDictionary<string, int> ItemsByRefKey)
{
    /// <summary>The short names the plan may be called by: its initials ("WSOA" for "Written Statement of Action")
    /// and each word of its name in capitals.</summary>
    public IReadOnlySet<string> Keys { get; } = PlanKeys(Name);

    public static string Initials(string name)
    {
        var small = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "of", "and", "the", "for", "on", "in", "to", "a" };
        var words = name.Split([' ', ':', '-', '–', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(w => !w.Any(char.IsDigit));
        return string.Concat(words.Where(w => char.IsLetter(w[0])).Select(w => small.Contains(w) ? char.ToLowerInvariant(w[0]) : char.ToUpperInvariant(w[0])));
    }

    private static HashSet<string> PlanKeys(string name)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { Initials(name).ToUpperInvariant() };
        foreach (var word in name.Split([' ', ':', '-', '–', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Count(char.IsUpper) >= 2)
            {
                keys.Add(word.ToUpperInvariant());
            }
        }

        if (name.Contains("Written Statement of Action", StringComparison.OrdinalIgnoreCase))
        {
            keys.Add("WSOA");
        }

        if (name.Contains("Priority Action Plan", StringComparison.OrdinalIgnoreCase))
        {
            keys.Add("PAP");
        }

        return keys;
    }
}

/// <summary>Everything stored that the import compares the file with.</summary>
public sealed class ImportContext
{
    public required PlanKind Kind { get; init; }

    /// <summary>The plan being updated, or none for a new plan.</summary>
    public int? PlanId { get; init; }

    public IReadOnlyList<ExistingItem> Existing { get; init; } = [];

    public IReadOnlyList<PersonKeys> People { get; init; } = [];

    public IReadOnlyList<string> AreaNames { get; init; } = [];

    public IReadOnlyList<string> TagCodes { get; init; } = [];

    public IReadOnlyList<LinkablePlan> OtherPlans { get; init; } = [];

    public DateOnly Today { get; init; }
}

using System.Text.RegularExpressions;

namespace SendImprovement.Core.Imports;

/// <summary>What a column of an imported table holds.</summary>
public enum ImportField
{
    Ignore,

    /// <summary>The level of the item on the row, by name ("Workstream", "Action"): one row per item, as the template has it.</summary>
    Level,

    /// <summary>The top level (workstream, theme, principle), named on the row or in a row spanning the table.</summary>
    Section,

    /// <summary>The second level (outcome, priority, recommendation), named on the row or in a row spanning the table.</summary>
    Outcome,
    Impact,
    Ref,
    Title,
    Description,
    Lead,
    Sponsor,
    Start,
    End,
    Status,
    Rating,
    RatingDate,
    Milestone,
    Deadline,
    Progress,
    KeyActivities,
    NextSteps,
    Resource,
    Area,
    Tags,
    LinkedWork,

    /// <summary>Deadlines of the milestones in the milestone cell, one per line in the same order.</summary>
    MilestoneDeadline,

    /// <summary>Ratings of the milestones in the milestone cell, one per line in the same order.</summary>
    MilestoneRating,
}

/// <summary>A column's header as written and the field suggested for it, with why, for the lead to accept or change.</summary>
public sealed record ColumnSuggestion(int Column, string Header, ImportField Field, string Because);

/// <summary>
/// Suggests what each column holds from its header, as people write headers in real plans ("Lead Officer",
/// "BRAG + date", "Key milestones", "Timescale", "AR/ER"). Each field is suggested for one column at most, the
/// first that matches; the lead corrects the rest on the mapping page.
/// </summary>
public static partial class ColumnMapping
{
    // Checked in order: more specific words first ("rating date" before "rating", "key milestone" before "date").
    private static readonly (ImportField Field, string[] Words)[] Rules =
    [
        (ImportField.Level, ["level"]),
        (ImportField.MilestoneDeadline, ["milestone deadline", "milestone due", "milestone date", "milestone timescale"]),
        (ImportField.MilestoneRating, ["milestone rating", "milestone rag", "milestone brag", "milestone status"]),
        (ImportField.RatingDate, ["rating date", "date rated", "date of rating", "rag date", "brag date"]),
        (ImportField.Rating, ["brag", "rag", "rating", "overall status", "red amber green"]),
        (ImportField.KeyActivities, ["key activities", "activities completed", "what we have done", "work completed"]),
        (ImportField.NextSteps, ["next steps", "next actions", "what we will do next"]),
        (ImportField.Progress, ["progress", "update", "commentary", "comments", "narrative", "impact to date"]),
        (ImportField.Milestone, ["key milestone", "milestone", "tracker"]),
        (ImportField.Impact, ["impact", "what children", "what families", "how will we know", "success measure"]),
        (ImportField.Outcome, ["outcome", "what we intend to achieve", "intended", "objective", "priority", "recommendation"]),
        (ImportField.Ref, ["ref", "reference", "no.", "number", "#", "id"]),
        (ImportField.Sponsor, ["sponsor", "senior responsible", "sro", "accountable"]),
        (ImportField.Lead, ["lead", "owner", "responsible", "officer", "who"]),
        (ImportField.Start, ["start", "from", "begin"]),
        (ImportField.Deadline, ["deadline", "due", "timescale", "target date", "by when", "completion date"]),
        (ImportField.End, ["end", "finish", "to date"]),
        (ImportField.Status, ["status", "progress status", "complete?"]),
        (ImportField.Resource, ["ar/er", "resource", "ar / er", "funding"]),
        (ImportField.Area, ["area", "locality", "council"]),
        (ImportField.Tags, ["key", "interdependency", "tag"]),
        (ImportField.LinkedWork, ["link", "linked", "wsoa", "related"]),
        (ImportField.Section, ["workstream", "theme", "principle", "area for improvement", "weakness"]),
        (ImportField.Description, ["description", "detail", "details"]),
        (ImportField.Title, ["title", "action", "what we are going to do", "what we will do", "activity", "task"]),
    ];

    public static IReadOnlyList<ColumnSuggestion> Suggest(IReadOnlyList<string> headers)
    {
        var taken = new HashSet<ImportField>();
        var result = new List<ColumnSuggestion>(headers.Count);
        for (var column = 0; column < headers.Count; column++)
        {
            var header = headers[column];
            var text = Words(header);
            var match = text.Length == 0
                ? default
                : Rules.Where(r => !taken.Contains(r.Field))
                    .Select(r => (r.Field, Word: r.Words.FirstOrDefault(w => Contains(text, w))))
                    .FirstOrDefault(r => r.Word is not null);
            if (match.Word is null)
            {
                result.Add(new ColumnSuggestion(column, header, ImportField.Ignore, text.Length == 0 ? "The column has no header." : $"Nothing in “{header.Trim()}” says what the column holds."));
                continue;
            }

            taken.Add(match.Field);
            result.Add(new ColumnSuggestion(column, header, match.Field, $"The header says “{match.Word}”."));
        }

        return result;
    }

    /// <summary>The header in lower case with punctuation other than / ? # . turned into spaces, and single-spaced.</summary>
    private static string Words(string? header) =>
        Spaces().Replace(NotWord().Replace((header ?? string.Empty).ToLowerInvariant(), " "), " ").Trim();

    /// <summary>Whole-word containment, so "lead" matches "Lead officer" and "Leads" but not "leadership"; "rag" not "average".</summary>
    private static bool Contains(string text, string word)
    {
        var index = 0;
        while ((index = text.IndexOf(word, index, StringComparison.Ordinal)) >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            // A plural counts too: "Key milestones", "Leads".
            var end = index + word.Length < text.Length && text[index + word.Length] == 's' ? index + word.Length + 1 : index + word.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index++;
        }

        return false;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}/?#.+ ]")]
    private static partial Regex NotWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>
/// One cell as imported: the raw text exactly as read from the file, the value it was interpreted as (none when it
/// could not be read) and any warnings to show the lead in the preview. The raw text is always stored beside the value.
/// </summary>
public sealed record Normalised<T>(string? Raw, T? Value, IReadOnlyList<string> Warnings)
{
    public bool HasWarnings => Warnings.Count > 0;
}

/// <summary>A deadline and the deadlines it replaced ("May 2021 (revised from Nov 2019)"), oldest revision first.</summary>
public sealed record DeadlineReading(PlanDate Deadline, IReadOnlyList<PlanDate> RevisedFrom);

/// <summary>A ref as written, for display ("1.1(c)"), and the key that matches its other spellings ("1.1c", "1.1 c").</summary>
public sealed record RefReading(string Text, string MatchKey);

/// <summary>
/// A pointer to an item in another plan ("WSoA: 1.1(c)"): the plan's short name as written, its key for matching
/// (upper case) and the ref.
/// </summary>
public sealed record CrossReference(string PlanLabel, string PlanKey, RefReading Ref);

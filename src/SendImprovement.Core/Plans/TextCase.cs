namespace SendImprovement.Core.Plans;

/// <summary>Labels inside sentences: "Overall status" becomes "overall status", but "BRAG rating" keeps its capitals.</summary>
public static class TextCase
{
    /// <summary>"a milestone", "an outcome", "an action".</summary>
    public static string WithArticle(string noun) =>
        ("aeiou".Contains(char.ToLowerInvariant(noun.FirstOrDefault('x')), StringComparison.Ordinal) ? "an " : "a ") + noun;

    /// <summary>"1 milestone", "3 milestones".</summary>
    public static string Count(int n, string noun) =>
        n == 1 ? $"1 {noun}" : FormattableString.Invariant($"{n} {noun}s");

    public static string LowerFirst(string label)
    {
        if (label.Length == 0)
        {
            return label;
        }

        var firstWord = label.Split(' ')[0];
        return firstWord.Length > 1 && firstWord.All(c => !char.IsLetter(c) || char.IsUpper(c))
            ? label
            : char.ToLowerInvariant(label[0]) + label[1..];
    }
}

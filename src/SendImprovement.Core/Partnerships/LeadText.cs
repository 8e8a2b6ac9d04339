using System.Text.RegularExpressions;

namespace SendImprovement.Core.Partnerships;

/// <summary>One lead as written in a plan: "TB", "JD*" (the star marks work shared with another programme) or a name.</summary>
public sealed record LeadToken(string Text, bool IsInterdependency)
{
    public string MatchKey => PersonNameVariant.ToMatchKey(Text);
}

/// <summary>Splits a leads cell ("LL SW", "TB JD*", "Tom Brown, Jo Dee") into one token per person.</summary>
public static partial class LeadText
{
    public const int MaxLength = 300;

    public static IReadOnlyList<LeadToken> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var parts = Separators().Split(text.Trim())
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .ToList();

        // "LL SW" is two sets of initials; "Tom Brown" is one name.
        if (parts.Count == 1 && parts[0].Contains(' ', StringComparison.Ordinal))
        {
            var words = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.All(w => Initials().IsMatch(w)))
            {
                parts = [.. words];
            }
        }

        return parts
            .Select(p => new LeadToken(p.TrimEnd('*').Trim(), p.EndsWith('*')))
            .Where(t => t.Text.Length > 0)
            .ToList();
    }

    [GeneratedRegex(@"\s*(?:[,;/&+\n]|\band\b)\s*")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^[A-Z]{1,4}\*?$")]
    private static partial Regex Initials();
}

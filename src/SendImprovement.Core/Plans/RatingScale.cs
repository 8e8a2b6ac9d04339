using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.Plans;

/// <summary>A rating scale such as BRAG. Each plan kind chooses one.</summary>
public class RatingScale : IAudited
{
    public int Id { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public List<RatingScaleValue> Values { get; set; } = [];

    public RatingScaleValue? Find(string? key) =>
        key is null ? null : Values.FirstOrDefault(v => string.Equals(v.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a rating as people type it ("amber", "Amber?", "Complete", "G"), keeping the tentative "?".</summary>
    public RatingReading? Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var tentative = trimmed.EndsWith('?');
        var word = trimmed.TrimEnd('?', ' ', '.').Trim();
        foreach (var value in Values)
        {
            if (string.Equals(value.Key, word, StringComparison.OrdinalIgnoreCase)
                || string.Equals(value.Label, word, StringComparison.OrdinalIgnoreCase)
                || value.AliasList.Any(a => string.Equals(a, word, StringComparison.OrdinalIgnoreCase)))
            {
                return new RatingReading(value, tentative);
            }
        }

        return null;
    }
}

public sealed record RatingReading(RatingScaleValue Value, bool IsTentative);

/// <summary>One value on a rating scale, with its word, its meaning and its colour (never shown without the word).</summary>
public class RatingScaleValue : IAudited
{
    public int Id { get; set; }

    public int RatingScaleId { get; set; }

    /// <summary>The stored value, such as "Amber".</summary>
    public required string Key { get; set; }

    public required string Label { get; set; }

    /// <summary>What the value means, such as "Behind schedule".</summary>
    public required string Meaning { get; set; }

    /// <summary>A GOV.UK tag colour: blue, green, orange, red, grey, ...</summary>
    public required string Colour { get; set; }

    /// <summary>Order on the scale for display.</summary>
    public int Position { get; set; }

    /// <summary>Higher is worse; used to sort by concern.</summary>
    public int Severity { get; set; }

    /// <summary>This value means the work is done (Blue on BRAG).</summary>
    public bool IsComplete { get; set; }

    /// <summary>Other words people use for this value, comma separated ("Complete,Completed,B").</summary>
    public string? Aliases { get; set; }

    public IEnumerable<string> AliasList =>
        (Aliases ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

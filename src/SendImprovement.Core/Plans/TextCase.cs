namespace SendImprovement.Core.Plans;

/// <summary>Labels inside sentences: "Overall status" becomes "overall status", but "BRAG rating" keeps its capitals.</summary>
public static class TextCase
{
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

using System.Text;

namespace SendImprovement.Core.Plans;

/// <summary>
/// References as written in plans ("1.1a", "1.2", "1.2b", "1.10", "1.1(c)", "5.1 c") and the key that sorts them
/// in natural order: numbers by value, letters alphabetically, a bare "1.2" before "1.2a" and "1.2b".
/// </summary>
public static class ItemRef
{
    public const int MaxLength = 40;

    /// <summary>
    /// A key that sorts with ordinal comparison: each number becomes "n" and twenty digits, each run of letters
    /// becomes "a" and the letters, parts are joined by "." and punctuation is ignored. At the same position
    /// letters sort before numbers ("1.1a" before "1.1.1"); roman numerals sort as letters.
    /// </summary>
    public static string SortKey(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return string.Empty;
        }

        var key = new StringBuilder(reference.Length * 4);
        var text = reference.Trim().ToLowerInvariant();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                var digits = text[start..i].TrimStart('0');
                Append(key, 'n', digits.Length == 0 ? "0" : digits, pad: true);
            }
            else if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    i++;
                }

                Append(key, 'a', text[start..i], pad: false);
            }
            else
            {
                i++;
            }
        }

        return key.ToString();
    }

    /// <summary>Compares two references in natural order; items with no reference come last.</summary>
    public static int Compare(string? left, string? right)
    {
        var a = SortKey(left);
        var b = SortKey(right);
        if (a.Length == 0 || b.Length == 0)
        {
            return (a.Length == 0).CompareTo(b.Length == 0);
        }

        return string.CompareOrdinal(a, b);
    }

    private static void Append(StringBuilder key, char prefix, string token, bool pad)
    {
        if (key.Length > 0)
        {
            key.Append('.');
        }

        key.Append(prefix);
        if (pad)
        {
            // Twenty digits keeps any number people could write in order; longer ones are cut, never mis-sorted below shorter.
            key.Append(token.Length >= 20 ? token[..20] : token.PadLeft(20, '0'));
        }
        else
        {
            key.Append(token);
        }
    }

    /// <summary>Tidies a reference for storage: trimmed, inner spaces collapsed, the text otherwise as written.</summary>
    public static string? Normalise(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        return string.Join(' ', reference.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim();
    }
}

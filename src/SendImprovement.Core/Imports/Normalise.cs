using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>
/// The normalisation rules for imported cells, as pure functions: each returns the raw text beside the interpreted
/// value and any warnings. The rules are documented, with examples, in docs/import-format.md.
/// </summary>
public static partial class Normalise
{
    public const string RefExamples = "1.1a, 1.1(c) or 5.1 c";

    public const string CrossReferenceExamples = "WSoA: 1.1(c) or See WSoA 1.1(c) and 3.2(a)";

    public const string ResourceForms = "AR, ER, Additional resource or Existing resource";

    /// <summary>
    /// First parts of real hyphenated words: when a line ends with one of these and a hyphen, the line break is
    /// joined but the hyphen is kept ("well-\nbeing" is "well-being", "recruit-\nment" is "recruitment").
    /// </summary>
    private static readonly HashSet<string> KeepHyphenAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "well", "self", "co", "non", "multi", "cross", "pre", "post", "ex", "anti", "semi", "inter", "sub", "mid",
        "part", "full", "short", "long", "year", "high", "low", "face", "one", "two", "three", "step", "follow",
        "sign", "check", "drop", "age", "child", "family", "person", "young", "joined", "up", "on", "in", "out",
        "off", "best", "evidence", "school", "health", "home", "life", "large", "small", "time",
    };

    private static readonly HashSet<string> NoResource = new(StringComparer.OrdinalIgnoreCase)
    {
        "-", "n/a", "na", "none", "nil",
    };

    /// <summary>
    /// Cleans cell text: line endings, leftover HTML tags and entities, unusual spaces, bullet glyphs,
    /// line-break hyphenation, spaces at line ends and runs of spaces. Line breaks are otherwise kept.
    /// </summary>
    public static Normalised<string> Text(string? raw)
    {
        if (raw is null)
        {
            return new(null, null, []);
        }

        var cleaned = CleanText(raw);
        return new(raw, cleaned.Length == 0 ? null : cleaned, []);
    }

    /// <summary>Reads a rating on a scale ("Amber?", "complete", "G"); anything else is kept as text with a warning.</summary>
    public static Normalised<RatingReading> Rating(RatingScale scale, string? raw)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var text = OneLine(raw);
        if (text.Length == 0)
        {
            return new(raw, null, []);
        }

        var reading = scale.Read(text);
        if (reading is not null)
        {
            return new(raw, reading, []);
        }

        var name = scale.Name.Split(" (", 2)[0].Trim();
        var values = string.Join(", ", scale.Values.OrderBy(v => v.Position).Select(v => v.Label));
        return new(raw, null, [$"“{text}” is not a rating on the {name} scale ({values}); it was kept as text"]);
    }

    /// <summary>Reads a progress status ("In progress", "COMPLETE (ongoing activity)", "tbc").</summary>
    public static Normalised<ProgressStatus> Status(string? raw)
    {
        var text = OneLine(raw);
        if (text.Length == 0)
        {
            return new(raw, ProgressStatus.NotRecorded, []);
        }

        var status = ProgressStatusText.Read(text);
        if (status != ProgressStatus.NotRecorded)
        {
            return new(raw, status, []);
        }

        return new(raw, ProgressStatus.NotRecorded,
            [$"“{text}” is not a progress status (Not started, In progress, Complete or tbc); it was kept as text"]);
    }

    /// <summary>
    /// Reads a deadline with the plan-date rules, and the deadlines it replaced: "May 2021 (revised from Nov 2019)",
    /// "May 2021 (revised from Nov 2019) (revised from Sept 2020)", "May 2021 revised from Nov 2019 and Sept 2020".
    /// Text that is not a date is kept, marked as not recognised, with a warning.
    /// </summary>
    public static Normalised<DeadlineReading> Deadline(string? raw)
    {
        var text = OneLine(raw);
        if (text.Length == 0)
        {
            return new(raw, null, []);
        }

        var warnings = new List<string>();
        var keyword = RevisionKeyword().Match(text);
        var main = keyword.Success ? text[..keyword.Index].Trim().TrimEnd('(', '[', ',', ';').Trim() : text;

        var revisions = new List<PlanDate>();
        if (keyword.Success)
        {
            var rest = text[keyword.Index..];
            foreach (var clause in RevisionKeyword().Split(rest))
            {
                var body = clause.Replace('(', ' ').Replace(')', ' ').Replace('[', ' ').Replace(']', ' ').Trim();
                foreach (var part in RevisionSeparator().Split(body))
                {
                    var datePart = part.Trim().TrimEnd('.', ',', ';').Trim();
                    if (datePart.Length == 0)
                    {
                        continue;
                    }

                    var parsed = PlanDateParser.Parse(datePart);
                    if (parsed.Date is { IsEmpty: false } date)
                    {
                        revisions.Add(date);
                    }
                    else
                    {
                        revisions.Add(PlanDate.Unrecognised(datePart));
                        warnings.Add($"“{datePart}” in the revisions of “{text}” is not a date; it was kept as text");
                    }
                }
            }
        }

        PlanDate deadline;
        if (main.Length == 0)
        {
            deadline = PlanDate.None;
            if (revisions.Count > 0)
            {
                warnings.Add($"“{text}” gives the dates it was revised from but no deadline");
            }
        }
        else
        {
            var parsed = PlanDateParser.Parse(main);
            if (parsed.Date is { } date)
            {
                deadline = date;
            }
            else
            {
                deadline = PlanDate.Unrecognised(main);
                warnings.Insert(0, $"{parsed.Error} It was kept as text, not recognised as a date.");
            }
        }

        // Oldest first: deadlines move later, so the earliest date is the first one set. Unreadable ones go last.
        var ordered = revisions.OrderBy(r => r.SortDate).ToList();
        return new(raw, new DeadlineReading(deadline, ordered), warnings);
    }

    /// <summary>
    /// Reads a ref: the text is kept as written for display; the match key is the same for every spelling of the
    /// same ref ("1.1(c)", "1.1 c", "1.1c", "1.1C"). A leading word such as "Action" is left out of the key.
    /// </summary>
    public static Normalised<RefReading> Ref(string? raw)
    {
        var text = OneLine(raw);
        if (text.Length == 0)
        {
            return new(raw, null, []);
        }

        if (!text.Any(char.IsAsciiDigit))
        {
            return new(raw, null,
                [$"“{text}” is not a ref (such as {RefExamples}); it was kept as text and the item can be matched by its title"]);
        }

        var display = ItemRef.Normalise(text)!;
        var keyText = RefLabel().Replace(display, string.Empty);
        var warnings = new List<string>();
        if (display.Length > ItemRef.MaxLength)
        {
            warnings.Add($"“{display}” is longer than a ref can be ({ItemRef.MaxLength} characters); check the column holds refs");
        }

        return new(raw, new RefReading(display, ItemRef.SortKey(keyText)), warnings);
    }

    /// <summary>
    /// Finds references to items in other plans: "WSoA: 1.1(c)", "WSOA 2.3", "See WSoA 1.1(c) and 3.2(a)",
    /// "WSoA 1.1a; PAP 2.1". A plan is named by its short name with at least two capitals (WSoA, PAP, SEF).
    /// </summary>
    public static Normalised<IReadOnlyList<CrossReference>> CrossReference(string? raw)
    {
        var text = OneLine(raw);
        if (text.Length == 0)
        {
            return new(raw, [], []);
        }

        var found = new List<CrossReference>();
        foreach (Match match in CrossReferencePattern().Matches(text))
        {
            var label = match.Groups["label"].Value;
            if (label.Count(char.IsUpper) < 2)
            {
                continue;
            }

            foreach (Capture capture in match.Groups["ref"].Captures)
            {
                var reference = Ref(capture.Value).Value!;
                found.Add(new CrossReference(label, label.ToUpperInvariant(), reference));
            }
        }

        if (found.Count == 0)
        {
            return new(raw, [],
                [$"“{text}” does not name a plan and a ref (such as {CrossReferenceExamples}); it was kept as text"]);
        }

        return new(raw, found, []);
    }

    /// <summary>Reads the resource flag: AR (additional resource is or may be required) or ER (existing resource).</summary>
    public static Normalised<ResourceNeed> Resource(string? raw)
    {
        var text = OneLine(raw);
        if (text.Length == 0)
        {
            return new(raw, ResourceNeed.NotStated, []);
        }

        var word = Whitespace().Replace(text.ToLowerInvariant().Replace(".", string.Empty, StringComparison.Ordinal), " ").Trim();
        if (NoResource.Contains(text) || NoResource.Contains(word))
        {
            return new(raw, ResourceNeed.NotStated, []);
        }

        if (AdditionalResource().IsMatch(word))
        {
            return new(raw, ResourceNeed.AdditionalResource, []);
        }

        if (ExistingResource().IsMatch(word))
        {
            return new(raw, ResourceNeed.ExistingResource, []);
        }

        return new(raw, ResourceNeed.NotStated,
            [$"“{text}” is not a resource flag ({ResourceForms}); it was kept as text"]);
    }

    /// <summary>The cleaned text on one line: for values such as ratings, dates and refs.</summary>
    private static string OneLine(string? raw) =>
        raw is null ? string.Empty : Whitespace().Replace(CleanText(raw).Replace("• ", " ", StringComparison.Ordinal), " ").Trim();

    /// <summary>
    /// One line of printable ASCII with no markup, entities, runs of spaces, surrounding spaces or leading bullet:
    /// the rules would return it unchanged, so they are skipped (most cells of a large sheet are like this).
    /// </summary>
    private static bool IsPlain(string s)
    {
        if (s.Length == 0 || s[0] == ' ' || s[^1] == ' ' || (s.Length > 1 && s[1] == ' ' && s[0] is '-' or '*' or 'o'))
        {
            return false;
        }

        var previous = '\0';
        foreach (var c in s)
        {
            if (c < ' ' || c > '~' || c is '<' or '&' || (c == ' ' && previous == ' '))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }

    private static string CleanText(string raw)
    {
        if (IsPlain(raw))
        {
            return raw;
        }

        var s = raw.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\r', '\n').Replace('\v', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n');
        s = BreakTag().Replace(s, "\n");
        s = ListItemTag().Replace(s, "\n• ");
        s = HtmlTag().Replace(s, string.Empty);
        s = WebUtility.HtmlDecode(s);
        s = Spaces(s);

        var lines = new List<string>();
        foreach (var line in s.Split('\n'))
        {
            var tidy = MultipleSpaces().Replace(line, " ").Trim();
            tidy = Bullet().Replace(tidy, "• ");
            lines.Add(tidy);
        }

        JoinHyphenatedLines(lines);

        // No blank lines at the start or end, and never more than one blank line in a row.
        var result = new StringBuilder(s.Length);
        var blank = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = result.Length > 0;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = false;
        }

        return result.ToString();
    }

    /// <summary>Plain spaces for tabs and unusual spaces; zero-width characters and soft hyphens removed.</summary>
    private static string Spaces(string s)
    {
        var result = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD')
            {
                continue;
            }

            result.Append(c == '\t' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c);
        }

        return result.ToString();
    }

    /// <summary>
    /// "recruit-" then "ment" on the next line becomes "recruitment": the line ends with a word fragment (letters,
    /// at most a first capital) and a hyphen, and the next line starts with a lower-case letter. The hyphen is kept
    /// when the fragment is the first part of a real hyphenated word ("well-being") or is in capitals ("SEND-related").
    /// </summary>
    private static void JoinHyphenatedLines(List<string> lines)
    {
        for (var i = 0; i < lines.Count - 1; i++)
        {
            var match = HyphenatedEnd().Match(lines[i]);
            var next = lines[i + 1];
            if (!match.Success || next.Length == 0 || !char.IsLower(next[0]))
            {
                continue;
            }

            var fragment = match.Groups["fragment"].Value;
            var keepHyphen = KeepHyphenAfter.Contains(fragment) || !WordFragment().IsMatch(fragment);
            lines[i] = (keepHyphen ? lines[i] : lines[i][..^1]) + next;
            lines.RemoveAt(i + 1);
            i--;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"<br\s*/?>|</(?:p|div|tr|h[1-6])\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTag();

    [GeneratedRegex(@"<li(?:\s[^<>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItemTag();

    [GeneratedRegex(
        @"</?(?:p|div|span|font|b|i|u|s|em|strong|a|ul|ol|li|table|tbody|thead|tr|td|th|sup|sub|h[1-6]|o:p|w:[a-z]+|html|body|head|meta|style|col|colgroup|blockquote|pre|code|small|big|mark|del|ins)(?:\s[^<>]*)?/?>",
        RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    /// <summary>A bullet at the start of a line: a glyph, or a dash, star or "o" followed by a space.</summary>
    [GeneratedRegex(@"^(?:[•●▪■◦○►➢▸·\u2023\u2043\uF0B7\uF0A7\uF076\uF0D8]\s*|[-–—*o]\s+)(?=\S)")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"(?<![\p{L}-])(?<fragment>\p{L}+)-$")]
    private static partial Regex HyphenatedEnd();

    [GeneratedRegex(@"^\p{Lu}?\p{Ll}+$")]
    private static partial Regex WordFragment();

    [GeneratedRegex(@"[(\[]?\s*\b(?:revised\s+from|originally|previously|moved\s+from|changed\s+from)\b\s*:?", RegexOptions.IgnoreCase)]
    private static partial Regex RevisionKeyword();

    [GeneratedRegex(@"\s*(?:,|;|&|\band\b|\bthen\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex RevisionSeparator();

    [GeneratedRegex(@"^\s*(?:action|outcome|milestone|priority|workstream|theme|ref|no)\b\.?\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex RefLabel();

    [GeneratedRegex(
        @"\b(?<label>[A-Za-z]{2,8})\s*[:\-–]?\s*(?:(?:actions?|refs?|items?)\.?\s*)?(?<ref>\d+(?:\.\d+)*(?:\s?\([a-z]{1,4}\)|[a-z]{1,4}\b|\s[a-z]\b)?)(?:\s*(?:,|;|&|/|\band\b)\s*(?<ref>\d+(?:\.\d+)*(?:\s?\([a-z]{1,4}\)|[a-z]{1,4}\b|\s[a-z]\b)?))*",
        RegexOptions.IgnoreCase)]
    private static partial Regex CrossReferencePattern();

    [GeneratedRegex(@"^(?:ar(?:\s*/\s*er)?\??|additional(?:\s+resources?)?(?:\s+(?:is\s+|may\s+be\s+)?(?:required|needed))?\??)$")]
    private static partial Regex AdditionalResource();

    [GeneratedRegex(@"^(?:er\??|existing(?:\s+resources?)?|(?:within|from)\s+existing\s+resources?)$")]
    private static partial Regex ExistingResource();
}

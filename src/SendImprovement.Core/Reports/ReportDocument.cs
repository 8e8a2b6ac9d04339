namespace SendImprovement.Core.Reports;

public enum ReportKind
{
    Interim,
    Progress,
    Committee,
    OnAPage,
    Exceptions,
    EasyRead,
    Measures,
}

public enum ReportFormat
{
    Html,
    Docx,
    Pdf,
    Xlsx,
}

/// <summary>
/// A report as a plain document: headings, paragraphs, lists, term-and-value facts and tables. Every report kind
/// is built once as this, and every format (HTML, Word, PDF, Excel) renders the same document, so the formats can
/// never disagree.
/// </summary>
public sealed record ReportDocument(
    ReportKind Kind,
    string Title,
    string PartnershipName,
    string PlanName,
    string PeriodName,
    DateOnly AsAt,
    IReadOnlyList<ReportBlock> Blocks)
{
    /// <summary>Says where the content came from: a closed period's snapshot (with its time) or the plan as it stands.</summary>
    public required string Provenance { get; init; }

    /// <summary>A file name without extension, such as "northby-strategy-interim-november-2026".</summary>
    public required string FileName { get; init; }
}

public abstract record ReportBlock;

/// <summary>A heading; level 1 is the report's title, so blocks start at level 2.</summary>
public sealed record ReportHeading(int Level, string Text) : ReportBlock;

/// <summary>A paragraph. A missing one says what is not recorded ("No highlights written for this period") and is shown as such.</summary>
public sealed record ReportParagraph(string Text, bool IsMissing = false) : ReportBlock;

public sealed record ReportList(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>Terms and their values, such as "Sponsor: Tom Bradley".</summary>
public sealed record ReportFacts(IReadOnlyList<ReportFact> Items) : ReportBlock;

public sealed record ReportFact(string Term, ReportCell Value);

/// <summary>A table with a caption and one header row. <see cref="SheetName"/> names its worksheet in Excel.</summary>
public sealed record ReportTable(string Caption, string SheetName, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<ReportCell>> Rows) : ReportBlock;

/// <summary>
/// A value in a table or fact: one or more lines of text, and, for a rating, the scale value whose colour goes
/// with the word (never instead of it). A missing value is shown as "Not recorded".
/// </summary>
public sealed record ReportCell(IReadOnlyList<string> Lines, SnapshotScaleValue? Rating = null, bool IsMissing = false)
{
    public const string NotRecorded = "Not recorded";

    public string Text => string.Join("\n", Lines);

    public static ReportCell Of(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Missing() : new ReportCell([text.Trim()]);

    public static ReportCell Of(IEnumerable<string> lines)
    {
        var list = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        return list.Count == 0 ? Missing() : new ReportCell(list);
    }

    public static ReportCell Missing(string text = NotRecorded) => new([text], null, IsMissing: true);
}

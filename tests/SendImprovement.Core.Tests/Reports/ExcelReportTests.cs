using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Tests.Reports;

public class ExcelReportTests
{
    private static SpreadsheetDocument Open(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes), false);

    private static List<string> SheetNames(SpreadsheetDocument excel) =>
        [.. excel.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

    private static Worksheet Worksheet(SpreadsheetDocument excel, string name)
    {
        var sheet = excel.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)excel.WorkbookPart.GetPartById(sheet.Id!.Value!)).Worksheet!;
    }

    private static string TextOf(Cell cell) => cell.InlineString?.Text?.Text ?? string.Empty;

    private static List<List<string>> Rows(Worksheet worksheet) =>
        [.. worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(TextOf).ToList())];

    private static Cell CellAt(Worksheet worksheet, string reference) =>
        worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);

    [Fact]
    public void Render_IsValidOpenXml()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));

        var errors = new OpenXmlValidator(FileFormatVersions.Office2013).Validate(excel)
            .Select(e => $"{e.Path?.XPath}: {e.Description}")
            .ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void Render_NamesSheets_ValidAndUnique()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));

        var names = SheetNames(excel);

        Assert.Equal(4, names.Count);
        Assert.Equal("About", names[0]);
        Assert.Equal("Actions", names[1]);
        Assert.Equal("Actions (2)", names[2]);
        Assert.Equal("Deadlines revised agreed by the", names[3]);
        Assert.All(names, n =>
        {
            Assert.InRange(n.Length, 1, 31);
            Assert.True(n.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) < 0, n);
        });
    }

    [Theory]
    [InlineData("Actions", "Actions")]
    [InlineData("a:b/c\\d[e]f*g?h", "abcdefgh")]
    [InlineData("   ", "Table")]
    [InlineData("'Quoted'", "Quoted")]
    [InlineData("about", "about (2)")]
    [InlineData("history", "history (2)")]
    [InlineData("Exactly thirty-one characters!!", "Exactly thirty-one characters!!")]
    [InlineData("Thirty-two characters, one over!", "Thirty-two characters, one over")]
    public void SheetName_MakesNamesExcelAccepts(string wanted, string expected)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "About", "History" };

        Assert.Equal(expected, ExcelReport.SheetName(wanted, used));
        Assert.Contains(expected, used);
    }

    [Fact]
    public void SheetName_KeepsLongDuplicatesWithinTheLimit()
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wanted = new string('x', 40);

        var names = Enumerable.Range(0, 12).Select(_ => ExcelReport.SheetName(wanted, used)).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.True(n.Length <= ExcelReport.MaxSheetNameLength, n));
        Assert.Equal(new string('x', 27) + " (2)", names[1]);
        Assert.Equal(new string('x', 26) + " (12)", names[11]);
    }

    [Fact]
    public void Render_AboutSheet_HoldsTheReportDetailsAndEveryLineOutsideTables()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));

        var rows = Rows(Worksheet(excel, "About"));

        Assert.Equal(["Report", "Northby strategy: interim report"], rows[0]);
        Assert.Equal(["Partnership", "Northby SEND Partnership"], rows[1]);
        Assert.Equal(["Plan", "Northby strategy"], rows[2]);
        Assert.Equal(["Period", "November 2026"], rows[3]);
        Assert.Equal(["As at", "30 November 2026"], rows[4]);
        Assert.Equal(["Source", "From the snapshot taken when November 2026 closed."], rows[5]);

        var texts = rows.SelectMany(r => r).ToList();
        Assert.Contains("Summary", texts);
        Assert.Contains("Most actions are on track.", texts);
        Assert.Contains("No highlights written for this period", texts);
        Assert.Contains("Two actions completed", texts);
        Assert.Contains("One deadline revised", texts);
        Assert.Contains(["Sponsor", "Tom Bradley"], rows);
        Assert.Contains(["Overall rating", "Amber"], rows);
        Assert.Contains(texts, t => t.Contains("Actions (2)", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_TableSheet_HasBoldFrozenFilteredHeaderRow()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));
        var worksheet = Worksheet(excel, "Actions");

        var rows = Rows(worksheet);
        Assert.Equal(["Ref", "Action", "Rating", "Notes"], rows[0]);
        Assert.Equal(3, rows.Count);

        var formats = excel.WorkbookPart!.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ToList();
        var fonts = excel.WorkbookPart.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ToList();
        var headerFormat = formats[(int)CellAt(worksheet, "A1").StyleIndex!.Value];
        Assert.NotNull(fonts[(int)headerFormat.FontId!.Value].Bold);

        var pane = worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1D, pane.VerticalSplit!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);

        Assert.Equal("A1:D3", worksheet.GetFirstChild<AutoFilter>()!.Reference!.Value);

        var columns = worksheet.GetFirstChild<Columns>()!.Elements<Column>().ToList();
        Assert.Equal(4, columns.Count);
        Assert.All(columns, c => Assert.InRange(c.Width!.Value, 10, 80));
    }

    [Fact]
    public void Render_TableCells_KeepLinesRatingsAndMissingValues()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));
        var worksheet = Worksheet(excel, "Actions");
        var stylesheet = excel.WorkbookPart!.WorkbookStylesPart!.Stylesheet!;
        var formats = stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var fills = stylesheet.Fills!.Elements<Fill>().ToList();

        var multiLine = CellAt(worksheet, "D2");
        Assert.Equal("First line\nSecond line", TextOf(multiLine));
        Assert.True(formats[(int)multiLine.StyleIndex!.Value].Alignment!.WrapText!.Value);

        var rating = CellAt(worksheet, "C2");
        Assert.Equal("Amber", TextOf(rating));
        var ratingFormat = formats[(int)rating.StyleIndex!.Value];
        Assert.Equal("FFFCD6C3", fills[(int)ratingFormat.FillId!.Value].PatternFill!.ForegroundColor!.Rgb!.Value);

        Assert.Equal(ReportCell.NotRecorded, TextOf(CellAt(worksheet, "C3")));
    }

    [Fact]
    public void Render_NeverWritesFormulas_AndNeutralisesFormulaLikeText()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));
        var worksheet = Worksheet(excel, "Actions");

        Assert.Equal("'=SUM(A1)", TextOf(CellAt(worksheet, "B3")));
        Assert.Equal("'-5 days late", TextOf(CellAt(worksheet, "D3")));

        var cells = excel.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<Cell>()).ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, c =>
        {
            Assert.Null(c.CellFormula);
            Assert.Equal(CellValues.InlineString, c.DataType!.Value);
        });
    }

    [Fact]
    public void Render_SetsCoreProperties()
    {
        using var excel = Open(ExcelReport.Render(WordReportTests.Sample()));

        Assert.Equal("Northby strategy: interim report", excel.PackageProperties.Title);
        Assert.Equal("SEND Improvement", excel.PackageProperties.Creator);
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+44 1234", "'+44 1234")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTabbed", "'\tTabbed")]
    [InlineData("\rReturn", "'\rReturn")]
    [InlineData("Plain text", "Plain text")]
    [InlineData("A = B", "A = B")]
    [InlineData("", "")]
    public void Neutralise_GuardsOnlyTextThatCouldStartAFormula(string text, string expected)
    {
        Assert.Equal(expected, ExcelReport.Neutralise(text));
    }
}

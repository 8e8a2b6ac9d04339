using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SendImprovement.Core.Imports;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SendImprovement.Core.Tests.Imports;

public sealed class ReaderTests
{
    // ---------- xlsx ----------

    [Fact]
    public void ReadsEverySheetWithMergesHiddenRowsFormulasAndDates()
    {
        var tables = SpreadsheetReader.ReadXlsx(new MemoryStream(BuildWorkbook()));

        Assert.Equal(["Actions", "Notes"], tables.Select(t => t.Name));
        var actions = tables[0];
        Assert.Equal(5, actions.Rows.Count);
        Assert.Equal([1, 2, 3, 4, 5], actions.Rows.Select(r => r.Number));
        Assert.Equal(["Outcome", "Ref", "Action", "Due", "Score"], actions.Rows[0].Cells);
        // The outcome is merged over A2:A4 and appears on each action row.
        Assert.Equal(["Families are heard", "1.1a", "Set up the forum\nMeet monthly", "1 October 2021", "3"], actions.Rows[1].Cells);
        Assert.Equal(["Families are heard", "1.1b", "Survey parents", "", "TRUE"], actions.Rows[2].Cells);
        Assert.Equal(["Families are heard", "1.1(c)", "Rich text run", "", "0.5"], actions.Rows[3].Cells);
        Assert.True(actions.Rows[2].IsHidden);
        Assert.False(actions.Rows[1].IsHidden);
        Assert.Equal(["", "", "", "", "#REF!"], actions.Rows[4].Cells);
        Assert.Equal(["Row 3 is hidden in the spreadsheet"], actions.Notes);

        var notes = tables[1];
        // Empty trailing rows and columns are dropped; an empty row in the middle is kept with its number.
        Assert.Equal(3, notes.Rows.Count);
        Assert.Equal(["Inline note"], notes.Rows[0].Cells);
        Assert.Equal([""], notes.Rows[1].Cells);
        Assert.Equal(["44470"], notes.Rows[2].Cells);
    }

    [Fact]
    public void HiddenRunsOfRowsAreReportedTogether()
    {
        var bytes = BuildSheet(sheetData =>
        {
            for (uint r = 1; r <= 8; r++)
            {
                var row = new Row { RowIndex = r, Hidden = r is >= 5 and <= 7 ? true : null };
                row.Append(Number("A" + r, "1"));
                sheetData.Append(row);
            }
        });

        var table = SpreadsheetReader.ReadXlsx(new MemoryStream(bytes)).Single();

        Assert.Equal(["Rows 5–7 are hidden in the spreadsheet"], table.Notes);
        Assert.Equal([5, 6, 7], table.Rows.Where(r => r.IsHidden).Select(r => r.Number));
    }

    [Fact]
    public void GarbageIsNotAWorkbook()
    {
        var error = Assert.Throws<ImportFileException>(
            () => SpreadsheetReader.ReadXlsx(new MemoryStream(Encoding.ASCII.GetBytes("this is not a spreadsheet at all"))));
        Assert.Equal(
            "This file is not an Excel workbook (.xlsx). Save it as .xlsx from Excel and upload it again.",
            error.Message);
    }

    [Fact]
    public void AZipThatIsNotAWorkbookIsRefused()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("hello.txt").Open());
            writer.Write("hello");
        }

        var error = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadXlsx(new MemoryStream(zip.ToArray())));
        Assert.StartsWith("This file is not an Excel workbook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWordDocumentIsNotAWorkbook()
    {
        var error = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadXlsx(new MemoryStream(BuildDocument())));
        Assert.StartsWith("This file is not an Excel workbook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncryptedOrOldFormatFilesAreRefused()
    {
        byte[] compound = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        var error = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadXlsx(new MemoryStream(compound)));
        Assert.StartsWith("This workbook is password-protected", error.Message, StringComparison.Ordinal);
        var wordError = Assert.Throws<ImportFileException>(() => WordTableReader.ReadDocx(new MemoryStream(compound)));
        Assert.StartsWith("This document is password-protected", wordError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesOverTheSizeLimitAreRefused()
    {
        var error = Assert.Throws<ImportFileException>(
            () => SpreadsheetReader.ReadXlsx(new MemoryStream(new byte[(20 * 1024 * 1024) + 1])));
        Assert.StartsWith("This file is larger than 20 MB.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalEntitiesAreRefusedNotResolved()
    {
        var bytes = BuildSheet(sheetData => sheetData.Append(new Row(Number("A1", "1")) { RowIndex = 1 }));
        var crafted = new MemoryStream();
        crafted.Write(bytes);
        using (var archive = new ZipArchive(crafted, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.Entries.Single(e => e.FullName.Contains("worksheets/", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            entry.Delete();
            var start = xml.IndexOf("<x:worksheet", StringComparison.Ordinal);
            start = start < 0 ? xml.IndexOf("<worksheet", StringComparison.Ordinal) : start;
            xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + xml[start..];
            using var writer = new StreamWriter(archive.CreateEntry(entry.FullName).Open());
            writer.Write(xml);
        }

        var error = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadXlsx(new MemoryStream(crafted.ToArray())));
        Assert.Contains("document type declaration", error.Message, StringComparison.Ordinal);
    }

    // ---------- csv ----------

    [Fact]
    public void ReadsUtf8WithBomAndQuotedNewlines()
    {
        var text = "Ref,Action,Lead\r\n1.1a,\"Set up the forum\r\nMeet \"\"monthly\"\"\",TB\r\n1.1b,Café, £5\r\n\r\n";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var table = SpreadsheetReader.ReadCsv(new MemoryStream(bytes)).Single();

        Assert.Equal("CSV", table.Name);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["Ref", "Action", "Lead"], table.Rows[0].Cells);
        Assert.Equal(["1.1a", "Set up the forum\nMeet \"monthly\"", "TB"], table.Rows[1].Cells);
        Assert.Equal(["1.1b", "Café", " £5"], table.Rows[2].Cells);
        Assert.Equal([1, 2, 3], table.Rows.Select(r => r.Number));
    }

    [Fact]
    public void ReadsWindows1252AndSemicolons()
    {
        // "£" is 0xA3 and "é" is 0xE9 in Windows-1252; neither is valid UTF-8 on its own. 0x96 is an en dash.
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("Ref;Budget;Note\n1.1;"));
        bytes.Add(0xA3);
        bytes.AddRange(Encoding.ASCII.GetBytes("1,500;\"R"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.ASCII.GetBytes("sum"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.ASCII.GetBytes(" "));
        bytes.Add(0x96);
        bytes.AddRange(Encoding.ASCII.GetBytes(" a;b\"\n"));

        var table = SpreadsheetReader.ReadCsv(new MemoryStream(bytes.ToArray())).Single();

        Assert.Equal(["Ref", "Budget", "Note"], table.Rows[0].Cells);
        Assert.Equal(["1.1", "£1,500", "Résumé – a;b"], table.Rows[1].Cells);
    }

    [Fact]
    public void QuotedSemicolonFileKeepsEmbeddedDelimiters()
    {
        var text = "Ref;Title\n\"1.1\";\"Plan; review\"\n\"1.2\";\"Line one\nLine two\"";

        var table = SpreadsheetReader.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(text))).Single();

        Assert.Equal(["1.1", "Plan; review"], table.Rows[1].Cells);
        Assert.Equal(["1.2", "Line one\nLine two"], table.Rows[2].Cells);
    }

    [Fact]
    public void BinaryIsNotACsvFile()
    {
        var error = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadCsv(new MemoryStream(BuildWorkbook())));
        Assert.StartsWith("This file is not a CSV text file.", error.Message, StringComparison.Ordinal);
    }

    // ---------- docx ----------

    [Fact]
    public void ReadsWordTablesWithListsSpansMergesAndContinuations()
    {
        var tables = WordTableReader.ReadDocx(new MemoryStream(BuildDocument()));

        Assert.Equal(["Table 1", "Table 2", "Table 3"], tables.Select(t => t.Name));

        var first = tables[0];
        Assert.Empty(first.Notes);
        Assert.Equal(["Ref", "Action", "Milestones"], first.Rows[0].Cells);
        Assert.Equal(["1.1", "Set up the forum", "• Terms agreed\n• First meeting\nBy May 2021"], first.Rows[1].Cells);
        // gridSpan repeats the text across the columns it spans.
        Assert.Equal(["Outcome 2: families are heard", "Outcome 2: families are heard", "Outcome 2: families are heard"], first.Rows[2].Cells);

        var second = tables[1];
        Assert.Equal(
            ["Continues the table before it (split across pages)", "Row 1 repeats the header of the table before it and was left out"],
            second.Notes);
        Assert.Equal([2, 3], second.Rows.Select(r => r.Number));
        Assert.Equal(["1.2", "Survey parents", "Line one\nLine two"], second.Rows[0].Cells);
        // vMerge continue takes the value above.
        Assert.Equal(["1.2", "Report results", "Line one\nLine two"], second.Rows[1].Cells);

        var third = tables[2];
        Assert.Empty(third.Notes);
        Assert.Equal(["Glossary", "Meaning"], third.Rows[0].Cells);
    }

    [Fact]
    public void GarbageIsNotAWordDocument()
    {
        var error = Assert.Throws<ImportFileException>(
            () => WordTableReader.ReadDocx(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8])));
        Assert.Equal(
            "This file is not a Word document (.docx). Save it as .docx from Word and upload it again.",
            error.Message);
        var workbook = Assert.Throws<ImportFileException>(() => WordTableReader.ReadDocx(new MemoryStream(BuildWorkbook())));
        Assert.StartsWith("This file is not a Word document", workbook.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMergeDeclaredOverTheWholeSheet_IsRefusedNotExpanded()
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());
            var data = new SheetData(new Row(InlineText("A1", "Everything")) { RowIndex = 1 });
            AddSheet(workbookPart, "Sheet1", data, new MergeCells(new MergeCell { Reference = "A1:XFD90000" }));
        }

        Assert.True(stream.Length < 5000, "A few kilobytes declare the merge");
        var error = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadXlsx(new MemoryStream(stream.ToArray())));
        Assert.StartsWith("The sheet \"Sheet1\" has merged cells covering more than 2,000,000 cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkbookOrDocumentWithABrokenPart_IsReportedAsDamaged()
    {
        var workbook = Assert.Throws<ImportFileException>(() => SpreadsheetReader.ReadXlsx(new MemoryStream(Truncate(BuildWorkbook(), "xl/worksheets/"))));
        Assert.StartsWith("This workbook is damaged: part of it could not be read. Open it in Excel", workbook.Message, StringComparison.Ordinal);

        var document = Assert.Throws<ImportFileException>(() => WordTableReader.ReadDocx(new MemoryStream(Truncate(BuildDocument(), "word/document.xml"))));
        Assert.StartsWith("This document is damaged: part of it could not be read. Open it in Word", document.Message, StringComparison.Ordinal);
    }

    /// <summary>The package with the XML of the first part whose name starts with the prefix cut in half.</summary>
    private static byte[] Truncate(byte[] package, string partPrefix)
    {
        var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith(partPrefix, StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var name = entry.FullName;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(xml[..(xml.Length / 2)]);
        }

        return stream.ToArray();
    }

    // ---------- builders ----------

    private static byte[] BuildWorkbook()
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());

            var shared = workbookPart.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("Outcome")),
                new SharedStringItem(new Text("Ref")),
                new SharedStringItem(new Text("Action")),
                new SharedStringItem(new Text("Families are heard")),
                new SharedStringItem(new Text("Set up the forum\nMeet monthly")),
                new SharedStringItem(
                    new Run(new RunProperties(new Bold()), new Text("Rich ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new Text("text run"))),
                new SharedStringItem(new Text("Due")));

            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }),
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
                new Borders(new Border()),
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }));

            var sheet1 = new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1), Shared("C1", 2), Shared("D1", 6), InlineText("E1", "Score")) { RowIndex = 1 },
                new Row(Shared("A2", 3), InlineText("B2", "1.1a"), Shared("C2", 4),
                    new Cell { CellReference = "D2", StyleIndex = 1, CellValue = new CellValue("44470") },
                    new Cell { CellReference = "E2", CellFormula = new CellFormula("1+2"), CellValue = new CellValue("3") })
                { RowIndex = 2 },
                new Row(InlineText("B3", "1.1b"), InlineText("C3", "Survey parents"),
                    new Cell { CellReference = "E3", DataType = CellValues.Boolean, CellValue = new CellValue("1") })
                { RowIndex = 3, Hidden = true },
                new Row(InlineText("B4", "1.1(c)"), Shared("C4", 5), Number("E4", "0.5")) { RowIndex = 4 },
                new Row(
                    new Cell { CellReference = "E5", DataType = CellValues.Error, CellFormula = new CellFormula("#REF!+1"), CellValue = new CellValue("#REF!") })
                { RowIndex = 5 },
                new Row(new Cell { CellReference = "H9" }) { RowIndex = 9, Hidden = true });
            AddSheet(workbookPart, "Actions", sheet1, new MergeCells(new MergeCell { Reference = "A2:A4" }));

            var sheet2 = new SheetData(
                new Row(InlineText("A1", "Inline note"), InlineText("C1", "")) { RowIndex = 1 },
                new Row(Number("A3", "44470")) { RowIndex = 3 },
                new Row(InlineText("A7", "")) { RowIndex = 7 });
            AddSheet(workbookPart, "Notes", sheet2, null);
        }

        return stream.ToArray();
    }

    private static byte[] BuildSheet(Action<SheetData> fill)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());
            var data = new SheetData();
            fill(data);
            AddSheet(workbookPart, "Sheet1", data, null);
        }

        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbookPart, string name, SheetData data, MergeCells? merges)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        var worksheet = new Worksheet(data);
        if (merges is not null)
        {
            worksheet.Append(merges);
        }

        part.Worksheet = worksheet;
        var sheets = workbookPart.Workbook!.Sheets!;
        sheets.Append(new Sheet
        {
            Id = workbookPart.GetIdOfPart(part),
            SheetId = (uint)sheets.ChildElements.Count + 1,
            Name = name,
        });
    }

    private static Cell Shared(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index) };

    private static Cell InlineText(string reference, string text) =>
        new() { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    private static Cell Number(string reference, string value) =>
        new() { CellReference = reference, CellValue = new CellValue(value) };

    private static byte[] BuildDocument()
    {
        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            main.Document = new W.Document(body);

            body.Append(Para("Written Statement of Action"));
            var header = new[] { "Ref", "Action", "Milestones" };
            body.Append(Table(
                Row(header, isHeader: true),
                new W.TableRow(
                    Cell("1.1"),
                    Cell("Set up the forum"),
                    new W.TableCell(ListPara("Terms agreed"), ListPara("First meeting"), Para("By May 2021"), Para(""))),
                new W.TableRow(new W.TableCell(
                    new W.TableCellProperties(new W.GridSpan { Val = 3 }), Para("Outcome 2: families are heard")))));

            // Split across pages: only a page break between, and the header repeated.
            body.Append(new W.Paragraph(new W.Run(new W.Break { Type = W.BreakValues.Page })));
            body.Append(Table(
                Row(header, isHeader: true),
                new W.TableRow(
                    Cell("1.2"),
                    Cell("Survey parents"),
                    new W.TableCell(
                        new W.TableCellProperties(new W.VerticalMerge { Val = W.MergedCellValues.Restart }),
                        new W.Paragraph(new W.Run(new W.Text("Line one"), new W.Break(), new W.Text("Line two"))))),
                new W.TableRow(
                    Cell("1.2"),
                    Cell("Report results"),
                    new W.TableCell(new W.TableCellProperties(new W.VerticalMerge()), Para("")))));

            body.Append(Para("Glossary"));
            body.Append(Table(Row(["Glossary", "Meaning"], isHeader: false)));

            // A numbering definition so the list paragraphs are real list items.
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new W.Numbering(
                new W.AbstractNum(new W.Level(new W.NumberingFormat { Val = W.NumberFormatValues.Bullet }, new W.LevelText { Val = "•" }) { LevelIndex = 0 }) { AbstractNumberId = 1 },
                new W.NumberingInstance(new W.AbstractNumId { Val = 1 }) { NumberID = 1 });
        }

        return stream.ToArray();
    }

    private static W.Table Table(params W.TableRow[] rows)
    {
        var table = new W.Table(new W.TableProperties());
        table.Append(rows);
        return table;
    }

    private static W.TableRow Row(string[] cells, bool isHeader)
    {
        var row = new W.TableRow();
        if (isHeader)
        {
            row.Append(new W.TableRowProperties(new W.TableHeader()));
        }

        row.Append(cells.Select(Cell));
        return row;
    }

    private static W.TableCell Cell(string text) => new(Para(text));

    private static W.Paragraph Para(string text) => new(new W.Run(new W.Text(text)));

    private static W.Paragraph ListPara(string text) => new(
        new W.ParagraphProperties(new W.NumberingProperties(new W.NumberingLevelReference { Val = 0 }, new W.NumberingId { Val = 1 })),
        new W.Run(new W.Text(text)));
}

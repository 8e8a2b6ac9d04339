using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SendImprovement.Core.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as an Excel workbook: an "About" sheet holding everything that is not a
/// table (so nothing is lost), then one sheet per table with a bold, frozen, filterable header row. Every cell is a
/// string, never a formula, and text that a spreadsheet could read as a formula is neutralised.
/// </summary>
public static class ExcelReport
{
    internal const int MaxSheetNameLength = 31;
    private const int MaxCellLength = 32767;
    private const string AboutSheet = "About";
    private const string InvalidSheetNameCharacters = "[]:*?/\\";

    // Cell formats in the stylesheet, by index.
    private const uint TextFormat = 1;
    private const uint BoldFormat = 2;
    private const uint MissingFormat = 3;
    private const uint FirstFillFormat = 4;

    private static readonly string[] FillColours = [.. WordReport.Fills.Values];

    public static byte[] Render(ReportDocument document)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { AboutSheet, "History" };
        var tables = document.Blocks.OfType<ReportTable>().Select(t => (Table: t, Name: SheetName(t.SheetName, used))).ToList();

        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            package.PackageProperties.Title = WordReport.XmlSafe(document.Title);
            package.PackageProperties.Creator = "SEND Improvement";
            package.PackageProperties.Language = "en-GB";

            var workbookPart = package.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();

            var sheets = new Sheets();
            var definedNames = new DefinedNames();

            var about = workbookPart.AddNewPart<WorksheetPart>();
            about.Worksheet = AboutWorksheet(document, [.. tables.Select(t => t.Name)]);
            sheets.Append(new Sheet { Name = AboutSheet, SheetId = 1, Id = workbookPart.GetIdOfPart(about) });

            for (var i = 0; i < tables.Count; i++)
            {
                var (table, name) = tables[i];
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = TableWorksheet(table, out var range);
                sheets.Append(new Sheet { Name = name, SheetId = (uint)(i + 2), Id = workbookPart.GetIdOfPart(part) });

                if (range is { } filtered)
                {
                    definedNames.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!{filtered.Absolute}")
                    {
                        Name = "_xlnm._FilterDatabase",
                        LocalSheetId = (uint)(i + 1),
                        Hidden = true,
                    });
                }
            }

            var workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
            if (definedNames.HasChildren)
            {
                workbook.Append(definedNames);
            }

            workbookPart.Workbook = workbook;
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Makes text inert in a spreadsheet: text starting with a character that could begin a formula gets a leading
    /// apostrophe, so it stays plain text even when the sheet is saved as CSV and opened again.
    /// </summary>
    internal static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>
    /// A valid worksheet name, not yet in <paramref name="used"/> (which it is then added to): at most 31
    /// characters, none of []:*?/\, not starting or ending with an apostrophe, and not blank.
    /// </summary>
    internal static string SheetName(string? wanted, ISet<string> used)
    {
        var cleaned = new string([.. (wanted ?? string.Empty).Where(c => !InvalidSheetNameCharacters.Contains(c) && !char.IsControl(c) && !char.IsSurrogate(c))]);
        cleaned = cleaned.Trim().Trim('\'').Trim();
        if (cleaned.Length == 0)
        {
            cleaned = "Table";
        }

        var name = Shorten(cleaned, MaxSheetNameLength);
        for (var n = 2; used.Contains(name); n++)
        {
            var suffix = $" ({n})";
            name = Shorten(cleaned, MaxSheetNameLength - suffix.Length) + suffix;
        }

        used.Add(name);
        return name;
    }

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : text[..length].TrimEnd().TrimEnd('\'');

    private static Worksheet AboutWorksheet(ReportDocument document, List<string> sheetNames)
    {
        var rows = new List<(string Term, string Text, uint Format)>
        {
            ("Report", document.Title, TextFormat),
            ("Partnership", document.PartnershipName, TextFormat),
            ("Plan", document.PlanName, TextFormat),
            ("Period", document.PeriodName, TextFormat),
            ("As at", document.AsAt.ToString(WordReport.DateFormat, CultureInfo.InvariantCulture), TextFormat),
            ("Source", document.Provenance, TextFormat),
        };

        var tableIndex = 0;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    rows.Add((string.Empty, heading.Text, BoldFormat));
                    break;
                case ReportParagraph paragraph:
                    rows.Add((string.Empty, paragraph.Text, paragraph.IsMissing ? MissingFormat : TextFormat));
                    break;
                case ReportList list:
                    rows.AddRange(list.Items.Select(item => (string.Empty, item, TextFormat)));
                    break;
                case ReportFacts facts:
                    rows.AddRange(facts.Items.Select(fact => (fact.Term, CellText(fact.Value), FormatFor(fact.Value))));
                    break;
                case ReportTable table:
                    rows.Add(("Table", $"{table.Caption} (on the \"{sheetNames[tableIndex++]}\" sheet)", TextFormat));
                    break;
                default:
                    throw new NotSupportedException($"A {block.GetType().Name} cannot be written to Excel.");
            }
        }

        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var (term, text, format) = rows[r];
            var index = (uint)(r + 1);
            var row = new Row { RowIndex = index };
            if (term.Length > 0)
            {
                row.Append(StringCell(0, index, term, BoldFormat));
            }

            row.Append(StringCell(1, index, text, format));
            data.Append(row);
        }

        var termWidth = Width(rows.Max(r => Longest(r.Term)));
        var textWidth = Width(rows.Max(r => Longest(r.Text)));

        return new Worksheet(
            new SheetViews(new SheetView { TabSelected = true, WorkbookViewId = 0 }),
            new Columns(
                new Column { Min = 1, Max = 1, Width = termWidth, CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = textWidth, CustomWidth = true }),
            data);
    }

    private static Worksheet TableWorksheet(ReportTable table, out (string Relative, string Absolute)? range)
    {
        var columns = Math.Max(table.Headers.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
        var data = new SheetData();

        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < table.Headers.Count; c++)
        {
            header.Append(StringCell(c, 1, table.Headers[c], BoldFormat));
        }

        data.Append(header);

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var index = (uint)(r + 2);
            var row = new Row { RowIndex = index };
            for (var c = 0; c < table.Rows[r].Count; c++)
            {
                var cell = table.Rows[r][c];
                row.Append(StringCell(c, index, CellText(cell), FormatFor(cell)));
            }

            data.Append(row);
        }

        var worksheet = new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { WorkbookViewId = 0 }));

        if (columns > 0)
        {
            var widths = new Columns();
            for (var c = 0; c < columns; c++)
            {
                var longest = c < table.Headers.Count ? Longest(table.Headers[c]) : 0;
                foreach (var row in table.Rows)
                {
                    if (c < row.Count)
                    {
                        longest = Math.Max(longest, Longest(CellText(row[c])));
                    }
                }

                widths.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Width(longest), CustomWidth = true });
            }

            worksheet.Append(widths);
        }

        worksheet.Append(data);

        range = null;
        if (columns > 0)
        {
            var lastColumn = ColumnName(columns - 1);
            var lastRow = (table.Rows.Count + 1).ToString(CultureInfo.InvariantCulture);
            range = ($"A1:{lastColumn}{lastRow}", $"$A$1:${lastColumn}${lastRow}");
            worksheet.Append(new AutoFilter { Reference = range.Value.Relative });
        }

        return worksheet;
    }

    private static string CellText(ReportCell cell) => string.Join("\n", WordReport.LinesOf(cell));

    private static uint FormatFor(ReportCell cell)
    {
        if (WordReport.FillFor(cell.Rating) is { } fill)
        {
            return FirstFillFormat + (uint)Array.IndexOf(FillColours, fill);
        }

        return cell.IsMissing ? MissingFormat : TextFormat;
    }

    private static Cell StringCell(int column, uint row, string text, uint format)
    {
        var value = Neutralise(WordReport.XmlSafe(text).Replace("\r\n", "\n", StringComparison.Ordinal));
        if (value.Length > MaxCellLength)
        {
            value = value[..(MaxCellLength - 1)] + "\u2026";
        }

        return new Cell
        {
            CellReference = Reference(column, row),
            DataType = CellValues.InlineString,
            StyleIndex = format,
            InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
        };
    }

    private static int Longest(string text) =>
        text.Length == 0 ? 0 : text.Split('\n').Max(l => l.Length);

    private static double Width(int characters) => Math.Clamp(characters + 2, 10, 80);

    private static string Reference(int column, uint row) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static Stylesheet Stylesheet()
    {
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }));
        foreach (var colour in FillColours)
        {
            fills.Append(new Fill(new PatternFill(
                new ForegroundColor { Rgb = "FF" + colour },
                new BackgroundColor { Indexed = 64 })
            { PatternType = PatternValues.Solid }));
        }

        var formats = new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            Format(font: 0, fill: 0),
            Format(font: 1, fill: 0),
            Format(font: 2, fill: 0));
        for (var i = 0; i < FillColours.Length; i++)
        {
            formats.Append(Format(font: 0, fill: (uint)(i + 2)));
        }

        return new Stylesheet(
            new Fonts(Font(), Font(bold: true), Font(italic: true)),
            fills,
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())),
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }

    private static CellFormat Format(uint font, uint fill) =>
        new(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
        {
            NumberFormatId = 0,
            FontId = font,
            FillId = fill,
            BorderId = 0,
            FormatId = 0,
            ApplyFont = font != 0,
            ApplyFill = fill != 0,
            ApplyAlignment = true,
        };

    private static Font Font(bool bold = false, bool italic = false)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        if (italic)
        {
            font.Append(new Italic());
        }

        font.Append(new FontSize { Val = 11 }, new FontName { Val = "Arial" }, new FontFamilyNumbering { Val = 2 });
        return font;
    }
}

using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SendImprovement.Core.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as a Word document built for screen readers and Word's accessibility
/// checker: real heading styles with outline levels, a real bulleted list, tables with a caption, alternative text
/// and a repeating header row, the document language set to British English, and colour only ever alongside words.
/// </summary>
public static class WordReport
{
    private const string Font = "Arial";
    private const string Language = "en-GB";
    private const string TableStyleId = "ReportTable";
    private const string BorderColour = "505A5F";
    private const int BulletNumberingId = 1;

    // A4 landscape in twentieths of a point, with 2 cm margins.
    private const int PageWidth = 16838;
    private const int PageHeight = 11906;
    private const int Margin = 1134;
    private const int TextWidth = PageWidth - (2 * Margin);

    /// <summary>The date format used for "as at" dates in every format.</summary>
    internal const string DateFormat = "d MMMM yyyy";

    /// <summary>
    /// Light fills for the GOV.UK tag colour names. Text on them stays black, so its contrast is well over 4.5:1.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> Fills = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["blue"] = "D2E2F1",
        ["light-blue"] = "E8F1F8",
        ["turquoise"] = "D4ECEA",
        ["green"] = "CCE2D8",
        ["yellow"] = "FFF7BF",
        ["orange"] = "FCD6C3",
        ["red"] = "F4CDC6",
        ["pink"] = "F4D7E5",
        ["purple"] = "DBD5E9",
        ["grey"] = "ECEEEF",
    };

    public static byte[] Render(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            package.PackageProperties.Title = XmlSafe(document.Title);
            package.PackageProperties.Language = Language;
            package.PackageProperties.Creator = "SEND Improvement";

            var main = package.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = Numbering();

            // The body is streamed straight into the part rather than built as one tree and then saved: a board
            // pack has thousands of cells, and this roughly halves the time and memory.
            using (var writer = OpenXmlWriter.Create(main))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement(new Document());
                writer.WriteStartElement(new Body());
                writer.WriteElement(StyledParagraph("Title", [TextRun(document.Title)]));
                writer.WriteElement(About(document));
                var endsWithTable = false;
                foreach (var block in document.Blocks)
                {
                    if (block is ReportTable table)
                    {
                        endsWithTable = WriteTable(writer, table);
                        continue;
                    }

                    IEnumerable<OpenXmlElement> elements = block switch
                    {
                        ReportHeading heading => [StyledParagraph($"Heading{Math.Clamp(heading.Level - 1, 1, 4)}", [TextRun(heading.Text)])],
                        ReportParagraph paragraph => [StyledParagraph(null, [TextRun(paragraph.Text, italic: paragraph.IsMissing)])],
                        ReportList list => list.Items.Select(ListItem),
                        ReportFacts facts => facts.Items.Select(Fact),
                        _ => throw new NotSupportedException($"A {block.GetType().Name} cannot be written to Word."),
                    };
                    foreach (var element in elements)
                    {
                        writer.WriteElement(element);
                        endsWithTable = false;
                    }
                }

                // Word expects a paragraph after a table at the end of a document.
                if (endsWithTable)
                {
                    writer.WriteElement(new Paragraph());
                }

                writer.WriteElement(new SectionProperties(
                    new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Landscape },
                    new PageMargin { Top = Margin, Right = Margin, Bottom = Margin, Left = Margin, Header = 567, Footer = 567, Gutter = 0 }));
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
        }

        return stream.ToArray();
    }

    /// <summary>The light fill for a rating's colour, or null when the colour is not one we know.</summary>
    internal static string? FillFor(SnapshotScaleValue? rating)
    {
        if (rating is null || string.IsNullOrWhiteSpace(rating.Colour))
        {
            return null;
        }

        var name = rating.Colour.Trim();
        if (name.StartsWith("govuk-tag--", StringComparison.OrdinalIgnoreCase))
        {
            name = name["govuk-tag--".Length..];
        }

        return Fills.TryGetValue(name, out var fill) ? fill : null;
    }

    /// <summary>A cell's lines, with the rating's word added first if the lines do not already say it.</summary>
    internal static IReadOnlyList<string> LinesOf(ReportCell cell)
    {
        var lines = cell.Lines.Count == 0 ? [string.Empty] : cell.Lines;
        if (cell.Rating is { } rating
            && !string.IsNullOrWhiteSpace(rating.Label)
            && !lines.Any(l => l.Contains(rating.Label, StringComparison.OrdinalIgnoreCase)))
        {
            return [rating.Label, .. lines];
        }

        return lines;
    }

    /// <summary>Drops characters that XML 1.0 cannot hold (control characters other than tab and line breaks, lone surrogates).</summary>
    internal static string XmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsXmlSafe(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlSafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsXmlChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uFFFD' && !char.IsSurrogate(c));

    private static Paragraph About(ReportDocument document)
    {
        var asAt = document.AsAt.ToString(DateFormat, CultureInfo.InvariantCulture);
        return StyledParagraph(null,
        [
            TextRun("Partnership: ", bold: true),
            TextRun(document.PartnershipName),
            new Run(new Break()),
            TextRun("Plan: ", bold: true),
            TextRun(document.PlanName),
            new Run(new Break()),
            TextRun("Period: ", bold: true),
            TextRun($"{document.PeriodName}, as at {asAt}"),
            new Run(new Break()),
            TextRun(document.Provenance),
        ]);
    }

    private static Paragraph ListItem(string item)
    {
        var paragraph = new Paragraph(new ParagraphProperties(
            new ParagraphStyleId { Val = "ListParagraph" },
            new NumberingProperties(
                new NumberingLevelReference { Val = 0 },
                new NumberingId { Val = BulletNumberingId })));
        paragraph.Append(TextRun(item));
        return paragraph;
    }

    private static Paragraph Fact(ReportFact fact)
    {
        var term = fact.Term.TrimEnd().TrimEnd(':');
        return StyledParagraph(null,
        [
            TextRun($"{term}: ", bold: true),
            TextRun(string.Join("\n", LinesOf(fact.Value)), italic: fact.Value.IsMissing, fill: FillFor(fact.Value.Rating)),
        ]);
    }

    /// <summary>Writes a table's caption and then the table row by row, so a long table is never held whole.</summary>
    private static bool WriteTable(OpenXmlWriter writer, ReportTable table)
    {
        var columns = Math.Max(table.Headers.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
        if (columns == 0)
        {
            writer.WriteElement(StyledParagraph("Caption", [TextRun(table.Caption)]));
            writer.WriteElement(StyledParagraph(null, [TextRun("There is nothing to show in this table.", italic: true)]));
            return false;
        }

        writer.WriteElement(StyledParagraph("Caption", [TextRun(table.Caption)]));

        var widths = ColumnWidths(table, columns);
        var headerNames = string.Join(", ", table.Headers.Where(h => !string.IsNullOrWhiteSpace(h)));
        var rowCount = table.Rows.Count;
        var description = $"{table.Caption}. {rowCount} {(rowCount == 1 ? "row" : "rows")}"
            + (headerNames.Length == 0 ? "." : $", with columns: {headerNames}.");

        writer.WriteStartElement(new Table());
        writer.WriteElement(new TableProperties(
                new TableStyle { Val = TableStyleId },
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = false, LastColumn = false, NoHorizontalBand = true, NoVerticalBand = true },
                new TableCaption { Val = XmlSafe(table.Caption) },
                new TableDescription { Val = XmlSafe(description) }));
        writer.WriteElement(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));

        var header = new TableRow(new TableRowProperties(new TableHeader(), new CantSplit()));
        for (var c = 0; c < columns; c++)
        {
            var text = c < table.Headers.Count ? table.Headers[c] : string.Empty;
            header.Append(Cell(null, [StyledParagraph(null, [TextRun(text, bold: true)])]));
        }

        writer.WriteElement(header);

        // Rows are the bulk of a report (an exceptions list can run to a thousand), so they are written tag by tag
        // rather than built as elements first. The tags carry no per-row attributes, so one of each serves.
        var tags = new RowTags();
        foreach (var row in table.Rows)
        {
            writer.WriteStartElement(tags.Row);
            for (var c = 0; c < columns; c++)
            {
                writer.WriteStartElement(tags.Cell);
                if (c >= row.Count)
                {
                    writer.WriteElement(new Paragraph());
                    writer.WriteEndElement();
                    continue;
                }

                var cell = row[c];
                if (FillFor(cell.Rating) is { } fill)
                {
                    writer.WriteElement(new TableCellProperties(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill }));
                }

                var lines = LinesOf(cell);
                if (lines.Count == 0)
                {
                    writer.WriteElement(new Paragraph());
                }

                foreach (var line in lines)
                {
                    writer.WriteStartElement(tags.Paragraph);
                    writer.WriteStartElement(tags.Run);
                    if (cell.IsMissing)
                    {
                        writer.WriteElement(new RunProperties(new Italic(), new ItalicComplexScript()));
                    }

                    var parts = XmlSafe(line).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
                    for (var i = 0; i < parts.Length; i++)
                    {
                        if (i > 0)
                        {
                            writer.WriteElement(new Break());
                        }

                        writer.WriteStartElement(tags.Text);
                        writer.WriteString(parts[i]);
                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        return true;
    }

    /// <summary>A cell; its width comes from the table grid, so only shaded cells need properties of their own.</summary>
    private static TableCell Cell(string? fill, IEnumerable<Paragraph> paragraphs)
    {
        var cell = new TableCell();
        if (fill is not null)
        {
            cell.Append(new TableCellProperties(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill }));
        }

        var empty = true;
        foreach (var paragraph in paragraphs)
        {
            cell.Append(paragraph);
            empty = false;
        }

        if (empty)
        {
            cell.Append(new Paragraph());
        }

        return cell;
    }

    /// <summary>Shares the text width between columns by how much each holds, so short columns stay narrow.</summary>
    private static int[] ColumnWidths(ReportTable table, int columns)
    {
        var weights = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var longest = c < table.Headers.Count ? table.Headers[c].Length : 0;
            foreach (var row in table.Rows)
            {
                if (c < row.Count)
                {
                    longest = Math.Max(longest, row[c].Lines.Count == 0 ? 0 : row[c].Lines.Max(l => l.Length));
                }
            }

            weights[c] = Math.Clamp(longest, 6, 60);
        }

        var total = weights.Sum();
        return [.. weights.Select(w => (int)(TextWidth * w / total))];
    }

    private static Paragraph StyledParagraph(string? style, IEnumerable<Run> runs)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        paragraph.Append(runs);
        return paragraph;
    }

    /// <summary>A run of text; line breaks in the text become line breaks in Word.</summary>
    private static Run TextRun(string? text, bool bold = false, bool italic = false, string? fill = null)
    {
        var run = new Run();
        if (bold || italic || fill is not null)
        {
            var properties = new RunProperties();
            if (bold)
            {
                properties.Append(new Bold(), new BoldComplexScript());
            }

            if (italic)
            {
                properties.Append(new Italic(), new ItalicComplexScript());
            }

            if (fill is not null)
            {
                properties.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill });
            }

            run.Append(properties);
        }

        var lines = XmlSafe(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        return run;
    }

    private static Styles Styles()
    {
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    Fonts(),
                    new FontSize { Val = "22" },
                    new FontSizeComplexScript { Val = "22" },
                    new Languages { Val = Language, EastAsia = Language, Bidi = "ar-SA" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "160", Line = "276", LineRule = LineSpacingRuleValues.Auto }))));

        styles.Append(new Style(
            new StyleName { Val = "Normal" },
            new PrimaryStyle(),
            new StyleRunProperties(Fonts(), new FontSize { Val = "22" }, new FontSizeComplexScript { Val = "22" }, new Languages { Val = Language }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });

        styles.Append(new Style(
            new StyleName { Val = "Title" },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = 10 },
            new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = "0", After = "240" }),
            new StyleRunProperties(new Bold(), new BoldComplexScript(), new Color { Val = "000000" }, new FontSize { Val = "48" }, new FontSizeComplexScript { Val = "48" }))
        { Type = StyleValues.Paragraph, StyleId = "Title" });

        string[] sizes = ["36", "30", "26", "22"];
        for (var level = 1; level <= 4; level++)
        {
            styles.Append(new Style(
                new StyleName { Val = $"heading {level}" },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new UIPriority { Val = 9 },
                new PrimaryStyle(),
                new StyleParagraphProperties(
                    new KeepNext(),
                    new KeepLines(),
                    new SpacingBetweenLines { Before = level == 1 ? "360" : "240", After = "120" },
                    new OutlineLevel { Val = level - 1 }),
                new StyleRunProperties(new Bold(), new BoldComplexScript(), new Color { Val = "000000" }, new FontSize { Val = sizes[level - 1] }, new FontSizeComplexScript { Val = sizes[level - 1] }))
            { Type = StyleValues.Paragraph, StyleId = $"Heading{level}" });
        }

        styles.Append(new Style(
            new StyleName { Val = "List Paragraph" },
            new BasedOn { Val = "Normal" },
            new UIPriority { Val = 34 },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "80" }, new Indentation { Left = "720" }, new ContextualSpacing()))
        { Type = StyleValues.Paragraph, StyleId = "ListParagraph" });

        styles.Append(new Style(
            new StyleName { Val = "caption" },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = 35 },
            new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }),
            new StyleRunProperties(new Bold(), new BoldComplexScript(), new Color { Val = "000000" }))
        { Type = StyleValues.Paragraph, StyleId = "Caption" });

        styles.Append(new Style(
            new StyleName { Val = "Report Table" },
            new UIPriority { Val = 39 },
            new StyleParagraphProperties(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }),
            new StyleTableProperties(
                new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = BorderColour },
                    new LeftBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = BorderColour },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = BorderColour },
                    new RightBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = BorderColour },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = BorderColour },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Space = 0, Color = BorderColour }),
                new TableCellMarginDefault(
                    new TopMargin { Width = "57", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "57", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = TableStyleId });

        return styles;
    }

    private static RunFonts Fonts() => new() { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font };

    private static Numbering Numbering() =>
        new(
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.SingleLevel },
                new Level(
                    new StartNumberingValue { Val = 1 },
                    new NumberingFormat { Val = NumberFormatValues.Bullet },
                    new LevelText { Val = "\u2022" },
                    new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }),
                    new NumberingSymbolRunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, Hint = FontTypeHintValues.Default }))
                { LevelIndex = 0 })
            { AbstractNumberId = BulletNumberingId },
            new NumberingInstance(new AbstractNumId { Val = BulletNumberingId }) { NumberID = BulletNumberingId });

    private sealed class RowTags
    {
        public TableRow Row { get; } = new();

        public TableCell Cell { get; } = new();

        public Paragraph Paragraph { get; } = new();

        public Run Run { get; } = new();

        public Text Text { get; } = new() { Space = SpaceProcessingModeValues.Preserve };
    }
}

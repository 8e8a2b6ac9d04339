using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SendImprovement.Core.Imports;

/// <summary>
/// Reads the tables of a .docx document into plain tables of cell text. Fields are not updated and macros are never
/// run (a .docx cannot hold them). XML is parsed by the OpenXml SDK, which prohibits DTDs, so external entities and
/// entity expansion are refused rather than resolved.
/// </summary>
public static class WordTableReader
{
    private const string NotDocument =
        "This file is not a Word document (.docx). Save it as .docx from Word and upload it again.";

    /// <summary>Every top-level table of the document body, in order, named "Table 1", "Table 2"...</summary>
    /// <exception cref="ImportFileException">The file is not a readable .docx document.</exception>
    public static IReadOnlyList<SourceTable> ReadDocx(Stream stream, ImportLimits? limits = null)
    {
        using var buffer = ImportFiles.Buffer(stream, limits ?? ImportLimits.Default);
        ImportFiles.CheckPackage(buffer, "document", NotDocument);
        var opened = false;
        try
        {
            using var document = WordprocessingDocument.Open(buffer, false);
            opened = document.MainDocumentPart is not null;
            var body = document.MainDocumentPart?.Document?.Body ?? throw new ImportFileException(NotDocument);
            var reader = new Walker(ListStyles(document.MainDocumentPart), (limits ?? ImportLimits.Default).MaxRows);
            reader.Walk(body);
            return reader.Tables;
        }
        catch (Exception ex) when (ex is not ImportFileException && ImportFiles.IsPackageFailure(ex))
        {
            throw ImportFiles.Damaged("document", opened ? ImportFiles.DamagedMessage("document", "Word") : NotDocument, ex);
        }
    }

    /// <summary>Paragraph styles that carry list numbering themselves (such as "List Bullet").</summary>
    private static HashSet<string> ListStyles(MainDocumentPart part)
    {
        var styles = part.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [];
        return styles
            .Where(s => s.StyleId?.Value is not null
                && s.StyleParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value is > 0)
            .Select(s => s.StyleId!.Value!)
            .ToHashSet(StringComparer.Ordinal);
    }

    private sealed class Walker(HashSet<string> listStyles, int maxRows)
    {
        private List<SourceRow>? _previousRows;
        private bool _textSincePreviousTable;

        public List<SourceTable> Tables { get; } = [];

        /// <summary>Walks block-level content in document order, into content controls but not into tables.</summary>
        public void Walk(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                switch (child)
                {
                    case Table table:
                        Read(table);
                        break;
                    case Paragraph paragraph:
                        if (ParagraphText(paragraph).Trim().Length > 0)
                        {
                            _textSincePreviousTable = true;
                        }

                        break;
                    case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                        Walk(content);
                        break;
                    case CustomXmlBlock custom:
                        Walk(custom);
                        break;
                    default:
                        break;
                }
            }
        }

        private void Read(Table table)
        {
            var notes = new List<string>();
            var rows = new List<SourceRow>();
            var headerFlags = new List<bool>();
            var number = 0;
            foreach (var row in table.Elements<TableRow>())
            {
                number++;
                if (number > maxRows)
                {
                    throw new ImportFileException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Table {Tables.Count + 1} has more than {maxRows:N0} rows. Split the document and upload it again."));
                }

                var above = rows.Count > 0 ? rows[^1].Cells : [];
                rows.Add(new SourceRow(number, ReadRow(row, above), false));
                headerFlags.Add(row.TableRowProperties?.GetFirstChild<TableHeader>() is { } header
                    && (header.Val is null || header.Val.Value == OnOffOnlyValues.On));

                var nested = row.Descendants<Table>().Count();
                if (nested > 0)
                {
                    notes.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Row {number} has a table inside a cell; its text was read as lines of that cell."));
                }
            }

            var trimmed = ImportFiles.Trim(rows);

            // Continuation heuristic. Word splits a long table across pages by itself, but plans typed over years
            // often hold a table broken into several, one after another. A table is taken as continuing the one
            // before it when (1) no text (only empty paragraphs or page breaks) lies between them, (2) both have
            // the same number of columns, and (3) its first row is not a header row of its own: either it repeats
            // the previous table's first row exactly (a repeated header, which is dropped) or it is not marked as
            // a header row ("Repeat as header row at the top of each page").
            if (_previousRows is { Count: > 0 } previous && !_textSincePreviousTable && trimmed.Count > 0
                && previous[0].Cells.Count == trimmed[0].Cells.Count)
            {
                var repeatsHeader = previous[0].Cells.SequenceEqual(trimmed[0].Cells, StringComparer.Ordinal);
                if (repeatsHeader || !headerFlags[0])
                {
                    notes.Insert(0, "Continues the table before it (split across pages)");
                    if (repeatsHeader)
                    {
                        trimmed.RemoveAt(0);
                        notes.Insert(1, "Row 1 repeats the header of the table before it and was left out");
                    }
                }
            }

            Tables.Add(new SourceTable(
                string.Create(CultureInfo.InvariantCulture, $"Table {Tables.Count + 1}"), trimmed, notes));
            if (trimmed.Count > 0)
            {
                // A continuation's columns are those of the first table of the run.
                _previousRows = notes.Count > 0 && notes[0].StartsWith("Continues", StringComparison.Ordinal)
                    ? _previousRows
                    : trimmed;
            }

            _textSincePreviousTable = false;
        }

        /// <summary>
        /// One row's cells laid out on the table grid: a cell spanning columns (gridSpan) is repeated across them,
        /// and a vertically merged continuation cell takes the value of the cell above.
        /// </summary>
        private List<string> ReadRow(TableRow row, IReadOnlyList<string> above)
        {
            var cells = new List<string>();
            var before = row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
            for (var i = 0; i < before; i++)
            {
                cells.Add(string.Empty);
            }

            foreach (var cell in Cells(row))
            {
                var properties = cell.TableCellProperties;
                var span = Math.Clamp(properties?.GridSpan?.Val?.Value ?? 1, 1, 64);
                var merge = properties?.VerticalMerge;
                var continues = merge is not null
                    && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                var column = cells.Count;
                var text = continues
                    ? (column < above.Count ? above[column] : string.Empty)
                    : CellText(cell);
                for (var i = 0; i < span; i++)
                {
                    cells.Add(text);
                }
            }

            return cells;
        }

        private static IEnumerable<TableCell> Cells(OpenXmlElement row)
        {
            foreach (var child in row.ChildElements)
            {
                if (child is TableCell cell)
                {
                    yield return cell;
                }
                else if (child is SdtCell sdt && sdt.SdtContentCell is { } content)
                {
                    foreach (var inner in Cells(content))
                    {
                        yield return inner;
                    }
                }
                else if (child is CustomXmlCell custom)
                {
                    foreach (var inner in Cells(custom))
                    {
                        yield return inner;
                    }
                }
            }
        }

        /// <summary>Paragraphs joined by "\n" (list paragraphs start with "• "), without empty lines at the ends.</summary>
        private string CellText(TableCell cell)
        {
            var lines = new List<string>();
            foreach (var paragraph in cell.Descendants<Paragraph>())
            {
                var text = ParagraphText(paragraph);
                lines.Add(IsListItem(paragraph) && text.Length > 0 ? "• " + text : text);
            }

            return string.Join("\n", lines).Trim('\n');
        }

        private bool IsListItem(Paragraph paragraph)
        {
            var properties = paragraph.ParagraphProperties;
            if (properties?.NumberingProperties?.NumberingId?.Val?.Value is { } id)
            {
                return id > 0;
            }

            return properties?.ParagraphStyleId?.Val?.Value is { } style && listStyles.Contains(style);
        }

        /// <summary>The visible text of a paragraph: text, tabs and manual line breaks; not deleted text or field codes.</summary>
        private static string ParagraphText(Paragraph paragraph)
        {
            var text = new StringBuilder();
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append('\t');
                        break;
                    case Break b when b.Type is null || b.Type.Value == BreakValues.TextWrapping:
                    case CarriageReturn:
                        text.Append('\n');
                        break;
                    case NoBreakHyphen:
                        text.Append('-');
                        break;
                    default:
                        break;
                }
            }

            return text.ToString();
        }
    }
}

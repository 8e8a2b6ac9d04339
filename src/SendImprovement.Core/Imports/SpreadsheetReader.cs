using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SendImprovement.Core.Imports;

/// <summary>
/// Reads .xlsx workbooks and .csv files into plain tables of cell text. Formulas are never evaluated (a formula
/// cell gives the value Excel cached when it last saved the file) and macros are never run (an .xlsx cannot hold
/// them, and nothing here executes anything). XML is parsed by the OpenXml SDK, which prohibits DTDs, so external
/// entities and entity expansion are refused rather than resolved.
/// </summary>
public static class SpreadsheetReader
{
    /// <summary>Merged ranges are copied no further right than this column (IV): plans are never that wide.</summary>
    private const int MaxMergedColumn = 256;

    /// <summary>The most cells merged ranges may be copied into, in one sheet.</summary>
    private const long MaxMergedCells = 2_000_000;

    private const string NotWorkbook =
        "This file is not an Excel workbook (.xlsx). Save it as .xlsx from Excel and upload it again.";

    private const string NotCsv =
        "This file is not a CSV text file. Save it as CSV (comma delimited) or as .xlsx from Excel and upload it again.";

    /// <summary>Every sheet of the workbook, in workbook order.</summary>
    /// <exception cref="ImportFileException">The file is not a readable .xlsx workbook.</exception>
    public static IReadOnlyList<SourceTable> ReadXlsx(Stream stream, ImportLimits? limits = null)
    {
        using var buffer = ImportFiles.Buffer(stream, limits ?? ImportLimits.Default);
        ImportFiles.CheckPackage(buffer, "workbook", NotWorkbook);
        var opened = false;
        try
        {
            using var document = SpreadsheetDocument.Open(buffer, false);
            var workbookPart = document.WorkbookPart ?? throw new ImportFileException(NotWorkbook);
            opened = true;
            var context = new WorkbookContext(workbookPart);
            var tables = new List<SourceTable>();
            foreach (var sheet in workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                var name = sheet.Name?.Value ?? string.Create(CultureInfo.InvariantCulture, $"Sheet {tables.Count + 1}");
                var notes = new List<string>();
                if (sheet.State?.Value is { } state && state != SheetStateValues.Visible)
                {
                    notes.Add("This sheet is hidden in the workbook.");
                }

                if (sheet.Id?.Value is not { } id || workbookPart.GetPartById(id) is not WorksheetPart worksheetPart)
                {
                    // A chart sheet or dialog sheet holds no cells.
                    continue;
                }

                var rows = ReadSheet(worksheetPart, context, name, notes, (limits ?? ImportLimits.Default).MaxRows);
                tables.Add(new SourceTable(name, rows, notes));
            }

            return tables;
        }
        catch (Exception ex) when (ex is not ImportFileException && ImportFiles.IsPackageFailure(ex))
        {
            throw ImportFiles.Damaged("workbook", opened ? ImportFiles.DamagedMessage("workbook", "Excel") : NotWorkbook, ex);
        }
    }

    private static List<SourceRow> ReadSheet(
        WorksheetPart worksheetPart, WorkbookContext context, string sheetName, List<string> notes, int maxRows)
    {
        var cells = new SortedDictionary<int, SortedDictionary<int, string>>();
        var hidden = new HashSet<int>();
        var merges = new List<(int Row1, int Col1, int Row2, int Col2)>();
        var lastRow = 0;

        // SAX-style: only one <row> at a time is loaded into memory.
        using (var reader = OpenXmlReader.Create(worksheetPart))
        {
            while (reader.Read())
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    var row = (Row)reader.LoadCurrentElement()!;
                    var number = row.RowIndex?.Value is { } index ? (int)index : lastRow + 1;
                    lastRow = number;
                    if (cells.Count >= maxRows)
                    {
                        throw new ImportFileException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"The sheet \"{sheetName}\" has more than {maxRows:N0} rows. Delete the rows you do not need, or split the sheet, and upload it again."));
                    }

                    if (row.Hidden?.Value == true)
                    {
                        hidden.Add(number);
                    }

                    var values = new SortedDictionary<int, string>();
                    var column = 0;
                    foreach (var cell in row.Elements<Cell>())
                    {
                        column = cell.CellReference?.Value is { } reference && ParseReference(reference) is { } parsed
                            ? parsed.Column
                            : column + 1;
                        var text = context.CellText(cell);
                        if (text.Length > 0)
                        {
                            values[column] = text;
                        }
                    }

                    cells[number] = values;
                }
                else if (reader.ElementType == typeof(MergeCell) && reader.IsStartElement)
                {
                    var merge = (MergeCell)reader.LoadCurrentElement()!;
                    if (merge.Reference?.Value?.Split(':') is [var from, var to]
                        && ParseReference(from) is { } a && ParseReference(to) is { } b)
                    {
                        merges.Add((Math.Min(a.Row, b.Row), Math.Min(a.Column, b.Column),
                            Math.Max(a.Row, b.Row), Math.Max(a.Column, b.Column)));
                    }
                }
            }
        }

        // Merged ranges: the top-left value is copied into every cell of the range, so an outcome spanning
        // several action rows appears on each of them.
        // A few hundred bytes can declare a merge of the whole sheet (A1:XFD1048576), so the copying has a budget.
        long copied = 0;
        foreach (var (row1, col1, row2, col2) in merges)
        {
            if (!cells.TryGetValue(row1, out var top) || !top.TryGetValue(col1, out var value))
            {
                continue;
            }

            for (var r = row1; r <= row2 && r - row1 < maxRows; r++)
            {
                if (!cells.TryGetValue(r, out var target))
                {
                    target = [];
                    cells[r] = target;
                }

                for (var c = col1; c <= col2 && c <= MaxMergedColumn; c++)
                {
                    target[c] = value;
                    if (++copied > MaxMergedCells)
                    {
                        throw new ImportFileException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"The sheet \"{sheetName}\" has merged cells covering more than {MaxMergedCells:N0} cells, far more than a plan holds. Unmerge the cells you do not need and upload it again."));
                    }
                }
            }
        }

        var last = cells.LastOrDefault(kv => kv.Value.Count > 0).Key;
        var rows = new List<SourceRow>();
        for (var number = 1; number <= last; number++)
        {
            var values = cells.TryGetValue(number, out var found) ? found : [];
            var width = values.Count == 0 ? 0 : values.Keys.Max();
            var list = new string[width];
            for (var c = 1; c <= width; c++)
            {
                list[c - 1] = values.TryGetValue(c, out var text) ? text : string.Empty;
            }

            rows.Add(new SourceRow(number, list, hidden.Contains(number)));
        }

        foreach (var range in ImportFiles.Ranges(hidden.Where(h => h <= last)))
        {
            notes.Add(range.StartsWith("Rows", StringComparison.Ordinal)
                ? $"{range} are hidden in the spreadsheet"
                : $"{range} is hidden in the spreadsheet");
        }

        return ImportFiles.Trim(rows);
    }

    /// <summary>"B12" → row 12, column 2; null when it is not a cell reference.</summary>
    internal static (int Row, int Column)? ParseReference(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 16384)
            {
                return null;
            }
        }

        return column > 0 && int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0
            ? (row, column)
            : null;
    }

    /// <summary>Shared strings and number formats, read once per workbook.</summary>
    private sealed class WorkbookContext
    {
        private readonly List<string> _sharedStrings = [];
        private readonly List<bool> _dateStyles = [];
        private readonly bool _date1904;

        public WorkbookContext(WorkbookPart workbookPart)
        {
            _date1904 = workbookPart.Workbook?.WorkbookProperties?.Date1904?.Value == true;
            if (workbookPart.SharedStringTablePart is { } sharedStringPart)
            {
                using var reader = OpenXmlReader.Create(sharedStringPart);
                while (reader.Read())
                {
                    if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                    {
                        _sharedStrings.Add(RichText(reader.LoadCurrentElement()!));
                    }
                }
            }

            var stylesheet = workbookPart.WorkbookStylesPart?.Stylesheet;
            var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
                .Where(f => f.NumberFormatId?.Value is not null)
                .GroupBy(f => f.NumberFormatId!.Value)
                .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? string.Empty) ?? [];
            foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
            {
                var id = format.NumberFormatId?.Value ?? 0;
                _dateStyles.Add(custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDate(id));
            }
        }

        public string CellText(Cell cell)
        {
            var raw = cell.CellValue?.Text ?? string.Empty;
            var type = cell.DataType?.Value;
            if (type == CellValues.SharedString)
            {
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && index < _sharedStrings.Count
                    ? _sharedStrings[index]
                    : string.Empty;
            }

            if (type == CellValues.InlineString)
            {
                return cell.InlineString is { } inline ? RichText(inline) : ImportFiles.CleanText(raw);
            }

            if (type == CellValues.Boolean)
            {
                return raw switch
                {
                    "1" => "TRUE",
                    "0" => "FALSE",
                    _ => raw,
                };
            }

            if (type == CellValues.Date)
            {
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso)
                    ? FormatDate(iso)
                    : raw;
            }

            if (type == CellValues.String || type == CellValues.Error)
            {
                return ImportFiles.CleanText(raw);
            }

            // A number, written as stored: only a date-formatted serial becomes a date.
            var style = (int)(cell.StyleIndex?.Value ?? 0);
            if (style < _dateStyles.Count && _dateStyles[style]
                && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
                && serial >= 1 && serial < 2958466)
            {
                var date = DateTime.FromOADate(serial);
                return FormatDate(_date1904 ? date.AddDays(1462) : date);
            }

            return raw;
        }

        private static string FormatDate(DateTime date) =>
            date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

        /// <summary>The text of a shared or inline string: plain text or rich text runs, without phonetic runs.</summary>
        private static string RichText(OpenXmlElement item)
        {
            var text = new StringBuilder();
            foreach (var child in item.ChildElements)
            {
                if (child is Text plain)
                {
                    text.Append(plain.Text);
                }
                else if (child is Run run)
                {
                    text.Append(run.Text?.Text);
                }
            }

            return ImportFiles.CleanText(text.ToString());
        }

        /// <summary>Excel's built-in date and date-time formats (14–22, 27–36, 45–47, 50–58).</summary>
        private static bool IsBuiltInDate(uint id) =>
            id is (>= 14 and <= 17) or 22 or (>= 27 and <= 36) or (>= 50 and <= 58);

        /// <summary>
        /// A custom format is a date format when, outside quoted text, escapes and [bracketed] sections, it uses
        /// d, y, or m without h or s (a time-only format such as "h:mm" is left as a number).
        /// </summary>
        internal static bool IsDateFormat(string code)
        {
            var section = code.Split(';')[0];
            var bare = new StringBuilder();
            for (var i = 0; i < section.Length; i++)
            {
                var c = section[i];
                if (c == '"')
                {
                    var end = section.IndexOf('"', i + 1);
                    i = end < 0 ? section.Length : end;
                }
                else if (c == '[')
                {
                    var end = section.IndexOf(']', i + 1);
                    i = end < 0 ? section.Length : end;
                }
                else if (c is '\\' or '_' or '*')
                {
                    i++;
                }
                else
                {
                    bare.Append(char.ToLowerInvariant(c));
                }
            }

            var s = bare.ToString();
            return s.Contains('d', StringComparison.Ordinal) || s.Contains('y', StringComparison.Ordinal)
                || (s.Contains('m', StringComparison.Ordinal) && !s.Contains('h', StringComparison.Ordinal)
                    && !s.Contains('s', StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// A CSV file as one table named "CSV". UTF-8 with or without a byte order mark; when the bytes are not valid
    /// UTF-8 they are read as Windows-1252 (what Excel writes for "CSV (comma delimited)" on UK Windows). The
    /// delimiter, comma or semicolon, is whichever appears more often outside quotes in the first lines. Quotes
    /// follow RFC 4180: quoted fields may hold delimiters, line breaks and doubled quotes.
    /// </summary>
    /// <exception cref="ImportFileException">The file is too large or is not text.</exception>
    public static IReadOnlyList<SourceTable> ReadCsv(Stream stream, ImportLimits? limits = null)
    {
        using var buffer = ImportFiles.Buffer(stream, limits ?? ImportLimits.Default);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var text = Decode(bytes);
        var delimiter = DetectDelimiter(text);
        var records = ParseCsv(text, delimiter);
        if (records.Count > (limits ?? ImportLimits.Default).MaxRows)
        {
            throw new ImportFileException(string.Create(
                CultureInfo.InvariantCulture,
                $"The file has more than {(limits ?? ImportLimits.Default).MaxRows:N0} rows. Delete the rows you do not need, or split the file, and upload it again."));
        }

        var rows = records.Select((cells, i) => new SourceRow(i + 1, cells, false));
        return [new SourceTable("CSV", ImportFiles.Trim(rows), [])];
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        if (ImportFiles.LooksBinary(bytes))
        {
            throw new ImportFileException(NotCsv);
        }

        try
        {
            return ImportFiles.StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Windows-1252 is in the shared framework's code pages provider; registering it is idempotent.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    private static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, lines = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
            else if (!quoted && c == '\n' && ++lines >= 10)
            {
                break;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    private static List<IReadOnlyList<string>> ParseCsv(string text, char delimiter)
    {
        var records = new List<IReadOnlyList<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (c == '\r')
                {
                    field.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                field.Append(c);
            }

            i++;
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}

using System.Globalization;
using System.Text;
using SendImprovement.Core.Imports;
using Sylvan.Data.Csv;

namespace SendImprovement.Core.Measures;

/// <summary>
/// Reads a file of figures row by row: a CSV is streamed (so a file of a million rows takes no more memory than
/// one of a thousand), a workbook's first visible sheet is read whole through the plan importer's reader.
/// </summary>
public static class MeasureFileRows
{
    public const string NotSupported = "The file must be a CSV (.csv) or an Excel workbook (.xlsx).";

    /// <summary>The rows of the file, header first; each with its row number as a spreadsheet shows it.</summary>
    /// <exception cref="ImportFileException">The file cannot be read.</exception>
    public static IEnumerable<(int Number, string[] Cells)> Read(string fileName, Func<Stream> open, ImportLimits limits)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".csv" or ".txt" => ReadCsv(open),
            ".xlsx" => ReadXlsx(open, limits),
            _ => throw new ImportFileException(NotSupported),
        };
    }

    private static IEnumerable<(int Number, string[] Cells)> ReadXlsx(Func<Stream> open, ImportLimits limits)
    {
        IReadOnlyList<SourceTable> tables;
        using (var stream = open())
        {
            tables = SpreadsheetReader.ReadXlsx(stream, limits);
        }

        var table = tables.FirstOrDefault(t => t.Rows.Count > 0)
            ?? throw new ImportFileException("The workbook has no rows to read.");
        foreach (var row in table.Rows)
        {
            yield return (row.Number, [.. row.Cells]);
        }
    }

    private static IEnumerable<(int Number, string[] Cells)> ReadCsv(Func<Stream> open)
    {
        using var stream = open();
        var (encoding, delimiter) = Sniff(stream);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        using var reader = Open(text, delimiter);
        var number = 0;
        while (Next(reader))
        {
            number++;
            var cells = new string[reader.RowFieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }

            yield return (number, cells);
        }
    }

    private static CsvDataReader Open(TextReader text, char delimiter)
    {
        try
        {
            return CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter, MaxBufferSize = 1 << 22 });
        }
        catch (CsvFormatException ex)
        {
            throw new ImportFileException(Unreadable(ex), ex);
        }
    }

    private static bool Next(CsvDataReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException ex)
        {
            throw new ImportFileException(Unreadable(ex), ex);
        }
    }

    private static string Unreadable(CsvFormatException ex) =>
        $"The file could not be read as CSV near row {ex.RowNumber.ToString(CultureInfo.InvariantCulture)}: check for a quote (\") that is opened and never closed, or a row longer than 4 million characters.";

    /// <summary>
    /// UTF-8 (with or without a byte order mark) unless the first megabyte is not valid UTF-8: then Windows-1252. The
    /// delimiter is whichever of comma, semicolon and tab the first line has most of.
    /// </summary>
    private static (Encoding Encoding, char Delimiter) Sniff(Stream stream)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var buffer = new byte[1 << 20];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }

        if (!stream.CanSeek)
        {
            throw new InvalidOperationException("The file must be readable from the start again.");
        }

        stream.Position = start;
        var bytes = buffer.AsSpan(0, read);
        if (ImportFiles.LooksBinary(bytes))
        {
            throw new ImportFileException("The file is not a CSV file: it looks like a binary file. Save it as CSV (comma delimited) and upload it again.");
        }

        // A multi-byte character may be cut at the end of the sample: look only up to the last line break.
        var end = bytes.LastIndexOf((byte)'\n');
        var sample = read == buffer.Length && end > 0 ? bytes[..end] : bytes;
        var firstLine = bytes.IndexOf((byte)'\n') is var newline and >= 0 ? bytes[..newline] : bytes;
        var commas = firstLine.Count((byte)',');
        var semicolons = firstLine.Count((byte)';');
        var tabs = firstLine.Count((byte)'\t');
        var delimiter = semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
        try
        {
            ImportFiles.StrictUtf8.GetCharCount(sample);
            return (new UTF8Encoding(false), delimiter);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return (Encoding.GetEncoding(1252), delimiter);
        }
    }
}

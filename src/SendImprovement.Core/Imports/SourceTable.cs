using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace SendImprovement.Core.Imports;

/// <summary>
/// One table read from an uploaded file, as plain cell text: a worksheet, a CSV file or a Word table.
/// Nothing is interpreted here; that is the normalisation step's job.
/// </summary>
/// <param name="Name">The sheet name, "CSV", or "Table 3" for the third table of a Word document.</param>
/// <param name="Rows">Every row up to the last one holding text, all with the same number of cells.</param>
/// <param name="Notes">What the reader noticed and the user should know (hidden rows, split tables...).</param>
public sealed record SourceTable(string Name, IReadOnlyList<SourceRow> Rows, IReadOnlyList<string> Notes);

/// <param name="Number">The 1-based row number as the user sees it (the spreadsheet row, the CSV record or the
/// row of the Word table).</param>
/// <param name="Cells">The cell text, with line breaks as "\n".</param>
/// <param name="IsHidden">True when the row is hidden in the spreadsheet.</param>
public sealed record SourceRow(int Number, IReadOnlyList<string> Cells, bool IsHidden);

/// <summary>
/// An uploaded file that cannot be read. The message says what is wrong and what to do, and can be shown to the
/// user as it is.
/// </summary>
public sealed class ImportFileException : Exception
{
    public ImportFileException()
        : this("The file could not be read.")
    {
    }

    public ImportFileException(string message)
        : base(message)
    {
    }

    public ImportFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The largest file a kind of upload accepts.</summary>
public interface IUploadLimits
{
    int MaxFileMegabytes { get; }

    long MaxFileBytes { get; }

    /// <summary>What a person is told when their file is over the limit.</summary>
    static string TooLargeMessage(int maxFileMegabytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"This file is larger than {maxFileMegabytes} MB. Remove sheets, pictures or old rows you do not need, or split it into smaller files, and upload it again.");
}

/// <summary>
/// The configurable limits on uploaded files (section "Imports" of the configuration): the largest file and the most
/// rows in one sheet or table.
/// </summary>
public sealed record ImportLimits : IUploadLimits
{
    public const string Section = "Imports";

    /// <summary>The largest upload accepted, in megabytes (default 20).</summary>
    public int MaxFileMegabytes { get; init; } = 20;

    /// <summary>The most rows read from one sheet, CSV file or Word table (default 100,000).</summary>
    public int MaxRows { get; init; } = 100_000;

    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024L;

    public static readonly ImportLimits Default = new();
}

/// <summary>Checks shared by the readers: size, file signature and zip bombs.</summary>
internal static partial class ImportFiles
{
    /// <summary>The most bytes a package may expand to (zip bomb guard).</summary>
    public const long MaxExpandedBytes = 500L * 1024 * 1024;

    /// <summary>The highest compression ratio allowed for a large part (zip bomb guard).</summary>
    public const long MaxCompressionRatio = 200;

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Copies the upload into memory (checking its size) so the package can be opened seekably.</summary>
    public static MemoryStream Buffer(Stream stream, ImportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var maxFileBytes = limits.MaxFileBytes;
        if (stream.CanSeek && stream.Length - stream.Position > maxFileBytes)
        {
            throw TooLarge(limits);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxFileBytes)
            {
                buffer.Dispose();
                throw TooLarge(limits);
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static ImportFileException TooLarge(ImportLimits limits) => new(IUploadLimits.TooLargeMessage(limits.MaxFileMegabytes));

    /// <summary>
    /// Rejects what is not a zip package before the OpenXml SDK sees it: password-protected Office files and old
    /// binary files are OLE compound files, and anything else is not a package at all. Then checks the zip's
    /// declared sizes against the expansion limits.
    /// </summary>
    public static void CheckPackage(MemoryStream buffer, string kind, string notPackageMessage)
    {
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith(CompoundFileSignature))
        {
            throw new ImportFileException(
                $"This {kind} is password-protected, or is in an old format ({(kind == "workbook" ? ".xls" : ".doc")}). Remove the password (File > Info > Protect, then clear the password), save it as {(kind == "workbook" ? ".xlsx" : ".docx")} and upload it again.");
        }

        if (!bytes.StartsWith(ZipSignature))
        {
            throw new ImportFileException(notPackageMessage);
        }

        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? 0 : entry.Length / entry.CompressedLength;
                if (total > MaxExpandedBytes || (entry.Length > 1024 * 1024 && ratio > MaxCompressionRatio))
                {
                    throw new ImportFileException(
                        $"This {kind} expands to far more data than a real plan holds, so it was not opened. Save it again from Office and upload it again; if the problem continues, remove pictures or sheets you do not need.");
                }
            }

            // The package must say it is a workbook (or a document): a Word file renamed .xlsx is not a damaged workbook.
            var mainPart = kind == "workbook" ? "spreadsheetml" : "wordprocessingml";
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1024 * 1024)
            {
                throw new ImportFileException(notPackageMessage);
            }

            using var reader = new StreamReader(types.Open());
            if (!reader.ReadToEnd().Contains(mainPart, StringComparison.Ordinal))
            {
                throw new ImportFileException(notPackageMessage);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ImportFileException(notPackageMessage, ex);
        }
        finally
        {
            buffer.Position = 0;
        }
    }

    /// <summary>True for the exceptions the OpenXml SDK and System.IO.Packaging throw on bad content.</summary>
    public static bool IsPackageFailure(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or XmlException or IOException
            or InvalidOperationException or ArgumentException or NotSupportedException or FormatException
            or KeyNotFoundException or NullReferenceException or IndexOutOfRangeException or InvalidCastException;

    /// <summary>The message for an Office file that opened but whose content is broken.</summary>
    public static string DamagedMessage(string kind, string application) =>
        $"This {kind} is damaged: part of it could not be read. Open it in {application}, which may offer to repair it, save it again and upload it again.";

    /// <summary>The message for a package that opened as a zip but failed while being read.</summary>
    public static ImportFileException Damaged(string kind, string notPackageMessage, Exception ex) =>
        ex is XmlException xml && xml.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            ? new ImportFileException(
                $"This {kind} contains XML with a document type declaration, which is not allowed in Office files and is refused for safety. Open it in Office, save it again and upload it again.",
                ex)
            : new ImportFileException(notPackageMessage, ex);

    /// <summary>
    /// Decodes the "_xHHHH_" escapes Office writes for control characters (Excel stores a carriage return as
    /// "_x000D_") and turns every line ending into "\n".
    /// </summary>
    public static string CleanText(string text)
    {
        if (text.Contains("_x", StringComparison.Ordinal))
        {
            text = OfficeEscape().Replace(text, m =>
                ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());
        }

        return text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;
    }

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex OfficeEscape();

    /// <summary>
    /// Pads rows to the same width and drops trailing empty rows and columns.
    /// </summary>
    public static List<SourceRow> Trim(IEnumerable<SourceRow> rows)
    {
        var list = rows.ToList();
        var lastRow = list.FindLastIndex(r => r.Cells.Any(c => c.Length > 0));
        list = list.Take(lastRow + 1).ToList();
        var width = 0;
        foreach (var row in list)
        {
            for (var i = row.Cells.Count - 1; i >= width; i--)
            {
                if (row.Cells[i].Length > 0)
                {
                    width = i + 1;
                    break;
                }
            }
        }

        return list
            .Select(r => r with
            {
                Cells = Enumerable.Range(0, width).Select(i => i < r.Cells.Count ? r.Cells[i] : string.Empty).ToList(),
            })
            .ToList();
    }

    /// <summary>"Row 5", "Rows 5–7" for runs of row numbers.</summary>
    public static IEnumerable<string> Ranges(IEnumerable<int> numbers)
    {
        var sorted = numbers.Order().ToList();
        var i = 0;
        while (i < sorted.Count)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            yield return i == j
                ? string.Create(CultureInfo.InvariantCulture, $"Row {sorted[i]}")
                : string.Create(CultureInfo.InvariantCulture, $"Rows {sorted[i]}–{sorted[j]}");
            i = j + 1;
        }
    }

    /// <summary>Used by the CSV reader only to tell a binary file from text.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(ZipSignature) || bytes.StartsWith(CompoundFileSignature)
        || bytes[..Math.Min(bytes.Length, 8192)].Contains((byte)0);

    public static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
}

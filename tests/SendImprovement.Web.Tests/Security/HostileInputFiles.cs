using System.IO.Compression;
using System.Text;

namespace SendImprovement.Web.Tests.Security;

/// <summary>Hostile Office files, built at test time from valid ones so that no binary is committed.</summary>
public static class HostileInputFiles
{
    /// <summary>An external entity that would read a file from the server, used in place of a cell's text.</summary>
    public const string ExternalEntity = "<!DOCTYPE x [<!ENTITY hostile SYSTEM \"file:///etc/passwd\">]>";

    /// <summary>"Billion laughs": nine levels of ten references, a 3 GB expansion of a few hundred bytes.</summary>
    public static readonly string BillionLaughs =
        "<!DOCTYPE x [<!ENTITY lol0 \"lol\">" +
        string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">")) +
        "<!ENTITY hostile \"&lol9;\">]>";

    /// <summary>The text the test files put in a cell, which the attack replaces with a reference to its entity.</summary>
    public const string Bait = "Deliver SEND training";

    /// <summary>
    /// The package with a document type declaration put into the first part whose name starts with
    /// <paramref name="partName"/>, and the bait text (where the part has it) replaced by a reference to its entity.
    /// </summary>
    public static byte[] WithDoctype(byte[] package, string partName, string doctype)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var part = zip.Entries.First(e => e.FullName.StartsWith(partName, StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(part.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var name = part.FullName;
            part.Delete();
            var declarationEnd = xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
            var attacked = xml[..declarationEnd] + doctype + xml[declarationEnd..].Replace(Bait, "&hostile;", StringComparison.Ordinal);
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(attacked);
        }

        return stream.ToArray();
    }

    /// <summary>The package with one more part of <paramref name="bytes"/> zeros, compressed as far as it goes: a small file that expands hugely.</summary>
    public static byte[] WithEntry(byte[] package, string name, long bytes)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < bytes; written += zeros.Length)
            {
                entry.Write(zeros);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Text as Office writes it into XML: characters XML cannot hold become "_xHHHH_" escapes.</summary>
    public static string XmlSafe(string text) =>
        string.Concat(text.Select((c, i) => IsXmlChar(text, i) ? c.ToString() : $"_x{(int)c:X4}_"));

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
    }
}

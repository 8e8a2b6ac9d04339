using System.Globalization;
using SendImprovement.Core.Imports;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>How the import pages say things: states as words, sizes, counts.</summary>
public static class ImportDisplay
{
    public static string StateText(ImportState state) => state switch
    {
        ImportState.Draft => "Not imported yet",
        ImportState.Committed => "Imported",
        _ => "Discarded",
    };

    /// <summary>A second signal only: the tag always shows the state's word.</summary>
    public static string StateColour(ImportState state) => state switch
    {
        ImportState.Draft => "yellow",
        ImportState.Committed => "green",
        _ => "grey",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => Count((int)bytes, "byte"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Round(bytes / 1024.0))} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB"),
    };

    public static string Count(int n, string what, string? plural = null) =>
        n == 1 ? $"1 {what}" : string.Create(CultureInfo.InvariantCulture, $"{n:N0} {plural ?? what + "s"}");

    /// <summary>"3 new items, 2 changed": the short form for the list of imports.</summary>
    public static string Brief(ImportCounts counts) =>
        $"{Count(counts.ItemsNew, "new item")}, {counts.ItemsChanged.ToString("N0", CultureInfo.InvariantCulture)} changed";

    /// <summary>The counts as rows of a summary list.</summary>
    public static IReadOnlyList<(string Key, string Value)> Rows(ImportCounts counts)
    {
        var newItems = counts.ItemsNew == 0 || counts.NewByLevel.Count == 0
            ? counts.ItemsNew.ToString("N0", CultureInfo.InvariantCulture)
            : $"{counts.ItemsNew.ToString("N0", CultureInfo.InvariantCulture)} ({string.Join(", ", counts.NewByLevel.Select(l => $"{l.Value.ToString("N0", CultureInfo.InvariantCulture)} {l.Key.ToLowerInvariant()}"))})";
        return
        [
            ("Rows read", N(counts.RowsRead)),
            ("New items", newItems),
            ("Items matched to stored items", N(counts.ItemsMatched)),
            ("Stored items changed", N(counts.ItemsChanged)),
            ("Ratings added", N(counts.RatingsAdded)),
            ("Deadline revisions added", N(counts.RevisionsAdded)),
            ("Progress notes added", N(counts.NotesAdded)),
            ("Links added", N(counts.LinksAdded)),
            ("Stored items not in the file", N(counts.MissingFromFile)),
            ("Warnings", N(counts.Warnings)),
        ];
    }

    /// <summary>A problem as the Core words it when refusing a commit: "Row 3, “Ref”: message".</summary>
    public static string Problem(ImportMessage message) => $"{message.Where}: {message.Message}".TrimStart(':', ' ');

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

using System.Globalization;
using SendImprovement.Core.Measures;

namespace SendImprovement.Web.Pages.Measures.Loads;

/// <summary>How the pages about files of figures say things: formats, states and counts.</summary>
public static class LoadDisplay
{
    public static string FormatText(MeasureLoadFormat format) => format switch
    {
        MeasureLoadFormat.Ees => "DfE open data",
        _ => "Simple layout",
    };

    public static string StateText(MeasureLoadState state) => state switch
    {
        MeasureLoadState.Draft => "Not loaded yet",
        MeasureLoadState.Loaded => "Loaded",
        _ => "Discarded",
    };

    /// <summary>A second signal only: the tag always shows the state's word.</summary>
    public static string StateColour(MeasureLoadState state) => state switch
    {
        MeasureLoadState.Draft => "yellow",
        MeasureLoadState.Loaded => "green",
        _ => "grey",
    };

    public static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(int n, string what, string? plural = null) =>
        n == 1 ? $"1 {what}" : $"{N(n)} {plural ?? what + "s"}";

    /// <summary>"12 added, 1 corrected, 30 unchanged", and the rows left out if any.</summary>
    public static string Counts(int added, int corrected, int unchanged, int skipped) =>
        $"{N(added)} added, {N(corrected)} corrected, {N(unchanged)} unchanged" + (skipped > 0 ? $", {Count(skipped, "row")} with problems left out" : string.Empty);

    /// <summary>Row 0 is the file as a whole.</summary>
    public static string Row(int row) => row == 0 ? "The file" : N(row);

    /// <summary>A row's problem without the "Row 12: " it starts with, as the table shows the row beside it.</summary>
    public static string Problem(RowProblem problem)
    {
        var prefix = $"Row {problem.Row.ToString(CultureInfo.InvariantCulture)}: ";
        var message = problem.Message.StartsWith(prefix, StringComparison.Ordinal) ? problem.Message[prefix.Length..] : problem.Message;
        return message.Length > 0 ? char.ToUpperInvariant(message[0]) + message[1..] : message;
    }

    /// <summary>The DfE's symbols and what each means, in the order the DfE lists them.</summary>
    public static IReadOnlyList<(string Symbol, string Meaning)> Symbols { get; } =
        [.. FigureSymbols.All.Select(s => (s, FigureSymbols.Meaning(s)))];
}

using System.Text.RegularExpressions;

namespace SendImprovement.Web.Tests.Infrastructure;

/// <summary>Rules about how the pages are written that no rendered page shows.</summary>
public sealed partial class PageSourceTests
{
    /// <summary>
    /// A model expression with an indexer (for="Input.Evidence[i].Title") is compiled to new code each time the page
    /// is shown: under load that was two thirds of all the code the app generated, and what made its memory grow
    /// (ADR 15). Rows of a list name their fields with name and value instead.
    /// </summary>
    [Fact]
    public void NoPageBindsAFieldThroughAnIndexer()
    {
        var pages = Path.Combine(RepositoryRoot(), "src", "SendImprovement.Web");
        var files = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var found = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: Path.GetRelativePath(pages, file), Line: index + 1, Text: line)))
            .Where(line => IndexedModelExpression().IsMatch(line.Text))
            .Select(line => $"{line.File}:{line.Line}: {line.Text.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "Name the field with name=\"…[@i]…\" and value=\"@…\" instead:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("<govuk-input for=\"Input.Evidence[i].Title\" label=\"Title\" />", true)]
    [InlineData("<input type=\"hidden\" asp-for=\"Input.Fixes[i].Key\" />", true)]
    [InlineData("@Html.TextBoxFor(m => m.Input.Rows[i].Text)", true)]
    [InlineData("<govuk-input name=\"Input.Evidence[@i].Title\" value=\"@row.Title\" label=\"Title\" />", false)]
    [InlineData("<govuk-input for=\"Input.Title\" label=\"Title\" />", false)]
    [InlineData("<label class=\"govuk-label\" for=\"rating-@index\">", false)]
    public void TheRuleRecognisesAnIndexedExpression(string line, bool indexed) =>
        Assert.Equal(indexed, IndexedModelExpression().IsMatch(line));

    /// <summary>A tag helper's for or asp-for naming an element of a list, or an HTML helper's …For lambda doing so.</summary>
    [GeneratedRegex(@"\b(asp-)?for=""[^""]*\[|Html\.\w+For\([^)]*\[")]
    private static partial Regex IndexedModelExpression();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SendImprovement.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SendImprovement.slnx above {AppContext.BaseDirectory}.");
    }
}

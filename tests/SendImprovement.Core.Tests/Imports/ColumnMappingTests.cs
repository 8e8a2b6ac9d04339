using SendImprovement.Core.Imports;

namespace SendImprovement.Core.Tests.Imports;

public sealed class ColumnMappingTests
{
    [Fact]
    public void SuggestsTheInspectionPlanLayout()
    {
        string[] headers = ["Outcome (what we intend to achieve)", "Impact", "Ref", "What we are going to do", "Lead Officer", "AR/ER", "Key milestones", "Deadline", "BRAG + date", "Progress"];

        var fields = ColumnMapping.Suggest(headers).Select(s => s.Field);

        Assert.Equal(
            [ImportField.Outcome, ImportField.Impact, ImportField.Ref, ImportField.Title, ImportField.Lead, ImportField.Resource, ImportField.Milestone, ImportField.Deadline, ImportField.Rating, ImportField.Progress],
            fields);
    }

    [Fact]
    public void SuggestsTheStrategyLayout()
    {
        string[] headers = ["Theme", "Priority area", "Ref", "Action", "Lead", "Start", "End", "Status", "RAG rating", "Key activities completed", "Next steps", "Interdependency key"];

        var fields = ColumnMapping.Suggest(headers).Select(s => s.Field);

        Assert.Equal(
            [ImportField.Section, ImportField.Outcome, ImportField.Ref, ImportField.Title, ImportField.Lead, ImportField.Start, ImportField.End, ImportField.Status, ImportField.Rating, ImportField.KeyActivities, ImportField.NextSteps, ImportField.Tags],
            fields);
    }

    [Theory]
    [InlineData("Leadership team", ImportField.Ignore)]
    [InlineData("Average", ImportField.Ignore)]
    [InlineData("", ImportField.Ignore)]
    [InlineData("  LEAD  ", ImportField.Lead)]
    [InlineData("Timescale", ImportField.Deadline)]
    [InlineData("Date rated", ImportField.RatingDate)]
    [InlineData("SRO", ImportField.Sponsor)]
    public void ReadsHeadersAsWholeWordsInAnyCase(string header, ImportField expected)
    {
        Assert.Equal(expected, ColumnMapping.Suggest([header]).Single().Field);
    }

    [Fact]
    public void SuggestsEachFieldOnceAndSaysWhy()
    {
        var suggestions = ColumnMapping.Suggest(["Lead", "Lead (health)", "Notes"]);

        Assert.Equal([ImportField.Lead, ImportField.Ignore, ImportField.Ignore], suggestions.Select(s => s.Field));
        Assert.Equal("The header says “lead”.", suggestions[0].Because);
        Assert.Equal("Nothing in “Notes” says what the column holds.", suggestions[2].Because);
    }
}

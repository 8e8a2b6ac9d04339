using SendImprovement.Core.Partnerships;

namespace SendImprovement.Core.Tests.Partnerships;

public class LeadTextTests
{
    [Theory]
    [InlineData("JC", new[] { "JC" })]
    [InlineData("LL SW", new[] { "LL", "SW" })]
    [InlineData("TB JD*", new[] { "TB", "JD" })]
    [InlineData("Tom Brown", new[] { "Tom Brown" })]
    [InlineData("Tom Brown, Jo Dee", new[] { "Tom Brown", "Jo Dee" })]
    [InlineData("Tom Brown and Jo Dee", new[] { "Tom Brown", "Jo Dee" })]
    [InlineData("TB / JD", new[] { "TB", "JD" })]
    public void Split_GivesOneTokenPerPerson(string text, string[] expected)
    {
        Assert.Equal(expected, LeadText.Split(text).Select(t => t.Text));
    }

    [Fact]
    public void Split_StarMarksAnInterdependency()
    {
        var tokens = LeadText.Split("TB JD*");

        Assert.False(tokens[0].IsInterdependency);
        Assert.True(tokens[1].IsInterdependency);
    }

    [Theory]
    [InlineData("T. Brown", "T BROWN")]
    [InlineData("  tb ", "TB")]
    public void MatchKey_IgnoresCaseDotsAndSpacing(string text, string key)
    {
        Assert.Equal(key, PersonNameVariant.ToMatchKey(text));
    }
}

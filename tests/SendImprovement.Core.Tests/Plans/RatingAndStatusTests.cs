using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Plans;

public class RatingAndStatusTests
{
    private readonly RatingScale _brag = BuiltInPlanKinds.BragScale();

    [Theory]
    [InlineData("Amber", "Amber", false)]
    [InlineData("amber", "Amber", false)]
    [InlineData("Amber?", "Amber", true)]
    [InlineData("GREEN", "Green", false)]
    [InlineData("Complete", "Blue", false)]
    [InlineData("Completed", "Blue", false)]
    [InlineData("R", "Red", false)]
    [InlineData(" green? ", "Green", true)]
    public void Read_UnderstandsRatingsAsPeopleTypeThem(string text, string value, bool tentative)
    {
        var reading = _brag.Read(text);

        Assert.NotNull(reading);
        Assert.Equal(value, reading.Value.Key);
        Assert.Equal(tentative, reading.IsTentative);
    }

    [Theory]
    [InlineData("Purple")]
    [InlineData("")]
    [InlineData(null)]
    public void Read_UnknownRating_IsNull(string? text)
    {
        Assert.Null(_brag.Read(text));
    }

    [Theory]
    [InlineData("In progress", ProgressStatus.InProgress)]
    [InlineData("in progress", ProgressStatus.InProgress)]
    [InlineData("Completed", ProgressStatus.Complete)]
    [InlineData("Complete", ProgressStatus.Complete)]
    [InlineData("COMPLETE (ongoing activity)", ProgressStatus.Complete)]
    [InlineData("Not complete", ProgressStatus.InProgress)]
    [InlineData("tbc", ProgressStatus.ToBeConfirmed)]
    [InlineData("Not started", ProgressStatus.NotStarted)]
    [InlineData("", ProgressStatus.NotRecorded)]
    [InlineData("See note", ProgressStatus.NotRecorded)]
    public void ProgressStatus_ReadsWordsAsWritten(string text, ProgressStatus expected)
    {
        Assert.Equal(expected, ProgressStatusText.Read(text));
    }

    [Fact]
    public void RefreshCurrentRating_TakesTheLatestByDateItAppliesFrom_NotTheLastRecorded()
    {
        var item = new PlanItem { Title = "Milestone" };
        item.Ratings.Add(new Rating { Value = "Green", AppliesFrom = new DateOnly(2021, 5, 1), Reason = "r", RecordedByName = "a", RecordedAtUtc = new DateTime(2021, 5, 1, 0, 0, 0, DateTimeKind.Utc) });
        item.Ratings.Add(new Rating { Value = "Amber", IsTentative = true, AppliesFrom = new DateOnly(2021, 6, 1), Reason = "r", RecordedByName = "a", RecordedAtUtc = new DateTime(2021, 6, 1, 0, 0, 0, DateTimeKind.Utc) });

        // Recorded last, but back-dated: it joins the history without becoming current.
        item.Ratings.Add(new Rating { Value = "Red", AppliesFrom = new DateOnly(2021, 4, 1), Reason = "r", RecordedByName = "a", RecordedAtUtc = new DateTime(2021, 7, 1, 0, 0, 0, DateTimeKind.Utc) });

        item.RefreshCurrentRating();

        Assert.Equal("Amber", item.CurrentRatingValue);
        Assert.True(item.CurrentRatingTentative);
        Assert.Equal(new DateOnly(2021, 6, 1), item.CurrentRatingDate);
        Assert.Equal(3, item.Ratings.Count);
    }

    [Fact]
    public void IsComplete_WhenRatedBlue_OrProgressComplete()
    {
        Assert.True(new PlanItem { Title = "a", CurrentRatingValue = "Blue" }.IsComplete(_brag));
        Assert.True(new PlanItem { Title = "a", ProgressStatus = ProgressStatus.Complete, CurrentRatingValue = "Green" }.IsComplete(_brag));
        Assert.False(new PlanItem { Title = "a", CurrentRatingValue = "Amber" }.IsComplete(_brag));
    }
}

using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Tests.Reports;

/// <summary>Computed facts on hand-made plans whose answers are known.</summary>
public sealed class PeriodFactsTests
{
    private static readonly DateOnly AsAt = new(2026, 6, 30);
    private static readonly DateOnly PreviousAsAt = new(2026, 5, 31);

    [Fact]
    public void CountsActionsByRatingAtThePeriodDate()
    {
        var facts = PeriodFacts.ForPlan(Plan());

        Assert.Equal([1, 1, 1, 0, 1], facts.Counts.Select(c => c.Count));
        Assert.Equal(["Blue", "Green", "Amber", "Red", "Not rated"], facts.Counts.Select(c => c.Label));
    }

    [Fact]
    public void OverdueMeansNotCompleteWithADeadlineBeforeThePeriodDate()
    {
        var facts = PeriodFacts.ForPlan(Plan());

        // A1 was due 31 May and M3 on 1 June; M4 was due in May but is complete; M2 is due in July; A4 is "tbc".
        Assert.Equal(["A1", "M3"], facts.Overdue.Select(i => i.Title));
    }

    [Fact]
    public void CountsRevisionsPerItemAndThisPeriod()
    {
        var facts = PeriodFacts.ForPlan(Plan());

        var revised = Assert.Single(facts.Revised);
        Assert.Equal("A2", revised.Item.Title);
        Assert.Equal(2, revised.Times);
        Assert.Equal(1, revised.ThisPeriod);
    }

    [Fact]
    public void FindsRatingsChangedSinceThePreviousPeriod()
    {
        var facts = PeriodFacts.ForPlan(Plan());

        Assert.Equal(
            [("A2", RatingDirection.Worsened), ("A3", RatingDirection.Improved)],
            facts.Changes.Select(c => (c.Item.Title, c.Direction)));
    }

    [Fact]
    public void ListsActionsNotCompleteAndNotUpdatedThisPeriod()
    {
        var facts = PeriodFacts.ForPlan(Plan());

        Assert.Equal(["A1", "A4"], facts.NotUpdated.Select(i => i.Title));
    }

    [Fact]
    public void StatesTheFactsInPlainWords()
    {
        var statements = PeriodFacts.ForPlan(Plan()).Statements();

        Assert.Contains("1 Blue, 1 Green, 1 Amber, 1 Not rated (4 actions).", statements);
        Assert.Contains("No actions rated Red.", statements);
        Assert.Contains("All but 2 milestones complete.", statements);
        Assert.Contains("2 items overdue at 30 June 2026.", statements);
        Assert.Contains("1 item with a revised deadline, 1 of them revised more than once; 1 revision this period.", statements);
        Assert.Contains("2 actions not updated this period.", statements);
        Assert.Contains("Since May 2026: 1 rating improved, 1 worsened.", statements);
    }

    [Theory]
    [InlineData(5, 0, "All 5 milestones complete.")]
    [InlineData(5, 3, "All but 3 milestones complete.")]
    [InlineData(5, 4, "1 of 5 milestones complete.")]
    [InlineData(2, 2, "0 of 2 milestones complete.")]
    public void SaysAllButNOnlyWhenFewAreLeft(int milestones, int notComplete, string expected)
    {
        var items = new List<SnapshotItem> { Item(1, null, 0, "S"), Item(2, 1, 1, "A", rating: "Green") };
        for (var i = 0; i < milestones; i++)
        {
            items.Add(Item(10 + i, 2, 2, $"M{i}", rating: i < notComplete ? "Green" : "Blue", deadline: new DateOnly(2026, 12, 31)));
        }

        Assert.Contains(expected, PeriodFacts.ForPlan(Snapshot(items)).Statements());
    }

    [Fact]
    public void SuggestsTheWorstRatingAmongActionsNotComplete()
    {
        var suggestion = PeriodFacts.ForPlan(Plan()).Suggestion;

        Assert.Equal("Amber", suggestion.Value?.Key);
        Assert.Equal("1 action rated Amber.", suggestion.Because);
    }

    [Fact]
    public void SuggestsAtLeastAmberWhenADeadlineHasPassedThoughEveryActionIsGreen()
    {
        var snapshot = Snapshot(
        [
            Item(1, null, 0, "S"),
            Item(2, 1, 1, "A1", rating: "Green", deadline: new DateOnly(2026, 5, 31)),
            Item(3, 1, 1, "A2", rating: "Green", deadline: new DateOnly(2026, 9, 30)),
        ]);

        var suggestion = PeriodFacts.ForPlan(snapshot).Suggestion;

        Assert.Equal("Amber", suggestion.Value?.Key);
        Assert.Contains("1 deadline passed unmet", suggestion.Because, StringComparison.Ordinal);
    }

    [Fact]
    public void SuggestsCompleteOnlyWhenEveryActionIsComplete()
    {
        var done = Snapshot([Item(1, null, 0, "S"), Item(2, 1, 1, "A1", rating: "Blue"), Item(3, 1, 1, "A2", rating: "Blue")]);
        var notRated = Snapshot([Item(1, null, 0, "S"), Item(2, 1, 1, "A1")]);

        Assert.Equal("Blue", PeriodFacts.ForPlan(done).Suggestion.Value?.Key);
        Assert.Null(PeriodFacts.ForPlan(notRated).Suggestion.Value);
        Assert.Equal("No actions are rated yet, so no status can be suggested.", PeriodFacts.ForPlan(notRated).Suggestion.Because);
    }

    [Fact]
    public void SectionFactsCoverOnlyThatSection()
    {
        var snapshot = Snapshot(
        [
            Item(1, null, 0, "S1"),
            Item(2, 1, 1, "A1", rating: "Red"),
            Item(3, null, 0, "S2"),
            Item(4, 3, 1, "A2", rating: "Green"),
        ]);

        var facts = PeriodFacts.ForSection(snapshot, snapshot.Items[2]);

        Assert.Equal(["A2"], facts.Actions.Select(a => a.Title));
        Assert.Equal("Green", facts.Suggestion.Value?.Key);
    }

    [Fact]
    public void DeadlineHistoryReadsAsPeopleWriteIt()
    {
        var once = Item(1, null, 1, "A", deadline: new DateOnly(2021, 5, 31)) with { Deadline = new SnapshotDate("May 2021", new DateOnly(2021, 5, 31)), Revisions = [Revision("Nov 2019", "May 2021")] };
        var thrice = once with { Revisions = [Revision("Nov 2019", "Jan 2020"), Revision("Jan 2020", "Sept 20"), Revision("Sept 20", "May 2021")] };

        Assert.Equal("May 2021 (revised from Nov 2019)", ReportBuilder.DeadlineWithHistory(once));
        Assert.Equal("May 2021 (revised from Sept 20; earlier Jan 2020; originally Nov 2019)", ReportBuilder.DeadlineWithHistory(thrice));
    }

    /// <summary>
    /// One section with four actions: A1 Green but overdue and not updated; A2 Amber (was Green) revised twice;
    /// A3 Blue (was Amber); A4 not rated with a "tbc" deadline. A1 has five milestones, three complete, one overdue.
    /// </summary>
    private static PlanSnapshot Plan() => Snapshot(
    [
        Item(1, null, 0, "S"),
        Item(2, 1, 1, "A1", rating: "Green", previous: "Green", deadline: new DateOnly(2026, 5, 31)),
        Item(10, 2, 2, "M1", rating: "Blue", deadline: new DateOnly(2026, 3, 31)),
        Item(11, 2, 2, "M2", rating: "Green", deadline: new DateOnly(2026, 7, 31)),
        Item(12, 2, 2, "M3", rating: "Amber", deadline: new DateOnly(2026, 6, 1)),
        Item(13, 2, 2, "M4", rating: "Blue", deadline: new DateOnly(2026, 5, 1)),
        Item(14, 2, 2, "M5", rating: "Blue", deadline: new DateOnly(2026, 6, 30)),
        Item(3, 1, 1, "A2", rating: "Amber", previous: "Green", deadline: new DateOnly(2026, 12, 31), updated: true) with
        {
            Revisions = [Revision("March 2026", "June 2026", new DateOnly(2026, 2, 1)), Revision("June 2026", "December 2026", new DateOnly(2026, 6, 10))],
        },
        Item(4, 1, 1, "A3", rating: "Blue", previous: "Amber", updated: true),
        Item(5, 1, 1, "A4") with { Deadline = new SnapshotDate("tbc", null) },
    ]);

    private static SnapshotRevision Revision(string from, string to, DateOnly? on = null) => new(from, to, on ?? new DateOnly(2020, 1, 1), "Because.");

    private static SnapshotItem Item(int id, int? parent, int depth, string title, string? rating = null, string? previous = null, DateOnly? deadline = null, bool updated = false) => new()
    {
        Id = id,
        ParentId = parent,
        Depth = depth,
        Title = title,
        Start = new SnapshotDate(null, null),
        Deadline = new SnapshotDate(deadline?.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), deadline),
        Rating = rating is null ? null : new SnapshotRating(rating, false, new DateOnly(2026, 6, 1), "Reason.", "Someone"),
        // Unless a test says otherwise, an item was rated the same at the previous period.
        PreviousRating = (previous ?? rating) is { } before ? new SnapshotRating(before, false, new DateOnly(2026, 5, 1), "Reason.", "Someone") : null,
        UpdatedThisPeriod = updated,
    };

    private static PlanSnapshot Snapshot(IReadOnlyList<SnapshotItem> items) => new()
    {
        PlanId = 1,
        PlanName = "Test plan",
        PartnershipName = "Test",
        KindKey = "test",
        KindName = "Test kind",
        Period = new SnapshotPeriod(2, "June 2026", AsAt, AsAt.AddDays(-5), PeriodState.Closed),
        Previous = new SnapshotPeriod(1, "May 2026", PreviousAsAt, PreviousAsAt.AddDays(-5), PeriodState.Closed),
        TakenAtUtc = new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc),
        Levels =
        [
            new(0, "Section", "Sections", "Section", "Deadline", "Rating", HasLead: false, HasSponsor: true, HasAreas: false, HasStart: false, HasDeadline: false, HasRating: false, HasProgressStatus: false, HasResource: false),
            new(1, "Action", "Actions", "Action", "Deadline", "Rating", HasLead: true, HasSponsor: false, HasAreas: false, HasStart: false, HasDeadline: true, HasRating: true, HasProgressStatus: false, HasResource: false),
            new(2, "Milestone", "Milestones", "Milestone", "Deadline", "Rating", HasLead: false, HasSponsor: false, HasAreas: false, HasStart: false, HasDeadline: true, HasRating: true, HasProgressStatus: false, HasResource: false),
        ],
        Scale = [.. BuiltInPlanKinds.BragScale().Values.Select(v => new SnapshotScaleValue(v.Key, v.Label, v.Meaning, v.Colour, v.Position, v.Severity, v.IsComplete))],
        Fields = [],
        Key = [],
        Items = items,
    };
}

using SendImprovement.Core.Imports;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Imports;

/// <summary>How the rows of the two real layouts, and the template's, become plan items (no database needed).</summary>
public sealed class PlanLayoutTests
{
    private static readonly IReadOnlyList<PlanKind> Kinds = BuiltInPlanKinds.Kinds(BuiltInPlanKinds.BragScale());

    [Fact]
    public void InspectionPlan_OutcomeRowsSpanningTheTable_AndMilestonesInContinuationRows()
    {
        string[] header = ["Ref", "What we are going to do", "Lead Officer", "AR/ER", "Key milestones", "Milestone deadline", "BRAG + date"];
        var table = Table(
            header,
            Span("Workstream 1: Identification of need", header.Length),
            Span("Outcome 1.1 Children's needs are identified early", header.Length),
            ["1.1a", "Agree a shared pathway", "TB", "ER", "Draft the pathway", "Sept 21", "Green 12/03/2021"],
            ["", "", "", "", "Consult parents", "Nov 2021", ""],
            ["", "", "", "", "Publish", "Jan 2022 (revised from Dec 2021)", ""],
            ["1.1b", "Train health visitors", "JD*", "AR", "", "", "Amber?"],
            Span("Outcome 1.2 Families know where to go", header.Length),
            ["1.2", "Refresh the Local Offer", "LL SW", "", "", "", "Complete"]);

        var preview = Build(table, BuiltInPlanKinds.Inspection);

        Assert.Empty(preview.Errors);
        Assert.Equal(
            ["Workstream 1 Identification of need", "Outcome 1.1 Children's needs are identified early", "Action 1.1a Agree a shared pathway", "Milestone Draft the pathway", "Milestone Consult parents", "Milestone Publish", "Action 1.1b Train health visitors", "Outcome 1.2 Families know where to go", "Action 1.2 Refresh the Local Offer"],
            preview.Items.Select(i => $"{i.LevelName} {i.Label}"));
        var action = preview.Items.Single(i => i.Ref == "1.1a");
        Assert.Equal("1.1", action.Parent!.Ref);
        Assert.Equal("Green", action.Rating!.Value.Key);
        Assert.Equal(new DateOnly(2021, 3, 12), action.RatingDate);
        Assert.Equal(ResourceNeed.ExistingResource, action.Resource);
        var publish = preview.Items.Single(i => i.Title == "Publish");
        Assert.Same(action, publish.Parent);
        Assert.Equal("Jan 2022", publish.Deadline!.Deadline.Text);
        Assert.Equal("Dec 2021", Assert.Single(publish.Deadline.RevisedFrom).Text);
        Assert.Equal("More of action 1.1a Agree a shared pathway: 1 milestone", preview.Rows.Single(r => r.Number == 5).Becomes);
        Assert.Equal("1.2", preview.Items.Single(i => i.Title == "Refresh the Local Offer").Parent!.Ref);
        Assert.Equal("Blue", preview.Items.Single(i => i.Ref == "1.2" && i.Depth == 2).Rating!.Value.Key);
    }

    [Fact]
    public void AnActionTracker_OneMilestonePerContinuationRow_GivesEachMilestoneItsDeadlineAndRating()
    {
        string[] header = ["Ref", "What we are going to do", "Key milestones", "Deadline", "BRAG + date"];
        var table = Table(
            header,
            ["1.1a", "Agree a pathway", "Draft the pathway", "Sept 21", "Green 12/03/2021"],
            ["1.1a", "Agree a pathway", "Consult parents", "Nov 2021", "Amber 01/06/2021"],
            ["", "", "Publish", "Jan 2022", ""],
            ["", "", "", "March 2022", ""]);

        var preview = Build(table, BuiltInPlanKinds.Inspection);

        var action = preview.Items.Single(i => i.Ref == "1.1a");
        Assert.Equal("Sept 21", action.Deadline!.Deadline.Text);
        Assert.Equal(("Green", new DateOnly(2021, 3, 12)), (action.Rating!.Value.Key, action.RatingDate!.Value));
        var consult = preview.Items.Single(i => i.Title == "Consult parents");
        Assert.Equal(("Nov 2021", "Amber", new DateOnly(2021, 6, 1)), (consult.Deadline!.Deadline.Text, consult.Rating!.Value.Key, consult.RatingDate!.Value));
        Assert.Equal("Jan 2022", preview.Items.Single(i => i.Title == "Publish").Deadline!.Deadline.Text);
        Assert.Contains(preview.Warnings, w => w.Row == 5 && w.Message == "The action 1.1a Agree a pathway keeps the value on its first row; “March 2022” on this row was not imported");
    }

    [Fact]
    public void AnEmptySheetChosenByMistake_FallsBackToTheTableWithHeaders()
    {
        var empty = new SourceTable("Sheet2", [], []);
        var plan = Table(["Ref", "Action"], ["1.1a", "Pathway"]);

        var preview = PlanImport.Build([plan, empty], new ImportSettings { TableIndex = 1 }, Context(BuiltInPlanKinds.Strategy));

        Assert.Equal(0, preview.TableIndex);
        Assert.Empty(preview.Errors);
    }

    [Fact]
    public void InspectionPlan_MergedOutcomeColumn_AndSeveralMilestonesInOneCell()
    {
        // A merged outcome cell is read as the same text on every row it spans.
        string[] header = ["Outcome (what we intend to achieve)", "Ref", "What we are going to do", "Key milestones", "Milestone deadlines", "Deadline"];
        var table = Table(
            header,
            ["1.1 Needs are identified early", "1.1a", "Agree a pathway", "● Draft\n● Consult\nparents\n● Publish", "Sept 21\nNov 21\nJan 22", "Jan 2022"],
            ["1.1 Needs are identified early", "1.1b", "Train staff", "", "", "Ongoing from March 2020"],
            ["1.2 Families know where to go", "1.2a", "Refresh the Local Offer", "- Audit pages\n- Rewrite", "May 2021", "tbc"]);

        var preview = Build(table, BuiltInPlanKinds.Inspection);

        Assert.Equal(["Draft", "Consult parents", "Publish"], preview.Items.Where(i => i.Parent?.Ref == "1.1a").Select(i => i.Title));
        Assert.Equal(["Sept 21", "Nov 21", "Jan 22"], preview.Items.Where(i => i.Parent?.Ref == "1.1a").Select(i => i.Deadline!.Deadline.Text));
        Assert.Equal(2, preview.Items.Count(i => i.Depth == 1));
        Assert.Single(preview.Items, i => i.Depth == 0 && i.Title.StartsWith("Imported actions", StringComparison.Ordinal));
        Assert.Contains(preview.Warnings, w => w.Message.Contains("There are 2 milestones but 1 deadline", StringComparison.Ordinal));
        Assert.Contains(preview.Warnings, w => w.Message.StartsWith("No workstream is named above this row", StringComparison.Ordinal));
    }

    [Fact]
    public void StrategyPlan_OneRowPerAction_GroupsThemesAndPriorities()
    {
        string[] header = ["Theme", "Priority", "Ref", "Action", "Lead", "Start", "End", "Status", "RAG rating", "Interdependency key"];
        var table = Table(
            header,
            ["SEND is everybody's business", "2.3 Workforce development", "2.3a", "Training offer", "TB JD*", "Sept 21", "May21", "In progress", "amber", "C, AS"],
            ["SEND is everybody's business", "2.3 Workforce development", "2.3b", "Induction", "JC", "Nov 2019-", "2019/20", "Completed", "B", ""],
            ["Identify needs early", "3.1 Early help", "3.1", "Pathway", "LL SW", "On going", "Spring Term 2022", "tbc", "", "*"]);

        var preview = Build(table, BuiltInPlanKinds.Strategy);

        Assert.Empty(preview.Errors);
        Assert.Equal(2, preview.Items.Count(i => i.Depth == 0));
        Assert.Equal(["2.3", "3.1"], preview.Items.Where(i => i.Depth == 1).Select(i => i.Ref));
        var training = preview.Items.Single(i => i.Ref == "2.3a");
        Assert.Equal(["C", "AS"], training.Tags);
        Assert.Equal("TB JD*", training.Leads);
        Assert.Equal(PlanDateKind.Month, training.Start!.Kind);
        Assert.Equal(new[] { "JC", "JD", "LL", "SW", "TB" }, preview.Leads.Select(l => l.MatchKey).Order(StringComparer.Ordinal));
        Assert.Contains(preview.Warnings, w => w.Message.Contains("“C” is not in the plan's interdependency key", StringComparison.Ordinal));
    }

    [Fact]
    public void Template_OneRowPerItemWithItsLevel()
    {
        string[] header = ["Level", "Ref", "Title", "Lead", "Deadline", "Rating", "Rating date"];
        var table = Table(
            header,
            ["Workstream", "1", "Identification", "", "", "", ""],
            ["Outcome", "1.1", "Needs found early", "", "", "", ""],
            ["Action", "1.1a", "'=Pathway", "TB", "May 2021 (revised from Nov 2019, Sept 2020)", "Amber?", "01/06/2021"],
            ["Milestone", "", "Draft", "", "Sept 21", "Blue", ""],
            ["Phase", "", "Not a level", "", "", "", ""],
            ["Action", "", "", "", "", "", ""]);

        var preview = Build(table, BuiltInPlanKinds.Inspection);

        Assert.True(preview.OneRowPerItem);
        var action = preview.Items.Single(i => i.Ref == "1.1a");
        Assert.Equal("=Pathway", action.Title);
        Assert.Equal(["Nov 2019", "Sept 2020"], action.Deadline!.RevisedFrom.Select(r => r.Text));
        Assert.Equal(new DateOnly(2021, 6, 1), action.RatingDate);
        Assert.Same(action, preview.Items.Single(i => i.Title == "Draft").Parent);
        Assert.Contains(preview.Errors, e => e.Row == 6 && e.Message == "“Phase” is not a level of this kind of plan");
        Assert.Contains(preview.Errors, e => e.Row == 7 && e.Message.StartsWith("The action has no title", StringComparison.Ordinal));
        Assert.False(preview.CanCommit);
    }

    [Fact]
    public void Template_AMilestoneWithNoActionAbove_IsAnError()
    {
        var preview = Build(Table(["Level", "Title"], ["Milestone", "Orphan"]), BuiltInPlanKinds.Inspection);

        Assert.Contains(preview.Errors, e => e.Row == 2 && e.Message.StartsWith("This milestone has no action above it", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoColumnsMappedToOneField_IsAMappingError()
    {
        var settings = new ImportSettings { Columns = [new(0, "A", ImportField.Title), new(1, "B", ImportField.Title)] };

        var preview = PlanImport.Build([Table(["A", "B"], ["x", "y"])], settings, Context(BuiltInPlanKinds.Strategy));

        Assert.Contains(preview.Errors, e => e.Message.StartsWith("2 columns are mapped to “Title” (“A”, “B”)", StringComparison.Ordinal));
    }

    [Fact]
    public void ASavedMapping_FollowsItsHeadersWhenColumnsMove()
    {
        var settings = new ImportSettings { Columns = [new(0, "Thing to do", ImportField.Title), new(1, "Who", ImportField.Lead)] };

        var preview = PlanImport.Build([Table(["Who", "Notes", "Thing to do"], ["TB", "n", "Pathway"])], settings, Context(BuiltInPlanKinds.Strategy));

        Assert.Equal([ImportField.Lead, ImportField.Ignore, ImportField.Title], preview.Columns.Select(c => c.Field));
        Assert.Equal("TB", preview.Items.Single(i => i.Title == "Pathway").Leads);
    }

    [Fact]
    public void ASavedMapping_FindsItsHeaderRowEvenWhenTheHeadersSuggestNothing()
    {
        var settings = new ImportSettings { Columns = [new(0, "Stufe", ImportField.Level), new(1, "Was", ImportField.Title), new(2, "Wer", ImportField.Lead)] };
        var table = new SourceTable("Plan", [
            new SourceRow(1, ["Plan updated May 2021", "", ""], false),
            new SourceRow(2, ["Stufe", "Was", "Wer"], false),
            new SourceRow(3, ["Workstream", "Identification", ""], false),
        ], []);

        var preview = PlanImport.Build([table], settings, Context(BuiltInPlanKinds.Inspection));

        Assert.Equal(2, preview.HeaderRow);
        Assert.Equal("Identification", Assert.Single(preview.Items).Title);
    }

    [Fact]
    public void AWordTableSplitAcrossPages_IsReadAsOneTable()
    {
        var first = Table(["Ref", "What we are going to do"], ["1.1a", "Pathway"], ["1.1b", "Training"]);
        var second = new SourceTable("Table 2", [new SourceRow(2, ["1.2a", "Local Offer"], false), new SourceRow(3, ["1.2b", "Survey"], false)],
            ["Continues the table before it (split across pages)", "Row 1 repeats the header of the table before it and was left out"]);
        var glossary = new SourceTable("Table 3", [new SourceRow(1, ["Term", "Meaning"], false)], []);

        var preview = PlanImport.Build([first, second, glossary], new ImportSettings(), Context(BuiltInPlanKinds.Inspection));

        Assert.Equal(["1.1a", "1.1b", "1.2a", "1.2b"], preview.Items.Where(i => i.Depth == 2).Select(i => i.Ref));
        Assert.Equal([2, 3, 5, 6], preview.Rows.Select(r => r.Number));
        Assert.Contains(preview.Warnings, w => w.Message == "Table 2 continues Table 1 (split across pages): its rows are read as rows 5–6 here");
    }

    [Fact]
    public void RepeatedHeaders_AreMappedByPosition()
    {
        var settings = new ImportSettings { Columns = [new(0, "Action", ImportField.Title), new(1, "Date", ImportField.Start), new(2, "Date", ImportField.Deadline)] };

        var preview = PlanImport.Build([Table(["Action", "Date", "Date"], ["Pathway", "Sept 21", "May 2022"])], settings, Context(BuiltInPlanKinds.Strategy));

        Assert.Equal([ImportField.Title, ImportField.Start, ImportField.Deadline], preview.Columns.Select(c => c.Field));
        Assert.Equal("May 2022", preview.Items.Single(i => i.Title == "Pathway").Deadline!.Deadline.Text);
    }

    [Fact]
    public void AFieldTheLevelDoesNotCarry_IsReportedNotImported()
    {
        var preview = Build(Table(["Ref", "What we are going to do", "Start"], ["1.1a", "Pathway", "Sept 21"]), BuiltInPlanKinds.Inspection);

        Assert.Contains(preview.Warnings, w => w.Message == "An action has no start in this kind of plan; the cell was not imported");
        Assert.Null(preview.Items.Single(i => i.Ref == "1.1a").Start);
    }

    [Fact]
    public void TheTableAndHeaderRowWithTheMostRecognisedHeaders_AreChosen()
    {
        var cover = new SourceTable("Cover", [new SourceRow(1, ["Northby WSoA"], false)], []);
        var plan = new SourceTable("Plan", [
            new SourceRow(1, ["Written Statement of Action, updated May 2021", "", ""], false),
            new SourceRow(2, ["Ref", "Action", "Lead"], false),
            new SourceRow(3, ["1.1a", "Pathway", "TB"], false),
        ], ["Row 7 is hidden"]);

        var preview = PlanImport.Build([cover, plan], new ImportSettings(), Context(BuiltInPlanKinds.Strategy));

        Assert.Equal(1, preview.TableIndex);
        Assert.Equal(2, preview.HeaderRow);
        Assert.Contains(preview.Warnings, w => w.Message == "Row 7 is hidden");
    }

    [Fact]
    public void HiddenRowsAndRepeatedHeaders_AreReported()
    {
        var table = new SourceTable("Sheet1", [
            new SourceRow(1, ["Ref", "Action"], false),
            new SourceRow(2, ["1.1a", "Pathway"], true),
            new SourceRow(3, ["Ref", "Action"], false),
            new SourceRow(4, ["1.1b", "Training"], false),
        ], []);

        var preview = PlanImport.Build([table], new ImportSettings(), Context(BuiltInPlanKinds.Strategy));

        Assert.Contains(preview.Warnings, w => w.Row == 2 && w.Message.StartsWith("The row is hidden", StringComparison.Ordinal));
        Assert.Equal("Skipped: the header row repeated", preview.Rows.Single(r => r.Number == 3).Becomes);
        Assert.Equal(2, preview.Items.Count(i => i.Depth == 2));
    }

    private static ImportPreview Build(SourceTable table, string kind) => PlanImport.Build([table], new ImportSettings(), Context(kind));

    private static ImportContext Context(string kind) => new()
    {
        Kind = Kinds.Single(k => k.Key == kind),
        People = [new PersonKeys(1, "Tom Bradley", "TB", [])],
        AreaNames = ["North", "South"],
        Today = new DateOnly(2026, 6, 15),
    };

    private static string[] Span(string text, int width) => Enumerable.Repeat(text, width).ToArray();

    private static SourceTable Table(string[] header, params string[][] rows) =>
        new("Table 1", [new SourceRow(1, header, false), .. rows.Select((r, i) => new SourceRow(i + 2, r, false))], []);
}

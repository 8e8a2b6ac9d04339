using System.Globalization;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Imports;

public class NormaliseTests
{
    private const string NotADate = " It was kept as text, not recognised as a date.";

    private readonly RatingScale _brag = BuiltInPlanKinds.BragScale();

    [Theory]
    [InlineData("• Agree measures\n• Build dashboard", "• Agree measures\n• Build dashboard")]
    [InlineData("● Agree measures\n▪ Build dashboard", "• Agree measures\n• Build dashboard")]
    [InlineData("- Agree measures\n- Build dashboard", "• Agree measures\n• Build dashboard")]
    [InlineData("– Agree\n* Build\no Test\n· Publish\n\uF0B7 Review", "• Agree\n• Build\n• Test\n• Publish\n• Review")]
    [InlineData("\uF0B7\tReview the offer", "• Review the offer")]
    [InlineData("  •Agree measures", "• Agree measures")]
    [InlineData("-5% reduction in waiting times", "-5% reduction in waiting times")]
    [InlineData("options appraisal\nover 85%", "options appraisal\nover 85%")]
    [InlineData("Agree measures<br>Build dashboard<BR/>Report", "Agree measures\nBuild dashboard\nReport")]
    [InlineData("<p>Agree</p><p>Build</p>", "Agree\nBuild")]
    [InlineData("<ul><li>Agree</li><li>Build</li></ul>", "• Agree\n• Build")]
    [InlineData("<span style=\"color:red\"><b>Red</b></span> rated", "Red rated")]
    [InlineData("Tom &amp; Jo&#39;s plan&nbsp;&nbsp;2021", "Tom & Jo's plan 2021")]
    [InlineData("&lt;b&gt; stays as typed", "<b> stays as typed")]
    [InlineData("Ages <5 and >3, A&E", "Ages <5 and >3, A&E")]
    [InlineData("Joint\u00A0working\u2002plan\u202Fagreed", "Joint working plan agreed")]
    [InlineData("Zero\u200Bwidth\uFEFF", "Zerowidth")]
    [InlineData("  lots   of \t spaces  \n  next line ", "lots of spaces\nnext line")]
    [InlineData("recruit-\nment of SENCos", "recruitment of SENCos")]
    [InlineData("Recruit-\nment", "Recruitment")]
    [InlineData("the emotional well-\nbeing of pupils", "the emotional well-being of pupils")]
    [InlineData("co-\nproduction with families", "co-production with families")]
    [InlineData("SEND-\nrelated training", "SEND-related training")]
    [InlineData("infor-\nma-\ntion", "information")]
    [InlineData("ages 0 -\n25", "ages 0 -\n25")]
    [InlineData("Phase One-\nMay 2021", "Phase One-\nMay 2021")]
    [InlineData("post-\n16 options", "post-\n16 options")]
    [InlineData("Line one\r\nLine two\rLine three\vLine four", "Line one\nLine two\nLine three\nLine four")]
    [InlineData("\n\nFirst\n\n\n\nSecond\n\n", "First\n\nSecond")]
    [InlineData("   \n \u00A0 ", null)]
    [InlineData("", null)]
    public void Text_CleansCellsAndKeepsLineBreaks(string raw, string? expected)
    {
        var result = Normalise.Text(raw);

        Assert.Equal(raw, result.Raw);
        Assert.Equal(expected, result.Value);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("Amber", "Amber", false, null)]
    [InlineData("amber", "Amber", false, null)]
    [InlineData("Amber?", "Amber", true, null)]
    [InlineData("AMBER ?", "Amber", true, null)]
    [InlineData("Complete", "Blue", false, null)]
    [InlineData("COMPLETED", "Blue", false, null)]
    [InlineData("Blue", "Blue", false, null)]
    [InlineData("G", "Green", false, null)]
    [InlineData("Green\u00A0", "Green", false, null)]
    [InlineData("<b>Red</b>", "Red", false, null)]
    [InlineData("On track", "Green", false, null)]
    [InlineData("Purple", null, false, "“Purple” is not a rating on the BRAG scale (Blue, Green, Amber, Red); it was kept as text")]
    [InlineData("Green/Amber", null, false, "“Green/Amber” is not a rating on the BRAG scale (Blue, Green, Amber, Red); it was kept as text")]
    [InlineData("  ", null, false, null)]
    public void Rating_ReadsTheScaleAndWarnsOtherwise(string raw, string? key, bool tentative, string? warning)
    {
        var result = Normalise.Rating(_brag, raw);

        Assert.Equal(raw, result.Raw);
        Assert.Equal(key, result.Value?.Value.Key);
        Assert.Equal(tentative, result.Value?.IsTentative ?? false);
        Assert.Equal(warning is null ? [] : [warning], result.Warnings);
    }

    [Theory]
    [InlineData("In progress", ProgressStatus.InProgress, null)]
    [InlineData("in progress", ProgressStatus.InProgress, null)]
    [InlineData("On going", ProgressStatus.InProgress, null)]
    [InlineData("Completed", ProgressStatus.Complete, null)]
    [InlineData("Complete", ProgressStatus.Complete, null)]
    [InlineData("COMPLETE", ProgressStatus.Complete, null)]
    [InlineData("COMPLETE (ongoing activity)", ProgressStatus.Complete, null)]
    [InlineData("COMPLETE\n(ongoing activity)", ProgressStatus.Complete, null)]
    [InlineData("tbc", ProgressStatus.ToBeConfirmed, null)]
    [InlineData("TBC?", ProgressStatus.ToBeConfirmed, null)]
    [InlineData("Not started", ProgressStatus.NotStarted, null)]
    [InlineData("", ProgressStatus.NotRecorded, null)]
    [InlineData("See note", ProgressStatus.NotRecorded, "“See note” is not a progress status (Not started, In progress, Complete or tbc); it was kept as text")]
    [InlineData("Amber", ProgressStatus.NotRecorded, "“Amber” is not a progress status (Not started, In progress, Complete or tbc); it was kept as text")]
    public void Status_ReadsStatusWords(string raw, ProgressStatus expected, string? warning)
    {
        var result = Normalise.Status(raw);

        Assert.Equal(raw, result.Raw);
        Assert.Equal(expected, result.Value);
        Assert.Equal(warning is null ? [] : [warning], result.Warnings);
    }

    /// <summary>Revisions are written "text=last day" (or "text=" when there is none), oldest first, separated by "|".</summary>
    [Theory]
    [InlineData("Sept 21", "Sept 21", PlanDateKind.Month, "2021-09-30", "", null)]
    [InlineData("May 2021 (revised from Nov 2019)", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30", null)]
    [InlineData("May 2021 (Revised from Nov 2019)", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30", null)]
    [InlineData("May 2021\n(revised from Nov 2019)", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30", null)]
    [InlineData("May 2021 (revised from Nov 2019) (revised from Sept 2020)", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30|Sept 2020=2020-09-30", null)]
    [InlineData("May 2021 (revised from Sept 2020) (revised from Nov 2019)", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30|Sept 2020=2020-09-30", null)]
    [InlineData("May 2021 revised from Nov 2019 and Sept 2020", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30|Sept 2020=2020-09-30", null)]
    [InlineData("May 2021 (revised from Sept 2020, Nov 2019)", "May 2021", PlanDateKind.Month, "2021-05-31", "Nov 2019=2019-11-30|Sept 2020=2020-09-30", null)]
    [InlineData("Spring Term 2022 (originally Autumn Term 2021)", "Spring Term 2022", PlanDateKind.Term, "2022-03-31", "Autumn Term 2021=2021-12-31", null)]
    [InlineData("30/06/2021 [revised from 31/03/2021]", "30/06/2021", PlanDateKind.Day, "2021-06-30", "31/03/2021=2021-03-31", null)]
    [InlineData("2019/20", "2019/20", PlanDateKind.AcademicYear, "2020-08-31", "", null)]
    [InlineData("Ongoing from March 2020", "Ongoing from March 2020", PlanDateKind.OngoingFrom, "", "", null)]
    [InlineData("Nov 2019-", "Nov 2019-", PlanDateKind.OngoingFrom, "", "", null)]
    [InlineData("On going", "On going", PlanDateKind.Ongoing, "", "", null)]
    [InlineData("tbc", "tbc", PlanDateKind.ToBeConfirmed, "", "", null)]
    [InlineData("June 2020 to April 2021", "June 2020 to April 2021", PlanDateKind.Range, "2021-04-30", "", null)]
    [InlineData("sometime soon", "sometime soon", PlanDateKind.Unrecognised, "", "",
        "We could not read “sometime soon” as a date. Enter it in a form such as " + PlanDateParser.Examples + "." + NotADate)]
    [InlineData("31/02/2021", "31/02/2021", PlanDateKind.Unrecognised, "", "",
        "“31/02/2021” is not a real date: February 2021 has 28 days." + NotADate)]
    [InlineData("May 2021 (revised from sometime)", "May 2021", PlanDateKind.Month, "2021-05-31", "sometime=",
        "“sometime” in the revisions of “May 2021 (revised from sometime)” is not a date; it was kept as text")]
    [InlineData("(revised from Nov 2019)", null, PlanDateKind.None, "", "Nov 2019=2019-11-30",
        "“(revised from Nov 2019)” gives the dates it was revised from but no deadline")]
    public void Deadline_ReadsDatesAndRevisions(string raw, string? text, PlanDateKind kind, string end, string revisions, string? warning)
    {
        var result = Normalise.Deadline(raw);

        Assert.Equal(raw, result.Raw);
        Assert.NotNull(result.Value);
        Assert.Equal(text, result.Value.Deadline.Text);
        Assert.Equal(kind, result.Value.Deadline.Kind);
        Assert.Equal(end, Day(result.Value.Deadline.End));
        Assert.Equal(revisions, string.Join('|', result.Value.RevisedFrom.Select(r => $"{r.Text}={Day(r.End)}")));
        Assert.Equal(warning is null ? [] : [warning], result.Warnings);
    }

    [Fact]
    public void Deadline_Empty_HasNoValueAndNoWarning()
    {
        var result = Normalise.Deadline(" ");

        Assert.Null(result.Value);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("1.1c", "1.1c", "1.1c")]
    [InlineData("1.1(c)", "1.1(c)", "1.1c")]
    [InlineData("1.1 (c)", "1.1 (c)", "1.1c")]
    [InlineData("1.1 c", "1.1 c", "1.1c")]
    [InlineData("1.1C", "1.1C", "1.1c")]
    [InlineData("  1.1   c ", "1.1 c", "1.1c")]
    [InlineData("Action 1.1c", "Action 1.1c", "1.1c")]
    [InlineData("5.1 c", "5.1 c", "5.1c")]
    [InlineData("5.1(c)", "5.1(c)", "5.1c")]
    [InlineData("1.2", "1.2", "1.2")]
    [InlineData("01.02", "01.02", "1.2")]
    [InlineData("2.3(ii)", "2.3(ii)", "2.3ii")]
    public void Ref_KeepsTheTextAndMatchesSpellingsOfTheSameRef(string raw, string text, string sameAs)
    {
        var result = Normalise.Ref(raw);

        Assert.Equal(raw, result.Raw);
        Assert.NotNull(result.Value);
        Assert.Equal(text, result.Value.Text);
        Assert.Equal(ItemRef.SortKey(sameAs), result.Value.MatchKey);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Ref_MatchKeyIsTheNaturalSortKey()
    {
        Assert.Equal("n00000000000000000001.n00000000000000000001.ac", Normalise.Ref("1.1(c)").Value!.MatchKey);
    }

    [Theory]
    [InlineData("1.1(c)", "1.1(d)")]
    [InlineData("1.1c", "11c")]
    [InlineData("1.1", "1.1a")]
    [InlineData("5.1 c", "5.1")]
    public void Ref_DifferentRefsDoNotMatch(string a, string b)
    {
        Assert.NotEqual(Normalise.Ref(a).Value!.MatchKey, Normalise.Ref(b).Value!.MatchKey);
    }

    [Theory]
    [InlineData("tbc", "“tbc” is not a ref (such as 1.1a, 1.1(c) or 5.1 c); it was kept as text and the item can be matched by its title")]
    [InlineData("Action c", "“Action c” is not a ref (such as 1.1a, 1.1(c) or 5.1 c); it was kept as text and the item can be matched by its title")]
    [InlineData("1.1 Agree a joint SEND data set and a dashboard", "“1.1 Agree a joint SEND data set and a dashboard” is longer than a ref can be (40 characters); check the column holds refs")]
    [InlineData("", null)]
    public void Ref_Rejects(string raw, string? warning)
    {
        var result = Normalise.Ref(raw);

        Assert.Equal(warning is null ? [] : [warning], result.Warnings);
        Assert.Equal(raw, result.Raw);
    }

    /// <summary>Expected references are "label|ref as written|ref it matches", separated by "; ".</summary>
    [Theory]
    [InlineData("WSoA: 1.1(c)", "WSoA|1.1(c)|1.1c", null)]
    [InlineData("WSOA 2.3", "WSOA|2.3|2.3", null)]
    [InlineData("See WSoA 1.1(c) and 3.2(a)", "WSoA|1.1(c)|1.1c; WSoA|3.2(a)|3.2a", null)]
    [InlineData("WSoA 1.1a, 1.1b & 1.2", "WSoA|1.1a|1.1a; WSoA|1.1b|1.1b; WSoA|1.2|1.2", null)]
    [InlineData("WSoA 1.1a; PAP 2.1", "WSoA|1.1a|1.1a; PAP|2.1|2.1", null)]
    [InlineData("Links to WSoA action 4.2b", "WSoA|4.2b|4.2b", null)]
    [InlineData("WSoA 5.1 c", "WSoA|5.1 c|5.1c", null)]
    [InlineData("WSoA:1.1(c)\nWSoA: 2.3 (a)", "WSoA|1.1(c)|1.1c; WSoA|2.3 (a)|2.3a", null)]
    [InlineData("See 1.1(c)", "", "“See 1.1(c)” does not name a plan and a ref (such as WSoA: 1.1(c) or See WSoA 1.1(c) and 3.2(a)); it was kept as text")]
    [InlineData("Autism strategy", "", "“Autism strategy” does not name a plan and a ref (such as WSoA: 1.1(c) or See WSoA 1.1(c) and 3.2(a)); it was kept as text")]
    [InlineData("", "", null)]
    public void CrossReference_FindsPlanAndRefs(string raw, string expected, string? warning)
    {
        var result = Normalise.CrossReference(raw);

        Assert.Equal(raw, result.Raw);
        Assert.NotNull(result.Value);
        var expectedRefs = expected.Split("; ", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('|')).ToList();
        Assert.Equal(expectedRefs.Select(e => $"{e[0]}|{e[1]}"), result.Value.Select(r => $"{r.PlanLabel}|{r.Ref.Text}"));
        Assert.Equal(expectedRefs.Select(e => ItemRef.SortKey(e[2])), result.Value.Select(r => r.Ref.MatchKey));
        Assert.All(result.Value, r => Assert.Equal(r.PlanLabel.ToUpperInvariant(), r.PlanKey));
        Assert.Equal(warning is null ? [] : [warning], result.Warnings);
    }

    [Theory]
    [InlineData("AR", ResourceNeed.AdditionalResource, null)]
    [InlineData("ar", ResourceNeed.AdditionalResource, null)]
    [InlineData("A.R.", ResourceNeed.AdditionalResource, null)]
    [InlineData("AR?", ResourceNeed.AdditionalResource, null)]
    [InlineData("AR/ER", ResourceNeed.AdditionalResource, null)]
    [InlineData("AR/ER?", ResourceNeed.AdditionalResource, null)]
    [InlineData("Additional resource", ResourceNeed.AdditionalResource, null)]
    [InlineData("Additional resources required", ResourceNeed.AdditionalResource, null)]
    [InlineData("Additional resource may be required", ResourceNeed.AdditionalResource, null)]
    [InlineData("ER", ResourceNeed.ExistingResource, null)]
    [InlineData(" er ", ResourceNeed.ExistingResource, null)]
    [InlineData("Existing resource", ResourceNeed.ExistingResource, null)]
    [InlineData("Existing Resources", ResourceNeed.ExistingResource, null)]
    [InlineData("Within existing resources", ResourceNeed.ExistingResource, null)]
    [InlineData("", ResourceNeed.NotStated, null)]
    [InlineData("N/A", ResourceNeed.NotStated, null)]
    [InlineData("Annual review", ResourceNeed.NotStated, "“Annual review” is not a resource flag (AR, ER, Additional resource or Existing resource); it was kept as text")]
    [InlineData("£50k", ResourceNeed.NotStated, "“£50k” is not a resource flag (AR, ER, Additional resource or Existing resource); it was kept as text")]
    [InlineData("AR ER", ResourceNeed.NotStated, "“AR ER” is not a resource flag (AR, ER, Additional resource or Existing resource); it was kept as text")]
    public void Resource_ReadsArAndEr(string raw, ResourceNeed expected, string? warning)
    {
        var result = Normalise.Resource(raw);

        Assert.Equal(raw, result.Raw);
        Assert.Equal(expected, result.Value);
        Assert.Equal(warning is null ? [] : [warning], result.Warnings);
    }

    [Fact]
    public void NullCells_KeepNullRawAndGiveNoWarnings()
    {
        Assert.Null(Normalise.Text(null).Raw);
        Assert.Empty(Normalise.Rating(_brag, null).Warnings);
        Assert.Equal(ProgressStatus.NotRecorded, Normalise.Status(null).Value);
        Assert.Null(Normalise.Deadline(null).Value);
        Assert.Null(Normalise.Ref(null).Value);
        Assert.Empty(Normalise.CrossReference(null).Value!);
        Assert.Equal(ResourceNeed.NotStated, Normalise.Resource(null).Value);
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}

using System.Net;
using AngleSharp.Dom;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>The dashboard: the off-track exceptions with commentary, every measure by theme, and its filters.</summary>
[Collection(WebTestGroup.Name)]
public sealed class DashboardTests(AppFactory factory)
{
    [Fact]
    public async Task Dashboard_ListsOffTrackMeasuresWithCommentary_ThenEveryMeasureByTheme()
    {
        var (world, timely, _, _) = await ThreeMeasuresAsync();
        using var viewer = await world.SignInAsync(world.Viewer);

        var (status, page) = await viewer.GetPageAsync("/measures");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Measures – SEND Improvement", page.Title);
        Assert.NotNull(page.QuerySelector(".govuk-service-navigation__item--active a[href='/measures']"));

        var offTrack = page.QuerySelectorAll(".app-exception");
        var exception = Assert.Single(offTrack);
        Assert.Equal($"/measures/{timely}", exception.QuerySelector("h3 a")!.GetAttribute("href"));
        var text = Text(exception);
        Assert.Contains("Latest figure 61% in May 2026", text, StringComparison.Ordinal);
        Assert.Contains("Target 75% by December 2026", text, StringComparison.Ordinal);
        Assert.Contains("61% in May 2026 against a trajectory of 65% for that date and a target of 75% by December 2026: off track", text, StringComparison.Ordinal);
        Assert.Contains("For May 2026, by Pat Programme Two coordinators start in July. Their assessment: At risk", text, StringComparison.Ordinal);

        Assert.Equal(["Health", "Timeliness", "Voice and co-production"], page.QuerySelectorAll("main table caption").Select(c => c.TextContent.Trim()));
        Assert.Equal(
            ["Measure", "Latest figure", "Target", "Status", "Direction of travel", "England", "Statistical neighbours' average", "Rank"],
            page.QuerySelector("main table thead")!.QuerySelectorAll("th[scope=col]").Select(h => h.TextContent.Trim()));

        var rows = page.QuerySelectorAll("main table tbody tr").ToDictionary(r => r.QuerySelector("th a")!.TextContent.Trim(), r => r.Children.Select(Text).ToList());
        Assert.Equal(
            ["Routine CAMHS waits Owner: Olga Other", "16 weeks May 2026", "At most 18 weeks", "On track Why: Routine CAMHS waits 16 weeks in May 2026 against a threshold of at most 18 weeks: on track", "Not known", "No figure", "No figures", "Not ranked"],
            rows["Routine CAMHS waits"]);
        Assert.Equal("Off track", rows["New EHC plans within 20 weeks"][3][..9]);
        Assert.Equal("↘ Worsening", rows["New EHC plans within 20 weeks"][4]);
        Assert.Equal("Not assessed Why: Parent carer satisfaction Not assessed: no figure has been recorded yet.", rows["Parent carer satisfaction"][3]);
        Assert.Equal("Parent carer satisfaction No owner", rows["Parent carer satisfaction"][0]);

        // The arrow is decoration; the words carry the meaning.
        Assert.Equal("true", page.QuerySelector(".app-travel")!.GetAttribute("aria-hidden"));
        Assert.Null(page.QuerySelector("main a[href='/measures/loads/new']"));
    }

    [Fact]
    public async Task Dashboard_ForAProgrammeLead_OffersLoadingFigures()
    {
        var (world, _, _, _) = await ThreeMeasuresAsync();
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.GetPageAsync("/measures");

        Assert.NotNull(page.QuerySelector("main a[href='/measures/loads/new']"));
        Assert.NotNull(page.QuerySelector("main a[href='/measures/library']"));
        Assert.NotNull(page.QuerySelector("main a[href='/measures/comparators']"));
    }

    [Fact]
    public async Task Dashboard_FiltersByPlanThemeOwnerAndStatus()
    {
        var (world, timely, waits, satisfaction) = await ThreeMeasuresAsync();
        using var viewer = await world.SignInAsync(world.Viewer);

        Assert.Equal(["New EHC plans within 20 weeks"], await NamesAsync(viewer, $"/measures?plan={world.PlanId}"));
        Assert.Equal(["Routine CAMHS waits"], await NamesAsync(viewer, "/measures?theme=Health"));
        Assert.Equal(["Routine CAMHS waits"], await NamesAsync(viewer, $"/measures?owner={world.OtherPersonId}"));
        Assert.Equal(["New EHC plans within 20 weeks"], await NamesAsync(viewer, "/measures?status=off-track"));
        Assert.Equal(["Routine CAMHS waits"], await NamesAsync(viewer, "/measures?status=on-track"));
        Assert.Equal(["Parent carer satisfaction"], await NamesAsync(viewer, "/measures?status=not-assessed"));
        Assert.Empty(await NamesAsync(viewer, $"/measures?theme=Health&owner={world.LeadPersonId}"));

        var (_, page) = await viewer.GetPageAsync("/measures?theme=health&status=on-track");
        Assert.Contains("1 measure in the theme Health, on track", TestClient.Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#theme option[value='Health'][selected]"));
        Assert.NotNull(page.QuerySelector("#status option[value='on-track'][selected]"));
        Assert.Contains("None of these measures is off track.", TestClient.Text(page), StringComparison.Ordinal);
        Assert.Equal("GET", page.QuerySelector("form.app-filter")!.GetAttribute("method")!.ToUpperInvariant());
        _ = (timely, waits, satisfaction);
    }

    [Theory]
    [InlineData("?status=banana")]
    [InlineData("?plan=banana")]
    [InlineData("?owner=nobody")]
    [InlineData("?owner=99999999")]
    [InlineData("?theme=Nonsense")]
    [InlineData("?plan=&theme=&owner=&status=")]
    [InlineData("?status=Off%20track&owner=-1&plan=1.5")]
    public async Task Dashboard_IgnoresValuesThatAreNotChoices(string query)
    {
        var (world, _, _, _) = await ThreeMeasuresAsync();
        using var viewer = await world.SignInAsync(world.Viewer);

        var (status, page) = await viewer.GetPageAsync("/measures" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, page.QuerySelectorAll("main table tbody tr").Length);
        Assert.Contains("3 measures", TestClient.Text(page), StringComparison.Ordinal);
        Assert.DoesNotContain("Error", page.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ForAPlan_IsLinkedFromThePlan_AndSaysWhenNothingIsLinked()
    {
        var world = await TestWorld.CreateAsync(factory);
        await CreateAsync(world, Waits(world));
        using var viewer = await world.SignInAsync(world.Viewer);

        var (_, plan) = await viewer.GetPageAsync($"/plans/{world.PlanId}");
        var link = plan.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == "Measures for this plan");
        Assert.Equal($"/measures?plan={world.PlanId}", link.GetAttribute("href"));

        var (_, page) = await viewer.GetPageAsync($"/measures?plan={world.PlanId}");
        Assert.Equal("Measures for Testshire WSoA – SEND Improvement", page.Title);
        Assert.Equal("Measures for Testshire WSoA", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("No measures are linked to this plan's items yet.", TestClient.Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($".govuk-breadcrumbs a[href='/plans/{world.PlanId}']"));
    }

    [Fact]
    public async Task Dashboard_AnotherPartnershipsPlan_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var viewer = await world.SignInAsync(world.Viewer);

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetPageAsync($"/measures?plan={other.PlanId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetPageAsync("/measures?plan=2147483647")).Status);
    }

    [Fact]
    public async Task Dashboard_ComparesWithEnglandAndNeighbours_AndRanks()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await TimelinessWithComparatorsAsync(world);
        using var viewer = await world.SignInAsync(world.Viewer);

        // No figure of the partnership's own: the council's published one is the latest.
        var (_, page) = await viewer.GetPageAsync("/measures");
        var cells = page.QuerySelector("main table tbody tr")!.Children.Select(Text).ToList();
        Assert.Equal("60% 2025 The council's published figure", cells[1]);
        Assert.Equal("50% 2025", cells[5]);
        Assert.Equal("55% 2025, 2 neighbours", cells[6]);
        Assert.Equal("2nd of 3 2025", cells[7]);
        Assert.Equal("↗ Improving", cells[4]);

        await RecordAsync(world, id, "May 2026", "61");
        var (_, after) = await viewer.GetPageAsync("/measures");
        var latest = after.QuerySelector("main table tbody tr")!.Children.Select(Text).ToList();
        Assert.Equal("61% May 2026", latest[1]);
        Assert.Equal("2nd of 3 2025", latest[7]);
    }

    /// <summary>
    /// Timeliness (off track: 61% in May 2026, down from 62%, linked to outcome 1.1, with the owner's commentary), waits
    /// (on track: 16 weeks) and parent carer satisfaction (no figure, no owner, so not assessed).
    /// </summary>
    private async Task<(TestWorld World, int Timely, int Waits, int Satisfaction)> ThreeMeasuresAsync()
    {
        var world = await TestWorld.CreateAsync(factory);
        var timely = await CreateAsync(world, Timeliness(world));
        var waits = await CreateAsync(world, Waits(world));
        var satisfaction = await CreateAsync(world, new MeasureDetails
        {
            Name = "Parent carer satisfaction",
            Theme = "Voice and co-production",
            Unit = MeasureUnit.Percentage,
            Direction = MeasureDirection.HigherIsBetter,
            Frequency = PeriodType.AcademicYear,
            DefinitionStatus = DefinitionStatus.ToBeDefined,
        });
        await RecordAsync(world, timely, "April 2026", "62");
        await RecordAsync(world, timely, "May 2026", "61");
        await RecordAsync(world, waits, "May 2026", "16");
        await CommentAsync(world, timely, "May 2026", "Two coordinators start in July.", OwnerAssessment.AtRisk);
        await LinkAsync(world, timely, world.OutcomeId);
        return (world, timely, waits, satisfaction);
    }

    private static async Task<List<string>> NamesAsync(TestClient client, string url)
    {
        var (status, page) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. page.QuerySelectorAll("main table tbody th a").Select(a => a.TextContent.Trim())];
    }

    private static string Text(IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

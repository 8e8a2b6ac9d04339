using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>The measure library, the starter set, and adding and changing a measure.</summary>
[Collection(WebTestGroup.Name)]
public sealed class LibraryTests(AppFactory factory)
{
    [Fact]
    public async Task Library_ListsEveryMeasureInWords()
    {
        var world = await TestWorld.CreateAsync(factory);
        var timely = await CreateAsync(world, Timeliness(world));
        await CreateAsync(world, Waits(world));
        await LinkAsync(world, timely, world.OutcomeId);
        using var client = await world.SignInAsync(world.Viewer);

        var (status, page) = await client.GetPageAsync("/measures/library");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Measure library – SEND Improvement", page.Title);
        var rows = page.QuerySelectorAll("main table tbody tr").Select(r => r.Children.Select(c => string.Join(' ', c.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList()).ToList();
        Assert.Equal(2, rows.Count);

        // Ordered by theme: Health before Timeliness.
        Assert.Equal(["Routine CAMHS waits Code: camhs-waits", "Health", "Weeks", "Lower is better", "Monthly", "Olga Other", "Draft", "No plan items"], rows[0]);
        Assert.Equal(["New EHC plans within 20 weeks Code: ehcp-20", "Timeliness", "Percentage", "Higher is better", "Monthly", "Terry Lead", "Agreed", "1 plan item"], rows[1]);
        Assert.Equal($"/measures/{timely}", page.QuerySelectorAll("main table tbody tr")[1].QuerySelector("a")!.GetAttribute("href"));

        // A viewer reads but is offered nothing to change.
        Assert.Null(page.QuerySelector("a[href='/measures/new']"));
    }

    [Fact]
    public async Task Library_WhenEmpty_SaysHowToStart()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.GetPageAsync("/measures/library");

        Assert.Contains("No measures yet: add starter measures or add a measure.", TestClient.Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/measures/starters']"));
        Assert.NotNull(page.QuerySelector("main a[href='/measures/new']"));
        Assert.Contains("No measures yet", TestClient.Text((await lead.GetPageAsync("/measures")).Page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starters_AddsTheChosenOnes_AndShowsThemAsAddedAfterwards()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, form) = await lead.GetPageAsync("/measures/starters");
        Assert.Equal(StarterMeasures.All.Count, form.QuerySelectorAll("input[name='Input.Starters']").Length);
        Assert.Contains(StarterMeasures.All[0].Definition, form.QuerySelector("main details")!.TextContent, StringComparison.Ordinal);

        var response = await lead.PostFormAsync("/measures/starters", Form(
            ("Input.Starters", "ehcp-20-weeks-excl"),
            ("Input.Starters", "decision-to-assess-6-weeks")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/measures/library", response.Headers.Location!.ToString());
        var codes = await world.QueryAsync(db => db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.StarterKey).ToListAsync());
        Assert.Equal(["decision-to-assess-6-weeks", "ehcp-20-weeks-excl"], codes.Order());

        var (_, library) = await lead.GetPageAsync("/measures/library");
        Assert.Contains("2 starter measures added to the library", TestClient.Text(library), StringComparison.Ordinal);

        var (_, again) = await lead.GetPageAsync("/measures/starters");
        Assert.Equal(StarterMeasures.All.Count - 2, again.QuerySelectorAll("input[name='Input.Starters']").Length);
        Assert.Null(again.QuerySelector("input[value='ehcp-20-weeks-excl']"));
        var added = again.QuerySelectorAll("main li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains("Added New EHC plans issued within 20 weeks (excluding exceptions)", added);
    }

    [Fact]
    public async Task Starters_NoneChosen_SaysSo()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.PostAndReadAsync("/measures/starters", new());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Select at least one starter measure to add"], TestClient.Errors(page));
        Assert.Equal("#Input_Starters", page.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("#Input_Starters"));
        Assert.Contains("Select at least one starter measure to add", page.QuerySelector("#Input_Starters-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithMistakes_ShowsEachMessageAgainstItsField_AndInTheSummary()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.PostAndReadAsync("/measures/new", new()
        {
            ["Input.Name"] = "",
            ["Input.Code"] = "has spaces",
            ["Input.Unit"] = "Percentage",
            ["Input.Direction"] = "HigherIsBetter",
            ["Input.BaselineValue"] = "150",
            ["Input.TargetKind"] = "Absolute",
            ["Input.TargetValue"] = "75",
            ["Input.Trajectory"] = "not a step",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Error: Add a measure", page.Title, StringComparison.Ordinal);
        var expected = new Dictionary<string, string>
        {
            ["Input_Name"] = "Enter the measure's name",
            ["Input_Code"] = "The code must not contain spaces: use hyphens, like ehcp-20-weeks",
            ["Input_Frequency"] = "Select how often figures are expected",
            ["Input_DefinitionStatus"] = "Select whether the definition is agreed",
            ["Input_BaselineValue"] = "The baseline is a percentage: enter a number between 0 and 100",
            ["Input_TargetBy"] = "Enter the date the target is for, like April 2022",
            ["Input_Trajectory"] = "Trajectory line 1 (“not a step”): write a date and a value, like April 2021: 45",
        };
        var summary = page.QuerySelectorAll(".govuk-error-summary__list a").ToDictionary(a => a.GetAttribute("href")!.TrimStart('#'), a => a.TextContent.Trim());
        Assert.Equal(expected.OrderBy(e => e.Key), summary.OrderBy(e => e.Key));
        foreach (var (id, message) in expected)
        {
            Assert.NotNull(page.QuerySelector($"#{id}"));
            Assert.Equal($"Error: {message}", page.QuerySelector($"#{id}-error")!.TextContent.Trim());
        }

        // What was typed is kept.
        Assert.Equal("has spaces", page.QuerySelector("#Input_Code")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name='Input.Unit'][value='Percentage'][checked]"));
        Assert.False(await world.QueryAsync(db => db.Measures.AnyAsync(m => m.PartnershipId == world.PartnershipId)));
    }

    [Fact]
    public async Task Add_WithEveryField_SavesTheMeasure_AndShowsItsPage()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var (_, form) = await lead.GetPageAsync("/measures/new");
        Assert.Equal(["No target yet", "A value by a date", "A threshold to stay beyond", "A change from the baseline", "A trajectory", "At least as good as England"],
            form.QuerySelectorAll("input[name='Input.TargetKind'] + label").Select(l => l.TextContent.Trim()));
        Assert.Equal(["Percentage", "Count", "Rate per 10,000", "Days", "Weeks", "Score"], form.QuerySelectorAll("input[name='Input.Unit'] + label").Select(l => l.TextContent.Trim()));
        Assert.Contains("Terry Lead (Head of SEND)", form.QuerySelectorAll("#Input_OwnerId option").Select(o => o.TextContent));

        var response = await lead.PostFormAsync("/measures/new", Form(
            ("Input.Name", "New EHC plans within 20 weeks"),
            ("Input.Theme", "Timeliness"),
            ("Input.Definition", "Of the new plans issued, the percentage issued within 20 weeks."),
            ("Input.Unit", "Percentage"),
            ("Input.Direction", "HigherIsBetter"),
            ("Input.Frequency", "Month"),
            ("Input.Source", "Case management system"),
            ("Input.OwnerId", Id(world.LeadPersonId)),
            ("Input.AreaIds", Id(world.NorthAreaId)),
            ("Input.DefinitionStatus", "Agreed"),
            ("Input.BaselineValue", "58"),
            ("Input.BaselinePeriod", "2021"),
            ("Input.TargetKind", "Trajectory"),
            ("Input.Trajectory", "April 2021: 60\r\nApril 2022: 75"),
            ("Input.ComparatorSeries", "pct_20wk")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var measure = await world.QueryAsync(db => db.Measures.Include(m => m.Areas).Include(m => m.Trajectory).SingleAsync(m => m.PartnershipId == world.PartnershipId));
        Assert.Equal($"/measures/{measure.Id}", response.Headers.Location!.ToString());
        Assert.Equal("new-ehc-plans-within-20-weeks", measure.Code);
        Assert.Equal(world.LeadPersonId, measure.OwnerId);
        Assert.Equal([world.NorthAreaId], measure.Areas.Select(a => a.Id));
        Assert.Equal([60m, 75m], measure.Trajectory.OrderBy(t => t.By).Select(t => t.Value));

        var (_, page) = await lead.GetPageAsync($"/measures/{measure.Id}");
        var text = TestClient.Text(page);
        Assert.Contains("New EHC plans within 20 weeks added to the library.", text, StringComparison.Ordinal);
        Assert.Contains("Baseline 58% in 2021", text, StringComparison.Ordinal);
        Assert.Contains("Target Trajectory to 75% by April 2022", text, StringComparison.Ordinal);
        Assert.True(text.Contains("Owner Terry Lead", StringComparison.Ordinal), text);
        Assert.Contains("Areas North Area", text, StringComparison.Ordinal);
        Assert.Contains("Definition status Agreed", text, StringComparison.Ordinal);
        Assert.Contains("Comparator indicator pct_20wk", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_ShowsTheMeasure_AndSavesAChange()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, form) = await lead.GetPageAsync($"/measures/{id}/edit");
        Assert.Equal("New EHC plans within 20 weeks", form.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("December 2026", form.QuerySelector("#Input_TargetBy")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name='Input.TargetKind'][value='Absolute'][checked]"));
        Assert.NotNull(form.QuerySelector($"#Input_OwnerId option[value='{world.LeadPersonId}'][selected]"));
        Assert.Equal("0", form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));

        var fields = Fields(form);
        fields["Input.TargetValue"] = "80";
        fields["Input.OwnerId"] = Id(world.OtherPersonId);
        fields["Input.Reason"] = "Agreed at the board";
        var response = await lead.PostFormAsync($"/measures/{id}/edit", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await world.QueryAsync(db => db.Measures.SingleAsync(m => m.Id == id));
        Assert.Equal(80m, saved.TargetValue);
        Assert.Equal(world.OtherPersonId, saved.OwnerId);
        Assert.Equal("Agreed at the board", await world.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "Measure changed" && a.PartnershipId == world.PartnershipId).Select(a => a.Reason).SingleAsync()));
    }

    [Fact]
    public async Task Edit_WithAStaleVersion_Is409_SaysSo_AndKeepsWhatWasTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var (_, form) = await lead.GetPageAsync($"/measures/{id}/edit");
        var first = Fields(form);
        first["Input.Name"] = "Someone else's name";
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"/measures/{id}/edit", first)).StatusCode);

        var mine = Fields(form);
        mine["Input.Name"] = "My name";
        var response = await lead.PostFormAsync($"/measures/{id}/edit", mine);
        var page = await TestClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["Someone else changed this since you opened it. Nothing has been saved. Check the latest details and submit again."], TestClient.Errors(page));
        Assert.Equal("My name", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("1", page.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.Equal("Someone else's name", await world.QueryAsync(db => db.Measures.Where(m => m.Id == id).Select(m => m.Name).SingleAsync()));
    }

    [Theory]
    [InlineData("/measures/new")]
    [InlineData("/measures/starters")]
    public async Task LibraryForms_ForbiddenForContributorsAndViewers(string url)
    {
        var world = await TestWorld.CreateAsync(factory);
        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync(url, new() { ["Input.Name"] = "Sneaky", ["Input.Starters"] = "ehcp-20-weeks-excl" }, formPage: "/")).StatusCode);
        }

        Assert.False(await world.QueryAsync(db => db.Measures.AnyAsync(m => m.PartnershipId == world.PartnershipId)));
    }

    /// <summary>The values a browser would post for the page's form as shown, without the antiforgery token.</summary>
    internal static List<KeyValuePair<string, string>> FieldList(AngleSharp.Dom.IDocument page) =>
        TestClient.FormFields(page.QuerySelector("main form[method=post]")!).Where(f => f.Key != "__RequestVerificationToken").ToList();

    /// <summary>As <see cref="FieldList"/>, one value per name (the forms here have one checkbox group at most, left as it was).</summary>
    private static Dictionary<string, string> Fields(AngleSharp.Dom.IDocument page) =>
        FieldList(page).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
}

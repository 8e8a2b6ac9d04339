using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>Recording figures (numbers, symbols, corrections) and writing commentary, by programme leads and owners.</summary>
[Collection(WebTestGroup.Name)]
public sealed class FigureTests(AppFactory factory)
{
    [Fact]
    public async Task RecordFigure_ShowsItOnTheMeasurePage()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, form) = await lead.GetPageAsync($"/measures/{id}/figures/new");
        Assert.Equal(["Whole partnership", "North Area", "South Area"], form.QuerySelectorAll("#Input_AreaId option").Select(o => o.TextContent.Trim()));
        Assert.Contains("c (suppressed to protect confidentiality)", form.QuerySelector("#Input_Value-hint")!.TextContent, StringComparison.Ordinal);

        var response = await lead.PostFormAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.AreaId"] = "", ["Input.Value"] = "62.5%", ["Input.Note"] = "Provisional" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/measures/{id}", response.Headers.Location!.ToString());
        var (_, page) = await lead.GetPageAsync($"/measures/{id}");
        Assert.Contains("Figure for May 2026 saved.", TestClient.Text(page), StringComparison.Ordinal);
        var row = page.QuerySelector("#figures-table tbody tr")!.Children.Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("May 2026", row[0]);
        Assert.Equal("Whole partnership", row[1]);
        Assert.Equal("62.5%", row[2]);
        Assert.Equal("Provisional", row[3]);
        Assert.StartsWith("Programme lead", row[4], StringComparison.Ordinal);
        Assert.Contains("on 15 June 2026", row[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordFigure_ASymbol_IsKeptAsTheSymbol_NeverZero()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var response = await lead.PostFormAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "April 2026", ["Input.AreaId"] = Id(world.SouthAreaId), ["Input.Value"] = "[c]" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await world.QueryAsync(db => db.MeasureObservations.SingleAsync(o => o.MeasureId == id));
        Assert.Equal(("c", (decimal?)null, (int?)world.SouthAreaId), (saved.Symbol, saved.Value, saved.AreaId));
        var (_, page) = await lead.GetPageAsync($"/measures/{id}");
        var cell = page.QuerySelector("#figures-table tbody tr td:nth-child(3)")!;
        Assert.Equal("c", cell.QuerySelector("abbr")!.TextContent);
        Assert.Equal("suppressed to protect confidentiality", cell.QuerySelector("abbr")!.GetAttribute("title"));
        Assert.DoesNotContain("0", cell.TextContent, StringComparison.Ordinal);
        Assert.Contains("c suppressed to protect confidentiality", TestClient.Text(page), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#symbols"));
    }

    [Theory]
    [InlineData("101", "Input.Value", "Enter a percentage between 0 and 100")]
    [InlineData("-3", "Input.Value", "Enter a percentage between 0 and 100")]
    [InlineData("lots", "Input.Value", "Enter a number, like 62.5, or one of the DfE's symbols (c, x, z, low, u or :)")]
    [InlineData("", "Input.Value", "Enter the figure, one of the DfE's symbols (c, x, z, low, u or :), or a note saying why there is no figure yet")]
    public async Task RecordFigure_ABadFigure_IsRefusedWithAMessage(string value, string field, string message)
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.PostAndReadAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.Value"] = value });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([message], TestClient.Errors(page));
        Assert.Equal($"Error: {message}", page.QuerySelector($"#{field.Replace('.', '_')}-error")!.TextContent.Trim());
        Assert.Equal(value, page.QuerySelector("#Input_Value")!.GetAttribute("value"));
        Assert.False(await world.QueryAsync(db => db.MeasureObservations.AnyAsync(o => o.MeasureId == id)));
    }

    [Fact]
    public async Task RecordFigure_BadPeriodAndArea_AreRefused()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.PostAndReadAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "Smarch 2026", ["Input.Value"] = "50" });
        Assert.Single(TestClient.Errors(page));
        Assert.NotNull(page.QuerySelector("#Input_Period-error"));

        var (_, other) = await lead.PostAndReadAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.AreaId"] = "banana", ["Input.Value"] = "50" });
        Assert.Equal(["Select an area from the list"], TestClient.Errors(other));
    }

    [Fact]
    public async Task CorrectingAFigure_NeedsAReason_AndKeepsTheOldOneUnderCorrectedFigures()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        await RecordAsync(world, id, "May 2026", "61");
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, refused) = await lead.PostAndReadAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.Value"] = "63" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["A figure is already recorded for May 2026: say why it is being corrected"], TestClient.Errors(refused));
        Assert.NotNull(refused.QuerySelector("#Input_Reason-error"));

        var response = await lead.PostFormAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.Value"] = "63", ["Input.Reason"] = "The return was revised" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, page) = await lead.GetPageAsync($"/measures/{id}");
        Assert.Equal(["63%"], page.QuerySelectorAll("#figures-table tbody tr td:nth-child(3)").Select(c => c.TextContent.Trim()));
        var corrections = page.QuerySelector("details#corrections")!;
        Assert.Contains("Corrected figures (1)", corrections.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
        var row = corrections.QuerySelector("tbody tr")!.Children.Select(c => TestClient.Text(ParseFragment(c.InnerHtml))).ToList();
        Assert.Equal("May 2026", row[0]);
        Assert.Equal("Whole partnership", row[1]);
        Assert.StartsWith("61% recorded by Pat Programme", row[2], StringComparison.Ordinal);
        Assert.Equal("63%", row[3]);
        Assert.StartsWith("Programme lead", row[4], StringComparison.Ordinal);
        Assert.Contains("on 15 June 2026", row[4], StringComparison.Ordinal);
        Assert.Equal("The return was revised", row[5]);
    }

    [Fact]
    public async Task Commentary_IsShownWithTheOwnersAssessment_BesideTheStatus()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        await RecordAsync(world, id, "May 2026", "61");
        using var contributor = await world.SignInAsync(world.Contributor);

        var (_, form) = await contributor.GetPageAsync($"/measures/{id}/commentary/new");
        Assert.Equal(["On track", "At risk", "Off track", "Not given"], form.QuerySelectorAll("input[name='Input.Assessment'] + label").Select(l => l.TextContent.Trim()));

        var response = await contributor.PostFormAsync($"/measures/{id}/commentary/new", new() { ["Input.CommentaryPeriod"] = "May 2026", ["Input.Commentary"] = "Two new coordinators start in July.", ["Input.Assessment"] = "AtRisk" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await contributor.GetPageAsync($"/measures/{id}");
        var status = TestClient.Text(page);
        Assert.Contains("Status against target Off track 61% in May 2026 against a trajectory of 65% for that date and a target of 75% by December 2026: off track", status, StringComparison.Ordinal);
        Assert.Contains("Owner's own assessment At risk Given by Contributor", status, StringComparison.Ordinal);
        Assert.Contains("Two new coordinators start in July.", page.QuerySelector("#commentary + .moj-timeline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commentary_Missing_SaysWhatIsNeeded()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.PostAndReadAsync($"/measures/{id}/commentary/new", new() { ["Input.CommentaryPeriod"] = "", ["Input.Commentary"] = "", ["Input.Assessment"] = "Fabulous" });
        Assert.Equal(["Select your assessment from the list, or Not given"], TestClient.Errors(page));

        var (_, second) = await lead.PostAndReadAsync($"/measures/{id}/commentary/new", new() { ["Input.CommentaryPeriod"] = "", ["Input.Commentary"] = "" });
        Assert.Equal(2, TestClient.Errors(second).Count);
        Assert.Contains("Enter the commentary", TestClient.Errors(second));
        Assert.NotNull(second.QuerySelector("#Input_CommentaryPeriod-error"));
        Assert.NotNull(second.QuerySelector("#Input_Commentary-error"));
    }

    [Fact]
    public async Task AContributorWhoDoesNotOwnTheMeasure_AndAViewer_SeeNoButtons_AndAreRefused()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Waits(world));
        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            var (status, page) = await client.GetPageAsync($"/measures/{id}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Null(page.QuerySelector($"a[href='/measures/{id}/figures/new']"));
            Assert.Null(page.QuerySelector($"a[href='/measures/{id}/commentary/new']"));
            Assert.Null(page.QuerySelector($"a[href='/measures/{id}/edit']"));

            foreach (var url in new[] { $"/measures/{id}/figures/new", $"/measures/{id}/commentary/new" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(url)).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync(url, new() { ["Input.Period"] = "May 2026", ["Input.Value"] = "3", ["Input.CommentaryPeriod"] = "May 2026", ["Input.Commentary"] = "x" }, formPage: "/")).StatusCode);
            }
        }

        Assert.False(await world.QueryAsync(db => db.MeasureObservations.AnyAsync(o => o.MeasureId == id)));
        Assert.False(await world.QueryAsync(db => db.MeasureCommentaries.AnyAsync(o => o.MeasureId == id)));
    }

    [Fact]
    public async Task TheOwner_AContributor_CanRecordFigures_ButNotChangeTheMeasure()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var owner = await world.SignInAsync(world.Contributor);

        var (_, page) = await owner.GetPageAsync($"/measures/{id}");
        Assert.NotNull(page.QuerySelector($"a[href='/measures/{id}/figures/new']"));
        Assert.Null(page.QuerySelector($"a[href='/measures/{id}/edit']"));

        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostFormAsync($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.Value"] = "61" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.Http.GetAsync($"/measures/{id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostFormAsync($"/measures/{id}/edit", new() { ["Input.Name"] = "Mine now", ["Input.Version"] = "0" }, formPage: $"/measures/{id}")).StatusCode);
    }

    private static AngleSharp.Dom.IDocument ParseFragment(string html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<main>{html}</main>");
}

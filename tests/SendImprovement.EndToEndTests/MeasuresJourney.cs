using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SendImprovement.EndToEndTests;

/// <summary>The journey of the measures issue, in a real browser, with axe-core on every page visited.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class MeasuresJourney(BrowserFixture browser)
{
    [Fact]
    public async Task OfficerLoadsDfeFigures_LeadLinksAMeasure_BoardMemberReadsTheDashboardWithoutJavaScript()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "programme.lead@northby.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Measures", Exact = true }).First.ClickAsync();
        Assert.Equal("Measures", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "measures-dashboard");

        // The performance officer loads the DfE's published file: England, the region, Northby City and two neighbours.
        await page.GetByRole(AriaRole.Link, new() { Name = "Load figures from a file" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "measures-upload");
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-ehcp_timeliness.csv");
        await File.WriteAllTextAsync(file, string.Join('\n',
            "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,pct_decisions_6wks,ehcp_count",
            "2025,Calendar year,National,E92000001,England,,,,,,88.4,576000",
            "2025,Calendar year,Regional,E92000001,England,E12000003,Yorkshire and The Humber,,,,86.1,52000",
            "2025,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,901,E06000901,Northby City,91.2,2300",
            "2025,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,911,E06000911,Ashcombe,c,1200",
            "2025,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,912,E06000912,Brackenfield,low,900",
            "2025,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,999,E6000999,Typo Council,80,100"));
        await page.GetByLabel("Upload a file").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and continue" }).ClickAsync();
        Assert.Equal("Check and load the figures", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "measures-load-indicators");

        await page.GetByLabel("Load pct_decisions_6wks", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Compare pct_decisions_6wks with measure").SelectOptionAsync(new SelectOptionValue { Label = "Decisions whether to assess made within 6 weeks (decision-to-assess-6-weeks)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var check = await page.Locator("main").InnerTextAsync();
        Assert.Contains("E6000999", check, StringComparison.Ordinal);
        Assert.Contains("never read as zero", check, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "measures-load-check");

        // A row with a mistyped council code is left out on purpose; the rest load.
        await page.GetByLabel(ValidRowsPattern()).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Load the figures" }).ClickAsync();
        Assert.Equal("Figures loaded", await page.Locator(".govuk-panel__title").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "measures-loaded");
        File.Delete(file);

        // The programme lead links the health checks measure to the strategy's priority on health.
        await page.GotoAsync($"{browser.BaseUrl}/measures/library");
        await Accessibility.AssertNoViolationsAsync(page, "measures-library");
        await page.GetByRole(AriaRole.Link, new() { Name = "Learning disability annual health checks, aged 14 to 25" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Link to a plan item" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "measures-link");
        var option = page.Locator("#Input_PlanItemId option", new() { HasTextRegex = HealthPriorityPattern() }).First;
        await page.Locator("#Input_PlanItemId").SelectOptionAsync(new SelectOptionValue { Value = await option.GetAttributeAsync("value") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        Assert.Contains("2.3", await page.Locator("#links ~ *").First.InnerTextAsync() + await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "measure-page-lead");

        // The board member, with JavaScript off, reads the dashboard, filters to what is off track and follows a measure.
        var reader = await browser.NewPageAsync(javaScript: false);
        await Journeys.SignInAsync(reader, "board.member@northby.example");
        await reader.GotoAsync("/measures");
        Assert.Contains("educational psychology advice", await reader.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await reader.GetByRole(AriaRole.Link, new() { Name = "Load figures from a file" }).CountAsync());
        await reader.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Off track" });
        await reader.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        Assert.Contains("status=", reader.Url, StringComparison.Ordinal);
        var filtered = reader.Url;

        await reader.GetByRole(AriaRole.Link, new() { Name = "New EHC plans issued within 20 weeks (excluding exceptions)" }).First.ClickAsync();
        Assert.Equal("New EHC plans issued within 20 weeks (excluding exceptions)", await reader.Locator("h1").InnerTextAsync());
        var measureUrl = reader.Url;
        var chart = reader.Locator("svg[role='img']").First;
        Assert.True(await chart.IsVisibleAsync());
        var description = (await chart.Locator("desc").TextContentAsync())!.Trim();
        var measureText = await reader.Locator("main").InnerTextAsync();
        Assert.Contains(description, measureText, StringComparison.Ordinal);
        Assert.True(await reader.Locator("main table").CountAsync() > 1);
        Assert.Contains("off track", measureText, StringComparison.Ordinal);

        // …and into the outcome it evidences.
        await reader.GetByRole(AriaRole.Link, new() { NameRegex = TimelinessOutcomePattern() }).First.ClickAsync();
        Assert.Contains("New EHC plans issued within 20 weeks", await reader.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var itemUrl = reader.Url;
        await reader.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "no-javascript-measure-item.png"), FullPage = true });

        // axe-core needs JavaScript, so the same pages are checked for the board member with it on.
        var checker = await browser.NewPageAsync();
        await Journeys.SignInAsync(checker, "board.member@northby.example");
        foreach (var (url, name) in new[] { ("/measures", "measures-dashboard-reader"), (filtered, "measures-dashboard-filtered"), (measureUrl, "measure-page-reader"), (itemUrl, "item-measures-reader") })
        {
            await checker.GotoAsync(url);
            await Accessibility.AssertNoViolationsAsync(checker, name);
        }
    }

    [GeneratedRegex("Load the valid rows")]
    private static partial Regex ValidRowsPattern();

    [GeneratedRegex(@"2\.3: ")]
    private static partial Regex HealthPriorityPattern();

    [GeneratedRegex("Families receive EHC plans on time")]
    private static partial Regex TimelinessOutcomePattern();
}

using Microsoft.Playwright;

namespace SendImprovement.EndToEndTests;

/// <summary>The journey of the reporting-periods issue, in a real browser, with axe-core on every page visited.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ReportingJourney(BrowserFixture browser)
{
    private const string Strategy = "Joint SEND Strategy: Phase One action plan";

    [Fact]
    public async Task LeadsUpdate_SponsorReviews_ProgrammeLeadClosesThePeriod_AndDownloadsTheReports()
    {
        // The NHS lead sees what is due and submits an update: a changed rating needs a reason.
        var lead = await browser.NewPageAsync();
        await Journeys.SignInAsync(lead, "nhs.lead@northby.example");
        await lead.GetByRole(AriaRole.Link, new() { Name = "Updates", Exact = true }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(lead, "updates-due");
        await lead.GetByRole(AriaRole.Link, new() { Name = "6.3 Single point of access for referrals" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(lead, "update-form");
        await lead.GetByLabel("Change to Amber").CheckAsync();
        await lead.GetByLabel("Key activities completed").FillAsync("Referral form agreed with the community trust.");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Submit update" }).ClickAsync();
        Assert.Contains("Enter why you are giving this rating", await lead.Locator(".govuk-error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Referral form agreed with the community trust.", await lead.GetByLabel("Key activities completed").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(lead, "update-form-errors");
        await lead.GetByLabel("Why has the rating changed?").FillAsync("Recruitment to the access team is two months behind.");
        await lead.GetByLabel("Next steps").FillAsync("Interview for the two remaining posts.");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Submit update" }).ClickAsync();
        Assert.Contains("Update submitted for 6.3", await lead.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);

        // The sponsor of priority 2.3 acknowledges it and sets the priority's overall status with a reason.
        var sponsor = await browser.NewPageAsync();
        await Journeys.SignInAsync(sponsor, "sponsor@northby.example");
        await sponsor.GetByRole(AriaRole.Link, new() { Name = "Updates", Exact = true }).ClickAsync();
        await sponsor.GetByRole(AriaRole.Link, new() { Name = "6.3 Single point of access for referrals" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(sponsor, "review-update");
        await sponsor.GetByLabel("Acknowledge the update").CheckAsync();
        await sponsor.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        Assert.Contains("acknowledged", await sponsor.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(sponsor, "period-open");

        await sponsor.GetByRole(AriaRole.Link, new() { Name = "Set status of 2.3 Shorter waits for neurodevelopmental assessment" }).ClickAsync();
        Assert.Contains("Suggested from the data", await sponsor.Locator(".govuk-inset-text").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(sponsor, "section-status");
        await sponsor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains("Enter the reason for the overall status", await sponsor.Locator(".govuk-error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await sponsor.GetByLabel("Amber", new() { Exact = true }).CheckAsync();
        await sponsor.GetByLabel("Reason").FillAsync("Clinics have slipped but the support offer is in place.");
        await sponsor.GetByLabel("Highlights for the committee (optional)").FillAsync("Support while you wait is now open to every family on the list.");
        await sponsor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains("Status for 2.3", await sponsor.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);

        // The programme lead sees who has and has not submitted, and closes the period.
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "programme.lead@northby.example");
        await page.GetByRole(AriaRole.Link, new() { Name = Strategy, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reporting periods and reports" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "periods");
        await page.Locator("table a").First.ClickAsync();
        Assert.Contains("Not submitted", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Close this period" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "close-period");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close period and take snapshot" }).ClickAsync();
        Assert.Contains("is closed", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "period-closed");
        var periodUrl = page.Url;

        // Every report as a page, each checked with axe.
        foreach (var (name, key) in new[] { ("Interim report", "interim"), ("Plan progress table", "progress"), ("Committee update", "committee"), ("Plan on a page", "on-a-page"), ("Exceptions", "exceptions"), ("Easy-read summary", "easy-read") })
        {
            await page.GotoAsync(periodUrl);
            await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            Assert.StartsWith(name, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            await Accessibility.AssertNoViolationsAsync(page, $"report-{key}");
        }

        await page.GotoAsync(periodUrl + "/reports/committee");
        var committee = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Support while you wait is now open to every family on the list.", committee, StringComparison.Ordinal);
        Assert.Contains("Clinics have slipped but the support offer is in place.", committee, StringComparison.Ordinal);

        // The interim report as Word for the board and PDF for the Local Offer; the progress table as Excel.
        await page.GotoAsync(periodUrl);
        var word = await DownloadAsync(page, "Word document of the interim report");
        Assert.EndsWith(".docx", word.Name, StringComparison.Ordinal);
        Assert.Equal("PK"u8.ToArray(), word.Content[..2]);
        var pdf = await DownloadAsync(page, "PDF of the interim report");
        Assert.Equal("%PDF"u8.ToArray(), pdf.Content[..4]);
        var excel = await DownloadAsync(page, "Excel workbook of the plan progress table");
        Assert.EndsWith(".xlsx", excel.Name, StringComparison.Ordinal);

        // The next period is suggested from the cadence.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the next period" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "open-period");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open period" }).ClickAsync();
        Assert.Contains("is open", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static async Task<(string Name, byte[] Content)> DownloadAsync(IPage page, string linkName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = linkName }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        var content = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        Assert.NotEmpty(content);
        return (download.SuggestedFilename, content);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SendImprovement.Core.Demo;

namespace SendImprovement.EndToEndTests;

/// <summary>The journeys of the plans issue, in a real browser, with axe-core on every page visited.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class Journeys(BrowserFixture browser)
{
    internal static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPartnership.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.DoesNotContain("/sign-in", page.Url, StringComparison.Ordinal);
    }

    private static Task<string> TextAsync(ILocator locator) => locator.InnerTextAsync();

    [Fact]
    public async Task ProgrammeLead_FiltersThePlan_RatesAnAction_RevisesAMilestone_AndAddsANote()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/sign-in");
        Assert.Contains("Demo accounts", await page.ContentAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "sign-in");
        await SignInAsync(page, "programme.lead@northby.example");

        await Accessibility.AssertNoViolationsAsync(page, "home");
        await page.GetByRole(AriaRole.Link, new() { Name = "Written Statement of Action", Exact = true }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "plan");

        await page.GetByRole(AriaRole.Link, new() { Name = "Amber or Red" }).ClickAsync();
        Assert.Contains("rated Amber or Red", await TextAsync(page.Locator("#results")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "plan-filtered");
        var ratings = await page.Locator("table.app-table--plan tbody tr .govuk-tag").AllInnerTextsAsync();
        Assert.NotEmpty(ratings);
        Assert.DoesNotContain(ratings, r => r.StartsWith("Green", StringComparison.Ordinal) || r.StartsWith("Blue", StringComparison.Ordinal));

        // Open an action (not a milestone) from the filtered view.
        var action = page.Locator("table.app-table--plan tbody tr:not(.app-row--milestone) .app-cell--title a").First;
        var actionTitle = await action.InnerTextAsync();
        await action.ClickAsync();
        Assert.Equal(actionTitle, await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "item-action");
        var actionUrl = page.Url;

        // A rating without a reason is refused with a message, then recorded.
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a rating" }).ClickAsync();
        await page.GetByLabel("Red", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record rating" }).ClickAsync();
        Assert.Contains("Enter why you are giving this rating", await TextAsync(page.Locator(".govuk-error-summary")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "rating-form-errors");
        await page.GetByLabel("Why this rating?").FillAsync("Recruitment has stalled; escalated to the sponsor.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record rating" }).ClickAsync();
        Assert.Contains("BRAG rating recorded: Red.", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);
        Assert.StartsWith("Red from 15 June 2026", await page.Locator("#ratings + .moj-timeline .moj-timeline__title").First.InnerTextAsync(), StringComparison.Ordinal);

        // Revise a milestone's deadline.
        await page.Locator("main table").First.Locator("tbody tr a").First.ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "item-milestone");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = RevisePattern() }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "deadline-form");
        await page.GetByLabel("New deadline").FillAsync("Spring Term 2027");
        await page.GetByLabel("Why is the deadline changing?").FillAsync("Agreed at the SEND Executive Board to follow the budget cycle.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new deadline" }).ClickAsync();
        Assert.Contains("Deadline revised to Spring Term 2027", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);
        Assert.Contains("Spring Term 2027", await page.Locator("#revisions + table tbody tr").First.InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "item-milestone-revised");

        // Add a progress note to the action, then see all three dated histories.
        await page.GotoAsync(actionUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a progress note" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "note-form");
        await page.GetByLabel("Key activities completed").FillAsync("Job descriptions agreed with HR.");
        await page.GetByLabel("Next steps").FillAsync("Advertise in July.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        Assert.Contains("Progress note added as at 15 June 2026.", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);
        Assert.Contains("Job descriptions agreed with HR.", await TextAsync(page.Locator("#notes + .moj-timeline")), StringComparison.Ordinal);
        await page.Locator("#audit + details summary").ClickAsync();
        Assert.Contains("Progress note added", await TextAsync(page.Locator("#audit + details")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "item-action-updated");

        // The whole of one history, on its own page: the rating just recorded is first.
        await page.GotoAsync(actionUrl + "/history/ratings");
        Assert.StartsWith("Red from 15 June 2026", await page.Locator(".moj-timeline__title").First.InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "item-history-ratings");
        await page.GotoAsync(actionUrl + "/history/changes");
        Assert.Contains("Progress note added", await TextAsync(page.Locator("main")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "item-history-changes");
    }

    [Fact]
    public async Task NhsActionLead_UpdatesWhatHeLeads_ButNotOthers()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "nhs.lead@northby.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Written Statement of Action", Exact = true }).ClickAsync();

        await page.GetByLabel("Lead").SelectOptionAsync(new SelectOptionValue { Label = "Tom Bradley" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        Assert.Contains("led by Tom Bradley", await TextAsync(page.Locator("#results")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "plan-filtered-by-lead");
        await page.Locator("table.app-table--plan tbody tr:not(.app-row--milestone) .app-cell--title a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a rating" }).ClickAsync();
        await page.GetByLabel("Amber", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Yes, it is tentative").CheckAsync();
        await page.GetByLabel("Why this rating?").FillAsync("Provider capacity is uncertain until the business case is agreed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record rating" }).ClickAsync();
        Assert.Contains("recorded: Amber (tentative)", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);

        // An action led by someone else: readable, with no update buttons, and its forms refused.
        await page.GotoAsync("/plans/1?lead=p4");
        await page.Locator("table.app-table--plan tbody tr:not(.app-row--milestone) .app-cell--title a").First.ClickAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Record a rating" }).CountAsync());
        var response = await page.GotoAsync(page.Url + "/rating");
        Assert.Equal(403, response!.Status);
        Assert.Equal("You do not have permission to do this", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "forbidden");
    }

    [Fact]
    public async Task BoardMember_ReadsEverything_AndChangesNothing()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "board.member@northby.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Joint SEND Strategy: Phase One action plan", Exact = true }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "strategy-plan");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Edit plan details" }).CountAsync());
        Assert.Contains("(unassigned)", await TextAsync(page.Locator("main")), StringComparison.Ordinal);

        await page.Locator("table.app-table--plan tbody tr .app-cell--title a").First.ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "strategy-action");
        Assert.Equal(0, await page.Locator("main .govuk-button").CountAsync());

        var response = await page.GotoAsync("/plans/new?partnershipId=1");
        Assert.Equal(403, response!.Status);
        response = await page.GotoAsync("/items/999999");
        Assert.Equal(404, response!.Status);
        await Accessibility.AssertNoViolationsAsync(page, "not-found");
    }

    [Fact]
    public async Task ProgrammeLead_ManagesPlansAndPeople()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "programme.lead@northby.example");

        await page.GotoAsync("/plans/new?partnershipId=1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        Assert.Contains("Select the kind of plan", await TextAsync(page.Locator(".govuk-error-summary")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "create-plan-errors");
        await page.GetByLabel("Self-evaluation action plan").CheckAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Self-evaluation 2026 actions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create plan" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a principle" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "add-item");
        await page.GetByLabel("Principle", new() { Exact = true }).FillAsync("Children's needs are identified early");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add principle" }).ClickAsync();
        Assert.Contains("Principle added.", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit this principle" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "edit-item");

        await page.GotoAsync("/people");
        await Accessibility.AssertNoViolationsAsync(page, "people");
        await page.GetByRole(AriaRole.Link, new() { Name = "Match JD to a person" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "map-initials");
        await page.GetByLabel("Someone not in this list").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "add-person");
        await page.GetByLabel("Full name").FillAsync("James Dunmore");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        Assert.Contains("James Dunmore added and matched", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);

        await page.GotoAsync("/plans/1/key/new");
        await Accessibility.AssertNoViolationsAsync(page, "key-form");
        await page.GotoAsync("/plans/1/edit");
        await Accessibility.AssertNoViolationsAsync(page, "edit-plan");
        await page.GotoAsync("/items/5/links/new");
        await Accessibility.AssertNoViolationsAsync(page, "link-form");
        await page.GotoAsync("/accessibility");
        await Accessibility.AssertNoViolationsAsync(page, "accessibility-statement");
    }

    [Fact]
    public async Task Administrator_ReadsTheAuditLog_AndCreatesAnApiToken()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, "admin@northby.example");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        // The other journeys' changes come first in the log, so the demo's own entry is found with the filter.
        await page.GetByLabel("What").FillAsync("Demo partnership loaded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        Assert.Contains("Demo partnership loaded", await TextAsync(page.Locator("main")), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "audit");

        await page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Power BI board dashboard");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.Locator(".app-token").InnerTextAsync();
        Assert.StartsWith("si_", token, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "api-tokens");

        var api = await browser.Playwright.APIRequest.NewContextAsync(new() { BaseURL = browser.BaseUrl, ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } });
        var plans = await api.GetAsync("/api/plans/1");
        Assert.Equal(200, plans.Status);
        Assert.Contains("\"Written Statement of Action\"", await plans.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutJavaScript_ALeadCanStillRecordARating()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await SignInAsync(page, "programme.lead@northby.example");

        await page.GotoAsync("/plans/2");
        await page.Locator("table.app-table--plan tbody tr .app-cell--title a").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a rating" }).ClickAsync();
        await page.GetByLabel("Green", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Why this rating?").FillAsync("Confirmed at the partnership group.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record rating" }).ClickAsync();

        Assert.Contains("recorded: Green", await TextAsync(page.Locator(".govuk-notification-banner")), StringComparison.Ordinal);

        // axe-core needs JavaScript to run, so this page is checked in the journeys above; here we only keep a picture.
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "no-javascript-item.png"), FullPage = true });
    }

    [Fact]
    public async Task AccessibilityCheck_CanFail_WhenAPageBreaksTheRules()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/accessibility");
        await page.EvaluateAsync("() => { const img = document.createElement('img'); img.src = '/lib/assets/images/favicon.ico'; document.querySelector('main').appendChild(img); }");

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => Accessibility.AssertNoViolationsAsync(page, "deliberately-broken"));

        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("^(Revise|Set) the deadline$")]
    private static partial Regex RevisePattern();
}

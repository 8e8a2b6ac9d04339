using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Plans;

[Collection(WebTestGroup.Name)]
public sealed class PlanFormTests(AppFactory factory)
{
    [Fact]
    public async Task Create_ByProgrammeLead_CreatesThePlanAndRedirectsToIt()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/plans/new?partnershipId={world.PartnershipId}", new() { ["Input.Kind"] = "strategy", ["Input.Name"] = "Phase Two", ["Input.Period"] = "Sept 26 to Aug 27" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var plan = await world.QueryAsync(db => db.Plans.Include(p => p.Kind).SingleAsync(p => p.PartnershipId == world.PartnershipId && p.Name == "Phase Two"));
        Assert.Equal("strategy", plan.Kind.Key);
        Assert.Equal("Sept 26 to Aug 27", plan.Period.Text);
        Assert.Equal($"/plans/{plan.Id}", response.Headers.Location!.ToString());
        var (_, page) = await client.GetPageAsync($"/plans/{plan.Id}");
        Assert.Contains("Plan created: Phase Two.", page.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Invalid_ShowsEachMessage_AndKeepsWhatWasTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync($"/plans/new?partnershipId={world.PartnershipId}", new() { ["Input.Kind"] = "no-such-kind", ["Input.Name"] = "", ["Input.Period"] = "around then" });

        Assert.Equal(HttpStatusCode.OK, status);
        var errors = TestClient.Errors(page);
        Assert.Contains("Select the kind of plan", errors);
        Assert.Contains("Enter the plan's name", errors);
        Assert.Contains(errors, e => e.StartsWith("Period: We could not read “around then” as a date", StringComparison.Ordinal));
        Assert.Equal("around then", page.QuerySelector("#Input_Period")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("a[href='#Input_Period']"));
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Contributor")]
    public async Task Create_NotAProgrammeLead_IsForbidden(string who)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(who == "Viewer" ? world.Viewer : world.Contributor);

        var get = await client.Http.GetAsync($"/plans/new?partnershipId={world.PartnershipId}");
        var post = await client.PostFormAsync($"/plans/new?partnershipId={world.PartnershipId}", new() { ["Input.Kind"] = "strategy", ["Input.Name"] = "Sneaky" }, formPage: "/");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("You do not have permission", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await world.QueryAsync(db => db.Plans.AnyAsync(p => p.Name == "Sneaky")));
    }

    [Fact]
    public async Task Create_InAnotherPartnership_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/plans/new?partnershipId={other.PartnershipId}", new() { ["Input.Kind"] = "strategy", ["Input.Name"] = "Elsewhere" }, formPage: "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Edit_SavesAndAudits()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/plans/{world.PlanId}/edit", new() { ["Input.Name"] = "Testshire WSoA (updated May 2026)", ["Input.Summary"] = "", ["Input.Period"] = "May 2025 to May 2027", ["Input.Version"] = "0", ["Input.Reason"] = "Revised after the revisit" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = await world.QueryAsync(db => db.AuditEntries.Where(a => a.PlanId == world.PlanId && a.Action == "Plan edited").SingleAsync());
        Assert.Equal("Revised after the revisit", entry.Reason);
        Assert.Contains("Testshire WSoA (updated May 2026)", entry.ChangesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_AfterSomeoneElseSaved_IsRefusedWithAClearMessage_AndKeepsWhatWasTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var first = await world.SignInAsync(world.ProgrammeLead);
        using var second = await world.SignInAsync(world.Administrator);
        await first.PostFormAsync($"/plans/{world.PlanId}/edit", new() { ["Input.Name"] = "First name", ["Input.Version"] = "0" });

        var (status, page) = await second.PostAndReadAsync($"/plans/{world.PlanId}/edit", new() { ["Input.Name"] = "Second name", ["Input.Version"] = "0" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.StartsWith("Programme lead", TestClient.Errors(page).Single(), StringComparison.Ordinal);
        Assert.Contains("(plan edited: First name) since you opened this page", TestClient.Errors(page).Single(), StringComparison.Ordinal);
        Assert.Equal("Second name", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("1", page.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.Equal("First name", await world.QueryAsync(db => db.Plans.Where(p => p.Id == world.PlanId).Select(p => p.Name).SingleAsync()));
    }

    [Fact]
    public async Task AddKeyEntry_AddsToTheLegend_AndRefusesDuplicates()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var added = await client.PostFormAsync($"/plans/{world.PlanId}/key/new", new() { ["Input.Code"] = "C", ["Input.Name"] = "Commissioning strategy" });
        var (status, page) = await client.PostAndReadAsync($"/plans/{world.PlanId}/key/new", new() { ["Input.Code"] = "c", ["Input.Name"] = "Again" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["The mark “c” is already in this plan's key"], TestClient.Errors(page));
        var plan = (await client.GetPageAsync($"/plans/{world.PlanId}")).Page;
        Assert.Contains("Commissioning strategy", TestClient.Text(plan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("key/new")]
    public async Task PlanForms_Viewer_IsForbidden(string form)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/plans/{world.PlanId}/{form}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync($"/plans/{world.PlanId}/{form}", new() { ["Input.Name"] = "x", ["Input.Code"] = "x" }, formPage: "/")).StatusCode);
    }
}

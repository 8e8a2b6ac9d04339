using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Imports.ImportSteps;

namespace SendImprovement.Web.Tests.Imports;

/// <summary>Only programme leads (and administrators) import, and only into their own partnership.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ImportSecurityTests(AppFactory factory)
{
    private static async Task<int> DraftAsync(TestWorld world)
    {
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        return await UploadOkAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), NewPlan("Draft plan"));
    }

    [Theory]
    [InlineData("contributor")]
    [InlineData("viewer")]
    public async Task ContributorsAndViewers_AreRefused_EveryPageAndPost(string role)
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await DraftAsync(world);
        using var user = await world.SignInAsync(role == "contributor" ? world.Contributor : world.Viewer);

        foreach (var url in new[] { "/imports", $"/imports?partnershipId={world.PartnershipId}", "/imports/new", $"/imports/{id}", $"/imports/{id}/mapping", $"/imports/{id}/preview" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await user.GetPageAsync(url)).Status);
        }

        // Forged posts, with a valid token from another of the user's pages.
        foreach (var url in new[] { "/imports/new", $"/imports/{id}/mapping", $"/imports/{id}/preview?handler=update", $"/imports/{id}/preview?handler=commit", $"/imports/{id}/preview?handler=discard" })
        {
            var response = await user.PostFormAsync(url, new Dictionary<string, string> { ["Input.Version"] = "0", ["Input.Into"] = "new" }, formPage: "/");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var record = await world.QueryAsync(db => db.ImportRecords.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal((SendImprovement.Core.Imports.ImportState.Draft, 0), (record.State, record.Version));

        // No "Imports" in their menu.
        var (_, home) = await user.GetPageAsync("/");
        Assert.Null(home.QuerySelector(".govuk-service-navigation a[href='/imports']"));
    }

    [Fact]
    public async Task AnotherPartnershipsImport_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        var id = await DraftAsync(other);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        foreach (var url in new[] { $"/imports/{id}", $"/imports/{id}/mapping", $"/imports/{id}/preview", $"/imports?partnershipId={other.PartnershipId}", $"/imports/new?partnershipId={other.PartnershipId}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await lead.GetPageAsync(url)).Status);
        }

        foreach (var url in new[] { $"/imports/{id}/mapping", $"/imports/{id}/preview?handler=update", $"/imports/{id}/preview?handler=commit", $"/imports/{id}/preview?handler=discard" })
        {
            var response = await lead.PostFormAsync(url, new Dictionary<string, string> { ["Input.Version"] = "0" }, formPage: "/");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Uploading into the other partnership's plan is refused as well.
        var upload = await UploadAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), ExistingPlan(other.PlanId));
        Assert.Equal(["Select the plan to update"], TestClient.Errors(await PageAsync(upload)));
        Assert.Equal(1, await world.QueryAsync(db => db.ImportRecords.CountAsync(r => r.PartnershipId == other.PartnershipId)));
        Assert.Equal(0, await world.QueryAsync(db => db.ImportRecords.CountAsync(r => r.PartnershipId == world.PartnershipId)));
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await DraftAsync(world);
        using var anonymous = world.Anonymous();

        foreach (var url in new[] { "/imports", "/imports/new", $"/imports/{id}", $"/imports/{id}/preview" })
        {
            var response = await anonymous.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/sign-in?ReturnUrl=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProgrammeLeadsAndAdministrators_SeeImportsInTheMenu()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await DraftAsync(world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var (_, home) = await lead.GetPageAsync("/");
        Assert.NotNull(home.QuerySelector(".govuk-service-navigation a[href='/imports']"));
        var (_, list) = await lead.GetPageAsync("/imports");
        Assert.Equal("page", list.QuerySelector(".govuk-service-navigation a[href='/imports']")!.GetAttribute("aria-current"));
        Assert.NotNull(list.QuerySelector($"main a[href='/imports/{id}/preview']"));
        Assert.Contains("plan.csv Draft plan (new)", Periods.PeriodSteps.Words(list), StringComparison.Ordinal);

        using var admin = await world.SignInAsync(world.Administrator);
        var (status, adminList) = await admin.GetPageAsync($"/imports?partnershipId={world.PartnershipId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(adminList.QuerySelector($"main a[href='/imports/{id}/preview']"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync($"/imports/{id}/preview")).Status);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Account;

[Collection(WebTestGroup.Name)]
public sealed class ApiTokenTests(AppFactory factory)
{
    private static async Task<string> CreateTokenAsync(TestClient client, string name)
    {
        var response = await client.PostFormAsync("/account/api-tokens?handler=Create", new() { ["Input.Name"] = name }, formPage: "/account/api-tokens");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await client.GetPageAsync("/account/api-tokens");
        return page.QuerySelector(".app-token")!.TextContent.Trim();
    }

    [Fact]
    public async Task Create_ShowsTheTokenOnce_AndStoresOnlyItsHash()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var token = await CreateTokenAsync(client, "Power BI");

        Assert.StartsWith("si_", token, StringComparison.Ordinal);
        Assert.Null((await client.GetPageAsync("/account/api-tokens")).Page.QuerySelector(".app-token"));
        var stored = await world.QueryAsync(db => db.ApiTokens.SingleAsync(t => t.Name == "Power BI" && t.UserId == db.Users.Single(u => u.Email == world.Viewer).Id));
        Assert.NotEqual(token, stored.Hash);
        Assert.DoesNotContain(token, stored.Hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ReadsTheApi_RecordsLastUse_AndStopsWhenRevoked()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);
        var token = await CreateTokenAsync(client, "Report");
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/plans")).StatusCode);
        var (_, page) = await client.GetPageAsync("/account/api-tokens");
        Assert.DoesNotContain("Never", page.QuerySelector("tbody tr")!.QuerySelectorAll("td")[3].TextContent, StringComparison.Ordinal);

        var id = await world.QueryAsync(db => db.ApiTokens.Where(t => t.Name == "Report").Select(t => t.Id).SingleAsync());
        var revoke = await client.PostFormAsync($"/account/api-tokens?handler=Revoke&tokenId={id}", new(), formPage: "/account/api-tokens");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/plans")).StatusCode);
    }

    [Fact]
    public async Task Create_WithoutAName_SaysSo()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var response = await client.PostFormAsync("/account/api-tokens?handler=Create", new() { ["Input.Name"] = " " }, formPage: "/account/api-tokens");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Enter a name for the token, such as the report that will use it"], TestClient.Errors(await TestClient.ParseAsync(response)));
    }

    [Fact]
    public async Task Revoke_SomeoneElsesToken_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var owner = await world.SignInAsync(world.Viewer);
        await CreateTokenAsync(owner, "Mine");
        var id = await world.QueryAsync(db => db.ApiTokens.Where(t => t.Name == "Mine").Select(t => t.Id).SingleAsync());
        using var other = await world.SignInAsync(world.ProgrammeLead);

        var response = await other.PostFormAsync($"/account/api-tokens?handler=Revoke&tokenId={id}", new(), formPage: "/account/api-tokens");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await world.QueryAsync(db => db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAtUtc).SingleAsync()));
    }
}

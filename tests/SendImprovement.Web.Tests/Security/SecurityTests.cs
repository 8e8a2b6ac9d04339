using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

[Collection(WebTestGroup.Name)]
public sealed class SecurityTests(AppFactory factory)
{
    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/accessibility")]
    [InlineData("/error/404")]
    public async Task Pages_SendSecurityHeaders(string url)
    {
        using var client = new TestClient(factory);

        var response = await client.Http.GetAsync(url);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptsOrStyles()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        foreach (var url in new[] { "/", $"/plans/{world.PlanId}", $"/items/{world.ActionId}", $"/items/{world.ActionId}/rating", "/people" })
        {
            var (_, page) = await client.GetPageAsync(url);
            Assert.All(page.QuerySelectorAll("script"), s => Assert.True(s.HasAttribute("src"), $"inline script on {url}"));
            Assert.Empty(page.QuerySelectorAll("[style]"));
            Assert.Empty(page.QuerySelectorAll("style"));
        }
    }

    [Fact]
    public async Task SignInCookie_IsHttpOnly()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = new TestClient(factory);

        var response = await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = TestWorld.Password });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("send-improvement=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StaticAssets_AreServedWithoutSignIn()
    {
        using var client = new TestClient(factory);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/css/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/lib/app.js")).StatusCode);
    }

    [Fact]
    public async Task ErrorPage_IsTheProductsOwn()
    {
        using var client = new TestClient(factory);

        var (status, page) = await client.GetPageAsync("/error/500");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Sorry, there is a problem with the service", page.QuerySelector("h1")!.TextContent.Trim());
    }
}

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

    /// <summary>
    /// Every page that takes a post refuses one without the form's antiforgery token, signed in as an administrator
    /// (who may post anywhere), before any handler runs. Only the error page, reached by re-execution, takes none.
    /// </summary>
    [Fact]
    public async Task EveryPageThatTakesAPost_RefusesOneWithoutTheAntiforgeryToken()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Administrator);
        var loader = factory.Services.GetRequiredService<PageLoader>();
        var checkedPages = new List<string>();

        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var descriptor = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            if (descriptor is null || descriptor.ViewEnginePath == "/Error")
            {
                continue;
            }

            var page = await loader.LoadAsync(descriptor, endpoint.Metadata);
            if (!page.HandlerMethods.Any(h => string.Equals(h.HttpMethod, "Post", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var url = "/" + Regex.Replace(endpoint.RoutePattern.RawText ?? string.Empty, @"\{[^}]+\}", "1");
            var response = await client.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "forged" }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {url} without a token gave {(int)response.StatusCode}");
            checkedPages.Add(url);
        }

        Assert.Contains("/sign-in", checkedPages);
        Assert.Contains("/sign-out", checkedPages);
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

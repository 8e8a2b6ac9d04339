using System.Net;
using Microsoft.AspNetCore.Hosting;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

/// <summary>The app as it runs in production: ASPNETCORE_ENVIRONMENT=Production, HTTPS on port 443.</summary>
public sealed class ProductionAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("https_port", "443");
    }
}

/// <summary>The security baseline of issue 6, outside development, as a browser would meet it.</summary>
public sealed class ProductionBaselineTests(ProductionAppFactory factory) : IClassFixture<ProductionAppFactory>
{
    private static readonly Uri Site = new("https://send.council.example");

    [Fact]
    public async Task Http_IsRedirectedToHttps()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://send.council.example") });

        var response = await client.GetAsync("/sign-in?returnUrl=%2Fplans");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://send.council.example/sign-in?returnUrl=%2Fplans", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Https_SendsHsts()
    {
        using var client = HttpsClient();

        var response = await client.Http.GetAsync("/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryKindOfResponse_SendsTheSecurityHeaders()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = HttpsClient();
        var (_, signInPage) = await client.GetPageAsync("/sign-in");
        await client.SignInAsync(world.ProgrammeLead, TestWorld.Password);
        using var anonymous = HttpsClient();

        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("sign-in page", await anonymous.Http.GetAsync("/sign-in")),
            ("redirect to sign-in", await anonymous.Http.GetAsync("/")),
            ("list of plans", await client.Http.GetAsync("/")),
            ("plan", await client.Http.GetAsync($"/plans/{world.PlanId}")),
            ("item", await client.Http.GetAsync($"/items/{world.ActionId}")),
            ("form", await client.Http.GetAsync($"/items/{world.ActionId}/rating")),
            ("form with errors", await client.PostFormAsync($"/items/{world.ActionId}/rating", new Dictionary<string, string>())),
            ("not found", await client.Http.GetAsync("/no-such-page")),
            ("forbidden", await client.Http.GetAsync("/audit")),
            ("API", await anonymous.Http.GetAsync("/api/plans")),
            ("stylesheet", await anonymous.Http.GetAsync("/css/app.css")),
            ("script", await anonymous.Http.GetAsync("/lib/app.js")),
            ("health", await anonymous.Http.GetAsync("/health/ready")),
        };

        Assert.NotNull(signInPage.QuerySelector("form"));
        foreach (var (what, response) in responses)
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, $"no Content-Security-Policy on the {what}");
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Contains("max-age=", Header(response, "Strict-Transport-Security") ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cookies_AreSecureHttpOnlyAndSameSite()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = HttpsClient();

        var form = await client.Http.GetAsync("/sign-in");
        var signedIn = await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = TestWorld.Password });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("send-improvement=", StringComparison.Ordinal));
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("send-improvement-antiforgery=", StringComparison.Ordinal));
        foreach (var cookie in new[] { session, antiforgery })
        {
            var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains(attributes, a => a is "samesite=lax" or "samesite=strict");
        }
    }

    [Fact]
    public async Task Session_EndsAfterEightHoursWithoutUse_AndUseKeepsItGoing()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = HttpsClient();
        await client.SignInAsync(world.Viewer, TestWorld.Password);

        factory.Clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
        var expired = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Contains("/sign-in", expired.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private TestClient HttpsClient()
    {
        var client = new TestClient(factory);
        client.Http.BaseAddress = Site;
        return client;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}

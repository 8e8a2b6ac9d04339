using System.Net;
using Microsoft.AspNetCore.Hosting;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

/// <summary>Three sign-in attempts an hour from one address, so the test cannot race the window.</summary>
public sealed class LowSignInLimitAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SignIn:RateLimit:PermitLimit", "3");
        builder.UseSetting("SignIn:RateLimit:WindowSeconds", "3600");
    }
}

public sealed class SignInRateLimitTests(LowSignInLimitAppFactory factory) : IClassFixture<LowSignInLimitAppFactory>
{
    [Fact]
    public async Task Post_OverTheLimit_Gets429AndTheProductsPage_EvenWithTheRightPassword()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = new TestClient(factory);

        for (var i = 0; i < 3; i++)
        {
            var (status, page) = await client.PostAndReadAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = "wrong-password-here" });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(["The email address or password is not correct"], TestClient.Errors(page));
        }

        var refused = await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = TestWorld.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var refusal = await TestClient.ParseAsync(refused);
        Assert.Equal("You have tried to sign in too many times", refusal.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("send-improvement=", StringComparison.Ordinal));

        // Only attempts count: the sign-in form still shows, and nothing else is limited.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/accessibility")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/")).StatusCode);
    }
}

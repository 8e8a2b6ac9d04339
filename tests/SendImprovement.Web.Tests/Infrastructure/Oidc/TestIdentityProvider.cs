using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SendImprovement.Web.Tests.Infrastructure.Oidc;

/// <summary>Someone the test provider can sign in, with the groups it puts in their ID token.</summary>
public sealed class TestIdentity(string subject, string name, string email, params string[] groups)
{
    public string Subject { get; } = subject;

    public string Name { get; } = name;

    public string Email { get; } = email;

    /// <summary>Changed by a test to show a change of group at the provider.</summary>
    public string[] Groups { get; set; } = groups;
}

/// <summary>
/// A real OpenID Connect provider (OpenIddict server) on real Kestrel at 127.0.0.1 on a free port: discovery, an
/// authorization endpoint (authorization code flow, PKCE required), a token endpoint, ephemeral signing and
/// encryption keys. Its "login" page signs in one of <see cref="Users"/>, chosen by the test, into the provider's own
/// session cookie. Only the one client (the app under test, with its redirect address) is accepted.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "send-improvement-tests";
    public const string ClientSecret = "test-client-secret-not-for-production";
    public const string LoginPath = "/login";

    private readonly WebApplication _app;

    private TestIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The provider's address, which is also its issuer ("http://127.0.0.1:port/").</summary>
    public Uri Issuer { get; private set; } = null!;

    public ConcurrentDictionary<string, TestIdentity> Users { get; } = new(StringComparer.Ordinal);

    public static TestIdentityProvider Start(string redirectUri)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options => options.Cookie.Name = "test-provider-session");
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            // No OpenIddict stores: the one client is checked by the handlers below and the codes are self-contained.
            options.EnableDegradedMode();
            options.DisableTokenStorage();
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();

            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (context.RedirectUri != redirectUri)
                {
                    context.Reject(Errors.InvalidRequest, "Unknown redirect address.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                }

                return default;
            }));
        });

        var app = builder.Build();
        var provider = new TestIdentityProvider(app);
        app.UseRouting();
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) => await (await provider.AuthorizeAsync(http)).ExecuteAsync(http));
        app.MapGet(LoginPath, () => Results.Content("<form method=post><input name=subject><input type=hidden name=returnUrl></form>", "text/html"));
        app.MapPost(LoginPath, async (HttpContext http) => await (await provider.LogInAsync(http)).ExecuteAsync(http));
        app.StartAsync().GetAwaiter().GetResult();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = new Uri(address.TrimEnd('/') + "/");
        return provider;
    }

    private async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var subject = session.Principal?.FindFirst(Claims.Subject)?.Value;
        if (subject is null || !Users.TryGetValue(subject, out var user))
        {
            return Results.Redirect($"{LoginPath}?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims("groups", [.. user.Groups]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> LogInAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var subject = form["subject"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        if (!Users.ContainsKey(subject) || !returnUrl.StartsWith("/connect/authorize", StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        var session = new ClaimsIdentity([new Claim(Claims.Subject, subject)], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(session));
        return Results.Redirect(returnUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

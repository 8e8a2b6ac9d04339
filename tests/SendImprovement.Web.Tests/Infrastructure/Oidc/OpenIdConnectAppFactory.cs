using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Partnerships;

namespace SendImprovement.Web.Tests.Infrastructure.Oidc;

/// <summary>
/// The app with single sign-on pointed at a <see cref="TestIdentityProvider"/>. The app itself runs on the factory's
/// test server (http://localhost), reached through the factory's client; the providers are real HTTP servers.
/// A second provider, which the app does not trust, stands in for an attacker's.
/// </summary>
public sealed class OpenIdConnectAppFactory : AppFactory
{
    public const string RedirectUri = "http://localhost/signin-oidc";
    public const string ProviderName = "Test Provider";
    public const string North = "SSO North";
    public const string South = "SSO South";

    private readonly SemaphoreSlim _partnershipsLock = new(1, 1);
    private bool _partnershipsCreated;
    private bool _disposed;

    public TestIdentityProvider Provider { get; } = TestIdentityProvider.Start(RedirectUri);

    public TestIdentityProvider UntrustedProvider { get; } = TestIdentityProvider.Start(RedirectUri);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        const string section = "SignIn:OpenIdConnect";
        builder.UseSetting($"{section}:Authority", Provider.Issuer.ToString());
        builder.UseSetting($"{section}:ClientId", TestIdentityProvider.ClientId);
        builder.UseSetting($"{section}:ClientSecret", TestIdentityProvider.ClientSecret);
        builder.UseSetting($"{section}:DisplayName", ProviderName);
        builder.UseSetting($"{section}:RequireHttpsMetadata", "false");
        string[][] mappings =
        [
            ["sso-admins", "Administrator", ""],
            ["north-leads", "ProgrammeLead", North],
            ["north-viewers", "Viewer", North],
            ["south-contributors", "Contributor", South],
            ["gone-partnership", "Viewer", "A partnership that does not exist"],
        ];
        for (var i = 0; i < mappings.Length; i++)
        {
            builder.UseSetting($"{section}:Mappings:{i}:Group", mappings[i][0]);
            builder.UseSetting($"{section}:Mappings:{i}:Role", mappings[i][1]);
            builder.UseSetting($"{section}:Mappings:{i}:Partnership", mappings[i][2]);
        }
    }

    /// <summary>The partnerships the mappings name, created once for this factory's database.</summary>
    public async Task EnsurePartnershipsAsync()
    {
        await _partnershipsLock.WaitAsync();
        try
        {
            if (_partnershipsCreated)
            {
                return;
            }

            using var scope = Services.CreateScope();
            var partnerships = scope.ServiceProvider.GetRequiredService<PartnershipService>();
            var admin = Actor.System("Test set-up");
            await partnerships.CreatePartnershipAsync(admin, North, ["North Area"], ["North Council"]);
            await partnerships.CreatePartnershipAsync(admin, South, ["South Area"], ["South Council"]);
            _partnershipsCreated = true;
        }
        finally
        {
            _partnershipsLock.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await Provider.DisposeAsync();
            await UntrustedProvider.DisposeAsync();
            _partnershipsLock.Dispose();
        }

        await base.DisposeAsync();
    }
}

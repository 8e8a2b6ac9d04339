using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SendImprovement.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program) against a fresh test database, with time pinned to <see cref="Now"/>. Tests create
/// their own partnership with <see cref="TestWorld"/>, so no test depends on another's data.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private TestDatabase _database = null!;

    public FakeTimeProvider Clock { get; } = new(Now);

    public string DatabaseProvider => _database.Provider;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Serve on real Kestrel on 127.0.0.1 (for the browser tests) rather than the in-memory test server.</summary>
    protected virtual bool UseRealServer => false;

    /// <summary>Load the demo partnership as the README's quick start does.</summary>
    protected virtual bool LoadDemo => false;

    public string ServerAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        if (UseRealServer)
        {
            UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
            StartServer();
        }
        else
        {
            _ = Server;
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Demo:LoadWhenEmpty", LoadDemo ? "true" : "false");

        // The tests sign in hundreds of times a minute from one address; SignInRateLimitTests sets a low limit.
        builder.UseSetting("SignIn:RateLimit:PermitLimit", "1000000");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddDataProtection().UseEphemeralDataProtectionProvider();

            // Test accounts are created by the hundred; hashing with fewer rounds keeps the suite quick.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1000);
        });
    }
}

/// <summary>One app and one database for all the web tests of a run; tests run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class WebTestGroup : ICollectionFixture<AppFactory>
{
    public const string Name = "web";
}

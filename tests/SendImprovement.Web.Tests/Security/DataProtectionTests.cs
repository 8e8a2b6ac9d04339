using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

/// <summary>
/// The app with its real Data Protection set-up (keys in the database) rather than the throwaway keys the other
/// web tests use.
/// </summary>
public sealed class DatabaseKeysAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ServiceDescriptor? appsOwn = null;
        builder.ConfigureServices(services => appsOwn = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider)));
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(appsOwn!));
    }
}

public sealed class DataProtectionTests(DatabaseKeysAppFactory first) : IClassFixture<DatabaseKeysAppFactory>
{
    [Fact]
    public async Task TwoInstancesOverOneDatabase_ReadEachOthersCookiesAndProtectedData()
    {
        var world = await TestWorld.CreateAsync(first);
        using var client = new TestClient(first);
        var signedIn = await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = TestWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("send-improvement=", StringComparison.Ordinal)).Split(';')[0];
        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Shared test").Protect("from the first instance");
        Assert.True(await world.QueryAsync(db => db.DataProtectionKeys.AnyAsync()));

        // A second instance: its own services and key ring, the same database.
        using var second = first.WithWebHostBuilder(_ => { });
        using var secondClient = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/plans/{world.PlanId}");
        request.Headers.Add("Cookie", cookie);
        var response = await secondClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from the first instance", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Shared test").Unprotect(payload));
        var back = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Shared test").Protect("from the second instance");
        Assert.Equal("from the second instance", first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Shared test").Unprotect(back));
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

/// <summary>The app with every log line, at every level, kept for the test to read.</summary>
public sealed class LoggingAppFactory : AppFactory
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        });
    }
}

public sealed class LoggingTests(LoggingAppFactory factory) : IClassFixture<LoggingAppFactory>
{
    [Fact]
    public async Task SignInAndApi_NeverLogPasswordsTokensOrEmailAddresses()
    {
        var world = await TestWorld.CreateAsync(factory);
        const string wrongPassword = "not-the-password-7Kq2xw";
        const string madeUpToken = "si_madeuptokenmadeuptokenmadeuptoken00";
        factory.Logs.Clear();

        using var client = new TestClient(factory);
        await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = wrongPassword });
        await client.SignInAsync(world.Viewer, TestWorld.Password);
        await client.PostFormAsync("/account/api-tokens?handler=Create", new() { ["Input.Name"] = "Logging test" }, formPage: "/account/api-tokens");
        var token = (await client.GetPageAsync("/account/api-tokens")).Page.QuerySelector(".app-token")!.TextContent.Trim();
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/plans")).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", madeUpToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/plans")).StatusCode);

        var lines = factory.Logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { wrongPassword, TestWorld.Password, token, madeUpToken, world.Viewer })
        {
            Assert.DoesNotContain(lines, line => line.Everything.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task LinesLoggedWhileHandlingARequest_CarryItsRequestId()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);
        factory.Logs.Clear();

        var response = await client.Http.GetAsync($"/plans/{world.PlanId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var handling = factory.Logs.Lines
            .Where(l => l.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal)
                || l.Category.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal)
                || l.Category.StartsWith("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal)
                || l.Category.StartsWith("SendImprovement", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(handling, l => l.Category.StartsWith("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal));
        Assert.All(handling, l => Assert.False(string.IsNullOrEmpty(l.Scope.GetValueOrDefault("RequestId")), $"{l.Category}: {l.Message}"));
        Assert.Single(handling.Select(l => l.Scope["RequestId"]).Distinct());
        Assert.All(handling, l => Assert.Equal($"/plans/{world.PlanId}", l.Scope.GetValueOrDefault("RequestPath")));
    }

    [Fact]
    public void ConsoleJson_IsChosenByConfiguration_AndEachLineCarriesTheRequestId()
    {
        using var json = factory.WithWebHostBuilder(builder => builder.UseSetting("Logging:Console:FormatterName", "json"));

        Assert.Equal(ConsoleFormatterNames.Json, json.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var formatter = json.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        var scopes = new LoggerExternalScopeProvider();
        using var output = new StringWriter();
        using (scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "0HTESTREQUEST:00000001", ["RequestPath"] = "/plans" }))
        {
            formatter.Write(new LogEntry<string>(LogLevel.Information, "Test", new EventId(1), "A line", null, (s, _) => s), scopes, output);
        }

        var line = output.ToString().Trim();
        Assert.StartsWith("{", line, StringComparison.Ordinal);
        Assert.Contains("\"RequestId\":\"0HTESTREQUEST:00000001\"", line, StringComparison.Ordinal);
    }
}

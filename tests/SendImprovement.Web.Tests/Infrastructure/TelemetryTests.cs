using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SendImprovement.Web.Infrastructure.Telemetry;

namespace SendImprovement.Web.Tests.Infrastructure;

/// <summary>The app with telemetry collected into memory instead of exported.</summary>
public sealed class TelemetryAppFactory : AppFactory
{
    public LockedCollection<Activity> Spans { get; } = new();

    public LockedCollection<MetricSnapshot> Metrics { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OpenTelemetry:Enabled", "true");
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        });
    }
}

public sealed class TelemetryTests(TelemetryAppFactory factory) : IClassFixture<TelemetryAppFactory>
{
    [Fact]
    public async Task Request_RecordsAServerSpanWithRouteAndStatus_AndNoQueryString()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        // Other test classes' apps run in this process at the same time; the trace id picks out this request.
        var traceId = ActivityTraceId.CreateRandom();
        const string email = "someone.private@example.gov.uk";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/items/{world.ActionId}?search={Uri.EscapeDataString(email)}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The span ends as the server finishes the request, which can be just after the client has the response.
        var span = await WaitForAsync(() => factory.Spans.Snapshot().SingleOrDefault(s => s.TraceId == traceId && s.Kind == ActivityKind.Server));
        Assert.Equal("Microsoft.AspNetCore", span.Source.Name);
        Assert.Equal("items/{itemId:int}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal($"/items/{world.ActionId}", span.GetTagItem("url.path"));
        Assert.Null(span.GetTagItem("url.query"));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains("private", StringComparison.OrdinalIgnoreCase) == true);
        Assert.DoesNotContain(world.Viewer, span.DisplayName, StringComparison.OrdinalIgnoreCase);

        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush());
        var duration = factory.Metrics.Snapshot().Where(m => m.Name == "http.server.request.duration").SelectMany(m => m.MetricPoints).ToList();
        Assert.Contains(duration, point => Tags(point).TryGetValue("http.route", out var route) && Equals(route, "items/{itemId:int}")
            && Tags(point).TryGetValue("http.response.status_code", out var status) && Equals(status, 200));
        Assert.All(duration, point => Assert.DoesNotContain(Tags(point).Values, value => value?.ToString()?.Contains("private", StringComparison.OrdinalIgnoreCase) == true));
    }

    [Fact]
    public async Task HealthProbes_AreNotTraced()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var client = new TestClient(factory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var probe = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);

        // A traced request sent afterwards on the same connection is recorded; the probe before it is not.
        var laterTraceId = ActivityTraceId.CreateRandom();
        using var later = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        later.Headers.Add("traceparent", $"00-{laterTraceId}-{ActivitySpanId.CreateRandom()}-01");
        using var page = await client.Http.SendAsync(later);
        await WaitForAsync(() => factory.Spans.Snapshot().SingleOrDefault(s => s.TraceId == laterTraceId && s.Kind == ActivityKind.Server));

        Assert.DoesNotContain(factory.Spans.Snapshot(), s => s.TraceId == traceId);
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> find)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("The telemetry never arrived.");
    }
}

/// <summary>With no endpoint configured, nothing is registered: no exporter, and nothing collected.</summary>
[Collection(WebTestGroup.Name)]
public sealed class TelemetryOffTests(AppFactory factory)
{
    [Fact]
    public void App_WithNothingConfigured_RegistersNoTelemetry()
    {
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void Settings_NothingConfigured_NoExport()
    {
        var services = new ServiceCollection();
        services.AddSendImprovementTelemetry(Configuration([]));

        Assert.Null(TelemetrySetup.OtlpExport.From(Configuration([])));
        Assert.Empty(services);
    }

    [Fact]
    public void Settings_StandardVariable_ExportsWithTheExportersOwnSettings()
    {
        var configuration = Configuration(new() { [TelemetrySetup.StandardEndpointVariable] = "http://collector:4317" });
        var services = new ServiceCollection();
        services.AddSendImprovementTelemetry(configuration);

        Assert.Equal(new TelemetrySetup.OtlpExport(null, null), TelemetrySetup.OtlpExport.From(configuration));
        Assert.Contains(services, d => d.ServiceType == typeof(TracerProvider));
        Assert.Contains(services, d => d.ServiceType == typeof(MeterProvider));
    }

    [Fact]
    public void Settings_HttpEndpoint_AddsEachSignalsPath()
    {
        var export = TelemetrySetup.OtlpExport.From(Configuration(new()
        {
            ["OpenTelemetry:Otlp:Endpoint"] = "https://collector.example/otlp/",
            ["OpenTelemetry:Otlp:Protocol"] = "http/protobuf",
            [TelemetrySetup.StandardEndpointVariable] = "http://ignored:4317",
        }))!;
        var traces = new OtlpExporterOptions();
        export.Apply(traces, "v1/traces");
        var grpc = new OtlpExporterOptions();
        TelemetrySetup.OtlpExport.From(Configuration(new() { ["OpenTelemetry:Otlp:Endpoint"] = "http://collector:4317" }))!.Apply(grpc, "v1/traces");

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, traces.Protocol);
        Assert.Equal(new Uri("https://collector.example/otlp/v1/traces"), traces.Endpoint);
        Assert.Equal(OtlpExportProtocol.Grpc, grpc.Protocol);
        Assert.Equal(new Uri("http://collector:4317"), grpc.Endpoint);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

/// <summary>A list the exporters can add to while a test reads it.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

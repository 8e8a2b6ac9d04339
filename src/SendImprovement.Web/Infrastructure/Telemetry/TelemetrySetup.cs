using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SendImprovement.Web.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics, exported over OTLP only when an endpoint is configured: the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable or <c>OpenTelemetry:Otlp:Endpoint</c>. With neither (and
/// <c>OpenTelemetry:Enabled</c> not set) nothing is registered, so nothing is collected and nothing leaves the process.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "send-improvement";

    /// <summary>The standard variable, read through configuration (environment variables are part of it).</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddSendImprovementTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var export = OtlpExport.From(configuration);
        if (export is null && !configuration.GetValue<bool>("OpenTelemetry:Enabled"))
        {
            return services;
        }

        var version = typeof(TelemetrySetup).Assembly.GetName().Version?.ToString();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: version))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // Load balancers' probes would drown the requests people make.
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/health");

                        // Query strings can carry personal data (an email address in a search, a return address);
                        // the route and the path are enough to follow a request. Bodies are never recorded.
                        options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                        options.RecordException = false;
                    })
                    .AddHttpClientInstrumentation(options =>
                        options.EnrichWithHttpRequestMessage = (activity, request) =>
                        {
                            if (request.RequestUri is { IsAbsoluteUri: true } uri)
                            {
                                activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Path));
                            }
                        })
                    .AddNpgsql();
                if (export is not null)
                {
                    tracing.AddOtlpExporter(options => export.Apply(options, "v1/traces"));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter("System.Runtime");
                if (export is not null)
                {
                    metrics.AddOtlpExporter(options => export.Apply(options, "v1/metrics"));
                }
            });
        return services;
    }

    /// <summary>Where to send telemetry, if anywhere: the app's own setting wins over the standard variable.</summary>
    public sealed record OtlpExport(Uri? Endpoint, OtlpExportProtocol? Protocol)
    {
        public static OtlpExport? From(IConfiguration configuration)
        {
            if (configuration["OpenTelemetry:Otlp:Endpoint"] is { Length: > 0 } endpoint)
            {
                var protocol = configuration["OpenTelemetry:Otlp:Protocol"] switch
                {
                    null or "" or "grpc" => OtlpExportProtocol.Grpc,
                    "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                    var other => throw new InvalidOperationException($"OpenTelemetry:Otlp:Protocol is \"{other}\"; use grpc or http/protobuf."),
                };
                return new OtlpExport(new Uri(endpoint, UriKind.Absolute), protocol);
            }

            // The exporter reads the standard variables (endpoint, protocol, headers) itself.
            return configuration[StandardEndpointVariable] is { Length: > 0 } ? new OtlpExport(null, null) : null;
        }

        public void Apply(OtlpExporterOptions options, string signalPath)
        {
            if (Endpoint is null || Protocol is null)
            {
                return;
            }

            options.Protocol = Protocol.Value;

            // Over HTTP each signal has its own path; the standard variable adds it, a set endpoint must include it.
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint, Endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath)
                : Endpoint;
        }
    }
}

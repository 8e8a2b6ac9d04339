using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SendImprovement.Core.Data;

namespace SendImprovement.Web.Infrastructure.Health;

/// <summary>
/// Ready means the database answers and holds every migration this build knows: an instance started against a
/// database another version has not yet migrated must not take traffic.
/// </summary>
public sealed class MigrationsAppliedCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database cannot be reached.");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Every migration has been applied.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}.");
    }
}

/// <summary>The health endpoints: liveness says the process answers, readiness that it can serve requests.</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSendImprovementHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [ReadyTag]);
        return services;
    }

    public static void MapSendImprovementHealthChecks(this IEndpointRouteBuilder app)
    {
        // Liveness runs no check at all, so a slow or missing database never gets a live process restarted.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks("/health", new() { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
    }
}

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SendImprovement.Web.Infrastructure.Security;

/// <summary>How many sign-in attempts one address may make in a window (settings "SignIn:RateLimit").</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "SignIn:RateLimit";

    public int PermitLimit { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Slows password guessing across many accounts from one address; account lockout covers guessing one account.
/// Only posts to the sign-in page count. More attempts in the window get 429 and the product's own error page.
/// </summary>
public static class SignInRateLimit
{
    private const string SignInPage = "/Account/SignIn";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(SignInRateLimitOptions.Section).Get<SignInRateLimitOptions>() ?? new SignInRateLimitOptions();
        if (limits.PermitLimit < 1 || limits.WindowSeconds < 1)
        {
            throw new InvalidOperationException($"{SignInRateLimitOptions.Section}: PermitLimit and WindowSeconds must each be 1 or more.");
        }

        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInAttempt(context)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = limits.PermitLimit,
                            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                            QueueLimit = 0,
                        })
                    : RateLimitPartition.GetNoLimiter(string.Empty));

            // The body is left empty so that the status code pages show the product's 429 page.
            options.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });
    }

    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && string.Equals(context.Request.RouteValues["page"] as string, SignInPage, StringComparison.Ordinal);
}

using Microsoft.AspNetCore.Authorization;
using SendImprovement.Core.Users;

namespace SendImprovement.Web.Infrastructure.Security;

/// <summary>
/// The named policies. Every page and endpoint names one; the fallback policy is <see cref="ReadPlans"/>, so a page
/// that forgets still requires a signed-in user with a role. Which records a user may touch is checked per record
/// by <see cref="SendImprovement.Core.Plans.PlanAccess"/>.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user with a role: reads their partnership's plans.</summary>
    public const string ReadPlans = nameof(ReadPlans);

    /// <summary>Records ratings, revises deadlines and adds notes (on items they lead, for contributors).</summary>
    public const string UpdateItems = nameof(UpdateItems);

    /// <summary>Creates and edits plans and structure; maps initials to people.</summary>
    public const string ManagePlans = nameof(ManagePlans);

    /// <summary>Administrator pages: the audit log.</summary>
    public const string Administer = nameof(Administer);

    /// <summary>The read API, with a personal API token.</summary>
    public const string ApiRead = nameof(ApiRead);

    public static void Add(AuthorizationOptions options)
    {
        var read = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();
        options.AddPolicy(ReadPlans, read);
        options.AddPolicy(UpdateItems, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.ProgrammeLead, Roles.Contributor));
        options.AddPolicy(ManagePlans, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator, Roles.ProgrammeLead));
        options.AddPolicy(Administer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        options.AddPolicy(ApiRead, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(Roles.All));
        options.FallbackPolicy = read;
        options.DefaultPolicy = read;
    }
}

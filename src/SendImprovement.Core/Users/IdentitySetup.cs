using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Data;

namespace SendImprovement.Core.Users;

/// <summary>ASP.NET Core Identity as the web app and the command line both use it.</summary>
public static class IdentitySetup
{
    public const int MinimumPasswordLength = 12;

    public static IdentityBuilder AddSendImprovementIdentity(this IServiceCollection services) =>
        services.AddIdentityCore<AppUser>(Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddPasswordValidator<CommonPasswordValidator>();

    /// <summary>
    /// NCSC guidance: length rather than composition rules, common passwords refused
    /// (<see cref="CommonPasswordValidator"/>); lock the account after repeated failures.
    /// </summary>
    public static void Configure(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.SignIn.RequireConfirmedAccount = false;
    }
}

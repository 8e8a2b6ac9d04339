using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Users;

namespace SendImprovement.Web.Infrastructure.Security;

/// <summary>Claims the app adds to a signed-in user, so pages know their partnership and person without a query.</summary>
public static class AppClaims
{
    public const string DisplayName = "si:display_name";
    public const string PartnershipId = "si:partnership_id";
    public const string PersonId = "si:person_id";

    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier),
        user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "Unknown user",
        Roles.All.FirstOrDefault(user.IsInRole) ?? string.Empty,
        Int(user.FindFirstValue(PartnershipId)),
        Int(user.FindFirstValue(PersonId)));

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}

/// <summary>Adds the user's name, partnership and person to their claims when they sign in.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        if (user.PartnershipId is { } partnershipId)
        {
            identity.AddClaim(new Claim(AppClaims.PartnershipId, partnershipId.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.PersonId is { } personId)
        {
            identity.AddClaim(new Claim(AppClaims.PersonId, personId.ToString(CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}

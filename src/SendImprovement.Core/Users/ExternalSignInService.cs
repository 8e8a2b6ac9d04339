using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;

namespace SendImprovement.Core.Users;

/// <summary>Who the identity provider says signed in. The subject is the provider's stable id for them.</summary>
public sealed record ExternalIdentity(string Provider, string ProviderDisplayName, string Subject, string? Email, string? Name);

/// <summary>The role and partnership the provider's groups or claims map to (a partnership by name; none for administrators).</summary>
public sealed record ExternalAccess(string Role, string? PartnershipName);

public enum ExternalSignInRefusal
{
    /// <summary>None of the provider's groups or claims maps to a role here.</summary>
    NoAccess,

    /// <summary>The mapping names a partnership this database does not hold.</summary>
    NoSuchPartnership,

    /// <summary>The provider gave no email address, which every account needs.</summary>
    NoEmail,

    /// <summary>A different account (a local one, or another login) already has this email address.</summary>
    EmailTaken,

    /// <summary>The account is locked.</summary>
    LockedOut,
}

/// <summary>The user to sign in, or why not.</summary>
public sealed record ExternalSignInResult(AppUser? User, ExternalSignInRefusal? Refusal);

/// <summary>
/// Single sign-on: finds the account linked to the provider's subject (never by email alone), creates it on first
/// sign-in and sets its role and partnership from the provider's groups on every sign-in, so a change of group at the
/// provider takes effect the next time the person signs in. Each sign-in is audited with any change it made.
/// </summary>
public sealed class ExternalSignInService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public async Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, ExternalAccess? access, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByLoginAsync(identity.Provider, identity.Subject);

        // No mapped group means no access, whether or not the account exists; none is created.
        if (access is null || Roles.Parse(access.Role) is not { } role)
        {
            return new(null, ExternalSignInRefusal.NoAccess);
        }

        int? partnershipId = null;
        if (role != Roles.Administrator)
        {
            partnershipId = await db.Partnerships.Where(p => p.Name == access.PartnershipName).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
            if (partnershipId is null)
            {
                return new(null, ExternalSignInRefusal.NoSuchPartnership);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = user is null
            ? await CreateAsync(identity, role, partnershipId, cancellationToken)
            : await UpdateAsync(user, identity, role, partnershipId, cancellationToken);
        if (result.User is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    private async Task<ExternalSignInResult> CreateAsync(ExternalIdentity identity, string role, int? partnershipId, CancellationToken cancellationToken)
    {
        var email = identity.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            return new(null, ExternalSignInRefusal.NoEmail);
        }

        // Linking to an existing account by email would let whoever controls that address at the provider take the
        // account over; an administrator decides instead.
        if (await users.FindByEmailAsync(email) is not null)
        {
            return new(null, ExternalSignInRefusal.EmailTaken);
        }

        var name = string.IsNullOrWhiteSpace(identity.Name) ? email : identity.Name.Trim();
        name = name.Length > 200 ? name[..200] : name;
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            PartnershipId = partnershipId,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };

        // No password: the account can only be signed into through the provider.
        Check(await users.CreateAsync(user));
        Check(await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Subject, identity.ProviderDisplayName)));
        Check(await users.AddToRoleAsync(user, role));

        await db.SaveChangesAsync(
            new AuditContext(ActorFor(user, role), "User created by single sign-on")
            {
                PartnershipId = partnershipId,
                Summary = $"{name} as {Roles.DisplayName(role)}, signed in with {identity.ProviderDisplayName}",
                Changes =
                [
                    new AuditChange("User", user.Id, "Email", null, email),
                    new AuditChange("User", user.Id, "DisplayName", null, name),
                    new AuditChange("User", user.Id, "Role", null, role),
                    new AuditChange("User", user.Id, "PartnershipId", null, Text(partnershipId)),
                    new AuditChange("User", user.Id, "Login", null, identity.Provider),
                ],
            },
            clock,
            cancellationToken);
        return new(user, null);
    }

    private async Task<ExternalSignInResult> UpdateAsync(AppUser user, ExternalIdentity identity, string role, int? partnershipId, CancellationToken cancellationToken)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return new(null, ExternalSignInRefusal.LockedOut);
        }

        var changes = new List<AuditChange>();
        var oldRole = (await users.GetRolesAsync(user)).FirstOrDefault();
        if (oldRole != role)
        {
            if (oldRole is not null)
            {
                Check(await users.RemoveFromRoleAsync(user, oldRole));
            }

            Check(await users.AddToRoleAsync(user, role));
            changes.Add(new AuditChange("User", user.Id, "Role", oldRole, role));
        }

        if (user.PartnershipId != partnershipId)
        {
            changes.Add(new AuditChange("User", user.Id, "PartnershipId", Text(user.PartnershipId), Text(partnershipId)));
            user.PartnershipId = partnershipId;

            // The linked person belongs to the old partnership.
            if (user.PersonId is not null)
            {
                changes.Add(new AuditChange("User", user.Id, "PersonId", Text(user.PersonId), null));
                user.PersonId = null;
            }

            Check(await users.UpdateAsync(user));
        }

        await db.SaveChangesAsync(
            new AuditContext(ActorFor(user, role), changes.Count > 0 ? "Access changed by single sign-on" : "Signed in by single sign-on")
            {
                PartnershipId = partnershipId,
                Summary = changes.Count > 0
                    ? $"{user.DisplayName} now {Roles.DisplayName(role)}{(oldRole is null || oldRole == role ? string.Empty : $" (was {Roles.DisplayName(oldRole)})")}, from their groups at {identity.ProviderDisplayName}"
                    : $"{user.DisplayName} signed in with {identity.ProviderDisplayName}",
                Changes = changes,
            },
            clock,
            cancellationToken);
        return new(user, null);
    }

    private static Actor ActorFor(AppUser user, string role) => new(user.Id, user.DisplayName, role, user.PartnershipId, user.PersonId);

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

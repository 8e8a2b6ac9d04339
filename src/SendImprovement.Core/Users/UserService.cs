using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;

namespace SendImprovement.Core.Users;

public sealed record NewUser(string? Email, string? DisplayName, string? Role, string? Password, int? PartnershipId, int? PersonId);

/// <summary>Creating user accounts. Passwords are hashed by ASP.NET Core Identity; the password rules live in <see cref="IdentitySetup"/>.</summary>
public sealed class UserService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public async Task<AppUser> CreateUserAsync(Actor actor, NewUser input, bool isDemo = false, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdministrator)
        {
            throw new ForbiddenException("Only an administrator can create users.");
        }

        var errors = new List<FieldError>();
        var email = input.Email?.Trim() ?? string.Empty;
        if (email.Length == 0)
        {
            errors.Add(new("Email", "Enter an email address"));
        }
        else if (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@'))
        {
            errors.Add(new("Email", "Enter an email address in the correct format, like name@example.gov.uk"));
        }
        else if (await users.FindByEmailAsync(email) is not null)
        {
            errors.Add(new("Email", $"A user with the email address {email} already exists"));
        }

        var name = input.DisplayName?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(new("DisplayName", "Enter the user's name"));
        }
        else if (name.Length > 200)
        {
            errors.Add(new("DisplayName", "The name must be 200 characters or fewer"));
        }

        var role = Roles.Parse(input.Role);
        if (role is null)
        {
            errors.Add(new("Role", $"Choose a role: {string.Join(", ", Roles.All.Select(Roles.DisplayName))}"));
        }
        else if (role != Roles.Administrator && input.PartnershipId is null)
        {
            errors.Add(new("PartnershipId", "Choose the partnership this user works in"));
        }

        if (input.PartnershipId is not null && !await db.Partnerships.AnyAsync(p => p.Id == input.PartnershipId, cancellationToken))
        {
            errors.Add(new("PartnershipId", "There is no such partnership"));
        }

        if (input.PersonId is not null && !await db.People.AnyAsync(p => p.Id == input.PersonId && p.PartnershipId == input.PartnershipId, cancellationToken))
        {
            errors.Add(new("PersonId", "Choose a person from the user's partnership"));
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            errors.Add(new("Password", "Enter a password"));
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, new AppUser { DisplayName = name, UserName = email, Email = email }, input.Password);
                errors.AddRange(result.Errors.Select(e => new FieldError("Password", e.Description)));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            PartnershipId = input.PartnershipId,
            PersonId = input.PersonId,
            IsDemo = isDemo,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };

        // Joins the caller's transaction when there is one (the demo loader saves everything or nothing).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            throw new ValidationFailedException(created.Errors.Select(e => new FieldError("Password", e.Description)).ToList());
        }

        var added = await users.AddToRoleAsync(user, role!);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        await db.SaveChangesAsync(
            new AuditContext(actor, "User created")
            {
                PartnershipId = user.PartnershipId,
                Summary = $"{name} <{email}> as {Roles.DisplayName(role!)}",
                Changes =
                [
                    new AuditChange("User", user.Id, "Email", null, email),
                    new AuditChange("User", user.Id, "DisplayName", null, name),
                    new AuditChange("User", user.Id, "Role", null, role),
                    new AuditChange("User", user.Id, "PartnershipId", null, Text(user.PartnershipId)),
                    new AuditChange("User", user.Id, "PersonId", null, Text(user.PersonId)),
                ],
            },
            clock,
            cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return user;
    }

    /// <summary>
    /// Says which person in the partnership's list of people a user is, so a contributor can update what that person
    /// leads. Needed for accounts that single sign-on creates, which start unlinked; also corrects a wrong link.
    /// </summary>
    public async Task<AppUser> LinkPersonAsync(Actor actor, string? email, int personId, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdministrator)
        {
            throw new ForbiddenException("Only an administrator can link users to people.");
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            throw new ValidationFailedException([new("Email", $"There is no user with the email address {email?.Trim()}")]);
        }

        if (user.PartnershipId is null)
        {
            throw new ValidationFailedException([new("Email", $"{user.DisplayName} works in no partnership (an administrator), so cannot be one of a partnership's people")]);
        }

        var person = await db.People.Where(p => p.Id == personId).Select(p => new { p.Name, p.PartnershipId }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || person.PartnershipId != user.PartnershipId)
        {
            throw new ValidationFailedException([new("PersonId", "Choose a person from the user's partnership")]);
        }

        if (user.PersonId == personId)
        {
            return user;
        }

        var old = user.PersonId;
        user.PersonId = personId;

        // Through Identity, which checks and renews the account's concurrency stamp, so a sign-in saving the account at
        // the same moment can neither undo the link nor be undone by it; then the audit, in the same transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            throw updated.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? new ConcurrencyConflictException()
                : new InvalidOperationException(string.Join(" ", updated.Errors.Select(e => e.Description)));
        }

        await db.SaveChangesAsync(
            new AuditContext(actor, "User linked to a person")
            {
                PartnershipId = user.PartnershipId,
                Summary = $"{user.DisplayName} <{user.Email}> is {person.Name}",
                Changes = [new AuditChange("User", user.Id, "PersonId", Text(old), Text(personId))],
            },
            clock,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    private static string? Text(int? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

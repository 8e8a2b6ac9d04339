using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.ApiTokens;

/// <summary>The token as shown once to its owner, and the stored record.</summary>
public sealed record CreatedToken(ApiToken Record, string Token);

/// <summary>Personal read-only API tokens: created and revoked by their owner, stored only as a SHA-256 hash.</summary>
public sealed class ApiTokenService(AppDbContext db, TimeProvider clock)
{
    public const string Prefix = "si_";
    public const int MaxActiveTokens = 10;

    public async Task<CreatedToken> CreateAsync(Actor actor, string userId, string? name, CancellationToken cancellationToken = default)
    {
        if (actor.UserId != userId && !actor.IsAdministrator)
        {
            throw new ForbiddenException("You can only create tokens for yourself.");
        }

        var errors = new List<FieldError>();
        var label = PlanService.Required(name, "Name", 100, "Enter a name for the token, such as the report that will use it", "The name", errors);
        var active = await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAtUtc == null, cancellationToken);
        if (active >= MaxActiveTokens)
        {
            errors.Add(new("Name", $"You already have {MaxActiveTokens} active tokens. Revoke one you no longer use first"));
        }

        PlanService.ThrowIfAny(errors);

        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiToken
        {
            UserId = userId,
            Name = label,
            Prefix = token[..(Prefix.Length + 6)],
            Hash = HashOf(token),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(new AuditContext(actor, "API token created") { PartnershipId = actor.PartnershipId, Summary = $"{label} ({record.Prefix}…)" }, clock, cancellationToken);
        return new CreatedToken(record, token);
    }

    public async Task RevokeAsync(Actor actor, int tokenId, CancellationToken cancellationToken = default)
    {
        var record = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken) ?? throw new NotFoundException();
        if (record.UserId != actor.UserId && !actor.IsAdministrator)
        {
            throw new NotFoundException();
        }

        if (record.RevokedAtUtc is not null)
        {
            throw new ValidationFailedException(string.Empty, $"The token “{record.Name}” was already revoked.");
        }

        record.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(new AuditContext(actor, "API token revoked") { PartnershipId = actor.PartnershipId, Summary = $"{record.Name} ({record.Prefix}…)" }, clock, cancellationToken);
    }

    /// <summary>The owner of an active token, or null. Records when the token was last used.</summary>
    public async Task<string?> AuthenticateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var hash = HashOf(token);
        var record = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAtUtc == null)
            .Select(t => new { t.Id, t.UserId })
            .FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return null;
        }

        // Last-used time is operational data, not programme data: updated directly, not audited.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ApiTokens.Where(t => t.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), cancellationToken);
        return record.UserId;
    }

    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

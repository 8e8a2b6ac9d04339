using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.ApiTokens;

/// <summary>A personal token for the read API. Only a hash is stored; the token is shown once when created.</summary>
public class ApiToken : IAudited
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>What the user called it ("Power BI report").</summary>
    public required string Name { get; set; }

    /// <summary>The first characters of the token, shown so a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the token, as hex.</summary>
    public required string Hash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public bool IsActive => RevokedAtUtc is null;
}

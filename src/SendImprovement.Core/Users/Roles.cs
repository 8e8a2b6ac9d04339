namespace SendImprovement.Core.Users;

/// <summary>The roles a user can have. Each user has exactly one.</summary>
public static class Roles
{
    /// <summary>Runs the product: users, audit, every partnership.</summary>
    public const string Administrator = "Administrator";

    /// <summary>Everything within their partnership.</summary>
    public const string ProgrammeLead = "ProgrammeLead";

    /// <summary>Updates the items they lead or are assigned; reads the rest of their partnership.</summary>
    public const string Contributor = "Contributor";

    /// <summary>Reads their partnership's plans.</summary>
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Administrator, ProgrammeLead, Contributor, Viewer];

    public static string DisplayName(string role) => role switch
    {
        ProgrammeLead => "Programme lead",
        _ => role,
    };

    /// <summary>Reads a role as typed on the command line ("programme-lead", "Programme lead", "viewer").</summary>
    public static string? Parse(string? text)
    {
        var key = (text ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal);
        return All.FirstOrDefault(r => string.Equals(r, key, StringComparison.OrdinalIgnoreCase));
    }
}

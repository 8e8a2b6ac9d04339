namespace SendImprovement.Core.Auditing;

/// <summary>The person (or process) doing something: the signed-in user, or the command line or demo loader.</summary>
public sealed record Actor(string? UserId, string Name, string Role, int? PartnershipId, int? PersonId)
{
    /// <summary>Work done by the product itself on someone's instruction, such as the command line or the demo loader.</summary>
    public static Actor System(string name) => new(null, name, Users.Roles.Administrator, null, null);

    public bool IsAdministrator => Role == Users.Roles.Administrator;
}

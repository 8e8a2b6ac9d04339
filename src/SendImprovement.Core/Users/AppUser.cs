using Microsoft.AspNetCore.Identity;

namespace SendImprovement.Core.Users;

/// <summary>Someone who signs in. Their role is an Identity role; what they may touch is limited to their partnership.</summary>
public class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>The partnership the user works in; none for administrators, who see every partnership.</summary>
    public int? PartnershipId { get; set; }

    /// <summary>The person in the partnership's list of people this user is, so they can update what they lead.</summary>
    public int? PersonId { get; set; }

    /// <summary>Created by the demo loader; listed on the sign-in page with its password.</summary>
    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

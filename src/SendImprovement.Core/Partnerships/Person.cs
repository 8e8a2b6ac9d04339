using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.Partnerships;

/// <summary>An officer named in plans (a lead, sponsor or delivery partner). Not every person signs in.</summary>
public class Person : IAudited
{
    public const int MaxNameLength = 200;

    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public Partnership Partnership { get; set; } = null!;

    public required string Name { get; set; }

    /// <summary>Initials as plans write them ("TB"), used to match raw leads.</summary>
    public string? Initials { get; set; }

    public int? OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>Job title or role, such as "Head of SEND" or "Designated Clinical Officer".</summary>
    public string? JobTitle { get; set; }

    public string? Email { get; set; }

    /// <summary>Other spellings of this person's name and initials, as they appear in plans.</summary>
    public List<PersonNameVariant> NameVariants { get; set; } = [];

    public int Version { get; set; }
}

/// <summary>Another way a person's name is written ("Tom Brown", "T. Brown", "TB").</summary>
public class PersonNameVariant : IAudited
{
    public int Id { get; set; }

    public int PersonId { get; set; }

    public Person Person { get; set; } = null!;

    public required string Text { get; set; }

    /// <summary>The variant in upper case without dots or extra spaces, for matching.</summary>
    public required string MatchKey { get; set; }

    public static string ToMatchKey(string text) =>
        string.Join(' ', text.Replace(".", " ", StringComparison.Ordinal).Trim().ToUpperInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

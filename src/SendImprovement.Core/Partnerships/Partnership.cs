using SendImprovement.Core.Auditing;

namespace SendImprovement.Core.Partnerships;

/// <summary>A local area's SEND partnership: the council or councils, the NHS and the parent carer forum.</summary>
public class Partnership : IAudited
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The region the partnership's figures are compared with (an E12… code, as in the DfE's files).</summary>
    public string? RegionCode { get; set; }

    public string? RegionName { get; set; }

    public List<Area> Areas { get; set; } = [];

    public List<Organisation> Organisations { get; set; } = [];

    public List<Person> People { get; set; } = [];
}

/// <summary>A council's area within a partnership; a record may belong to one, several or all of them.</summary>
public class Area : IAudited
{
    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public Partnership Partnership { get; set; } = null!;

    public required string Name { get; set; }

    /// <summary>The council's code in national statistics (E06000001 style), which finds its published figures.</summary>
    public string? CouncilCode { get; set; }

    public int Position { get; set; }
}

public enum OrganisationKind
{
    Council,
    IntegratedCareBoard,
    NhsProvider,
    ParentCarerForum,
    School,
    VoluntarySector,
    Other,
}

/// <summary>A council, ICB, provider, school or the parent carer forum that people work for.</summary>
public class Organisation : IAudited
{
    public int Id { get; set; }

    public int PartnershipId { get; set; }

    public Partnership Partnership { get; set; } = null!;

    public required string Name { get; set; }

    public OrganisationKind Kind { get; set; }
}

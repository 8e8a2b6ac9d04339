using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Partnerships;

/// <summary>Setting up a partnership: its name, its areas (usually one or two councils) and its organisations.</summary>
public sealed class PartnershipService(AppDbContext db, TimeProvider clock)
{
    public async Task<Partnership> CreatePartnershipAsync(Actor actor, string? name, IReadOnlyList<string> areaNames, IReadOnlyList<string> organisationNames, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdministrator)
        {
            throw new ForbiddenException("Only an administrator can create partnerships.");
        }

        var errors = new List<FieldError>();
        var partnershipName = PlanService.Required(name, "Name", 200, "Enter the partnership's name", "The name", errors);
        if (partnershipName.Length > 0 && await db.Partnerships.AnyAsync(p => p.Name.ToLower() == partnershipName.ToLower(), cancellationToken))
        {
            errors.Add(new("Name", $"A partnership called {partnershipName} already exists"));
        }

        var areas = areaNames.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (areas.Count == 0)
        {
            errors.Add(new("Areas", "Enter at least one area, such as the council's name"));
        }

        if (areas.Any(a => a.Length > 200) || organisationNames.Any(o => o.Trim().Length > 200))
        {
            errors.Add(new("Areas", "Area and organisation names must be 200 characters or fewer"));
        }

        PlanService.ThrowIfAny(errors);

        var partnership = new Partnership
        {
            Name = partnershipName,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            Areas = [.. areas.Select((a, i) => new Area { Name = a, Position = i })],
            Organisations = [.. organisationNames.Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(o => new Organisation { Name = o, Kind = GuessKind(o) })],
        };
        db.Partnerships.Add(partnership);
        await db.SaveChangesAsync(new AuditContext(actor, "Partnership created") { Summary = partnershipName }, clock, cancellationToken);
        return partnership;
    }

    /// <summary>Guesses an organisation's kind from its name; it only affects how it is grouped.</summary>
    public static OrganisationKind GuessKind(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower switch
        {
            _ when lower.Contains("parent carer", StringComparison.Ordinal) => OrganisationKind.ParentCarerForum,
            _ when lower.Contains("integrated care", StringComparison.Ordinal) || lower.Contains("icb", StringComparison.Ordinal) => OrganisationKind.IntegratedCareBoard,
            _ when lower.Contains("nhs", StringComparison.Ordinal) || lower.Contains("trust", StringComparison.Ordinal) => OrganisationKind.NhsProvider,
            _ when lower.Contains("council", StringComparison.Ordinal) => OrganisationKind.Council,
            _ when lower.Contains("school", StringComparison.Ordinal) || lower.Contains("academy", StringComparison.Ordinal) || lower.Contains("college", StringComparison.Ordinal) => OrganisationKind.School,
            _ => OrganisationKind.Other,
        };
    }
}

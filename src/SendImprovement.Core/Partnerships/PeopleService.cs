using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Partnerships;

public sealed record PersonDetails(string? Name, string? Initials, int? OrganisationId, string? JobTitle, string? Email);

/// <summary>Initials written in a plan that no person has been matched to yet, with how often they appear.</summary>
public sealed record UnmappedLead(string MatchKey, string Example, int Uses, IReadOnlyList<string> Plans);

/// <summary>The partnership's list of people, and mapping the initials written in plans to them.</summary>
public sealed class PeopleService(AppDbContext db, TimeProvider clock)
{
    public async Task<Person> AddPersonAsync(Actor actor, int partnershipId, PersonDetails details, CancellationToken cancellationToken = default)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw new ForbiddenException("Only a programme lead can add people.");
        }

        var errors = new List<FieldError>();
        var person = new Person { PartnershipId = partnershipId, Name = string.Empty };
        await ApplyAsync(partnershipId, person, details, errors, cancellationToken);
        PlanService.ThrowIfAny(errors);

        db.People.Add(person);
        await db.SaveChangesAsync(new AuditContext(actor, "Person added") { PartnershipId = partnershipId, Summary = person.Name }, clock, cancellationToken);
        return person;
    }

    /// <summary>
    /// Maps initials as written in plans ("TB") to a person: every unassigned lead or sponsor with those initials in
    /// the partnership's plans now points at the person, and the initials are remembered as one of their name variants.
    /// </summary>
    public async Task<int> MapInitialsAsync(Actor actor, int partnershipId, string? matchKey, int? personId, CancellationToken cancellationToken = default)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw new ForbiddenException("Only a programme lead can map initials to people.");
        }

        var key = PersonNameVariant.ToMatchKey(matchKey ?? string.Empty);
        var errors = new List<FieldError>();
        var person = personId is null
            ? null
            : await db.People.Include(p => p.NameVariants).FirstOrDefaultAsync(p => p.Id == personId && p.PartnershipId == partnershipId, cancellationToken);
        if (person is null)
        {
            errors.Add(new("PersonId", "Select the person these initials stand for"));
        }

        var assignments = await db.PlanItemAssignments
            .Where(a => a.PersonId == null && a.MatchKey == key && a.PlanItem.Plan.PartnershipId == partnershipId)
            .ToListAsync(cancellationToken);
        if (key.Length == 0 || assignments.Count == 0)
        {
            errors.Add(new("MatchKey", $"No unassigned leads are written as “{matchKey}”"));
        }

        PlanService.ThrowIfAny(errors);

        foreach (var assignment in assignments)
        {
            assignment.PersonId = person!.Id;
        }

        if (person!.NameVariants.All(v => v.MatchKey != key))
        {
            person.NameVariants.Add(new PersonNameVariant { Text = assignments[0].RawText ?? key, MatchKey = key });
        }

        await db.SaveChangesAsync(
            new AuditContext(actor, "Initials mapped to a person") { PartnershipId = partnershipId, Summary = $"{key} → {person.Name} ({assignments.Count} uses)" },
            clock,
            cancellationToken);
        return assignments.Count;
    }

    public async Task<IReadOnlyList<UnmappedLead>> UnmappedLeadsAsync(int partnershipId, CancellationToken cancellationToken = default)
    {
        var rows = await db.PlanItemAssignments.AsNoTracking()
            .Where(a => a.PersonId == null && a.MatchKey != null && a.PlanItem.Plan.PartnershipId == partnershipId)
            .Select(a => new { a.MatchKey, a.RawText, Plan = a.PlanItem.Plan.Name })
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => r.MatchKey!)
            .Select(g => new UnmappedLead(g.Key, g.First().RawText ?? g.Key, g.Count(), g.Select(r => r.Plan).Distinct().Order().ToList()))
            .OrderBy(u => u.MatchKey, StringComparer.Ordinal)
            .ToList();
    }

    private async Task ApplyAsync(int partnershipId, Person person, PersonDetails details, List<FieldError> errors, CancellationToken cancellationToken)
    {
        person.Name = PlanService.Required(details.Name, "Name", Person.MaxNameLength, "Enter the person's full name", "The name", errors);
        person.Initials = PlanService.Optional(details.Initials, "Initials", 10, "Initials", errors);
        person.JobTitle = PlanService.Optional(details.JobTitle, "JobTitle", 200, "The job title", errors);
        person.Email = PlanService.Optional(details.Email, "Email", 254, "The email address", errors);
        if (person.Email is not null && !person.Email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(new("Email", "Enter an email address in the correct format, like name@example.gov.uk"));
        }

        if (details.OrganisationId is not null
            && !await db.Organisations.AnyAsync(o => o.Id == details.OrganisationId && o.PartnershipId == partnershipId, cancellationToken))
        {
            errors.Add(new("OrganisationId", "Select an organisation from the list"));
        }

        person.OrganisationId = details.OrganisationId;
    }
}

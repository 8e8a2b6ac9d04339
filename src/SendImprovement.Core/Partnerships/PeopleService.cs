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
    /// <summary>
    /// Adds a person. With <paramref name="mapInitials"/>, also matches the unassigned leads written with those
    /// initials to the new person, in the same transaction: both happen or neither does.
    /// </summary>
    public async Task<Person> AddPersonAsync(Actor actor, int partnershipId, PersonDetails details, string? mapInitials = null, CancellationToken cancellationToken = default)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw new ForbiddenException("Only a programme lead can add people.");
        }

        var errors = new List<FieldError>();
        var person = new Person { PartnershipId = partnershipId, Name = string.Empty };
        await ApplyAsync(partnershipId, person, details, errors, cancellationToken);
        var assignments = mapInitials is null ? [] : await UnassignedAsync(partnershipId, mapInitials, errors, cancellationToken);
        PlanService.ThrowIfAny(errors);

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.People.Add(person);
        await db.SaveChangesAsync(new AuditContext(actor, "Person added") { PartnershipId = partnershipId, Summary = person.Name }, clock, cancellationToken);
        if (mapInitials is not null)
        {
            await AssignAsync(actor, partnershipId, person, PersonNameVariant.ToMatchKey(mapInitials), assignments, cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return person;
    }

    /// <summary>
    /// Maps initials as written in plans ("TB") to a person: every unassigned lead or sponsor with those initials in
    /// the partnership's plans now points at the person, and the initials are remembered as one of their name variants.
    /// Each item changed gets its own audit entry, so its page shows who was matched and when.
    /// </summary>
    public async Task<int> MapInitialsAsync(Actor actor, int partnershipId, string? matchKey, int? personId, CancellationToken cancellationToken = default)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw new ForbiddenException("Only a programme lead can map initials to people.");
        }

        var errors = new List<FieldError>();
        var person = personId is null
            ? null
            : await db.People.Include(p => p.NameVariants).FirstOrDefaultAsync(p => p.Id == personId && p.PartnershipId == partnershipId, cancellationToken);
        if (person is null)
        {
            errors.Add(new("PersonId", "Select the person these initials stand for"));
        }

        var assignments = await UnassignedAsync(partnershipId, matchKey, errors, cancellationToken);
        PlanService.ThrowIfAny(errors);

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await AssignAsync(actor, partnershipId, person!, PersonNameVariant.ToMatchKey(matchKey!), assignments, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return assignments.Count;
    }

    private async Task<List<PlanItemAssignment>> UnassignedAsync(int partnershipId, string? matchKey, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var key = PersonNameVariant.ToMatchKey(matchKey ?? string.Empty);
        var assignments = key.Length == 0
            ? []
            : await db.PlanItemAssignments
                .Include(a => a.PlanItem)
                .Where(a => a.PersonId == null && a.MatchKey == key && a.PlanItem.Plan.PartnershipId == partnershipId)
                .ToListAsync(cancellationToken);
        if (assignments.Count == 0)
        {
            errors.Add(new(string.Empty, $"No unassigned leads are written as “{matchKey}”: someone may have matched them already"));
        }

        return assignments;
    }

    private async Task AssignAsync(Actor actor, int partnershipId, Person person, string key, List<PlanItemAssignment> assignments, CancellationToken cancellationToken)
    {
        if (person.NameVariants.All(v => v.MatchKey != key) && PersonNameVariant.ToMatchKey(person.Initials ?? string.Empty) != key)
        {
            db.PersonNameVariants.Add(new PersonNameVariant { PersonId = person.Id, Text = assignments[0].RawText ?? key, MatchKey = key });
        }

        foreach (var item in assignments.GroupBy(a => a.PlanItem))
        {
            foreach (var assignment in item)
            {
                assignment.PersonId = person.Id;
            }

            try
            {
                await db.SaveChangesAsync(
                    new AuditContext(actor, "Initials matched to a person") { PartnershipId = partnershipId, PlanId = item.Key.PlanId, PlanItemId = item.Key.Id, Summary = $"{key} → {person.Name}" },
                    clock,
                    cancellationToken);
            }
            catch (DbUpdateConcurrencyException exception)
            {
                throw new ConcurrencyConflictException($"Someone matched “{key}” to a person while you were choosing. Nothing you chose has been saved: check the people list.", exception);
            }
        }
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

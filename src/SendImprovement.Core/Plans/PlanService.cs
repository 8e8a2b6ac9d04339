using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;

namespace SendImprovement.Core.Plans;

/// <summary>What a user enters for a plan.</summary>
public sealed record PlanDetails(string? Name, string? Summary, string? Period);

/// <summary>What a user enters for an item. Which parts apply depends on the plan kind's level.</summary>
public sealed record ItemDetails
{
    public string? Ref { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Start { get; init; }

    public string? Leads { get; init; }

    public string? Sponsor { get; init; }

    public string? ProgressStatus { get; init; }

    public ResourceNeed Resource { get; init; }

    public IReadOnlyList<int> AreaIds { get; init; } = [];

    public IReadOnlyList<int> TagIds { get; init; } = [];

    public IReadOnlyDictionary<string, string?> Fields { get; init; } = new Dictionary<string, string?>();
}

/// <summary>Creating and editing plans and their structure. Every write is audited in the same transaction.</summary>
public sealed class PlanService(AppDbContext db, TimeProvider clock)
{
    public const int MaxSummaryLength = 4000;
    public const int MaxDescriptionLength = 10_000;
    public const int MaxFieldLength = 10_000;
    public const int MaxReasonLength = 2000;

    public async Task<Plan> CreatePlanAsync(Actor actor, int partnershipId, string? kindKey, PlanDetails details, CancellationToken cancellationToken = default)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw new ForbiddenException("Only a programme lead can create plans.");
        }

        if (!await db.Partnerships.AnyAsync(p => p.Id == partnershipId, cancellationToken))
        {
            throw new NotFoundException("There is no such partnership.");
        }

        var errors = new List<FieldError>();
        var kind = kindKey is null ? null : await db.PlanKinds.FirstOrDefaultAsync(k => k.Key == kindKey, cancellationToken);
        if (kind is null)
        {
            errors.Add(new("Kind", "Select the kind of plan"));
        }

        var (name, summary, period) = ValidatePlanDetails(details, errors);
        ThrowIfAny(errors);

        var plan = new Plan
        {
            PartnershipId = partnershipId,
            Kind = kind!,
            Name = name,
            Summary = summary,
            Period = period,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Plans.Add(plan);
        await SaveAsync(new AuditContext(actor, "Plan created") { PartnershipId = partnershipId, Subject = plan, Summary = name }, cancellationToken);
        return plan;
    }

    public async Task UpdatePlanAsync(Actor actor, int planId, int expectedVersion, PlanDetails details, string? reason, CancellationToken cancellationToken = default)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == planId, cancellationToken) ?? throw new NotFoundException();
        if (!PlanAccess.CanManage(actor, plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can edit plans.");
        }

        var errors = new List<FieldError>();
        var (name, summary, period) = ValidatePlanDetails(details, errors);
        var why = Optional(reason, "Reason", MaxReasonLength, "The reason", errors);
        ThrowIfAny(errors);

        if (plan.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(await DescribeConflictAsync(db, planId, null, cancellationToken));
        }

        db.Entry(plan).Property(p => p.Version).OriginalValue = expectedVersion;
        plan.Version = expectedVersion + 1;
        plan.Name = name;
        plan.Summary = summary;
        plan.Period = period;

        await SaveAsync(new AuditContext(actor, "Plan edited", why) { PartnershipId = plan.PartnershipId, PlanId = plan.Id, Summary = name }, cancellationToken);
    }

    public async Task<PlanTag> AddTagAsync(Actor actor, int planId, string? code, string? name, string? description, CancellationToken cancellationToken = default)
    {
        var plan = await db.Plans.Include(p => p.Tags).FirstOrDefaultAsync(p => p.Id == planId, cancellationToken) ?? throw new NotFoundException();
        if (!PlanAccess.CanManage(actor, plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can change a plan's interdependency key.");
        }

        var errors = new List<FieldError>();
        var tagCode = Required(code, "Code", 10, "Enter the mark used in the plan, such as * or C", "The mark", errors);
        var tagName = Required(name, "Name", 200, "Enter what the mark stands for", "The name", errors);
        var tagDescription = Optional(description, "Description", 1000, "The description", errors);
        if (tagCode.Length > 0 && plan.Tags.Any(t => string.Equals(t.Code, tagCode, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new("Code", $"The mark “{tagCode}” is already in this plan's key"));
        }

        ThrowIfAny(errors);
        var tag = new PlanTag { PlanId = planId, Code = tagCode, Name = tagName, Description = tagDescription };
        db.PlanTags.Add(tag);
        await SaveAsync(new AuditContext(actor, "Interdependency key entry added") { PartnershipId = plan.PartnershipId, PlanId = planId, Summary = $"{tagCode}: {tagName}" }, cancellationToken);
        return tag;
    }

    public async Task<PlanItem> AddItemAsync(Actor actor, int planId, int? parentId, ItemDetails details, string? deadline, CancellationToken cancellationToken = default)
    {
        var plan = await LoadPlanAsync(planId, cancellationToken);
        if (!PlanAccess.CanManage(actor, plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can add to a plan.");
        }

        PlanItem? parent = null;
        if (parentId is not null)
        {
            parent = await db.PlanItems.FirstOrDefaultAsync(i => i.Id == parentId && i.PlanId == planId, cancellationToken)
                ?? throw new NotFoundException("There is no such item in this plan.");
        }

        var depth = parent is null ? 0 : parent.Depth + 1;
        var level = plan.Kind.Levels.FirstOrDefault(l => l.Depth == depth)
            ?? throw new ValidationFailedException(string.Empty, $"A {plan.Kind.Level(depth - 1).Name.ToLowerInvariant()} cannot have anything beneath it in this kind of plan.");

        var errors = new List<FieldError>();
        var deadlineDate = level.HasDeadline ? ReadDate(deadline, "Deadline", level.DeadlineLabel, errors) : PlanDate.None;
        var item = new PlanItem
        {
            PlanId = planId,
            ParentId = parent?.Id,
            Depth = depth,
            Title = string.Empty,
            Deadline = deadlineDate,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            Position = await db.PlanItems.Where(i => i.PlanId == planId && i.ParentId == parentId).CountAsync(cancellationToken),
        };
        await ApplyDetailsAsync(plan, level, item, details, errors, cancellationToken);
        ThrowIfAny(errors);

        db.PlanItems.Add(item);
        await SaveAsync(new AuditContext(actor, $"{level.Name} added") { PartnershipId = plan.PartnershipId, Subject = item, Summary = Label(item) }, cancellationToken);
        return item;
    }

    public async Task UpdateItemAsync(Actor actor, int itemId, int expectedVersion, ItemDetails details, string? reason, CancellationToken cancellationToken = default)
    {
        var item = await db.PlanItems
            .Include(i => i.Assignments)
            .Include(i => i.Areas)
            .Include(i => i.Tags)
            .Include(i => i.Fields)
            .FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken) ?? throw new NotFoundException();
        var plan = await LoadPlanAsync(item.PlanId, cancellationToken);
        if (!PlanAccess.CanManage(actor, plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can edit items.");
        }

        var level = plan.Kind.Level(item.Depth);
        var errors = new List<FieldError>();
        var why = Optional(reason, "Reason", MaxReasonLength, "The reason", errors);
        await ApplyDetailsAsync(plan, level, item, details, errors, cancellationToken);
        ThrowIfAny(errors);

        if (item.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(await DescribeConflictAsync(db, item.PlanId, item.Id, cancellationToken));
        }

        db.Entry(item).Property(i => i.Version).OriginalValue = expectedVersion;
        item.Version = expectedVersion + 1;
        await SaveAsync(new AuditContext(actor, $"{level.Name} edited", why) { PartnershipId = plan.PartnershipId, PlanId = plan.Id, PlanItemId = item.Id, Summary = Label(item) }, cancellationToken);
    }

    /// <summary>Links one item to another, in the same plan or another plan of the same partnership.</summary>
    public async Task<ItemLink> AddLinkAsync(Actor actor, int fromItemId, int toItemId, string? note, CancellationToken cancellationToken = default)
    {
        var from = await db.PlanItems.Include(i => i.Plan).FirstOrDefaultAsync(i => i.Id == fromItemId, cancellationToken) ?? throw new NotFoundException();
        if (!PlanAccess.CanManage(actor, from.Plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can link items.");
        }

        var errors = new List<FieldError>();
        var to = toItemId == fromItemId ? from : await db.PlanItems.Include(i => i.Plan).FirstOrDefaultAsync(i => i.Id == toItemId, cancellationToken);
        if (to is null || to.Plan.PartnershipId != from.Plan.PartnershipId)
        {
            errors.Add(new("Ref", "Select an item to link to"));
        }
        else if (to.Id == from.Id)
        {
            errors.Add(new("Ref", "An item cannot be linked to itself"));
        }
        else if (await db.ItemLinks.AnyAsync(l => (l.FromItemId == from.Id && l.ToItemId == to.Id) || (l.FromItemId == to.Id && l.ToItemId == from.Id), cancellationToken))
        {
            errors.Add(new("Ref", "These items are already linked"));
        }

        var linkNote = Optional(note, "Note", 1000, "The note", errors);
        ThrowIfAny(errors);

        var link = new ItemLink
        {
            FromItemId = from.Id,
            ToItemId = to!.Id,
            RawReference = $"{to.Plan.Name}: {to.Ref}".Trim(),
            Note = linkNote,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            CreatedByName = actor.Name,
        };
        db.ItemLinks.Add(link);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = $"{from.Plan.Name} {Label(from)} → {to.Plan.Name} {Label(to)}";
        await SaveAsync(new AuditContext(actor, "Link added") { PartnershipId = from.Plan.PartnershipId, PlanId = from.PlanId, PlanItemId = from.Id, Summary = summary }, cancellationToken);

        // The other end's history shows the link too, with the link's values so that its entry says what changed.
        var linkId = link.Id.ToString(CultureInfo.InvariantCulture);
        await SaveAsync(
            new AuditContext(actor, "Link added")
            {
                PartnershipId = to.Plan.PartnershipId,
                PlanId = to.PlanId,
                PlanItemId = to.Id,
                Summary = summary,
                Changes =
                [
                    new AuditChange(nameof(ItemLink), linkId, nameof(ItemLink.FromItemId), null, from.Id.ToString(CultureInfo.InvariantCulture)),
                    new AuditChange(nameof(ItemLink), linkId, nameof(ItemLink.ToItemId), null, to.Id.ToString(CultureInfo.InvariantCulture)),
                    new AuditChange(nameof(ItemLink), linkId, nameof(ItemLink.Note), null, link.Note),
                ],
            },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return link;
    }

    internal static string Label(PlanItem item) => Label(item.Ref, item.Title);

    /// <summary>"1.1a Agree the pathway", with a long title shortened.</summary>
    internal static string Label(string? reference, string title) => string.IsNullOrEmpty(reference) ? Shorten(title) : $"{reference} {Shorten(title)}";

    /// <summary>Says who last changed a plan (or one of its items), when and what, for the message shown when someone else saved first.</summary>
    internal static async Task<string> DescribeConflictAsync(AppDbContext db, int planId, int? itemId, CancellationToken cancellationToken)
    {
        var latest = await db.AuditEntries.AsNoTracking()
            .Where(a => itemId == null ? a.PlanId == planId && a.PlanItemId == null : a.PlanItemId == itemId)
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.ActorName, a.Action, a.Summary, a.OccurredAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return new ConcurrencyConflictException().Message;
        }

        return $"{latest.ActorName} changed this at {UkClock.Describe(latest.OccurredAtUtc)} ({latest.Action.ToLowerInvariant()}: {latest.Summary}) since you opened this page. " +
            "Nothing you entered has been saved. Check the latest details and submit again.";
    }

    internal static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    internal static string Required(string? value, string field, int maxLength, string missingMessage, string what, List<FieldError> errors)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Add(new(field, missingMessage));
        }
        else if (text.Length > maxLength)
        {
            errors.Add(new(field, $"{what} must be {maxLength:N0} characters or fewer"));
        }

        return text;
    }

    internal static string? Optional(string? value, string field, int maxLength, string what, List<FieldError> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new(field, $"{what} must be {maxLength:N0} characters or fewer"));
        }

        return text;
    }

    internal static PlanDate ReadDate(string? text, string field, string label, List<FieldError> errors)
    {
        var result = PlanDate.Parse(text);
        if (result.Date is null)
        {
            errors.Add(new(field, $"{label}: {result.Error}"));
            return PlanDate.None;
        }

        return result.Date;
    }

    private async Task SaveAsync(AuditContext audit, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(audit, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConcurrencyConflictException(new ConcurrencyConflictException().Message, exception);
        }
    }

    private async Task<Plan> LoadPlanAsync(int planId, CancellationToken cancellationToken) =>
        await db.Plans
            .Include(p => p.Kind).ThenInclude(k => k.Levels)
            .Include(p => p.Kind).ThenInclude(k => k.Fields)
            .Include(p => p.Tags)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == planId, cancellationToken) ?? throw new NotFoundException();

    private static (string Name, string? Summary, PlanDate Period) ValidatePlanDetails(PlanDetails details, List<FieldError> errors)
    {
        var name = Required(details.Name, "Name", Plan.MaxNameLength, "Enter the plan's name", "The name", errors);
        var summary = Optional(details.Summary, "Summary", MaxSummaryLength, "The summary", errors);
        var period = ReadDate(details.Period, "Period", "Period", errors);
        return (name, summary, period);
    }

    private async Task ApplyDetailsAsync(Plan plan, PlanKindLevel level, PlanItem item, ItemDetails details, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var reference = ItemRef.Normalise(details.Ref);
        if (reference is { Length: > ItemRef.MaxLength })
        {
            errors.Add(new("Ref", $"The reference must be {ItemRef.MaxLength} characters or fewer"));
        }
        else if (reference is not null)
        {
            var sortKey = ItemRef.SortKey(reference);
            var clash = await db.PlanItems.AsNoTracking()
                .Where(i => i.PlanId == plan.Id && i.Depth == item.Depth && i.Id != item.Id && i.RefSortKey == sortKey)
                .Select(i => new { i.Ref, i.Title })
                .FirstOrDefaultAsync(cancellationToken);
            if (clash is not null)
            {
                errors.Add(new("Ref", $"The reference {reference} is already used by another {level.Name.ToLowerInvariant()} in this plan: “{Shorten(clash.Title)}”"));
            }
        }

        item.Ref = reference;
        item.RefSortKey = ItemRef.SortKey(reference);
        item.Title = Required(details.Title, "Title", PlanItem.MaxTitleLength, $"Enter {level.TitleLabel.ToLowerInvariant()}", level.TitleLabel, errors);
        item.Description = Optional(details.Description, "Description", MaxDescriptionLength, "The description", errors);

        if (level.HasStart)
        {
            var start = ReadDate(details.Start, "Start", "Start", errors);
            if (item.Start.Text != start.Text)
            {
                item.Start = start;
            }
        }

        if (level.HasProgressStatus)
        {
            var status = Optional(details.ProgressStatus, "ProgressStatus", 200, "The progress status", errors);
            if (status != item.ProgressStatusText)
            {
                item.ProgressStatusText = status;
                item.ProgressStatus = ProgressStatusText.Read(status);
            }
        }

        if (level.HasResource)
        {
            item.Resource = details.Resource;
        }

        var people = await db.People.AsNoTracking()
            .Where(p => p.PartnershipId == plan.PartnershipId)
            .Select(p => new PersonKeys(p.Id, p.Name, p.Initials, p.NameVariants.Select(v => v.MatchKey).ToList()))
            .ToListAsync(cancellationToken);

        if (level.HasLead)
        {
            var leads = Optional(details.Leads, "Leads", LeadText.MaxLength, "The leads", errors);
            if (leads != item.LeadText)
            {
                item.LeadText = leads;
                ReplaceAssignments(item, AssignmentRole.Lead, LeadText.Split(leads), people);
            }
        }

        if (level.HasSponsor)
        {
            var sponsor = Optional(details.Sponsor, "Sponsor", Person.MaxNameLength, "The sponsor", errors);
            var current = item.Assignments.Where(a => a.Role == AssignmentRole.Sponsor).Select(a => a.RawText).FirstOrDefault();
            if (sponsor != current)
            {
                ReplaceAssignments(item, AssignmentRole.Sponsor, sponsor is null ? [] : [new LeadToken(sponsor, false)], people);
            }
        }

        if (level.HasAreas)
        {
            var areas = await db.Areas.Where(a => a.PartnershipId == plan.PartnershipId && details.AreaIds.Contains(a.Id)).ToListAsync(cancellationToken);
            if (areas.Count != details.AreaIds.Distinct().Count())
            {
                errors.Add(new("AreaIds", "Select areas from the list"));
            }

            SyncCollection(item.Areas, areas, a => a.Id);
        }

        if (level.HasTags)
        {
            var tags = plan.Tags.Where(t => details.TagIds.Contains(t.Id)).ToList();
            if (tags.Count != details.TagIds.Distinct().Count())
            {
                errors.Add(new("TagIds", "Select marks from the plan's interdependency key"));
            }

            SyncCollection(item.Tags, tags, t => t.Id);
        }

        var fields = plan.Kind.Fields.Where(f => f.Depth == level.Depth).ToList();
        foreach (var key in details.Fields.Keys.Where(k => fields.All(f => f.Key != k)))
        {
            errors.Add(new($"Fields[{key}]", $"A {level.Name.ToLowerInvariant()} has no field called {key}"));
        }

        foreach (var field in fields)
        {
            var value = Optional(details.Fields.GetValueOrDefault(field.Key), $"Fields[{field.Key}]", MaxFieldLength, field.Label, errors);
            var existing = item.Fields.FirstOrDefault(f => f.Key == field.Key);
            if (value is null && existing is not null)
            {
                item.Fields.Remove(existing);
                db.PlanItemFields.Remove(existing);
            }
            else if (value is not null && existing is null)
            {
                item.Fields.Add(new PlanItemField { Key = field.Key, Value = value });
            }
            else if (value is not null && existing!.Value != value)
            {
                existing.Value = value;
            }
        }
    }

    private void ReplaceAssignments(PlanItem item, AssignmentRole role, IReadOnlyList<LeadToken> tokens, List<PersonKeys> people)
    {
        // Initials someone matched by hand (perhaps two people share them) keep their person when they stay.
        var matchedBefore = item.Assignments
            .Where(a => a.Role == role && a.PersonId is not null && a.MatchKey is not null)
            .GroupBy(a => a.MatchKey!)
            .ToDictionary(g => g.Key, g => g.First().PersonId);
        foreach (var old in item.Assignments.Where(a => a.Role == role).ToList())
        {
            item.Assignments.Remove(old);
            db.PlanItemAssignments.Remove(old);
        }

        var position = 0;
        foreach (var token in tokens)
        {
            item.Assignments.Add(new PlanItemAssignment
            {
                Role = role,
                RawText = token.Text,
                MatchKey = token.MatchKey,
                IsInterdependency = token.IsInterdependency,
                PersonId = matchedBefore.GetValueOrDefault(token.MatchKey) ?? MatchPerson(token.MatchKey, people),
                Position = position++,
            });
        }
    }

    /// <summary>A person whose name, initials or a known variant matches exactly one person; otherwise none.</summary>
    internal static int? MatchPerson(string matchKey, IEnumerable<PersonKeys> people)
    {
        var matches = people.Where(p => p.Keys.Contains(matchKey)).Select(p => p.Id).Distinct().Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static void SyncCollection<T>(List<T> current, List<T> wanted, Func<T, int> id)
    {
        current.RemoveAll(c => wanted.All(w => id(w) != id(c)));
        current.AddRange(wanted.Where(w => current.All(c => id(c) != id(w))));
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}

/// <summary>The ways a person can be matched: name, initials and known variants, as match keys.</summary>
public sealed record PersonKeys(int Id, string Name, string? Initials, IReadOnlyList<string> Variants)
{
    public IEnumerable<string> Keys
    {
        get
        {
            yield return PersonNameVariant.ToMatchKey(Name);
            if (!string.IsNullOrWhiteSpace(Initials))
            {
                yield return PersonNameVariant.ToMatchKey(Initials);
            }

            foreach (var variant in Variants)
            {
                yield return variant;
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>
/// Applies a preview to the database's change tracker: the new plan or the stored one, new and changed items, and
/// their rating, deadline and progress records. The caller saves it all in one transaction.
/// </summary>
internal sealed class ImportWriter(AppDbContext db, TimeProvider clock, Actor actor, ImportRecord record, ImportSettings settings, ImportPreview preview)
{
    private readonly DateTime _now = clock.GetUtcNow().UtcDateTime;
    private readonly DateOnly _today = UkClock.Today(clock);
    private readonly Dictionary<int, PlanItem> _created = [];
    private readonly Dictionary<int, int> _nextPosition = [];
    private readonly List<string> _peopleAdded = [];
    private Dictionary<int, PlanItem> _stored = [];
    private Dictionary<string, Area> _areas = [];
    private Dictionary<string, PlanTag> _tags = [];
    private readonly Dictionary<string, (int? Id, Person? New)> _people = [];
    private Plan _plan = null!;

    private string Reason => $"Imported from {record.FileName}";

    public async Task<(Plan Plan, IReadOnlyList<string> PeopleAdded)> WriteAsync(CancellationToken cancellationToken)
    {
        _plan = record.PlanId is { } planId
            ? await db.Plans.Include(p => p.Kind).ThenInclude(k => k.Levels).Include(p => p.Tags).AsSplitQuery().FirstAsync(p => p.Id == planId, cancellationToken)
            : NewPlan(await db.PlanKinds.Include(k => k.Levels).FirstAsync(k => k.Key == settings.KindKey, cancellationToken));
        if (record.PlanId is not null)
        {
            _stored = await db.PlanItems.Where(i => i.PlanId == _plan.Id)
                .Include(i => i.Assignments).Include(i => i.Areas).Include(i => i.Tags).Include(i => i.Fields)
                .AsSplitQuery().ToDictionaryAsync(i => i.Id, cancellationToken);
            foreach (var group in _stored.Values.GroupBy(i => i.ParentId ?? 0))
            {
                _nextPosition[group.Key] = group.Max(i => i.Position) + 1;
            }
        }

        _areas = (await db.Areas.Where(a => a.PartnershipId == record.PartnershipId).ToListAsync(cancellationToken))
            .ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _tags = _plan.Tags.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);
        await ChoosePeopleAsync(cancellationToken);

        foreach (var item in preview.Items)
        {
            Write(item);
        }

        return (_plan, _peopleAdded);
    }

    private Plan NewPlan(PlanKind kind)
    {
        var plan = new Plan { PartnershipId = record.PartnershipId, Kind = kind, Name = settings.PlanName!, CreatedAtUtc = _now };
        db.Plans.Add(plan);
        return plan;
    }

    private async Task ChoosePeopleAsync(CancellationToken cancellationToken)
    {
        var people = await db.People.Include(p => p.NameVariants).Where(p => p.PartnershipId == record.PartnershipId).ToListAsync(cancellationToken);
        foreach (var lead in preview.Leads)
        {
            switch (settings.People.GetValueOrDefault(lead.MatchKey))
            {
                case { PersonId: { } personId } when people.FirstOrDefault(p => p.Id == personId) is { } person:
                    _people[lead.MatchKey] = (person.Id, null);
                    if (person.NameVariants.All(v => v.MatchKey != lead.MatchKey) && PersonNameVariant.ToMatchKey(person.Name) != lead.MatchKey
                        && PersonNameVariant.ToMatchKey(person.Initials ?? string.Empty) != lead.MatchKey)
                    {
                        person.NameVariants.Add(new PersonNameVariant { Text = lead.Example, MatchKey = lead.MatchKey });
                    }

                    break;
                case { NewName: { } name } when name.Trim().Length > 0:
                    var isInitials = lead.Example.Length <= 4 && lead.Example.All(char.IsUpper);
                    var added = new Person { PartnershipId = record.PartnershipId, Name = name.Trim(), Initials = isInitials ? lead.Example : null };
                    if (!isInitials && PersonNameVariant.ToMatchKey(added.Name) != lead.MatchKey)
                    {
                        added.NameVariants.Add(new PersonNameVariant { Text = lead.Example, MatchKey = lead.MatchKey });
                    }

                    db.People.Add(added);
                    _people[lead.MatchKey] = (null, added);
                    _peopleAdded.Add($"{added.Name} ({lead.Example})");
                    break;
                default:
                    _people[lead.MatchKey] = (lead.MatchedPersonId, null);
                    break;
            }
        }
    }

    private void Write(ImportedItem item)
    {
        PlanItem target;
        if (item.ExistingId is { } id)
        {
            target = _stored[id];
        }
        else
        {
            var parent = item.Parent is null ? null : item.Parent.ExistingId is { } parentId ? _stored[parentId] : _created[item.Parent.Index];
            var parentKey = parent?.Id ?? 0;
            var position = parent is not null && parent.Id == 0 ? parent.Children.Count : _nextPosition.GetValueOrDefault(parentKey);
            if (parent is null || parent.Id != 0)
            {
                _nextPosition[parentKey] = position + 1;
            }

            target = new PlanItem
            {
                Plan = _plan,
                Parent = parent,
                Depth = item.Depth,
                Ref = item.Ref,
                RefSortKey = ItemRef.SortKey(item.Ref),
                Title = item.Title,
                Position = position,
                CreatedAtUtc = _now,
            };
            parent?.Children.Add(target);
            db.PlanItems.Add(target);
            _created[item.Index] = target;
        }

        var changed = ApplyFields(item, target);
        AddHistory(item, target);
        if (item.ExistingId is not null && (changed || item.AddsRating || item.AddsRevision))
        {
            target.Version++;
        }
    }

    private bool ApplyFields(ImportedItem item, PlanItem target)
    {
        var u = item.Updates;
        if (u.Count == 0)
        {
            return false;
        }

        if (u.Contains("Ref") && item.Ref is not null)
        {
            target.Ref = item.Ref;
            target.RefSortKey = ItemRef.SortKey(item.Ref);
        }

        if (u.Contains("Title"))
        {
            target.Title = item.Title;
        }

        if (u.Contains("Description") && item.Description is not null)
        {
            target.Description = item.Description;
        }

        if (u.Contains("Start") && item.Start is not null)
        {
            target.Start = item.Start;
        }

        if (item.ExistingId is null && item.Deadline is not null)
        {
            target.Deadline = item.Deadline.Deadline;
        }

        if (u.Contains("Status") && item.StatusText is not null)
        {
            target.ProgressStatusText = item.StatusText;
            target.ProgressStatus = ProgressStatusText.Read(item.StatusText);
        }

        if (u.Contains("Resource") && item.Resource is { } resource)
        {
            target.Resource = resource;
        }

        if (u.Contains("Leads") && item.Leads is not null)
        {
            target.LeadText = item.Leads;
            Assign(target, AssignmentRole.Lead, LeadText.Split(item.Leads));
        }

        if (u.Contains("Sponsor") && item.Sponsor is not null)
        {
            Assign(target, AssignmentRole.Sponsor, [new LeadToken(item.Sponsor, false)]);
        }

        if (u.Contains("Areas") && item.Areas.Count > 0)
        {
            target.Areas.Clear();
            target.Areas.AddRange(item.Areas.Select(Area));
        }

        if (u.Contains("Tags") && item.Tags.Count > 0)
        {
            target.Tags.Clear();
            target.Tags.AddRange(item.Tags.Select(Tag));
        }

        if (u.Contains("Fields"))
        {
            foreach (var (key, value) in item.Fields)
            {
                var field = target.Fields.FirstOrDefault(f => f.Key == key);
                if (field is null)
                {
                    target.Fields.Add(new PlanItemField { Key = key, Value = value });
                }
                else
                {
                    field.Value = value;
                }
            }
        }

        return true;
    }

    private void AddHistory(ImportedItem item, PlanItem target)
    {
        if (item.AddsRating && item.Rating is { } rating)
        {
            var appliesFrom = item.RatingDate ?? _today;
            target.Ratings.Add(new Rating
            {
                Value = rating.Value.Key,
                RawText = item.RatingRaw,
                IsTentative = rating.IsTentative,
                AppliesFrom = appliesFrom,
                Reason = Reason,
                RecordedAtUtc = _now,
                RecordedByUserId = actor.UserId,
                RecordedByName = actor.Name,
            });
            if (target.CurrentRatingDate is null || appliesFrom >= target.CurrentRatingDate)
            {
                target.CurrentRatingValue = rating.Value.Key;
                target.CurrentRatingTentative = rating.IsTentative;
                target.CurrentRatingDate = appliesFrom;
            }
        }

        if (item.AddsRevision && item.Deadline is { } deadline)
        {
            // A new item: the chain written in the file ("May 2021 (revised from Nov 2019)"), oldest first.
            // A stored item: one revision from its current deadline to the file's.
            var chain = item.ExistingId is null ? [.. deadline.RevisedFrom, deadline.Deadline] : new List<PlanDate> { target.Deadline, deadline.Deadline };
            for (var i = 1; i < chain.Count; i++)
            {
                target.DeadlineRevisions.Add(new DeadlineRevision
                {
                    Previous = chain[i - 1],
                    New = chain[i],
                    RevisedOn = _today,
                    Reason = item.ExistingId is null ? $"{Reason}, where the deadline was written “{DeadlineText(deadline)}”" : Reason,
                    RecordedAtUtc = _now,
                    RecordedByUserId = actor.UserId,
                    RecordedByName = actor.Name,
                });
            }

            target.Deadline = deadline.Deadline;
        }

        if (item.AddsNote)
        {
            target.ProgressNotes.Add(new ProgressNote
            {
                AsAt = item.RatingDate ?? _today,
                KeyActivitiesCompleted = item.KeyActivities,
                NextSteps = item.NextSteps,
                ProgressAndImpact = item.Progress,
                WrittenAtUtc = _now,
                WrittenByUserId = actor.UserId,
                WrittenByName = actor.Name,
            });
        }

        foreach (var (reference, targetId) in item.NewLinks)
        {
            target.LinksFrom.Add(new ItemLink
            {
                ToItemId = targetId,
                RawReference = Differ.Key(reference),
                CreatedAtUtc = _now,
                CreatedByName = actor.Name,
            });
        }
    }

    private static string DeadlineText(DeadlineReading deadline) =>
        $"{deadline.Deadline} (revised from {string.Join(", ", deadline.RevisedFrom)})";

    private void Assign(PlanItem target, AssignmentRole role, IReadOnlyList<LeadToken> tokens)
    {
        foreach (var old in target.Assignments.Where(a => a.Role == role).ToList())
        {
            target.Assignments.Remove(old);
            if (old.Id != 0)
            {
                db.PlanItemAssignments.Remove(old);
            }
        }

        var position = 0;
        foreach (var token in tokens)
        {
            var (personId, person) = _people.GetValueOrDefault(token.MatchKey);
            target.Assignments.Add(new PlanItemAssignment
            {
                Role = role,
                RawText = token.Text,
                MatchKey = token.MatchKey,
                IsInterdependency = token.IsInterdependency,
                PersonId = personId,
                Person = person,
                Position = position++,
            });
        }
    }

    private Area Area(string name)
    {
        if (!_areas.TryGetValue(name, out var area))
        {
            area = new Area { PartnershipId = record.PartnershipId, Name = name, Position = _areas.Count };
            db.Areas.Add(area);
            _areas[name] = area;
        }

        return area;
    }

    private PlanTag Tag(string code)
    {
        if (!_tags.TryGetValue(code, out var tag))
        {
            tag = new PlanTag { Plan = _plan, Code = code, Name = code, Description = "Added by an import: give it a name in the plan's key." };
            _plan.Tags.Add(tag);
            _tags[code] = tag;
        }

        return tag;
    }
}

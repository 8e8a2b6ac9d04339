using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Pages.Plans;

/// <summary>A lead or sponsor as shown: the person's name once matched, otherwise the initials as written.</summary>
public sealed record LeadView(int? PersonId, string? PersonName, string? RawText, bool IsInterdependency)
{
    public string Display => PersonName ?? RawText ?? string.Empty;

    public bool IsUnassigned => PersonId is null;

    /// <summary>The key used to filter by lead: "p12" for a person, "i:JD" for initials not yet mapped.</summary>
    public string FilterKey => PersonId is { } id ? $"p{id}" : $"i:{PersonNameVariant.ToMatchKey(RawText ?? string.Empty)}";
}

/// <summary>One item of a plan as the plan page shows it.</summary>
public sealed class ItemRow
{
    public int Id { get; init; }

    public int? ParentId { get; init; }

    public int Depth { get; init; }

    public string? Ref { get; init; }

    public string RefSortKey { get; init; } = string.Empty;

    public int Position { get; init; }

    public string Title { get; init; } = string.Empty;

    public PlanDate Start { get; init; } = PlanDate.None;

    public PlanDate Deadline { get; init; } = PlanDate.None;

    public string? ProgressStatusText { get; init; }

    public ProgressStatus ProgressStatus { get; init; }

    public ResourceNeed Resource { get; init; }

    public string? CurrentRatingValue { get; init; }

    public bool CurrentRatingTentative { get; init; }

    public DateOnly? CurrentRatingDate { get; init; }

    public List<LeadView> Leads { get; } = [];

    public List<LeadView> Sponsors { get; } = [];

    public List<int> AreaIds { get; } = [];

    public List<string> TagCodes { get; } = [];

    public int RevisionCount { get; set; }

    public ItemRow? Parent { get; set; }

    public List<ItemRow> Children { get; } = [];

    /// <summary>Leads of this item, or of the nearest item above that has some (milestones are led by their action's lead).</summary>
    public IReadOnlyList<LeadView> EffectiveLeads => Leads.Count > 0 || Parent is null ? Leads : Parent.EffectiveLeads;

    public IReadOnlyList<int> EffectiveAreaIds => AreaIds.Count > 0 || Parent is null ? AreaIds : Parent.EffectiveAreaIds;

    public bool IsComplete(RatingScale scale) =>
        ProgressStatus == ProgressStatus.Complete || (scale.Find(CurrentRatingValue)?.IsComplete ?? false);

    public bool IsOverdue(RatingScale scale, DateOnly today) => Deadline.IsOverdueOn(today) && !IsComplete(scale);
}

/// <summary>
/// A whole plan loaded for the plan page, the API and the benchmarks: a handful of queries, no tracking, the tree
/// assembled in memory.
/// </summary>
public sealed class PlanTree
{
    public required Plan Plan { get; init; }

    public required PlanKind Kind { get; init; }

    public required RatingScale Scale { get; init; }

    public required IReadOnlyList<Area> Areas { get; init; }

    public required IReadOnlyList<ItemRow> Items { get; init; }

    public IReadOnlyList<ItemRow> Roots => Items.Where(i => i.ParentId is null).OrderBy(i => i, SiblingOrder.Instance).ToList();

    public static async Task<PlanTree?> LoadAsync(AppDbContext db, int planId, CancellationToken cancellationToken = default)
    {
        var plan = await db.Plans.AsNoTracking()
            .Include(p => p.Tags)
            .FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        var kind = await db.PlanKinds.AsNoTracking()
            .Include(k => k.Levels)
            .Include(k => k.Fields)
            .Include(k => k.RatingScale).ThenInclude(s => s.Values)
            .AsSplitQuery()
            .FirstAsync(k => k.Id == plan.PlanKindId, cancellationToken);
        var areas = await db.Areas.AsNoTracking().Where(a => a.PartnershipId == plan.PartnershipId).OrderBy(a => a.Position).ToListAsync(cancellationToken);

        var items = await db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == planId)
            .Select(i => new ItemRow
            {
                Id = i.Id,
                ParentId = i.ParentId,
                Depth = i.Depth,
                Ref = i.Ref,
                RefSortKey = i.RefSortKey,
                Position = i.Position,
                Title = i.Title,
                Start = i.Start,
                Deadline = i.Deadline,
                ProgressStatusText = i.ProgressStatusText,
                ProgressStatus = i.ProgressStatus,
                Resource = i.Resource,
                CurrentRatingValue = i.CurrentRatingValue,
                CurrentRatingTentative = i.CurrentRatingTentative,
                CurrentRatingDate = i.CurrentRatingDate,
            })
            .ToListAsync(cancellationToken);
        var byId = items.ToDictionary(i => i.Id);

        var assignments = await db.PlanItemAssignments.AsNoTracking()
            .Where(a => a.PlanItem.PlanId == planId)
            .OrderBy(a => a.Position)
            .Select(a => new { a.PlanItemId, a.Role, a.PersonId, PersonName = a.Person != null ? a.Person.Name : null, a.RawText, a.IsInterdependency })
            .ToListAsync(cancellationToken);
        foreach (var a in assignments)
        {
            var lead = new LeadView(a.PersonId, a.PersonName, a.RawText, a.IsInterdependency);
            (a.Role == AssignmentRole.Lead ? byId[a.PlanItemId].Leads : byId[a.PlanItemId].Sponsors).Add(lead);
        }

        // The join tables are read directly: SQLite cannot run the APPLY a navigation-based query needs.
        var itemAreas = await db.Set<Dictionary<string, object>>("PlanItemAreas").AsNoTracking()
            .Join(db.PlanItems.Where(i => i.PlanId == planId), j => EF.Property<int>(j, "PlanItemId"), i => i.Id, (j, i) => new { ItemId = i.Id, AreaId = EF.Property<int>(j, "AreasId") })
            .ToListAsync(cancellationToken);
        foreach (var pair in itemAreas)
        {
            byId[pair.ItemId].AreaIds.Add(pair.AreaId);
        }

        var itemTags = await db.Set<Dictionary<string, object>>("PlanItemTags").AsNoTracking()
            .Join(db.PlanItems.Where(i => i.PlanId == planId), j => EF.Property<int>(j, "PlanItemId"), i => i.Id, (j, i) => new { ItemId = i.Id, TagId = EF.Property<int>(j, "TagsId") })
            .Join(db.PlanTags, x => x.TagId, t => t.Id, (x, t) => new { x.ItemId, t.Code })
            .ToListAsync(cancellationToken);
        foreach (var pair in itemTags)
        {
            byId[pair.ItemId].TagCodes.Add(pair.Code);
        }

        var revisions = await db.DeadlineRevisions.AsNoTracking()
            .Where(r => r.PlanItem.PlanId == planId)
            .GroupBy(r => r.PlanItemId)
            .Select(g => new { ItemId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var revision in revisions)
        {
            byId[revision.ItemId].RevisionCount = revision.Count;
        }

        foreach (var item in items)
        {
            if (item.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent))
            {
                item.Parent = parent;
                parent.Children.Add(item);
            }
        }

        foreach (var item in items)
        {
            item.Children.Sort(SiblingOrder.Instance);
        }

        return new PlanTree { Plan = plan, Kind = kind, Scale = kind.RatingScale, Areas = areas, Items = items };
    }

    /// <summary>How many items at each level stand at each rating, and how many are not rated yet.</summary>
    public IReadOnlyList<(PlanKindLevel Level, IReadOnlyDictionary<string, int> Counts, int NotRated)> RatingCounts() =>
        Kind.Levels.Where(l => l.HasRating).OrderBy(l => l.Depth)
            .Select(level =>
            {
                var atLevel = Items.Where(i => i.Depth == level.Depth).ToList();
                IReadOnlyDictionary<string, int> counts = Scale.Values
                    .ToDictionary(v => v.Key, v => atLevel.Count(i => i.CurrentRatingValue == v.Key));
                return (level, counts, atLevel.Count(i => i.CurrentRatingValue is null));
            })
            .ToList();

    /// <summary>Everyone who leads something in the plan, then initials not yet matched to anyone.</summary>
    public IReadOnlyList<LeadView> LeadChoices() =>
        Items.SelectMany(i => i.Leads)
            .GroupBy(l => l.FilterKey)
            .Select(g => g.First())
            .OrderBy(l => l.IsUnassigned)
            .ThenBy(l => l.Display, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Natural order of refs ("1.2" before "1.2b" before "1.10"); items without a ref keep their written order, after those with one.</summary>
    public sealed class SiblingOrder : IComparer<ItemRow>
    {
        public static readonly SiblingOrder Instance = new();

        public int Compare(ItemRow? x, ItemRow? y)
        {
            if (x is null || y is null)
            {
                return (x is null).CompareTo(y is null);
            }

            var byRef = (x.RefSortKey.Length == 0).CompareTo(y.RefSortKey.Length == 0);
            if (byRef == 0)
            {
                byRef = string.CompareOrdinal(x.RefSortKey, y.RefSortKey);
            }

            return byRef != 0 ? byRef : x.Position.CompareTo(y.Position);
        }
    }
}

using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>The names of the import fields as the mapping page and messages show them.</summary>
public static class FieldNames
{
    public static string Label(ImportField field) => field switch
    {
        ImportField.Ignore => "Do not import",
        ImportField.Level => "Level (one row per item)",
        ImportField.Section => "Top level (workstream, theme or principle)",
        ImportField.Outcome => "Second level (outcome, priority or recommendation)",
        ImportField.Impact => "Impact",
        ImportField.Ref => "Ref",
        ImportField.Title => "Title",
        ImportField.Description => "Description",
        ImportField.Lead => "Lead",
        ImportField.Sponsor => "Sponsor",
        ImportField.Start => "Start",
        ImportField.End => "End",
        ImportField.Status => "Progress status",
        ImportField.Rating => "Rating",
        ImportField.RatingDate => "Rating date",
        ImportField.Milestone => "Milestones",
        ImportField.Deadline => "Deadline",
        ImportField.Progress => "Progress and impact",
        ImportField.KeyActivities => "Key activities completed",
        ImportField.NextSteps => "Next steps",
        ImportField.Resource => "Resource (AR/ER)",
        ImportField.Area => "Areas",
        ImportField.Tags => "Interdependency key",
        ImportField.LinkedWork => "Linked work",
        ImportField.MilestoneDeadline => "Milestone deadlines",
        ImportField.MilestoneRating => "Milestone ratings",
        _ => field.ToString(),
    };
}

/// <summary>Works out, item by item, what the commit will write, and says it in words.</summary>
internal sealed class Differ(List<ImportedItem> items, ImportContext context)
{
    private readonly Dictionary<int, ExistingItem> _existing = context.Existing.ToDictionary(e => e.Id);

    /// <summary>Cross-plan references that name no stored item: kept as text, and said so.</summary>
    public List<ImportMessage> Warnings { get; } = [];

    public (List<ImportChange> Changes, ImportCounts Counts) Describe()
    {
        var changes = new List<ImportChange>();
        int changed = 0, ratings = 0, revisions = 0, notes = 0, links = 0;
        var newByLevel = new Dictionary<string, int>();
        var updating = context.PlanId is not null;
        foreach (var item in items)
        {
            var before = changes.Count;
            if (item.ExistingId is { } id)
            {
                CompareWith(item, _existing[id], changes);
                if (changes.Count > before || item.AddsRating || item.AddsRevision || item.AddsNote || item.NewLinks.Count > 0)
                {
                    changed++;
                }
            }
            else
            {
                PlanNew(item);
                newByLevel[item.LevelName] = newByLevel.GetValueOrDefault(item.LevelName) + 1;
                if (updating)
                {
                    changes.Add(new(item.Label, $"New {item.LevelName.ToLowerInvariant()}{(item.Parent is null ? string.Empty : $" under {item.Parent.Label}")}"));
                }
            }

            ratings += item.AddsRating ? 1 : 0;
            revisions += item.AddsRevision ? (item.ExistingId is null ? item.Deadline!.RevisedFrom.Count : 1) : 0;
            notes += item.AddsNote ? 1 : 0;
            links += item.NewLinks.Count;
        }

        return (changes, new ImportCounts
        {
            ItemsNew = items.Count(i => i.ExistingId is null),
            ItemsChanged = changed,
            RatingsAdded = ratings,
            RevisionsAdded = revisions,
            NotesAdded = notes,
            LinksAdded = links,
            NewByLevel = newByLevel,
        });
    }

    private void PlanNew(ImportedItem item)
    {
        item.Updates.UnionWith(["Title", "Description", "Start", "Status", "Leads", "Sponsor", "Resource", "Areas", "Tags", "Fields"]);
        item.AddsRating = item.Rating is not null;
        item.AddsRevision = item.Deadline is { RevisedFrom.Count: > 0 };
        item.AddsNote = item.KeyActivities is not null || item.NextSteps is not null || item.Progress is not null;
        foreach (var reference in item.Links.DistinctBy(Key))
        {
            var target = Resolve(reference);
            item.NewLinks.Add((reference, target));
            WarnIfMissing(item, reference, target);
        }
    }

    private void CompareWith(ImportedItem item, ExistingItem e, List<ImportChange> changes)
    {
        void Set(string field, string what)
        {
            item.Updates.Add(field);
            changes.Add(new(item.Label, what));
        }

        if (item.Ref is not null && string.IsNullOrEmpty(e.Ref))
        {
            Set("Ref", $"Ref {item.Ref} given (it had none)");
        }

        if (item.Title != e.Title)
        {
            Set("Title", $"Title changed from “{e.Title}”");
        }

        if (item.Description is not null && item.Description != e.Description)
        {
            Set("Description", "Description changed");
        }

        if (item.Start is { IsEmpty: false } start && !SameDate(start, e.Start))
        {
            Set("Start", $"Start changed from {Shown(e.Start)} to {start}");
        }

        if (item.Deadline is { Deadline.IsEmpty: false } deadline && !SameDate(deadline.Deadline, e.Deadline))
        {
            item.AddsRevision = true;
            changes.Add(new(item.Label, $"Deadline revised from {Shown(e.Deadline)} to {deadline.Deadline}"));
        }

        if (item.StatusText is not null && item.StatusText != e.StatusText)
        {
            Set("Status", $"Progress status changed from {e.StatusText ?? "none"} to {item.StatusText}");
        }

        if (item.Leads is not null && item.Leads != e.LeadText)
        {
            Set("Leads", $"Leads changed from {e.LeadText ?? "none"} to {item.Leads}");
        }

        if (item.Sponsor is not null && item.Sponsor != e.SponsorText)
        {
            Set("Sponsor", $"Sponsor changed from {e.SponsorText ?? "none"} to {item.Sponsor}");
        }

        if (item.Resource is { } resource and not ResourceNeed.NotStated && resource != e.Resource)
        {
            Set("Resource", "Resource flag changed");
        }

        if (item.Areas.Count > 0 && !e.AreaNames.SetEquals(item.Areas) && !new HashSet<string>(item.Areas, StringComparer.OrdinalIgnoreCase).SetEquals(e.AreaNames))
        {
            Set("Areas", $"Areas changed to {string.Join(", ", item.Areas)}");
        }

        if (item.Tags.Count > 0 && !new HashSet<string>(item.Tags, StringComparer.OrdinalIgnoreCase).SetEquals(e.TagCodes))
        {
            Set("Tags", $"Interdependency marks changed to {string.Join(", ", item.Tags)}");
        }

        if (item.Fields.Any(f => e.Fields.GetValueOrDefault(f.Key) != f.Value))
        {
            Set("Fields", "Impact statements changed");
        }

        if (item.Rating is { } rating
            && (!string.Equals(rating.Value.Key, e.RatingValue, StringComparison.Ordinal) || rating.IsTentative != e.RatingTentative)
            && !e.RatingHistory.Contains((rating.Value.Key, rating.IsTentative, item.RatingDate ?? context.Today)))
        {
            item.AddsRating = true;
            changes.Add(new(item.Label, $"Rating {e.RatingValue ?? "none"}{(e.RatingTentative ? "?" : string.Empty)} → {rating.Value.Label}{(rating.IsTentative ? "?" : string.Empty)}, given {UkClock.Day(item.RatingDate ?? context.Today)}"));
        }

        if ((item.KeyActivities ?? item.NextSteps ?? item.Progress) is not null
            && !e.Notes.Contains((item.KeyActivities, item.NextSteps, item.Progress)))
        {
            item.AddsNote = true;
            changes.Add(new(item.Label, "New progress note"));
        }

        foreach (var reference in item.Links.DistinctBy(Key))
        {
            var target = Resolve(reference);
            if (!e.LinkReferences.Contains(Key(reference), StringComparer.OrdinalIgnoreCase) && (target is null || !e.LinkTargets.Contains(target.Value)))
            {
                item.NewLinks.Add((reference, target));
                changes.Add(new(item.Label, $"Linked to {Key(reference)}{(target is null ? " (not found: kept as text)" : string.Empty)}"));
                WarnIfMissing(item, reference, target);
            }
        }
    }

    private void WarnIfMissing(ImportedItem item, CrossReference reference, int? target)
    {
        if (target is null)
        {
            var plan = context.OtherPlans.Any(p => p.Keys.Contains(reference.PlanKey)) ? $"{reference.PlanLabel} has no item {reference.Ref.Text}" : $"no plan of the partnership is called {reference.PlanLabel}";
            Warnings.Add(new ImportMessage(item.Row, FieldNames.Label(ImportField.LinkedWork), $"“{Key(reference)}” was kept as text, not linked: {plan} yet"));
        }
    }

    /// <summary>The reference as stored on the link: "WSoA: 1.1(c)".</summary>
    internal static string Key(CrossReference reference) => $"{reference.PlanLabel}: {reference.Ref.Text}";

    private int? Resolve(CrossReference reference) =>
        context.OtherPlans
            .Where(p => p.Keys.Contains(reference.PlanKey))
            .Select(p => p.ItemsByRefKey.TryGetValue(reference.Ref.MatchKey, out var id) ? id : (int?)null)
            .FirstOrDefault(id => id is not null);

    /// <summary>Two dates are the same when written the same, or read as the same period.</summary>
    internal static bool SameDate(PlanDate a, PlanDate b) =>
        a.Equals(b)
        || string.Equals(a.Text?.Trim(), b.Text?.Trim(), StringComparison.OrdinalIgnoreCase)
        || (a.Kind == b.Kind && a.Kind is not (PlanDateKind.Unrecognised or PlanDateKind.None) && a.Start == b.Start && a.End == b.End);

    private static string Shown(PlanDate date) => date.IsEmpty ? "none" : date.ToString();
}

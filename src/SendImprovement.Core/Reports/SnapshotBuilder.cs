using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Reports;

/// <summary>
/// Reads a plan as it stood at a period's date: the rating that applied then, the deadline before any later
/// revision, the latest note written by then, and this period's updates and reviews.
/// </summary>
public sealed class SnapshotBuilder(AppDbContext db, MeasureFigures measures, TimeProvider clock)
{
    public async Task<PlanSnapshot> BuildAsync(int periodId, CancellationToken cancellationToken = default)
    {
        var period = await db.ReportingPeriods.AsNoTracking()
            .Include(p => p.Plan).ThenInclude(p => p.Partnership)
            .FirstOrDefaultAsync(p => p.Id == periodId, cancellationToken)
            ?? throw new NotFoundException("There is no such reporting period.");
        var previous = await PreviousAsync(period, cancellationToken);
        var kind = await db.PlanKinds.AsNoTracking()
            .Include(k => k.Levels).Include(k => k.Fields).Include(k => k.RatingScale).ThenInclude(s => s.Values)
            .FirstAsync(k => k.Id == period.Plan.PlanKindId, cancellationToken);
        var tags = await db.PlanTags.AsNoTracking().Where(t => t.PlanId == period.PlanId).OrderBy(t => t.Code).ToListAsync(cancellationToken);
        var items = await db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == period.PlanId)
            .Include(i => i.Assignments).ThenInclude(a => a.Person)
            .Include(i => i.Areas)
            .Include(i => i.Tags)
            .Include(i => i.Fields)
            .Include(i => i.Ratings)
            .Include(i => i.DeadlineRevisions)
            .Include(i => i.ProgressNotes).ThenInclude(n => n.EvidenceLinks)
            .ToListAsync(cancellationToken);
        var updates = await db.ItemUpdates.AsNoTracking().Where(u => u.ReportingPeriodId == period.Id).ToDictionaryAsync(u => u.PlanItemId, cancellationToken);
        var reviews = await db.SectionReviews.AsNoTracking().Where(r => r.ReportingPeriodId == period.Id).ToDictionaryAsync(r => r.PlanItemId, cancellationToken);

        var asAt = period.AsAt;
        var since = previous?.AsAt;

        // "Changed since the previous period" compares with what that period reported, frozen in its snapshot.
        var reported = previous is { State: PeriodState.Closed }
            ? await db.PeriodSnapshots.AsNoTracking().Where(s => s.ReportingPeriodId == previous.Id).OrderByDescending(s => s.Id).Select(s => s.Content).FirstOrDefaultAsync(cancellationToken)
            : null;
        var previousRatings = reported is null ? null : PlanSnapshot.FromCompressedJson(reported).Items.ToDictionary(i => i.Id, i => i.Rating);
        var children = items.ToLookup(i => i.ParentId);
        var ordered = new List<SnapshotItem>(items.Count);
        void Walk(int? parentId)
        {
            foreach (var item in children[parentId].OrderBy(i => i.RefSortKey.Length == 0).ThenBy(i => i.RefSortKey, StringComparer.Ordinal).ThenBy(i => i.Position))
            {
                var snapshot = Snapshot(item, asAt, since, updates.GetValueOrDefault(item.Id), reviews.GetValueOrDefault(item.Id));
                ordered.Add(previousRatings is null ? snapshot : snapshot with { PreviousRating = previousRatings.GetValueOrDefault(item.Id) });
                Walk(item.Id);
            }
        }

        Walk(null);

        // Measures as at the period's date, as they were recorded when the snapshot is taken: a closed period keeps them.
        var taken = clock.GetUtcNow().UtcDateTime;
        var linked = await measures.ForItemsAsync(period.Plan.PartnershipId, [.. items.Select(i => i.Id)], new FiguresAsAt(asAt, taken), cancellationToken);
        var planItemIds = items.Select(i => i.Id).ToHashSet();

        return new PlanSnapshot
        {
            PlanId = period.PlanId,
            PlanName = period.Plan.Name,
            PartnershipName = period.Plan.Partnership.Name,
            KindKey = kind.Key,
            KindName = kind.Name,
            Period = new SnapshotPeriod(period.Id, period.Name, period.AsAt, period.Due, period.State),
            Previous = previous is null ? null : new SnapshotPeriod(previous.Id, previous.Name, previous.AsAt, previous.Due, previous.State),
            TakenAtUtc = taken,
            Levels = [.. kind.Levels.OrderBy(l => l.Depth).Select(l => new SnapshotLevel(
                l.Depth, l.Name, l.PluralName, l.TitleLabel, l.DeadlineLabel, l.RatingLabel, l.HasLead, l.HasSponsor, l.HasAreas,
                l.HasStart, l.HasDeadline, l.HasRating, l.HasProgressStatus, l.HasResource))],
            Scale = [.. kind.RatingScale.Values.OrderBy(v => v.Position).Select(v => new SnapshotScaleValue(v.Key, v.Label, v.Meaning, v.Colour, v.Position, v.Severity, v.IsComplete))],
            Fields = [.. kind.Fields.OrderBy(f => f.Depth).ThenBy(f => f.Position).Select(f => new SnapshotField(f.Depth, f.Key, f.Label))],
            Key = [.. tags.Select(t => new SnapshotTag(t.Code, t.Name, t.Description))],
            Items = ordered,
            Measures = [.. linked.Select(m => new SnapshotMeasure(
                m.Id,
                m.Name,
                [.. m.Links.Where(l => planItemIds.Contains(l.ItemId)).Select(l => l.ItemId)],
                m.Describe(m.Latest),
                m.Latest?.Period.Label,
                m.TargetText,
                m.Status.Kind,
                m.Status.Explanation,
                TravelWords(m.Travel),
                m.England is { } england ? $"{m.Describe(england)} ({england.Period.Label})" : null,
                m.Commentary?.Text))],
        };
    }

    public static string TravelWords(TravelDirection travel) => travel switch
    {
        TravelDirection.Improving => "Improving",
        TravelDirection.Worsening => "Worsening",
        TravelDirection.NoChange => "No change",
        _ => "Not known",
    };

    /// <summary>The period of the same plan whose date comes last before this one's.</summary>
    public Task<ReportingPeriod?> PreviousAsync(ReportingPeriod period, CancellationToken cancellationToken = default) =>
        db.ReportingPeriods.AsNoTracking()
            .Where(p => p.PlanId == period.PlanId && p.Id != period.Id && p.AsAt < period.AsAt)
            .OrderByDescending(p => p.AsAt)
            .FirstOrDefaultAsync(cancellationToken);

    private static SnapshotItem Snapshot(PlanItem item, DateOnly asAt, DateOnly? since, ItemUpdate? update, SectionReview? review)
    {
        var revisions = item.DeadlineRevisions.OrderBy(r => r.RevisedOn).ThenBy(r => r.RecordedAtUtc).ThenBy(r => r.Id).ToList();
        var laterRevision = revisions.FirstOrDefault(r => r.RevisedOn > asAt);
        var deadline = laterRevision?.Previous ?? item.Deadline;
        // The note of this period's update comes first, unless the sponsor sent the update back.
        var updateNoteId = update is { State: not UpdateState.Returned } ? update.ProgressNoteId : null;
        var note = item.ProgressNotes
            .Where(n => n.AsAt <= asAt || n.Id == updateNoteId)
            .OrderByDescending(n => n.Id == updateNoteId)
            .ThenByDescending(n => n.AsAt).ThenByDescending(n => n.WrittenAtUtc).ThenByDescending(n => n.Id)
            .FirstOrDefault();
        var submitted = update is not null && update.State != UpdateState.Returned;
        var recordedSince = since is { } from
            && (item.Ratings.Any(r => r.AppliesFrom > from && r.AppliesFrom <= asAt) || item.ProgressNotes.Any(n => n.AsAt > from && n.AsAt <= asAt));

        return new SnapshotItem
        {
            Id = item.Id,
            ParentId = item.ParentId,
            Depth = item.Depth,
            Ref = item.Ref,
            Title = item.Title,
            Description = item.Description,
            Start = SnapshotDate.From(item.Start),
            Deadline = SnapshotDate.From(deadline),
            ProgressStatusText = item.ProgressStatusText,
            ProgressStatus = item.ProgressStatus,
            Resource = item.Resource,
            Leads = People(item, AssignmentRole.Lead),
            Sponsors = People(item, AssignmentRole.Sponsor),
            Areas = [.. item.Areas.OrderBy(a => a.Position).Select(a => a.Name)],
            Tags = [.. item.Tags.OrderBy(t => t.Code).Select(t => t.Code)],
            Fields = item.Fields.ToDictionary(f => f.Key, f => f.Value),
            Rating = RatingAt(item, asAt),
            PreviousRating = since is { } previousDate ? RatingAt(item, previousDate) : null,
            Revisions = [.. revisions.Where(r => r.RevisedOn <= asAt).Select(r => new SnapshotRevision(r.Previous.Text, r.New.Text, r.RevisedOn, r.Reason))],
            Note = note is null ? null : new SnapshotNote(
                note.AsAt, note.KeyActivitiesCompleted, note.NextSteps, note.ProgressAndImpact, note.WrittenByName,
                [.. note.EvidenceLinks.OrderBy(e => e.Id).Select(e => new SnapshotEvidence(e.Title, e.Url))]),
            UpdatedThisPeriod = submitted || recordedSince,
            Update = update is null ? null : new SnapshotUpdate(update.State, update.SubmittedByName, update.SubmittedAtUtc, update.RatingId is null, update.ReviewedByName, update.ReviewComment),
            Review = review is null ? null : new SnapshotReview(review.Assessment, review.Reason, review.Highlights, review.WrittenByName, review.WrittenAtUtc),
        };
    }

    private static SnapshotRating? RatingAt(PlanItem item, DateOnly day)
    {
        var rating = item.Ratings
            .Where(r => r.AppliesFrom <= day)
            .OrderByDescending(r => r.AppliesFrom).ThenByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id)
            .FirstOrDefault();
        return rating is null ? null : new SnapshotRating(rating.Value, rating.IsTentative, rating.AppliesFrom, rating.Reason, rating.RecordedByName);
    }

    private static List<SnapshotPerson> People(PlanItem item, AssignmentRole role) =>
        [.. item.Assignments.Where(a => a.Role == role).OrderBy(a => a.Position)
            .Select(a => new SnapshotPerson((a.Person?.Name ?? a.RawText ?? string.Empty) + (a.IsInterdependency ? "*" : string.Empty), a.Person is not null))];
}

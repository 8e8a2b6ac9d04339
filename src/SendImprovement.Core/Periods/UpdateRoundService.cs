using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Periods;

/// <summary>A lead's update for a period: the rating confirmed ("no change") or changed with a reason, and the progress parts.</summary>
public sealed record UpdateInput(
    string? Rating,
    bool IsTentative,
    string? Reason,
    string? KeyActivitiesCompleted,
    string? NextSteps,
    string? ProgressAndImpact,
    IReadOnlyList<EvidenceInput> Evidence)
{
    /// <summary>The value of <see cref="Rating"/> that confirms the current rating.</summary>
    public const string NoChange = "no-change";
}

public sealed record SectionReviewInput(string? Assessment, string? Reason, string? Highlights);

/// <summary>One item due an update in a period, with who leads it and where its update has got to.</summary>
public sealed record DueItem(
    int PeriodId,
    string PeriodName,
    DateOnly Due,
    int PlanId,
    string PlanName,
    int ItemId,
    int SectionId,
    string Label,
    IReadOnlyList<string> Leads,
    bool HasUnassignedLead,
    string? CurrentRating,
    ItemUpdate? Update);

/// <summary>
/// The update round of an open period: leads submit updates for the items they lead, sponsors acknowledge them
/// or send them back, and set their section's overall status. Every step is audited; nothing earlier is overwritten.
/// </summary>
public sealed class UpdateRoundService(AppDbContext db, ItemUpdateService items, TimeProvider clock)
{
    /// <summary>The items due an update in every open period of the actor's partnership, optionally only those the actor leads.</summary>
    public async Task<List<DueItem>> DueAsync(Actor actor, int? periodId, bool onlyMine, CancellationToken cancellationToken = default)
    {
        if (onlyMine && (actor.PersonId is null || actor.Role == Users.Roles.Viewer))
        {
            return [];
        }

        var periods = await db.ReportingPeriods.AsNoTracking().Include(p => p.Plan).ThenInclude(p => p.Kind).ThenInclude(k => k.Levels)
            .Where(p => p.State == PeriodState.Open && (periodId == null || p.Id == periodId))
            .Where(p => actor.IsAdministrator || p.Plan.PartnershipId == actor.PartnershipId)
            .OrderBy(p => p.Due)
            .ToListAsync(cancellationToken);
        var result = new List<DueItem>();
        foreach (var period in periods)
        {
            var shape = Shape(period.Plan.Kind);
            var tree = await db.PlanItems.AsNoTracking().Where(i => i.PlanId == period.PlanId)
                .Select(i => new { i.Id, i.ParentId, i.Depth, i.Ref, i.Title, i.RefSortKey, i.Position, i.CurrentRatingValue, i.CurrentRatingTentative })
                .ToListAsync(cancellationToken);
            var byId = tree.ToDictionary(i => i.Id);
            var leads = await db.PlanItemAssignments.AsNoTracking()
                .Where(a => a.PlanItem.PlanId == period.PlanId && a.Role == AssignmentRole.Lead)
                .OrderBy(a => a.Position)
                .Select(a => new { a.PlanItemId, a.PersonId, Name = a.Person != null ? a.Person.Name : null, a.RawText })
                .ToListAsync(cancellationToken);
            var leadsByItem = leads.ToLookup(l => l.PlanItemId);
            var updates = await db.ItemUpdates.AsNoTracking().Where(u => u.ReportingPeriodId == period.Id).ToDictionaryAsync(u => u.PlanItemId, cancellationToken);

            int SectionOf(int id)
            {
                var item = byId[id];
                while (item.Depth > shape.SectionDepth && item.ParentId is { } parent)
                {
                    item = byId[parent];
                }

                return item.Id;
            }

            foreach (var item in tree.Where(i => i.Depth == shape.ActionDepth).OrderBy(i => i.RefSortKey.Length == 0).ThenBy(i => i.RefSortKey, StringComparer.Ordinal).ThenBy(i => i.Position))
            {
                var itemLeads = leadsByItem[item.Id].ToList();
                if (onlyMine && (actor.PersonId is null || !itemLeads.Any(l => l.PersonId == actor.PersonId)))
                {
                    continue;
                }

                result.Add(new DueItem(
                    period.Id, period.Name, period.Due, period.PlanId, period.Plan.Name, item.Id, SectionOf(item.Id),
                    string.IsNullOrEmpty(item.Ref) ? item.Title : $"{item.Ref} {item.Title}",
                    [.. itemLeads.Select(l => l.Name ?? $"Unassigned ({l.RawText})")],
                    itemLeads.Count == 0 || itemLeads.Any(l => l.PersonId is null),
                    item.CurrentRatingValue is null ? null : item.CurrentRatingValue + (item.CurrentRatingTentative ? "?" : string.Empty),
                    updates.GetValueOrDefault(item.Id)));
            }
        }

        return result;
    }

    /// <summary>Submitted updates in open periods waiting for the actor's review, as a sponsor or the programme lead.</summary>
    public async Task<List<DueItem>> ToReviewAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var all = await DueAsync(actor, null, onlyMine: false, cancellationToken);
        var waiting = all.Where(d => d.Update?.State == UpdateState.Submitted).ToList();
        if (waiting.Count == 0)
        {
            return waiting;
        }

        var result = new List<DueItem>();
        foreach (var due in waiting)
        {
            if ((due.Update!.SubmittedByUserId != actor.UserId || actor.UserId is null) && await CanReviewAsync(actor, due.ItemId, cancellationToken))
            {
                result.Add(due);
            }
        }

        return result;
    }

    public async Task<ItemUpdate> SubmitAsync(Actor actor, int periodId, int itemId, int expectedItemVersion, UpdateInput input, CancellationToken cancellationToken = default)
    {
        var period = await OpenPeriodAsync(actor, periodId, "submit updates to", cancellationToken);
        var (item, level, scale) = await items.LoadForUpdateAsync(actor, itemId, cancellationToken);
        if (item.PlanId != period.PlanId || item.Depth != Shape(period.Plan.Kind).ActionDepth)
        {
            throw new NotFoundException("That item is not due an update in this period.");
        }

        var update = await db.ItemUpdates.FirstOrDefaultAsync(u => u.ReportingPeriodId == periodId && u.PlanItemId == itemId, cancellationToken);
        if (update?.State == UpdateState.Acknowledged)
        {
            throw new ValidationFailedException(string.Empty, $"{update.ReviewedByName} has already acknowledged this update. Record any further change on the item's page.");
        }

        // The update describes the period, so it is dated at the period's date when submitted late.
        var today = UkClock.Today(clock);
        var day = period.AsAt < today ? period.AsAt : today;
        var errors = new List<FieldError>();
        Rating? rating = null;
        var noChange = input.Rating == UpdateInput.NoChange || !level.HasRating;
        if (noChange && level.HasRating)
        {
            if (item.CurrentRatingValue is null)
            {
                errors.Add(new("Rating", $"This {level.Name.ToLowerInvariant()} has no rating yet. Select a rating"));
            }
        }
        else if (level.HasRating)
        {
            rating = items.BuildRating(actor, item, level, scale, new NewRating(input.Rating, input.IsTentative, day, input.Reason), errors);
            errors = [.. errors.Select(e => e.Field == "Value" ? e with { Field = "Rating", Message = e.Message + ", or select no change" } : e)];
        }

        var note = items.BuildNote(actor, item, new NewProgressNote(day, input.KeyActivitiesCompleted, input.NextSteps, input.ProgressAndImpact, input.Evidence), errors, noteRequired: true);
        PlanService.ThrowIfAny(errors);
        await items.ExpectVersionAsync(item, expectedItemVersion, cancellationToken);

        if (rating is not null)
        {
            db.Ratings.Add(rating);
            ItemUpdateService.ApplyIfCurrent(item, rating);
        }

        db.ProgressNotes.Add(note!);
        var now = clock.GetUtcNow().UtcDateTime;
        if (update is null)
        {
            update = new ItemUpdate { ReportingPeriodId = periodId, PlanItemId = itemId, SubmittedByName = actor.Name };
            db.ItemUpdates.Add(update);
        }
        else
        {
            update.Version++;
        }

        update.State = UpdateState.Submitted;
        update.SubmittedAtUtc = now;
        update.SubmittedByUserId = actor.UserId;
        update.SubmittedByName = actor.Name;

        // Submitting again after being sent back, "no change" keeps the rating given earlier in this round.
        var earlierRatingId = rating is null ? update.RatingId : null;
        update.ConfirmedRatingValue = noChange && earlierRatingId is null ? item.CurrentRatingValue : null;
        update.Rating = rating;
        if (earlierRatingId is not null)
        {
            update.RatingId = earlierRatingId;
        }

        update.ProgressNote = note;
        update.ReviewedAtUtc = null;
        update.ReviewedByName = null;
        update.ReviewedByUserId = null;
        update.ReviewComment = null;

        var what = rating is null ? $"rating unchanged ({item.CurrentRatingValue})" : $"rating {rating.Value}{(rating.IsTentative ? "?" : string.Empty)}";
        await SaveAsync(period, new AuditContext(actor, "Update submitted", rating?.Reason) { PartnershipId = period.Plan.PartnershipId, PlanId = item.PlanId, PlanItemId = item.Id, Summary = $"{PlanService.Label(item)} for {period.Name}: {what}" }, item.Id, cancellationToken);
        return update;
    }

    /// <summary>A sponsor or programme lead acknowledges a submitted update, or sends it back with a comment.</summary>
    public async Task ReviewAsync(Actor actor, int updateId, int expectedVersion, bool acknowledge, string? comment, CancellationToken cancellationToken = default)
    {
        var update = await db.ItemUpdates.Include(u => u.PlanItem).FirstOrDefaultAsync(u => u.Id == updateId, cancellationToken)
            ?? throw new NotFoundException("There is no such update.");
        var period = await OpenPeriodAsync(actor, update.ReportingPeriodId, "review updates in", cancellationToken);
        if (!await CanReviewAsync(actor, update.PlanItemId, cancellationToken))
        {
            throw new ForbiddenException("Only the sponsor of this section or a programme lead can review its updates.");
        }

        var errors = new List<FieldError>();
        var text = PlanService.Optional(comment, "Comment", ItemUpdate.MaxCommentLength, "The comment", errors);
        if (update.SubmittedByUserId == actor.UserId && (actor.UserId is not null || update.SubmittedByName == actor.Name))
        {
            errors.Add(new(string.Empty, "You cannot review your own update. Ask the section's sponsor or another programme lead to review it."));
        }
        else if (update.State != UpdateState.Submitted)
        {
            errors.Add(new(string.Empty, update.State == UpdateState.Acknowledged
                ? $"{update.ReviewedByName} has already acknowledged this update."
                : $"This update was sent back to {update.SubmittedByName} and has not been submitted again yet."));
        }
        else if (!acknowledge && text is null)
        {
            errors.Add(new("Comment", "Enter a comment saying what the lead needs to change"));
        }

        PlanService.ThrowIfAny(errors);
        if (update.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException();
        }

        db.Entry(update).Property(u => u.Version).OriginalValue = expectedVersion;
        update.Version = expectedVersion + 1;
        update.State = acknowledge ? UpdateState.Acknowledged : UpdateState.Returned;
        update.ReviewedAtUtc = clock.GetUtcNow().UtcDateTime;
        update.ReviewedByUserId = actor.UserId;
        update.ReviewedByName = actor.Name;
        update.ReviewComment = text;
        await SaveAsync(
            period,
            new AuditContext(actor, acknowledge ? "Update acknowledged" : "Update sent back", text) { PartnershipId = period.Plan.PartnershipId, PlanId = period.PlanId, PlanItemId = update.PlanItemId, Summary = $"{PlanService.Label(update.PlanItem)} for {period.Name}" },
            update.PlanItemId,
            cancellationToken);
    }

    /// <summary>The sponsor sets a section's overall status (or assessment) with a reason, and writes its highlights.</summary>
    public async Task<SectionReview> ReviewSectionAsync(Actor actor, int periodId, int sectionId, int? expectedVersion, SectionReviewInput input, CancellationToken cancellationToken = default)
    {
        var period = await OpenPeriodAsync(actor, periodId, "review sections in", cancellationToken);
        var shape = Shape(period.Plan.Kind);
        var section = await db.PlanItems.Include(i => i.Plan).FirstOrDefaultAsync(i => i.Id == sectionId && i.PlanId == period.PlanId && i.Depth == shape.SectionDepth, cancellationToken)
            ?? throw new NotFoundException("That is not a section of this plan.");
        if (!await CanReviewAsync(actor, sectionId, cancellationToken))
        {
            throw new ForbiddenException("Only the sponsor of this section or a programme lead can set its status.");
        }

        var level = period.Plan.Kind.Level(section.Depth);
        var scale = await db.RatingScales.AsNoTracking().Include(s => s.Values).FirstAsync(s => s.Id == period.Plan.Kind.RatingScaleId, cancellationToken);
        var errors = new List<FieldError>();
        var label = level.HasRating ? TextCase.LowerFirst(level.RatingLabel) : "assessment";
        var value = scale.Find(input.Assessment);
        if (value is null)
        {
            errors.Add(new("Assessment", $"Select the {label}"));
        }

        var reason = PlanService.Required(input.Reason, "Reason", Rating.MaxReasonLength, $"Enter the reason for the {label}", "The reason", errors);
        var highlights = PlanService.Optional(input.Highlights, "Highlights", SectionReview.MaxTextLength, "The highlights", errors);
        PlanService.ThrowIfAny(errors);

        var review = await db.SectionReviews.FirstOrDefaultAsync(r => r.ReportingPeriodId == periodId && r.PlanItemId == sectionId, cancellationToken);
        if (review is null)
        {
            if (expectedVersion is not null and not 0)
            {
                throw new ConcurrencyConflictException();
            }

            review = new SectionReview { ReportingPeriodId = periodId, PlanItemId = sectionId, Assessment = value!.Key, Reason = reason, WrittenByName = actor.Name, Version = 1 };
            db.SectionReviews.Add(review);
        }
        else
        {
            if (expectedVersion != review.Version)
            {
                throw new ConcurrencyConflictException();
            }

            db.Entry(review).Property(r => r.Version).OriginalValue = review.Version;
            review.Version++;
        }

        review.Assessment = value!.Key;
        review.Reason = reason;
        review.Highlights = highlights;
        review.WrittenAtUtc = clock.GetUtcNow().UtcDateTime;
        review.WrittenByUserId = actor.UserId;
        review.WrittenByName = actor.Name;

        // Where the level is rated (a priority's overall status), the judgement is also a dated rating in its history.
        if (level.HasRating && (!string.Equals(section.CurrentRatingValue, value.Key, StringComparison.OrdinalIgnoreCase) || section.CurrentRatingTentative))
        {
            var rating = new Rating
            {
                PlanItemId = section.Id,
                Value = value.Key,
                AppliesFrom = period.AsAt < UkClock.Today(clock) ? period.AsAt : UkClock.Today(clock),
                Reason = reason,
                RecordedAtUtc = review.WrittenAtUtc,
                RecordedByUserId = actor.UserId,
                RecordedByName = actor.Name,
            };
            db.Ratings.Add(rating);
            ItemUpdateService.ApplyIfCurrent(section, rating);
            section.Version++;
        }

        await SaveAsync(
            period,
            new AuditContext(actor, $"{(level.HasRating ? level.RatingLabel : "Assessment")} set for the period", reason) { PartnershipId = section.Plan.PartnershipId, PlanId = section.PlanId, PlanItemId = section.Id, Summary = $"{PlanService.Label(section)} for {period.Name}: {value.Key}" },
            section.Id,
            cancellationToken);
        return review;
    }

    /// <summary>The section's sponsor (or a sponsor above it) and programme leads may review it and its items' updates.</summary>
    public async Task<bool> CanReviewAsync(Actor actor, int itemId, CancellationToken cancellationToken = default)
    {
        var item = await db.PlanItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => new { i.PlanId, i.Plan.PartnershipId }).FirstOrDefaultAsync(cancellationToken);
        if (item is null || !PlanAccess.CanRead(actor, item.PartnershipId))
        {
            return false;
        }

        if (PlanAccess.CanManage(actor, item.PartnershipId))
        {
            return true;
        }

        if (actor.PersonId is null || actor.Role != Users.Roles.Contributor)
        {
            return false;
        }

        var tree = await db.PlanItems.AsNoTracking().Where(i => i.PlanId == item.PlanId).Select(i => new { i.Id, i.ParentId }).ToDictionaryAsync(i => i.Id, i => i.ParentId, cancellationToken);
        var sponsored = await db.PlanItemAssignments.AsNoTracking()
            .Where(a => a.PersonId == actor.PersonId && a.Role == AssignmentRole.Sponsor && a.PlanItem.PlanId == item.PlanId)
            .Select(a => a.PlanItemId).ToListAsync(cancellationToken);
        for (int? id = itemId; id is { } current; id = tree.GetValueOrDefault(current))
        {
            if (sponsored.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    public static PlanShape Shape(PlanKind kind) => PlanShape.Of(kind.Levels.Select(l => (l.Depth, l.HasLead, l.HasSponsor)));

    private async Task<ReportingPeriod> OpenPeriodAsync(Actor actor, int periodId, string what, CancellationToken cancellationToken)
    {
        var period = await db.ReportingPeriods.Include(p => p.Plan).ThenInclude(p => p.Kind).ThenInclude(k => k.Levels)
            .FirstOrDefaultAsync(p => p.Id == periodId, cancellationToken);
        if (period is null || !PlanAccess.CanRead(actor, period.Plan.PartnershipId))
        {
            throw new NotFoundException("There is no such reporting period.");
        }

        if (period.State != PeriodState.Open)
        {
            throw new ValidationFailedException(string.Empty, $"{period.Name} is closed, so you cannot {what} it. Ask the programme lead to reopen it if something must change.");
        }

        return period;
    }

    /// <summary>
    /// Saves a change to the round. The period's version is written back unchanged, so the save fails (rather than
    /// landing in a period that has just been closed) if the period was closed or reopened in the meantime.
    /// </summary>
    private async Task SaveAsync(ReportingPeriod period, AuditContext audit, int itemId, CancellationToken cancellationToken)
    {
        db.Entry(period).Property(p => p.Version).IsModified = true;
        try
        {
            await db.SaveChangesAsync(audit, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrencyConflictException(await items.DescribeConflictAsync(itemId, cancellationToken), exception);
        }
        catch (DbUpdateException exception)
        {
            // Two people saving the first record of its kind at the same moment: the database's unique index keeps one.
            db.ChangeTracker.Clear();
            throw new ConcurrencyConflictException(new ConcurrencyConflictException().Message, exception);
        }
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;

namespace SendImprovement.Core.Plans;

public sealed record NewRating(string? Value, bool IsTentative, DateOnly? AppliesFrom, string? Reason);

public sealed record NewDeadline(string? Deadline, DateOnly? RevisedOn, string? Reason);

public sealed record EvidenceInput(string? Title, string? Url);

public sealed record NewProgressNote(
    DateOnly? AsAt,
    string? KeyActivitiesCompleted,
    string? NextSteps,
    string? ProgressAndImpact,
    IReadOnlyList<EvidenceInput> Evidence);

/// <summary>
/// The updates leads make to items they lead: a new rating, a revised deadline, a progress note. Each adds a dated
/// record; nothing earlier is overwritten.
/// </summary>
public sealed class ItemUpdateService(AppDbContext db, PlanAccess access, TimeProvider clock)
{
    public const int MaxEvidenceLinks = 5;

    public async Task<Rating> RecordRatingAsync(Actor actor, int itemId, int expectedVersion, NewRating input, CancellationToken cancellationToken = default)
    {
        var (item, level, scale) = await LoadForUpdateAsync(actor, itemId, cancellationToken);
        if (!level.HasRating)
        {
            throw new ValidationFailedException(string.Empty, $"A {level.Name.ToLowerInvariant()} in this plan is not rated.");
        }

        var errors = new List<FieldError>();
        var rating = BuildRating(actor, item, level, scale, input, errors);
        PlanService.ThrowIfAny(errors);
        await ExpectVersionAsync(item, expectedVersion, cancellationToken);

        var previous = item.CurrentRatingValue;
        db.Ratings.Add(rating);
        ApplyIfCurrent(item, rating);

        var summary = $"{PlanService.Label(item)}: {rating.Value}{(rating.IsTentative ? "?" : string.Empty)} from {UkClock.Day(rating.AppliesFrom)}"
            + (previous is null ? string.Empty : $" (was {previous})");
        await SaveAsync(item, new AuditContext(actor, "Rating recorded", rating.Reason) { Summary = summary }, cancellationToken);
        return rating;
    }

    public async Task<DeadlineRevision> ReviseDeadlineAsync(Actor actor, int itemId, int expectedVersion, NewDeadline input, CancellationToken cancellationToken = default)
    {
        var (item, level, _) = await LoadForUpdateAsync(actor, itemId, cancellationToken);
        if (!level.HasDeadline)
        {
            throw new ValidationFailedException(string.Empty, $"A {level.Name.ToLowerInvariant()} in this plan has no deadline.");
        }

        var errors = new List<FieldError>();
        var label = TextCase.LowerFirst(level.DeadlineLabel);
        PlanDate deadline;
        if (string.IsNullOrWhiteSpace(input.Deadline))
        {
            errors.Add(new("Deadline", $"Enter the new {label}"));
            deadline = PlanDate.None;
        }
        else
        {
            deadline = PlanService.ReadDate(input.Deadline, "Deadline", $"New {label}", errors);
            if (!deadline.IsEmpty && string.Equals(deadline.Text, item.Deadline.Text, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new("Deadline", $"The new {label} is the same as the current one. Enter a different {label}"));
            }
        }

        var revisedOn = PastOrToday(input.RevisedOn, "RevisedOn", "the date the change was agreed", errors);
        var reason = PlanService.Required(input.Reason, "Reason", Rating.MaxReasonLength, $"Enter why the {label} is changing", "The reason", errors);
        PlanService.ThrowIfAny(errors);
        await ExpectVersionAsync(item, expectedVersion, cancellationToken);

        var revision = new DeadlineRevision
        {
            PlanItemId = item.Id,
            Previous = item.Deadline,
            New = deadline,
            RevisedOn = revisedOn,
            Reason = reason,
            RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
            RecordedByUserId = actor.UserId,
            RecordedByName = actor.Name,
        };
        db.DeadlineRevisions.Add(revision);
        var previousText = item.Deadline.IsEmpty ? "none" : item.Deadline.ToString();
        item.Deadline = deadline;

        await SaveAsync(item, new AuditContext(actor, $"{level.DeadlineLabel} revised", reason) { Summary = $"{PlanService.Label(item)}: {deadline} (revised from {previousText})" }, cancellationToken);
        return revision;
    }

    public async Task<ProgressNote> AddProgressNoteAsync(Actor actor, int itemId, NewProgressNote input, CancellationToken cancellationToken = default)
    {
        var (item, _, _) = await LoadForUpdateAsync(actor, itemId, cancellationToken);
        var errors = new List<FieldError>();
        var note = BuildNote(actor, item, input, errors, noteRequired: true);
        PlanService.ThrowIfAny(errors);
        db.ProgressNotes.Add(note!);

        // Notes add to the history without changing the item, so two people writing notes at once never conflict.
        await SaveAsync(item, new AuditContext(actor, "Progress note added") { Summary = $"{PlanService.Label(item)}: progress as at {UkClock.Day(note!.AsAt)}" }, cancellationToken);
        return note;
    }

    /// <summary>Checks a new rating and makes the record (not yet added to the database).</summary>
    internal Rating BuildRating(Actor actor, PlanItem item, PlanKindLevel level, RatingScale scale, NewRating input, List<FieldError> errors)
    {
        var value = scale.Find(input.Value);
        if (value is null)
        {
            errors.Add(new("Value", $"Select the {TextCase.LowerFirst(level.RatingLabel)}"));
        }

        var appliesFrom = PastOrToday(input.AppliesFrom, "AppliesFrom", "the date the rating applies from", errors);
        var reason = PlanService.Required(input.Reason, "Reason", Rating.MaxReasonLength, "Enter why you are giving this rating", "The reason", errors);
        return new Rating
        {
            PlanItemId = item.Id,
            Value = value?.Key ?? string.Empty,
            IsTentative = input.IsTentative,
            AppliesFrom = appliesFrom,
            Reason = reason,
            RecordedAtUtc = clock.GetUtcNow().UtcDateTime,
            RecordedByUserId = actor.UserId,
            RecordedByName = actor.Name,
        };
    }

    /// <summary>A rating back-dated before the current one joins the history without becoming current.</summary>
    internal static void ApplyIfCurrent(PlanItem item, Rating rating)
    {
        if (item.CurrentRatingDate is null || rating.AppliesFrom >= item.CurrentRatingDate)
        {
            item.CurrentRatingValue = rating.Value;
            item.CurrentRatingTentative = rating.IsTentative;
            item.CurrentRatingDate = rating.AppliesFrom;
        }
    }

    /// <summary>Checks a progress note and makes the record (not yet added); none when every part is empty and a note is optional.</summary>
    internal ProgressNote? BuildNote(Actor actor, PlanItem item, NewProgressNote input, List<FieldError> errors, bool noteRequired)
    {
        var asAt = PastOrToday(input.AsAt, "AsAt", "the date the note describes progress as at", errors);
        var done = PlanService.Optional(input.KeyActivitiesCompleted, "KeyActivitiesCompleted", ProgressNote.MaxPartLength, "Key activities completed", errors);
        var next = PlanService.Optional(input.NextSteps, "NextSteps", ProgressNote.MaxPartLength, "Next steps", errors);
        var impact = PlanService.Optional(input.ProgressAndImpact, "ProgressAndImpact", ProgressNote.MaxPartLength, "Progress and impact", errors);
        if (done is null && next is null && impact is null && noteRequired)
        {
            errors.Add(new("KeyActivitiesCompleted", "Enter at least one of key activities completed, next steps, or progress and impact"));
        }

        if (input.Evidence.Count(e => !string.IsNullOrWhiteSpace(e.Url) || !string.IsNullOrWhiteSpace(e.Title)) > MaxEvidenceLinks)
        {
            errors.Add(new("Evidence", $"Add no more than {MaxEvidenceLinks} evidence links to one note"));
        }

        var links = new List<EvidenceLink>();
        for (var i = 0; i < Math.Min(input.Evidence.Count, MaxEvidenceLinks); i++)
        {
            var evidence = input.Evidence[i];
            var title = PlanService.Optional(evidence.Title, $"Evidence[{i}].Title", 300, "The evidence title", errors);
            var url = evidence.Url?.Trim();
            if (string.IsNullOrEmpty(url))
            {
                if (title is not null)
                {
                    errors.Add(new($"Evidence[{i}].Url", $"Enter the web address for “{title}”"));
                }

                continue;
            }

            if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add(new($"Evidence[{i}].Url", "Enter a web address that starts with https:// or http://, such as https://www.example.gov.uk/report"));
                continue;
            }

            links.Add(new EvidenceLink { Title = title ?? uri.Host, Url = uri.AbsoluteUri });
        }


        if (done is null && next is null && impact is null && links.Count == 0)
        {
            return null;
        }

        return new ProgressNote
        {
            PlanItemId = item.Id,
            AsAt = asAt,
            KeyActivitiesCompleted = done,
            NextSteps = next,
            ProgressAndImpact = impact,
            WrittenAtUtc = clock.GetUtcNow().UtcDateTime,
            WrittenByUserId = actor.UserId,
            WrittenByName = actor.Name,
            EvidenceLinks = links,
        };
    }

    /// <summary>Says who changed the item last, for the message shown when someone else saved first.</summary>
    public async Task<string> DescribeConflictAsync(int itemId, CancellationToken cancellationToken = default)
    {
        var latest = await db.AuditEntries.AsNoTracking()
            .Where(a => a.PlanItemId == itemId)
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.ActorName, a.Action, a.Summary, a.OccurredAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return new ConcurrencyConflictException().Message;
        }

        return $"{latest.ActorName} changed this item at {UkClock.Describe(latest.OccurredAtUtc)} ({latest.Action.ToLowerInvariant()}: {latest.Summary}) since you opened this page. " +
            "Nothing you entered has been saved. Check the latest details and submit again.";
    }

    internal async Task<(PlanItem Item, PlanKindLevel Level, RatingScale Scale)> LoadForUpdateAsync(Actor actor, int itemId, CancellationToken cancellationToken)
    {
        var item = await db.PlanItems.Include(i => i.Plan).FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken)
            ?? throw new NotFoundException();
        if (!PlanAccess.CanRead(actor, item.Plan.PartnershipId))
        {
            throw new NotFoundException();
        }

        if (!await access.CanUpdateItemAsync(actor, itemId, cancellationToken))
        {
            throw new ForbiddenException("You can only update items you lead.");
        }

        var kind = await db.PlanKinds.AsNoTracking()
            .Include(k => k.Levels)
            .Include(k => k.RatingScale).ThenInclude(s => s.Values)
            .AsSplitQuery()
            .FirstAsync(k => k.Id == item.Plan.PlanKindId, cancellationToken);
        return (item, kind.Level(item.Depth), kind.RatingScale);
    }

    internal async Task ExpectVersionAsync(PlanItem item, int expectedVersion, CancellationToken cancellationToken)
    {
        if (item.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(await DescribeConflictAsync(item.Id, cancellationToken));
        }

        db.Entry(item).Property(i => i.Version).OriginalValue = expectedVersion;
        item.Version = expectedVersion + 1;
    }

    private async Task SaveAsync(PlanItem item, AuditContext audit, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(audit with { PartnershipId = item.Plan.PartnershipId, PlanId = item.PlanId, PlanItemId = item.Id }, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrencyConflictException(await DescribeConflictAsync(item.Id, cancellationToken), exception);
        }
    }

    private DateOnly PastOrToday(DateOnly? date, string field, string what, List<FieldError> errors)
    {
        var today = UkClock.Today(clock);
        if (date is null)
        {
            errors.Add(new(field, $"Enter {what}"));
            return today;
        }

        if (date > today)
        {
            errors.Add(new(field, $"{char.ToUpperInvariant(what[0])}{what[1..]} must be today or in the past"));
        }
        else if (date < new DateOnly(1990, 1, 1))
        {
            errors.Add(new(field, $"{char.ToUpperInvariant(what[0])}{what[1..]} must be after 1 January 1990"));
        }

        return date.Value;
    }
}

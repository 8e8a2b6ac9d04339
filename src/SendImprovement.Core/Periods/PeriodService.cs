using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Periods;

public sealed record NewPeriod(string? Name, DateOnly? AsAt, DateOnly? Due, PeriodCadence? Cadence);

/// <summary>Opening, closing and reopening a plan's reporting periods, and reading what a period's reports show.</summary>
public sealed class PeriodService(AppDbContext db, SnapshotBuilder snapshots, TimeProvider clock)
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public Task<List<ReportingPeriod>> ListAsync(int planId, CancellationToken cancellationToken = default) =>
        db.ReportingPeriods.AsNoTracking().Where(p => p.PlanId == planId).OrderByDescending(p => p.AsAt).ToListAsync(cancellationToken);

    /// <summary>Finds a period the actor may read, or says it does not exist.</summary>
    public async Task<ReportingPeriod> FindAsync(Actor actor, int periodId, CancellationToken cancellationToken = default)
    {
        var period = await db.ReportingPeriods.AsNoTracking().Include(p => p.Plan)
            .FirstOrDefaultAsync(p => p.Id == periodId, cancellationToken);
        if (period is null || !PlanAccess.CanRead(actor, period.Plan.PartnershipId))
        {
            throw new NotFoundException("There is no such reporting period.");
        }

        return period;
    }

    /// <summary>Suggests the next period from the latest one and its cadence, or this month when there is none.</summary>
    public NewPeriod SuggestNext(IReadOnlyList<ReportingPeriod> existing)
    {
        var latest = existing.MaxBy(p => p.AsAt);
        if (latest is null)
        {
            var today = UkClock.Today(clock);
            var end = EndOfMonth(today);
            return new NewPeriod(end.ToString("MMMM yyyy", Culture), end, end.AddDays(-7), PeriodCadence.Monthly);
        }

        var asAt = NextDate(latest.AsAt, latest.Cadence);
        var due = asAt.AddDays(latest.Due.DayNumber - latest.AsAt.DayNumber);
        var name = latest.Cadence == PeriodCadence.Termly ? TermName(asAt) : asAt.ToString("MMMM yyyy", Culture);
        return new NewPeriod(name, asAt, due, latest.Cadence);
    }

    public async Task<ReportingPeriod> OpenAsync(Actor actor, int planId, NewPeriod input, CancellationToken cancellationToken = default)
    {
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Id == planId, cancellationToken) ?? throw new NotFoundException();
        if (!PlanAccess.CanRead(actor, plan.PartnershipId))
        {
            throw new NotFoundException();
        }

        if (!PlanAccess.CanManage(actor, plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can open a reporting period.");
        }

        var errors = new List<FieldError>();
        var name = PlanService.Required(input.Name, "Name", ReportingPeriod.MaxNameLength, "Enter a name for the period, such as November 2026", "The name", errors);
        CheckDate(input.AsAt, "AsAt", "the date the period reports as at", errors);
        CheckDate(input.Due, "Due", "the date updates are due", errors);
        if (input.Cadence is null)
        {
            errors.Add(new("Cadence", "Select how often this plan reports"));
        }

        var existing = await db.ReportingPeriods.AsNoTracking().Where(p => p.PlanId == planId).ToListAsync(cancellationToken);
        if (name.Length > 0 && existing.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new("Name", $"This plan already has a period called {name}. Enter a different name"));
        }

        if (input.AsAt is { } asAt && existing.MaxBy(p => p.AsAt) is { } latest && asAt <= latest.AsAt)
        {
            // Periods follow one another, so "since the previous period" always means the one before.
            errors.Add(new("AsAt", $"The date must be after {UkClock.Day(latest.AsAt)}, the date of {latest.Name}"));
        }

        if (existing.FirstOrDefault(p => p.State == PeriodState.Open) is { } open)
        {
            errors.Add(new(string.Empty, $"{open.Name} is still open. Close it before opening another period, so leads only ever have one round of updates due."));
        }

        PlanService.ThrowIfAny(errors);

        var period = new ReportingPeriod
        {
            PlanId = planId,
            Name = name,
            AsAt = input.AsAt!.Value,
            Due = input.Due!.Value,
            Cadence = input.Cadence!.Value,
            State = PeriodState.Open,
            OpenedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.ReportingPeriods.Add(period);
        try
        {
            await db.SaveChangesAsync(
                new AuditContext(actor, "Reporting period opened") { PartnershipId = plan.PartnershipId, PlanId = plan.Id, Summary = $"{name}: as at {UkClock.Day(period.AsAt)}, updates due {UkClock.Day(period.Due)}" },
                clock,
                cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // The same period opened twice at once (a double click): the unique name keeps one.
            throw new ValidationFailedException($"This plan already has a period called {name}.", exception);
        }

        return period;
    }

    /// <summary>Closes a period and freezes what its reports show, in one transaction.</summary>
    public async Task<PeriodSnapshot> CloseAsync(Actor actor, int periodId, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var period = await LoadForChangeAsync(actor, periodId, "close", cancellationToken);
        if (period.State == PeriodState.Closed)
        {
            throw new ValidationFailedException(string.Empty, $"{period.Name} is already closed. Its reports come from the snapshot taken on {UkClock.Describe(period.ClosedAtUtc!.Value)}.");
        }

        ExpectVersion(period, expectedVersion);
        // Joins the caller's transaction when there is one (the demo loader), so either everything lands or nothing.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        period.State = PeriodState.Closed;
        period.ClosedAtUtc = clock.GetUtcNow().UtcDateTime;
        period.ClosedByName = actor.Name;
        await SaveAsync(period, new AuditContext(actor, "Reporting period closed") { Summary = period.Name }, cancellationToken);

        // Built after the state changes so the snapshot records the period as closed.
        var snapshot = await snapshots.BuildAsync(period.Id, cancellationToken);
        var content = snapshot.ToCompressedJson();
        var stored = new PeriodSnapshot
        {
            ReportingPeriodId = period.Id,
            TakenAtUtc = snapshot.TakenAtUtc,
            TakenByName = actor.Name,
            Content = content,
            Sha256 = PlanSnapshot.Hash(content),
            ItemCount = snapshot.Items.Count,
        };
        db.PeriodSnapshots.Add(stored);
        await SaveAsync(period, new AuditContext(actor, "Period snapshot taken") { Summary = $"{period.Name}: {snapshot.Items.Count} items, SHA-256 {stored.Sha256[..12]}…" }, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return stored;
    }

    /// <summary>Reopens a closed period. Its earlier snapshot is kept; closing again takes a new one.</summary>
    public async Task ReopenAsync(Actor actor, int periodId, int expectedVersion, string? reason, CancellationToken cancellationToken = default)
    {
        var period = await LoadForChangeAsync(actor, periodId, "reopen", cancellationToken);
        var errors = new List<FieldError>();
        var why = PlanService.Required(reason, "Reason", Rating.MaxReasonLength, "Enter why the period is being reopened", "The reason", errors);
        if (period.State != PeriodState.Closed)
        {
            errors.Add(new(string.Empty, $"{period.Name} is already open."));
        }

        if (period.State == PeriodState.Closed && await db.ReportingPeriods.AnyAsync(p => p.PlanId == period.PlanId && p.Id != period.Id && p.State == PeriodState.Open, cancellationToken))
        {
            // Not this period: someone reopening it at the same moment gets the conflict message instead.
            errors.Add(new(string.Empty, "Another period of this plan is open. Close it before reopening this one."));
        }

        PlanService.ThrowIfAny(errors);
        ExpectVersion(period, expectedVersion);
        period.State = PeriodState.Open;
        period.ClosedAtUtc = null;
        period.ClosedByName = null;
        await SaveAsync(period, new AuditContext(actor, "Reporting period reopened", why) { Summary = period.Name }, cancellationToken);
    }

    /// <summary>What the period's reports show: the stored snapshot once closed, the plan as it stands while open.</summary>
    public async Task<PlanSnapshot> SnapshotAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        if (period.State == PeriodState.Open)
        {
            return await snapshots.BuildAsync(period.Id, cancellationToken);
        }

        var content = await db.PeriodSnapshots.AsNoTracking()
            .Where(s => s.ReportingPeriodId == period.Id)
            .OrderByDescending(s => s.Id)
            .Select(s => s.Content)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Period {period.Id} is closed but has no snapshot.");
        return PlanSnapshot.FromCompressedJson(content);
    }

    public static DateOnly NextDate(DateOnly asAt, PeriodCadence cadence) => cadence switch
    {
        PeriodCadence.BiMonthly => EndOfMonth(asAt.AddMonths(2)),
        PeriodCadence.Quarterly => EndOfMonth(asAt.AddMonths(3)),
        PeriodCadence.SixMonthly => EndOfMonth(asAt.AddMonths(6)),
        PeriodCadence.Termly => NextTermEnd(asAt),
        _ => EndOfMonth(asAt.AddMonths(1)),
    };

    public static string CadenceText(PeriodCadence cadence) => cadence switch
    {
        PeriodCadence.Monthly => "Monthly",
        PeriodCadence.BiMonthly => "Every two months",
        PeriodCadence.Termly => "Each school term",
        PeriodCadence.Quarterly => "Quarterly",
        PeriodCadence.SixMonthly => "Every six months",
        _ => "By hand",
    };

    private static DateOnly NextTermEnd(DateOnly after)
    {
        // Terms end at Christmas, Easter (taken as the end of March) and the end of July.
        DateOnly[] ends = [new(after.Year, 3, 31), new(after.Year, 7, 31), new(after.Year, 12, 31), new(after.Year + 1, 3, 31)];
        return ends.First(e => e > after);
    }

    private static string TermName(DateOnly end) => end.Month switch
    {
        <= 3 => $"Spring term {end.Year}",
        <= 7 => $"Summer term {end.Year}",
        _ => $"Autumn term {end.Year}",
    };

    private static DateOnly EndOfMonth(DateOnly date) => new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);

    private static void CheckDate(DateOnly? date, string field, string what, List<FieldError> errors)
    {
        if (date is null)
        {
            errors.Add(new(field, $"Enter {what}"));
        }
        else if (date.Value.Year is < 1990 or > 2099)
        {
            errors.Add(new(field, $"{char.ToUpperInvariant(what[0])}{what[1..]} must be between 1990 and 2099"));
        }
    }

    private async Task<ReportingPeriod> LoadForChangeAsync(Actor actor, int periodId, string verb, CancellationToken cancellationToken)
    {
        var period = await db.ReportingPeriods.Include(p => p.Plan).FirstOrDefaultAsync(p => p.Id == periodId, cancellationToken);
        if (period is null || !PlanAccess.CanRead(actor, period.Plan.PartnershipId))
        {
            throw new NotFoundException("There is no such reporting period.");
        }

        if (!PlanAccess.CanManage(actor, period.Plan.PartnershipId))
        {
            throw new ForbiddenException($"Only a programme lead can {verb} a reporting period.");
        }

        return period;
    }

    private void ExpectVersion(ReportingPeriod period, int expectedVersion)
    {
        if (period.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException();
        }

        db.Entry(period).Property(p => p.Version).OriginalValue = expectedVersion;
        period.Version = expectedVersion + 1;
    }

    private async Task SaveAsync(ReportingPeriod period, AuditContext audit, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(audit with { PartnershipId = period.Plan.PartnershipId, PlanId = period.PlanId }, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConcurrencyConflictException(new ConcurrencyConflictException().Message, exception);
        }
    }
}

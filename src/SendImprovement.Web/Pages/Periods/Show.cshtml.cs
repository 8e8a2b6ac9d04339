using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>
/// A reporting period: who has and has not submitted, per section; the sponsors' statuses beside the suggested
/// ones; the computed facts; and every report to download.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class ShowModel(AppDbContext db, PeriodService periods, UpdateRoundService round, PlanAccess access, ReportService reports)
    : PeriodPageModel(db)
{
    public PlanSnapshot Snapshot { get; private set; } = null!;

    public PeriodFacts Facts { get; private set; } = null!;

    public PlanShape Shape { get; private set; } = null!;

    public Dictionary<int, ItemUpdate> Updates { get; private set; } = [];

    public HashSet<int> Updatable { get; private set; } = [];

    public HashSet<int> Reviewable { get; private set; } = [];

    public bool HasOtherOpenPeriod { get; private set; }

    public bool PdfAvailable => reports.PdfAvailable;

    public string? UserId => User.ToActor().UserId;

    public async Task<IActionResult> OnGetAsync(int periodId)
    {
        if (await LoadPeriodAsync(periodId, manage: false) is { } refused)
        {
            return refused;
        }

        Snapshot = await periods.SnapshotAsync(Period);
        Facts = PeriodFacts.ForPlan(Snapshot);
        Shape = PlanShape.Of(Snapshot);
        Updates = await Db.ItemUpdates.AsNoTracking().Where(u => u.ReportingPeriodId == periodId).ToDictionaryAsync(u => u.PlanItemId);
        HasOtherOpenPeriod = await Db.ReportingPeriods.AnyAsync(p => p.PlanId == Period.PlanId && p.Id != periodId && p.State == PeriodState.Open);
        if (IsOpen)
        {
            var actor = User.ToActor();
            var actions = Snapshot.Items.Where(i => i.Depth == Shape.ActionDepth).Select(i => i.Id);
            Updatable = CanManage ? [.. actions]
                : actor.PersonId is { } person && actor.Role == Core.Users.Roles.Contributor ? [.. (await access.ItemsLedByAsync(Period.PlanId, person)).Intersect(actions)]
                : [];
            foreach (var section in ReportBuilder.Sections(Snapshot))
            {
                if (await round.CanReviewAsync(actor, section.Id))
                {
                    Reviewable.Add(section.Id);
                }
            }
        }

        return Page();
    }

    public IEnumerable<SnapshotItem> ActionsIn(SnapshotItem section) => PeriodFacts.Descendants(Snapshot, section.Id).Where(i => i.Depth == Shape.ActionDepth);

    public bool CanReview(SnapshotItem action)
    {
        for (var item = action; item is not null; item = Snapshot.Find(item.ParentId))
        {
            if (Reviewable.Contains(item.Id))
            {
                return true;
            }
        }

        return false;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>Confirms and closes a period, which freezes its reports.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class CloseModel(AppDbContext db, PeriodService periods) : PeriodPageModel(db), IVersionedForm
{
    [BindProperty]
    public int Version { get; set; }

    public int NotSubmitted { get; private set; }

    public int CurrentVersion => Period.Version;

    public async Task ReloadAfterConflictAsync() => await LoadPeriodAsync(Period.Id, manage: true);

    public async Task<IActionResult> OnGetAsync(int periodId)
    {
        if (await LoadAsync(periodId) is { } refused)
        {
            return refused;
        }

        Version = Period.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int periodId)
    {
        if (await LoadAsync(periodId) is { } refused)
        {
            return refused;
        }

        var snapshot = await periods.CloseAsync(User.ToActor(), periodId, Version);
        TempData["Success"] = $"{Period.Name} is closed. Its reports now come from the snapshot of {snapshot.ItemCount} items taken at {Core.Plans.UkClock.Describe(snapshot.TakenAtUtc)}.";
        return Redirect($"/periods/{periodId}");
    }

    private async Task<IActionResult?> LoadAsync(int periodId)
    {
        if (await LoadPeriodAsync(periodId, manage: true) is { } refused)
        {
            return refused;
        }

        var shape = UpdateRoundService.Shape(Plan.Kind);
        var submitted = await Db.ItemUpdates.Where(u => u.ReportingPeriodId == periodId && u.State != UpdateState.Returned).Select(u => u.PlanItemId).ToListAsync();
        NotSubmitted = await Db.PlanItems.CountAsync(i => i.PlanId == Period.PlanId && i.Depth == shape.ActionDepth && !submitted.Contains(i.Id));
        return null;
    }
}

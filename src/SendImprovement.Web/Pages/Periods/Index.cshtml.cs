using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>A plan's reporting periods, newest first.</summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class IndexModel(AppDbContext db, PeriodService periods) : PageModel
{
    public Plan Plan { get; private set; } = null!;

    public IReadOnlyList<ReportingPeriod> Periods { get; private set; } = [];

    public Dictionary<int, int> Submitted { get; private set; } = [];

    public bool CanManage => PlanAccess.CanManage(User.ToActor(), Plan.PartnershipId);

    public async Task<IActionResult> OnGetAsync(int planId)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId);
        if (RecordAccess.Refuse(this, plan?.PartnershipId, needsManage: false) is { } refused)
        {
            return refused;
        }

        Plan = plan!;
        Periods = await periods.ListAsync(planId);
        Submitted = await db.ItemUpdates.AsNoTracking().Where(u => u.ReportingPeriod.PlanId == planId && u.State != UpdateState.Returned)
            .GroupBy(u => u.ReportingPeriodId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        return Page();
    }
}

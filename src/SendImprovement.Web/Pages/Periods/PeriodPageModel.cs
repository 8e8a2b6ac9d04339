using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>
/// A page about one reporting period. Loading checks, for every handler, that the period exists for this user
/// (404 otherwise) and, where the page changes the period, that they are a programme lead (403 otherwise).
/// </summary>
public abstract class PeriodPageModel(AppDbContext db) : PageModel
{
    public ReportingPeriod Period { get; private set; } = null!;

    public Plan Plan => Period.Plan;

    public bool CanManage => PlanAccess.CanManage(User.ToActor(), Plan.PartnershipId);

    public bool IsOpen => Period.State == PeriodState.Open;

    protected AppDbContext Db => db;

    protected async Task<IActionResult?> LoadPeriodAsync(int periodId, bool manage)
    {
        var period = await db.ReportingPeriods.AsNoTracking()
            .Include(p => p.Plan).ThenInclude(p => p.Kind).ThenInclude(k => k.Levels)
            .Include(p => p.Plan).ThenInclude(p => p.Kind).ThenInclude(k => k.RatingScale).ThenInclude(s => s.Values)
            .FirstOrDefaultAsync(p => p.Id == periodId);
        if (RecordAccess.Refuse(this, period?.Plan.PartnershipId, manage) is { } refused)
        {
            return refused;
        }

        Period = period!;
        return null;
    }
}

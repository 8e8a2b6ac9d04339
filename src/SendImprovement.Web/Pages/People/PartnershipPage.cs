using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.People;

/// <summary>
/// A page about one partnership: the user's own, or for an administrator the one named in the query string
/// (the first one when none is named).
/// </summary>
public abstract class PartnershipPageModel(AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? PartnershipId { get; set; }

    public Partnership Partnership { get; private set; } = null!;

    public IReadOnlyList<Partnership> Others { get; private set; } = [];

    public bool CanManage => PlanAccess.CanManage(User.ToActor(), Partnership.Id);

    protected AppDbContext Db => db;

    protected async Task<IActionResult?> LoadPartnershipAsync(bool manage)
    {
        var actor = User.ToActor();
        var id = PartnershipId ?? actor.PartnershipId
            ?? (actor.IsAdministrator ? await db.Partnerships.OrderBy(p => p.Name).Select(p => (int?)p.Id).FirstOrDefaultAsync() : null);
        var partnership = id is null ? null : await db.Partnerships.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id);
        if (RecordAccess.Refuse(this, partnership?.Id, manage) is { } refused)
        {
            return refused;
        }

        Partnership = partnership!;
        PartnershipId = Partnership.Id;
        if (actor.IsAdministrator)
        {
            Others = await db.Partnerships.AsNoTracking().Where(p => p.Id != Partnership.Id).OrderBy(p => p.Name).ToListAsync();
        }

        return null;
    }
}

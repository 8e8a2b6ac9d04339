using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.People;

/// <summary>The partnership's people and organisations, and initials in plans still waiting to be matched.</summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class IndexModel(AppDbContext db, PeopleService people) : PartnershipPageModel(db)
{
    public IReadOnlyList<Person> People { get; private set; } = [];

    public IReadOnlyList<UnmappedLead> Unmapped { get; private set; } = [];

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadPartnershipAsync(manage: false) is { } refused)
        {
            return refused;
        }

        People = await Db.People.AsNoTracking().Include(p => p.Organisation).Include(p => p.NameVariants)
            .Where(p => p.PartnershipId == Partnership.Id).OrderBy(p => p.Name).ToListAsync();
        Areas = await Db.Areas.AsNoTracking().Where(a => a.PartnershipId == Partnership.Id).OrderBy(a => a.Position).ToListAsync();
        Unmapped = await people.UnmappedLeadsAsync(Partnership.Id);
        return Page();
    }
}

using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Web.Infrastructure.GovUk;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>The owners and areas the measure form offers: the partnership's people and areas.</summary>
public static class MeasureFormChoices
{
    public static async Task<IReadOnlyList<Choice>> OwnersAsync(AppDbContext db, int partnershipId) =>
        await db.People.AsNoTracking().Where(p => p.PartnershipId == partnershipId).OrderBy(p => p.Name)
            .Select(p => new Choice(p.Id.ToString(), p.JobTitle == null ? p.Name : p.Name + " (" + p.JobTitle + ")", null))
            .ToListAsync();

    public static async Task<IReadOnlyList<Choice>> AreasAsync(AppDbContext db, int partnershipId) =>
        await db.Areas.AsNoTracking().Where(a => a.PartnershipId == partnershipId).OrderBy(a => a.Position)
            .Select(a => new Choice(a.Id.ToString(), a.Name, null))
            .ToListAsync();
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>The partnership's measure library: every measure with how it is defined and counted, whoever may read it.</summary>
[Authorize(Policy = Policies.ReadPlans)]
[RequireHandler]
public sealed class LibraryModel(AppDbContext db, MeasureService measures) : PartnershipPageModel(db)
{
    public IReadOnlyList<Measure> Measures { get; private set; } = [];

    /// <summary>How many plan items each measure is linked to.</summary>
    public IReadOnlyDictionary<int, int> LinkCounts { get; private set; } = new Dictionary<int, int>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadPartnershipAsync(manage: false) is { } refused)
        {
            return refused;
        }

        Measures = await measures.ListAsync(Partnership.Id, HttpContext.RequestAborted);
        LinkCounts = await Db.MeasureLinks.AsNoTracking().Where(l => l.Measure.PartnershipId == Partnership.Id)
            .GroupBy(l => l.MeasureId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        return Page();
    }

    /// <summary>"?partnershipId=3" for an administrator, who may be looking at any partnership; otherwise nothing.</summary>
    public string PartnershipQuery => Others.Count == 0 ? string.Empty : $"?partnershipId={Partnership.Id}";
}

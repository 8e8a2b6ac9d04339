using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>Adds chosen measures from the starter set, with their definitions written out, to the library to adopt and edit.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class StartersModel(AppDbContext db, MeasureService measures) : PartnershipPageModel(db)
{
    [BindProperty]
    public StartersInput Input { get; set; } = new();

    /// <summary>Starter measures the library has already (by the starter they came from, or the same code).</summary>
    public IReadOnlySet<string> Adopted { get; private set; } = new HashSet<string>();

    public IReadOnlyList<StarterMeasure> Available => [.. StarterMeasures.All.Where(s => !Adopted.Contains(s.Key))];

    public IReadOnlyList<StarterMeasure> AlreadyAdded => [.. StarterMeasures.All.Where(s => Adopted.Contains(s.Key))];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        var added = await measures.AdoptStartersAsync(User.ToActor(), Partnership.Id, Input.Starters, HttpContext.RequestAborted);
        TempData["Success"] = added == 0
            ? "Those starter measures are already in the library."
            : $"{TextCase.Count(added, "starter measure")} added to the library. Check each definition and set its owner and target.";
        return Redirect($"/measures/library{(Others.Count == 0 ? string.Empty : $"?partnershipId={Partnership.Id}")}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        var existing = await Db.Measures.AsNoTracking().Where(m => m.PartnershipId == Partnership.Id).Select(m => new { m.Code, m.StarterKey }).ToListAsync();
        Adopted = StarterMeasures.All.Where(s => existing.Any(e => e.StarterKey == s.Key || e.Code == s.Key)).Select(s => s.Key).ToHashSet();
        return null;
    }

    public sealed class StartersInput
    {
        public List<string> Starters { get; set; } = [];
    }
}

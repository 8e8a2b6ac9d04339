using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// What the partnership's figures are compared with: its region, each area's council code (how its published
/// figures are found in the DfE's files) and its statistical neighbours. Anyone may read them; programme leads set them.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
[RequireHandler]
public sealed class ComparatorsModel(AppDbContext db, MeasureService measures) : PartnershipPageModel(db)
{
    [BindProperty]
    public ComparatorsForm Input { get; set; } = new();

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public IReadOnlyList<StatisticalNeighbour> Neighbours { get; private set; } = [];

    /// <summary>The councils in the files of figures loaded so far, to copy codes from.</summary>
    public IReadOnlyList<(string Code, string Name)> KnownCouncils { get; private set; } = [];

    public static IReadOnlyList<Choice> RegionChoices { get; } = [.. MeasureLoader.Regions.OrderBy(r => r.Value).Select(r => new Choice(r.Key, r.Value))];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync(manage: false) is { } refused)
        {
            return refused;
        }

        Input = new ComparatorsForm
        {
            RegionCode = Partnership.RegionCode,
            Councils = Areas.ToDictionary(a => a.Id, a => a.CouncilCode),
            Neighbours = string.Join("\n", Neighbours.Select(n => $"{n.Code} {n.Name}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync(manage: true) is { } refused)
        {
            return refused;
        }

        var lines = (Input.Neighbours ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        await measures.SetComparatorsAsync(User.ToActor(), Partnership.Id, Input.RegionCode, Input.Councils, lines, HttpContext.RequestAborted);
        TempData["Success"] = "Comparators saved.";
        return Redirect($"/measures/comparators{(Others.Count == 0 ? string.Empty : $"?partnershipId={Partnership.Id}")}");
    }

    /// <summary>The error against an area's council code, if any (the service names the field Council{areaId}).</summary>
    public string? CouncilError(int areaId) =>
        ModelState.TryGetValue($"Input.Council{areaId.ToString(CultureInfo.InvariantCulture)}", out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    private async Task<IActionResult?> LoadAsync(bool manage)
    {
        if (await LoadPartnershipAsync(manage) is { } refused)
        {
            return refused;
        }

        Areas = await Db.Areas.AsNoTracking().Where(a => a.PartnershipId == Partnership.Id).OrderBy(a => a.Position).ToListAsync();
        Neighbours = await Db.StatisticalNeighbours.AsNoTracking().Where(n => n.PartnershipId == Partnership.Id).OrderBy(n => n.Position).ToListAsync();

        // Councils are told apart by their codes: the file loader stores each figure's level as a number, not as the
        // name a query on Level would compare with.
        var known = await Db.ComparatorValues.AsNoTracking()
            .Where(v => v.PartnershipId == Partnership.Id)
            .Select(v => new { v.Code, v.Name }).Distinct().ToListAsync();
        KnownCouncils = [.. known.Where(k => MeasureLoader.CouncilCodePattern().IsMatch(k.Code)).GroupBy(k => k.Code)
            .Select(g => (g.Key, g.First().Name)).OrderBy(k => k.Name, StringComparer.CurrentCultureIgnoreCase)];
        return null;
    }

    public sealed class ComparatorsForm
    {
        public string? RegionCode { get; set; }

        /// <summary>Each area's council code, by area id.</summary>
        public Dictionary<int, string?> Councils { get; set; } = [];

        public string? Neighbours { get; set; }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>
/// Records the area's own figure for a period, for the whole partnership or one area. A figure already recorded for
/// that period and area is corrected, not overwritten: the old one is kept, and the correction needs a reason.
/// </summary>
[Authorize(Policy = Policies.UpdateItems)]
[RequireHandler]
public sealed class RecordFigureModel(AppDbContext db, MeasureService measures) : MeasurePageModel(measures)
{
    [BindProperty]
    public FigureForm Input { get; set; } = new();

    public IReadOnlyList<Choice> AreaChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        int? areaId = null;
        if (!string.IsNullOrEmpty(Input.AreaId))
        {
            if (!int.TryParse(Input.AreaId, NumberStyles.None, CultureInfo.InvariantCulture, out var area))
            {
                ModelState.AddModelError("Input.AreaId", "Select an area from the list");
                return Page();
            }

            areaId = area;
        }

        var figure = await Measures.RecordFigureAsync(User.ToActor(), id, new FigureInput(Input.Period, areaId, Input.Value, Input.Note, Input.Reason), HttpContext.RequestAborted);
        return BackToMeasure($"Figure for {figure.Period.Label} saved.");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        if (await LoadMeasureAsync(id, MeasureRight.Record) is { } refused)
        {
            return refused;
        }

        var areas = await db.Areas.AsNoTracking().Where(a => a.PartnershipId == Measure.PartnershipId).OrderBy(a => a.Position).Select(a => new { a.Id, a.Name }).ToListAsync();
        AreaChoices = [new Choice(string.Empty, "Whole partnership"), .. areas.Select(a => new Choice(a.Id.ToString(CultureInfo.InvariantCulture), a.Name))];
        return null;
    }

    public sealed class FigureForm
    {
        public string? Period { get; set; }

        public string? AreaId { get; set; }

        public string? Value { get; set; }

        public string? Note { get; set; }

        public string? Reason { get; set; }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>
/// Uploads a plan file (.xlsx, .csv or .docx) as a draft import, into a new plan or to update one. Nothing reaches a
/// plan until the lead confirms on the preview page.
/// </summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
[UploadLimit(typeof(ImportLimits), "/imports/new")]
public sealed class UploadModel(AppDbContext db, ImportService imports, ImportLimits limits) : PartnershipPageModel(db)
{
    public const string IntoNew = "new";
    public const string IntoExisting = "existing";
    public int MaxFileMegabytes => limits.MaxFileMegabytes;

    [BindProperty]
    public UploadInput Input { get; set; } = new();

    /// <summary>Set when an upload was refused before it could be read (see <see cref="UploadLimitAttribute"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Problem { get; set; }

    public IReadOnlyList<Choice> KindChoices { get; private set; } = [];

    public IReadOnlyList<Choice> PlanChoices { get; private set; } = [];

    public IReadOnlyList<Choice> MappingChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? planId)
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        if (planId is { } id && PlanChoices.Any(p => p.Value == id.ToString(CultureInfo.InvariantCulture)))
        {
            Input.Into = IntoExisting;
            Input.PlanId = id.ToString(CultureInfo.InvariantCulture);
        }

        UploadLimitAttribute.ShowProblem(ModelState, Problem, "Input.File", limits);

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        int? planId = null;
        if (Input.Into is not (IntoNew or IntoExisting))
        {
            ModelState.AddModelError("Input.Into", "Select whether to import into a new plan or update an existing plan");
        }
        else if (Input.Into == IntoExisting)
        {
            var chosen = PlanChoices.FirstOrDefault(p => p.Value == Input.PlanId);
            if (chosen is null)
            {
                ModelState.AddModelError("Input.PlanId", "Select the plan to update");
            }
            else
            {
                planId = int.Parse(chosen.Value, CultureInfo.InvariantCulture);
            }
        }

        if (!ModelState.IsValid)
        {
            if (Input.File is null)
            {
                ModelState.AddModelError("Input.File", "Select a file");
            }

            return Page();
        }

        var settings = new ImportSettings
        {
            KindKey = planId is null ? Input.KindKey : null,
            PlanName = planId is null ? Input.PlanName : null,
            MappingName = string.IsNullOrWhiteSpace(Input.MappingName) ? null : Input.MappingName,
        };
        await using var content = Input.File?.OpenReadStream() ?? Stream.Null;
        var record = await imports.UploadAsync(User.ToActor(), Partnership.Id, Input.File?.FileName, content, settings, planId, HttpContext.RequestAborted);
        return Redirect($"/imports/{record.Id}/mapping");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        KindChoices = await Db.PlanKinds.AsNoTracking().OrderBy(k => k.Id).Select(k => new Choice(k.Key, k.Name, k.Description)).ToListAsync();
        PlanChoices = (await Db.Plans.AsNoTracking().Where(p => p.PartnershipId == Partnership.Id).Select(p => new { p.Id, p.Name }).ToListAsync())
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => new Choice(p.Id.ToString(CultureInfo.InvariantCulture), p.Name))
            .ToList();
        MappingChoices = (await imports.MappingsAsync(Partnership.Id, HttpContext.RequestAborted))
            .Select(m => new Choice(m.Name, $"{m.Name} (saved by {m.SavedByName})"))
            .ToList();
        return null;
    }

    public sealed class UploadInput
    {
        public IFormFile? File { get; set; }

        public string? Into { get; set; }

        public string? KindKey { get; set; }

        public string? PlanName { get; set; }

        public string? PlanId { get; set; }

        public string? MappingName { get; set; }
    }
}

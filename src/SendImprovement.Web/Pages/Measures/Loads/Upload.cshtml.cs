using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures.Loads;

/// <summary>
/// Uploads a file of figures (.csv or .xlsx) as a draft: the DfE's open-data CSV or the simple layout, told apart by
/// the header row. Nothing is loaded until the lead has checked the file on its page.
/// </summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
[UploadLimit(typeof(MeasureLoadLimits), "/measures/loads/new")]
public sealed class UploadModel(AppDbContext db, MeasureLoadService loads, MeasureLoadLimits limits) : PartnershipPageModel(db)
{
    public int MaxFileMegabytes => limits.MaxFileMegabytes;

    [BindProperty]
    public UploadInput Input { get; set; } = new();

    /// <summary>Set when an upload was refused before it could be read (see <see cref="UploadLimitAttribute"/>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        UploadLimitAttribute.ShowProblem(ModelState, Problem, "Input.File", limits);

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        await using var content = Input.File?.OpenReadStream() ?? Stream.Null;
        var load = await loads.UploadAsync(User.ToActor(), Partnership.Id, Input.File?.FileName, content, HttpContext.RequestAborted);
        return Redirect($"/measures/loads/{load.Id.ToString(CultureInfo.InvariantCulture)}");
    }

    public sealed class UploadInput
    {
        public IFormFile? File { get; set; }
    }
}

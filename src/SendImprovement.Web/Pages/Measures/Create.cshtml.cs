using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>Adds a measure to the partnership's library.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class CreateModel(AppDbContext db, MeasureService measures) : PartnershipPageModel(db), IMeasureForm
{
    [BindProperty]
    public MeasureInput Input { get; set; } = new();

    public IReadOnlyList<Choice> OwnerChoices { get; private set; } = [];

    public IReadOnlyList<Choice> AreaChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        var measure = await measures.CreateAsync(User.ToActor(), Partnership.Id, Input.ToDetails(), HttpContext.RequestAborted);
        TempData["Success"] = $"{measure.Name} added to the library.";
        return Redirect($"/measures/{measure.Id}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        OwnerChoices = await MeasureFormChoices.OwnersAsync(Db, Partnership.Id);
        AreaChoices = await MeasureFormChoices.AreasAsync(Db, Partnership.Id);
        return null;
    }
}

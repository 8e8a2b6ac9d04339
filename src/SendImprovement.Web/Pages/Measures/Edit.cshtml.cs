using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>Changes a measure's definition, baseline, target or comparator, with a reason for the audit log.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class EditModel(AppDbContext db, MeasureService measures) : MeasurePageModel(measures), IMeasureForm, IVersionedForm
{
    [BindProperty]
    public MeasureInput Input { get; set; } = new();

    public IReadOnlyList<Choice> OwnerChoices { get; private set; } = [];

    public IReadOnlyList<Choice> AreaChoices { get; private set; } = [];

    public int CurrentVersion => Measure.Version;

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Measure.Id);

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        Input = MeasureInput.From(Measure);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        await Measures.UpdateAsync(User.ToActor(), id, Input.Version, Input.ToDetails(), Input.Reason, HttpContext.RequestAborted);
        return BackToMeasure("Measure saved.");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        if (await LoadMeasureAsync(id, MeasureRight.Manage) is { } refused)
        {
            return refused;
        }

        OwnerChoices = await MeasureFormChoices.OwnersAsync(db, Measure.PartnershipId);
        AreaChoices = await MeasureFormChoices.AreasAsync(db, Measure.PartnershipId);
        return null;
    }
}

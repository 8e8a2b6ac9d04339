using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>Opens a reporting period, suggesting the next one from the plan's cadence.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class CreateModel(AppDbContext db, PeriodService periods) : PageModel
{
    [BindProperty]
    public PeriodInput Input { get; set; } = new();

    public Plan Plan { get; private set; } = null!;

    public static IEnumerable<Choice> Cadences => Enum.GetValues<PeriodCadence>().Select(c => new Choice(c.ToString(), PeriodService.CadenceText(c)));

    public async Task<IActionResult> OnGetAsync(int planId)
    {
        if (await LoadAsync(planId) is { } refused)
        {
            return refused;
        }

        var next = periods.SuggestNext(await periods.ListAsync(planId));
        Input = new PeriodInput
        {
            Name = next.Name,
            AsAt = DateParts.From(next.AsAt!.Value),
            Due = DateParts.From(next.Due!.Value),
            Cadence = next.Cadence?.ToString(),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int planId)
    {
        if (await LoadAsync(planId) is { } refused)
        {
            return refused;
        }

        var asAt = Input.AsAt.Read("The date the period reports as at", ModelState, "Input.AsAt");
        var due = Input.Due.Read("The date updates are due", ModelState, "Input.Due");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        PeriodCadence? cadence = Enum.TryParse<PeriodCadence>(Input.Cadence, out var c) && Enum.IsDefined(c) ? c : null;
        var period = await periods.OpenAsync(User.ToActor(), planId, new NewPeriod(Input.Name, asAt, due, cadence));
        TempData["Success"] = $"{period.Name} is open. Leads can now submit their updates.";
        return Redirect($"/periods/{period.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int planId)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId);
        if (RecordAccess.Refuse(this, plan?.PartnershipId, needsManage: true) is { } refused)
        {
            return refused;
        }

        Plan = plan!;
        return null;
    }

    public sealed class PeriodInput
    {
        public string? Name { get; set; }

        public DateParts AsAt { get; set; } = new();

        public DateParts Due { get; set; } = new();

        public string? Cadence { get; set; }
    }
}

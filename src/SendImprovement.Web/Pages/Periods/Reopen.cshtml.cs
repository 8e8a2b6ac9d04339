using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>Reopens a closed period, with a reason that goes in the audit log.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class ReopenModel(AppDbContext db, PeriodService periods) : PeriodPageModel(db), IVersionedForm
{
    [BindProperty]
    public ReopenInput Input { get; set; } = new();

    public int CurrentVersion => Period.Version;

    public async Task ReloadAfterConflictAsync() => await LoadPeriodAsync(Period.Id, manage: true);

    public async Task<IActionResult> OnGetAsync(int periodId)
    {
        if (await LoadPeriodAsync(periodId, manage: true) is { } refused)
        {
            return refused;
        }

        Input.Version = Period.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int periodId)
    {
        if (await LoadPeriodAsync(periodId, manage: true) is { } refused)
        {
            return refused;
        }

        await periods.ReopenAsync(User.ToActor(), periodId, Input.Version, Input.Reason);
        TempData["Success"] = $"{Period.Name} is open again. Its reports show the plan as it stands until it is closed again; the earlier snapshot is kept.";
        return Redirect($"/periods/{periodId}");
    }

    public sealed class ReopenInput
    {
        public string? Reason { get; set; }

        public int Version { get; set; }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>The easy-read summary for families, section by section, with links to change the wording before publishing.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class EasyReadModel(AppDbContext db, PeriodService periods, ReportService reports) : PeriodPageModel(db)
{
    public IReadOnlyList<EasyReadSection> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int periodId)
    {
        if (await LoadPeriodAsync(periodId, manage: true) is { } refused)
        {
            return refused;
        }

        Sections = await reports.EasyReadAsync(periodId, await periods.SnapshotAsync(Period));
        return Page();
    }
}

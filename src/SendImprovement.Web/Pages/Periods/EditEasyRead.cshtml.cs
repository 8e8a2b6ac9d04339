using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>Changes the easy-read wording of one section.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class EditEasyReadModel(AppDbContext db, PeriodService periods, ReportService reports) : PeriodPageModel(db), IVersionedForm
{
    [BindProperty]
    public EasyReadInput Input { get; set; } = new();

    public EasyReadSection Section { get; private set; } = null!;

    public int CurrentVersion { get; private set; }

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Period.Id, Section.SectionId);

    public async Task<IActionResult> OnGetAsync(int periodId, int sectionId)
    {
        if (await LoadAsync(periodId, sectionId) is { } refused)
        {
            return refused;
        }

        Input = new EasyReadInput { WhatChanged = Section.WhatChanged, WhatIsNext = Section.WhatIsNext, Version = CurrentVersion };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int periodId, int sectionId)
    {
        if (await LoadAsync(periodId, sectionId) is { } refused)
        {
            return refused;
        }

        await reports.SaveEasyReadAsync(User.ToActor(), periodId, sectionId, Input.Version, Input.WhatChanged, Input.WhatIsNext);
        TempData["Success"] = $"Easy-read wording for {Section.Heading} saved.";
        return Redirect($"/periods/{periodId}/easy-read");
    }

    private async Task<IActionResult?> LoadAsync(int periodId, int sectionId)
    {
        if (await LoadPeriodAsync(periodId, manage: true) is { } refused)
        {
            return refused;
        }

        var section = (await reports.EasyReadAsync(periodId, await periods.SnapshotAsync(Period))).FirstOrDefault(s => s.SectionId == sectionId);
        if (section is null)
        {
            return NotFound();
        }

        Section = section;
        CurrentVersion = (await reports.EasyReadVersionsAsync(periodId)).GetValueOrDefault(sectionId);
        return null;
    }

    public sealed class EasyReadInput
    {
        public string? WhatChanged { get; set; }

        public string? WhatIsNext { get; set; }

        public int Version { get; set; }
    }
}

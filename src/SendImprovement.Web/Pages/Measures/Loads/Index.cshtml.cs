using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Measures.Loads;

/// <summary>The partnership's files of figures: those waiting to be loaded, and those loaded recently with what they did.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class IndexModel(AppDbContext db, MeasureLoadService loads) : PartnershipPageModel(db)
{
    public IReadOnlyList<MeasureLoad> Loaded { get; private set; } = [];

    public IReadOnlyList<MeasureLoad> Waiting { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        Loaded = await loads.RecentAsync(Partnership.Id, HttpContext.RequestAborted);

        // Drafts are listed without their files, which can be large.
        Waiting = (await Db.MeasureLoads.AsNoTracking()
                .Where(l => l.PartnershipId == Partnership.Id && l.State == MeasureLoadState.Draft)
                .Select(l => new { l.Id, l.FileName, l.Format, l.FileSize, l.UploadedByName, l.UploadedAtUtc })
                .ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(l => l.UploadedAtUtc)
            .Select(l => new MeasureLoad
            {
                Id = l.Id,
                FileName = l.FileName,
                Format = l.Format,
                FileSize = l.FileSize,
                FileSha256 = string.Empty,
                ChoicesJson = string.Empty,
                UploadedByName = l.UploadedByName,
                UploadedAtUtc = l.UploadedAtUtc,
            })
            .ToList();
        return Page();
    }
}

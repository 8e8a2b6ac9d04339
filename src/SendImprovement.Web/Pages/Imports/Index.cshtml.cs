using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.People;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>The partnership's imports, newest first: drafts still to finish and the record of each import.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class IndexModel(AppDbContext db, ImportService imports) : PartnershipPageModel(db)
{
    public IReadOnlyList<ImportRow> Imports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        var records = await imports.ListAsync(User.ToActor(), Partnership.Id, HttpContext.RequestAborted);
        var planIds = records.Where(r => r.PlanId is not null).Select(r => r.PlanId!.Value).Distinct().ToList();
        var plans = await Db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name);
        Imports = records.Select(r =>
        {
            var settings = ImportSettings.FromJson(r.SettingsJson);
            var plan = r.PlanId is { } id && plans.TryGetValue(id, out var name) ? name : settings.PlanName is { } newName ? $"{newName} (new)" : null;
            return new ImportRow(r.Id, r.FileName, r.PlanId, plan, r.UploadedByName, r.UploadedAtUtc, r.CommittedByName, r.CommittedAtUtc, r.State, ImportOutcome.FromJson(r.OutcomeJson)?.Counts);
        }).ToList();
        return Page();
    }

    public sealed record ImportRow(
        int Id,
        string FileName,
        int? PlanId,
        string? PlanName,
        string UploadedBy,
        DateTime UploadedAtUtc,
        string? CommittedBy,
        DateTime? CommittedAtUtc,
        ImportState State,
        ImportCounts? Counts);
}

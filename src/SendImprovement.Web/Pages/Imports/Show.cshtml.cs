using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>The record of a finished import: the file, who and when, the mapping, the counts and what changed.</summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class ShowModel(AppDbContext db, ImportService imports) : ImportPageModel(db, imports)
{
    public ImportOutcome? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        await LoadRecordAsync(id);
        if (Record.State == ImportState.Draft)
        {
            return Redirect($"/imports/{id}/preview");
        }

        Outcome = ImportOutcome.FromJson(Record.OutcomeJson);
        return Page();
    }
}

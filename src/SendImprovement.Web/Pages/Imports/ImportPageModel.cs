using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>
/// A page about one import. <see cref="ImportService.FindAsync"/> checks the user may manage the import's
/// partnership: another partnership's import is "not found", and only programme leads and administrators get this far.
/// </summary>
public abstract class ImportPageModel(AppDbContext db, ImportService imports) : PageModel
{
    public ImportRecord Record { get; private set; } = null!;

    public ImportSettings Settings { get; private set; } = new();

    /// <summary>The plan being updated (or, once committed, the plan imported into).</summary>
    public string? PlanName { get; private set; }

    /// <summary>The kind of the new plan, for a draft that creates one.</summary>
    public string? KindName { get; private set; }

    /// <summary>Where the items go, in words: "a new plan, “Phase One”" or "“Our WSoA”".</summary>
    public string Destination => Record.PlanId is null
        ? $"a new plan, “{Settings.PlanName}”"
        : $"“{PlanName}”";

    protected AppDbContext Db => db;

    protected ImportService Imports => imports;

    protected async Task LoadRecordAsync(int importId)
    {
        Record = await imports.FindAsync(User.ToActor(), importId, HttpContext.RequestAborted);
        Settings = ImportSettings.FromJson(Record.SettingsJson);
        PlanName = Record.PlanId is { } planId
            ? await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Name).FirstOrDefaultAsync()
            : null;
        KindName = Settings.KindKey is { } kind
            ? await db.PlanKinds.AsNoTracking().Where(k => k.Key == kind).Select(k => k.Name).FirstOrDefaultAsync()
            : null;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures.Loads;

/// <summary>
/// One file of figures. While it is a draft: for a DfE file, the series it holds with the choice of which to load
/// and which measure each compares with; "Check the file" reads every row and shows what loading would do, writing
/// nothing; "Load the figures" loads it all in one transaction (or, if the lead chooses, only the valid rows).
/// The choices travel with the form, so a check and then a load use the same ones. Once loaded, the record of it.
/// </summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
[UploadLimit(typeof(MeasureLoadLimits), "/measures/loads/new", IsUploadPage = false, MaxFormValues = MaxFormValues)]
public sealed class ShowModel(AppDbContext db, MeasureLoadService loads) : PageModel, IVersionedForm
{
    /// <summary>Three fields for each series a DfE file can list, and the form's own.</summary>
    public const int MaxFormValues = (3 * 2000) + 100;

    public const string JustLoadedKey = "MeasureLoadDone";

    public MeasureLoad Load { get; private set; } = null!;

    public string PartnershipName { get; private set; } = string.Empty;

    /// <summary>A DfE file's series, while it is a draft.</summary>
    public MeasureLoader.EesDescription? Description { get; private set; }

    public IReadOnlyList<Choice> MeasureChoices { get; private set; } = [];

    /// <summary>The check's result, counted as if the valid rows were loaded.</summary>
    public LoadOutcome? Outcome { get; private set; }

    public bool JustLoaded { get; private set; }

    [BindProperty]
    public LoadInput Input { get; set; } = new();

    public int CurrentVersion => Load.Version;

    public bool IsDraft => Load.State == MeasureLoadState.Draft;

    /// <summary>A problem with the file as a whole: nothing in it can be loaded.</summary>
    public bool HasFileProblem => Outcome?.Problems.Any(p => p.Row == 0) == true;

    public async Task ReloadAfterConflictAsync()
    {
        await FindAsync(Load.Id);
        Description = null;
        Outcome = null;
    }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await FindAsync(id);
        JustLoaded = TempData[JustLoadedKey] is true;
        if (IsDraft)
        {
            await DescribeAsync(useSuggested: true);
        }

        return Page();
    }

    /// <summary>"Check the file": reads every row with the chosen series and shows what would happen; writes nothing.</summary>
    public async Task<IActionResult> OnPostCheckAsync(long id)
    {
        await FindAsync(id);
        if (!IsDraft)
        {
            return Redirect(PageUrl(id));
        }

        await DescribeAsync(useSuggested: false);
        if (Choices() is not { } choices)
        {
            return Page();
        }

        Outcome = await loads.PreviewAsync(User.ToActor(), id, choices with { LoadValidRows = true }, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>"Load the figures": everything or nothing, unless the lead chose to leave out the rows with problems.</summary>
    public async Task<IActionResult> OnPostLoadAsync(long id)
    {
        await FindAsync(id);
        if (IsDraft)
        {
            await DescribeAsync(useSuggested: false);
        }

        if (Choices() is not { } choices)
        {
            return Page();
        }

        try
        {
            await loads.CommitAsync(User.ToActor(), id, Input.Version, choices with { LoadValidRows = Input.LoadValidRows }, HttpContext.RequestAborted);
        }
        catch (ValidationFailedException refused)
        {
            // Show why, with the check's result so the lead can see the rows.
            foreach (var error in refused.Errors)
            {
                ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"Input.{error.Field}", error.Message);
            }

            if (refused.Errors.All(e => e.Field.Length == 0))
            {
                Outcome = await loads.PreviewAsync(User.ToActor(), id, choices with { LoadValidRows = true }, HttpContext.RequestAborted);
            }

            return Page();
        }

        TempData[JustLoadedKey] = true;
        return Redirect(PageUrl(id));
    }

    public async Task<IActionResult> OnPostDiscardAsync(long id)
    {
        await FindAsync(id);
        await loads.DiscardAsync(User.ToActor(), id, HttpContext.RequestAborted);
        TempData["Success"] = $"{Load.FileName} was discarded. None of its figures were loaded.";
        return Redirect($"/measures/loads?partnershipId={Load.PartnershipId.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string PageUrl(long id) => $"/measures/loads/{id.ToString(CultureInfo.InvariantCulture)}";

    private async Task FindAsync(long id)
    {
        Load = await loads.FindAsync(User.ToActor(), id, HttpContext.RequestAborted);
        PartnershipName = await db.Partnerships.AsNoTracking().Where(p => p.Id == Load.PartnershipId).Select(p => p.Name).FirstAsync(HttpContext.RequestAborted);
    }

    /// <summary>A DfE file's series and the measures they can compare with; the form starts from the suggested choices on a GET.</summary>
    private async Task DescribeAsync(bool useSuggested)
    {
        if (Load.Format != MeasureLoadFormat.Ees)
        {
            if (useSuggested)
            {
                Input = new LoadInput { Version = Load.Version };
            }

            return;
        }

        var (description, suggested) = await loads.DescribeAsync(User.ToActor(), Load.Id, HttpContext.RequestAborted);
        Description = description;
        MeasureChoices = (await db.Measures.AsNoTracking().Where(m => m.PartnershipId == Load.PartnershipId)
                .Select(m => new { m.Id, m.Name, m.Code }).ToListAsync(HttpContext.RequestAborted))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(m => new Choice(m.Id.ToString(CultureInfo.InvariantCulture), $"{m.Name} ({m.Code})"))
            .ToList();
        if (useSuggested)
        {
            var chosen = suggested.Series.GroupBy(s => s.Series, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().MeasureId, StringComparer.Ordinal);
            Input = new LoadInput
            {
                Version = Load.Version,
                Series = [.. description.Series.Select(s => new SeriesInput
                {
                    Key = s.Key,
                    Load = chosen.ContainsKey(s.Key),
                    MeasureId = chosen.TryGetValue(s.Key, out var measureId) && measureId is { } m ? m.ToString(CultureInfo.InvariantCulture) : string.Empty,
                })],
            };
        }
        else
        {
            // What was posted, matched to the file's series by key; anything else in the post is ignored.
            var posted = Input.Series.Where(s => s.Key is not null).GroupBy(s => s.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Input.Series = [.. description.Series.Select(s => posted.TryGetValue(s.Key, out var p)
                ? new SeriesInput { Key = s.Key, Load = p.Load, MeasureId = p.MeasureId ?? string.Empty }
                : new SeriesInput { Key = s.Key, MeasureId = string.Empty })];
        }
    }

    /// <summary>The choices the form holds, or none (with the form's errors) when a measure is not one of the list.</summary>
    private MeasureLoadChoices? Choices()
    {
        if (!ModelState.IsValid)
        {
            return null;
        }

        if (Load.Format != MeasureLoadFormat.Ees || Description is null)
        {
            return new MeasureLoadChoices();
        }

        var series = new List<SeriesChoice>();
        for (var i = 0; i < Input.Series.Count; i++)
        {
            var row = Input.Series[i];
            if (!row.Load)
            {
                continue;
            }

            int? measureId = null;
            if (!string.IsNullOrEmpty(row.MeasureId))
            {
                if (!int.TryParse(row.MeasureId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || MeasureChoices.All(c => c.Value != row.MeasureId))
                {
                    ModelState.AddModelError($"Input.Series[{i}].MeasureId", $"Select a measure from the list for {row.Key}, or none");
                    continue;
                }

                measureId = parsed;
            }

            series.Add(new SeriesChoice(row.Key!, measureId));
        }

        return ModelState.IsValid ? new MeasureLoadChoices { FilterColumns = Description.FilterColumns, Series = series } : null;
    }

    public sealed class LoadInput
    {
        public int Version { get; set; }

        public List<SeriesInput> Series { get; set; } = [];

        public bool LoadValidRows { get; set; }
    }

    public sealed class SeriesInput
    {
        public string? Key { get; set; }

        public bool Load { get; set; }

        public string? MeasureId { get; set; }
    }
}

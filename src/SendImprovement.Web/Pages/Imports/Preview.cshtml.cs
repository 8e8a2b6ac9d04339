using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Partnerships;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>
/// Every row of the file as it will be stored, raw beside read, with the problems, warnings and choices the lead
/// makes before confirming: corrections for cells that could not be read, who the leads are, and matches by title.
/// The commit writes everything or nothing.
/// </summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class PreviewModel(AppDbContext db, ImportService imports) : ImportPageModel(db, imports), IVersionedForm
{
    public const int RowsPerPage = 100;
    public const string OnlyFlagged = "flagged";
    public const string SomeoneNew = "new";

    /// <summary>The most problems, warnings and changes listed on the page; the counts are always complete.</summary>
    public const int MaxListed = 200;

    /// <summary>The most cells offered for correction one by one; the others can be kept as written or fixed in the file.</summary>
    public const int MaxFixes = 100;

    public const int MaxFixLength = 2000;

    [BindProperty]
    public PreviewInput Input { get; set; } = new();

    [FromQuery(Name = "page")]
    public string? PageText { get; set; }

    [FromQuery(Name = "only")]
    public string? Only { get; set; }

    public ImportPreview Preview { get; private set; } = null!;

    public IReadOnlyList<Choice> PersonChoices { get; private set; } = [];

    /// <summary>The leads that matched nobody, in the order of <see cref="PreviewInput.Leads"/>.</summary>
    public IReadOnlyList<LeadToMap> LeadsToChoose { get; private set; } = [];

    /// <summary>The unreadable cells offered for correction, in the order of <see cref="PreviewInput.Fixes"/>.</summary>
    public IReadOnlyList<UnreadableCell> CellsToFix { get; private set; } = [];

    public IReadOnlyList<PreviewRow> RowsShown { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public int FlaggedCount { get; private set; }

    public bool ShowOnlyFlagged => Only == OnlyFlagged;

    public int CurrentVersion => Record.Version;

    public static IReadOnlyList<Choice> KeepChoice { get; } = [new("true", "Keep the text of the other cells as it is")];

    public IEnumerable<Choice> TitleMatchChoices => Preview.TitleMatches.Select(m => new Choice(
        m.Row.ToString(CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"Row {m.Row}: the {m.Level.ToLowerInvariant()} “{m.Title}” is “{m.ExistingLabel}”")));

    public IReadOnlyList<Choice> ConfirmAllChoice => [new("true", $"Confirm all {ImportDisplay.Count(Preview.TitleMatches.Count, "match", "matches")}")];

    /// <summary>The query string that keeps the page and filter, for links and the form's buttons.</summary>
    public string Query(int? page = null, bool? onlyFlagged = null, string? handler = null)
    {
        var parts = new List<string>();
        if (handler is not null)
        {
            parts.Add($"handler={handler}");
        }

        if ((onlyFlagged ?? ShowOnlyFlagged) is true)
        {
            parts.Add($"only={OnlyFlagged}");
        }

        var number = page ?? PageNumber;
        if (number > 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"page={number}"));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }

    public async Task ReloadAfterConflictAsync()
    {
        // The other change may have fixed cells or matched leads, so the form's rows no longer line up with what was
        // posted: show the saved choices (the conflict message stays).
        await LoadAsync(Record.Id);
        ClearPostedValues();
        FillInput();
    }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await LoadAsync(id) is { } elsewhere)
        {
            return elsewhere;
        }

        FillInput();
        foreach (var problem in Preview.Errors.Take(MaxListed))
        {
            ModelState.AddModelError(string.Empty, ImportDisplay.Problem(problem));
        }

        if (Preview.Errors.Count > MaxListed)
        {
            ModelState.AddModelError(string.Empty, $"{ImportDisplay.Count(Preview.Errors.Count - MaxListed, "more problem")} in the file. Fix them in the file and upload it again.");
        }

        return Page();
    }

    /// <summary>"Update preview": saves the choices and shows the rows again.</summary>
    public async Task<IActionResult> OnPostUpdateAsync(int id)
    {
        if (await LoadAsync(id) is { } elsewhere)
        {
            return elsewhere;
        }

        if (!Validate())
        {
            return Page();
        }

        await SaveChoicesAsync();
        TempData["Success"] = "Your choices are saved and the preview is up to date.";
        return Redirect($"/imports/{id}/preview{Query()}");
    }

    /// <summary>Saves the choices, then writes everything the preview shows in one transaction.</summary>
    public async Task<IActionResult> OnPostCommitAsync(int id)
    {
        if (await LoadAsync(id) is { } elsewhere)
        {
            return elsewhere;
        }

        if (!Validate())
        {
            return Page();
        }

        var record = await SaveChoicesAsync();

        // Show the saved choices if the commit is refused.
        await LoadAsync(id);
        ClearPostedValues();
        FillInput();

        var outcome = await Imports.CommitAsync(User.ToActor(), id, record.Version, HttpContext.RequestAborted);
        TempData["Success"] = $"{Record.FileName} is imported: {ImportService.Summary(outcome.Counts)}.";
        return Redirect($"/imports/{id}");
    }

    public async Task<IActionResult> OnPostDiscardAsync(int id)
    {
        if (await LoadAsync(id) is { } elsewhere)
        {
            return elsewhere;
        }

        await Imports.DiscardAsync(User.ToActor(), id, Input.Version, HttpContext.RequestAborted);
        TempData["Success"] = $"The import of {Record.FileName} was discarded. Nothing was added to a plan.";
        return Redirect($"/imports?partnershipId={Record.PartnershipId}");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        await LoadRecordAsync(id);
        if (Record.State != ImportState.Draft)
        {
            return Redirect($"/imports/{id}");
        }

        Preview = await Imports.PreviewAsync(Record, HttpContext.RequestAborted);
        PersonChoices = (await Db.People.AsNoTracking().Where(p => p.PartnershipId == Record.PartnershipId).OrderBy(p => p.Name)
                .Select(p => new { p.Id, p.Name, p.Initials }).ToListAsync())
            .Select(p => new Choice(p.Id.ToString(CultureInfo.InvariantCulture), string.IsNullOrEmpty(p.Initials) ? p.Name : $"{p.Name} ({p.Initials})"))
            .Append(new Choice(SomeoneNew, "Someone new: enter their name below"))
            .ToList();
        LeadsToChoose = Preview.Leads.Where(l => l.MatchedPersonId is null).ToList();
        CellsToFix = Preview.Unreadable.Take(MaxFixes).ToList();

        var rows = ShowOnlyFlagged ? Preview.Rows.Where(r => r.IsFlagged).ToList() : Preview.Rows;
        FlaggedCount = Preview.Rows.Count(r => r.IsFlagged);
        PageCount = Math.Max(1, (rows.Count + RowsPerPage - 1) / RowsPerPage);
        PageNumber = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? Math.Clamp(number, 1, PageCount) : 1;
        RowsShown = rows.Skip((PageNumber - 1) * RowsPerPage).Take(RowsPerPage).ToList();
        return null;
    }

    private void ClearPostedValues()
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }

    /// <summary>The form as the saved choices have it.</summary>
    private void FillInput()
    {
        Input = new PreviewInput
        {
            Version = Record.Version,
            KeepUnreadable = Preview.KeepUnreadable,
            Fixes = CellsToFix.Select(c => new FixInput { Key = c.Key, Text = Settings.Fixes.GetValueOrDefault(c.Key) }).ToList(),
            Leads = LeadsToChoose.Select(l => new LeadInput
            {
                Key = l.MatchKey,
                Choice = l.Choice switch
                {
                    { PersonId: { } personId } => personId.ToString(CultureInfo.InvariantCulture),
                    { NewName: not null } => SomeoneNew,
                    _ => string.Empty,
                },
                NewName = l.Choice?.NewName,
            }).ToList(),
            ConfirmedTitleMatches = Preview.TitleMatches.Where(m => m.IsConfirmed && !Settings.ConfirmAllTitleMatches).Select(m => m.Row).ToList(),
            ConfirmAllTitleMatches = Settings.ConfirmAllTitleMatches,
        };
    }

    /// <summary>Checks what was typed and chosen against what the page offered.</summary>
    private bool Validate()
    {
        // What the form posted, in the order the page offered it; a form from an older preview is matched by key.
        for (var i = 0; i < Input.Fixes.Count; i++)
        {
            if (Input.Fixes[i].Text is { Length: > MaxFixLength })
            {
                ModelState.AddModelError($"Input.Fixes[{i}].Text", $"The correction must be {MaxFixLength.ToString("N0", CultureInfo.InvariantCulture)} characters or fewer");
            }
        }

        for (var i = 0; i < Input.Leads.Count; i++)
        {
            var lead = Input.Leads[i];
            var example = LeadsToChoose.FirstOrDefault(l => l.MatchKey == lead.Key)?.Example ?? lead.Key;
            if (lead.Choice == SomeoneNew)
            {
                var name = lead.NewName?.Trim() ?? string.Empty;
                if (name.Length == 0)
                {
                    ModelState.AddModelError($"Input.Leads[{i}].NewName", $"Enter the name of the new person for “{example}”");
                }
                else if (name.Length > Person.MaxNameLength)
                {
                    ModelState.AddModelError($"Input.Leads[{i}].NewName", $"The name for “{example}” must be {Person.MaxNameLength} characters or fewer");
                }
            }
            else if (!string.IsNullOrEmpty(lead.Choice) && PersonChoices.All(p => p.Value != lead.Choice))
            {
                ModelState.AddModelError($"Input.Leads[{i}].Choice", $"Select who “{example}” is, or leave them unassigned");
            }
        }

        return ModelState.IsValid;
    }

    private async Task<ImportRecord> SaveChoicesAsync()
    {
        var fixKeys = Preview.Unreadable.Select(u => u.Key).ToHashSet(StringComparer.Ordinal);
        var leadKeys = LeadsToChoose.Select(l => l.MatchKey).ToHashSet(StringComparer.Ordinal);
        var titleRows = Preview.TitleMatches.Select(m => m.Row).ToHashSet();
        return await Imports.SaveChoicesAsync(User.ToActor(), Record.Id, Input.Version, settings =>
        {
            settings.KeepUnreadable = Input.KeepUnreadable;
            foreach (var fix in Input.Fixes.Where(f => f.Key is not null && fixKeys.Contains(f.Key)))
            {
                if (string.IsNullOrWhiteSpace(fix.Text))
                {
                    settings.Fixes.Remove(fix.Key!);
                }
                else
                {
                    settings.Fixes[fix.Key!] = fix.Text.Trim();
                }
            }

            foreach (var lead in Input.Leads.Where(l => l.Key is not null && leadKeys.Contains(l.Key)))
            {
                if (lead.Choice == SomeoneNew)
                {
                    settings.People[lead.Key!] = new PersonChoice(null, lead.NewName!.Trim());
                }
                else if (int.TryParse(lead.Choice, NumberStyles.None, CultureInfo.InvariantCulture, out var personId))
                {
                    settings.People[lead.Key!] = new PersonChoice(personId, null);
                }
                else
                {
                    settings.People.Remove(lead.Key!);
                }
            }

            settings.ConfirmedTitleMatches = Input.ConfirmedTitleMatches.Where(titleRows.Contains).Distinct().ToList();
            settings.ConfirmAllTitleMatches = Input.ConfirmAllTitleMatches;
        }, HttpContext.RequestAborted);
    }

    public sealed class PreviewInput
    {
        public int Version { get; set; }

        public List<FixInput> Fixes { get; set; } = [];

        public bool KeepUnreadable { get; set; }

        public List<LeadInput> Leads { get; set; } = [];

        public List<int> ConfirmedTitleMatches { get; set; } = [];

        public bool ConfirmAllTitleMatches { get; set; }
    }

    public sealed class FixInput
    {
        public string? Key { get; set; }

        public string? Text { get; set; }
    }

    public sealed class LeadInput
    {
        public string? Key { get; set; }

        public string? Choice { get; set; }

        public string? NewName { get; set; }
    }
}

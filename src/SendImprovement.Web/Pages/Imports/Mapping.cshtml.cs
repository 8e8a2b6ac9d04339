using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>
/// Which table of the file to read, which row holds the headers, and what each column holds: suggested from the
/// headers, corrected by the lead, and optionally saved under a name for next month's file.
/// </summary>
[Authorize(Policy = Policies.ManagePlans)]
[RequireHandler]
public sealed class MappingModel(AppDbContext db, ImportService imports) : ImportPageModel(db, imports), IVersionedForm
{
    private const int SampleRows = 3;

    [BindProperty]
    public MappingInput Input { get; set; } = new();

    public ImportPreview Preview { get; private set; } = null!;

    public static IReadOnlyList<Choice> FieldChoices { get; } =
        Enum.GetValues<ImportField>().Select(f => new Choice(f.ToString(), FieldNames.Label(f))).ToList();

    public IReadOnlyList<Choice> TableChoices { get; private set; } = [];

    public IReadOnlyList<ColumnView> Columns { get; private set; } = [];

    /// <summary>The first rows of the chosen table, to help find the header row.</summary>
    public IReadOnlyList<SourceRow> FirstRows { get; private set; } = [];

    public int CurrentVersion => Record.Version;

    public async Task ReloadAfterConflictAsync() => await LoadAsync(Record.Id);

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await LoadAsync(id) is { } elsewhere)
        {
            return elsewhere;
        }

        Input = new MappingInput
        {
            Version = Record.Version,
            TableIndex = Preview.TableIndex,
            HeaderRow = Preview.HeaderRow.ToString(CultureInfo.InvariantCulture),
            Fields = Preview.Columns.Select(c => (string?)c.Field.ToString()).ToList(),
        };

        // Problems with the mapping itself (no title column, a field mapped twice) are fixed on this page.
        foreach (var problem in Preview.Errors.Where(e => e.Row is null))
        {
            ModelState.AddModelError(string.Empty, problem.Message);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadAsync(id) is { } elsewhere)
        {
            return elsewhere;
        }

        var tableIndex = Preview.TableIndex;
        if (Preview.Tables.Count > 1)
        {
            if (Input.TableIndex is { } chosen && chosen >= 0 && chosen < Preview.Tables.Count)
            {
                tableIndex = chosen;
            }
            else
            {
                ModelState.AddModelError("Input.TableIndex", "Select the table that holds the plan");
            }
        }

        var headerRow = Preview.HeaderRow;
        if (Preview.Tables.Count > 0 && Preview.Tables[tableIndex].Rows.Count > 0)
        {
            var rows = Preview.Tables[tableIndex].Rows;
            if (!int.TryParse(Input.HeaderRow?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            {
                ModelState.AddModelError("Input.HeaderRow", "Enter the number of the row that holds the column headers, such as 1");
            }
            else if (rows.All(r => r.Number != row))
            {
                ModelState.AddModelError("Input.HeaderRow", string.Create(CultureInfo.InvariantCulture, $"Enter a row of the table, from {rows[0].Number} to {rows[^1].Number}"));
            }
            else
            {
                headerRow = row;
            }
        }

        var moved = tableIndex != Preview.TableIndex || headerRow != Preview.HeaderRow;
        var columns = new List<ColumnChoice>();
        if (!moved)
        {
            for (var column = 0; column < Preview.Headers.Count; column++)
            {
                var posted = column < Input.Fields.Count ? Input.Fields[column] : null;
                if (FieldChoices.Any(c => c.Value == posted))
                {
                    columns.Add(new ColumnChoice(column, Preview.Headers[column], Enum.Parse<ImportField>(posted!)));
                }
                else
                {
                    ModelState.AddModelError($"Input.Fields[{column}]", "Select what the column holds");
                }
            }
        }

        // Every column's select needs a value to show again.
        while (Input.Fields.Count < Preview.Headers.Count)
        {
            Input.Fields.Add(null);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = User.ToActor();
        string? savedAs = null;
        if (!moved && !string.IsNullOrWhiteSpace(Input.MappingName))
        {
            savedAs = (await Imports.SaveMappingAsync(actor, Record.PartnershipId, Input.MappingName, columns, HttpContext.RequestAborted)).Name;
        }

        var record = await Imports.SaveChoicesAsync(actor, id, Input.Version, settings =>
        {
            settings.TableIndex = tableIndex;
            settings.HeaderRow = headerRow;

            // A new header row means new headers: suggest again from them, unless a saved mapping (matched by header) is in use.
            settings.Columns = !moved ? columns : settings.MappingName is null ? null : settings.Columns;
            settings.MappingName = savedAs ?? settings.MappingName;
        }, HttpContext.RequestAborted);

        if (moved)
        {
            TempData["Success"] = $"The columns were suggested again from the headers in row {headerRow.ToString(CultureInfo.InvariantCulture)}. Check what each column holds.";
            return Redirect($"/imports/{id}/mapping");
        }

        if (savedAs is not null)
        {
            TempData["Success"] = $"Mapping saved as “{savedAs}”. You can choose it when you upload the next file.";
        }

        var after = await Imports.PreviewAsync(record, HttpContext.RequestAborted);
        return Redirect(after.Errors.Any(e => e.Row is null) ? $"/imports/{id}/mapping" : $"/imports/{id}/preview");
    }

    private async Task<IActionResult?> LoadAsync(int id)
    {
        await LoadRecordAsync(id);
        if (Record.State != ImportState.Draft)
        {
            return Redirect($"/imports/{id}");
        }

        Preview = await Imports.PreviewAsync(Record, HttpContext.RequestAborted);
        TableChoices = Preview.Tables
            .Select((t, i) => new Choice(i.ToString(CultureInfo.InvariantCulture), $"{t.Name} ({ImportDisplay.Count(t.Rows.Count, "row")})"))
            .ToList();
        var table = Preview.Tables.Count > Preview.TableIndex ? Preview.Tables[Preview.TableIndex] : null;
        FirstRows = table?.Rows.Take(6).ToList() ?? [];
        var samples = table?.Rows.Where(r => r.Number > Preview.HeaderRow && r.Cells.Any(c => c.Trim().Length > 0)).Take(SampleRows).ToList() ?? [];
        Columns = Preview.Headers.Select((header, column) =>
        {
            var suggestion = Preview.Suggestions.FirstOrDefault(s => s.Column == column);
            var because = suggestion is null ? null
                : suggestion.Field == ImportField.Ignore ? suggestion.Because
                : $"Suggested: {FieldNames.Label(suggestion.Field)}. {suggestion.Because}";
            var examples = samples.Select(r => column < r.Cells.Count ? Shorten(r.Cells[column]) : string.Empty).Where(t => t.Length > 0).ToList();
            return new ColumnView(column, header, because, examples);
        }).ToList();
        return null;
    }

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 57), "...");
    }

    /// <summary>One column of the table as the mapping page shows it.</summary>
    public sealed record ColumnView(int Column, string Header, string? Because, IReadOnlyList<string> Examples)
    {
        public string Label => Header.Length > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Column {Column + 1}: “{Header}”")
            : string.Create(CultureInfo.InvariantCulture, $"Column {Column + 1} (no header)");

        public string Hint
        {
            get
            {
                var examples = Examples.Count == 0 ? "The first rows have nothing in this column." : $"From the file: {string.Join("; ", Examples.Select(e => $"“{e}”"))}.";
                return Because is null ? examples : $"{Because} {examples}";
            }
        }
    }

    public sealed class MappingInput
    {
        public int Version { get; set; }

        public int? TableIndex { get; set; }

        public string? HeaderRow { get; set; }

        public List<string?> Fields { get; set; } = [];

        public string? MappingName { get; set; }
    }
}

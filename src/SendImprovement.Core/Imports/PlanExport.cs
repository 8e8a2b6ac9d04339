using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Imports;

/// <summary>An exported file, ready to download or write to disk.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Exports a plan to the documented template (.xlsx) or .csv: one row per item with its level, so that the file
/// imports back as the same plan. Cells that a spreadsheet would run as formulas are neutralised.
/// </summary>
public sealed class PlanExport(AppDbContext db, TimeProvider clock)
{
    public const string Xlsx = "xlsx";
    public const string Csv = "csv";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The sheet holding the items; the import reads it because its headers say most.</summary>
    public const string PlanSheet = "Plan";

    public const string AboutSheet = "About";

    /// <summary>The rating date's form in the template, which the import reads back as a day.</summary>
    public const string RatingDateFormat = "dd/MM/yyyy";

    private const int MaxCellLength = 32767;

    // Cell formats in the stylesheet, by index. Every format is "Text" (number format 49), so what someone types
    // into the template stays as typed: Excel would otherwise turn "Sept 21" into a date and "1.10" into 1.1.
    private const uint TextFormat = 1;
    private const uint BoldFormat = 2;
    private const uint TextNumberFormat = 49;

    /// <summary>The template's columns, in order, with the field each imports as.</summary>
    public static readonly IReadOnlyList<(string Header, ImportField Field)> Columns =
    [
        ("Level", ImportField.Level),
        ("Ref", ImportField.Ref),
        ("Title", ImportField.Title),
        ("Description", ImportField.Description),
        ("Lead", ImportField.Lead),
        ("Sponsor", ImportField.Sponsor),
        ("Start", ImportField.Start),
        ("Deadline", ImportField.Deadline),
        ("Status", ImportField.Status),
        ("Rating", ImportField.Rating),
        ("Rating date", ImportField.RatingDate),
        ("Resource (AR/ER)", ImportField.Resource),
        ("Areas", ImportField.Area),
        ("Interdependency key", ImportField.Tags),
        ("Linked work", ImportField.LinkedWork),
        ("Key activities completed", ImportField.KeyActivities),
        ("Next steps", ImportField.NextSteps),
        ("Progress and impact", ImportField.Progress),
    ];

    /// <summary>"xlsx" or "csv" for a format in any case; none for anything else.</summary>
    public static string? ParseFormat(string? format) =>
        format?.Trim().ToLowerInvariant() switch
        {
            Xlsx => Xlsx,
            Csv => Csv,
            _ => null,
        };

    /// <summary>Exports the plan in the format ("xlsx" or "csv"); 404 for a plan the actor cannot read.</summary>
    public async Task<ExportFile> ExportAsync(Actor actor, int planId, string? format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var plan = await db.Plans.AsNoTracking()
            .Where(p => p.Id == planId)
            .Select(p => new { p.Id, p.Name, p.PartnershipId, p.PlanKindId })
            .FirstOrDefaultAsync(cancellationToken);
        if (plan is null || !PlanAccess.CanRead(actor, plan.PartnershipId))
        {
            throw new NotFoundException();
        }

        var chosen = ParseFormat(format) ?? throw new ValidationFailedException("Format", "Choose a format: xlsx (the Excel template) or csv");
        var kind = await db.PlanKinds.AsNoTracking()
            .Include(k => k.Levels)
            .Include(k => k.RatingScale).ThenInclude(s => s.Values)
            .AsSplitQuery()
            .FirstAsync(k => k.Id == plan.PlanKindId, cancellationToken);
        var rows = await RowsAsync(plan.Id, kind, cancellationToken);

        var fileName = $"{FileStem(plan.Name)}-{UkClock.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{chosen}";
        if (chosen == Csv)
        {
            return new ExportFile(fileName, CsvContentType, RenderCsv(rows));
        }

        var about = AboutRows(plan.Name, kind, actor, clock.GetUtcNow().UtcDateTime, rows.Count);
        return new ExportFile(fileName, XlsxContentType, RenderXlsx(plan.Name, rows, about));
    }

    /// <summary>
    /// One row per item, in the plan page's order: depth first, siblings by ref (naturally, items without a ref
    /// after those with one) and then in the order they were written.
    /// </summary>
    private async Task<List<string[]>> RowsAsync(int planId, PlanKind kind, CancellationToken cancellationToken)
    {
        var items = await db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == planId)
            .Select(i => new ExportItem
            {
                Id = i.Id,
                ParentId = i.ParentId,
                Depth = i.Depth,
                Ref = i.Ref,
                RefSortKey = i.RefSortKey,
                Position = i.Position,
                Title = i.Title,
                Description = i.Description,
                Start = i.Start,
                Deadline = i.Deadline,
                ProgressStatusText = i.ProgressStatusText,
                Resource = i.Resource,
                LeadText = i.LeadText,
                CurrentRatingValue = i.CurrentRatingValue,
                CurrentRatingTentative = i.CurrentRatingTentative,
                CurrentRatingDate = i.CurrentRatingDate,
            })
            .ToListAsync(cancellationToken);

        var sponsors = (await db.PlanItemAssignments.AsNoTracking()
                .Where(a => a.PlanItem.PlanId == planId && a.Role == AssignmentRole.Sponsor)
                .Select(a => new { a.PlanItemId, a.Position, a.Id, Text = a.RawText ?? (a.Person == null ? null : a.Person.Name) })
                .ToListAsync(cancellationToken))
            .Where(a => !string.IsNullOrWhiteSpace(a.Text))
            .OrderBy(a => a.Position).ThenBy(a => a.Id)
            .ToLookup(a => a.PlanItemId, a => a.Text!);

        // The join tables are read directly: SQLite cannot run the APPLY a navigation-based query needs.
        var areas = (await db.Set<Dictionary<string, object>>("PlanItemAreas").AsNoTracking()
                .Join(db.PlanItems.Where(i => i.PlanId == planId), j => EF.Property<int>(j, "PlanItemId"), i => i.Id, (j, i) => new { ItemId = i.Id, AreaId = EF.Property<int>(j, "AreasId") })
                .Join(db.Areas, x => x.AreaId, a => a.Id, (x, a) => new { x.ItemId, a.Name, a.Position })
                .ToListAsync(cancellationToken))
            .OrderBy(a => a.Position).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToLookup(a => a.ItemId, a => a.Name);

        // Codes in ordinal order, not the order the key was built in, so a re-imported plan exports the same text.
        var tags = (await db.Set<Dictionary<string, object>>("PlanItemTags").AsNoTracking()
                .Join(db.PlanItems.Where(i => i.PlanId == planId), j => EF.Property<int>(j, "PlanItemId"), i => i.Id, (j, i) => new { ItemId = i.Id, TagId = EF.Property<int>(j, "TagsId") })
                .Join(db.PlanTags, x => x.TagId, t => t.Id, (x, t) => new { x.ItemId, t.Code })
                .ToListAsync(cancellationToken))
            .OrderBy(t => t.Code, StringComparer.Ordinal)
            .ToLookup(t => t.ItemId, t => t.Code);

        var revisions = (await db.DeadlineRevisions.AsNoTracking()
                .Where(r => r.PlanItem.PlanId == planId)
                .Select(r => new { r.PlanItemId, r.Previous, r.RevisedOn, r.Id })
                .ToListAsync(cancellationToken))
            .OrderBy(r => r.RevisedOn).ThenBy(r => r.Id)
            .ToLookup(r => r.PlanItemId, r => r.Previous);

        var links = (await db.ItemLinks.AsNoTracking()
                .Where(l => l.FromItem.PlanId == planId)
                .Select(l => new
                {
                    l.FromItemId,
                    l.Id,
                    l.RawReference,
                    TargetRef = l.ToItem == null ? null : l.ToItem.Ref,
                    TargetTitle = l.ToItem == null ? null : l.ToItem.Title,
                    TargetPlan = l.ToItem == null ? null : l.ToItem.Plan.Name,
                })
                .ToListAsync(cancellationToken))
            .OrderBy(l => l.Id)
            .Select(l => (l.FromItemId, Text: LinkText(l.RawReference, l.TargetPlan, l.TargetRef ?? l.TargetTitle)))
            .Where(l => l.Text is not null)
            .ToLookup(l => l.FromItemId, l => l.Text!);

        // The latest note of each item: found from the keys first, so only those notes' text is read.
        var latestNoteIds = (await db.ProgressNotes.AsNoTracking()
                .Where(n => n.PlanItem.PlanId == planId)
                .Select(n => new { n.PlanItemId, n.AsAt, n.WrittenAtUtc, n.Id })
                .ToListAsync(cancellationToken))
            .GroupBy(n => n.PlanItemId)
            .Select(g => g.OrderByDescending(n => n.AsAt).ThenByDescending(n => n.WrittenAtUtc).ThenByDescending(n => n.Id).First().Id)
            .ToList();
        var notes = new Dictionary<int, (string? KeyActivities, string? NextSteps, string? Progress)>();
        foreach (var chunk in latestNoteIds.Chunk(500))
        {
            var found = await db.ProgressNotes.AsNoTracking()
                .Where(n => chunk.Contains(n.Id))
                .Select(n => new { n.PlanItemId, n.KeyActivitiesCompleted, n.NextSteps, n.ProgressAndImpact })
                .ToListAsync(cancellationToken);
            foreach (var note in found)
            {
                notes[note.PlanItemId] = (note.KeyActivitiesCompleted, note.NextSteps, note.ProgressAndImpact);
            }
        }

        var levels = kind.Levels.ToDictionary(l => l.Depth, l => l.Name);
        var scale = kind.RatingScale;
        var rows = new List<string[]>(items.Count);
        foreach (var item in TreeOrder(items))
        {
            var note = notes.GetValueOrDefault(item.Id);
            var rating = item.CurrentRatingValue is { } value
                ? (scale.Find(value)?.Label ?? value) + (item.CurrentRatingTentative ? "?" : string.Empty)
                : string.Empty;
            rows.Add(
            [
                levels.GetValueOrDefault(item.Depth) ?? (item.Depth + 1).ToString(CultureInfo.InvariantCulture),
                item.Ref ?? string.Empty,
                item.Title,
                item.Description ?? string.Empty,
                item.LeadText ?? string.Empty,
                string.Join(", ", sponsors[item.Id]),
                item.Start.ToString(),
                DeadlineText(item.Deadline, [.. revisions[item.Id]]),
                item.ProgressStatusText ?? string.Empty,
                rating,
                item.CurrentRatingDate?.ToString(RatingDateFormat, CultureInfo.InvariantCulture) ?? string.Empty,
                item.Resource switch
                {
                    ResourceNeed.AdditionalResource => "AR",
                    ResourceNeed.ExistingResource => "ER",
                    _ => string.Empty,
                },
                string.Join(", ", areas[item.Id]),
                string.Join(", ", tags[item.Id]),
                string.Join("; ", links[item.Id].Distinct(StringComparer.OrdinalIgnoreCase)),
                note.KeyActivities ?? string.Empty,
                note.NextSteps ?? string.Empty,
                note.Progress ?? string.Empty,
            ]);
        }

        return rows;
    }

    /// <summary>
    /// The deadline, then the deadlines it replaced, oldest first: "May 2021 (revised from Nov 2019, Sept 2020)",
    /// the form <see cref="Normalise.Deadline"/> reads back.
    /// </summary>
    internal static string DeadlineText(PlanDate deadline, IReadOnlyList<PlanDate> revisedFrom)
    {
        var text = deadline.ToString();
        var previous = revisedFrom.Select(r => r.ToString()).Where(r => r.Length > 0).ToList();
        return previous.Count == 0 ? text : $"{text} (revised from {string.Join(", ", previous)})".TrimStart();
    }

    /// <summary>
    /// A link as the Linked work column writes it: the reference as written ("WSoA: 2.1(b)") when the import reads it
    /// as itself; otherwise the target plan's initials and the target's ref ("WSoA: 1.1a"), which it does. A link made
    /// on the item page stores the plan's full name ("Written Statement of Action: 1.1a"), which would not read back.
    /// </summary>
    internal static string? LinkText(string? rawReference, string? targetPlan, string? targetRef)
    {
        var raw = rawReference?.Trim();
        if (!string.IsNullOrEmpty(raw))
        {
            var read = Normalise.CrossReference(raw).Value ?? [];
            if (read.Count > 0 && string.Join("; ", read.Select(Differ.Key)) == raw)
            {
                return raw;
            }
        }

        if (targetPlan is not null && !string.IsNullOrWhiteSpace(targetRef))
        {
            return $"{LinkablePlan.Initials(targetPlan)}: {targetRef}";
        }

        return string.IsNullOrEmpty(raw) ? null : raw;
    }

    private static IEnumerable<ExportItem> TreeOrder(List<ExportItem> items)
    {
        var ids = items.Select(i => i.Id).ToHashSet();
        var children = items
            .OrderBy(i => i.RefSortKey.Length == 0)
            .ThenBy(i => i.RefSortKey, StringComparer.Ordinal)
            .ThenBy(i => i.Position)
            .ThenBy(i => i.Id)
            .ToLookup(i => i.ParentId is { } parent && ids.Contains(parent) ? parent : (int?)null);

        var stack = new Stack<ExportItem>(children[null].Reverse());
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            yield return item;
            foreach (var child in children[item.Id].Reverse())
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>The plan's name with only letters, digits, spaces, hyphens and underscores, for a file name.</summary>
    internal static string FileStem(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : ' ');
        }

        var stem = string.Join('-', safe.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (stem.Length > 100)
        {
            stem = stem[..100].TrimEnd('-');
        }

        return stem.Length == 0 ? "plan" : stem;
    }

    // ---------------------------------------------------------------- CSV

    /// <summary>UTF-8 with a byte order mark (so Excel reads it as UTF-8), RFC 4180 quoting, CRLF row endings.</summary>
    internal static byte[] RenderCsv(IReadOnlyList<string[]> rows)
    {
        var text = new StringBuilder();
        AppendCsvRow(text, [.. Columns.Select(c => c.Header)]);
        foreach (var row in rows)
        {
            AppendCsvRow(text, row);
        }

        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    private static void AppendCsvRow(StringBuilder text, string[] cells)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                text.Append(',');
            }

            var value = ExcelReport.Neutralise(cells[c].Replace("\r\n", "\n", StringComparison.Ordinal));
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(value);
            }
        }

        text.Append("\r\n");
    }

    // ---------------------------------------------------------------- XLSX

    /// <summary>What the About sheet says: the plan, who exported it and when, and what each column holds.</summary>
    private static List<(string Term, string Text, string Forms, bool Bold)> AboutRows(string planName, PlanKind kind, Actor actor, DateTime nowUtc, int itemCount)
    {
        var levels = kind.Levels.OrderBy(l => l.Depth).ToList();
        var levelNames = string.Join(", ", levels.Select(l => l.Name));
        var scale = kind.RatingScale;
        var values = scale.Values.OrderBy(v => v.Position).ToList();
        var scaleName = scale.Name.Split(" (", 2)[0].Trim();
        var top = levels.FirstOrDefault()?.Name ?? "Level";
        var ratingExample = values.FirstOrDefault(v => !v.IsComplete && v.Severity > 0)?.Label ?? values.FirstOrDefault()?.Label ?? "Amber";
        var withRef = levels.FirstOrDefault(l => l.HasLead)?.Name.ToLowerInvariant() ?? "item";

        var help = new Dictionary<ImportField, (string Holds, string Forms)>
        {
            [ImportField.Level] = ($"What the item is: one of {levelNames}. Each item belongs to the nearest row above it at the level above.",
                $"The level's name, singular or plural, in any case, or its number counting from the top ({top} is 1). Rows must come in plan order: a parent before its children."),
            [ImportField.Ref] = ("The item's reference, exactly as written. Empty when the item has none.",
                $"Such as {Normalise.RefExamples}. Refs must be different within a level. The import matches items by ref, or by title where there is no ref."),
            [ImportField.Title] = ("What the item is called or says it will do.",
                FormattableString.Invariant($"Any text, up to {PlanItem.MaxTitleLength:N0} characters. Every row needs one.")),
            [ImportField.Description] = ("More about the item.", "Any text. Line breaks are kept."),
            [ImportField.Lead] = ($"Who leads the {withRef}, as written: initials or names.",
                "Initials or names separated by spaces, such as TB JD*. A star marks work shared with another programme. The import asks who each one is when it does not recognise them."),
            [ImportField.Sponsor] = ("The sponsor, as written.", "A name or initials."),
            [ImportField.Start] = ("When the work starts, as written.",
                "A date in a form such as 30/09/2026, Sept 2026, Spring Term 2027, 2026/27, June 2026 to April 2027, Ongoing from March 2026 or tbc."),
            [ImportField.Deadline] = ("The current deadline, then the deadlines it replaced, oldest first.",
                "A date in any form the Start column takes, followed by the earlier deadlines if it moved, such as May 2027 (revised from Nov 2026, Jan 2027). Each earlier deadline becomes a deadline revision."),
            [ImportField.Status] = ("The progress status, as written.",
                "Not started, In progress, Complete or tbc. Other wording that starts with one of these, such as COMPLETE (ongoing activity), is kept as written."),
            [ImportField.Rating] = ($"The current rating on the {scaleName} scale. A question mark means the rating is tentative.",
                $"{string.Join(", ", values.Select(v => v.Label))}, in any case, with ? after it when tentative (such as {ratingExample}?). A different rating adds a new rating to the item's history."),
            [ImportField.RatingDate] = ("The day the current rating was given.",
                "A day as dd/mm/yyyy, such as 15/06/2026. When it is empty, a new rating is dated the day of the import."),
            [ImportField.Resource] = ("Whether the action needs additional resource (AR) or is covered by existing resource (ER).",
                $"{Normalise.ResourceForms}, or empty when not stated."),
            [ImportField.Area] = ("The areas of the partnership the item covers.",
                "Area names separated by commas, or All for every area. A name the partnership does not have yet is added to it."),
            [ImportField.Tags] = ("The plan's interdependency marks on the item.",
                "Codes from the plan's interdependency key, separated by commas, such as *, C. A code the key does not have yet is added to it, to be named later."),
            [ImportField.LinkedWork] = ("Items in other plans of the partnership that this item is linked to.",
                $"A plan's short name and the refs of its items, such as {Normalise.CrossReferenceExamples}; several links are separated by semicolons."),
            [ImportField.KeyActivities] = ("Key activities completed, from the item's latest progress note.",
                "Any text. If this, Next steps or Progress and impact differ from the latest note, the import adds a new progress note."),
            [ImportField.NextSteps] = ("Next steps, from the item's latest progress note.", "Any text, as for Key activities completed."),
            [ImportField.Progress] = ("Progress and impact, from the item's latest progress note.", "Any text, as for Key activities completed."),
        };

        var rows = new List<(string, string, string, bool)>
        {
            ("Plan", planName, string.Empty, false),
            ("Kind of plan", kind.Name, string.Empty, false),
            ("Exported", $"{UkClock.Describe(nowUtc)} (UK time)", string.Empty, false),
            ("Exported by", actor.Name, string.Empty, false),
            ("Items", itemCount.ToString(CultureInfo.InvariantCulture), string.Empty, false),
            (string.Empty, string.Empty, string.Empty, false),
            ("How to use it", $"The \"{PlanSheet}\" sheet is the plan: one row per item, with its level ({levelNames}). Edit it, add rows below their parent, and import the file to update this plan or to start a new one. Nothing is deleted by an import: items left out of the file are reported, not removed.", string.Empty, false),
            ("Formulas", "Every cell is text, never a formula. A cell that begins with =, +, -, @, a tab or a carriage return is written with an apostrophe in front (such as '=SUM(1) or '-5% reduction) so that a spreadsheet will not run it; the import takes that apostrophe off again.", string.Empty, false),
            ("CSV", "The same plan downloaded as CSV has the same columns, in the same order.", string.Empty, false),
            (string.Empty, string.Empty, string.Empty, false),
            ("Column", "What it holds", "Accepted forms", true),
        };
        rows.AddRange(Columns.Select(c => (c.Header, help[c.Field].Holds, help[c.Field].Forms, false)));
        return rows;
    }

    private static byte[] RenderXlsx(string planName, IReadOnlyList<string[]> rows, List<(string Term, string Text, string Forms, bool Bold)> about)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            package.PackageProperties.Title = WordReport.XmlSafe(planName);
            package.PackageProperties.Creator = "SEND Improvement";
            package.PackageProperties.Language = "en-GB";

            var workbookPart = package.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();

            var planPart = workbookPart.AddNewPart<WorksheetPart>();
            planPart.Worksheet = PlanWorksheet(rows, out var filtered);
            var aboutPart = workbookPart.AddNewPart<WorksheetPart>();
            aboutPart.Worksheet = AboutWorksheet(about);

            workbookPart.Workbook = new Workbook(
                new BookViews(new WorkbookView { ActiveTab = 0 }),
                new Sheets(
                    new Sheet { Name = PlanSheet, SheetId = 1, Id = workbookPart.GetIdOfPart(planPart) },
                    new Sheet { Name = AboutSheet, SheetId = 2, Id = workbookPart.GetIdOfPart(aboutPart) }),
                new DefinedNames(new DefinedName($"'{PlanSheet}'!{filtered}") { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true }));
        }

        return stream.ToArray();
    }

    private static Worksheet PlanWorksheet(IReadOnlyList<string[]> rows, out string filteredAbsolute)
    {
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < Columns.Count; c++)
        {
            header.Append(StringCell(c, 1, Columns[c].Header, BoldFormat));
        }

        data.Append(header);
        for (var r = 0; r < rows.Count; r++)
        {
            var index = (uint)(r + 2);
            var row = new Row { RowIndex = index };
            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c].Length > 0)
                {
                    row.Append(StringCell(c, index, rows[r][c], TextFormat));
                }
            }

            data.Append(row);
        }

        var widths = new Columns();
        for (var c = 0; c < Columns.Count; c++)
        {
            var longest = Math.Max(Longest(Columns[c].Header), rows.Count == 0 ? 0 : rows.Max(r => Longest(r[c])));
            widths.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = Width(longest), CustomWidth = true, Style = TextFormat });
        }

        var lastColumn = ColumnName(Columns.Count - 1);
        var lastRow = (rows.Count + 1).ToString(CultureInfo.InvariantCulture);
        filteredAbsolute = $"$A$1:${lastColumn}${lastRow}";
        return new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { TabSelected = true, WorkbookViewId = 0 }),
            widths,
            data,
            new AutoFilter { Reference = $"A1:{lastColumn}{lastRow}" });
    }

    private static Worksheet AboutWorksheet(List<(string Term, string Text, string Forms, bool Bold)> about)
    {
        var data = new SheetData();
        for (var r = 0; r < about.Count; r++)
        {
            var (term, text, forms, bold) = about[r];
            var index = (uint)(r + 1);
            var row = new Row { RowIndex = index };
            if (term.Length > 0)
            {
                row.Append(StringCell(0, index, term, BoldFormat));
            }

            if (text.Length > 0)
            {
                row.Append(StringCell(1, index, text, bold ? BoldFormat : TextFormat));
            }

            if (forms.Length > 0)
            {
                row.Append(StringCell(2, index, forms, bold ? BoldFormat : TextFormat));
            }

            data.Append(row);
        }

        return new Worksheet(
            new SheetViews(new SheetView { WorkbookViewId = 0 }),
            new Columns(
                new Column { Min = 1, Max = 1, Width = Width(about.Max(r => Longest(r.Term))), CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = 60, CustomWidth = true },
                new Column { Min = 3, Max = 3, Width = 70, CustomWidth = true }),
            data);
    }

    private static Cell StringCell(int column, uint row, string text, uint format)
    {
        var value = ExcelReport.Neutralise(WordReport.XmlSafe(text).Replace("\r\n", "\n", StringComparison.Ordinal));
        if (value.Length > MaxCellLength)
        {
            value = value[..(MaxCellLength - 1)] + "\u2026";
        }

        return new Cell
        {
            CellReference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture),
            DataType = CellValues.InlineString,
            StyleIndex = format,
            InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
        };
    }

    private static int Longest(string text) =>
        text.Length == 0 ? 0 : text.Split('\n').Max(l => l.Length);

    private static double Width(int characters) => Math.Clamp(characters + 2, 10, 60);

    private static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static Stylesheet Stylesheet()
    {
        static CellFormat Format(uint font) =>
            new(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
            {
                NumberFormatId = TextNumberFormat,
                FontId = font,
                FillId = 0,
                BorderId = 0,
                FormatId = 0,
                ApplyNumberFormat = true,
                ApplyFont = font != 0,
                ApplyAlignment = true,
            };

        static Font Font(bool bold)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = 11 }, new FontName { Val = "Arial" }, new FontFamilyNumbering { Val = 2 });
            return font;
        }

        return new Stylesheet(
            new Fonts(Font(bold: false), Font(bold: true)),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())),
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
            new CellFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 }, Format(font: 0), Format(font: 1)),
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }

    private sealed class ExportItem
    {
        public int Id { get; init; }

        public int? ParentId { get; init; }

        public int Depth { get; init; }

        public string? Ref { get; init; }

        public string RefSortKey { get; init; } = string.Empty;

        public int Position { get; init; }

        public string Title { get; init; } = string.Empty;

        public string? Description { get; init; }

        public PlanDate Start { get; init; } = PlanDate.None;

        public PlanDate Deadline { get; init; } = PlanDate.None;

        public string? ProgressStatusText { get; init; }

        public ResourceNeed Resource { get; init; }

        public string? LeadText { get; init; }

        public string? CurrentRatingValue { get; init; }

        public bool CurrentRatingTentative { get; init; }

        public DateOnly? CurrentRatingDate { get; init; }
    }
}

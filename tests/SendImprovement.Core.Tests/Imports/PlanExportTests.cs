using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Imports;

/// <summary>The plan export (.xlsx template and .csv), and the round trip: export, import into an empty partnership, export again.</summary>
public sealed class PlanExportTests : IAsyncLifetime
{
    private static readonly Actor Admin = Actor.System("Test set-up");

    private CoreHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CoreHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    // ---------------------------------------------------------------- the template's content

    [Fact]
    public async Task Xlsx_HoldsOneRowPerItem_InTreeOrder_WithEveryColumn()
    {
        var plan = await CreatePlanAsync();

        var file = await ExportAsync(CoreHarness.Viewer(plan.PartnershipId), plan.PlanId, "xlsx");
        var rows = SheetRows(file.Content, PlanExport.PlanSheet);

        Assert.Equal(PlanExport.Columns.Select(c => c.Header), rows[0]);
        Assert.Equal(
            ["Workstream", "Outcome", "Action", "Milestone", "Action", "Action"],
            rows.Skip(1).Select(r => r[0]));
        Assert.Equal(
            ["Workstream 1: Timeliness", "Families get plans on time", "Recruit coordinators", "Agree funding", "'=SUM(1)", "'-5% reduction in waits"],
            rows.Skip(1).Select(r => r[2]));

        var workstream = Row(rows, "Workstream 1: Timeliness");
        Assert.Equal("Olga Other", workstream["Sponsor"]);
        Assert.Equal("North, South", workstream["Areas"]);

        var action = Row(rows, "Recruit coordinators");
        Assert.Equal("1.1a", action["Ref"]);
        Assert.Equal("Two posts, \"full time\", in North, South\nThen a second line", action["Description"]);
        Assert.Equal("TL JD*", action["Lead"]);
        Assert.Equal("May 2026", action["Deadline"]);
        Assert.Equal("Amber?", action["Rating"]);
        Assert.Equal("01/06/2026", action["Rating date"]);
        Assert.Equal("AR", action["Resource (AR/ER)"]);
        Assert.Equal("C", action["Interdependency key"]);
        Assert.Equal("Interviews held", action["Key activities completed"]);
        Assert.Equal("Re-advertise", action["Next steps"]);
        Assert.Equal("'+2 posts filled", action["Progress and impact"]);
        Assert.Equal(string.Empty, action["Status"]);

        // The deadline with the deadlines it replaced, oldest first, in a form the import reads back.
        var milestone = Row(rows, "Agree funding");
        Assert.Equal("March 2026 (revised from Nov 2025, Jan 2026)", milestone["Deadline"]);
        var read = Normalise.Deadline(milestone["Deadline"]);
        Assert.Empty(read.Warnings);
        Assert.Equal("March 2026", read.Value!.Deadline.Text);
        Assert.Equal(["Nov 2025", "Jan 2026"], read.Value.RevisedFrom.Select(r => r.Text));
        Assert.Equal("Red", milestone["Rating"]);
        Assert.Equal("01/05/2026", milestone["Rating date"]);

        // A link made on the item page names the plan in full; it is written in the short form the import reads.
        var linked = Row(rows, "'=SUM(1)");
        Assert.Equal("TW: 1.1a", linked["Linked work"]);
        Assert.Equal("ER", linked["Resource (AR/ER)"]);
    }

    [Fact]
    public async Task Xlsx_IsValid_AllText_FrozenFilteredHeader_AndAnAboutSheet()
    {
        var plan = await CreatePlanAsync();

        var file = await ExportAsync(CoreHarness.ProgrammeLead(plan.PartnershipId), plan.PlanId, "XLSX");

        Assert.Equal("Test-WSoA-2026-06-15.xlsx", file.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.ContentType);
        using var excel = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2013).Validate(excel).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        Assert.Equal([PlanExport.PlanSheet, PlanExport.AboutSheet], excel.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));

        // Every cell is an inline string, never a formula; anything a spreadsheet would run starts with an apostrophe.
        var sheet = Worksheet(excel, PlanExport.PlanSheet);
        Assert.Empty(excel.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<CellFormula>()));
        Assert.All(sheet.Descendants<Cell>(), c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
        Assert.All(
            sheet.Descendants<Cell>().Select(c => c.InnerText),
            text => Assert.False(text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r', text));

        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A2", pane.TopLeftCell!.Value);
        Assert.Equal("A1:R7", sheet.GetFirstChild<AutoFilter>()!.Reference!.Value);
        var styles = excel.WorkbookPart.WorkbookStylesPart!.Stylesheet!;
        var headerFormat = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)sheet.Descendants<Cell>().First().StyleIndex!.Value);
        Assert.NotNull(styles.Fonts!.Elements<Font>().ElementAt((int)headerFormat.FontId!.Value).Bold);
        Assert.True(headerFormat.Alignment!.WrapText!.Value);

        var about = SheetRows(file.Content, PlanExport.AboutSheet);
        var facts = about.Where(r => r.Count > 1).ToDictionary(r => r[0], r => r[1]);
        Assert.Equal("Test WSoA", facts["Plan"]);
        Assert.Equal("Inspection-driven plan (WSoA or Priority Action Plan)", facts["Kind of plan"]);
        Assert.Equal("11:00am on 15 June 2026 (UK time)", facts["Exported"]);
        Assert.Equal("Pat Lead", facts["Exported by"]);
        foreach (var (header, _) in PlanExport.Columns)
        {
            var row = about.Single(r => r.Count == 3 && r[0] == header);
            Assert.True(row[1].Length > 10 && row[2].Length > 10, header);
        }

        Assert.Contains("Workstream, Outcome, Action, Milestone", about.Single(r => r.Count == 3 && r[0] == "Level")[1], StringComparison.Ordinal);
        Assert.Contains("Blue, Green, Amber, Red", about.Single(r => r.Count == 3 && r[0] == "Rating")[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_HasABom_CrlfRows_Rfc4180Quoting_AndTheSameCellsAsTheTemplate()
    {
        var plan = await CreatePlanAsync();
        var lead = CoreHarness.ProgrammeLead(plan.PartnershipId);

        var csv = await ExportAsync(lead, plan.PlanId, "csv");
        var xlsx = await ExportAsync(lead, plan.PlanId, "xlsx");

        Assert.Equal("Test-WSoA-2026-06-15.csv", csv.FileName);
        Assert.Equal("text/csv; charset=utf-8", csv.ContentType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv.Content[..3]);
        var text = Encoding.UTF8.GetString(csv.Content.AsSpan(3));
        Assert.StartsWith(string.Join(",", PlanExport.Columns.Select(c => c.Header)) + "\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",\"Two posts, \"\"full time\"\", in North, South\nThen a second line\",", text, StringComparison.Ordinal);
        Assert.Contains(",'=SUM(1),", text, StringComparison.Ordinal);
        Assert.Contains(",'-5% reduction in waits,", text, StringComparison.Ordinal);
        Assert.Contains(",\"North, South\",", text, StringComparison.Ordinal);
        Assert.Contains(",'+2 posts filled\r\n", text, StringComparison.Ordinal);

        // Read back as the import reads it: the same rows and cells as the Excel template.
        var table = Assert.Single(SpreadsheetReader.ReadCsv(new MemoryStream(csv.Content)));
        var csvRows = table.Rows.Select(r => Pad(r.Cells)).ToList();
        Assert.Equal(SheetRows(xlsx.Content, PlanExport.PlanSheet), csvRows);
    }

    [Fact]
    public async Task Export_IsRefused_ForAnotherPartnershipAMissingPlanOrAnUnknownFormat()
    {
        var plan = await CreatePlanAsync();
        var stranger = CoreHarness.Viewer(plan.PartnershipId + 1000);

        await Assert.ThrowsAsync<NotFoundException>(() => ExportAsync(stranger, plan.PlanId, "xlsx"));
        await Assert.ThrowsAsync<NotFoundException>(() => ExportAsync(Admin, 987654, "csv"));
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => ExportAsync(CoreHarness.Viewer(plan.PartnershipId), plan.PlanId, "pdf"));
        Assert.Equal("Format", Assert.Single(invalid.Errors).Field);
        await Assert.ThrowsAsync<ValidationFailedException>(() => ExportAsync(CoreHarness.Viewer(plan.PartnershipId), plan.PlanId, null));

        // An administrator reads every partnership.
        Assert.NotEmpty((await ExportAsync(Admin, plan.PlanId, "csv")).Content);
    }

    // ---------------------------------------------------------------- the round trip (issue 4's "Done when")

    [Theory]
    [InlineData("Written Statement of Action", "xlsx")]
    [InlineData("Written Statement of Action", "csv")]
    [InlineData("Joint SEND Strategy: Phase One action plan", "xlsx")]
    [InlineData("Joint SEND Strategy: Phase One action plan", "csv")]
    public async Task DemoPlan_ExportedImportedIntoAnEmptyPartnershipAndExportedAgain_HoldsTheSameData(string planName, string format)
    {
        await _harness.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoPartnership>().LoadAsync();
            return 0;
        });
        var (planId, kindKey) = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Plans
            .Where(p => p.Name == planName).Select(p => new ValueTuple<int, string>(p.Id, p.Kind.Key)).SingleAsync());

        var first = await ExportAsync(Admin, planId, format);
        var partnership = await _harness.InScopeAsync(sp => sp.GetRequiredService<PartnershipService>()
            .CreatePartnershipAsync(Admin, $"Empty {Guid.NewGuid():N}", ["Elsewhere"], []));
        var lead = CoreHarness.ProgrammeLead(partnership.Id);

        var (record, preview) = await _harness.InScopeAsync(async sp =>
        {
            var imports = sp.GetRequiredService<ImportService>();
            var uploaded = await imports.UploadAsync(lead, partnership.Id, first.FileName, new MemoryStream(first.Content), new ImportSettings { KindKey = kindKey, PlanName = planName }, null);
            return (uploaded, await imports.PreviewAsync(uploaded));
        });
        Assert.True(preview.Errors.Count == 0, string.Join("\n", preview.Errors.Select(e => $"{e.Where}: {e.Message}")));
        Assert.True(preview.OneRowPerItem);
        Assert.Equal(format == "csv" ? "CSV" : PlanExport.PlanSheet, preview.Tables[preview.TableIndex].Name);
        var expectedRows = Rows(first, format).Count - 1;
        Assert.Equal(expectedRows, preview.Items.Count);
        if (!preview.CanCommit)
        {
            record = await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().SaveChoicesAsync(lead, record.Id, record.Version, s => s.KeepUnreadable = true));
        }

        await _harness.InScopeAsync(sp => sp.GetRequiredService<ImportService>().CommitAsync(lead, record.Id, record.Version));
        var newPlanId = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().ImportRecords
            .Where(r => r.Id == record.Id).Select(r => r.PlanId!.Value).SingleAsync());
        Assert.NotEqual(planId, newPlanId);

        var second = await ExportAsync(lead, newPlanId, format);

        var before = Rows(first, format);
        var after = Rows(second, format);
        var differences = new List<string>();
        for (var r = 0; r < Math.Max(before.Count, after.Count); r++)
        {
            for (var c = 0; c < PlanExport.Columns.Count; c++)
            {
                var was = r < before.Count ? before[r][c] : "(no row)";
                var now = r < after.Count ? after[r][c] : "(no row)";
                if (was != now)
                {
                    differences.Add($"Row {r + 1}, {PlanExport.Columns[c].Header}: “{was}” became “{now}”");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(30)));
        Assert.Equal(before.Count, after.Count);
        Assert.True(before.Count > 40, $"Only {before.Count} rows were exported");
        if (format == "csv")
        {
            Assert.Equal(first.Content, second.Content);
        }
    }

    // ---------------------------------------------------------------- helpers

    private async Task<ExportFile> ExportAsync(Actor actor, int planId, string? format) =>
        await _harness.InScopeAsync(sp => sp.GetRequiredService<PlanExport>().ExportAsync(actor, planId, format));

    /// <summary>
    /// An inspection plan with something in every column: a sponsor and areas on the workstream; an action with two
    /// leads, a description needing CSV quotes, a tentative rating, a mark from the key and two progress notes; a
    /// milestone whose deadline moved twice; and actions whose titles a spreadsheet would run as formulas.
    /// </summary>
    private async Task<(int PartnershipId, int PlanId)> CreatePlanAsync() =>
        await _harness.InScopeAsync(async sp =>
        {
            var partnership = await sp.GetRequiredService<PartnershipService>().CreatePartnershipAsync(Admin, $"Test {Guid.NewGuid():N}", ["North", "South"], ["Test Council"]);
            var people = sp.GetRequiredService<PeopleService>();
            await people.AddPersonAsync(Admin, partnership.Id, new PersonDetails("Terry Lead", "TL", null, null, null));
            await people.AddPersonAsync(Admin, partnership.Id, new PersonDetails("Olga Other", "OO", null, null, null));
            var plans = sp.GetRequiredService<PlanService>();
            var updates = sp.GetRequiredService<ItemUpdateService>();
            var plan = await plans.CreatePlanAsync(Admin, partnership.Id, BuiltInPlanKinds.Inspection, new PlanDetails("Test WSoA", null, null));
            var tag = await plans.AddTagAsync(Admin, plan.Id, "C", "Commissioning strategy", null);

            var workstream = await plans.AddItemAsync(Admin, plan.Id, null, new ItemDetails
            {
                Title = "Workstream 1: Timeliness",
                Sponsor = "Olga Other",
                AreaIds = [.. partnership.Areas.Select(a => a.Id)],
            }, null);
            var outcome = await plans.AddItemAsync(Admin, plan.Id, workstream.Id, new ItemDetails { Ref = "1.1", Title = "Families get plans on time" }, null);
            var action = await plans.AddItemAsync(Admin, plan.Id, outcome.Id, new ItemDetails
            {
                Ref = "1.1a",
                Title = "Recruit coordinators",
                Description = "Two posts, \"full time\", in North, South\nThen a second line",
                Leads = "TL JD*",
                Resource = ResourceNeed.AdditionalResource,
                TagIds = [tag.Id],
            }, "May 2026");

            // Added before 1.1b and 1.1c but written after them: the plan's order is by ref.
            var milestone = await plans.AddItemAsync(Admin, plan.Id, action.Id, new ItemDetails { Title = "Agree funding" }, "Nov 2025");
            var formula = await plans.AddItemAsync(Admin, plan.Id, outcome.Id, new ItemDetails { Ref = "1.1b", Title = "=SUM(1)", Leads = "OO", Resource = ResourceNeed.ExistingResource }, "Dec 2026");
            await plans.AddItemAsync(Admin, plan.Id, outcome.Id, new ItemDetails { Ref = "1.1c", Title = "-5% reduction in waits" }, "Dec 2026");

            var db = sp.GetRequiredService<AppDbContext>();
            Task<int> Version(int itemId) => db.PlanItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => i.Version).SingleAsync();
            await updates.RecordRatingAsync(Admin, action.Id, await Version(action.Id), new NewRating("Amber", true, new DateOnly(2026, 6, 1), "Two posts vacant"));
            await updates.RecordRatingAsync(Admin, milestone.Id, await Version(milestone.Id), new NewRating("Red", false, new DateOnly(2026, 5, 1), "Not agreed"));
            await updates.ReviseDeadlineAsync(Admin, milestone.Id, await Version(milestone.Id), new NewDeadline("Jan 2026", new DateOnly(2025, 10, 1), "Budget setting moved"));
            await updates.ReviseDeadlineAsync(Admin, milestone.Id, await Version(milestone.Id), new NewDeadline("March 2026", new DateOnly(2025, 12, 1), "Waiting for the ICB"));
            await updates.AddProgressNoteAsync(Admin, action.Id, new NewProgressNote(new DateOnly(2026, 5, 1), "Advert drafted", "Advertise", null, []));
            await updates.AddProgressNoteAsync(Admin, action.Id, new NewProgressNote(new DateOnly(2026, 6, 10), "Interviews held", "Re-advertise", "+2 posts filled", []));
            await plans.AddLinkAsync(Admin, formula.Id, action.Id, null);
            return (partnership.Id, plan.Id);
        });

    private static Dictionary<string, string> Row(List<List<string>> rows, string title) =>
        PlanExport.Columns.Select((c, i) => (c.Header, Value: rows.Single(r => r[2] == title)[i])).ToDictionary(x => x.Header, x => x.Value);

    private static List<List<string>> Rows(ExportFile file, string format) =>
        format == "csv"
            ? [.. Assert.Single(SpreadsheetReader.ReadCsv(new MemoryStream(file.Content))).Rows.Select(r => Pad(r.Cells))]
            : SheetRows(file.Content, PlanExport.PlanSheet);

    private static List<string> Pad(IReadOnlyList<string> cells) =>
        [.. Enumerable.Range(0, PlanExport.Columns.Count).Select(i => i < cells.Count ? cells[i] : string.Empty)];

    private static Worksheet Worksheet(SpreadsheetDocument excel, string name)
    {
        var sheet = excel.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)excel.WorkbookPart.GetPartById(sheet.Id!.Value!)).Worksheet!;
    }

    /// <summary>Every row of a sheet as text, cells placed by their reference, padded to the template's width on the Plan sheet.</summary>
    private static List<List<string>> SheetRows(byte[] xlsx, string name)
    {
        using var excel = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var rows = new List<List<string>>();
        foreach (var row in Worksheet(excel, name).GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(cell.InlineString?.Text?.Text ?? string.Empty);
            }

            rows.Add(name == PlanExport.PlanSheet ? Pad(cells) : cells);
        }

        return rows;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }
}

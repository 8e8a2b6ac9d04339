using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Cli;

/// <summary>"import" and "export", run as the real command line against the test database.</summary>
[Collection(WebTestGroup.Name)]
public sealed partial class ImportCliTests(AppFactory factory) : IDisposable
{
    // The template layout, one row per item: TL and OO are people of the test world, JD is no one.
    private const string PlanCsv = """
        Level,Ref,Title,Lead,Deadline,Rating,Rating date,Notes
        Workstream,1,Timeliness,,,,,
        Outcome,1.1,Families get plans on time,,,,,
        Action,1.1a,Recruit coordinators,TL,May 2026,Green,01/05/2026,not imported
        Milestone,,Agree funding,TL,Nov 2025,Red,01/05/2026,
        Action,1.1b,Weekly tracker,OO JD,Dec 2026,Amber,01/05/2026,
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"send-cli-imports-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_WithoutCommit_ShowsThePreview_AndWritesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("Timeliness plan.csv", PlanCsv);
        var before = await StoredAsync(world.PartnershipId);

        var result = await Run("import", "--partnership", world.PartnershipName, "--file", file);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(before, await StoredAsync(world.PartnershipId));
        var output = result.Output;
        Assert.Contains($"File: {file}", output, StringComparison.Ordinal);
        Assert.Contains($"Into: a new plan of {world.PartnershipName}, “Timeliness plan”", output, StringComparison.Ordinal);
        Assert.Contains("Kind: inspection, Inspection-driven plan (WSoA or Priority Action Plan) (told by the levels in the Level column)", output, StringComparison.Ordinal);
        Assert.Contains("Table: “CSV” (1 of 1), headers on row 1", output, StringComparison.Ordinal);
        Assert.Contains("  “Level” → Level (one row per item)", output, StringComparison.Ordinal);
        Assert.Contains("  “Rating date” → Rating date", output, StringComparison.Ordinal);
        Assert.Contains("  “Notes” → Do not import", output, StringComparison.Ordinal);
        Assert.Contains("Rows read: 5", output, StringComparison.Ordinal);
        Assert.Contains("Would import: 5 new items, 0 changed, 3 ratings", output, StringComparison.Ordinal);
        Assert.Contains("New items by level: Workstream 1, Outcome 1, Action 2, Milestone 1", output, StringComparison.Ordinal);
        Assert.Contains("Leads not matched to anyone (1): they stay unassigned", output, StringComparison.Ordinal);
        Assert.Contains("  “JD”, once", output, StringComparison.Ordinal);
        Assert.DoesNotContain("“TL”", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Errors (", output, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was written. Run again with --commit to import.", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_WithCommit_WritesThePlan_AndTheSameFileAgainChangesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("Timeliness plan.csv", PlanCsv);
        var before = await StoredAsync(world.PartnershipId);

        var first = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--commit");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var planId = ImportedPlanId(first);
        Assert.Contains($"Imported Timeliness plan.csv into plan {planId}, “Timeliness plan”: 5 new items, 0 changed, 3 ratings, 0 deadline revisions, 0 progress notes.", first.Output, StringComparison.Ordinal);
        Assert.Matches(ImportRecordLine(), first.Output);
        var afterFirst = await StoredAsync(world.PartnershipId);
        Assert.Equal(before with { Plans = before.Plans + 1, Items = before.Items + 5, Imports = before.Imports + 1 }, afterFirst);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var plan = await db.Plans.Include(p => p.Kind).SingleAsync(p => p.Id == planId);
            Assert.Equal(world.PartnershipId, plan.PartnershipId);
            Assert.Equal("inspection", plan.Kind.Key);
            var action = await db.PlanItems.SingleAsync(i => i.PlanId == planId && i.Ref == "1.1a");
            Assert.Equal("Recruit coordinators", action.Title);
            Assert.Equal("Green", action.CurrentRatingValue);
            var record = await db.ImportRecords.SingleAsync(r => r.PlanId == planId);
            Assert.Equal(ImportState.Committed, record.State);
            Assert.Null(record.Content);
        }

        var again = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--plan", planId.ToString(CultureInfo.InvariantCulture), "--commit");

        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains($"Into: plan {planId} of {world.PartnershipName}, “Timeliness plan”", again.Output, StringComparison.Ordinal);
        Assert.Contains("Matched to items of the plan: 5", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Changes (", again.Output, StringComparison.Ordinal);
        Assert.Contains($"Imported Timeliness plan.csv into plan {planId}, “Timeliness plan”: 0 new items, 0 changed, 0 ratings, 0 deadline revisions, 0 progress notes.", again.Output, StringComparison.Ordinal);
        Assert.Equal(afterFirst with { Imports = afterFirst.Imports + 1 }, await StoredAsync(world.PartnershipId));
    }

    [Fact]
    public async Task Import_IntoAPlan_ListsTheChangesAndTheItemsTheFileLeavesOut()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("update.csv", """
            Level,Ref,Title,Lead
            Workstream,,Workstream 1: Timeliness,
            Outcome,1.1,Families get plans on time,
            Action,1.1a,Recruit more coordinators,TL
            """);
        var before = await StoredAsync(world.PartnershipId);

        var result = await Run("import", "--partnership", world.PartnershipId.ToString(CultureInfo.InvariantCulture), "--file", file, "--plan", "testshire wsoa");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Into: plan {world.PlanId} of {world.PartnershipName}, “Testshire WSoA”", result.Output, StringComparison.Ordinal);
        Assert.Contains("Changes (", result.Output, StringComparison.Ordinal);
        Assert.Contains("Recruit more coordinators", result.Output, StringComparison.Ordinal);
        Assert.Contains("In the plan but not in the file (1): kept as they are, never deleted:\n  Action 1.1b Weekly tracker", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(world.PartnershipId));
    }

    [Fact]
    public async Task Import_WithASavedMapping_ReadsTheColumnsAsMapped()
    {
        var world = await TestWorld.CreateAsync(factory);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ImportService>().SaveMappingAsync(
                Actor.System("Test"),
                world.PartnershipId,
                "Our tracker",
                [new ColumnChoice(0, "Stufe", ImportField.Level), new ColumnChoice(1, "Was", ImportField.Title), new ColumnChoice(2, "Wer", ImportField.Lead)]);
        }

        var file = await WriteAsync("tracker.csv", """
            Stufe,Was,Wer
            Workstream,Timeliness,
            Outcome,Families get plans on time,
            Action,Recruit coordinators,TL
            """);

        var unknown = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--mapping", "Their tracker");
        // The first data row looks more like headers than "Stufe, Was, Wer" do, so the header row is given.
        var result = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--mapping", "our tracker", "--header-row", "1", "--commit");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"{world.PartnershipName} has no saved column mapping called “Their tracker”. Its mappings are: “Our tracker”.", unknown.Error, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Mapping: “Our tracker”", result.Output, StringComparison.Ordinal);
        Assert.Contains("  “Stufe” → Level (one row per item)", result.Output, StringComparison.Ordinal);
        Assert.Contains("  “Was” → Title", result.Output, StringComparison.Ordinal);
        Assert.Contains("  “Wer” → Lead", result.Output, StringComparison.Ordinal);
        Assert.Contains("Imported tracker.csv into plan ", result.Output, StringComparison.Ordinal);
        Assert.Contains(": 3 new items, 0 changed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SheetAndHeaderRow_AreChecked_AndUsed()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("titled.csv", """
            Timeliness plan,,
            Level,Ref,Title
            Workstream,1,Timeliness
            """);

        var used = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--sheet", "csv", "--header-row", "2");
        var sheet = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--sheet", "Lists");
        var row = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--kind", "inspection", "--header-row", "40");

        Assert.True(used.ExitCode == 0, used.Output + used.Error);
        Assert.Contains("Table: “CSV” (1 of 1), headers on row 2", used.Output, StringComparison.Ordinal);
        Assert.Contains("Would import: 1 new item, 0 changed", used.Output, StringComparison.Ordinal);
        Assert.Equal(1, sheet.ExitCode);
        Assert.Contains("titled.csv has no sheet or table “Lists”. It has: 1 “CSV”.", sheet.Error, StringComparison.Ordinal);
        Assert.Equal(1, row.ExitCode);
        Assert.Contains("The table “CSV” has no row 40. Give the number of the row holding the headers, as the spreadsheet shows it.", row.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FileWithErrors_ExitsTwo_AndWritesNothingEvenWithCommit()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("errors.csv", """
            Level,Ref,Title
            Workstream,1,Timeliness
            Wizard,1.1,Families get plans on time
            """);
        var before = await StoredAsync(world.PartnershipId);

        var dryRun = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--kind", "inspection");
        var commit = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--kind", "inspection", "--commit");

        Assert.Equal(2, dryRun.ExitCode);
        Assert.Contains("Errors (2): nothing can be imported until they are fixed:", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("  Row 3, “Level”: “Wizard” is not a level of this kind of plan", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was written. The file has 2 errors (listed above).", dryRun.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Run again with --commit", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(2, commit.ExitCode);
        Assert.Contains("Nothing was written: the import was refused. The file has 2 errors (listed above).", commit.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Imported ", commit.Output, StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(world.PartnershipId));
    }

    [Fact]
    public async Task Import_UnreadableCells_AreRefused_UnlessKeptAsWritten()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("purple.csv", """
            Level,Ref,Title,Rating
            Workstream,1,Timeliness,
            Outcome,1.1,Families get plans on time,
            Action,1.1a,Recruit coordinators,Purple
            """);
        var before = await StoredAsync(world.PartnershipId);

        var refused = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--commit");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Cells that could not be read (1): correct them in the file, or run again with --keep-raw-text to keep their text as written:", refused.Output, StringComparison.Ordinal);
        Assert.Contains("  Row 4, “Rating”: “Purple” is not a rating", refused.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was written: the import was refused. 1 cell could not be read (listed above). Correct it in the file, or run again with --keep-raw-text", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(world.PartnershipId));

        var kept = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--keep-raw-text", "--commit");

        Assert.True(kept.ExitCode == 0, kept.Output + kept.Error);
        Assert.Contains("Cells that could not be read (1): their text is kept as written (--keep-raw-text):", kept.Output, StringComparison.Ordinal);
        Assert.Contains("Imported purple.csv into plan ", kept.Output, StringComparison.Ordinal);
        Assert.Equal(before.Items + 3, (await StoredAsync(world.PartnershipId)).Items);
    }

    [Fact]
    public async Task Import_KindNotToldByTheFile_AsksForKind_ListingTheKinds()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("actions.csv", """
            Level,Title
            Action,Recruit coordinators
            """);

        var result = await Run("import", "--partnership", world.PartnershipName, "--file", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "The levels in the Level column (Action) fit more than one kind of plan. Give the kind of the new plan with --kind: inspection (Inspection-driven plan (WSoA or Priority Action Plan)), strategy (Strategy phase plan), self-evaluation (Self-evaluation action plan).",
            result.Error,
            StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Import_ASpreadsheetThatIsReallyText_ExitsOneWithTheReason()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("plan.xlsx", "Level,Ref,Title\nWorkstream,1,Timeliness\n");
        var before = await StoredAsync(world.PartnershipId);

        var result = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--commit");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file} cannot be imported: This file is not an Excel workbook (.xlsx). Save it as .xlsx from Excel and upload it again.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(world.PartnershipId));
    }

    [Fact]
    public async Task Import_UnknownPartnershipPlanOrFile_ExitsOneWithTheReason()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("plan.csv", PlanCsv);

        var partnership = await Run("import", "--partnership", "Atlantis", "--file", file);
        var plan = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--plan", "999999");
        var missing = await Run("import", "--partnership", world.PartnershipName, "--file", Path.Combine(_folder, "nothing.csv"));
        var kind = await Run("import", "--partnership", world.PartnershipName, "--file", file, "--kind", "wish-list");

        Assert.Equal(1, partnership.ExitCode);
        Assert.Contains("There is no partnership called “Atlantis”. See: partnerships list", partnership.Error, StringComparison.Ordinal);
        Assert.Equal(1, plan.ExitCode);
        Assert.Contains($"{world.PartnershipName} has no plan with the id or name “999999”. See: plans list --partnership \"{world.PartnershipName}\"", plan.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"There is no file {Path.Combine(_folder, "nothing.csv")}.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, kind.ExitCode);
        Assert.Contains("There is no plan kind “wish-list”. Choose one of: inspection (", kind.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownFormatOrPlan_ExitsOne_AndWritesNoFile()
    {
        var path = Path.Combine(_folder, "plan.xlsx");

        var format = await Run("export", "--plan", "1", "--format", "pdf", "--out", path);
        var plan = await Run("export", "--plan", "Atlantis plan", "--format", "xlsx", "--out", path);

        Assert.Equal(1, format.ExitCode);
        Assert.Contains("There is no export format “pdf”. Choose one of: xlsx, csv.", format.Error, StringComparison.Ordinal);
        Assert.Equal(1, plan.ExitCode);
        Assert.Contains("There is no plan with the id or name \"Atlantis plan\". Run \"plans list\" to see them.", plan.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder).Any());
    }

    // Export last: its body was still being written when these tests were.
    [Fact]
    public async Task Export_WritesXlsxAndCsv_HoldingThePlansRows()
    {
        var world = await TestWorld.CreateAsync(factory);
        var xlsx = Path.Combine(_folder, "out", "plan.xlsx");
        var csv = Path.Combine(_folder, "out", "plan.csv");

        var excel = await Run("export", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--format", "xlsx", "--out", xlsx);
        var text = await Run("export", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--format", "CSV", "--out", csv);

        Assert.True(excel.ExitCode == 0, excel.Output + excel.Error);
        Assert.Equal($"Wrote plan {world.PlanId}, “Testshire WSoA” (Excel, {new FileInfo(xlsx).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes) to {xlsx}.", excel.Output.Trim());
        var rows = PlanSheet(xlsx);
        var header = PlanExport.Columns.Select(c => c.Header).ToList();
        Assert.Contains(rows, r => r.EndsWith($": {string.Join(" | ", header)}", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(" Action | 1.1a | Recruit coordinators | ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(" Action | 1.1b | Weekly tracker | ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(" Milestone |  | Agree funding | ", StringComparison.Ordinal));

        Assert.True(text.ExitCode == 0, text.Output + text.Error);
        Assert.Contains($"(CSV, {new FileInfo(csv).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes) to {csv}.", text.Output, StringComparison.Ordinal);
        var content = await File.ReadAllTextAsync(csv);
        Assert.Contains(string.Join(',', header), content, StringComparison.Ordinal);
        Assert.Contains("Recruit coordinators", content, StringComparison.Ordinal);
        Assert.Contains("Weekly tracker", content, StringComparison.Ordinal);
        Assert.Equal([csv, xlsx], Directory.GetFiles(Path.Combine(_folder, "out")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task ExportImportExport_IntoANewPartnership_GivesTheSameFile(string format)
    {
        var world = await TestWorld.CreateAsync(factory);
        var first = Path.Combine(_folder, $"first.{format}");
        var second = Path.Combine(_folder, $"second.{format}");
        var partnership = $"Roundtrip {Guid.NewGuid():N}"[..20];

        var exported = await Run("export", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--format", format, "--out", first);
        var created = await Run("partnerships", "create", "--name", partnership, "--areas", "North Area,South Area");
        var imported = await Run("import", "--partnership", partnership, "--file", first, "--name", "Testshire WSoA", "--commit");

        Assert.True(exported.ExitCode == 0, exported.Output + exported.Error);
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        Assert.True(imported.ExitCode == 0, imported.Output + imported.Error);
        Assert.Contains("Kind: inspection", imported.Output, StringComparison.Ordinal);
        var planId = ImportedPlanId(imported);
        Assert.NotEqual(world.PlanId, planId);

        var again = await Run("export", "--plan", planId.ToString(CultureInfo.InvariantCulture), "--format", format, "--out", second);

        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        if (format == "xlsx")
        {
            Assert.Equal(PlanSheet(first), PlanSheet(second));
        }
        else
        {
            Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
        }
    }

    private Task<CliRunner.Result> Run(params string[] args) =>
        CliRunner.RunAsync(factory.DatabaseProvider, factory.ConnectionString, null, args);

    private async Task<string> WriteAsync(string name, string content)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, content.ReplaceLineEndings("\r\n") + "\r\n", new UTF8Encoding(false));
        return path;
    }

    private static int ImportedPlanId(CliRunner.Result result)
    {
        var match = ImportedLine().Match(result.Output);
        Assert.True(match.Success, result.Output + result.Error);
        return int.Parse(match.Groups["plan"].Value, CultureInfo.InvariantCulture);
    }

    private sealed record Stored(int Plans, int Items, int Imports, int People);

    private async Task<Stored> StoredAsync(int partnershipId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return new Stored(
            await db.Plans.CountAsync(p => p.PartnershipId == partnershipId),
            await db.PlanItems.CountAsync(i => i.Plan.PartnershipId == partnershipId),
            await db.ImportRecords.CountAsync(r => r.PartnershipId == partnershipId),
            await db.People.CountAsync(p => p.PartnershipId == partnershipId));
    }

    /// <summary>
    /// Every row of the workbook's Plan sheet (its first sheet if none is called Plan) as "row: cell | cell | ...",
    /// with the text of each cell in its column.
    /// </summary>
    private static List<string> PlanSheet(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook!.Sheets!.Elements<Sheet>().ToList();
        var sheet = sheets.FirstOrDefault(s => s.Name?.Value == "Plan") ?? sheets[0];
        var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var rows = new List<string>();
        foreach (var row in worksheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? string.Empty
                    : cell.CellValue?.Text ?? string.Empty);
            }

            rows.Add(FormattableString.Invariant($"{row.RowIndex?.Value ?? (uint)(rows.Count + 1)}: {string.Join(" | ", cells)}"));
        }

        return rows;
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    [GeneratedRegex(@"Imported .+ into plan (?<plan>\d+), ")]
    private static partial Regex ImportedLine();

    [GeneratedRegex(@"(?m)^Import record \d+\.\r?$")]
    private static partial Regex ImportRecordLine();
}

using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Imports.ImportSteps;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Imports;

/// <summary>Files and choices that cannot be imported: each gets its own message, and nothing is written.</summary>
[Collection(WebTestGroup.Name)]
public sealed class BadInputTests(AppFactory factory)
{
    private static Task<int> ImportCountAsync(TestWorld world) =>
        world.QueryAsync(db => db.ImportRecords.CountAsync(r => r.PartnershipId == world.PartnershipId));

    private static Task<bool> PlanExistsAsync(TestWorld world, string name) =>
        world.QueryAsync(db => db.Plans.AnyAsync(p => p.PartnershipId == world.PartnershipId && p.Name == name));

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "plan.xlsx", "text", "This file is not an Excel workbook (.xlsx). Save it as .xlsx from Excel and upload it again." },
        { "plan.docx", "random", "This file is not a Word document (.docx). Save it as .docx from Word and upload it again." },
        { "plan.pdf", "text", "The file must be a spreadsheet or a Word document: .xlsx, .csv or .docx." },
        { "plan.xls", "text", "This is an old Excel file (.xls). Open it in Excel, save it as an Excel Workbook (.xlsx) and upload it again." },
        { "plan.csv", "random", "This file is not a CSV text file. Save it as CSV (comma delimited) or as .xlsx from Excel and upload it again." },
        { "plan.docx", "workbook", "This file is not a Word document (.docx). Save it as .docx from Word and upload it again." },
        { "plan.xlsx", "bomb", "This workbook expands to far more data than a real plan holds, so it was not opened. Save it again from Office and upload it again; if the problem continues, remove pictures or sheets you do not need." },
        { "plan.xlsx", "entities", "This workbook contains XML with a document type declaration, which is not allowed in Office files and is refused for safety. Open it in Office, save it again and upload it again." },
        { "plan.csv", "rows", "The file has more than 100,000 rows. Delete the rows you do not need, or split the file, and upload it again." },
    };

    /// <summary>The bytes of each kind of bad file.</summary>
    private static byte[] BadFile(string kind) => kind switch
    {
        "text" => CsvBytes(StrategyRows),
        "random" => RandomBytes(5000),
        "workbook" => Xlsx(StrategyRows),
        "bomb" => WithEntry(Xlsx(StrategyRows), "xl/media/padding.bin", new byte[8 * 1024 * 1024]),
        "entities" => WithDoctype(Xlsx(StrategyRows)),
        "rows" => Encoding.UTF8.GetBytes("Ref,Action\n" + string.Concat(Enumerable.Repeat("1,a\n", 100_001))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A workbook with one more, highly compressed, part: a small file that expands hugely.</summary>
    private static byte[] WithEntry(byte[] package, string name, byte[] content)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            entry.Write(content);
        }

        return stream.ToArray();
    }

    /// <summary>A workbook whose sheet declares an external entity, as an XXE attack would.</summary>
    private static byte[] WithDoctype(byte[] package)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(sheet.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var start = xml.IndexOf("<x:worksheet", StringComparison.Ordinal) is >= 0 and var at ? at : xml.IndexOf("<worksheet", StringComparison.Ordinal);
            var name = sheet.FullName;
            sheet.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + xml[start..]);
        }

        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task AFileThatIsNotWhatItSays_GetsItsMessage_AndNothingIsKept(string fileName, string content, string message)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var bytes = BadFile(content);

        var page = await PageAsync(await UploadAsync(lead, world.PartnershipId, fileName, bytes, NewPlan("Bad file")));

        Assert.Equal([message], TestClient.Errors(page));
        Assert.Equal($"Error: {message}", page.QuerySelector("#Input_File-error")!.TextContent.Trim());
        Assert.Equal("#Input_File", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        Assert.Equal(0, await ImportCountAsync(world));
    }

    [Fact]
    public async Task APasswordProtectedWorkbook_SaysToRemoveThePassword()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        // Encrypted Office files are OLE compound files, not zip packages.
        byte[] compound = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. RandomBytes(2000)];
        var page = await PageAsync(await UploadAsync(lead, world.PartnershipId, "protected.xlsx", compound, NewPlan("Protected")));

        Assert.StartsWith("This workbook is password-protected", Assert.Single(TestClient.Errors(page)), StringComparison.Ordinal);
        Assert.Equal(0, await ImportCountAsync(world));
    }

    [Fact]
    public async Task AFileOver20Megabytes_IsRefusedWithTheLimit()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var message = "This file is larger than 20 MB. Remove sheets, pictures or old rows you do not need, or split it into smaller files, and upload it again.";

        // Just over the limit: the import reads it and refuses it.
        var justOver = Encoding.UTF8.GetBytes("Ref,Action\n" + new string('a', (20 * 1024 * 1024) + 10));
        var page = await PageAsync(await UploadAsync(lead, world.PartnershipId, "big.csv", justOver, NewPlan("Big")));
        Assert.Equal([message], TestClient.Errors(page));

        // Well over: the request is stopped before it is read, and the upload page says why.
        var response = await UploadAsync(lead, world.PartnershipId, "huge.csv", new byte[25 * 1024 * 1024], NewPlan("Huge"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/imports/new?partnershipId={world.PartnershipId}&problem=too-large", response.Headers.Location!.ToString());
        var (status, again) = await lead.GetPageAsync(response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([message], TestClient.Errors(again));
        Assert.Equal(0, await ImportCountAsync(world));
    }

    [Fact]
    public async Task MissingChoices_AreEachNamed()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var nothing = await PageAsync(await UploadAsync(lead, world.PartnershipId, "plan.csv", null, []));
        Assert.Equal(["Select a file", "Select whether to import into a new plan or update an existing plan"], TestClient.Errors(nothing));

        var newPlan = await PageAsync(await UploadAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), new() { ["Input.Into"] = "new" }));
        Assert.Equal(["Select the kind of plan", "Enter the new plan's name"], TestClient.Errors(newPlan));

        var existing = await PageAsync(await UploadAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), new() { ["Input.Into"] = "existing", ["Input.PlanId"] = "999999" }));
        Assert.Equal(["Select the plan to update"], TestClient.Errors(existing));

        var mapping = await PageAsync(await UploadAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), NewPlan("Plan", mapping: "No such mapping")));
        Assert.Equal(["There is no saved mapping called “No such mapping”"], TestClient.Errors(mapping));
        Assert.Equal(0, await ImportCountAsync(world));
    }

    [Fact]
    public async Task HeadersThatLeaveTitleUnmapped_AreAMappingError_AndTheCommitIsRefused()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "no titles.csv", Encoding.UTF8.GetBytes("Ref,Lead\n1.1a,TL\n"), NewPlan("No titles"));

        var (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        var message = "No column is mapped to “Title”. Choose the column that says what each action is.";
        Assert.Equal([message], TestClient.Errors(mapping));

        // Saving the mapping as it is comes back to the mapping page.
        Assert.Equal($"/imports/{id}/mapping", (await SaveMappingAsync(lead, id)).Headers.Location!.ToString());

        var refused = await PageAsync(await CommitAsync(lead, id));
        Assert.Contains(message, TestClient.Errors(refused));
        Assert.False(await PlanExistsAsync(world, "No titles"));

        // Mapping a column to "Title" twice is an error too.
        var twice = await SaveMappingAsync(lead, id, new() { ["Input.Fields[0]"] = "Title", ["Input.Fields[1]"] = "Title" });
        (_, mapping) = await lead.GetPageAsync(twice.Headers.Location!.ToString());
        Assert.Equal(["2 columns are mapped to “Title” (“Ref”, “Lead”). Map one column to each field."], TestClient.Errors(mapping));
    }

    [Theory]
    [InlineData("", "The file has no tables with text in them. Check you chose the right file.")]
    [InlineData("Ref,Action\n", "The table has no rows below the header row.")]
    public async Task AFileWithNothingToImport_SaysSo_OnEveryPage(string csv, string message)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var response = await UploadAsync(lead, world.PartnershipId, "empty.csv", Encoding.UTF8.GetBytes(csv), NewPlan("Empty"));
        if (response.StatusCode == HttpStatusCode.OK)
        {
            // Refused at the upload: nothing kept.
            Assert.NotEmpty(TestClient.Errors(await TestClient.ParseAsync(response)));
            Assert.Equal(0, await ImportCountAsync(world));
            return;
        }

        var id = int.Parse(response.Headers.Location!.ToString().Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        var (status, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([message], TestClient.Errors(mapping));
        Assert.Equal($"/imports/{id}/mapping", (await SaveMappingAsync(lead, id)).Headers.Location!.ToString());
        var (previewStatus, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Equal(HttpStatusCode.OK, previewStatus);
        Assert.Equal([message], TestClient.Errors(preview));
        Assert.Equal([message], TestClient.Errors(await PageAsync(await CommitAsync(lead, id))));
        Assert.False(await PlanExistsAsync(world, "Empty"));
    }

    [Fact]
    public async Task DuplicateRefs_AreListedByRow_AndTheCommitIsRefused()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "duplicates.csv", Encoding.UTF8.GetBytes("Ref,Action\n1.1a,One\n1.1(a),Two\n"), NewPlan("Duplicates"));
        var message = "Row 3, “Ref”: The ref 1.1a is used by more than one action (rows 2, 3). Refs must be different within a level: fix them in the file and upload it again";

        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Equal([message], TestClient.Errors(preview));

        var refused = await PageAsync(await CommitAsync(lead, id));
        Assert.Equal([message], TestClient.Errors(refused));
        Assert.False(await PlanExistsAsync(world, "Duplicates"));
        Assert.Equal(0, await world.QueryAsync(db => db.ImportRecords.CountAsync(r => r.Id == id && r.State != SendImprovement.Core.Imports.ImportState.Draft)));
    }

    [Fact]
    public async Task UnreadableCells_AreFlagged_AndTheCommitWaitsUntilTheyAreFixedOrKept()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var csv = "Ref,Action,Deadline\n1.1a,One,31/02/2021\n1.1b,Two,sometime soon\n1.1c,Three,June 2026\n";
        var id = await UploadOkAsync(lead, world.PartnershipId, "dates.csv", Encoding.UTF8.GetBytes(csv), NewPlan("Dates", kind: BuiltInPlanKinds.Inspection));

        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Empty(TestClient.Errors(preview));
        var flagged = preview.QuerySelectorAll("#preview-rows tbody tr").Where(tr => tr.QuerySelector(".govuk-tag")?.TextContent.Trim() == "Check").Select(tr => tr.Id).ToList();
        Assert.Equal(["row-2", "row-3"], flagged);
        Assert.Contains(("2", "31/02/2021", "Kept as text"), Cells(preview));
        var labels = preview.QuerySelectorAll("#unreadable ~ .govuk-form-group label").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(["Row 2, “Deadline”: 31/02/2021", "Row 3, “Deadline”: sometime soon", "Keep the text of the other cells as it is"], labels);

        // Nothing is written while cells are still open.
        var refused = await PageAsync(await CommitAsync(lead, id));
        Assert.Equal(["2 cells could not be read. Correct them, or choose to keep their text as it is"], TestClient.Errors(refused));
        Assert.False(await PlanExistsAsync(world, "Dates"));

        // Only flagged rows, if the lead asks.
        var (_, onlyFlagged) = await lead.GetPageAsync($"/imports/{id}/preview?only=flagged");
        Assert.Equal(["row-2", "row-3"], onlyFlagged.QuerySelectorAll("#preview-rows tbody tr").Select(tr => tr.Id));

        // One is corrected; still one open.
        var fix = preview.QuerySelectorAll("input[name$='.Text']")[0].GetAttribute("name")!;
        Assert.Equal(HttpStatusCode.Redirect, (await UpdatePreviewAsync(lead, id, new() { [fix] = "28/02/2021" })).StatusCode);
        (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Contains(("2", "28/02/2021", "28 February 2021"), Cells(preview));
        refused = await PageAsync(await CommitAsync(lead, id));
        Assert.Matches("^1 cells? could not be read. Correct (them|it), or choose to keep (their|its) text as it is$", Assert.Single(TestClient.Errors(refused)));
        Assert.StartsWith("Error: 1 cell", refused.QuerySelector("#Input_KeepUnreadable-error")!.TextContent.Trim(), StringComparison.Ordinal);

        // The other is kept as written.
        Assert.Equal(HttpStatusCode.Redirect, (await CommitAsync(lead, id, new() { ["Input.KeepUnreadable"] = "true" })).StatusCode);
        var items = await world.QueryAsync(db => db.PlanItems.AsNoTracking().Where(i => i.Plan.Name == "Dates" && i.Plan.PartnershipId == world.PartnershipId && i.Ref != null).OrderBy(i => i.Ref).ToListAsync());
        Assert.Equal(new DateOnly(2021, 2, 28), items[0].Deadline.End);
        Assert.Equal((PlanDateKind.Unrecognised, "sometime soon"), (items[1].Deadline.Kind, items[1].Deadline.Text));
        var (_, record) = await lead.GetPageAsync($"/imports/{id}");
        Assert.Contains(record.QuerySelectorAll("#warnings li"), li => li.TextContent.Contains("kept as written: “sometime soon”", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadMappingInput_GetsMessages_NotAnError()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), NewPlan("Plan"));

        var page = await PageAsync(await SaveMappingAsync(lead, id, new() { ["Input.HeaderRow"] = "first" }));
        Assert.Equal(["Enter the number of the row that holds the column headers, such as 1"], TestClient.Errors(page));
        page = await PageAsync(await SaveMappingAsync(lead, id, new() { ["Input.HeaderRow"] = "99" }));
        Assert.Equal(["Enter a row of the table, from 1 to 4"], TestClient.Errors(page));
        page = await PageAsync(await SaveMappingAsync(lead, id, new() { ["Input.Fields[2]"] = "Nonsense" }));
        Assert.Equal(["Select what the column holds"], TestClient.Errors(page));
        Assert.Equal("#Input_Fields_2_", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        page = await PageAsync(await SaveMappingAsync(lead, id, new() { ["Input.MappingName"] = new string('x', 101) }));
        Assert.Equal(["The mapping's name must be 100 characters or fewer"], TestClient.Errors(page));

        // An old form (the draft changed since) is a conflict, and says so.
        var (_, mapping) = await lead.GetPageAsync($"/imports/{id}/mapping");
        var stale = TestClient.FormFields(mapping.QuerySelector("main form")!);
        await SaveMappingAsync(lead, id);
        var conflict = await lead.Http.PostAsync($"/imports/{id}/mapping", new FormUrlEncodedContent(stale));
        page = await PageAsync(conflict, HttpStatusCode.Conflict);
        Assert.Equal(["Someone changed this import since you opened it. Nothing has been saved. Check the preview and try again."], TestClient.Errors(page));
    }

    [Fact]
    public async Task BadPreviewInput_GetsMessages_NotAnError()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "plan.csv", CsvBytes(StrategyRows), NewPlan("Plan"));
        var (_, preview) = await lead.GetPageAsync($"/imports/{id}/preview");

        var page = await PageAsync(await UpdatePreviewAsync(lead, id, new() { [LeadField(preview, "JD", "Choice")] = "new" }));
        Assert.Equal(["Enter the name of the new person for “JD”"], TestClient.Errors(page));
        page = await PageAsync(await UpdatePreviewAsync(lead, id, new() { [LeadField(preview, "JD", "Choice")] = "123456789" }));
        Assert.Equal(["Select who “JD” is, or leave them unassigned"], TestClient.Errors(page));
        page = await PageAsync(await CommitAsync(lead, id, new() { [LeadField(preview, "TB", "Choice")] = "new", [LeadField(preview, "TB", "NewName")] = new string('x', 201) }));
        Assert.Equal(["The name for “TB” must be 200 characters or fewer"], TestClient.Errors(page));
        Assert.False(await PlanExistsAsync(world, "Plan"));

        // A form from before someone else's change is a conflict: nothing is saved, and the page shows the latest.
        var (_, stale) = await lead.GetPageAsync($"/imports/{id}/preview");
        var staleFields = TestClient.FormFields(stale.QuerySelector("main form")!);
        Assert.Equal(HttpStatusCode.Redirect, (await UpdatePreviewAsync(lead, id, new() { [LeadField(stale, "JD", "Choice")] = "new", [LeadField(stale, "JD", "NewName")] = "Jo Dee" })).StatusCode);
        var conflict = await PageAsync(await lead.Http.PostAsync($"/imports/{id}/preview?handler=commit", new FormUrlEncodedContent(staleFields)), HttpStatusCode.Conflict);
        Assert.Equal(["Someone changed this import since you opened it. Nothing has been saved. Check the preview and try again."], TestClient.Errors(conflict));
        Assert.Equal("Jo Dee", conflict.QuerySelector($"input[name='{LeadField(conflict, "JD", "NewName")}']")!.GetAttribute("value"));
        Assert.Equal("1", conflict.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.False(await PlanExistsAsync(world, "Plan"));

        // Odd paging is shown as the nearest page; a post to a handler the page does not have is not found.
        Assert.Equal(HttpStatusCode.OK, (await lead.GetPageAsync($"/imports/{id}/preview?page=abc&only=nonsense")).Status);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetPageAsync($"/imports/{id}/preview?page=99999")).Status);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetPageAsync($"/imports/{id}/preview?handler=nonsense")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(lead, $"/imports/{id}/preview", $"/imports/{id}/preview?handler=nonsense", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(lead, $"/imports/{id}/preview", $"/imports/{id}/preview", [])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetPageAsync("/imports/999999")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetPageAsync("/imports/999999/preview")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetPageAsync("/imports/999999/mapping")).Status);
    }

    [Fact]
    public async Task ManyRows_ArePaged_ByAHundred()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var csv = new StringBuilder("Ref,Action,Deadline\n");
        for (var i = 1; i <= 250; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i}.1,Action {i},{(i == 180 ? "whenever" : "June 2026")}\n");
        }

        var id = await UploadOkAsync(lead, world.PartnershipId, "long.csv", Encoding.UTF8.GetBytes(csv.ToString()), NewPlan("Long", kind: BuiltInPlanKinds.Inspection));

        var (_, first) = await lead.GetPageAsync($"/imports/{id}/preview");
        Assert.Equal(100, first.QuerySelectorAll("#preview-rows tbody tr").Length);
        Assert.Equal("row-2", first.QuerySelector("#preview-rows tbody tr")!.Id);
        Assert.Equal("Rows of the file, page 1 of 3", first.QuerySelector("#preview-rows caption")!.TextContent.Trim());
        var (_, last) = await lead.GetPageAsync($"/imports/{id}/preview?page=3");
        Assert.Equal(50, last.QuerySelectorAll("#preview-rows tbody tr").Length);
        var (_, flagged) = await lead.GetPageAsync($"/imports/{id}/preview?only=flagged");
        // Row 2 is flagged too: the file names no workstream, which the import warns about once.
        Assert.Equal(["row-2", "row-181"], flagged.QuerySelectorAll("#preview-rows tbody tr").Select(tr => tr.Id));

        // The buttons keep the page the lead is on.
        var (_, second) = await lead.GetPageAsync($"/imports/{id}/preview?page=2");
        Assert.Contains(second.QuerySelectorAll("main button"), b => b.GetAttribute("formaction") == $"/imports/{id}/preview?handler=update&page=2");
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(4).NextBytes(bytes);
        bytes[0] = 0x01;
        return bytes;
    }
}

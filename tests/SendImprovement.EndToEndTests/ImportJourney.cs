using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;

namespace SendImprovement.EndToEndTests;

/// <summary>The journey of the import issue, in a real browser, with axe-core on every page visited.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ImportJourney(BrowserFixture browser)
{
    private const string PlanName = "Phase Two action plan (imported)";

    private static readonly string[] Headers = ["Theme", "Priority", "Ref", "Action", "Lead", "Start", "End", "Status", "RAG rating", "Key milestones", "Notes"];

    [Fact]
    public async Task LeadImportsASpreadsheet_ChecksEveryCell_MapsPeople_Commits_ThenReimportsANewerVersion()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "programme.lead@northby.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports", Exact = true }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "imports");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import a plan from a file" }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page, "import-upload");

        // Forgetting the file gets a message, and the answers given are kept.
        await page.GetByLabel("Into a new plan").CheckAsync();
        await page.GetByLabel("Strategy phase plan").CheckAsync();
        await page.GetByLabel("Name of the new plan").FillAsync(PlanName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and continue" }).ClickAsync();
        Assert.Contains("Select a file", await page.Locator(".govuk-error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(PlanName, await page.GetByLabel("Name of the new plan").InputValueAsync());
        await Accessibility.AssertNoViolationsAsync(page, "import-upload-errors");

        await page.GetByLabel("Upload a file").SetInputFilesAsync(Workbook("strategy tracker.xlsx",
            ["1. SEND is everybody's business", "1.1 Training for all", "1.1a", "Deliver SEND training", "TB QX*", "Sept 21", "May 2022 (revised from Nov 2021)", "In progress", "Amber?", "• Book trainers\n• Run sessions", "Trainers booked"],
            ["1. SEND is everybody's business", "1.1 Training for all", "1.1b", "Publish the training offer", "TB", "Jan 2022", "tbc", "COMPLETE (ongoing activity)", "Complete", "", ""],
            ["2. Early help", "2.1 Early identification", "2.1a", "Agree the early help pathway", "ZQ", "Spring Term 2022", "sometime soon", "tbc", "Amber", "", ""]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and continue" }).ClickAsync();

        // The mapping: "Notes" says nothing the product knows, so the lead maps it and saves the mapping.
        Assert.Equal("Check what each column holds", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "import-mapping");
        await page.GetByLabel("Column 11: “Notes”").SelectOptionAsync(new SelectOptionValue { Label = "Progress and impact" });
        await page.GetByLabel("Save this mapping as (optional)").FillAsync("Strategy tracker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and check the rows" }).ClickAsync();

        // The preview: raw and read values side by side.
        Assert.Equal("Check the rows before importing", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page, "import-preview");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Sept 21", main, StringComparison.Ordinal);
        Assert.Contains("September 2021", main, StringComparison.Ordinal);
        Assert.Contains("Amber, tentative", main, StringComparison.Ordinal);
        Assert.Contains("May 2022, revised from November 2021", main, StringComparison.Ordinal);
        Assert.Contains("sometime soon", main, StringComparison.Ordinal);

        // QX is someone new; ZQ stays unassigned. Importing before deciding about the unreadable cell is refused.
        await page.GetByLabel("Who is QX?").SelectOptionAsync(new SelectOptionValue { Label = "Someone new: enter their name below" });
        await page.GetByLabel("Name of the new person").First.FillAsync("Jo Dawson");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 9 items" }).ClickAsync();
        Assert.Contains("could not be read", await page.Locator(".govuk-error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "import-preview-errors");
        await page.GetByLabel("Keep the text of the other cells as it is").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 9 items" }).ClickAsync();

        Assert.Contains("strategy tracker.xlsx is imported: 9 new items", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "import-record");
        Assert.Contains("Jo Dawson (QX)", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // The plan is there, and downloads as the template.
        await page.GetByRole(AriaRole.Link, new() { Name = PlanName }).First.ClickAsync();
        Assert.Equal(PlanName, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Deliver SEND training", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as Excel (template)" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var exported = await download.PathAsync();
        using (var workbook = SpreadsheetDocument.Open(exported, false))
        {
            Assert.Contains(workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>(), s => s.Name == "Plan");
        }

        // A month later: the newer spreadsheet updates the plan, with the saved mapping.
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports", Exact = true }).ClickAsync();
        Assert.Contains("strategy tracker.xlsx", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Import a plan from a file" }).ClickAsync();
        await page.GetByLabel("Update an existing plan").CheckAsync();
        await page.GetByLabel("Plan to update").SelectOptionAsync(new SelectOptionValue { Label = PlanName });
        await page.GetByLabel("Use a saved mapping (optional)").SelectOptionAsync(new SelectOptionValue { Value = "Strategy tracker" });
        await page.GetByLabel("Upload a file").SetInputFilesAsync(Workbook("strategy tracker, December.xlsx",
            ["1. SEND is everybody's business", "1.1 Training for all", "1.1a", "Deliver SEND training", "TB QX*", "Sept 21", "July 2022", "In progress", "Green", "• Book trainers\n• Run sessions", "Two sessions held"],
            ["2. Early help", "2.1 Early identification", "2.1a", "Agree the early help pathway", "ZQ", "Spring Term 2022", "sometime soon", "tbc", "Amber", "", ""]));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and continue" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and check the rows" }).ClickAsync();

        main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("What will change", main, StringComparison.Ordinal);
        Assert.Contains("Rating Amber? → Green", main, StringComparison.Ordinal);
        Assert.Contains("Deadline revised from May 2022 to July 2022", main, StringComparison.Ordinal);
        Assert.Contains("1.1b Publish the training offer", main, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "import-preview-update");
        if (await page.GetByLabel("Keep the text of the other cells as it is").CountAsync() > 0)
        {
            await page.GetByLabel("Keep the text of the other cells as it is").CheckAsync();
        }

        await page.Locator("button.govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)").ClickAsync();
        Assert.Contains("is imported: 0 new items, 1 changed", await page.Locator(".govuk-notification-banner").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page, "import-record-update");
    }

    /// <summary>A one-sheet workbook with the headers above and the rows given, every cell an inline string.</summary>
    private static FilePayload Workbook(string name, params string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var (cells, index) in rows.Prepend(Headers).Select((r, i) => (r, i)))
            {
                var row = new Row { RowIndex = (uint)(index + 1) };
                foreach (var (text, column) in cells.Select((t, c) => (t, c)))
                {
                    row.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + column)}{index + 1}",
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
                    });
                }

                data.Append(row);
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "Action plan" }));
        }

        return new FilePayload { Name = name, MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = stream.ToArray() };
    }
}

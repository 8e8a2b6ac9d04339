using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SendImprovement.Web.Tests.Infrastructure;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SendImprovement.Web.Tests.Imports;

/// <summary>
/// The steps the import tests share: files built in code (CSV text, an .xlsx and a .docx made with the OpenXml SDK),
/// uploading them as a browser would (multipart, with the form's antiforgery token), and submitting the mapping and
/// preview forms with every field as the page filled it.
/// </summary>
internal static class ImportSteps
{
    /// <summary>A strategy action plan, one row per action: the spellings the issue names.</summary>
    public static readonly string[][] StrategyRows =
    [
        ["Theme", "Priority", "Ref", "Action", "Lead", "Start", "End", "Status", "RAG rating", "Notes"],
        ["1. SEND is everybody's business", "1.1 Training for all", "1.1a", "Deliver SEND training", "TL JD*", "Sept 19", "May 2021 (revised from Nov 2019)", "In progress", "Amber?", "Two sessions held"],
        ["1. SEND is everybody's business", "1.1 Training for all", "1.1b", "Publish the training offer", "TB", "Sept 21", "Dec 2022", "COMPLETE", "Complete", ""],
        ["2. Early help", "2.1 Early identification", "2.1", "Agree the pathway", "OO", "Spring Term 2022", "March 2023", "tbc", "Green", ""],
    ];

    public static string Csv(string[][] rows) =>
        string.Join("\n", rows.Select(r => string.Join(",", r.Select(c => c.Contains(',', StringComparison.Ordinal) || c.Contains('"', StringComparison.Ordinal) || c.Contains('\n', StringComparison.Ordinal) ? $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : c)))) + "\n";

    public static byte[] CsvBytes(string[][] rows) => Encoding.UTF8.GetBytes(Csv(rows));

    /// <summary>A workbook with one sheet holding the rows as inline strings.</summary>
    public static byte[] Xlsx(string[][] rows, string sheetName = "Action plan")
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    row.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{(r + 1).ToString(CultureInfo.InvariantCulture)}",
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(rows[r][c]) { Space = SpaceProcessingModeValues.Preserve }),
                    });
                }

                data.Append(row);
            }

            worksheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = sheetName }));
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A Word document with a heading paragraph and one table per set of rows.</summary>
    public static byte[] Docx(params string[][][] tables)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body(new W.Paragraph(new W.Run(new W.Text("Written Statement of Action"))));
            foreach (var rows in tables)
            {
                var table = new W.Table(new W.TableProperties(new W.TableWidth { Type = W.TableWidthUnitValues.Auto, Width = "0" }));
                foreach (var cells in rows)
                {
                    var row = new W.TableRow();
                    foreach (var text in cells)
                    {
                        row.Append(new W.TableCell(new W.Paragraph(new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }))));
                    }

                    table.Append(row);
                }

                body.Append(table);
                body.Append(new W.Paragraph(new W.Run(new W.Text("Notes between the tables."))));
            }

            main.Document = new W.Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>The upload form's fields for a new plan of the strategy kind, or an update of a plan.</summary>
    public static Dictionary<string, string> NewPlan(string name, string kind = "strategy", string? mapping = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Into"] = "new", ["Input.KindKey"] = kind, ["Input.PlanName"] = name };
        if (mapping is not null)
        {
            fields["Input.MappingName"] = mapping;
        }

        return fields;
    }

    public static Dictionary<string, string> ExistingPlan(int planId, string? mapping = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Into"] = "existing", ["Input.PlanId"] = planId.ToString(CultureInfo.InvariantCulture) };
        if (mapping is not null)
        {
            fields["Input.MappingName"] = mapping;
        }

        return fields;
    }

    /// <summary>Uploads a file through the upload form as a browser would, and returns the response (not followed).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(TestClient client, int partnershipId, string fileName, byte[]? content, Dictionary<string, string> fields)
    {
        var url = $"/imports/new?partnershipId={partnershipId.ToString(CultureInfo.InvariantCulture)}";
        var (status, page) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "Input.File", fileName);
        }

        return await client.Http.PostAsync(url, form);
    }

    /// <summary>Uploads and expects to be sent on to the mapping page; returns the import's id.</summary>
    public static async Task<int> UploadOkAsync(TestClient client, int partnershipId, string fileName, byte[] content, Dictionary<string, string> fields)
    {
        var response = await UploadAsync(client, partnershipId, fileName, content, fields);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Uploading {fileName} gave {(int)response.StatusCode}: {string.Join("; ", TestClient.Errors(await TestClient.ParseAsync(response)))}");
        }

        var location = response.Headers.Location!.ToString();
        Assert.Matches(@"^/imports/\d+/mapping$", location);
        return int.Parse(location.Split('/')[2], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Submits the first form on <paramref name="pageUrl"/> to <paramref name="postUrl"/> as a browser would: every field
    /// with the value the page gave it, with <paramref name="changes"/> replacing fields (an empty value removes a
    /// checkbox).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(TestClient client, string pageUrl, string postUrl, Dictionary<string, string> changes, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var (status, page) = await client.GetPageAsync(pageUrl);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {pageUrl} gave {(int)status}");
        }

        var form = page.QuerySelector("main form[method=post]") ?? throw new InvalidOperationException($"No form on {pageUrl}");
        var fields = TestClient.FormFields(form).Where(f => !changes.ContainsKey(f.Key)).ToList();
        fields.AddRange(changes.Where(c => c.Value.Length > 0 || !IsCheckbox(form, c.Key)));
        fields.AddRange(extra ?? []);
        return await client.Http.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    private static bool IsCheckbox(IElement form, string name) =>
        form.QuerySelectorAll("input[type=checkbox]").Any(i => i.GetAttribute("name") == name);

    /// <summary>The name of the select for the column whose label has this header.</summary>
    public static string ColumnSelect(IDocument mapping, string header)
    {
        var label = mapping.QuerySelectorAll("main label").FirstOrDefault(l => l.TextContent.Contains($"“{header}”", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No column “{header}” on the mapping page");
        return mapping.GetElementById(label.GetAttribute("for")!)!.GetAttribute("name")!;
    }

    /// <summary>The selected value of a select on a page.</summary>
    public static string? Selected(IDocument page, string name) =>
        page.QuerySelector($"select[name='{name}']") is IHtmlSelectElement select ? select.Options.FirstOrDefault(o => o.IsSelected)?.Value : null;

    /// <summary>Saves the mapping page as it stands (plus changes) and returns the response.</summary>
    public static Task<HttpResponseMessage> SaveMappingAsync(TestClient client, int importId, Dictionary<string, string>? changes = null) =>
        SubmitAsync(client, $"/imports/{importId}/mapping", $"/imports/{importId}/mapping", changes ?? []);

    public static Task<HttpResponseMessage> UpdatePreviewAsync(TestClient client, int importId, Dictionary<string, string>? changes = null, IEnumerable<KeyValuePair<string, string>>? extra = null) =>
        SubmitAsync(client, $"/imports/{importId}/preview", $"/imports/{importId}/preview?handler=update", changes ?? [], extra);

    public static Task<HttpResponseMessage> CommitAsync(TestClient client, int importId, Dictionary<string, string>? changes = null) =>
        SubmitAsync(client, $"/imports/{importId}/preview", $"/imports/{importId}/preview?handler=commit", changes ?? []);

    /// <summary>The name of the field for a lead's choice, found by the lead's example in its legend.</summary>
    public static string LeadField(IDocument preview, string example, string part)
    {
        var fieldset = preview.QuerySelectorAll("main fieldset").FirstOrDefault(f => f.QuerySelector("legend")?.TextContent.StartsWith($"“{example}”", StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException($"No choice for {example} on the preview");
        return fieldset.QuerySelectorAll($"[name$='.{part}']")[0].GetAttribute("name")!;
    }

    /// <summary>Every cell of the rows table as (row, raw, read as): read as is the raw text when nothing was interpreted.</summary>
    public static List<(string Row, string Raw, string Read)> Cells(IDocument preview) =>
        preview.QuerySelectorAll("#preview-rows tbody tr").SelectMany(tr => tr.QuerySelectorAll(".app-import-cell").Select(li => (
            tr.QuerySelector("th")!.TextContent.Trim(),
            li.QuerySelector(".app-import-raw")!.TextContent.Trim(),
            (li.QuerySelector(".app-import-read") ?? li.QuerySelector(".app-import-raw"))!.TextContent.Trim()))).ToList();

    /// <summary>Asserts that a response is a page (not a redirect) and returns it with its status.</summary>
    public static async Task<IDocument> PageAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.Equal(expected, response.StatusCode);
        return await TestClient.ParseAsync(response);
    }
}

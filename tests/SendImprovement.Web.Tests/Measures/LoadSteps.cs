using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Imports;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>
/// What the tests of loading figures share: files of figures built in code (a DfE open-data CSV, simple CSV and a
/// simple workbook made with the OpenXml SDK), measures to load them into, and the upload and load pages driven as a
/// browser would drive them.
/// </summary>
internal static class MeasureLoadSteps
{
    public const string TimelinessCode = "ehcp-20-weeks-excl";
    public const string TimelinessName = "New EHCPs issued within 20 weeks (excluding exceptions)";

    /// <summary>
    /// A DfE open-data file for two calendar years: England, a region and councils, with three indicators. Derby's
    /// count is suppressed (c), Nottingham's percentage is "low" and Derbyshire's is not available (:). Row 7 has a
    /// council code that is not one (E6000001), row 8 is for another geographic level and row 9's period does not parse.
    /// </summary>
    public const string DfeCsv = """
        time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,pct_within_20wks_excl,pct_within_20wks_incl,ehcp_count
        2022,Calendar year,National,E92000001,England,,,,,,59.9,50.7,517049
        2022,Calendar year,Regional,E92000001,England,E12000004,East Midlands,,,,55.1,48.0,40000
        2022,Calendar year,Local authority,E92000001,England,E12000004,East Midlands,E06000015,831,Derby,62.5,58.1,c
        2022,Calendar year,Local authority,E92000001,England,E12000004,East Midlands,E06000018,892,Nottingham,low,40.1,3000
        2022,Calendar year,Local authority,E92000001,England,E12000004,East Midlands,E10000007,830,Derbyshire,:,45,7000
        2022,Calendar year,Local authority,E92000001,England,E12000004,East Midlands,E6000001,999,Badshire,50,50,100
        2022,Calendar year,Parliamentary constituency,E92000001,England,E12000004,East Midlands,,,,70,70,10
        2O22,Calendar year,National,E92000001,England,,,,,,60,51,520000
        2021,Calendar year,National,E92000001,England,,,,,,58.0,49.0,480000
        """;

    /// <summary>Figures the two chosen indicators give on the valid rows (rows 2 to 6 and 10, two each).</summary>
    public const int DfeFiguresChosen = 12;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n") + "\r\n");

    /// <summary>A percentage measure with monthly figures, as the library page would add it.</summary>
    public static async Task<int> AddMeasureAsync(AppFactory factory, TestWorld world, string name = TimelinessName, string code = TimelinessCode, MeasureUnit unit = MeasureUnit.Percentage)
    {
        using var scope = factory.Services.CreateScope();
        var measure = await scope.ServiceProvider.GetRequiredService<MeasureService>().CreateAsync(
            Actor.System("Test set-up"),
            world.PartnershipId,
            new MeasureDetails { Name = name, Code = code, Unit = unit, Direction = MeasureDirection.HigherIsBetter, Frequency = PeriodType.Month });
        return measure.Id;
    }

    /// <summary>A workbook in the simple layout: text cells for text, number cells for numbers, as Excel saves them.</summary>
    public static byte[] SimpleXlsx(params object?[][] rows)
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
                    var reference = $"{(char)('A' + c)}{(r + 1).ToString(CultureInfo.InvariantCulture)}";
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case decimal number:
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number) });
                            break;
                        case var text:
                            row.Append(new Cell
                            {
                                CellReference = reference,
                                DataType = CellValues.InlineString,
                                InlineString = new InlineString(new Text(Convert.ToString(text, CultureInfo.InvariantCulture)!) { Space = SpaceProcessingModeValues.Preserve }),
                            });
                            break;
                    }
                }

                data.Append(row);
            }

            worksheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = "Figures" }));
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>Uploads a file through the upload form as a browser would and returns the response (not followed).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(TestClient client, int partnershipId, string fileName, byte[]? content)
    {
        var url = $"/measures/loads/new?partnershipId={partnershipId.ToString(CultureInfo.InvariantCulture)}";
        var (status, page) = await client.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "Input.File", fileName);
        }

        return await client.Http.PostAsync(url, form);
    }

    /// <summary>Uploads and expects to be sent on to the file's page; returns the load's id.</summary>
    public static async Task<long> UploadOkAsync(TestClient client, int partnershipId, string fileName, byte[] content)
    {
        var response = await UploadAsync(client, partnershipId, fileName, content);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Uploading {fileName} gave {(int)response.StatusCode}: {string.Join("; ", TestClient.Errors(await TestClient.ParseAsync(response)))}");
        }

        var location = response.Headers.Location!.ToString();
        Assert.Matches(@"^/measures/loads/\d+$", location);
        return long.Parse(location.Split('/')[3], CultureInfo.InvariantCulture);
    }

    public static async Task<IDocument> PageAsync(TestClient client, long loadId)
    {
        var (status, page) = await client.GetPageAsync($"/measures/loads/{loadId.ToString(CultureInfo.InvariantCulture)}");
        Assert.Equal(HttpStatusCode.OK, status);
        return page;
    }

    /// <summary>
    /// Submits the form on <paramref name="page"/> with one of its buttons (check, load or discard), every field as the
    /// page filled it, and <paramref name="changes"/> replacing fields (an empty value unticks a checkbox).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(TestClient client, IDocument page, long loadId, string handler, Dictionary<string, string>? changes = null)
    {
        var form = page.QuerySelector("main form[method=post]") ?? throw new InvalidOperationException("No form on the page");
        changes ??= [];
        var fields = TestClient.FormFields(form).Where(f => !changes.ContainsKey(f.Key)).ToList();
        fields.AddRange(changes.Where(c => c.Value.Length > 0));
        return await client.Http.PostAsync($"/measures/loads/{loadId.ToString(CultureInfo.InvariantCulture)}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>Submits and reads the page that comes back (the check's result, or the page with its errors).</summary>
    public static async Task<(HttpStatusCode Status, IDocument Page)> SubmitAndReadAsync(TestClient client, IDocument page, long loadId, string handler, Dictionary<string, string>? changes = null)
    {
        var response = await SubmitAsync(client, page, loadId, handler, changes);
        return (response.StatusCode, await TestClient.ParseAsync(response));
    }

    /// <summary>The index of a series in the load page's table, found by its hidden key.</summary>
    public static int SeriesIndex(IDocument page, string key)
    {
        var hidden = page.QuerySelectorAll("input[type=hidden]").FirstOrDefault(i => i.GetAttribute("value") == key && i.GetAttribute("name")!.EndsWith(".Key", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No series {key} on the page");
        var name = hidden.GetAttribute("name")!;
        return int.Parse(name["Input.Series[".Length..name.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    /// <summary>The summary list rows of an element, as key → value text.</summary>
    public static Dictionary<string, string> SummaryRows(IDocument page, string id) =>
        page.QuerySelectorAll($"#{id} .govuk-summary-list__row").ToDictionary(
            r => r.QuerySelector("dt")!.TextContent.Trim(),
            r => string.Join(' ', r.QuerySelector("dd")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>The problems table: row → problem.</summary>
    public static List<(string Row, string Problem)> Problems(IDocument page) =>
        [.. page.QuerySelectorAll("#problems tbody tr").Select(r => (r.Children[0].TextContent.Trim(), r.Children[1].TextContent.Trim()))];

    /// <summary>What the partnership holds: figures (current and replaced), comparators and loads.</summary>
    public sealed record Stored(int Observations, int Replaced, int Comparators, int ComparatorsReplaced, int Loaded, int Drafts);

    public static Task<Stored> StoredAsync(TestWorld world) => world.QueryAsync(async db =>
    {
        var measureIds = await db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.Id).ToListAsync();
        return new Stored(
            await db.MeasureObservations.CountAsync(o => measureIds.Contains(o.MeasureId) && o.ReplacedAtUtc == null),
            await db.MeasureObservations.CountAsync(o => measureIds.Contains(o.MeasureId) && o.ReplacedAtUtc != null),
            await db.ComparatorValues.CountAsync(v => v.PartnershipId == world.PartnershipId && v.ReplacedAtUtc == null),
            await db.ComparatorValues.CountAsync(v => v.PartnershipId == world.PartnershipId && v.ReplacedAtUtc != null),
            await db.MeasureLoads.CountAsync(l => l.PartnershipId == world.PartnershipId && l.State == MeasureLoadState.Loaded),
            await db.MeasureLoads.CountAsync(l => l.PartnershipId == world.PartnershipId && l.State == MeasureLoadState.Draft));
    });
}

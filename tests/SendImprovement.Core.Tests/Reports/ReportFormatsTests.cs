using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Tests.Services;
using UglyToad.PdfPig;
using W = DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace SendImprovement.Core.Tests.Reports;

/// <summary>
/// The real reports of a closed Northby period, opened the way their readers' software would: Word and Excel with
/// the OpenXml SDK, PDF by extracting its text. What they say is checked against the facts worked out separately.
/// </summary>
public sealed class ReportFormatsTests : IAsyncLifetime
{
    private CoreHarness _harness = null!;
    private ReportingPeriod _period = null!;
    private PlanSnapshot _snapshot = null!;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        (_period, _snapshot) = await _harness.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoPartnership>().LoadAsync();
            var db = sp.GetRequiredService<AppDbContext>();
            var period = await db.ReportingPeriods.AsNoTracking()
                .Where(p => p.Plan.Kind.Key == BuiltInPlanKinds.Strategy && p.State == PeriodState.Closed)
                .OrderByDescending(p => p.AsAt).FirstAsync();
            return (period, await sp.GetRequiredService<PeriodService>().SnapshotAsync(period));
        });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task WordInterimReport_HasTheTitleHeadingsTablesAndFigures()
    {
        var bytes = await Generate(ReportKind.Interim, ReportFormat.Docx);

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = document.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<W.Paragraph>().ToList();
        string? Style(W.Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

        Assert.Equal($"Interim report: {_snapshot.PlanName}, {_period.Name}", paragraphs.Single(p => Style(p) == "Title").InnerText);
        Assert.Equal($"Interim report: {_snapshot.PlanName}, {_period.Name}", document.PackageProperties.Title);
        Assert.Equal("en-GB", document.PackageProperties.Language);
        var headings = paragraphs.Where(p => Style(p) == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(["Themes", "Interdependency key", .. ReportBuilder.Sections(_snapshot).Select(s => $"Priority {s.Label}")], headings);

        // One table of actions per priority, each with a repeating header row and a caption, one row per action.
        var tables = body.Elements<W.Table>().ToList();
        var timeliness = ReportBuilder.Sections(_snapshot).Single(s => s.Ref == "2.2");
        var table = tables.Single(t => t.GetFirstChild<W.TableProperties>()!.GetFirstChild<W.TableCaption>()!.Val == $"Actions: {timeliness.Label}");
        var rows = table.Elements<W.TableRow>().ToList();
        Assert.NotNull(rows[0].TableRowProperties?.GetFirstChild<W.TableHeader>());
        Assert.Equal(["Ref", "Action", "Lead", "Start", "End", "Progress status", "RAG rating"], rows[0].Elements<W.TableCell>().Select(c => c.InnerText));
        Assert.Equal(PeriodFacts.ForSection(_snapshot, timeliness).Actions.Count, rows.Count - 1);
        var backlog = rows.Single(r => r.Elements<W.TableCell>().First().InnerText == "5.3").Elements<W.TableCell>().ToList();
        Assert.Equal("Sarah Whitfield", backlog[2].InnerText);
        Assert.Equal(_snapshot.Items.Single(i => i.Ref == "5.3" && i.Depth == 2).Rating!.Value, backlog[6].InnerText);
    }

    [Fact]
    public async Task PdfCommitteeUpdate_CarriesTheFactsAndIsTaggedWithAnOutline()
    {
        var bytes = await Generate(ReportKind.Committee, ReportFormat.Pdf);

        using var pdf = PdfDocument.Open(bytes);
        var text = Normalise(string.Join(" ", pdf.GetPages().Select(p => p.Text)));
        Assert.Contains(Normalise($"Committee update: {_snapshot.PlanName}, {_period.Name}"), text, StringComparison.Ordinal);
        foreach (var statement in PeriodFacts.ForPlan(_snapshot).Statements())
        {
            Assert.Contains(Normalise(statement), text, StringComparison.Ordinal);
        }

        Assert.Equal($"Committee update: {_snapshot.PlanName}, {_period.Name}", pdf.Information.Title);
        Assert.True(pdf.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.Create("StructTreeRoot")), "The PDF is not tagged.");
        Assert.True(pdf.TryGetBookmarks(out var bookmarks) && bookmarks.GetNodes().Any(b => b.Title == "The plan as a whole"), "The PDF has no outline.");
    }

    [Fact]
    public async Task ExcelProgressTable_ReadsBackRowByRow()
    {
        var bytes = await Generate(ReportKind.Progress, ReportFormat.Xlsx);

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var part = workbook.WorkbookPart!;
        var sheets = part.Workbook.Sheets!.Elements<X.Sheet>().ToList();
        Assert.Equal(["About", .. ReportBuilder.Sections(_snapshot).Select(s => $"{s.Ref} progress")], sheets.Select(s => s.Name!.Value));

        var sheet = sheets.Single(s => s.Name == "2.2 progress");
        var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<X.Row>().Select(r => r.Elements<X.Cell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["Ref", "Action", "Lead", "Resource", "Milestones", "RAG rating", "Progress"], rows[0]);
        var section = ReportBuilder.Sections(_snapshot).Single(s => s.Ref == "2.2");
        Assert.Equal(PeriodFacts.ForSection(_snapshot, section).Actions.Select(a => a.Ref), rows.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task AReportForAPeriodThatDoesNotExist_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _harness.InScopeAsync(sp =>
            sp.GetRequiredService<ReportService>().GenerateAsync(Actor.System("Test"), 999_999, ReportKind.Interim, ReportFormat.Docx)));
    }

    private Task<byte[]> Generate(ReportKind kind, ReportFormat format) =>
        _harness.InScopeAsync(async sp => (await sp.GetRequiredService<ReportService>().GenerateAsync(Actor.System("Test"), _period.Id, kind, format)).Content);

    private static string Normalise(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}

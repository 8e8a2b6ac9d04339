using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureLoadSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>Loading files of figures through the pages: both layouts, the check, problems by row, corrections and refusals.</summary>
[Collection(WebTestGroup.Name)]
public sealed class MeasureLoadPagesTests(AppFactory factory)
{
    private const string Excl = "pct_within_20wks_excl";
    private const string Incl = "pct_within_20wks_incl";
    private const string Count = "ehcp_count";

    private static readonly string[] SimpleHeader = ["measure", "area", "period", "value", "note"];

    private static Task<int> AuditCountAsync(TestWorld world) =>
        world.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PartnershipId == world.PartnershipId));

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The DfE file's two chosen series: the percentage for the measure, the count for no measure.</summary>
    private static Dictionary<string, string> ChooseTwoOfThree(AngleSharp.Dom.IDocument page, int measureId)
    {
        var excl = SeriesIndex(page, Excl);
        var count = SeriesIndex(page, Count);
        var incl = SeriesIndex(page, Incl);
        return new Dictionary<string, string>
        {
            [$"Input.Series[{excl}].Load"] = "true",
            [$"Input.Series[{excl}].MeasureId"] = measureId.ToString(CultureInfo.InvariantCulture),
            [$"Input.Series[{count}].Load"] = "true",
            [$"Input.Series[{incl}].Load"] = string.Empty,
        };
    }

    [Fact]
    public async Task DfeFile_ChooseTwoOfThreeIndicators_CheckShowsEverything_AndLoadingTheValidRowsSetsTheComparator()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var id = await UploadOkAsync(lead, world.PartnershipId, "ehcp-2022.csv", Bytes(DfeCsv));
        var page = await PageAsync(lead, id);

        // The file's series, with their counts, none chosen yet (no measure names them).
        Assert.Equal("DfE open data", SummaryRows(page, "file")["Layout"]);
        var rows = page.QuerySelectorAll("#series tbody tr").ToList();
        Assert.Equal(3, rows.Count);
        var countRow = rows[SeriesIndex(page, Count)];
        Assert.Equal(Count, countRow.QuerySelector("th")!.TextContent.Trim());
        Assert.Equal(["9", "1"], countRow.QuerySelectorAll("td.govuk-table__cell--numeric").Select(c => c.TextContent.Trim()));
        Assert.Equal(["9", "2"], rows[SeriesIndex(page, Excl)].QuerySelectorAll("td.govuk-table__cell--numeric").Select(c => c.TextContent.Trim()));
        Assert.All(page.QuerySelectorAll("#series input[type=checkbox]").Cast<IHtmlInputElement>(), box => Assert.False(box.IsChecked));
        Assert.Equal("Compare with measure", page.QuerySelectorAll("#series thead th")[4].TextContent.Trim());
        var options = page.QuerySelectorAll($"select[name='Input.Series[{SeriesIndex(page, Excl)}].MeasureId'] option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Equal(["None", $"{TimelinessName} ({TimelinessCode})"], options);
        Assert.Null(page.QuerySelector("#outcome"));

        var before = await StoredAsync(world);
        var audits = await AuditCountAsync(world);
        var (status, check) = await SubmitAndReadAsync(lead, page, id, "Check", ChooseTwoOfThree(page, measureId));

        // The check counts what loading the valid rows would do and writes nothing.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(TestClient.Errors(check));
        var outcome = SummaryRows(check, "outcome");
        Assert.Equal("9", outcome["Rows read"]);
        Assert.Equal("12", outcome["Figures read"]);
        Assert.Equal("12", outcome["Would be added"]);
        Assert.StartsWith("0", outcome["Would be corrected"], StringComparison.Ordinal);
        Assert.Equal("0", outcome["Would be unchanged"]);
        Assert.Equal("3", outcome["Suppressed or not available"]);
        Assert.Contains("3 figures are one of the DfE's symbols instead of a number. They are kept as the symbol, never read as zero", check.QuerySelector("#suppressed")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("suppressed to protect confidentiality", check.QuerySelector("details")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["Rows for the geographic level “Parliamentary constituency” are not loaded: only national, regional and local authority figures are."],
            check.QuerySelectorAll("#notes li").Select(li => li.TextContent.Trim()));
        var problems = Problems(check);
        Assert.Equal(["7", "9"], problems.Select(p => p.Row));
        Assert.StartsWith("“E6000001” is not a local authority code", problems[0].Problem, StringComparison.Ordinal);
        Assert.StartsWith("The time period “2O22” does not fit the time identifier “Calendar year”", problems[1].Problem, StringComparison.Ordinal);
        Assert.Contains("2 rows have problems. Nothing can be loaded while they do", TestClient.Text(check), StringComparison.Ordinal);
        Assert.Equal("Load the valid rows and leave out the 2 rows with problems", check.QuerySelector("label[for=Input_LoadValidRows]")!.TextContent.Trim());
        Assert.Equal(before, await StoredAsync(world));
        Assert.Equal(audits, await AuditCountAsync(world));

        // The choices came back with the page.
        Assert.True(((IHtmlInputElement)check.QuerySelector($"input[name='Input.Series[{SeriesIndex(check, Excl)}].Load']")!).IsChecked);
        Assert.True(((IHtmlInputElement)check.QuerySelector($"input[name='Input.Series[{SeriesIndex(check, Count)}].Load']")!).IsChecked);
        Assert.False(((IHtmlInputElement)check.QuerySelector($"input[name='Input.Series[{SeriesIndex(check, Incl)}].Load']")!).IsChecked);
        Assert.Equal(measureId.ToString(CultureInfo.InvariantCulture), Imports.ImportSteps.Selected(check, $"Input.Series[{SeriesIndex(check, Excl)}].MeasureId"));

        // Loading without leaving out the rows with problems is refused, and nothing is written.
        var (refusedStatus, refused) = await SubmitAndReadAsync(lead, check, id, "Load");
        Assert.Equal(HttpStatusCode.OK, refusedStatus);
        Assert.Equal(
            ["Nothing was loaded: 2 rows have problems. Correct the file and upload it again, or choose to load only the valid rows."],
            TestClient.Errors(refused));
        Assert.Equal(2, Problems(refused).Count);
        Assert.Equal(before, await StoredAsync(world));

        var loaded = await SubmitAsync(lead, refused, id, "Load", new() { ["Input.LoadValidRows"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, loaded.StatusCode);
        Assert.Equal($"/measures/loads/{Id(id)}", loaded.Headers.Location!.ToString());

        var done = await PageAsync(lead, id);
        Assert.Equal("Figures loaded", done.QuerySelector("#loaded-panel h1")!.TextContent.Trim());
        Assert.Equal("12 added, 0 corrected, 0 unchanged, 2 rows with problems left out", done.QuerySelector("#loaded-panel .govuk-panel__body")!.TextContent.Trim());
        Assert.Null(done.QuerySelector("main form[method=post] button"));
        Assert.Null((await PageAsync(lead, id)).QuerySelector("#loaded-panel"));

        Assert.Equal(before with { Comparators = 12, Loaded = 1, Drafts = 0 }, await StoredAsync(world));
        var stored = await world.QueryAsync(db => db.ComparatorValues.Where(v => v.PartnershipId == world.PartnershipId).ToListAsync());
        Assert.DoesNotContain(stored, v => v.Series == Incl);
        Assert.Equal(("c", (decimal?)null), stored.Where(v => v.Code == "E06000015" && v.Series == Count).Select(v => (v.Symbol, v.Value)).Single());
        Assert.Equal(("low", (decimal?)null), stored.Where(v => v.Code == "E06000018" && v.Series == Excl).Select(v => (v.Symbol, v.Value)).Single());
        Assert.Equal((":", (decimal?)null), stored.Where(v => v.Code == "E10000007" && v.Series == Excl).Select(v => (v.Symbol, v.Value)).Single());
        Assert.Equal(62.5m, stored.Single(v => v.Code == "E06000015" && v.Series == Excl).Value);
        Assert.Equal(GeographicLevel.Regional, stored.Single(v => v.Code == "E12000004" && v.Series == Excl).Level);
        Assert.Equal(new DateOnly(2021, 1, 1), stored.Single(v => v.Code == "E92000001" && v.Series == Excl && v.Value == 58.0m).PeriodStart);
        Assert.Equal(Excl, await world.QueryAsync(db => db.Measures.Where(m => m.Id == measureId).Select(m => m.ComparatorSeries).SingleAsync()));
        var record = await world.QueryAsync(db => db.MeasureLoads.SingleAsync(l => l.Id == id));
        Assert.Equal((9, 12, 0, 0, 2), (record.RowsRead, record.Added, record.Corrected, record.Unchanged, record.RowsSkipped));
        Assert.Null(record.Content);

        var (_, list) = await lead.GetPageAsync("/measures/loads");
        var listed = list.QuerySelector("#loaded tbody tr")!;
        Assert.Equal("ehcp-2022.csv", listed.QuerySelector("a")!.TextContent.Trim());
        Assert.Equal($"/measures/loads/{Id(id)}", listed.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("DfE open data", listed.TextContent, StringComparison.Ordinal);
        Assert.Contains("12 added, 0 corrected, 0 unchanged, 2 rows with problems left out", listed.TextContent, StringComparison.Ordinal);
        Assert.Equal("Load figures from a file", list.QuerySelector("main a.govuk-button")!.TextContent.Trim());
    }

    [Fact]
    public async Task DfeFile_LoadedTwice_ChangesNothing_AndTheSecondTimeSuggestsTheMeasuresSeries()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var first = await UploadOkAsync(lead, world.PartnershipId, "ehcp.csv", Bytes(DfeCsv));
        var firstPage = await PageAsync(lead, first);
        var choices = ChooseTwoOfThree(firstPage, measureId);
        choices["Input.LoadValidRows"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, firstPage, first, "Load", choices)).StatusCode);
        var after = await StoredAsync(world);

        var second = await UploadOkAsync(lead, world.PartnershipId, "ehcp.csv", Bytes(DfeCsv));
        var page = await PageAsync(lead, second);

        // The measure now takes its comparators from the percentage, so that series is suggested for it.
        Assert.True(((IHtmlInputElement)page.QuerySelector($"input[name='Input.Series[{SeriesIndex(page, Excl)}].Load']")!).IsChecked);
        Assert.Equal(measureId.ToString(CultureInfo.InvariantCulture), Imports.ImportSteps.Selected(page, $"Input.Series[{SeriesIndex(page, Excl)}].MeasureId"));
        Assert.False(((IHtmlInputElement)page.QuerySelector($"input[name='Input.Series[{SeriesIndex(page, Count)}].Load']")!).IsChecked);

        var (_, check) = await SubmitAndReadAsync(lead, page, second, "Check", ChooseTwoOfThree(page, measureId));
        var outcome = SummaryRows(check, "outcome");
        Assert.Equal("0", outcome["Would be added"]);
        Assert.StartsWith("0", outcome["Would be corrected"], StringComparison.Ordinal);
        Assert.Equal("12", outcome["Would be unchanged"]);

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, second, "Load", new() { ["Input.LoadValidRows"] = "true" })).StatusCode);
        Assert.Equal("0 added, 0 corrected, 12 unchanged, 2 rows with problems left out", (await PageAsync(lead, second)).QuerySelector("#loaded-panel .govuk-panel__body")!.TextContent.Trim());
        Assert.Equal(after with { Loaded = 2 }, await StoredAsync(world));
    }

    [Fact]
    public async Task SimpleCsv_LoadsTheAreasFiguresAndAComparator_WithSymbolsAndNotes()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var csv = $"""
            measure,area,period,value,note
            {TimelinessCode},,March 2026,62,
            {TimelinessCode},North Area,March 2026,58.5,
            {TimelinessName},,April 2026,c,"Fewer than 5 plans, so not published"
            {TimelinessCode},England,2025,59.9,
            """;

        var id = await UploadOkAsync(lead, world.PartnershipId, "monthly.csv", Bytes(csv));
        var page = await PageAsync(lead, id);
        Assert.Equal("Simple layout", SummaryRows(page, "file")["Layout"]);
        Assert.Null(page.QuerySelector("#series"));

        var (status, check) = await SubmitAndReadAsync(lead, page, id, "Check");
        Assert.True(status == HttpStatusCode.OK, TestClient.Text(check));
        var outcome = SummaryRows(check, "outcome");
        Assert.Equal(("4", "4", "4", "1"), (outcome["Rows read"], outcome["Figures read"], outcome["Would be added"], outcome["Suppressed or not available"]));
        Assert.Null(check.QuerySelector("#problems"));
        Assert.Null(check.QuerySelector("#Input_LoadValidRows"));
        Assert.Equal(new Held(0, 0), await CountsAsync(world));

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, id, "Load")).StatusCode);
        Assert.Equal("4 added, 0 corrected, 0 unchanged", (await PageAsync(lead, id)).QuerySelector("#loaded-panel .govuk-panel__body")!.TextContent.Trim());

        var figures = await world.QueryAsync(db => db.MeasureObservations.Where(o => o.MeasureId == measureId).OrderBy(o => o.Id).ToListAsync());
        Assert.Equal(3, figures.Count);
        Assert.Contains(figures, o => o.AreaId == null && o.Value == 62m && o.PeriodType == PeriodType.Month && o.PeriodStart == new DateOnly(2026, 3, 1));
        Assert.Contains(figures, o => o.AreaId == world.NorthAreaId && o.Value == 58.5m);
        var suppressed = Assert.Single(figures, o => o.Symbol is not null);
        Assert.Equal(("c", (decimal?)null, "Fewer than 5 plans, so not published", (long?)id), (suppressed.Symbol, suppressed.Value, suppressed.Note, suppressed.LoadId));
        var england = await world.QueryAsync(db => db.ComparatorValues.SingleAsync(v => v.PartnershipId == world.PartnershipId));
        Assert.Equal((TimelinessCode, "E92000001", 59.9m, PeriodType.CalendarYear), (england.Series, england.Code, england.Value!.Value, england.PeriodType));
        Assert.Equal(TimelinessCode, await world.QueryAsync(db => db.Measures.Where(m => m.Id == measureId).Select(m => m.ComparatorSeries).SingleAsync()));
    }

    [Fact]
    public async Task SimpleXlsx_WithNumberCells_Loads()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var workbook = SimpleXlsx(
            SimpleHeader,
            [TimelinessCode, null, "January 2026", 61.25m, null],
            [TimelinessCode, "South Area", "January 2026", 70m, "Includes late returns"],
            [TimelinessCode, "England", "2025", 59.9m, null],
            [TimelinessCode, null, "February 2026", null, "Not collected yet"]);

        var id = await UploadOkAsync(lead, world.PartnershipId, "figures.xlsx", workbook);
        var page = await PageAsync(lead, id);
        Assert.Equal("Simple layout", SummaryRows(page, "file")["Layout"]);
        var (_, check) = await SubmitAndReadAsync(lead, page, id, "Check");
        Assert.Equal("4", SummaryRows(check, "outcome")["Would be added"]);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, id, "Load")).StatusCode);

        var figures = await world.QueryAsync(db => db.MeasureObservations.Where(o => o.MeasureId == measureId).ToListAsync());
        Assert.Contains(figures, o => o.AreaId == null && o.Value == 61.25m && o.PeriodStart == new DateOnly(2026, 1, 1));
        Assert.Contains(figures, o => o.AreaId == world.SouthAreaId && o.Value == 70m && o.Note == "Includes late returns");
        Assert.Contains(figures, o => o.Value == null && o.Symbol == null && o.Note == "Not collected yet" && o.PeriodStart == new DateOnly(2026, 2, 1));
        Assert.Equal(1, await world.QueryAsync(db => db.ComparatorValues.CountAsync(v => v.PartnershipId == world.PartnershipId)));
    }

    [Fact]
    public async Task ProblemsByRow_NothingIsWritten_UntilTheValidRowsAreChosen()
    {
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var csv = $"""
            measure,area,period,value
            {TimelinessCode},,March 2026,62
            no-such-measure,,March 2026,50
            {TimelinessCode},Atlantis,March 2026,50
            {TimelinessCode},,Marchuary 2026,50
            {TimelinessCode},,April 2026,150
            {TimelinessCode},,May 2026,lots
            {TimelinessCode},,March 2026,63
            """;
        var id = await UploadOkAsync(lead, world.PartnershipId, "bad rows.csv", Bytes(csv));

        var (_, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, id), id, "Check");

        Assert.Equal(
            [
                ("3", "There is no measure called “no-such-measure” in the partnership's library. Use a measure's name or code."),
                ("4", "The area “Atlantis” is not one of the partnership's areas, England, a region or a council it knows (its statistical neighbours and the councils in files already loaded)."),
                ("5", "“Marchuary 2026” is not a period this product recognises. Write a month (March 2022), a quarter (2022 Q1), a school term (Autumn term 2021/22), an academic year (2021/22), a financial year (2021-22) or a calendar year (2021)."),
                ("6", "The value is 150, but a percentage must be between 0 and 100."),
                ("7", "The value is “lots”, which is not a number or one of the DfE's symbols (c, x, z, low, u or :)."),
                ("8", "Row 8 repeats row 2: both give New EHCPs issued within 20 weeks (excluding exceptions) for March 2026. Keep one of them."),
            ],
            Problems(check));
        Assert.Equal("1", SummaryRows(check, "outcome")["Would be added"]);

        var (_, refused) = await SubmitAndReadAsync(lead, check, id, "Load");
        Assert.Equal(["Nothing was loaded: 6 rows have problems. Correct the file and upload it again, or choose to load only the valid rows."], TestClient.Errors(refused));
        Assert.Equal(new Held(0, 0), await CountsAsync(world));

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, refused, id, "Load", new() { ["Input.LoadValidRows"] = "true" })).StatusCode);
        Assert.Equal("1 added, 0 corrected, 0 unchanged, 6 rows with problems left out", (await PageAsync(lead, id)).QuerySelector("#loaded-panel .govuk-panel__body")!.TextContent.Trim());
        var stored = await world.QueryAsync(async db =>
        {
            var measureIds = await db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.Id).ToListAsync();
            return await db.MeasureObservations.Where(o => measureIds.Contains(o.MeasureId)).ToListAsync();
        });
        Assert.Equal(62m, Assert.Single(stored).Value);
    }

    [Fact]
    public async Task AFirstLoadWhoseOnlyProblemIsARepeatedRow_IsRefused_ThenLoadsTheFirstOfThem()
    {
        // On PostgreSQL a first load finds repeated rows after writing (and takes the writing back); this proves the
        // refusal, the message and which row is kept are the same as where they are found before writing.
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var csv = $"""
            measure,area,period,value
            {TimelinessCode},,March 2026,62
            {TimelinessCode},,April 2026,64
            {TimelinessCode},,March 2026,63
            """;
        var id = await UploadOkAsync(lead, world.PartnershipId, "repeated.csv", Bytes(csv));

        var (_, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, id), id, "Check");
        Assert.Equal(
            [("4", "Row 4 repeats row 2: both give New EHCPs issued within 20 weeks (excluding exceptions) for March 2026. Keep one of them.")],
            Problems(check));

        var (_, refused) = await SubmitAndReadAsync(lead, check, id, "Load");
        Assert.Equal(["Nothing was loaded: 1 row has problems. Correct the file and upload it again, or choose to load only the valid rows."], TestClient.Errors(refused));
        Assert.Equal(new Held(0, 0), await CountsAsync(world));

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, refused, id, "Load", new() { ["Input.LoadValidRows"] = "true" })).StatusCode);
        Assert.Equal("2 added, 0 corrected, 0 unchanged, 1 row with problems left out", (await PageAsync(lead, id)).QuerySelector("#loaded-panel .govuk-panel__body")!.TextContent.Trim());
        var stored = await world.QueryAsync(async db =>
        {
            var measureIds = await db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.Id).ToListAsync();
            return await db.MeasureObservations.Where(o => measureIds.Contains(o.MeasureId)).OrderBy(o => o.PeriodStart).Select(o => o.Value).ToListAsync();
        });
        Assert.Equal([62m, 64m], stored);
    }

    [Fact]
    public async Task ACorrection_KeepsTheOldFigure_AsReplaced()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        await LoadSimpleAsync(lead, world, $"measure,area,period,value\n{TimelinessCode},,March 2026,62\n{TimelinessCode},,April 2026,64");

        var id = await UploadOkAsync(lead, world.PartnershipId, "corrected.csv", Bytes($"measure,area,period,value\n{TimelinessCode},,March 2026,61.5\n{TimelinessCode},,April 2026,64"));
        var (_, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, id), id, "Check");
        var outcome = SummaryRows(check, "outcome");
        Assert.Equal(("0", "1"), (outcome["Would be added"], outcome["Would be unchanged"]));
        Assert.StartsWith("1", outcome["Would be corrected"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, id, "Load")).StatusCode);

        var march = await world.QueryAsync(db => db.MeasureObservations.Where(o => o.MeasureId == measureId && o.PeriodStart == new DateOnly(2026, 3, 1)).OrderBy(o => o.Id).ToListAsync());
        Assert.Equal(2, march.Count);
        Assert.Equal((62m, true), (march[0].Value!.Value, march[0].ReplacedAtUtc is not null));
        Assert.Equal((61.5m, false, (long?)id), (march[1].Value!.Value, march[1].ReplacedAtUtc is not null, march[1].LoadId));
        Assert.Equal("0 added, 1 corrected, 1 unchanged", (await PageAsync(lead, id)).QuerySelector("#loaded-panel .govuk-panel__body")!.TextContent.Trim());
    }

    [Fact]
    public async Task LoadingTwice_IsAConflict_AndDiscarding_KeepsNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "once.csv", Bytes($"measure,area,period,value\n{TimelinessCode},,March 2026,62"));
        var (_, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, id), id, "Check");

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, id, "Load")).StatusCode);
        var (status, again) = await SubmitAndReadAsync(lead, check, id, "Load");

        Assert.Equal(HttpStatusCode.Conflict, status);
        var error = Assert.Single(TestClient.Errors(again));
        Assert.StartsWith("This file was loaded by ", error, StringComparison.Ordinal);
        Assert.EndsWith("Upload it again to load it again.", error, StringComparison.Ordinal);
        Assert.Equal(new Held(1, 0), await CountsAsync(world));

        // A check or discard of a loaded file changes nothing either.
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, id, "Check")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SubmitAsync(lead, check, id, "Discard")).StatusCode);

        var other = await UploadOkAsync(lead, world.PartnershipId, "wrong.csv", Bytes($"measure,area,period,value\n{TimelinessCode},,April 2026,70"));
        var discarded = await SubmitAsync(lead, await PageAsync(lead, other), other, "Discard");
        Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);
        Assert.Equal($"/measures/loads?partnershipId={world.PartnershipId}", discarded.Headers.Location!.ToString());
        var (_, list) = await lead.GetPageAsync(discarded.Headers.Location!.ToString());
        Assert.Contains("wrong.csv was discarded. None of its figures were loaded.", list.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        var record = await world.QueryAsync(db => db.MeasureLoads.SingleAsync(l => l.Id == other));
        Assert.Equal((MeasureLoadState.Discarded, (byte[]?)null), (record.State, record.Content));
        Assert.Contains("This file was discarded.", (await PageAsync(lead, other)).QuerySelector("#discarded")!.TextContent, StringComparison.Ordinal);
        var (afterDiscard, _) = await SubmitAndReadAsync(lead, check, other, "Load");
        Assert.Equal(HttpStatusCode.Conflict, afterDiscard);
        Assert.Equal(new Held(1, 0), await CountsAsync(world));
    }

    [Fact]
    public async Task ViewersAndContributors_AreRefused_AndAnotherPartnershipsFile_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        var otherMeasure = await AddMeasureAsync(factory, other);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "ehcp.csv", Bytes(DfeCsv));
        var page = await PageAsync(lead, id);
        var before = await StoredAsync(world);

        foreach (var email in new[] { world.Viewer, world.Contributor })
        {
            using var client = await world.SignInAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/measures/loads")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/measures/loads/new")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/measures/loads/{Id(id)}")).StatusCode);
            foreach (var handler in new[] { "Check", "Load", "Discard" })
            {
                var forged = await client.PostFormAsync($"/measures/loads/{Id(id)}?handler={handler}", new() { ["Input.Version"] = "0", ["Input.LoadValidRows"] = "true" }, formPage: "/");
                Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await ForgedUploadAsync(client, world.PartnershipId)).StatusCode);
        }

        // Another partnership's lead cannot see or touch it.
        using var stranger = await other.SignInAsync(other.ProgrammeLead);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/measures/loads/{Id(id)}")).StatusCode);
        foreach (var handler in new[] { "Check", "Load", "Discard" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostFormAsync($"/measures/loads/{Id(id)}?handler={handler}", new() { ["Input.Version"] = "0" }, formPage: "/")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/measures/loads/new?partnershipId={world.PartnershipId}")).StatusCode);

        // A measure of another partnership cannot be chosen by editing the form.
        var (status, forgedChoice) = await SubmitAndReadAsync(lead, page, id, "Check", new()
        {
            [$"Input.Series[{SeriesIndex(page, Excl)}].Load"] = "true",
            [$"Input.Series[{SeriesIndex(page, Excl)}].MeasureId"] = otherMeasure.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([$"Select a measure from the list for {Excl}, or none"], TestClient.Errors(forgedChoice));
        Assert.Null(forgedChoice.QuerySelector("#outcome"));

        var record = await world.QueryAsync(db => db.MeasureLoads.SingleAsync(l => l.Id == id));
        Assert.Equal(MeasureLoadState.Draft, record.State);
        Assert.Equal(before, await StoredAsync(world));

        // An administrator can load any partnership's file.
        using var admin = await world.SignInAsync(world.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/measures/loads/{Id(id)}")).StatusCode);
    }

    [Theory]
    [InlineData("/measures/loads/abc")]
    [InlineData("/measures/loads/0")]
    [InlineData("/measures/loads/-1")]
    [InlineData("/measures/loads/99999999999")]
    [InlineData("/measures/loads/999999999999999999999999")]
    public async Task BadAddresses_AreNotFound(string url)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task PostsToMissingFilesOrHandlers_AreNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "one.csv", Bytes("measure,area,period,value"));

        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostFormAsync("/measures/loads/99999999?handler=Load", new() { ["Input.Version"] = "0" }, formPage: "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostFormAsync($"/measures/loads/{Id(id)}?handler=Explode", new Dictionary<string, string>(), formPage: "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostFormAsync($"/measures/loads/{Id(id)}", new Dictionary<string, string>(), formPage: "/")).StatusCode);
        var response = await lead.PostFormAsync($"/measures/loads/{Id(id)}?handler=Load", new() { ["Input.Version"] = "not a number" }, formPage: "/");
        var (status, page) = (response.StatusCode, await TestClient.ParseAsync(response));
        Assert.NotEqual(HttpStatusCode.InternalServerError, status);
        Assert.NotEmpty(TestClient.Errors(page));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "program.csv", "exe", "The file is not a CSV file: it looks like a binary file. Save it as CSV (comma delimited) and upload it again." },
        { "empty.csv", "empty", "The file is empty." },
        { "figures.pdf", "csv", "The file must be a CSV (.csv) or an Excel workbook (.xlsx)." },
        { "figures.xlsx", "csv", "This file is not an Excel workbook (.xlsx). Save it as .xlsx from Excel and upload it again." },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task AFileThatCannotBeRead_GetsItsMessage_AndNothingIsKept(string fileName, string kind, string message)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        byte[] bytes = kind switch
        {
            "exe" => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, .. new byte[512]],
            "empty" => [],
            _ => Bytes("measure,area,period,value\nx,,March 2026,1"),
        };

        var response = await UploadAsync(lead, world.PartnershipId, fileName, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TestClient.ParseAsync(response);
        Assert.Equal([message], TestClient.Errors(page));
        Assert.Equal($"Error: {message}", page.QuerySelector("#Input_File-error")!.TextContent.Trim());
        Assert.Equal("#Input_File", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Equal(0, await world.QueryAsync(db => db.MeasureLoads.CountAsync(l => l.PartnershipId == world.PartnershipId)));
    }

    [Fact]
    public async Task NoFileChosen_SaysSelectAFile()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var page = await TestClient.ParseAsync(await UploadAsync(lead, world.PartnershipId, "none.csv", null));

        Assert.Equal(["Select a file"], TestClient.Errors(page));
    }

    [Fact]
    public async Task FilesWithOnlyAHeader_HaveNothingToLoad()
    {
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var simple = await UploadOkAsync(lead, world.PartnershipId, "header.csv", Bytes("measure,area,period,value,note"));
        var (status, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, simple), simple, "Check");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0", SummaryRows(check, "outcome")["Rows read"]);
        Assert.Contains("There are no figures in this file to load", check.QuerySelector("#nothing-to-load")!.TextContent, StringComparison.Ordinal);
        Assert.Null(check.QuerySelector("button[formaction$='handler=Load']"));

        var dfe = await UploadOkAsync(lead, world.PartnershipId, "header-dfe.csv", Bytes(DfeCsv.Split('\n')[0]));
        var page = await PageAsync(lead, dfe);
        Assert.Contains("The file has no indicator columns with figures", page.QuerySelector("#Input_Series")!.TextContent, StringComparison.Ordinal);
        var (dfeStatus, dfeCheck) = await SubmitAndReadAsync(lead, page, dfe, "Check");
        Assert.Equal(HttpStatusCode.OK, dfeStatus);
        Assert.Equal(["Select at least one indicator to load"], TestClient.Errors(dfeCheck));

        var missingColumns = await UploadOkAsync(lead, world.PartnershipId, "columns.csv", Bytes("what,where\na,b"));
        var (_, columnsCheck) = await SubmitAndReadAsync(lead, await PageAsync(lead, missingColumns), missingColumns, "Check");
        Assert.Equal("The file", Problems(columnsCheck).Single().Row);
        Assert.Contains("Nothing in this file can be loaded.", columnsCheck.QuerySelector("#cannot-load")!.TextContent, StringComparison.Ordinal);
        Assert.Null(columnsCheck.QuerySelector("#Input_LoadValidRows"));
        Assert.Equal(new Held(0, 0), await CountsAsync(world));
    }

    [Fact]
    public async Task TheLayoutsPage_ExampleLoadsCleanly_AndItsPeriodsAreRead()
    {
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        await AddMeasureAsync(factory, world, "Annual reviews held within 12 months", "annual-reviews-12-months");
        using var viewer = await world.SignInAsync(world.Viewer);
        var (status, layouts) = await viewer.GetPageAsync("/measures/loads/layouts");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["c", "x", "z", "low", "u", ":"], layouts.QuerySelectorAll("#symbol-meanings tbody th").Select(t => t.TextContent.Trim()));
        foreach (var cell in layouts.QuerySelectorAll("#period-forms tbody td"))
        {
            foreach (var example in cell.TextContent.Split(';')[0].Split(", "))
            {
                Assert.True(MeasurePeriod.TryParse(example.Trim(), null, out _, out var error), error);
            }
        }

        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var id = await UploadOkAsync(lead, world.PartnershipId, "example.csv", Bytes(layouts.QuerySelector("#simple-example")!.TextContent));
        var (_, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, id), id, "Check");
        Assert.Null(check.QuerySelector("#problems"));
        Assert.Equal("4", SummaryRows(check, "outcome")["Would be added"]);
    }

    /// <summary>Loads a simple file through the pages from start to end.</summary>
    private static async Task LoadSimpleAsync(TestClient lead, TestWorld world, string csv)
    {
        var id = await UploadOkAsync(lead, world.PartnershipId, "figures.csv", Bytes(csv));
        var (_, check) = await SubmitAndReadAsync(lead, await PageAsync(lead, id), id, "Check");
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, check, id, "Load")).StatusCode);
    }

    private static async Task<HttpResponseMessage> ForgedUploadAsync(TestClient client, int partnershipId)
    {
        var (_, home) = await client.GetPageAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"measure,area,period,value\n{TimelinessCode},,March 2026,1"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Input.File", "forged.csv");
        return await client.Http.PostAsync($"/measures/loads/new?partnershipId={partnershipId}", form);
    }

    private sealed record Held(int Figures, int Comparators);

    private static Task<Held> CountsAsync(TestWorld world) => world.QueryAsync(async db =>
    {
        var measureIds = await db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.Id).ToListAsync();
        return new Held(
            await db.MeasureObservations.CountAsync(o => measureIds.Contains(o.MeasureId)),
            await db.ComparatorValues.CountAsync(v => v.PartnershipId == world.PartnershipId));
    });
}

/// <summary>An app that takes files of figures of at most 1 MB, to show what a larger upload gets without sending 100 MB.</summary>
public sealed class SmallUploadAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Measures:MaxFileMegabytes", "1");
    }
}

/// <summary>Uploads over the size limit: refused with the limit in words, and nothing kept.</summary>
public sealed class MeasureLoadLimitTests(SmallUploadAppFactory factory) : IClassFixture<SmallUploadAppFactory>
{
    [Fact]
    public async Task AFileOverTheLimit_IsRefusedWithTheLimit()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        const string message = "This file is larger than 1 MB. Remove sheets, pictures or old rows you do not need, or split it into smaller files, and upload it again.";

        // Just over: read and refused by the load itself.
        var justOver = Encoding.UTF8.GetBytes("measure,area,period,value\n" + new string('a', (1024 * 1024) + 10));
        var page = await TestClient.ParseAsync(await UploadAsync(lead, world.PartnershipId, "big.csv", justOver));
        Assert.Equal([message], TestClient.Errors(page));

        // Well over: stopped before it is read, and the upload page says why.
        var response = await UploadAsync(lead, world.PartnershipId, "huge.csv", new byte[4 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/measures/loads/new?partnershipId={world.PartnershipId}&problem=too-large", response.Headers.Location!.ToString());
        var (status, again) = await lead.GetPageAsync(response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([message], TestClient.Errors(again));
        Assert.Equal(0, await world.QueryAsync(db => db.MeasureLoads.CountAsync(l => l.PartnershipId == world.PartnershipId)));
    }
}

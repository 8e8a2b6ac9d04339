using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureLoadSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>The measures read API: JSON and CSV for each endpoint, paging, and what a token may see.</summary>
[Collection(WebTestGroup.Name)]
public sealed class MeasureApiTests(AppFactory factory) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"send-measure-api-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<HttpClient> ApiClientAsync(TestWorld world, string email)
    {
        using var scope = factory.Services.CreateScope();
        var userId = await world.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Email == email).Id));
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(Actor.System("Test"), userId, "Test");
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return client;
    }

    /// <summary>Loads a file through Core, as the command line does, and checks it loaded cleanly.</summary>
    private async Task<LoadOutcome> LoadAsync(TestWorld world, string name, string content, bool commit = true)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(path, Bytes(content));
        using var scope = factory.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<MeasureLoadService>()
            .LoadFileAsync(Actor.System("Test set-up"), world.PartnershipId, path, null, loadValidRows: true, commit);
        return outcome;
    }

    /// <summary>
    /// A measure with a threshold of 75%, five monthly figures (one suppressed, one with a note), one for an area, and
    /// the DfE's England, East Midlands and council figures for it.
    /// </summary>
    private async Task<int> WithFiguresAsync(TestWorld world, string marchNote = "=SUM(1)")
    {
        int measureId;
        using (var scope = factory.Services.CreateScope())
        {
            var measure = await scope.ServiceProvider.GetRequiredService<MeasureService>().CreateAsync(
                Actor.System("Test set-up"),
                world.PartnershipId,
                new MeasureDetails
                {
                    Name = TimelinessName,
                    Code = TimelinessCode,
                    Unit = MeasureUnit.Percentage,
                    Direction = MeasureDirection.HigherIsBetter,
                    Frequency = PeriodType.Month,
                    TargetKind = TargetKind.Threshold,
                    TargetValue = "75",
                    ComparatorSeries = "pct_within_20wks_excl",
                });
            measureId = measure.Id;
        }

        await LoadAsync(world, "own.csv", $""""
            measure,area,period,value,note
            {TimelinessCode},,December 2011,40,
            {TimelinessCode},,January 2026,55,
            {TimelinessCode},,February 2026,c,"Fewer than 5 plans, so ""suppressed"""
            {TimelinessCode},,March 2026,62,{marchNote}
            {TimelinessCode},North Area,March 2026,58.5,
            """");
        await LoadAsync(world, "dfe.csv", DfeCsv);
        return measureId;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>A CSV response's lines, checking it is UTF-8 with a byte order mark and CRLF line endings.</summary>
    private static async Task<List<string>> CsvLinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        return [.. text.Split("\r\n")[..^1]];
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        if (detail is not null)
        {
            Assert.Equal(detail, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task GetMeasures_ListsTheLibrary_WithLatestFigureStatusAndTarget_AsJsonAndCsv()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, other);
        var measureId = await WithFiguresAsync(world);
        using var api = await ApiClientAsync(world, world.Viewer);

        var list = await JsonAsync(await api.GetAsync("/api/measures"));

        var measure = Assert.Single(list.EnumerateArray());
        Assert.Equal(measureId, measure.GetProperty("id").GetInt32());
        Assert.Equal(TimelinessCode, measure.GetProperty("code").GetString());
        Assert.Equal(world.PartnershipName, measure.GetProperty("partnership").GetString());
        Assert.Equal("Percentage", measure.GetProperty("unit").GetString());
        Assert.Equal("At least 75%", measure.GetProperty("targetText").GetString());
        var latest = measure.GetProperty("latest");
        Assert.Equal(62m, latest.GetProperty("value").GetDecimal());
        Assert.Equal("March 2026", latest.GetProperty("period").GetProperty("label").GetString());
        Assert.Equal("2026-03-31", latest.GetProperty("period").GetProperty("end").GetString());
        Assert.Equal("62%", latest.GetProperty("text").GetString());
        var status = measure.GetProperty("status");
        Assert.Equal("OffTrack", status.GetProperty("kind").GetString());
        Assert.Equal("Off track", status.GetProperty("text").GetString());
        Assert.EndsWith("off track", status.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(59.9m, measure.GetProperty("england").GetProperty("value").GetDecimal());

        // The same as CSV, by ?format=csv or by asking for text/csv.
        var lines = await CsvLinesAsync(await api.GetAsync("/api/measures?format=csv"));
        Assert.Equal(string.Join(",", MeasureExport.LibraryColumns), lines[0]);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"{TimelinessCode},{TimelinessName},,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",March 2026,62,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",Off track,", lines[1], StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/measures");
        request.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal(lines, await CsvLinesAsync(await api.SendAsync(request)));
    }

    [Fact]
    public async Task GetMeasure_GivesTheWholeMeasure_AndAnotherPartnershipsMeasureIsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        var otherMeasure = await AddMeasureAsync(factory, other);
        var measureId = await WithFiguresAsync(world);
        using var api = await ApiClientAsync(world, world.ProgrammeLead);

        var measure = await JsonAsync(await api.GetAsync($"/api/measures/{measureId}"));

        Assert.Equal(TimelinessName, measure.GetProperty("summary").GetProperty("name").GetString());
        Assert.Equal("Threshold", measure.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal(75m, measure.GetProperty("target").GetProperty("value").GetDecimal());
        Assert.Equal("pct_within_20wks_excl", measure.GetProperty("comparatorSeries").GetString());
        Assert.Equal("Month", measure.GetProperty("frequency").GetString());
        var csv = await CsvLinesAsync(await api.GetAsync($"/api/measures/{measureId}?format=csv"));
        Assert.Equal(2, csv.Count);

        foreach (var url in new[] { $"/api/measures/{otherMeasure}", $"/api/measures/{otherMeasure}?format=csv", $"/api/measures/{otherMeasure}/observations", $"/api/measures/{otherMeasure}/observations?format=csv", "/api/measures/99999999" })
        {
            var response = await api.GetAsync(url);
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
            Assert.DoesNotContain(TimelinessName, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertProblemAsync(await api.GetAsync($"/api/measures/{otherMeasure}"), HttpStatusCode.NotFound, $"There is no measure {otherMeasure} that this token can read.");
        await AssertProblemAsync(await api.GetAsync("/api/measures/abc"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetMeasureObservations_GivesItsFigures_AndTheirHistory_AsJsonAndCsv()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await WithFiguresAsync(world);
        await LoadAsync(world, "correction.csv", $"measure,area,period,value\n{TimelinessCode},,January 2026,56");
        using var api = await ApiClientAsync(world, world.Viewer);

        var figures = (await JsonAsync(await api.GetAsync($"/api/measures/{measureId}/observations"))).EnumerateArray().ToList();

        Assert.Equal(5, figures.Count);
        Assert.Equal("December 2011", figures[0].GetProperty("period").GetProperty("label").GetString());
        Assert.Equal("Month", figures[0].GetProperty("period").GetProperty("type").GetString());
        var suppressed = figures.Single(f => f.GetProperty("symbol").ValueKind == JsonValueKind.String);
        Assert.Equal("c", suppressed.GetProperty("symbol").GetString());
        Assert.Equal("suppressed to protect confidentiality", suppressed.GetProperty("symbolMeaning").GetString());
        Assert.Equal(JsonValueKind.Null, suppressed.GetProperty("value").ValueKind);
        Assert.Equal("North Area", figures.Single(f => f.GetProperty("areaId").ValueKind == JsonValueKind.Number).GetProperty("area").GetString());
        Assert.Equal(56m, figures.Single(f => f.GetProperty("period").GetProperty("label").GetString() == "January 2026").GetProperty("value").GetDecimal());

        var history = (await JsonAsync(await api.GetAsync($"/api/measures/{measureId}/observations?history=true"))).EnumerateArray().ToList();
        Assert.Equal(6, history.Count);
        var replaced = Assert.Single(history, f => f.GetProperty("replacedAtUtc").ValueKind == JsonValueKind.String);
        Assert.Equal(55m, replaced.GetProperty("value").GetDecimal());
        await AssertProblemAsync(await api.GetAsync($"/api/measures/{measureId}/observations?history=maybe"), HttpStatusCode.BadRequest);

        // The CSV is the simple layout, with the comparators as England, region and council rows; text is made inert.
        var lines = await CsvLinesAsync(await api.GetAsync($"/api/measures/{measureId}/observations?format=csv"));
        Assert.Equal("measure,area,period,value,note", lines[0]);
        Assert.Contains($"{TimelinessCode},,December 2011,40,", lines);
        Assert.Contains($"{TimelinessCode},,February 2026,c,\"Fewer than 5 plans, so \"\"suppressed\"\"\"", lines);
        Assert.Contains($"{TimelinessCode},,March 2026,62,'=SUM(1)", lines);
        Assert.Contains($"{TimelinessCode},North Area,March 2026,58.5,", lines);
        Assert.Contains($"{TimelinessCode},England,2022,59.9,", lines);
        Assert.Contains($"{TimelinessCode},E12000004,2022,55.1,", lines);
        Assert.Contains($"{TimelinessCode},E06000018,2022,low,", lines);
        Assert.Contains($"{TimelinessCode},E10000007,2022,:,", lines);
        Assert.DoesNotContain(lines, l => l.Contains("E6000001", StringComparison.Ordinal));
        Assert.Equal(1 + 5 + 6, lines.Count);
    }

    [Fact]
    public async Task TheFiguresCsv_LoadsBackIntoThePartnership_ChangingNothing()
    {
        var world = await TestWorld.CreateAsync(factory);

        // No note starts with = + - or @: the export writes those with a leading apostrophe, which the loader keeps.
        await WithFiguresAsync(world, marchNote: "Provisional, checked in April");
        using (var scope = factory.Services.CreateScope())
        {
            // The region and a neighbour are set, and one area is a council in the DfE file: its published figures
            // cannot be written in the simple layout (its code means the area's own figure), so they are left out.
            await scope.ServiceProvider.GetRequiredService<MeasureService>().SetComparatorsAsync(
                Actor.System("Test set-up"), world.PartnershipId, "E12000004", new Dictionary<int, string?> { [world.NorthAreaId] = "E06000015" }, ["E06000018 Nottingham"]);
        }

        await LoadAsync(world, "years.csv", """
            time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,pct_within_20wks_excl
            202122,Academic year,National,E92000001,England,,,,,,60.25
            202223,Financial year,National,E92000001,England,,,,,,61
            202122,Spring term,Regional,E92000001,England,E12000004,East Midlands,,,,57
            """);
        using var api = await ApiClientAsync(world, world.Viewer);

        var response = await api.GetAsync("/api/measures/observations?format=csv");
        var lines = await CsvLinesAsync(response);
        Assert.Contains($"{TimelinessCode},England,2021/22 academic year,60.25,", lines);
        Assert.Contains($"{TimelinessCode},England,2022-23 financial year,61,", lines);
        Assert.Contains($"{TimelinessCode},E12000004,Spring term 2021/22,57,", lines);
        Assert.DoesNotContain(lines, l => l.Contains("E06000015", StringComparison.Ordinal));

        var again = await LoadAsync(world, "exported.csv", string.Join("\n", lines), commit: true);

        Assert.Equal((0, 0, 0), (again.Added, again.Corrected, again.ProblemCount));
        Assert.Equal(lines.Count - 1, again.Unchanged);
    }

    [Fact]
    public async Task GetObservations_IsPaged_UpTo1000_OrStreamedAsCsv()
    {
        var world = await TestWorld.CreateAsync(factory);
        await WithFiguresAsync(world);
        using var api = await ApiClientAsync(world, world.Viewer);

        var first = await JsonAsync(await api.GetAsync("/api/measures/observations?page=1&pageSize=2"));
        Assert.Equal((1, 2, 5, 3), (first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32(), first.GetProperty("total").GetInt32(), first.GetProperty("pages").GetInt32()));
        var ids = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var items = (await JsonAsync(await api.GetAsync($"/api/measures/observations?page={page}&pageSize=2"))).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(page < 3 ? 2 : 1, items.Count);
            ids.AddRange(items.Select(i => i.GetProperty("id").GetInt64()));
            Assert.All(items, i => Assert.Equal(TimelinessCode, i.GetProperty("measureCode").GetString()));
        }

        Assert.Equal(5, ids.Distinct().Count());
        Assert.Empty((await JsonAsync(await api.GetAsync("/api/measures/observations?page=4&pageSize=2"))).GetProperty("items").EnumerateArray());
        Assert.Equal(100, (await JsonAsync(await api.GetAsync("/api/measures/observations"))).GetProperty("pageSize").GetInt32());
        Assert.Equal(5, (await JsonAsync(await api.GetAsync("/api/measures/observations?pageSize=1000"))).GetProperty("items").GetArrayLength());

        foreach (var query in new[] { "pageSize=1001", "pageSize=0", "page=0", "page=-1", "page=abc", "pageSize=1.5", "page=99999999999" })
        {
            await AssertProblemAsync(
                await api.GetAsync($"/api/measures/observations?{query}"),
                HttpStatusCode.BadRequest,
                "page must be a whole number from 1, and pageSize a whole number from 1 to 1000.");
        }

        await AssertProblemAsync(await api.GetAsync("/api/measures/observations?format=xml"), HttpStatusCode.BadRequest, "format must be json or csv.");
        var csv = await CsvLinesAsync(await api.GetAsync("/api/measures/observations?format=csv&pageSize=1"));
        Assert.Equal("measure,area,period,value,note", csv[0]);
        Assert.Equal(1 + 5 + 6, csv.Count);
    }

    [Fact]
    public async Task GetComparators_IsPaged_FiltersBySeries_AndGivesCsv()
    {
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world);
        await LoadAsync(world, "dfe.csv", DfeCsv);
        using var api = await ApiClientAsync(world, world.Viewer);

        var all = await JsonAsync(await api.GetAsync("/api/measures/comparators?pageSize=1000"));
        Assert.Equal(18, all.GetProperty("total").GetInt32());
        var excl = await JsonAsync(await api.GetAsync("/api/measures/comparators?series=pct_within_20wks_excl&pageSize=3&page=2"));
        Assert.Equal((6, 2), (excl.GetProperty("total").GetInt32(), excl.GetProperty("pages").GetInt32()));
        var items = excl.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("pct_within_20wks_excl", i.GetProperty("series").GetString()));
        var nottingham = (await JsonAsync(await api.GetAsync("/api/measures/comparators?series=pct_within_20wks_excl&pageSize=1000"))).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("code").GetString() == "E06000018");
        Assert.Equal(("local authority", "Nottingham", "low", "a positive number that rounds to zero"), (nottingham.GetProperty("level").GetString(), nottingham.GetProperty("name").GetString(), nottingham.GetProperty("symbol").GetString(), nottingham.GetProperty("symbolMeaning").GetString()));
        Assert.Equal("CalendarYear", nottingham.GetProperty("period").GetProperty("type").GetString());

        var lines = await CsvLinesAsync(await api.GetAsync("/api/measures/comparators?format=csv&series=ehcp_count"));
        Assert.Equal("series,level,code,name,period,value,symbol", lines[0]);
        Assert.Equal(7, lines.Count);
        Assert.Contains("ehcp_count,local authority,E06000015,Derby,2022,,c", lines);
        Assert.Contains("ehcp_count,national,E92000001,England,2021,480000,", lines);
        Assert.Single(await CsvLinesAsync(await api.GetAsync("/api/measures/comparators?format=csv&series=nothing")));
    }

    [Fact]
    public async Task ATokenOfAnotherPartnership_SeesNoneOfIt_AndAnAdministratorNamesThePartnershipForCsv()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        await WithFiguresAsync(world);
        using var stranger = await ApiClientAsync(other, other.ProgrammeLead);

        Assert.Empty((await JsonAsync(await stranger.GetAsync("/api/measures"))).EnumerateArray());
        Assert.Equal(0, (await JsonAsync(await stranger.GetAsync("/api/measures/observations"))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await JsonAsync(await stranger.GetAsync("/api/measures/comparators"))).GetProperty("total").GetInt32());
        Assert.Single(await CsvLinesAsync(await stranger.GetAsync("/api/measures/observations?format=csv")));
        foreach (var url in new[] { "/api/measures", "/api/measures/observations", "/api/measures/comparators?format=csv" })
        {
            await AssertProblemAsync(await stranger.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}partnershipId={world.PartnershipId}"), HttpStatusCode.NotFound);
        }

        using var admin = await ApiClientAsync(world, world.Administrator);
        var partnerships = (await JsonAsync(await admin.GetAsync("/api/measures"))).EnumerateArray().Select(m => m.GetProperty("partnershipId").GetInt32()).ToHashSet();
        Assert.Contains(world.PartnershipId, partnerships);
        await AssertProblemAsync(await admin.GetAsync("/api/measures/observations?format=csv"), HttpStatusCode.BadRequest);
        Assert.Equal(1 + 5 + 6, (await CsvLinesAsync(await admin.GetAsync($"/api/measures/observations?format=csv&partnershipId={world.PartnershipId}"))).Count);
        await AssertProblemAsync(await admin.GetAsync("/api/measures/observations?partnershipId=x"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/measures")]
    [InlineData("/api/measures/1")]
    [InlineData("/api/measures/1/observations")]
    [InlineData("/api/measures/observations")]
    [InlineData("/api/measures/comparators?format=csv")]
    public async Task WithoutAToken_Is401(string url)
    {
        using var api = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await AssertProblemAsync(await api.GetAsync(url), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheSignInCookie_IsNotEnough()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/measures")).StatusCode);
    }

    [Fact]
    public async Task ALargeExport_IsStreamedWhole()
    {
        var world = await TestWorld.CreateAsync(factory);
        await AddMeasureAsync(factory, world, unit: MeasureUnit.Count);
        var rows = new StringBuilder("measure,area,period,value\n");
        string[] areas = [string.Empty, "North Area", "South Area"];
        for (var i = 0; i < 3000; i++)
        {
            var month = i / 3;
            rows.Append(CultureInfo.InvariantCulture, $"{TimelinessCode},{areas[i % 3]},{MeasurePeriod.Month(1990 + (month / 12), 1 + (month % 12)).Label},{i}\n");
        }

        Assert.Equal(3000, (await LoadAsync(world, "many.csv", rows.ToString())).Added);
        using var api = await ApiClientAsync(world, world.Viewer);

        var lines = await CsvLinesAsync(await api.GetAsync("/api/measures/observations?format=csv"));

        Assert.Equal(3001, lines.Count);
        Assert.Equal(3000, lines.Skip(1).Distinct().Count());
        Assert.Equal($"{TimelinessCode},South Area,April 2073,2999,", lines[^1]);
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

public sealed partial class HostileInputTests
{
    /// <summary>The read API's query values, each given every payload short enough for an address.</summary>
    private static readonly (string Name, Func<TestWorld, int, string, string> Url)[] ApiTargets =
    [
        ("format", (_, _, p) => $"/api/measures?format={p}"),
        ("partnershipId", (_, _, p) => $"/api/measures?partnershipId={p}"),
        ("page", (_, _, p) => $"/api/measures/observations?page={p}"),
        ("pageSize", (_, _, p) => $"/api/measures/observations?pageSize={p}"),
        ("series", (_, _, p) => $"/api/measures/comparators?series={p}"),
        ("history", (_, measure, p) => $"/api/measures/{Id(measure)}/observations?history={p}"),
        ("path", (_, _, p) => $"/api/plans/{p}"),
        ("since", (world, _, p) => $"/api/plans/{Id(world.PlanId)}?since={p}"),
    ];

    private async Task<HttpClient> ApiClientAsync(TestWorld world)
    {
        using var scope = factory.Services.CreateScope();
        var userId = await world.QueryAsync(db => db.Users.Where(u => u.Email == world.ProgrammeLead).Select(u => u.Id).SingleAsync());
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(Actor.System("Hostile input test"), userId, "Hostile input");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return client;
    }

    private async Task SendThroughApiAsync(TestWorld world, Tally tally)
    {
        using var api = await ApiClientAsync(world);
        var measure = await Measures.MeasureLoadSteps.AddMeasureAsync(factory, world);

        foreach (var (name, url) in ApiTargets)
        {
            // The in-memory test server cannot put a null character in a path (Kestrel answers 400 before the app sees it).
            foreach (var payload in HostileInputCorpus.TextPayloads.Where(p => p.Value.Length <= 10_000 && !(name == "path" && p.Value.Contains('\0', StringComparison.Ordinal))))
            {
                tally.Api++;
                var what = $"API {name} with {payload}";
                var response = await api.GetAsync(url(world, measure, payload.Encoded));
                var body = await response.Content.ReadAsStringAsync();
                var type = response.Content.Headers.ContentType?.MediaType;
                if ((int)response.StatusCode >= 500)
                {
                    tally.ServerErrors++;
                    tally.Fail(what, $"server error {(int)response.StatusCode}");
                    continue;
                }

                if (type is not ("application/json" or "application/problem+json" or "text/csv"))
                {
                    tally.Fail(what, $"answered {(int)response.StatusCode} as {type ?? "nothing"}, not as the API");
                }

                if (body.Contains('<', StringComparison.Ordinal) && payload.Value.Contains('<', StringComparison.Ordinal) && body.Contains(payload.Value, StringComparison.Ordinal))
                {
                    tally.UnencodedReflections++;
                    tally.Fail(what, "the payload's markup is in the body unescaped");
                }

                if (!response.IsSuccessStatusCode)
                {
                    tally.Refusals++;
                    var detail = type == "application/problem+json" ? JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? string.Empty : string.Empty;
                    if (HostileInputCorpus.IsSpecific(detail))
                    {
                        tally.SpecificMessages++;
                    }
                    else
                    {
                        tally.Fail(what, $"refused ({(int)response.StatusCode}) without a specific detail: “{detail}”");
                    }
                }
            }
        }

        // Every title stored through the forms reads back exactly through the plans API.
        var plan = await api.GetAsync($"/api/plans/{Id(world.PlanId)}");
        var titles = new List<string>();
        CollectTitles(JsonDocument.Parse(await plan.Content.ReadAsStringAsync()).RootElement.GetProperty("items"), titles);
        var stored = await world.QueryAsync(db => db.PlanItems.Where(i => i.PlanId == world.PlanId).Select(i => i.Title).ToListAsync());
        foreach (var title in stored)
        {
            tally.Api++;
            if (!titles.Contains(title))
            {
                tally.Fail($"API plan read-back of {Describe(title)}", "not in /api/plans/{id} exactly as stored");
            }
        }

        await CheckExportsAsync(world, api, tally);
    }

    private static void CollectTitles(JsonElement items, List<string> titles)
    {
        foreach (var item in items.EnumerateArray())
        {
            titles.Add(item.GetProperty("title").GetString()!);
            CollectTitles(item.GetProperty("children"), titles);
        }
    }

    /// <summary>
    /// Values stored through the forms that a spreadsheet would run as formulas: in the plan's Excel and CSV exports
    /// and the measures CSV each must be written as text (an apostrophe in front), and no cell may be a formula.
    /// </summary>
    private static async Task CheckExportsAsync(TestWorld world, HttpClient api, Tally tally)
    {
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var titles = (await world.QueryAsync(db => db.PlanItems.Where(i => i.PlanId == world.PlanId).Select(i => i.Title).ToListAsync()))
            .Where(HostileInputCorpus.StartsLikeFormula).ToList();
        var names = (await world.QueryAsync(db => db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.Name).ToListAsync()))
            .Where(HostileInputCorpus.StartsLikeFormula).ToList();

        var xlsx = await lead.Http.GetAsync($"/plans/{Id(world.PlanId)}/export?format=xlsx");
        var cells = XlsxCells(await xlsx.Content.ReadAsByteArrayAsync(), out var formulaCells);
        var planCsv = CsvFields(await (await lead.Http.GetAsync($"/plans/{Id(world.PlanId)}/export?format=csv")).Content.ReadAsStringAsync());
        var measuresCsv = CsvFields(await (await api.GetAsync("/api/measures?format=csv")).Content.ReadAsStringAsync());

        foreach (var (export, values, formulas, extraProblem) in new[]
        {
            ("plan Excel export", cells, titles, formulaCells > 0 ? $"{Id(formulaCells)} cells are formulas" : null),
            ("plan CSV export", planCsv, titles, null),
            ("measures CSV", measuresCsv, names, null),
        })
        {
            foreach (var formula in formulas)
            {
                tally.Api++;
                var what = $"{export} of {Describe(formula)}";
                if (values.Contains(formula))
                {
                    tally.Fail(what, "written as it is, so a spreadsheet would run it");
                }
                else if (!values.Contains("'" + formula))
                {
                    tally.Fail(what, "not found in the export");
                }

                if (extraProblem is not null)
                {
                    tally.Fail(what, extraProblem);
                }
            }
        }
    }

    private static HashSet<string> XlsxCells(byte[] workbook, out int formulaCells)
    {
        using var stream = new MemoryStream(workbook);
        using var document = SpreadsheetDocument.Open(stream, false);
        var values = new HashSet<string>(StringComparer.Ordinal);
        formulaCells = 0;
        foreach (var sheet in document.WorkbookPart!.WorksheetParts)
        {
            foreach (var cell in sheet.Worksheet.Descendants<Cell>())
            {
                formulaCells += cell.CellFormula is null ? 0 : 1;
                values.Add(cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? string.Empty);
            }
        }

        return values;
    }

    /// <summary>The fields of an RFC 4180 CSV file.</summary>
    private static HashSet<string> CsvFields(string csv)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is ',' or '\n' or '\r')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}

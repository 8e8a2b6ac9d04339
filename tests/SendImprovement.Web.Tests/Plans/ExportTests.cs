using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Plans;

/// <summary>Downloading a plan as the Excel template or as CSV, over HTTP.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ExportTests(AppFactory factory)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string CsvType = "text/csv; charset=utf-8";

    public static TheoryData<string, string> Formats => new()
    {
        { "xlsx", XlsxType },
        { "csv", CsvType },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Get_AsProgrammeLeadOrBoardMember_DownloadsThePlansRows(string format, string contentType)
    {
        var world = await TestWorld.CreateAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ItemUpdateService>().AddProgressNoteAsync(
                Actor.System("Test set-up"), world.ActionId, new NewProgressNote(new DateOnly(2026, 6, 1), "Interviews held", "=cmd|' /C calc'!A0", null, []));
        }

        foreach (var email in new[] { world.ProgrammeLead, world.Viewer })
        {
            using var client = await world.SignInAsync(email);
            var response = await client.Http.GetAsync($"/plans/{world.PlanId}/export?format={format}");
            var body = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal($"Testshire-WSoA-2026-06-15.{format}", response.Content.Headers.ContentDisposition.FileName!.Trim('"'));

            var tables = format == "xlsx"
                ? SpreadsheetReader.ReadXlsx(new MemoryStream(body))
                : SpreadsheetReader.ReadCsv(new MemoryStream(body));
            var rows = tables[0].Rows.Select(r => r.Cells).ToList();
            Assert.Equal(format == "xlsx" ? PlanExport.PlanSheet : "CSV", tables[0].Name);
            Assert.Equal(PlanExport.Columns.Select(c => c.Header), rows[0]);
            Assert.Equal(
                [
                    ("Workstream", string.Empty, "Workstream 1: Timeliness"),
                    ("Outcome", "1.1", "Families get plans on time"),
                    ("Action", "1.1a", "Recruit coordinators"),
                    ("Milestone", string.Empty, "Agree funding"),
                    ("Action", "1.1b", "Weekly tracker"),
                ],
                rows.Skip(1).Select(r => (r[0], r[1], r[2])));

            var action = rows.Single(r => r.Count > 2 && r[2] == "Recruit coordinators");
            Assert.Equal("TL", action[4]);
            Assert.Equal("May 2026", action[7]);
            Assert.Equal("Green", action[9]);
            Assert.Equal("01/05/2026", action[10]);
            Assert.Equal("AR", action[11]);
            Assert.Equal("Interviews held", action[15]);
            Assert.Equal("'=cmd|' /C calc'!A0", action[16]);
            var workstream = rows.Single(r => r.Count > 2 && r[2] == "Workstream 1: Timeliness");
            Assert.Equal("Olga Other", workstream[5]);
            Assert.Equal("North Area", workstream[12]);
            if (format == "csv")
            {
                Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
            }
            else
            {
                Assert.Equal(PlanExport.AboutSheet, tables[1].Name);
            }
        }
    }

    [Fact]
    public async Task Get_AnotherPartnershipsPlan_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);

        foreach (var email in new[] { world.ProgrammeLead, world.Viewer })
        {
            using var client = await world.SignInAsync(email);
            foreach (var format in new[] { "xlsx", "csv" })
            {
                var response = await client.Http.GetAsync($"/plans/{other.PlanId}/export?format={format}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain("Workstream 1: Timeliness", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Get_UnknownFormatOrMissingPlan_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        foreach (var url in new[]
        {
            $"/plans/{world.PlanId}/export",
            $"/plans/{world.PlanId}/export?format=pdf",
            $"/plans/{world.PlanId}/export?format=xls",
            $"/plans/{world.PlanId}/export?format=",
            "/plans/999999999/export?format=xlsx",
        })
        {
            Assert.True((await lead.Http.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        }

        // The format is read in any case.
        var upper = await lead.Http.GetAsync($"/plans/{world.PlanId}/export?format=CSV");
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        Assert.Equal(CsvType, upper.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Get_Anonymous_IsSentToSignIn()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var anonymous = world.Anonymous();

        var response = await anonymous.Http.GetAsync($"/plans/{world.PlanId}/export?format=xlsx");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("Recruit coordinators", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanPage_LinksToBothDownloads()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var viewer = await world.SignInAsync(world.Viewer);

        var (_, page) = await viewer.GetPageAsync($"/plans/{world.PlanId}");

        Assert.Equal("Download as Excel (template)", page.QuerySelector($"main a[href='/plans/{world.PlanId}/export?format=xlsx']")!.TextContent.Trim());
        Assert.Equal("Download as CSV", page.QuerySelector($"main a[href='/plans/{world.PlanId}/export?format=csv']")!.TextContent.Trim());
    }
}

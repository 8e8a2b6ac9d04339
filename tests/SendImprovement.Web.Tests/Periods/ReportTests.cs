using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Periods.PeriodSteps;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>Every report kind for a period, as a page and as a download in every format.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ReportTests(AppFactory factory)
{
    public static TheoryData<string, string> Kinds => new()
    {
        { "interim", "Interim report" },
        { "progress", "Plan progress table" },
        { "committee", "Committee update" },
        { "on-a-page", "Plan on a page" },
        { "exceptions", "Exceptions" },
        { "easy-read", "Easy-read summary" },
    };

    /// <summary>A closed June 2026 period in which 1.1a has an update, so the reports have something to show.</summary>
    private async Task<(TestWorld World, TestClient Lead, int PeriodId)> ClosedPeriodAsync()
    {
        var world = await TestWorld.CreateAsync(factory);
        var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);
        using var contributor = await world.SignInAsync(world.Contributor);
        await SubmitUpdateAsync(contributor, periodId, world.ActionId, Update("Amber", reason: "Two posts vacant", done: "Interviews held", next: "Re-advertise"));
        await CloseAsync(lead, periodId);
        return (world, lead, periodId);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ClosedPeriod_EveryReportKind_IsShownAsAPage(string kind, string name)
    {
        var (world, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;
        using var viewer = await world.SignInAsync(world.Viewer);

        var (status, page) = await viewer.GetPageAsync($"/periods/{periodId}/reports/{kind}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"{name}: Testshire WSoA, June 2026", page.QuerySelector("main h1")!.TextContent.Trim());
        Assert.Contains($"{world.PartnershipName} · Testshire WSoA · June 2026, as at 30 June 2026. From the snapshot taken when the period closed, at 11:00am on 15 June 2026.", Words(page), StringComparison.Ordinal);
        foreach (var format in new[] { "docx", "pdf", "xlsx", "html" })
        {
            Assert.NotNull(page.QuerySelector($"main a[href='/periods/{periodId}/reports/{kind}?format={format}']"));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ClosedPeriod_EveryReportKind_DownloadsInEveryFormat(string kind, string name)
    {
        var (world, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;
        var title = $"{name}: Testshire WSoA, June 2026";

        foreach (var (format, contentType, signature) in new[]
        {
            ("html", "text/html; charset=utf-8", "<!DOCTYPE html>"),
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"),
            ("pdf", "application/pdf", "%PDF-"),
        })
        {
            var response = await lead.Http.GetAsync($"/periods/{periodId}/reports/{kind}?format={format}");
            var body = await response.Content.ReadAsByteArrayAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} as {format}: {(int)response.StatusCode}");
            Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
            Assert.True(body.Length > 100, $"{kind} as {format} is {body.Length} bytes");
            Assert.Equal(signature, Encoding.ASCII.GetString(body, 0, signature.Length));
            var fileName = response.Content.Headers.ContentDisposition!.FileName!.Trim('"');
            Assert.EndsWith($"{kind}-june-2026.{format}", fileName, StringComparison.Ordinal);
            Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition.DispositionType, StringComparison.Ordinal);

            switch (format)
            {
                case "html":
                    Assert.Contains($"<title>{WebUtility.HtmlEncode(title)}</title>", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
                    break;
                case "docx":
                    Assert.Contains(title, DocxText(body), StringComparison.Ordinal);
                    break;
                case "xlsx":
                    Assert.Contains($"={title}", XlsxText(body), StringComparison.Ordinal);
                    break;
            }
        }
    }

    [Fact]
    public async Task ReportContent_ShowsWhatWasSubmittedForThePeriod()
    {
        var (world, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;

        var interim = Words((await lead.GetPageAsync($"/periods/{periodId}/reports/interim")).Page);
        var progress = XlsxText(await DownloadAsync(lead, periodId, "progress", "xlsx"));
        var exceptions = Words((await lead.GetPageAsync($"/periods/{periodId}/reports/exceptions")).Page);

        Assert.Contains("1.1a Recruit coordinators Terry Lead May 2026 Amber", interim, StringComparison.Ordinal);
        Assert.Contains("Key activities completed 1.1a: Interviews held", interim, StringComparison.Ordinal);
        Assert.Contains("Next steps 1.1a: Re-advertise", interim, StringComparison.Ordinal);
        Assert.Contains("=Amber from 15 June 2026", progress, StringComparison.Ordinal);
        Assert.Contains("=Interviews held", progress, StringComparison.Ordinal);
        Assert.Contains("=AR (additional resource)", progress, StringComparison.Ordinal);
        Assert.Contains("Overdue", exceptions, StringComparison.Ordinal);
        Assert.Contains("Agree funding", exceptions, StringComparison.Ordinal);
        Assert.Contains("Not updated", exceptions, StringComparison.Ordinal);
        Assert.Contains("1.1b Weekly tracker", exceptions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlDownload_HasAStrictContentSecurityPolicy_ThatAllowsOnlyItsOwnStyles()
    {
        var (_, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;

        var response = await lead.Http.GetAsync($"/periods/{periodId}/reports/interim?format=html");
        var html = await response.Content.ReadAsStringAsync();

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // The one inline style block is allowed by its hash, so the downloaded report is still styled.
        var start = html.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length;
        var style = html[start..html.IndexOf("</style>", start, StringComparison.Ordinal)];
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'sha256-{hash}'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownKindOrFormat_IsNotFound()
    {
        var (_, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;

        foreach (var url in new[]
        {
            $"/periods/{periodId}/reports/annual",
            $"/periods/{periodId}/reports/annual?format=html",
            $"/periods/{periodId}/reports/Interim-report",
            $"/periods/{periodId}/reports/interim?format=rtf",
            $"/periods/{periodId}/reports/interim?format=1",
            $"/periods/{periodId}/reports/interim?format=html5",
            $"/periods/{periodId}/reports/easy-read?format=odt",
        })
        {
            Assert.True((await lead.Http.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        }
    }

    [Fact]
    public async Task KindAndFormat_AreReadWhateverTheirCase()
    {
        var (_, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;

        var response = await lead.Http.GetAsync($"/periods/{periodId}/reports/On-A-Page?format=XLSX");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task APeriodThatDoesNotExist_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        foreach (var url in new[] { "/periods/999999999", "/periods/999999999/reports/interim", "/periods/999999999/reports/interim?format=html", "/periods/999999999/reports/progress?format=xlsx", "/periods/999999999/close", "/periods/999999999/reopen", "/periods/999999999/easy-read" })
        {
            Assert.True((await lead.Http.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        }
    }

    [Fact]
    public async Task Reports_NeedSigningIn()
    {
        var (world, lead, periodId) = await ClosedPeriodAsync();
        using var _ = lead;
        using var anonymous = world.Anonymous();

        var response = await anonymous.Http.GetAsync($"/periods/{periodId}/reports/interim?format=html");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Recruit coordinators", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenPeriod_ReportsSayTheyMayChange()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var periodId = await OpenPeriodAsync(world, lead);

        var html = await DownloadTextAsync(lead, periodId, "interim");

        Assert.Contains("The period is still open: this shows the plan as it stood at 11:00am on 15 June 2026 and may change.", html, StringComparison.Ordinal);
        Assert.Equal(PeriodState.Open, await world.QueryAsync(db => db.ReportingPeriods.Where(p => p.Id == periodId).Select(p => p.State).SingleAsync()));
    }

    [Fact]
    public async Task HostileText_IsEncodedInHtml_InertInExcel_AndKeptInWord()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        const string Title = "=HYPERLINK(\"https://evil.example\",\"x\") <script>alert(1)</script>";
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(lead, $"/items/{world.ActionId}/edit", new() { ["Input.Title"] = Title })).StatusCode);
        var periodId = await OpenPeriodAsync(world, lead);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitUpdateAsync(lead, periodId, world.ActionId, Update(UpdateInput.NoChange, done: "<img src=x onerror=alert(2)> and a control character \u0001 here"))).StatusCode);
        await CloseAsync(lead, periodId);

        var pageHtml = await (await lead.Http.GetAsync($"/periods/{periodId}/reports/interim")).Content.ReadAsStringAsync();
        var download = await DownloadTextAsync(lead, periodId, "interim");
        foreach (var html in new[] { pageHtml, download })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        }

        var xlsx = await DownloadAsync(lead, periodId, "progress", "xlsx");
        Assert.Contains("!C2='=HYPERLINK", XlsxText(xlsx), StringComparison.Ordinal);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx)))
        {
            foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(sheet.Open());
                Assert.DoesNotContain("<f>", await reader.ReadToEndAsync(), StringComparison.Ordinal);
            }
        }

        foreach (var kind in new[] { "interim", "progress" })
        {
            var docx = await lead.Http.GetAsync($"/periods/{periodId}/reports/{kind}?format=docx");
            Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
            Assert.Contains("<script>alert(1)</script>", DocxText(await docx.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }
    }
}

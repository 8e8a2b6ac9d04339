using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Users;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Periods;

/// <summary>
/// The steps the reporting-period tests share: opening and closing periods through the pages, submitting forms as a
/// browser would (every field as the page filled it, plus the ones the user changed), and reading the text out of
/// downloaded Word and Excel files.
/// </summary>
internal static class PeriodSteps
{
    private static readonly HashSet<string> Blocks =
    [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "fieldset", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "option",
        "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ];

    /// <summary>
    /// The words of an element as a reader sees them: a space between blocks (so a term and its value in a summary
    /// list, written with nothing between them, still read as two words) but none inside a line ("Amber?").
    /// </summary>
    public static string Words(INode node)
    {
        var text = new StringBuilder();
        void Collect(INode parent)
        {
            foreach (var child in parent.ChildNodes)
            {
                if (child is IText words)
                {
                    text.Append(words.Data);
                }
                else if (child is IElement element && element.LocalName is not ("script" or "style" or "template"))
                {
                    var block = Blocks.Contains(element.LocalName);
                    text.Append(block ? " " : string.Empty);
                    Collect(element);
                    text.Append(block ? " " : string.Empty);
                }
            }
        }

        Collect(node);
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The words of a page's main content.</summary>
    public static string Words(IDocument page) => Words((INode?)page.QuerySelector("main") ?? page.Body!);

    /// <summary>The fields of the open-period form.</summary>
    public static Dictionary<string, string> PeriodForm(string name, string asAt = "30 6 2026", string due = "23 6 2026", string cadence = "Monthly")
    {
        var a = asAt.Split(' ');
        var d = due.Split(' ');
        return new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.AsAt.Day"] = a.ElementAtOrDefault(0) ?? string.Empty,
            ["Input.AsAt.Month"] = a.ElementAtOrDefault(1) ?? string.Empty,
            ["Input.AsAt.Year"] = a.ElementAtOrDefault(2) ?? string.Empty,
            ["Input.Due.Day"] = d.ElementAtOrDefault(0) ?? string.Empty,
            ["Input.Due.Month"] = d.ElementAtOrDefault(1) ?? string.Empty,
            ["Input.Due.Year"] = d.ElementAtOrDefault(2) ?? string.Empty,
            ["Input.Cadence"] = cadence,
        };
    }

    /// <summary>Opens a period through the form as the given programme lead and returns its id.</summary>
    public static async Task<int> OpenPeriodAsync(TestWorld world, TestClient lead, string name = "June 2026", string asAt = "30 6 2026", string due = "23 6 2026")
    {
        var response = await lead.PostFormAsync($"/plans/{world.PlanId}/periods/new", PeriodForm(name, asAt, due));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Opening {name} gave {(int)response.StatusCode}: {string.Join("; ", TestClient.Errors(await TestClient.ParseAsync(response)))}");
        }

        return PeriodIdFrom(response);
    }

    public static int PeriodIdFrom(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("No redirect location");
        Assert.StartsWith("/periods/", location, StringComparison.Ordinal);
        return int.Parse(location["/periods/".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Closes the period through its confirmation page, as a programme lead would.</summary>
    public static async Task CloseAsync(TestClient lead, int periodId)
    {
        var response = await SubmitAsync(lead, $"/periods/{periodId}/close", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>
    /// Submits the form on a page as a browser would: every field with the value the page gave it (hidden versions,
    /// checked radios, textareas), with <paramref name="changes"/> replacing or adding fields.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(TestClient client, string url, Dictionary<string, string> changes)
    {
        var (status, page) = await client.GetPageAsync(url);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} gave {(int)status}");
        }

        var form = page.QuerySelector("main form[method=post]") ?? throw new InvalidOperationException($"No form on {url}");
        var fields = TestClient.FormFields(form).Where(f => f.Key != "__RequestVerificationToken" && !changes.ContainsKey(f.Key)).ToList();
        fields.AddRange(changes);
        return await client.PostFormAsync(url, fields);
    }

    /// <summary>The update form's fields for a lead's update.</summary>
    public static Dictionary<string, string> Update(string rating, string reason = "", string done = "", string next = "", string impact = "", bool tentative = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Rating"] = rating,
            ["Input.Reason"] = reason,
            ["Input.KeyActivitiesCompleted"] = done,
            ["Input.NextSteps"] = next,
            ["Input.ProgressAndImpact"] = impact,
        };
        if (tentative)
        {
            fields["Input.IsTentative"] = "true";
        }

        return fields;
    }

    /// <summary>Submits a lead's update through the update form and returns the response.</summary>
    public static Task<HttpResponseMessage> SubmitUpdateAsync(TestClient client, int periodId, int itemId, Dictionary<string, string> fields) =>
        SubmitAsync(client, $"/periods/{periodId}/items/{itemId}/update", fields);

    public static Task<ItemUpdate> UpdateAsync(TestWorld world, int periodId, int itemId) =>
        world.QueryAsync(db => db.ItemUpdates.AsNoTracking().SingleAsync(u => u.ReportingPeriodId == periodId && u.PlanItemId == itemId));

    /// <summary>
    /// A contributor account for Olga Other, who sponsors workstream 1 (and leads 1.1b), so may review its updates
    /// and set its status. Made through the real user service, like the accounts in <see cref="TestWorld"/>.
    /// </summary>
    public static async Task<(string Email, string Name)> SponsorAsync(TestWorld world)
    {
        using var scope = world.Factory.Services.CreateScope();
        var id = Guid.NewGuid().ToString("N")[..8];
        var email = $"sponsor-{id}@test.example";
        var name = $"Olga Sponsor {id}";
        await scope.ServiceProvider.GetRequiredService<UserService>().CreateUserAsync(
            Actor.System("Test set-up"),
            new NewUser(email, name, Roles.Contributor, TestWorld.Password, world.PartnershipId, world.OtherPersonId));
        return (email, name);
    }

    /// <summary>The display name of a test user (the name written on what they record).</summary>
    public static Task<string> NameOfAsync(TestWorld world, string email) =>
        world.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync());

    public static Task<int> ItemVersionAsync(TestWorld world, int itemId) =>
        world.QueryAsync(db => db.PlanItems.Where(i => i.Id == itemId).Select(i => i.Version).SingleAsync());

    public static async Task<byte[]> DownloadAsync(TestClient client, int periodId, string kind, string format)
    {
        var response = await client.Http.GetAsync($"/periods/{periodId}/reports/{kind}?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<string> DownloadTextAsync(TestClient client, int periodId, string kind) =>
        System.Text.Encoding.UTF8.GetString(await DownloadAsync(client, periodId, kind, "html"));

    /// <summary>The text of a Word document's body, one line per paragraph (the package's timestamps left out).</summary>
    public static string DocxText(byte[] docx)
    {
        XNamespace w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        using var zip = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read);
        using var stream = zip.GetEntry("word/document.xml")!.Open();
        var document = XDocument.Load(stream);
        return string.Join("\n", document.Descendants(w + "p").Select(p => string.Concat(p.Descendants(w + "t").Select(t => t.Value))));
    }

    /// <summary>Every cell's text in an Excel workbook, sheet by sheet, as "Sheet!A1=text" lines.</summary>
    public static string XlsxText(byte[] xlsx)
    {
        XNamespace s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        XNamespace r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        XNamespace pr = "http://schemas.openxmlformats.org/package/2006/relationships";
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        XDocument Load(string path)
        {
            using var stream = zip.GetEntry(path)!.Open();
            return XDocument.Load(stream);
        }

        var shared = zip.GetEntry("xl/sharedStrings.xml") is null
            ? []
            : Load("xl/sharedStrings.xml").Descendants(s + "si").Select(si => string.Concat(si.Descendants(s + "t").Select(t => t.Value))).ToList();
        var targets = Load("xl/_rels/workbook.xml.rels").Descendants(pr + "Relationship")
            .ToDictionary(x => (string)x.Attribute("Id")!, x => (string)x.Attribute("Target")!);
        var lines = new List<string>();
        foreach (var sheet in Load("xl/workbook.xml").Descendants(s + "sheet"))
        {
            var target = targets[(string)sheet.Attribute(r + "id")!].TrimStart('/');
            var path = target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target;
            foreach (var cell in Load(path).Descendants(s + "c"))
            {
                var text = (string?)cell.Attribute("t") switch
                {
                    "s" => shared[int.Parse(cell.Element(s + "v")!.Value, CultureInfo.InvariantCulture)],
                    "inlineStr" => string.Concat(cell.Descendants(s + "t").Select(t => t.Value)),
                    _ => cell.Element(s + "v")?.Value ?? string.Empty,
                };
                lines.Add($"{(string)sheet.Attribute("name")!}!{(string)cell.Attribute("r")!}={text}");
            }
        }

        return string.Join("\n", lines);
    }
}

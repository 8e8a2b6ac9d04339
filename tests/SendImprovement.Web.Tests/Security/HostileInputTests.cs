using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Imports;
using SendImprovement.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SendImprovement.Web.Tests.Security;

/// <summary>
/// Sends the hostile-input corpus through the product's forms, its API and its uploads, and checks every answer:
/// never a server error; never the payload reflected unencoded; a value either stored exactly as sent (less the
/// surrounding white space every form trims) or refused with a specific message and nothing written; and a stored
/// value that looks like a formula never a formula in the exports. Prints the figures for docs/reliability.md.
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed partial class HostileInputTests(AppFactory factory, ITestOutputHelper output)
{
    /// <summary>A form that takes free text: where it is, the field the payload goes in, what else makes it valid, and how to read back what was stored.</summary>
    private sealed record FormTarget(
        string Name,
        Func<TestWorld, string> Url,
        string Field,
        Func<TestWorld, int, Dictionary<string, string>> Valid,
        Func<TestWorld, Task<string?>> Stored);

    private sealed class Tally
    {
        public int Forms { get; set; }

        public int Api { get; set; }

        public int Uploads { get; set; }

        public int ServerErrors { get; set; }

        public int UnencodedReflections { get; set; }

        public int Refusals { get; set; }

        public int SpecificMessages { get; set; }

        public int Stored { get; set; }

        /// <summary>Posts whose form cannot be read at all (see <see cref="IsUnreadableForm"/>); counted among the refusals too.</summary>
        public int UnreadableForms { get; set; }

        public List<string> Failures { get; } = [];

        public int Cases => Forms + Api + Uploads;

        public void Fail(string what, string problem) => Failures.Add($"{what}: {problem}");
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Date(string prefix) => new()
    {
        [$"{prefix}.Day"] = "1",
        [$"{prefix}.Month"] = "6",
        [$"{prefix}.Year"] = "2026",
    };

    private static readonly FormTarget[] FormTargets =
    [
        new(
            "new action's title",
            w => $"/plans/{w.PlanId}/items/new?parentId={w.OutcomeId}",
            "Input.Title",
            (_, _) => new() { ["Input.Deadline"] = "Dec 2026" },
            w => w.QueryAsync(db => db.PlanItems.Where(i => i.PlanId == w.PlanId).OrderByDescending(i => i.Id).Select(i => i.Title).FirstAsync())!),
        new(
            "progress note",
            w => $"/items/{w.ActionId}/notes/new",
            "Input.KeyActivitiesCompleted",
            (_, _) => Date("Input.AsAt"),
            w => w.QueryAsync(db => db.ProgressNotes.Where(n => n.PlanItemId == w.ActionId).OrderByDescending(n => n.Id).Select(n => n.KeyActivitiesCompleted).FirstOrDefaultAsync())),
        new(
            "rating's reason",
            w => $"/items/{w.ActionId}/rating",
            "Input.Reason",
            (_, _) => new(Date("Input.AppliesFrom")) { ["Input.Value"] = "Amber" },
            w => w.QueryAsync(db => db.Ratings.Where(r => r.PlanItemId == w.ActionId).OrderByDescending(r => r.Id).Select(r => r.Reason).FirstOrDefaultAsync())),
        new(
            "person's name",
            w => $"/people/new?partnershipId={w.PartnershipId}",
            "Input.Name",
            (_, _) => [],
            w => w.QueryAsync(db => db.People.Where(p => p.PartnershipId == w.PartnershipId).OrderByDescending(p => p.Id).Select(p => p.Name).FirstAsync())!),
        new(
            "reporting period's name",
            w => $"/plans/{w.PlanId}/periods/new",
            "Input.Name",
            (_, _) => new(Date("Input.AsAt").Concat(Date("Input.Due")).ToDictionary()),
            w => w.QueryAsync(db => db.ReportingPeriods.Where(p => p.PlanId == w.PlanId).OrderByDescending(p => p.Id).Select(p => p.Name).FirstOrDefaultAsync())),
        new(
            "measure's name",
            w => $"/measures/new?partnershipId={w.PartnershipId}",
            "Input.Name",
            (_, n) => new() { ["Input.Code"] = $"hostile-{Id(n)}" },
            w => w.QueryAsync(db => db.Measures.Where(m => m.PartnershipId == w.PartnershipId).OrderByDescending(m => m.Id).Select(m => m.Name).FirstOrDefaultAsync())),
    ];

    /// <summary>The filters of list pages, which go into queries: each given every payload short enough for an address.</summary>
    private static readonly (string Name, Func<TestWorld, string, string> Url)[] FilterTargets =
    [
        ("audit filter by who", (_, p) => $"/audit?who={p}"),
        ("audit filter by action", (_, p) => $"/audit?action={p}"),
        ("measures filter by theme", (_, p) => $"/measures?theme={p}"),
        ("measures filter by owner", (_, p) => $"/measures?owner={p}"),
        ("plan filter by lead", (w, p) => $"/plans/{Id(w.PlanId)}?lead={p}"),
    ];

    [Fact]
    public async Task HostileInput_NeverAServerErrorOrAnUnencodedReflection_AndEveryRefusalSaysWhy()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var lead = await world.SignInAsync(world.ProgrammeLead);
        var tally = new Tally();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SendThroughFormsAsync(world, lead, tally);
        output.WriteLine($"Forms took {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        await SendThroughApiAsync(world, tally);
        output.WriteLine($"API took {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        await SendThroughUploadsAsync(world, lead, tally);
        output.WriteLine($"Uploads took {clock.Elapsed.TotalSeconds:0.0} s");

        output.WriteLine(
            $"Hostile input: {tally.Cases} cases (forms {tally.Forms}, API {tally.Api}, uploads {tally.Uploads}), " +
            $"{tally.ServerErrors} server errors, {tally.UnencodedReflections} unencoded reflections, {tally.SpecificMessages} specific messages " +
            $"({tally.Refusals} refusals, {tally.Stored} values stored and read back exactly, " +
            $"{tally.UnreadableForms} of them form posts that cannot be read) on {factory.DatabaseProvider}");
        foreach (var failure in tally.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(tally.Cases >= 200, $"The corpus has only {tally.Cases} cases");
        Assert.Empty(tally.Failures);
        Assert.Equal(0, tally.ServerErrors);
        Assert.Equal(0, tally.UnencodedReflections);
        Assert.Equal(tally.Refusals, tally.SpecificMessages);
    }

    private async Task SendThroughFormsAsync(TestWorld world, TestClient client, Tally tally)
    {
        var number = 0;
        foreach (var target in FormTargets)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var payload in HostileInputCorpus.TextPayloads)
            {
                number++;
                tally.Forms++;
                var what = $"Form {target.Name} with {payload}";
                var auditBefore = await world.QueryAsync(db => db.AuditEntries.CountAsync());

                var (status, page) = await client.GetPageAsync(target.Url(world));
                if (status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {target.Url(world)} gave {(int)status}");
                }

                var form = page.QuerySelector("main form[method=post]") ?? throw new InvalidOperationException($"No form on {target.Url(world)}");
                var changes = target.Valid(world, number);
                var fields = TestClient.FormFields(form)
                    .Where(f => f.Key != target.Field && !changes.ContainsKey(f.Key))
                    .Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")
                    .Concat(changes.Select(c => $"{Uri.EscapeDataString(c.Key)}={Uri.EscapeDataString(c.Value)}"))
                    .Append($"{Uri.EscapeDataString(target.Field)}={payload.Encoded}");
                // As a browser sends it: the percent-encoded bytes are UTF-8, and no charset is named.
                using var body = new ByteArrayContent(Encoding.ASCII.GetBytes(string.Join('&', fields)));
                body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
                var response = await client.Http.PostAsync(target.Url(world), body);
                var html = await response.Content.ReadAsStringAsync();

                if ((int)response.StatusCode >= 500)
                {
                    tally.ServerErrors++;
                    tally.Fail(what, $"server error {(int)response.StatusCode}");
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    tally.Stored++;
                    var stored = await target.Stored(world);
                    var expected = payload.Value.Trim();
                    if (stored != expected)
                    {
                        tally.Fail(what, $"stored {Describe(stored)} but {Describe(expected)} was sent");
                    }

                    var location = response.Headers.Location!.ToString();
                    var shown = await client.Http.GetAsync(location);
                    await CheckPageAsync(tally, what + $" (shown at {location})", shown, payload);
                    continue;
                }

                if (IsUnreadableForm(payload))
                {
                    tally.Refusals++;
                    var heading = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("h1")?.TextContent.Trim();
                    if (response.StatusCode == HttpStatusCode.BadRequest && heading == "The form could not be read")
                    {
                        tally.SpecificMessages++;
                        tally.UnreadableForms++;
                    }
                    else
                    {
                        tally.Fail(what, $"an unreadable form gave {(int)response.StatusCode} \"{heading}\", not the page saying why");
                    }

                    if (await world.QueryAsync(db => db.AuditEntries.CountAsync()) != auditBefore)
                    {
                        tally.Fail(what, "refused, but something was written");
                    }

                    continue;
                }

                await CheckRefusalAsync(world, tally, what, response.StatusCode, html, payload, auditBefore);
            }

            output.WriteLine($"{target.Name}: {clock.Elapsed.TotalSeconds:0.0} s");
        }

        // The audit log is for administrators.
        using var administrator = await world.SignInAsync(world.Administrator);
        foreach (var (name, url) in FilterTargets)
        {
            var reader = name.StartsWith("audit", StringComparison.Ordinal) ? administrator : client;
            foreach (var payload in HostileInputCorpus.TextPayloads.Where(p => p.Value.Length <= 10_000))
            {
                tally.Forms++;
                var what = $"Filter {name} with {payload}";
                var response = await reader.Http.GetAsync(url(world, payload.Encoded));
                if (response.StatusCode != HttpStatusCode.OK && (int)response.StatusCode < 500)
                {
                    tally.Fail(what, $"answered {(int)response.StatusCode}");
                    continue;
                }

                await CheckPageAsync(tally, what, response, payload);
            }
        }
    }

    /// <summary>
    /// ASP.NET Core's form reader cannot read a URL-encoded body holding a null character or a value over 4 MiB, so no
    /// page code can run: the product answers 400 with a page saying so ("The form could not be read"), writing nothing.
    /// </summary>
    private static bool IsUnreadableForm(HostilePayload payload) =>
        payload.Value.Contains('\0', StringComparison.Ordinal) || payload.Value.Length > 4 * 1024 * 1024;

    /// <summary>A refused post: the form again with a specific message, the payload encoded, and nothing written.</summary>
    private static async Task CheckRefusalAsync(TestWorld world, Tally tally, string what, HttpStatusCode status, string html, HostilePayload? payload, int? auditBefore)
    {
        tally.Refusals++;
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var errors = TestClient.Errors(page);
        if (errors.Count > 0 && errors.All(HostileInputCorpus.IsSpecific))
        {
            tally.SpecificMessages++;
        }
        else
        {
            tally.Fail(what, $"refused ({(int)status}) without a specific message: [{string.Join(" | ", errors)}]");
        }

        if (payload is not null)
        {
            CheckReflection(tally, what, html, page, payload);
        }

        var auditAfter = await world.QueryAsync(db => db.AuditEntries.CountAsync());
        if (auditBefore is not null && auditAfter != auditBefore)
        {
            tally.Fail(what, $"refused, but {auditAfter - auditBefore} audited write(s) happened");
        }
    }

    private static async Task CheckPageAsync(Tally tally, string what, HttpResponseMessage response, HostilePayload payload)
    {
        if ((int)response.StatusCode >= 500)
        {
            tally.ServerErrors++;
            tally.Fail(what, $"server error {(int)response.StatusCode}");
            return;
        }

        var html = await response.Content.ReadAsStringAsync();
        CheckReflection(tally, what, html, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html), payload);
    }

    /// <summary>
    /// The payload must not appear as markup: not verbatim in the HTML when it holds markup characters, and no element
    /// it could have made (an event-handler attribute, a script or style holding its marker, a frame, an SVG, a
    /// javascript: address). The product's own pages have none of these, so any is a reflection.
    /// </summary>
    private static void CheckReflection(Tally tally, string what, string html, IDocument page, HostilePayload payload)
    {
        var value = payload.Value.Trim();
        var problems = new List<string>();
        if (value.IndexOfAny(['<', '>', '"']) >= 0 && html.Contains(value, StringComparison.Ordinal))
        {
            problems.Add("the payload appears verbatim in the HTML");
        }

        foreach (var element in page.All)
        {
            if (element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"<{element.LocalName}> has an event-handler attribute");
            }

            if (element.Attributes.Any(a => a.Name is "href" or "src" or "action" or "formaction" && a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"<{element.LocalName}> has a javascript: address");
            }

            if (element.LocalName is "script" or "style" && element.TextContent.Contains("hx", StringComparison.Ordinal))
            {
                problems.Add($"<{element.LocalName}> holds the payload's marker");
            }

            if (element.LocalName is "iframe" or "svg" or "object" or "embed" && element.OuterHtml.Contains("hx", StringComparison.Ordinal))
            {
                problems.Add($"an injected <{element.LocalName}>");
            }
        }

        if (problems.Count > 0)
        {
            tally.UnencodedReflections++;
            tally.Fail(what, "unencoded reflection: " + string.Join("; ", problems.Distinct()));
        }
    }

    private static string Describe(string? text) => text is null
        ? "nothing"
        : text.Length > 60 ? $"“{Escape(text[..60])}…” ({Id(text.Length)} characters)" : $"“{Escape(text)}”";

    private static string Escape(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}

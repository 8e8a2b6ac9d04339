using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Imports;
using SendImprovement.Web.Tests.Infrastructure;
using SendImprovement.Web.Tests.Measures;

namespace SendImprovement.Web.Tests.Security;

public sealed partial class HostileInputTests
{
    /// <summary>A page that takes a file: where it is, the other fields its form needs, a valid file, and the names of the files it has kept.</summary>
    private sealed record UploadTarget(
        string Name,
        Func<TestWorld, string> Url,
        Func<int, Dictionary<string, string>> Fields,
        byte[] ValidCsv,
        Func<TestWorld, Task<List<string>>> FileNames);

    private static readonly UploadTarget[] UploadTargets =
    [
        new(
            "plan import",
            w => $"/imports/new?partnershipId={Id(w.PartnershipId)}",
            n => ImportSteps.NewPlan($"Hostile upload {Id(n)}"),
            ImportSteps.CsvBytes(ImportSteps.StrategyRows),
            w => w.QueryAsync(db => db.ImportRecords.Where(r => r.PartnershipId == w.PartnershipId).OrderBy(r => r.Id).Select(r => r.FileName).ToListAsync())),
        new(
            "measure figures",
            w => $"/measures/loads/new?partnershipId={Id(w.PartnershipId)}",
            _ => [],
            MeasureLoadSteps.Bytes(MeasureLoadSteps.DfeCsv),
            w => w.QueryAsync(db => db.MeasureLoads.Where(l => l.PartnershipId == w.PartnershipId).OrderBy(l => l.Id).Select(l => l.FileName).ToListAsync())),
    ];

    /// <summary>File names a browser could send: each either kept as a bare name or refused with a message.</summary>
    private static readonly HostilePayload[] FileNames =
    [
        new(HostileInputCorpus.Traversal, "Unix parent folders in a file name", "../../../../etc/passwd.csv"),
        new(HostileInputCorpus.Traversal, "Windows parent folders in a file name", "..\\..\\..\\windows\\system32\\plan.csv"),
        new(HostileInputCorpus.Traversal, "absolute Unix path as a file name", "/etc/cron.d/plan.csv"),
        new(HostileInputCorpus.Traversal, "Windows drive path as a file name", "C:\\Windows\\Temp\\plan.csv"),
        new(HostileInputCorpus.Traversal, "percent-encoded parent folder in a file name", "%2e%2e%2fplan.csv"),
        new(HostileInputCorpus.Markup, "img onerror as a file name", "<img src=x onerror=alert('hx31')>.csv"),
        new(HostileInputCorpus.Markup, "attribute breakout in a file name", "plan\" onmouseover=\"alert('hx32') x=\".csv"),
        new(HostileInputCorpus.Bidi, "right-to-left override in a file name", "report\u202Egnp.csv"),
        new(HostileInputCorpus.Control, "control characters in a file name", "plan\u0007\u001B[31m.csv"),
        new(HostileInputCorpus.NullByte, "null byte in a file name", "plan\0.exe.csv"),
        new(HostileInputCorpus.Overlong, "300-character file name", new string('n', 296) + ".csv"),
        new(HostileInputCorpus.Traversal, "a name that is only an extension", ".csv"),
        new(HostileInputCorpus.Traversal, "an executable's name", "plan.csv.exe"),
    ];

    private async Task SendThroughUploadsAsync(TestWorld world, TestClient client, Tally tally)
    {
        var number = 0;
        foreach (var target in UploadTargets)
        {
            foreach (var name in FileNames)
            {
                number++;
                await UploadCaseAsync(world, client, tally, target, $"Upload to {target.Name}: {name}", number, name.Value, target.ValidCsv, name);
            }

            foreach (var (file, content) in HostileFiles(target))
            {
                number++;
                await UploadCaseAsync(world, client, tally, target, $"Upload to {target.Name}: {file}", number, file, content, null);
            }

            foreach (var (problem, contentType, body) in MalformedBodies())
            {
                tally.Uploads++;
                var what = $"Upload to {target.Name}: malformed multipart ({problem})";
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                var response = await client.Http.PostAsync(target.Url(world), content);
                await CheckMalformedAsync(client, tally, what, response);
            }
        }

        await ImportHostileCellsAsync(world, client, tally);
    }

    private static async Task UploadCaseAsync(TestWorld world, TestClient client, Tally tally, UploadTarget target, string what, int number, string fileName, byte[] file, HostilePayload? name)
    {
        tally.Uploads++;
        var auditBefore = await world.QueryAsync(db => db.AuditEntries.CountAsync());
        var namesBefore = (await target.FileNames(world)).Count;
        var (status, page) = await client.GetPageAsync(target.Url(world));
        Assert.Equal(HttpStatusCode.OK, status);
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var boundary = "----hostile" + Guid.NewGuid().ToString("N");
        var fields = target.Fields(number).Append(new("__RequestVerificationToken", token));
        using var content = new ByteArrayContent(Multipart(boundary, fields, fileName, file));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        var response = await client.Http.PostAsync(target.Url(world), content);

        if ((int)response.StatusCode >= 500)
        {
            tally.ServerErrors++;
            tally.Fail(what, $"server error {(int)response.StatusCode}");
            return;
        }

        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString() is var location && !location.Contains("problem=", StringComparison.Ordinal))
        {
            var kept = (await target.FileNames(world)).Skip(namesBefore).ToList();
            if (kept.Count != 1 || kept[0].IndexOfAny(['/', '\\', '\0']) >= 0 || kept[0] is "" or "." or "..")
            {
                tally.Fail(what, $"accepted, and kept the file name {Describe(kept.FirstOrDefault())}");
            }

            var shown = await client.Http.GetAsync(location);
            await CheckPageAsync(tally, what + $" (shown at {location})", shown, name ?? new HostilePayload("File", fileName, fileName));
            return;
        }

        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            // Refused before it was read (too large, or not whole): the upload page says why.
            var again = await client.Http.GetAsync(response.Headers.Location!.ToString());
            await CheckRefusalAsync(world, tally, what, again.StatusCode, await again.Content.ReadAsStringAsync(), name, auditBefore);
            return;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            tally.Fail(what, $"answered {(int)response.StatusCode}");
            return;
        }

        await CheckRefusalAsync(world, tally, what, response.StatusCode, await response.Content.ReadAsStringAsync(), name, auditBefore);
    }

    /// <summary>A malformed body is a bad request, or the upload page saying the file did not arrive whole; never a server error.</summary>
    private static async Task CheckMalformedAsync(TestClient client, Tally tally, string what, HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            tally.ServerErrors++;
            tally.Fail(what, $"server error {(int)response.StatusCode}");
        }
        else if (response.StatusCode == HttpStatusCode.Redirect)
        {
            tally.Refusals++;
            var (_, page) = await client.GetPageAsync(response.Headers.Location!.ToString());
            var errors = TestClient.Errors(page);
            if (errors.Count > 0 && errors.All(HostileInputCorpus.IsSpecific))
            {
                tally.SpecificMessages++;
            }
            else
            {
                tally.Fail(what, $"sent back to {response.Headers.Location} without a specific message");
            }
        }
        else if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            tally.Fail(what, $"answered {(int)response.StatusCode}, not 400 or the upload page's message");
        }
    }

    /// <summary>A multipart/form-data body as a browser writes it, with the file name's bytes as they are (UTF-8).</summary>
    private static byte[] Multipart(string boundary, IEnumerable<KeyValuePair<string, string>> fields, string fileName, byte[] file)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (key, value) in fields)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n");
        }

        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"Input.File\"; filename=\"{fileName.Replace("\"", "%22", StringComparison.Ordinal)}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(file);
        Write($"\r\n--{boundary}--\r\n");
        return body.ToArray();
    }

    private static IEnumerable<(string Problem, string ContentType, byte[] Body)> MalformedBodies()
    {
        const string boundary = "hostileboundary";
        var part = $"--{boundary}\r\nContent-Disposition: form-data; name=\"Input.File\"; filename=\"plan.csv\"\r\n\r\nRef,Action\r\n1,a\r\n";
        yield return ("no boundary parameter", "multipart/form-data", Encoding.ASCII.GetBytes(part + $"--{boundary}--\r\n"));
        yield return ("boundary not in the body", "multipart/form-data; boundary=somethingelse", Encoding.ASCII.GetBytes(part + $"--{boundary}--\r\n"));
        yield return ("no closing boundary", $"multipart/form-data; boundary={boundary}", Encoding.ASCII.GetBytes(part));
        yield return ("part without headers", $"multipart/form-data; boundary={boundary}", Encoding.ASCII.GetBytes($"--{boundary}\r\n\r\nhello\r\n--{boundary}--\r\n"));
        yield return ("a 20 KB header line", $"multipart/form-data; boundary={boundary}", Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{new string('h', 20_000)}\"\r\n\r\nx\r\n--{boundary}--\r\n"));
        var longBoundary = new string('b', 100);
        yield return ("boundary over 70 characters", $"multipart/form-data; boundary={longBoundary}", Encoding.ASCII.GetBytes($"--{longBoundary}\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nx\r\n--{longBoundary}--\r\n"));
        yield return ("empty body", $"multipart/form-data; boundary={boundary}", []);
        yield return ("3,000 fields", $"multipart/form-data; boundary={boundary}", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"--{boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n")) + $"--{boundary}--\r\n"));
    }

    /// <summary>Files built to attack the readers: entity expansion, external entities, zip bombs, bad bytes and a file over the limit.</summary>
    private IEnumerable<(string FileName, byte[] Content)> HostileFiles(UploadTarget target)
    {
        var workbook = ImportSteps.Xlsx(ImportSteps.StrategyRows);
        yield return ("external entity in a worksheet.xlsx", HostileInputFiles.WithDoctype(workbook, "xl/worksheets/", HostileInputFiles.ExternalEntity));
        yield return ("entity expansion in a worksheet.xlsx", HostileInputFiles.WithDoctype(workbook, "xl/worksheets/", HostileInputFiles.BillionLaughs));
        yield return ("external entity in the workbook part.xlsx", HostileInputFiles.WithDoctype(workbook, "xl/workbook.xml", HostileInputFiles.ExternalEntity));
        yield return ("external entity in the content types.xlsx", HostileInputFiles.WithDoctype(workbook, "[Content_Types].xml", HostileInputFiles.ExternalEntity));
        yield return ("zip bomb.xlsx", HostileInputFiles.WithEntry(workbook, "xl/media/padding.bin", 64L * 1024 * 1024));
        yield return ("Office escape for a null character.xlsx", ImportSteps.Xlsx([["Ref", "Action"], ["1", "Before_x0000_after"], ["2", "Escape_x001B_[31m"]]));
        yield return ("not a zip at all.xlsx", Encoding.UTF8.GetBytes("<script>alert('hx40')</script>"));
        yield return ("invalid UTF-8 bytes.csv", [.. Encoding.ASCII.GetBytes("Ref,Action\r\n1,"), 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. "\r\n"u8]);
        yield return ("raw null bytes.csv", [.. Encoding.ASCII.GetBytes("Ref,Action\r\n1,Before"), 0, .. "after\r\n"u8]);
        if (target.Name == "plan import")
        {
            var document = ImportSteps.Docx([.. ImportSteps.StrategyRows]);
            yield return ("external entity in the document.docx", HostileInputFiles.WithDoctype(document, "word/document.xml", HostileInputFiles.ExternalEntity));
            yield return ("entity expansion in the document.docx", HostileInputFiles.WithDoctype(document, "word/document.xml", HostileInputFiles.BillionLaughs));
            yield return ("zip bomb.docx", HostileInputFiles.WithEntry(document, "word/media/padding.bin", 64L * 1024 * 1024));
            yield return ("over the size limit.csv", new byte[25 * 1024 * 1024]);
        }
        else
        {
            var limits = factory.Services.GetRequiredService<MeasureLoadLimits>();
            yield return ("over the size limit.csv", new byte[limits.MaxFileBytes + (3 * 1024 * 1024)]);
        }
    }

    /// <summary>
    /// Every text payload as a row of a plan: uploaded, mapped, previewed and imported. The mapping and preview pages
    /// show each cell; the import either stores every title exactly or is refused with a message.
    /// </summary>
    private static async Task ImportHostileCellsAsync(TestWorld world, TestClient client, Tally tally)
    {
        var payloads = HostileInputCorpus.TextPayloads.Where(p => p.Value.Length <= 10_000).ToList();
        string[][] rows = [["Ref", "Action", "Notes"], .. payloads.Select((p, i) => new[] { $"9.{Id(i + 1)}", p.Value, p.Value })];
        foreach (var (file, content) in new[] { ("hostile cells.csv", ImportSteps.CsvBytes(rows)), ("hostile cells.xlsx", ImportSteps.Xlsx([.. rows.Select(r => r.Select(HostileInputFiles.XmlSafe).ToArray())])) })
        {
            tally.Uploads++;
            var what = $"Import of {file}";
            var id = await ImportSteps.UploadOkAsync(client, world.PartnershipId, file, content, ImportSteps.NewPlan($"Hostile cells {file}"));
            var (_, mapping) = await client.GetPageAsync($"/imports/{Id(id)}/mapping");
            var saved = await ImportSteps.SaveMappingAsync(client, id, new() { [ImportSteps.ColumnSelect(mapping, "Notes")] = "Progress" });
            if ((int)saved.StatusCode >= 500)
            {
                tally.ServerErrors++;
                tally.Fail(what, "saving the mapping gave a server error");
                continue;
            }

            foreach (var page in new[] { $"/imports/{Id(id)}/mapping", $"/imports/{Id(id)}/preview" })
            {
                var response = await client.Http.GetAsync(page);
                var html = await response.Content.ReadAsStringAsync();
                var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
                if ((int)response.StatusCode >= 500)
                {
                    tally.ServerErrors++;
                    tally.Fail(what, $"{page} gave a server error");
                    continue;
                }

                foreach (var payload in payloads)
                {
                    CheckReflection(tally, $"{what} on {page} with {payload}", html, document, payload);
                }
            }

            var committed = await ImportSteps.CommitAsync(client, id);
            if ((int)committed.StatusCode >= 500)
            {
                tally.ServerErrors++;
                tally.Fail(what, $"the import gave a server error {(int)committed.StatusCode}");
            }
            else if (committed.StatusCode == HttpStatusCode.Redirect)
            {
                var planName = $"Hostile cells {file}";
                var titles = await world.QueryAsync(db => db.PlanItems.Where(i => i.Plan.Name == planName && i.Plan.PartnershipId == world.PartnershipId).Select(i => i.Title).ToListAsync());
                foreach (var payload in payloads.Where(p => !titles.Contains(p.Value.Trim())))
                {
                    tally.Fail(what, $"imported, but {payload} is not stored exactly");
                }
            }
            else
            {
                // Refusing the import still records the choices the preview form carried; no plan may be written.
                await CheckRefusalAsync(world, tally, what, committed.StatusCode, await committed.Content.ReadAsStringAsync(), null, null);
                var planName = $"Hostile cells {file}";
                if (await world.QueryAsync(db => db.Plans.AnyAsync(p => p.Name == planName && p.PartnershipId == world.PartnershipId)))
                {
                    tally.Fail(what, "refused, but the plan was written");
                }
            }
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SendImprovement.Core;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Backups;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Users;

// The command line: thin over Core, with the web app's configuration (Database:Provider, Database:ConnectionString,
// also as Database__Provider and Database__ConnectionString environment variables).
var root = new RootCommand("SEND Improvement command line: users, API tokens, partnerships, plans, plan import and export, reporting periods, reports, measures' figures, the demo partnership, and backup and restore.");

var email = new Option<string>("--email") { Description = "The user's email address, used to sign in.", Required = true };
var name = new Option<string>("--name") { Description = "The user's name as others will see it.", Required = true };
var role = new Option<string>("--role") { Description = "Administrator, ProgrammeLead, Contributor or Viewer.", Required = true };
var userPartnership = new Option<string?>("--partnership") { Description = "The partnership the user works in (not needed for administrators)." };
var userPerson = new Option<string?>("--person") { Description = "The person in the partnership's list of people this user is (name or initials), so a contributor can update what they lead." };
var createUser = new Command("create", "Create a user. The password is read from standard input.") { email, name, role, userPartnership, userPerson };
createUser.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var partnershipName = result.GetValue(userPartnership);
    int? partnershipId = null;
    if (partnershipName is not null)
    {
        partnershipId = await FindPartnershipAsync(services, partnershipName, cancellationToken);
        if (partnershipId is null)
        {
            return Fail($"There is no partnership called “{partnershipName}”. See: partnerships list");
        }
    }

    int? personId = null;
    if (result.GetValue(userPerson) is { } personText)
    {
        if (partnershipId is null)
        {
            return Fail("--person needs --partnership: people belong to a partnership.");
        }

        var (found, problem) = await FindPersonAsync(services, partnershipId.Value, personText, cancellationToken);
        if (found is null)
        {
            return Fail(problem!);
        }

        personId = found.Value.Id;
    }

    var password = ReadPassword();
    var user = await services.GetRequiredService<UserService>().CreateUserAsync(
        Actor.System("Command line"),
        new NewUser(result.GetValue(email), result.GetValue(name), result.GetValue(role), password, partnershipId, personId),
        cancellationToken: cancellationToken);
    Console.WriteLine($"Created {user.DisplayName} <{user.Email}> as {Roles.DisplayName(Roles.Parse(result.GetValue(role))!)}.");
    return 0;
}));
var linkEmail = new Option<string>("--email") { Description = "The email address of the user, as they sign in.", Required = true };
var linkPerson = new Option<string>("--person") { Description = "The person in the user's partnership this user is (name or initials).", Required = true };
var linkUser = new Command("link-person", "Say which of the partnership's people a user is, so a contributor can update what that person leads. Accounts made by single sign-on start unlinked.") { linkEmail, linkPerson };
linkUser.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var userEmail = result.GetValue(linkEmail)!.Trim();
    var partnershipId = (await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(userEmail))?.PartnershipId;
    (int Id, string Name) person = (0, string.Empty);
    if (partnershipId is { } id)
    {
        var (found, problem) = await FindPersonAsync(services, id, result.GetValue(linkPerson)!, cancellationToken);
        if (found is null)
        {
            return Fail(problem!);
        }

        person = found.Value;
    }

    // For an unknown email or an administrator, the service gives the reason.
    var user = await services.GetRequiredService<UserService>().LinkPersonAsync(Actor.System("Command line"), userEmail, person.Id, cancellationToken);
    Console.WriteLine($"Linked {user.DisplayName} <{user.Email}> to {person.Name}, from their next sign-in.");
    return 0;
}));
root.Subcommands.Add(new Command("users", "Manage user accounts.") { createUser, linkUser });

var tokenUser = new Option<string>("--user") { Description = "The email address of the user the token belongs to.", Required = true };
var tokenName = new Option<string>("--name") { Description = "A label for the token, such as the report that will use it.", Required = true };
var createToken = new Command("create", "Create a personal API token and print it once.") { tokenUser, tokenName };
createToken.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var db = services.GetRequiredService<AppDbContext>();
    var address = result.GetValue(tokenUser)!.Trim().ToUpperInvariant();
    var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == address, cancellationToken);
    if (user is null)
    {
        return Fail($"There is no user with the email address {result.GetValue(tokenUser)}.");
    }

    var created = await services.GetRequiredService<ApiTokenService>().CreateAsync(Actor.System("Command line"), user.Id, result.GetValue(tokenName), cancellationToken);
    Console.WriteLine(created.Token);
    Console.Error.WriteLine($"Token “{created.Record.Name}” created for {user.Email}. It is shown only this once.");
    return 0;
}));
root.Subcommands.Add(new Command("tokens", "Manage API tokens.") { createToken });

var listPartnerships = new Command("list", "List the partnerships.");
listPartnerships.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var db = services.GetRequiredService<AppDbContext>();
    var rows = await db.Partnerships.AsNoTracking().OrderBy(p => p.Name)
        .Select(p => new { p.Id, p.Name, Plans = db.Plans.Count(plan => plan.PartnershipId == p.Id) })
        .ToListAsync(cancellationToken);
    if (rows.Count == 0)
    {
        Console.WriteLine("There are no partnerships yet. Load the demo with: demo load");
    }

    foreach (var row in rows)
    {
        Console.WriteLine($"{row.Id}\t{row.Name}\t{row.Plans} {(row.Plans == 1 ? "plan" : "plans")}");
    }

    return 0;
}));
var partnershipName = new Option<string>("--name") { Description = "The partnership's name, such as the local area's name.", Required = true };
var partnershipAreas = new Option<string>("--areas") { Description = "Its areas, comma separated: usually the council or councils, such as \"Northby City,Northby County\".", Required = true };
var partnershipOrganisations = new Option<string?>("--organisations") { Description = "Its organisations, comma separated, such as \"Northby City Council,Northby ICB,Northby Parent Carer Forum\"." };
var createPartnership = new Command("create", "Create a partnership with its areas and organisations.") { partnershipName, partnershipAreas, partnershipOrganisations };
createPartnership.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    static string[] List(string? text) => (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var partnership = await services.GetRequiredService<PartnershipService>().CreatePartnershipAsync(
        Actor.System("Command line"), result.GetValue(partnershipName), List(result.GetValue(partnershipAreas)), List(result.GetValue(partnershipOrganisations)), cancellationToken);
    Console.WriteLine($"Created partnership {partnership.Id}: {partnership.Name} ({string.Join(", ", partnership.Areas.Select(a => a.Name))}).");
    return 0;
}));
root.Subcommands.Add(new Command("partnerships", "Partnerships (local areas).") { listPartnerships, createPartnership });

var planPartnership = new Option<string?>("--partnership") { Description = "Only this partnership's plans." };
var listPlans = new Command("list", "List plans: id, kind and name.") { planPartnership };
listPlans.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var db = services.GetRequiredService<AppDbContext>();
    var query = db.Plans.AsNoTracking();
    if (result.GetValue(planPartnership) is { } partnershipName)
    {
        var partnershipId = await FindPartnershipAsync(services, partnershipName, cancellationToken);
        if (partnershipId is null)
        {
            return Fail($"There is no partnership called “{partnershipName}”. See: partnerships list");
        }

        query = query.Where(p => p.PartnershipId == partnershipId);
    }

    var rows = await query.OrderBy(p => p.Id).Select(p => new { p.Id, Kind = p.Kind.Key, p.Name }).ToListAsync(cancellationToken);
    if (rows.Count == 0)
    {
        Console.Error.WriteLine("There are no plans yet.");
    }
    foreach (var row in rows)
    {
        Console.WriteLine($"{row.Id}\t{row.Kind}\t{row.Name}");
    }

    return 0;
}));
root.Subcommands.Add(new Command("plans", "Improvement plans.") { listPlans });

var periodsPlan = new Option<string>("--plan") { Description = "The plan's id or name (see: plans list).", Required = true };
var listPeriods = new Command("list", "List a plan's reporting periods, newest first: id, name, as-at date, due date and state.") { periodsPlan };
listPeriods.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var planId = await services.GetRequiredService<ReportService>().PlanIdAsync(result.GetValue(periodsPlan)!, cancellationToken);
    var periods = await services.GetRequiredService<PeriodService>().ListAsync(planId, cancellationToken);
    if (periods.Count == 0)
    {
        Console.Error.WriteLine($"Plan {planId} has no reporting periods yet. Open one on the plan's Reporting periods page in the web app.");
    }

    foreach (var period in periods)
    {
        Console.WriteLine($"{period.Id}\t{period.Name}\tas at {Day(period.AsAt)}\tdue {Day(period.Due)}\t{period.State}");
    }

    return 0;
}));
root.Subcommands.Add(new Command("periods", "Reporting periods.") { listPeriods });

var reportKinds = string.Join(", ", Enum.GetValues<ReportKind>().Select(ReportBuilder.Slug));
var reportFormats = string.Join(", ", Enum.GetValues<ReportFormat>().Select(ReportService.Extension));
var reportPlan = new Option<string>("--plan") { Description = "The plan's id or name (see: plans list).", Required = true };
var reportPeriod = new Option<string>("--period") { Description = "The reporting period's name, such as \"November 2026\" (see: periods list).", Required = true };
var reportKind = new Option<string>("--kind") { Description = $"The report: {reportKinds}.", Required = true };
var reportFormat = new Option<string>("--format") { Description = $"The file format: {reportFormats}.", Required = true };
var reportOut = new Option<string>("--out") { Description = "The file to write. Its folder is created if needed; a file already there is replaced.", Required = true };
var report = new Command("report", "Write one report for a reporting period to a file.") { reportPlan, reportPeriod, reportKind, reportFormat, reportOut };
report.SetAction((result, cancellationToken) =>
{
    // What can be checked without the database is checked first, so a typing mistake fails at once.
    var kindText = result.GetValue(reportKind);
    if (ReportBuilder.ParseKind(kindText) is not { } kind)
    {
        return Task.FromResult(Fail($"There is no report kind “{kindText}”. Choose one of: {reportKinds}."));
    }

    var formatText = result.GetValue(reportFormat);
    if (ReportService.ParseFormat(formatText) is not { } format)
    {
        return Task.FromResult(Fail($"There is no report format “{formatText}”. Choose one of: {reportFormats}."));
    }

    if (OutputPath("--out", result.GetValue(reportOut)!, $"report.{ReportService.Extension(format)}") is not { } target)
    {
        return Task.FromResult(1);
    }

    return RunAsync(async services =>
    {
        var reports = services.GetRequiredService<ReportService>();
        var period = await reports.FindPeriodAsync(result.GetValue(reportPlan)!, result.GetValue(reportPeriod)!, cancellationToken);
        var file = await reports.GenerateAsync(Actor.System("Command line"), period.Id, kind, format, cancellationToken);
        if (await WriteWholeFileAsync(target, file.Content, cancellationToken) is { } problem)
        {
            return Fail($"Could not write the report to {target}: {problem}");
        }

        Console.WriteLine($"Wrote the {ReportName(kind)} for {period.Name} ({FormatName(format)}, {file.Content.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes) to {target}.");
        return 0;
    });
});
root.Subcommands.Add(report);

var mappingJson = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
var importPartnership = new Option<string>("--partnership") { Description = "The partnership to import into: its name or id (see: partnerships list).", Required = true };
var importFile = new Option<string>("--file") { Description = $"The file to import: {ImportService.AcceptedExtensions}.", Required = true };
var importMapping = new Option<string?>("--mapping") { Description = "A column mapping the partnership saved in the web app, by name. Without it, the columns are read from their headers." };
var importPlan = new Option<string?>("--plan") { Description = "Update this plan of the partnership (its id or name; see: plans list). Without it, the file becomes a new plan." };
var importKind = new Option<string?>("--kind") { Description = $"The kind of the new plan: {$"{BuiltInPlanKinds.Inspection}, {BuiltInPlanKinds.Strategy} or {BuiltInPlanKinds.SelfEvaluation}"}. Not needed when the file's Level column names the levels of one kind." };
var importName = new Option<string?>("--name") { Description = "The name of the new plan. The file's name without its extension if not given." };
var importSheet = new Option<string?>("--sheet") { Description = "The sheet (or Word table) to read: its name, or its number counting from 1. The one whose headers say most if not given." };
var importHeaderRow = new Option<int?>("--header-row") { Description = "The number of the row holding the headers. The likeliest of the first rows if not given." };
var importKeepRaw = new Option<bool>("--keep-raw-text") { Description = "Keep the text of cells that could not be read (such as a date or a rating) as it is written, instead of stopping." };
var importAcceptTitles = new Option<bool>("--accept-title-matches") { Description = "Treat each item that matches a stored item only by its title as that item. Without it, such items are added as new items." };
var importCommit = new Option<bool>("--commit") { Description = "Write the import. Without it, the command shows what it would do and writes nothing." };
var import = new Command("import", "Show what importing a plan from a file would do; with --commit, import it.")
{
    importPartnership, importFile, importMapping, importPlan, importKind, importName, importSheet, importHeaderRow, importKeepRaw, importAcceptTitles, importCommit,
};
import.SetAction((result, cancellationToken) =>
{
    // What can be checked without the database is checked first, so a typing mistake fails at once.
    var planText = result.GetValue(importPlan);
    if (planText is not null && (result.GetValue(importKind) is not null || result.GetValue(importName) is not null))
    {
        return Task.FromResult(Fail("--kind and --name are for a new plan. Leave them out with --plan, which updates a plan that already has its kind and name."));
    }

    if (result.GetValue(importHeaderRow) is < 1)
    {
        return Task.FromResult(Fail("--header-row is a row number, counting from 1."));
    }

    var typedFile = result.GetValue(importFile)!;
    if (FullPath(typedFile, out var path) is { } pathProblem)
    {
        return Task.FromResult(Fail($"--file “{typedFile}” is not a file name this computer can use: {pathProblem}"));
    }

    if (!File.Exists(path))
    {
        return Task.FromResult(Fail(Directory.Exists(path) ? $"--file {path} is a folder. Give the file to import." : $"There is no file {path}."));
    }

    var fileName = Path.GetFileName(path);
    string? newPlanName = null;
    if (planText is null)
    {
        newPlanName = (result.GetValue(importName) ?? Path.GetFileNameWithoutExtension(fileName)).Trim();
        if (newPlanName.Length is 0 or > Plan.MaxNameLength)
        {
            return Task.FromResult(Fail($"Give the new plan a name of 1 to {Plan.MaxNameLength} characters with --name."));
        }
    }

    return RunAsync(async services =>
    {
        var actor = Actor.System("Command line");
        var db = services.GetRequiredService<AppDbContext>();
        var imports = services.GetRequiredService<ImportService>();
        var partnershipText = result.GetValue(importPartnership)!;
        if (await FindPartnershipAsync(services, partnershipText, cancellationToken) is not { } partnershipId)
        {
            return Fail($"There is no partnership called “{partnershipText}”. See: partnerships list");
        }

        var partnership = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        int? planId = null;
        if (planText is not null)
        {
            var (foundPlanId, planProblem) = await FindPlanInPartnershipAsync(db, partnershipId, partnership, planText, cancellationToken);
            if (planProblem is not null)
            {
                return Fail(planProblem);
            }

            planId = foundPlanId;
        }

        List<ColumnChoice>? columns = null;
        string? mappingName = null;
        if (result.GetValue(importMapping) is { } mappingText)
        {
            var mappings = await imports.MappingsAsync(partnershipId, cancellationToken);
            var mapping = mappings.FirstOrDefault(m => m.Name == mappingText)
                ?? mappings.FirstOrDefault(m => string.Equals(m.Name, mappingText.Trim(), StringComparison.OrdinalIgnoreCase));
            if (mapping is null)
            {
                return Fail(mappings.Count == 0
                    ? $"{partnership} has no saved column mappings. Leave out --mapping to read the columns from their headers, or save a mapping when importing in the web app."
                    : $"{partnership} has no saved column mapping called “{mappingText}”. Its mappings are: {string.Join(", ", mappings.Select(m => $"“{m.Name}”"))}.");
            }

            mappingName = mapping.Name;
            columns = JsonSerializer.Deserialize<List<ColumnChoice>>(mapping.ColumnsJson, mappingJson);
        }

        // The whole file is read once here: a file that is not what it claims stops before anything else.
        IReadOnlyList<SourceTable> tables;
        byte[] content;
        try
        {
            await using (var stream = File.OpenRead(path))
            {
                tables = ImportService.ReadTables(fileName, stream, services.GetRequiredService<ImportLimits>());
            }

            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (ImportFileException exception)
        {
            return Fail($"{path} cannot be imported: {exception.Message}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Fail($"Could not read {path}: {exception.Message}");
        }

        int? tableIndex = null;
        if (result.GetValue(importSheet) is { } sheetText)
        {
            tableIndex = TableIndex(tables, sheetText);
            if (tableIndex is null)
            {
                return Fail($"{fileName} has no sheet or table “{sheetText}”. It has: {string.Join(", ", tables.Select((t, i) => FormattableString.Invariant($"{i + 1} “{t.Name}”")))}.");
            }
        }

        var settings = new ImportSettings
        {
            PlanName = newPlanName,
            TableIndex = tableIndex,
            HeaderRow = result.GetValue(importHeaderRow),
            Columns = columns,
            MappingName = mappingName,
            KeepUnreadable = result.GetValue(importKeepRaw),
            ConfirmAllTitleMatches = result.GetValue(importAcceptTitles),
        };

        Task<ImportPreview> PreviewAsync() => imports.PreviewFileAsync(partnershipId, fileName, new MemoryStream(content, writable: false), settings, planId, cancellationToken);

        var kinds = await db.PlanKinds.AsNoTracking().Include(k => k.Levels).OrderBy(k => k.Id).ToListAsync(cancellationToken);
        PlanKind? kind = null;
        var kindFrom = string.Empty;
        if (planId is null)
        {
            if (result.GetValue(importKind) is { } kindText)
            {
                kind = kinds.FirstOrDefault(k => string.Equals(k.Key, kindText.Trim(), StringComparison.OrdinalIgnoreCase));
                if (kind is null)
                {
                    return Fail($"There is no plan kind “{kindText}”. Choose one of: {KindList(kinds)}.");
                }
            }
            else
            {
                // The table, header row and columns do not depend on the kind, so any kind's preview finds them.
                settings.KindKey = kinds[0].Key;
                var (inferred, why) = InferKind(await PreviewAsync(), kinds);
                if (inferred is null)
                {
                    return Fail($"{why} Give the kind of the new plan with --kind: {KindList(kinds)}.");
                }

                kind = inferred;
                kindFrom = " (told by the levels in the Level column)";
            }

            settings.KindKey = kind.Key;
        }

        var preview = await PreviewAsync();
        if (settings.HeaderRow is { } askedRow && preview.HeaderRow != askedRow && preview.Tables.Count > 0)
        {
            return Fail(FormattableString.Invariant($"The table “{preview.Tables[preview.TableIndex].Name}” has no row {askedRow}. Give the number of the row holding the headers, as the spreadsheet shows it."));
        }

        Console.WriteLine($"File: {path}");
        if (planId is null)
        {
            Console.WriteLine($"Into: a new plan of {partnership}, “{newPlanName}”");
            Console.WriteLine($"Kind: {kind!.Key}, {kind.Name}{kindFrom}");
        }
        else
        {
            Console.WriteLine(FormattableString.Invariant($"Into: plan {planId} of {partnership}, “{await db.Plans.Where(p => p.Id == planId).Select(p => p.Name).FirstAsync(cancellationToken)}”"));
        }

        if (mappingName is not null)
        {
            Console.WriteLine($"Mapping: “{mappingName}”");
        }

        PrintPreview(preview, planId is not null);

        if (!result.GetValue(importCommit))
        {
            if (!preview.CanCommit)
            {
                Console.Error.WriteLine($"Nothing was written. {CannotCommit(preview)}");
                return 2;
            }

            Console.WriteLine();
            Console.WriteLine("Nothing was written. Run again with --commit to import.");
            return 0;
        }

        if (!preview.CanCommit)
        {
            Console.Error.WriteLine($"Nothing was written: the import was refused. {CannotCommit(preview)}");
            return 2;
        }

        // The same steps as in the web app: upload a draft, record the choices, commit in one transaction.
        var record = await imports.UploadAsync(
            actor,
            partnershipId,
            fileName,
            new MemoryStream(content, writable: false),
            new ImportSettings { KindKey = settings.KindKey, PlanName = settings.PlanName, MappingName = mappingName },
            planId,
            cancellationToken);
        ImportOutcome outcome;
        try
        {
            record = await imports.SaveChoicesAsync(actor, record.Id, record.Version, choices =>
            {
                choices.KeepUnreadable = settings.KeepUnreadable;
                choices.ConfirmAllTitleMatches = settings.ConfirmAllTitleMatches;
                choices.TableIndex = preview.TableIndex;
                choices.HeaderRow = preview.HeaderRow;
            }, cancellationToken);
            outcome = await imports.CommitAsync(actor, record.Id, record.Version, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing of the import was written; the draft with the file goes too, so the file is not kept.
            db.ChangeTracker.Clear();
            var draft = await db.ImportRecords.AsNoTracking().Where(r => r.Id == record.Id && r.State == ImportState.Draft).Select(r => (int?)r.Version).FirstOrDefaultAsync(CancellationToken.None);
            if (draft is { } version)
            {
                await imports.DiscardAsync(actor, record.Id, version, CancellationToken.None);
            }

            throw;
        }

        var committed = await db.ImportRecords.AsNoTracking().Where(r => r.Id == record.Id)
            .Select(r => new { r.PlanId, PlanName = db.Plans.Where(p => p.Id == r.PlanId).Select(p => p.Name).FirstOrDefault() })
            .FirstAsync(cancellationToken);
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"Imported {fileName} into plan {committed.PlanId}, “{committed.PlanName}”: {ImportService.Summary(outcome.Counts)}."));
        Console.WriteLine(FormattableString.Invariant($"Import record {record.Id}."));
        return 0;
    });
});
root.Subcommands.Add(import);

var exportFormats = $"{PlanExport.Xlsx}, {PlanExport.Csv}";
var exportPlan = new Option<string>("--plan") { Description = "The plan's id or name (see: plans list).", Required = true };
var exportFormat = new Option<string>("--format") { Description = $"The file format: {exportFormats}.", Required = true };
var exportOut = new Option<string>("--out") { Description = "The file to write. Its folder is created if needed; a file already there is replaced.", Required = true };
var export = new Command("export", "Write a plan to a file in the import template (one row per item), to edit and import again.") { exportPlan, exportFormat, exportOut };
export.SetAction((result, cancellationToken) =>
{
    var formatText = result.GetValue(exportFormat)!.Trim().ToLowerInvariant();
    if (formatText is not (PlanExport.Xlsx or PlanExport.Csv))
    {
        return Task.FromResult(Fail($"There is no export format “{result.GetValue(exportFormat)}”. Choose one of: {exportFormats}."));
    }

    if (OutputPath("--out", result.GetValue(exportOut)!, $"plan.{formatText}") is not { } target)
    {
        return Task.FromResult(1);
    }

    return RunAsync(async services =>
    {
        var planId = await services.GetRequiredService<ReportService>().PlanIdAsync(result.GetValue(exportPlan)!, cancellationToken);
        var planName = await services.GetRequiredService<AppDbContext>().Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Name).FirstAsync(cancellationToken);
        var file = await services.GetRequiredService<PlanExport>().ExportAsync(Actor.System("Command line"), planId, formatText, cancellationToken);
        if (await WriteWholeFileAsync(target, file.Content, cancellationToken) is { } problem)
        {
            return Fail($"Could not write the export to {target}: {problem}");
        }

        Console.WriteLine(FormattableString.Invariant($"Wrote plan {planId}, “{planName}” ({(formatText == PlanExport.Xlsx ? "Excel" : "CSV")}, {file.Content.Length:N0} bytes) to {target}."));
        return 0;
    });
});
root.Subcommands.Add(export);

var measuresImportPartnership = new Option<string>("--partnership") { Description = "The partnership to load into: its name or id (see: partnerships list).", Required = true };
var measuresImportFile = new Option<string>("--file") { Description = $"The file of figures: {MeasureLoadService.AcceptedExtensions}.", Required = true };
var measuresImportFormat = new Option<string?>("--format") { Description = "ees (the DfE's open-data CSV) or simple (measure, area, period, value, note). Told from the header row if not given." };
var measuresImportValidRows = new Option<bool>("--load-valid-rows") { Description = "Load the valid rows and leave out the rows with problems. Without it, nothing is loaded while any row has a problem." };
var measuresImportCommit = new Option<bool>("--commit") { Description = "Load the figures. Without it, the command shows what it would do and writes nothing." };
var measuresImport = new Command("import", "Check a file of figures and show what loading it would do; with --commit, load it.")
{
    measuresImportPartnership, measuresImportFile, measuresImportFormat, measuresImportValidRows, measuresImportCommit,
};
measuresImport.SetAction((result, cancellationToken) =>
{
    // What can be checked without the database is checked first, so a typing mistake fails at once.
    var formatText = result.GetValue(measuresImportFormat);
    MeasureLoadFormat? format;
    switch (formatText?.Trim().ToLowerInvariant())
    {
        case null:
            format = null;
            break;
        case "ees":
            format = MeasureLoadFormat.Ees;
            break;
        case "simple":
            format = MeasureLoadFormat.Simple;
            break;
        default:
            return Task.FromResult(Fail($"There is no figures format “{formatText}”. Choose ees (the DfE's open-data CSV) or simple (measure, area, period, value)."));
    }

    var typedFile = result.GetValue(measuresImportFile)!;
    if (FullPath(typedFile, out var path) is { } pathProblem)
    {
        return Task.FromResult(Fail($"--file “{typedFile}” is not a file name this computer can use: {pathProblem}"));
    }

    if (!File.Exists(path))
    {
        return Task.FromResult(Fail(Directory.Exists(path) ? $"--file {path} is a folder. Give the file of figures." : $"There is no file {path}."));
    }

    var commit = result.GetValue(measuresImportCommit);
    var loadValidRows = result.GetValue(measuresImportValidRows);
    return RunAsync(async services =>
    {
        var db = services.GetRequiredService<AppDbContext>();
        var partnershipText = result.GetValue(measuresImportPartnership)!;
        if (await FindPartnershipAsync(services, partnershipText, cancellationToken) is not { } partnershipId)
        {
            return Fail($"There is no partnership called “{partnershipText}”. See: partnerships list");
        }

        var partnership = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        var loads = services.GetRequiredService<MeasureLoadService>();
        LoadOutcome outcome;
        try
        {
            // Without --commit the counts are for the rows that could be loaded, as the web page's check shows them.
            outcome = await loads.LoadFileAsync(Actor.System("Command line"), partnershipId, path, format, loadValidRows: loadValidRows || !commit, commit, cancellationToken);
        }
        catch (ValidationFailedException exception)
        {
            return Fail($"{path} cannot be loaded: {string.Join(" ", exception.Errors.Select(e => e.Message))}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Fail($"Could not read {path}: {exception.Message}");
        }

        Console.WriteLine($"File: {path}");
        Console.WriteLine($"Into: {partnership}");
        PrintLoadOutcome(outcome, commit && (!outcome.HasProblems || loadValidRows));
        var fileProblem = outcome.Problems.Any(p => p.Row == 0);
        if (fileProblem)
        {
            Console.Error.WriteLine("No figures were loaded: the file cannot be loaded as it is. Correct it and run again.");
            return 2;
        }

        if (outcome.HasProblems && !loadValidRows)
        {
            Console.Error.WriteLine($"Nothing was written{(commit ? ": the load was refused" : string.Empty)}. {Count(outcome.RowsWithProblems, "row")} {(outcome.RowsWithProblems == 1 ? "has" : "have")} problems: correct the file, or run again with --load-valid-rows to leave {(outcome.RowsWithProblems == 1 ? "it" : "them")} out.");
            return 2;
        }

        Console.WriteLine();
        if (!commit)
        {
            Console.WriteLine("Nothing was written. Run again with --commit to load the figures.");
            return 0;
        }

        var record = await db.MeasureLoads.AsNoTracking().Where(l => l.PartnershipId == partnershipId && l.State == MeasureLoadState.Loaded)
            .OrderByDescending(l => l.Id).Select(l => l.Id).FirstAsync(cancellationToken);
        Console.WriteLine(FormattableString.Invariant($"Loaded {Path.GetFileName(path)} into {partnership}: {outcome.Added:N0} added, {outcome.Corrected:N0} corrected, {outcome.Unchanged:N0} unchanged{(outcome.Skipped > 0 ? $", {Count(outcome.Skipped, "row")} with problems left out" : string.Empty)}."));
        Console.WriteLine(FormattableString.Invariant($"Load record {record}."));
        return 0;
    });
});

var measuresExportWhats = "figures, library or comparators";
var measuresExportPartnership = new Option<string>("--partnership") { Description = "The partnership: its name or id (see: partnerships list).", Required = true };
var measuresExportFormat = new Option<string>("--format") { Description = "The file format: csv.", Required = true };
var measuresExportOut = new Option<string>("--out") { Description = "The file to write. Its folder is created if needed; a file already there is replaced.", Required = true };
var measuresExportWhat = new Option<string?>("--what") { Description = $"What to write: {measuresExportWhats}. figures (the default) are the current figures in the simple layout, which load back unchanged." };
var measuresExport = new Command("export", "Write a partnership's measures' figures, library or comparators to a CSV file.") { measuresExportPartnership, measuresExportFormat, measuresExportOut, measuresExportWhat };
measuresExport.SetAction((result, cancellationToken) =>
{
    if (!string.Equals(result.GetValue(measuresExportFormat)!.Trim(), "csv", StringComparison.OrdinalIgnoreCase))
    {
        return Task.FromResult(Fail($"There is no measures export format “{result.GetValue(measuresExportFormat)}”. Choose: csv."));
    }

    var whatText = result.GetValue(measuresExportWhat);
    if ((whatText is null ? MeasureExportKind.Figures : MeasureExport.ParseKind(whatText)) is not { } kind)
    {
        return Task.FromResult(Fail($"There is no measures export “{whatText}”. Choose one of: {measuresExportWhats}."));
    }

    if (OutputPath("--out", result.GetValue(measuresExportOut)!, "figures.csv") is not { } target)
    {
        return Task.FromResult(1);
    }

    return RunAsync(async services =>
    {
        var db = services.GetRequiredService<AppDbContext>();
        var partnershipText = result.GetValue(measuresExportPartnership)!;
        if (await FindPartnershipAsync(services, partnershipText, cancellationToken) is not { } partnershipId)
        {
            return Fail($"There is no partnership called “{partnershipText}”. See: partnerships list");
        }

        var partnership = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        var export = new MeasureExport(db);
        if (await WriteStreamedFileAsync(target, stream => export.WriteAsync(Actor.System("Command line"), partnershipId, kind, MeasureExportFilter.All, stream, cancellationToken), cancellationToken) is { } problem)
        {
            return Fail($"Could not write the export to {target}: {problem}");
        }

        Console.WriteLine(FormattableString.Invariant($"Wrote the measure {kind.ToString().ToLowerInvariant()} of {partnership} (CSV, {new FileInfo(target).Length:N0} bytes) to {target}."));
        return 0;
    });
});
root.Subcommands.Add(new Command("measures", "Measures of impact: load files of figures and export figures.") { measuresImport, measuresExport });

var loadDemo = new Command("load", "Load the fictional Northby demo partnership into an empty database.");
loadDemo.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    await services.GetRequiredService<DemoPartnership>().LoadAsync(cancellationToken);
    Console.WriteLine($"Loaded the demo partnership, {DemoPartnership.PartnershipName}. Demo accounts use the password {DemoPartnership.DemoPassword}:");
    foreach (var account in DemoPartnership.Accounts)
    {
        Console.WriteLine($"  {account.Email}\t{account.Description}");
    }

    return 0;
}));
root.Subcommands.Add(new Command("demo", "The demo partnership.") { loadDemo });

var backupOut = new Option<string?>("--out") { Description = "SQLite: the backup file to write (its folder is created if needed; a file already there is replaced). PostgreSQL: the file the printed pg_dump command writes." };
var backupCheckFrom = new Option<string?>("--from") { Description = "SQLite only: a backup file to check instead of the configured database." };
var backupCheck = new Command("check", "Check a database (the configured one, or a SQLite backup file): all migrations applied, and each table's rows.") { backupCheckFrom };
backupCheck.SetAction((result, cancellationToken) => RunAsync(async services =>
{
    var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
    if (result.GetValue(backupCheckFrom) is { } fromText)
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return Fail("--from checks a SQLite backup file. On PostgreSQL, restore the pg_dump file with pg_restore (see: restore) and run backup check without --from.");
        }

        if (FullPath(fromText, out var from) is { } pathProblem)
        {
            return Fail($"--from “{fromText}” is not a file name this computer can use: {pathProblem}");
        }

        if (await DatabaseBackup.ProblemWithSqliteBackupAsync(from, cancellationToken) is { } problem)
        {
            return Fail(problem);
        }

        await using var backupDb = DatabaseBackup.OpenSqliteFile(from, readOnly: true);
        return PrintCheck(from, await DatabaseBackup.CheckAsync(backupDb, cancellationToken));
    }

    return PrintCheck(options.Describe(), await DatabaseBackup.CheckAsync(services.GetRequiredService<AppDbContext>(), cancellationToken));
}, initialise: false));
var backup = new Command("backup", "Back up the database: a consistent copy of a SQLite database, taken while the app may be running; on PostgreSQL, prints the pg_dump command.") { backupOut, backupCheck };
backup.SetAction((result, cancellationToken) =>
{
    if (result.GetValue(backupOut) is not { } outText)
    {
        return Task.FromResult(Fail("Give the backup file with --out <file>, or check a database with: backup check"));
    }

    if (OutputPath("--out", outText, "send-improvement.backup") is not { } target)
    {
        return Task.FromResult(1);
    }

    return RunAsync(async services =>
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (options.Provider == DatabaseProvider.Postgres)
        {
            // pg_dump already makes a consistent online copy; this command does not reimplement it.
            Console.Error.WriteLine("On PostgreSQL this command does not write the backup itself. Run pg_dump (its folder is made; give the password as PGPASSWORD or in ~/.pgpass):");
            Console.WriteLine(DatabaseBackup.PgDumpCommand(options.EffectiveConnectionString, target));
            return 0;
        }

        var source = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource);
        if (!File.Exists(source))
        {
            return Fail($"There is no database at {source} to back up. Check Database:ConnectionString.");
        }

        await DatabaseBackup.BackupSqliteAsync(options.EffectiveConnectionString, target, cancellationToken);
        await using var copy = DatabaseBackup.OpenSqliteFile(target, readOnly: true);
        var check = await DatabaseBackup.CheckAsync(copy, cancellationToken);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Console.WriteLine(FormattableString.Invariant($"Backed up {options.Describe()} to {target} ({new FileInfo(target).Length:N0} bytes, {check.Tables.Count} tables, {check.Tables.Sum(t => t.Rows):N0} rows)."));
        return 0;
    }, initialise: false);
});
root.Subcommands.Add(backup);

var restoreFrom = new Option<string>("--from") { Description = "The backup file made by: backup --out <file>.", Required = true };
var restore = new Command("restore", "Replace the SQLite database with a backup, after checking it. Stop the app first. On PostgreSQL, prints the pg_restore command.") { restoreFrom };
restore.SetAction((result, cancellationToken) =>
{
    var fromText = result.GetValue(restoreFrom)!;
    if (FullPath(fromText, out var from) is { } pathProblem)
    {
        return Task.FromResult(Fail($"--from “{fromText}” is not a file name this computer can use: {pathProblem}"));
    }

    return RunAsync(async services =>
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        if (options.Provider == DatabaseProvider.Postgres)
        {
            Console.Error.WriteLine("On PostgreSQL this command does not restore the backup itself. Stop the app, run pg_restore, then check the result with: backup check");
            Console.WriteLine(DatabaseBackup.PgRestoreCommand(options.EffectiveConnectionString, from));
            return 0;
        }

        if (await DatabaseBackup.ProblemWithSqliteBackupAsync(from, cancellationToken) is { } problem)
        {
            return Fail($"{problem} Nothing was restored.");
        }

        await DatabaseBackup.RestoreSqliteAsync(from, options.EffectiveConnectionString, cancellationToken);
        await using var restored = DatabaseBackup.OpenSqliteFile(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource, readOnly: true);
        var check = await DatabaseBackup.CheckAsync(restored, cancellationToken);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Console.WriteLine(FormattableString.Invariant($"Restored {from} to {options.Describe()} ({check.Tables.Count} tables, {check.Tables.Sum(t => t.Rows):N0} rows)."));
        return 0;
    }, initialise: false);
});
root.Subcommands.Add(restore);

return await root.Parse(args).InvokeAsync();

// Builds the services, brings the database up to date and runs one command. Mistakes the user can fix print a
// clear message and exit with 1; nothing is half-written because every Core write is one transaction.
static async Task<int> RunAsync(Func<IServiceProvider, Task<int>> command, bool initialise = true)
{
    try
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSendImprovementCore(builder.Configuration);
        builder.Services.AddSendImprovementIdentity();
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        Console.Error.WriteLine($"Database: {scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.Describe()}");
        if (initialise)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
        }

        return await command(scope.ServiceProvider);
    }
    catch (ValidationFailedException exception)
    {
        foreach (var error in exception.Errors)
        {
            Console.Error.WriteLine(string.IsNullOrEmpty(error.Field) ? error.Message : $"{error.Field}: {error.Message}");
        }

        return 1;
    }
    catch (Exception exception) when (exception is ForbiddenException or NotFoundException or InvalidOperationException or PdfUnavailableException or ImportFileException or ConcurrencyConflictException)
    {
        Console.Error.WriteLine(exception.Message);
        return 1;
    }
}

static int PrintCheck(string what, DatabaseCheck check)
{
    Console.WriteLine($"Checked {what}");
    Console.WriteLine($"Migrations applied: {check.MigrationsApplied}");
    if (check.MissingMigrations.Count > 0)
    {
        Console.WriteLine($"Missing migrations: {string.Join(", ", check.MissingMigrations)}");
    }

    if (check.UnknownMigrations.Count > 0)
    {
        Console.WriteLine($"Migrations this version does not know (a newer version made it): {string.Join(", ", check.UnknownMigrations)}");
    }

    foreach (var table in check.Tables)
    {
        Console.WriteLine(FormattableString.Invariant($"{table.Table}\t{table.Rows}"));
    }

    if (!check.IsUpToDate)
    {
        return Fail("The database is not at this version's migrations.");
    }

    Console.WriteLine(FormattableString.Invariant($"All migrations applied; {check.Tables.Count} tables, {check.Tables.Sum(t => t.Rows):N0} rows."));
    return 0;
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 1;
}

static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

static string ReportName(ReportKind kind) => kind == ReportKind.Exceptions ? "Exceptions report" : ReportBuilder.Name(kind);

static string FormatName(ReportFormat format) => format switch
{
    ReportFormat.Docx => "Word",
    ReportFormat.Xlsx => "Excel",
    ReportFormat.Pdf => "PDF",
    _ => "HTML",
};

// The full path of a file named on the command line. "dotnet run --project" (which sets SEND_IMPROVEMENT_DOTNET_RUN
// through launchSettings.json) starts the program in its project folder; there a relative path means the folder the
// person typed the command in, which the shell passes on as PWD. Run any other way, the working folder is the one to
// use. Returns why the name cannot be used, or null.
static string? FullPath(string typed, out string path)
{
    path = string.Empty;
    try
    {
        var typedIn = Environment.GetEnvironmentVariable("SEND_IMPROVEMENT_DOTNET_RUN") == "1" && Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Path.IsPathRooted(pwd)
            ? pwd
            : Environment.CurrentDirectory;
        path = Path.GetFullPath(typed, typedIn);
        return null;
    }
    catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
    {
        return exception.Message;
    }
}

// The file an option such as --out names, or null (having said why) when it is not a name a file can be written to.
static string? OutputPath(string option, string typed, string example)
{
    if (FullPath(typed, out var target) is { } problem)
    {
        Fail($"{option} “{typed}” is not a file name this computer can use: {problem}");
        return null;
    }

    if (Directory.Exists(target))
    {
        Fail($"{option} {target} is a folder. Give a file name, such as {Path.Combine(target, example)}.");
        return null;
    }

    return target;
}

// Writes to a temporary file beside the target and then moves it into place, so a failure part-way (a full disk,
// Ctrl+C) never leaves half a report where the report should be. Returns why it could not, or null.
static async Task<string?> WriteWholeFileAsync(string path, byte[] content, CancellationToken cancellationToken)
{
    var folder = Path.GetDirectoryName(path)!;
    var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    try
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return null;
    }
    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
    {
        return exception.Message;
    }
    finally
    {
        if (File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }
}

// As WriteWholeFileAsync, for content written as a stream (a large export): to a temporary file beside the target,
// then moved into place, so a failure part-way never leaves half a file.
static async Task<string?> WriteStreamedFileAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
{
    var folder = Path.GetDirectoryName(path)!;
    var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    try
    {
        Directory.CreateDirectory(folder);
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await write(stream);
            await stream.FlushAsync(cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
        return null;
    }
    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
    {
        return exception.Message;
    }
    finally
    {
        if (File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }
}

// What a file of figures did, or would do: counts, notes and the problems by row (the first 50).
static void PrintLoadOutcome(LoadOutcome outcome, bool written)
{
    Console.WriteLine(FormattableString.Invariant($"Rows read: {outcome.RowsRead:N0}"));
    Console.WriteLine(FormattableString.Invariant($"Figures read: {outcome.FiguresRead:N0}"));
    Console.WriteLine(FormattableString.Invariant($"{(written ? "Loaded" : "Would load")}: {outcome.Added:N0} added, {outcome.Corrected:N0} corrected (the old figures are kept), {outcome.Unchanged:N0} unchanged{(outcome.HasProblems ? " (rows with problems left out)" : string.Empty)}"));
    Console.WriteLine(FormattableString.Invariant($"Suppressed or not available: {outcome.Suppressed:N0} (kept as the DfE's symbols, never read as zero)"));
    if (outcome.Notes.Count > 0)
    {
        Console.WriteLine(FormattableString.Invariant($"Notes ({outcome.Notes.Count}):"));
        foreach (var note in outcome.Notes)
        {
            Console.WriteLine($"  {note}");
        }
    }

    if (outcome.HasProblems)
    {
        Console.WriteLine(FormattableString.Invariant($"Problems ({outcome.ProblemCount:N0} in {Count(outcome.RowsWithProblems, "row")}):"));
        foreach (var problem in outcome.Problems.Take(50))
        {
            Console.WriteLine(problem.Row == 0 ? $"  The file: {problem.Message}" : $"  {problem.Message}");
        }

        if (outcome.ProblemCount > 50)
        {
            Console.WriteLine(FormattableString.Invariant($"  and {outcome.ProblemCount - 50:N0} more"));
        }
    }
}

static async Task<int?> FindPartnershipAsync(IServiceProvider services, string nameOrId, CancellationToken cancellationToken)
{
    var db = services.GetRequiredService<AppDbContext>();
    var id = int.TryParse(nameOrId, out var number) ? number : (int?)null;
    var lowered = nameOrId.Trim().ToLowerInvariant();
    return await db.Partnerships.Where(p => p.Id == id || p.Name.ToLower() == lowered).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
}

// A person of the partnership by name, initials or a known variant of their name, or why there is not exactly one.
static async Task<((int Id, string Name)? Person, string? Problem)> FindPersonAsync(IServiceProvider services, int partnershipId, string personText, CancellationToken cancellationToken)
{
    var key = PersonNameVariant.ToMatchKey(personText);
    var people = await services.GetRequiredService<AppDbContext>().People
        .Where(p => p.PartnershipId == partnershipId)
        .Select(p => new { p.Id, p.Name, p.Initials, Variants = p.NameVariants.Select(v => v.MatchKey).ToList() })
        .ToListAsync(cancellationToken);
    var found = people.Where(p => PersonNameVariant.ToMatchKey(p.Name) == key || PersonNameVariant.ToMatchKey(p.Initials ?? string.Empty) == key || p.Variants.Contains(key)).ToList();
    return found.Count switch
    {
        1 => ((found[0].Id, found[0].Name), null),
        0 => (null, $"There is no person called or with the initials “{personText}” in that partnership. Add them on the People page first."),
        _ => (null, $"“{personText}” matches {found.Count} people; use their full name."),
    };
}

// A plan of the partnership by id or name, or why there is none.
static async Task<(int Id, string? Problem)> FindPlanInPartnershipAsync(AppDbContext db, int partnershipId, string partnershipName, string planText, CancellationToken cancellationToken)
{
    var listHint = $"See: plans list --partnership \"{partnershipName}\"";
    if (int.TryParse(planText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && await db.Plans.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.PartnershipId, p.Name }).FirstOrDefaultAsync(cancellationToken) is { } byId)
    {
        return byId.PartnershipId == partnershipId
            ? (id, null)
            : (0, FormattableString.Invariant($"Plan {id}, “{byId.Name}”, is not a plan of {partnershipName}. {listHint}"));
    }

    var lowered = planText.Trim().ToLowerInvariant();
    var matches = await db.Plans.AsNoTracking().Where(p => p.PartnershipId == partnershipId && p.Name.ToLower() == lowered).Select(p => p.Id).ToListAsync(cancellationToken);
    return matches.Count switch
    {
        1 => (matches[0], null),
        0 => (0, $"{partnershipName} has no plan with the id or name “{planText}”. {listHint}"),
        _ => (0, $"More than one plan of {partnershipName} is called “{planText}”. Give its id instead. {listHint}"),
    };
}

// The 0-based index of the sheet or table named (in any case) or numbered from 1, or null.
static int? TableIndex(IReadOnlyList<SourceTable> tables, string text)
{
    for (var i = 0; i < tables.Count; i++)
    {
        if (string.Equals(tables[i].Name.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return i;
        }
    }

    return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= tables.Count ? number - 1 : null;
}

static string KindList(IReadOnlyList<PlanKind> kinds) =>
    string.Join(", ", kinds.Select(k => $"{k.Key} ({k.Name})"));

// The kind whose levels the Level column names, when they name the levels of exactly one kind; otherwise why not.
static (PlanKind? Kind, string Why) InferKind(ImportPreview preview, IReadOnlyList<PlanKind> kinds)
{
    if (preview.Tables.Count == 0 || preview.Columns.FirstOrDefault(c => c.Field == ImportField.Level) is not { } levelColumn)
    {
        return (null, "The file has no Level column, so it does not say which kind of plan it is.");
    }

    var values = preview.Tables[preview.TableIndex].Rows
        .Where(r => r.Number > preview.HeaderRow && levelColumn.Column < r.Cells.Count)
        .Select(r => Normalise.Text(r.Cells[levelColumn.Column]).Value?.Trim())
        .OfType<string>()
        .Where(v => v.Length > 0 && !v.All(char.IsDigit) && !string.Equals(v, levelColumn.Header, StringComparison.OrdinalIgnoreCase))
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToList();
    if (values.Count == 0)
    {
        return (null, $"The Level column “{levelColumn.Header}” names no levels, so it does not say which kind of plan this is.");
    }

    var fitting = kinds.Where(k => values.All(v => k.Levels.Any(l => string.Equals(l.Name, v, StringComparison.OrdinalIgnoreCase) || string.Equals(l.PluralName, v, StringComparison.OrdinalIgnoreCase)))).ToList();
    var levels = string.Join(", ", values);
    return fitting.Count switch
    {
        1 => (fitting[0], string.Empty),
        0 => (null, $"The levels in the Level column ({levels}) are not the levels of any one kind of plan."),
        _ => (null, $"The levels in the Level column ({levels}) fit more than one kind of plan."),
    };
}

// Everything the import would do, as the web app's preview shows it.
static void PrintPreview(ImportPreview preview, bool updating)
{
    const int MaxWarnings = 50;
    if (preview.Tables.Count > 0)
    {
        Console.WriteLine(FormattableString.Invariant($"Table: “{preview.Tables[preview.TableIndex].Name}” ({preview.TableIndex + 1} of {preview.Tables.Count}), headers on row {preview.HeaderRow}"));
        Console.WriteLine("Columns:");
        foreach (var column in preview.Columns)
        {
            var header = column.Header.Length > 0 ? $"“{column.Header}”" : FormattableString.Invariant($"column {column.Column + 1} (no header)");
            Console.WriteLine($"  {header} → {FieldNames.Label(column.Field)}");
        }
    }

    var counts = preview.Counts;
    Console.WriteLine(FormattableString.Invariant($"Rows read: {counts.RowsRead}"));
    Console.WriteLine($"Would import: {ImportService.Summary(counts)}, {Count(counts.LinksAdded, "link")} to other plans");
    if (counts.NewByLevel.Count > 0)
    {
        Console.WriteLine($"New items by level: {string.Join(", ", counts.NewByLevel.Select(l => FormattableString.Invariant($"{l.Key} {l.Value}")))}");
    }

    if (updating)
    {
        Console.WriteLine(FormattableString.Invariant($"Matched to items of the plan: {counts.ItemsMatched}"));
    }

    Section($"Errors ({preview.Errors.Count}): nothing can be imported until they are fixed", preview.Errors.Select(Message));
    Section($"Warnings ({preview.Warnings.Count})", preview.Warnings.Take(MaxWarnings).Select(Message));
    if (preview.Warnings.Count > MaxWarnings)
    {
        Console.WriteLine(FormattableString.Invariant($"  and {preview.Warnings.Count - MaxWarnings} more"));
    }

    Section(
        preview.KeepUnreadable
            ? $"Cells that could not be read ({preview.Unreadable.Count}): their text is kept as written (--keep-raw-text)"
            : $"Cells that could not be read ({preview.Unreadable.Count}): correct them in the file, or run again with --keep-raw-text to keep their text as written",
        preview.Unreadable.Select(u => FormattableString.Invariant($"Row {u.Row}, “{u.Header}”: {u.Problem}{(u.Problem.Contains(u.Raw, StringComparison.Ordinal) ? string.Empty : $" (“{u.Raw}”)")}")));

    var unmatched = preview.Leads.Where(l => l.MatchedPersonId is null && l.Choice is null).ToList();
    Section(
        $"Leads not matched to anyone ({unmatched.Count}): they stay unassigned, with their text kept on the items. Add them on the People page and import again, or assign the items in the web app",
        unmatched.Select(l => FormattableString.Invariant($"“{l.Example}”, {(l.Uses == 1 ? "once" : $"{l.Uses} times")}")));

    var toConfirm = preview.TitleMatches.Where(m => !m.IsConfirmed).ToList();
    Section(
        $"Matched only by title, to confirm ({toConfirm.Count}): each is added as a new item unless you run again with --accept-title-matches",
        toConfirm.Select(m => FormattableString.Invariant($"Row {m.Row}, {m.Level} “{m.Title}” looks like {m.ExistingLabel}")));
    var confirmed = preview.TitleMatches.Where(m => m.IsConfirmed).ToList();
    Section(
        $"Matched by title, accepted ({confirmed.Count})",
        confirmed.Select(m => FormattableString.Invariant($"Row {m.Row}, {m.Level} “{m.Title}” is {m.ExistingLabel}")));

    if (updating)
    {
        Section($"Changes ({preview.Changes.Count})", preview.Changes.Select(c => $"{c.Item}: {c.What}"));
        Section($"In the plan but not in the file ({preview.Missing.Count}): kept as they are, never deleted", preview.Missing);
    }

    static string Message(ImportMessage message) => message.Where.Length == 0 ? message.Message : $"{message.Where}: {message.Message}";

    static void Section(string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"{title}:");
        foreach (var line in list)
        {
            Console.WriteLine($"  {line}");
        }
    }
}

// Why the preview cannot be committed, and what to do.
static string CannotCommit(ImportPreview preview) =>
    preview.Errors.Count > 0
        ? $"The file has {Count(preview.Errors.Count, "error")} (listed above). Fix {(preview.Errors.Count == 1 ? "it" : "them")} in the file, or choose other columns with --mapping, --sheet or --header-row, and run again."
        : $"{Count(preview.UnreadableStillOpen.Count, "cell")} could not be read (listed above). Correct {(preview.UnreadableStillOpen.Count == 1 ? "it" : "them")} in the file, or run again with --keep-raw-text to keep the text as written.";

static string Count(int number, string noun) => TextCase.Count(number, noun);

// The password comes from standard input: piped ("echo ... | users create ...") or typed without echo.
static string ReadPassword()
{
    if (Console.IsInputRedirected)
    {
        return Console.In.ReadLine() ?? string.Empty;
    }

    Console.Error.Write("Password: ");
    var password = new System.Text.StringBuilder();
    while (true)
    {
        var key = Console.ReadKey(intercept: true);
        if (key.Key == ConsoleKey.Enter)
        {
            break;
        }

        if (key.Key == ConsoleKey.Backspace)
        {
            if (password.Length > 0)
            {
                password.Length--;
            }
        }
        else if (!char.IsControl(key.KeyChar))
        {
            password.Append(key.KeyChar);
        }
    }

    Console.Error.WriteLine();
    return password.ToString();
}

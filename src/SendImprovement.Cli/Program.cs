using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SendImprovement.Core;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Users;

// The command line: thin over Core, with the web app's configuration (Database:Provider, Database:ConnectionString,
// also as Database__Provider and Database__ConnectionString environment variables).
var root = new RootCommand("SEND Improvement command line: users, API tokens, partnerships, plans, reporting periods, reports and the demo partnership.");

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

        var key = PersonNameVariant.ToMatchKey(personText);
        var matches = await services.GetRequiredService<AppDbContext>().People
            .Where(p => p.PartnershipId == partnershipId)
            .Select(p => new { p.Id, p.Name, p.Initials, Variants = p.NameVariants.Select(v => v.MatchKey).ToList() })
            .ToListAsync(cancellationToken);
        var found = matches.Where(p => PersonNameVariant.ToMatchKey(p.Name) == key || PersonNameVariant.ToMatchKey(p.Initials ?? string.Empty) == key || p.Variants.Contains(key)).ToList();
        if (found.Count != 1)
        {
            return Fail(found.Count == 0
                ? $"There is no person called or with the initials “{personText}” in that partnership. Add them on the People page first."
                : $"“{personText}” matches {found.Count} people; use their full name.");
        }

        personId = found[0].Id;
    }

    var password = ReadPassword();
    var user = await services.GetRequiredService<UserService>().CreateUserAsync(
        Actor.System("Command line"),
        new NewUser(result.GetValue(email), result.GetValue(name), result.GetValue(role), password, partnershipId, personId),
        cancellationToken: cancellationToken);
    Console.WriteLine($"Created {user.DisplayName} <{user.Email}> as {Roles.DisplayName(Roles.Parse(result.GetValue(role))!)}.");
    return 0;
}));
root.Subcommands.Add(new Command("users", "Manage user accounts.") { createUser });

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

    string target;
    try
    {
        // "dotnet run --project" (which sets SEND_IMPROVEMENT_DOTNET_RUN through launchSettings.json) starts the
        // program in its project folder; there a relative path means the folder the person typed the command in,
        // which the shell passes on as PWD. Run any other way, the working folder is the one to use.
        var typedIn = Environment.GetEnvironmentVariable("SEND_IMPROVEMENT_DOTNET_RUN") == "1" && Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Path.IsPathRooted(pwd)
            ? pwd
            : Environment.CurrentDirectory;
        target = Path.GetFullPath(result.GetValue(reportOut)!, typedIn);
    }
    catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
    {
        return Task.FromResult(Fail($"--out “{result.GetValue(reportOut)}” is not a file name this computer can use: {exception.Message}"));
    }

    if (Directory.Exists(target))
    {
        return Task.FromResult(Fail($"--out {target} is a folder. Give a file name, such as {Path.Combine(target, $"report.{ReportService.Extension(format)}")}."));
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

return await root.Parse(args).InvokeAsync();

// Builds the services, brings the database up to date and runs one command. Mistakes the user can fix print a
// clear message and exit with 1; nothing is half-written because every Core write is one transaction.
static async Task<int> RunAsync(Func<IServiceProvider, Task<int>> command)
{
    try
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSendImprovementCore(builder.Configuration);
        builder.Services.AddSendImprovementIdentity();
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        Console.Error.WriteLine($"Database: {scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.Describe()}");
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync();
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
    catch (Exception exception) when (exception is ForbiddenException or NotFoundException or InvalidOperationException or PdfUnavailableException)
    {
        Console.Error.WriteLine(exception.Message);
        return 1;
    }
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

static async Task<int?> FindPartnershipAsync(IServiceProvider services, string nameOrId, CancellationToken cancellationToken)
{
    var db = services.GetRequiredService<AppDbContext>();
    var id = int.TryParse(nameOrId, out var number) ? number : (int?)null;
    var lowered = nameOrId.Trim().ToLowerInvariant();
    return await db.Partnerships.Where(p => p.Id == id || p.Name.ToLower() == lowered).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
}

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

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SendImprovement.Core;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Users;
using SendImprovement.Web.Api;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Health;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Infrastructure.Telemetry;

var builder = WebApplication.CreateBuilder(args);
var demoRequested = args.Contains("--demo");
// An empty PostgreSQL database is a production install being set up: never fill it with known demo passwords
// unless --demo is given.
var loadDemoWhenEmpty = builder.Configuration.GetValue<bool>("Demo:LoadWhenEmpty")
    && !string.Equals(builder.Configuration["Database:Provider"], nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase);

// Each line logged while a request is handled carries that request's id (ASP.NET Core's request scope), in the
// plain console format and in JSON (Logging:Console:FormatterName=json).
builder.Services.Configure<SimpleConsoleFormatterOptions>(options => options.IncludeScopes = true);
builder.Services.Configure<JsonConsoleFormatterOptions>(options => options.IncludeScopes = true);

builder.Services.AddSendImprovementCore(builder.Configuration);

// Keys in the database let every instance of the app read the cookies and form tokens the others issue. The
// application name, not the install folder, decides which keys apply.
builder.Services.AddDataProtection()
    .SetApplicationName("SendImprovement")
    .PersistKeysToDbContext<AppDbContext>();

builder.Services.AddSendImprovementIdentity()
    .AddSignInManager()
    .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
    .AddDefaultTokenProviders();

builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
    .AddSingleSignOn(builder.Configuration, builder.Environment)
    .AddIdentityCookies();
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.Cookie.Name = "send-improvement";
    cookie.Cookie.HttpOnly = true;
    cookie.Cookie.SameSite = SameSiteMode.Lax;
    cookie.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    cookie.LoginPath = "/sign-in";
    cookie.LogoutPath = "/sign-out";
    cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
    cookie.SlidingExpiration = true;

    // A refused action shows the product's 403 page rather than redirecting to a sign-in page.
    cookie.Events.OnRedirectToAccessDenied = context =>
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = "send-improvement-antiforgery";

    // The antiforgery cookie is not marked Secure by default, even over HTTPS.
    options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
builder.Services.AddRazorPages(options =>
    {
        options.Conventions.AuthorizeFolder("/", Policies.ReadPlans);
        options.Conventions.AddPageRoute("/Home/Index", "plans");
    })
    .AddMvcOptions(options => options.Filters.Add<ProblemsFilter>());
builder.Services.AddSendImprovementHealthChecks();
builder.Services.AddSignInRateLimit(builder.Configuration);
builder.Services.AddSendImprovementTelemetry(builder.Configuration);

var app = builder.Build();

await InitialiseDatabaseAsync(app, demoRequested, loadDemoWhenEmpty);

app.UseExceptionHandler("/error/500");
app.UseStatusCodePagesWithReExecute("/error/{0}");
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseUnreadableFormPage();

app.MapRazorPages();
app.MapPlansApi();
app.MapMeasuresApi();
app.MapSendImprovementHealthChecks();

app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));

await app.RunAsync();

// Migrations always run. The demo partnership is loaded into an empty SQLite database in Development (the README's
// quick start), or whenever --demo is given and no partnership exists yet; never over real data.
static async Task InitialiseDatabaseAsync(WebApplication app, bool demoRequested, bool loadDemoWhenEmpty)
{
    using var scope = app.Services.CreateScope();
    var initialiser = scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>();
    await initialiser.InitialiseAsync();
    var load = demoRequested ? !await initialiser.HasPartnershipsAsync() : loadDemoWhenEmpty && await initialiser.IsEmptyAsync();
    if (load)
    {
        await scope.ServiceProvider.GetRequiredService<DemoPartnership>().LoadAsync();
        app.Logger.LogInformation("Loaded the demo partnership, {Name}.", DemoPartnership.PartnershipName);
    }
    else if (demoRequested)
    {
        app.Logger.LogWarning("--demo was given but the database already holds a partnership, so the demo partnership was not loaded.");
    }
}

static void PrintWelcome(WebApplication app)
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
    using var scope = app.Services.CreateScope();
    var hasDemoUsers = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.Any(u => u.IsDemo);
    Console.WriteLine();
    Console.WriteLine($"SEND Improvement is running at {string.Join(", ", addresses)}");
    Console.WriteLine($"Database: {database.Describe()}");
    Console.WriteLine(hasDemoUsers
        ? $"Sign in with a demo account, for example {DemoPartnership.Accounts[0].Email}, password {DemoPartnership.DemoPassword} (all demo accounts are listed on the sign-in page)."
        : "Create the first administrator with: dotnet run --project src/SendImprovement.Cli -- users create --email you@example.gov.uk --name \"Your Name\" --role Administrator");
    Console.WriteLine("Press Ctrl+C to stop.");
    Console.WriteLine();
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

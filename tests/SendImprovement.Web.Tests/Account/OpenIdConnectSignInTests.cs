using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Users;
using SendImprovement.Web.Tests.Infrastructure;
using SendImprovement.Web.Tests.Infrastructure.Oidc;

namespace SendImprovement.Web.Tests.Account;

/// <summary>
/// Single sign-on against a real OpenID Connect provider started by the tests (see <see cref="TestIdentityProvider"/>),
/// with the provider's groups mapped to roles and partnerships by the app's settings.
/// </summary>
public sealed class OpenIdConnectSignInTests(OpenIdConnectAppFactory factory) : IClassFixture<OpenIdConnectAppFactory>
{
    [Fact]
    public async Task Get_SignInPage_ShowsTheProviderButton_AndLetsTheFormReachTheProvider()
    {
        using var client = new TestClient(factory);

        var response = await client.Http.GetAsync("/sign-in");
        var page = await TestClient.ParseAsync(response);

        var button = Assert.Single(page.QuerySelectorAll("form[method=post] button.govuk-button--secondary"));
        Assert.Equal($"Sign in with {OpenIdConnectAppFactory.ProviderName}", button.TextContent.Trim());
        Assert.NotNull(button.Closest("form")!.QuerySelector("input[name=__RequestVerificationToken]"));
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"form-action 'self' {factory.Provider.Issuer.GetLeftPart(UriPartial.Authority)};", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MappedGroup_CreatesTheAccountWithThatRoleAndPartnership_AndLandsOnIt()
    {
        await factory.EnsurePartnershipsAsync();
        var person = NewIdentity("north-leads");
        using var browser = new SingleSignOnBrowser(factory);

        var landing = await browser.SignInAsync(person.Subject);

        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.Equal("/", landing.Address.AbsolutePath);
        Assert.Equal([OpenIdConnectAppFactory.North], landing.Page.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()));

        var account = await AccountAsync(person.Subject);
        Assert.NotNull(account);
        Assert.Equal(person.Email, account.Email);
        Assert.Equal(person.Name, account.DisplayName);
        Assert.Equal(Roles.ProgrammeLead, account.Role);
        Assert.Equal(OpenIdConnectAppFactory.North, account.Partnership);
        Assert.False(account.HasPassword);

        var audit = Assert.Single(await AuditAsync(account.Id));
        Assert.Equal("User created by single sign-on", audit.Action);
        Assert.Contains(new AuditChange("User", account.Id, "Role", null, Roles.ProgrammeLead), Changes(audit));
        Assert.DoesNotContain(person.Subject, audit.ChangesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_Again_AfterTheGroupsChanged_ChangesRoleAndPartnership_AndAuditsIt()
    {
        await factory.EnsurePartnershipsAsync();
        var person = NewIdentity("north-viewers");
        using (var first = new SingleSignOnBrowser(factory))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.SignInAsync(person.Subject)).Status);
        }

        person.Groups = ["finance-team", "south-contributors"];
        using var second = new SingleSignOnBrowser(factory);
        var landing = await second.SignInAsync(person.Subject);

        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.Equal([OpenIdConnectAppFactory.South], landing.Page.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()));
        var account = await AccountAsync(person.Subject);
        Assert.NotNull(account);
        Assert.Equal(Roles.Contributor, account.Role);
        Assert.Equal(OpenIdConnectAppFactory.South, account.Partnership);
        Assert.Equal(1, await CountAccountsAsync(person.Email));

        var audit = await AuditAsync(account.Id);
        Assert.Equal("User created by single sign-on | Access changed by single sign-on", string.Join(" | ", audit.Select(a => a.Action)));
        Assert.Contains(new AuditChange("User", account.Id, "Role", Roles.Viewer, Roles.Contributor), Changes(audit[1]));
        Assert.Contains(Changes(audit[1]), c => c.Field == "PartnershipId" && c.Old != c.New);

        // A third sign-in with the same groups changes nothing but is still recorded.
        using var third = new SingleSignOnBrowser(factory);
        Assert.Equal(HttpStatusCode.OK, (await third.SignInAsync(person.Subject)).Status);
        Assert.Equal("Signed in by single sign-on", (await AuditAsync(account.Id))[^1].Action);
    }

    [Fact]
    public async Task SignIn_Contributor_LinkedToAPersonByAnAdministrator_KeepsTheLinkUntilTheirPartnershipChanges()
    {
        await factory.EnsurePartnershipsAsync();
        var identity = NewIdentity("south-contributors");
        using (var first = new SingleSignOnBrowser(factory))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.SignInAsync(identity.Subject)).Status);
        }

        Assert.Null((await AccountAsync(identity.Subject))!.PersonId);

        // What "users link-person" does.
        int personId;
        using (var scope = factory.Services.CreateScope())
        {
            var admin = Actor.System("Test administrator");
            var south = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Partnerships.Where(p => p.Name == OpenIdConnectAppFactory.South).Select(p => p.Id).SingleAsync();
            personId = (await scope.ServiceProvider.GetRequiredService<Core.Partnerships.PeopleService>().AddPersonAsync(admin, south, new(identity.Name, null, null, null, null))).Id;
            await scope.ServiceProvider.GetRequiredService<UserService>().LinkPersonAsync(admin, identity.Email, personId);
        }

        using (var second = new SingleSignOnBrowser(factory))
        {
            Assert.Equal(HttpStatusCode.OK, (await second.SignInAsync(identity.Subject)).Status);
        }

        var account = await AccountAsync(identity.Subject);
        Assert.Equal(personId, account!.PersonId);
        using (var scope = factory.Services.CreateScope())
        {
            var linked = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
                .SingleAsync(a => a.Action == "User linked to a person" && a.ChangesJson.Contains(account.Id));
            Assert.Equal("Test administrator", linked.ActorName);
            Assert.Contains(new AuditChange("User", account.Id, "PersonId", null, personId.ToString(System.Globalization.CultureInfo.InvariantCulture)), Changes(linked));
        }

        // The person belongs to the south partnership, so a move to the north one unlinks them.
        identity.Groups = ["north-viewers"];
        using var third = new SingleSignOnBrowser(factory);
        Assert.Equal(HttpStatusCode.OK, (await third.SignInAsync(identity.Subject)).Status);
        Assert.Null((await AccountAsync(identity.Subject))!.PersonId);
    }

    [Fact]
    public async Task SignIn_NoMappedGroup_IsRefusedWithTheReason_AndNoAccountIsCreated()
    {
        var person = NewIdentity("finance-team");
        using var browser = new SingleSignOnBrowser(factory);

        var landing = await browser.SignInAsync(person.Subject);

        Assert.Equal(HttpStatusCode.Forbidden, landing.Status);
        Assert.Equal(SingleSignOnPath, landing.Address.AbsolutePath);
        Assert.Contains("does not give you access to SEND Improvement. Ask your administrator", TestClient.Text(landing.Page), StringComparison.Ordinal);
        Assert.Equal(0, await CountAccountsAsync(person.Email));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task SignIn_GroupForAPartnershipNotSetUp_IsRefused()
    {
        var person = NewIdentity("gone-partnership");
        using var browser = new SingleSignOnBrowser(factory);

        var landing = await browser.SignInAsync(person.Subject);

        Assert.Equal(HttpStatusCode.Forbidden, landing.Status);
        Assert.Contains("not set up in SEND Improvement", TestClient.Text(landing.Page), StringComparison.Ordinal);
        Assert.Equal(0, await CountAccountsAsync(person.Email));
    }

    [Fact]
    public async Task SignIn_EmailOfALocalAccount_IsRefused_AndTheLocalAccountIsNotLinked()
    {
        var world = await TestWorld.CreateAsync(factory);
        var person = new TestIdentity(Guid.NewGuid().ToString("N"), "Someone Else", world.Viewer, "sso-admins");
        factory.Provider.Users[person.Subject] = person;
        using var browser = new SingleSignOnBrowser(factory);

        var landing = await browser.SignInAsync(person.Subject);

        Assert.Equal(HttpStatusCode.Forbidden, landing.Status);
        Assert.Contains("already an account with your email address", TestClient.Text(landing.Page), StringComparison.Ordinal);
        Assert.Null(await AccountAsync(person.Subject));
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var local = await users.FindByEmailAsync(world.Viewer);
        Assert.Empty(await users.GetLoginsAsync(local!));
        Assert.Equal([Roles.Viewer], await users.GetRolesAsync(local!));
    }

    [Fact]
    public async Task SignIn_TamperedState_IsRefused_NotAnError()
    {
        var person = NewIdentity("sso-admins");
        using var browser = new SingleSignOnBrowser(factory);

        var landing = await browser.SignInAsync(person.Subject, alterCallback: callback =>
        {
            var query = QueryHelpers.ParseQuery(callback.Query);
            var state = query["state"].ToString();
            Assert.False(string.IsNullOrEmpty(state));
            var tampered = state[..^4] + (state[^4..] == "AAAA" ? "BBBB" : "AAAA");
            return new Uri(QueryHelpers.AddQueryString("http://localhost/signin-oidc", new Dictionary<string, string?> { ["code"] = query["code"], ["state"] = tampered }));
        });

        Assert.Equal(HttpStatusCode.BadRequest, landing.Status);
        Assert.Equal(SingleSignOnPath, landing.Address.AbsolutePath);
        Assert.Contains("Signing in did not work", TestClient.Text(landing.Page), StringComparison.Ordinal);
        Assert.Null(await AccountAsync(person.Subject));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task SignIn_CodeFromAProviderTheAppDoesNotTrust_IsRefused_NotAnError()
    {
        var person = NewIdentity("sso-admins");
        factory.UntrustedProvider.Users[person.Subject] = person;
        using var browser = new SingleSignOnBrowser(factory);

        // The app's own request (its state, nonce and PKCE challenge) is answered by the other provider instead.
        var trusted = factory.Provider.Issuer.GetLeftPart(UriPartial.Authority);
        var untrusted = factory.UntrustedProvider.Issuer.GetLeftPart(UriPartial.Authority);
        var landing = await browser.SignInAsync(person.Subject, alterProviderRequest: address =>
            new Uri(address.ToString().Replace(trusted, untrusted, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, landing.Status);
        Assert.Contains("Signing in did not work", TestClient.Text(landing.Page), StringComparison.Ordinal);
        Assert.Null(await AccountAsync(person.Subject));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task Get_CompletionPage_WithoutAProviderSignIn_IsRefused()
    {
        using var client = new TestClient(factory);

        var (status, page) = await client.GetPageAsync(SingleSignOnPath);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Signing in did not work", TestClient.Text(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalSignIn_StillWorks_AlongsideSingleSignOn()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Testshire WSoA", TestClient.Text(page), StringComparison.Ordinal);
    }

    private const string SingleSignOnPath = "/sign-in/single-sign-on";

    private TestIdentity NewIdentity(params string[] groups)
    {
        var id = Guid.NewGuid().ToString("N");
        var person = new TestIdentity($"subject-{id}", $"Sam Sso {id[..6]}", $"sam.{id[..10]}@council.example", groups);
        factory.Provider.Users[person.Subject] = person;
        return person;
    }

    private sealed record Account(string Id, string? Email, string DisplayName, string? Role, string? Partnership, bool HasPassword, int? PersonId);

    /// <summary>The account linked to the provider's subject, found the way the app finds it: by login, not email.</summary>
    private async Task<Account?> AccountAsync(string subject)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await users.FindByLoginAsync("oidc", subject);
        if (user is null)
        {
            return null;
        }

        var partnership = await db.Partnerships.Where(p => p.Id == user.PartnershipId).Select(p => p.Name).SingleOrDefaultAsync();
        return new(user.Id, user.Email, user.DisplayName, (await users.GetRolesAsync(user)).SingleOrDefault(), partnership, user.PasswordHash is not null, user.PersonId);
    }

    private async Task<int> CountAccountsAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        var upper = email.ToUpperInvariant();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.CountAsync(u => u.NormalizedEmail == upper);
    }

    private async Task<List<AuditEntry>> AuditAsync(string userId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.ActorUserId == userId).OrderBy(a => a.Id).ToListAsync();
    }

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    private static List<AuditChange> Changes(AuditEntry entry) => JsonSerializer.Deserialize<List<AuditChange>>(entry.ChangesJson, AuditJson) ?? [];

    private static async Task AssertSignedOutAsync(SingleSignOnBrowser browser)
    {
        var response = await browser.App.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

/// <summary>Without "SignIn:OpenIdConnect" settings there is no button and no way in through single sign-on.</summary>
[Collection(WebTestGroup.Name)]
public sealed class OpenIdConnectNotConfiguredTests(AppFactory factory)
{
    [Fact]
    public async Task Get_SignInPage_HasNoProviderButton_AndTheUsualPolicy()
    {
        using var client = new TestClient(factory);

        var response = await client.Http.GetAsync("/sign-in");
        var page = await TestClient.ParseAsync(response);

        Assert.DoesNotContain("Sign in with", TestClient.Text(page), StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("main form[method=post]"));
        Assert.Contains("form-action 'self';", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SingleSignOnButton_GoesBackToSignIn_And_TheCompletionPageIsNotFound()
    {
        using var client = new TestClient(factory);

        var post = await client.PostFormAsync("/sign-in?handler=SingleSignOn", [], formPage: "/sign-in");
        var (status, _) = await client.GetPageAsync("/sign-in/single-sign-on");

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/sign-in", post.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Cli;

[Collection(WebTestGroup.Name)]
public sealed class CliTests(AppFactory factory)
{
    private Task<CliRunner.Result> Run(string? input, params string[] args) =>
        CliRunner.RunAsync(factory.DatabaseProvider, factory.ConnectionString, input, args);

    [Fact]
    public async Task UsersCreate_MakesTheFirstAdministrator_WhoCanSignIn()
    {
        var email = $"first-admin-{Guid.NewGuid():N}@council.example";

        var result = await Run("a-long-enough-password", "users", "create", "--email", email, "--name", "First Admin", "--role", "Administrator");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Created First Admin <{email}> as Administrator.", result.Output, StringComparison.Ordinal);
        using var client = new TestClient(factory);
        await client.SignInAsync(email, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/audit")).StatusCode);
        Assert.DoesNotContain("a-long-enough-password", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "Administrator", "Passwords must be at least 12 characters.")]
    [InlineData("a-long-enough-password", "Wizard", "Choose a role: Administrator, Programme lead, Contributor, Viewer")]
    [InlineData("a-long-enough-password", "Viewer", "Choose the partnership this user works in")]
    public async Task UsersCreate_Invalid_ExitsNonZeroWithTheReason(string password, string role, string message)
    {
        var result = await Run(password, "users", "create", "--email", $"x-{Guid.NewGuid():N}@council.example", "--name", "X", "--role", role);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreate_MissingOptions_ExitsNonZero()
    {
        var result = await Run(null, "users", "create", "--email", "a@b.example");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Option '--name' is required", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnershipsCreate_ThenUsersCreate_InIt_ThenList()
    {
        var name = $"Clitown {Guid.NewGuid():N}"[..16];

        var created = await Run(null, "partnerships", "create", "--name", name, "--areas", "Clitown City,Clitown County", "--organisations", "Clitown City Council,Clitown ICB");
        var user = await Run("a-long-enough-password", "users", "create", "--email", $"pl-{Guid.NewGuid():N}@council.example", "--name", "Pat", "--role", "programme-lead", "--partnership", name);
        var list = await Run(null, "partnerships", "list");

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(0, user.ExitCode);
        Assert.Contains(name, list.Output, StringComparison.Ordinal);
        Assert.Contains("Programme lead", user.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreate_WithAPerson_GivesAContributorTheItemsThatPersonLeads()
    {
        var world = await TestWorld.CreateAsync(factory);
        var email = $"olga-{Guid.NewGuid():N}@council.example";

        var result = await Run("a-long-enough-password", "users", "create", "--email", email, "--name", "Olga", "--role", "Contributor", "--partnership", world.PartnershipName, "--person", "oo");
        using var client = new TestClient(factory);
        await client.SignInAsync(email, "a-long-enough-password");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/items/{world.OtherActionId}/rating")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/items/{world.ActionId}/rating")).StatusCode);
    }

    [Fact]
    public async Task UsersCreate_WithAnUnknownPerson_SaysSo()
    {
        var world = await TestWorld.CreateAsync(factory);

        var result = await Run("a-long-enough-password", "users", "create", "--email", $"x-{Guid.NewGuid():N}@council.example", "--name", "X", "--role", "Contributor", "--partnership", world.PartnershipName, "--person", "Nobody");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("There is no person called or with the initials “Nobody”", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersLinkPerson_GivesAnUnlinkedContributorTheItemsThatPersonLeads()
    {
        var world = await TestWorld.CreateAsync(factory);
        var email = $"olga-{Guid.NewGuid():N}@council.example";
        await Run("a-long-enough-password", "users", "create", "--email", email, "--name", "Olga", "--role", "Contributor", "--partnership", world.PartnershipName);
        using var client = new TestClient(factory);
        await client.SignInAsync(email, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/items/{world.OtherActionId}/rating")).StatusCode);

        // Typed with other capitals, as people do.
        var result = await Run(null, "users", "link-person", "--email", email.ToUpperInvariant(), "--person", "oo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Linked Olga <{email}> to ", result.Output, StringComparison.Ordinal);
        using var signedInAgain = new TestClient(factory);
        await signedInAgain.SignInAsync(email, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, (await signedInAgain.Http.GetAsync($"/items/{world.OtherActionId}/rating")).StatusCode);
    }

    [Theory]
    [InlineData("nobody", "oo", "There is no user with the email address")]
    [InlineData("contributor", "Nobody", "There is no person called or with the initials “Nobody”")]
    [InlineData("administrator", "oo", "works in no partnership")]
    public async Task UsersLinkPerson_Invalid_ExitsNonZeroWithTheReason(string who, string person, string message)
    {
        var world = await TestWorld.CreateAsync(factory);
        var email = who switch
        {
            "contributor" => world.Contributor,
            "administrator" => world.Administrator,
            _ => $"nobody-{Guid.NewGuid():N}@council.example",
        };

        var result = await Run(null, "users", "link-person", "--email", email, "--person", person);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlansList_ShowsIdKindAndName()
    {
        var world = await TestWorld.CreateAsync(factory);

        var result = await Run(null, "plans", "list", "--partnership", world.PartnershipName);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{world.PlanId}\tinspection\tTestshire WSoA", result.Output.Trim());
    }

    [Fact]
    public async Task PlansList_UnknownPartnership_SaysSo()
    {
        var result = await Run(null, "plans", "list", "--partnership", "Atlantis");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("There is no partnership called “Atlantis”", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensCreate_PrintsATokenThatReadsTheApi()
    {
        var world = await TestWorld.CreateAsync(factory);

        var result = await Run(null, "tokens", "create", "--user", world.Viewer, "--name", "Nightly extract");
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", result.Output.Trim());

        Assert.Equal(0, result.ExitCode);
        var response = await api.GetAsync($"/api/plans/{world.PlanId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Recruit coordinators", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoLoad_IntoADatabaseWithPartnerships_IsRefused()
    {
        await TestWorld.CreateAsync(factory);

        var result = await Run(null, "demo", "load");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("only be loaded into an empty database", result.Error, StringComparison.Ordinal);
        Assert.False(await factory.Services.GetRequiredService<IServiceScopeFactory>().CreateScope().ServiceProvider
            .GetRequiredService<SendImprovement.Core.Data.AppDbContext>().Partnerships.AnyAsync(p => p.Name == "Northby"));
    }

    [Fact]
    public async Task DemoLoad_IntoAnEmptyDatabase_LoadsNorthby()
    {
        await using var empty = await TestDatabase.CreateAsync();

        var result = await CliRunner.RunAsync(empty.Provider, empty.ConnectionString, null, "demo", "load");
        var plans = await CliRunner.RunAsync(empty.Provider, empty.ConnectionString, null, "plans", "list", "--partnership", "Northby");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("programme.lead@northby.example", result.Output, StringComparison.Ordinal);
        Assert.Contains("inspection\tWritten Statement of Action", plans.Output, StringComparison.Ordinal);
        Assert.Contains("strategy\tJoint SEND Strategy: Phase One action plan", plans.Output, StringComparison.Ordinal);
    }
}

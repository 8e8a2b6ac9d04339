using System.Net;
using SendImprovement.Core.Users;
using SendImprovement.Web.Tests.Cli;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Security;

/// <summary>Passwords are set with "users create" (there is no password form in the web app yet).</summary>
[Collection(WebTestGroup.Name)]
public sealed class PasswordRuleTests(AppFactory factory)
{
    [Theory]
    [InlineData("Password123456!")]
    [InlineData("sendimprovement2026")]
    [InlineData("qwertyuiop123")]
    public async Task UsersCreate_CommonPassword_IsRefusedWithTheReason(string password)
    {
        var result = await CliRunner.RunAsync(factory.DatabaseProvider, factory.ConnectionString, password, "users", "create", "--email", $"x-{Guid.NewGuid():N}@council.example", "--name", "X", "--role", "Administrator");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(CommonPasswordValidator.CommonPasswordMessage, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersCreate_LongPassphrase_IsAccepted_AndSignsIn()
    {
        var email = $"passphrase-{Guid.NewGuid():N}@council.example";
        var passphrase = "the heron waited by the weir while the kettle sang " + new string('~', 40) + " and the orbit of tuesday went round again at last";

        var result = await CliRunner.RunAsync(factory.DatabaseProvider, factory.ConnectionString, passphrase, "users", "create", "--email", email, "--name", "Pat Passphrase", "--role", "Administrator");
        using var client = new TestClient(factory);
        var signedIn = await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = passphrase });

        Assert.True(passphrase.Length >= 128);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }
}

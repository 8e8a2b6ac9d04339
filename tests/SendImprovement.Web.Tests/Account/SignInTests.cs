using System.Net;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Account;

[Collection(WebTestGroup.Name)]
public sealed class SignInTests(AppFactory factory)
{
    [Fact]
    public async Task Get_SignedOut_RedirectsToSignIn()
    {
        using var client = new TestClient(factory);

        var response = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_CorrectPassword_SignsInAndShowsThePlans()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Testshire WSoA", TestClient.Text(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Empty_ShowsBothMessages()
    {
        using var client = new TestClient(factory);

        var (status, page) = await client.PostAndReadAsync("/sign-in", new() { ["Input.Email"] = "", ["Input.Password"] = "" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Enter your email address", "Enter your password"], TestClient.Errors(page));
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WrongPassword_SaysSoWithoutSayingWhichWasWrong_AndKeepsTheEmail()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = new TestClient(factory);

        var (_, page) = await client.PostAndReadAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = "wrong-password-here" });

        Assert.Equal(["The email address or password is not correct"], TestClient.Errors(page));
        Assert.Equal(world.Viewer, page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#Input_Password")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Post_FiveWrongPasswords_LocksTheAccount()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = new TestClient(factory);
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = "wrong-password-here" });
        }

        var (_, page) = await client.PostAndReadAsync("/sign-in", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = TestWorld.Password });

        Assert.Contains("locked", TestClient.Errors(page).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ReturnUrlElsewhere_IsIgnored()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = new TestClient(factory);

        var response = await client.PostFormAsync("/sign-in?ReturnUrl=https%3A%2F%2Fevil.example%2F", new() { ["Input.Email"] = world.Viewer, ["Input.Password"] = TestWorld.Password, ["ReturnUrl"] = "https://evil.example/" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignOut_IsAPost_AndEndsTheSession()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var response = await client.PostFormAsync("/sign-out", new(), formPage: "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutDemoAccounts_ListsNone()
    {
        using var client = new TestClient(factory);

        var (_, page) = await client.GetPageAsync("/sign-in");

        Assert.DoesNotContain("Demo accounts", TestClient.Text(page), StringComparison.Ordinal);
    }
}

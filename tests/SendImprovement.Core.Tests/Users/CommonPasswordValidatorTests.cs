using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Tests.Services;
using SendImprovement.Core.Users;

namespace SendImprovement.Core.Tests.Users;

public sealed class CommonPasswordValidatorTests
{
    [Theory]
    [InlineData("password123456")]
    [InlineData("Password123456!")]
    [InlineData("P@ssw0rd-2026!")]
    [InlineData("qwertyuiop123")]
    [InlineData("123456789012")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("abcdefghijklmn")]
    [InlineData("passwordpassword")]
    [InlineData("Summer2026!!!")]
    [InlineData("sendimprovement")]
    [InlineData("Send Improvement 2026")]
    [InlineData("Northby-Council-01")]
    [InlineData("correct horse battery staple")]
    [InlineData("iloveyou12345678")]
    public void IsEasilyGuessed_CommonPasswordsAndTheirVariants(string password) =>
        Assert.True(CommonPasswordValidator.IsEasilyGuessed(password, "pat.lead@council.example", "Pat Lead"));

    [Theory]
    [InlineData("pat.lead@council.example")]
    [InlineData("pat.lead2026!")]
    [InlineData("Pat Lead 1234567")]
    public void IsEasilyGuessed_TheUsersOwnEmailOrName(string password) =>
        Assert.True(CommonPasswordValidator.IsEasilyGuessed(password, "pat.lead@council.example", "Pat Lead"));

    [Theory]
    [InlineData("correct-horse-battery")]
    [InlineData("kettle marmalade orbit tuesday")]
    [InlineData("northby-demo-password")]
    [InlineData("Lantern-Quarry-Pebble-9")]
    [InlineData("my dog eats carrots on wednesdays")]
    public void IsEasilyGuessed_PassphrasesPass(string password) =>
        Assert.False(CommonPasswordValidator.IsEasilyGuessed(password, "pat.lead@council.example", "Pat Lead"));

    [Fact]
    public async Task CreateUser_CommonPassword_IsRefusedWithOneClearMessage()
    {
        await using var harness = await CoreHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateAsync(harness, "Password123456!"));

        Assert.Equal([new FieldError("Password", CommonPasswordValidator.CommonPasswordMessage)], error.Errors);
    }

    [Fact]
    public async Task CreateUser_ShortPassword_GetsOnlyTheLengthMessage()
    {
        await using var harness = await CoreHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateAsync(harness, "password"));

        Assert.Equal([new FieldError("Password", "Passwords must be at least 12 characters.")], error.Errors);
    }

    [Fact]
    public async Task CreateUser_LongPassphrase_IsAccepted_AndChecksOut()
    {
        await using var harness = await CoreHarness.CreateAsync();
        var passphrase = string.Join(' ', Enumerable.Repeat("kettle marmalade orbit tuesday", 8))[..128] + "!";

        var user = await CreateAsync(harness, passphrase);

        var ok = await harness.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            return await users.CheckPasswordAsync((await users.FindByIdAsync(user.Id))!, passphrase);
        });
        Assert.True(ok);
    }

    [Fact]
    public async Task CreateUser_PasswordOverTheMaximum_IsRefused()
    {
        await using var harness = await CoreHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateAsync(harness, new string('k', 300) + " marmalade orbit tuesday kettle"));

        Assert.Equal([new FieldError("Password", CommonPasswordValidator.TooLongMessage)], error.Errors);
    }

    private static Task<AppUser> CreateAsync(CoreHarness harness, string password) =>
        harness.InScopeAsync(sp => sp.GetRequiredService<UserService>().CreateUserAsync(
            Actor.System("Test"),
            new NewUser($"user-{Guid.NewGuid():N}@council.example", "Pat Lead", Roles.Administrator, password, null, null)));
}

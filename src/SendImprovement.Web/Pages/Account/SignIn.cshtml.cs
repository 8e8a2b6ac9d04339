using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Users;

namespace SendImprovement.Web.Pages.Account;

[AllowAnonymous]
public sealed class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<DemoAccount> DemoAccounts { get; private set; } = [];

    public string DemoPassword => DemoPartnership.DemoPassword;

    public async Task OnGetAsync() => await LoadDemoAccountsAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadDemoAccountsAsync();
        if (string.IsNullOrWhiteSpace(Input.Email))
        {
            ModelState.AddModelError("Input.Email", "Enter your email address");
        }

        if (string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError("Input.Password", "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email!.Trim());
        if (user is null)
        {
            ModelState.AddModelError("Input.Email", "The email address or password is not correct");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("Input.Email", "Your account is locked after too many attempts to sign in. Try again in 15 minutes, or ask an administrator.");
            return Page();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("Input.Email", "The email address or password is not correct");
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private async Task LoadDemoAccountsAsync()
    {
        var demoEmails = await users.Users.Where(u => u.IsDemo).Select(u => u.Email).ToListAsync();
        DemoAccounts = DemoPartnership.Accounts.Where(a => demoEmails.Contains(a.Email)).ToList();
    }

    public sealed class SignInInput
    {
        public string? Email { get; set; }

        public string? Password { get; set; }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Users;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Account;

[AllowAnonymous]
public sealed class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SingleSignOnOptions singleSignOn) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<DemoAccount> DemoAccounts { get; private set; } = [];

    public string DemoPassword => DemoPartnership.DemoPassword;

    /// <summary>The provider's name for the "Sign in with" button, or null when single sign-on is not configured.</summary>
    public string? SingleSignOnName => singleSignOn.Enabled ? singleSignOn.DisplayName : null;

    public async Task OnGetAsync()
    {
        AllowFormToReachProvider();
        await LoadDemoAccountsAsync();
    }

    /// <summary>The "Sign in with ..." button: a form post, so another site cannot start a sign-in for someone.</summary>
    public IActionResult OnPostSingleSignOn()
    {
        // Without the settings there is no button; a stale form just comes back to this page.
        if (!singleSignOn.Enabled)
        {
            return RedirectToPage();
        }

        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        var properties = signIn.ConfigureExternalAuthenticationProperties(SingleSignOnOptions.Scheme, $"{SingleSignOn.CompletePath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return Challenge(properties, SingleSignOnOptions.Scheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        AllowFormToReachProvider();
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

    /// <summary>
    /// Browsers apply the page's form-action to the redirects that follow a form post, so the sign-in page allows the
    /// provider's address as well as its own.
    /// </summary>
    private void AllowFormToReachProvider()
    {
        if (singleSignOn.Enabled)
        {
            Response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy.Replace(
                "form-action 'self'", $"form-action 'self' {singleSignOn.AuthorityOrigin}", StringComparison.Ordinal);
        }
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

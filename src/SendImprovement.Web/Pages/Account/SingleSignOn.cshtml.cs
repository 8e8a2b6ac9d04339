using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Users;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Account;

/// <summary>
/// Where the provider's sign-in ends: links it to an account here (by the provider's subject), sets the role and
/// partnership from the person's groups and issues the product's own cookie, or says why they cannot sign in.
/// </summary>
[AllowAnonymous]
public sealed class SingleSignOnModel(SignInManager<AppUser> signIn, ExternalSignInService externalSignIn, SingleSignOnOptions settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the person was not signed in; null only while redirecting.</summary>
    public string? Refusal { get; private set; }

    public string ProviderName => settings.DisplayName;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!settings.Enabled)
        {
            return NotFound();
        }

        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var principal = external.Succeeded ? external.Principal : null;
        var subject = principal?.FindFirst("sub")?.Value;
        if (principal is null || string.IsNullOrEmpty(subject)
            || external.Properties?.Items.TryGetValue("LoginProvider", out var provider) != true || provider != SingleSignOnOptions.Scheme)
        {
            // The provider's answer was refused (a forged or stale callback) or never arrived.
            return Refuse(StatusCodes.Status400BadRequest, "Signing in did not work. Go back to the sign-in page and try again.");
        }

        var email = principal.FindFirst("email")?.Value ?? principal.FindFirst("preferred_username")?.Value;
        var identity = new ExternalIdentity(SingleSignOnOptions.Scheme, settings.DisplayName, subject, email, principal.FindFirst("name")?.Value);
        var groups = principal.FindAll(settings.GroupsClaim).Select(c => c.Value);
        var result = await externalSignIn.SignInAsync(identity, settings.AccessFor(groups), HttpContext.RequestAborted);
        if (result.User is null)
        {
            return Refuse(StatusCodes.Status403Forbidden, result.Refusal switch
            {
                ExternalSignInRefusal.EmailTaken => "There is already an account with your email address that is not linked to your organisation's account. Ask your administrator to link or remove it.",
                ExternalSignInRefusal.NoEmail => $"{settings.DisplayName} did not give your email address, which SEND Improvement needs. Ask your administrator to check the single sign-on settings.",
                ExternalSignInRefusal.LockedOut => "Your account is locked. Ask your administrator.",
                ExternalSignInRefusal.NoSuchPartnership => "Your group gives access to a partnership that is not set up in SEND Improvement. Ask your administrator.",
                _ => $"Your account at {settings.DisplayName} does not give you access to SEND Improvement. Ask your administrator to add you to the right group.",
            });
        }

        await signIn.SignInAsync(result.User, isPersistent: false, authenticationMethod: SingleSignOnOptions.Scheme);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private PageResult Refuse(int status, string reason)
    {
        Response.StatusCode = status;
        Refusal = reason;
        return Page();
    }
}

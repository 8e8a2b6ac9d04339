using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Web.Infrastructure.Forms;

namespace SendImprovement.Web.Pages;

/// <summary>
/// The product's error pages: 404, 403, 400 and the one page for anything unexpected. Reached by re-execution for
/// any method, so it takes no antiforgery token.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = string.Empty;

    public IReadOnlyList<string> Paragraphs { get; private set; } = [];

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        // A form that could not be read cannot be bound either, so the status code comes from the flag, not the route.
        var unreadableForm = HttpContext.Items.ContainsKey(UnreadableFormMiddleware.ItemKey);
        var status = unreadableForm ? StatusCodes.Status400BadRequest : code ?? 500;
        (Heading, Paragraphs) = status switch
        {
            _ when unreadableForm => ("The form could not be read", (IReadOnlyList<string>)[
                "Something you entered is too long (more than 4 MB) or contains a character that cannot be sent, such as a null character copied from another program.",
                "Nothing has been saved. Go back, remove it and try again.",
            ]),
            404 => ("Page not found", ["If you typed the web address, check it is correct.", "If you followed a link, the item may have been moved or you may not have access to it."]),
            403 => ("You do not have permission to do this", ["Your account cannot see this page or make this change.", User.IsInRole(Core.Users.Roles.ProgrammeLead)
                ? "If you think you should be able to, ask an administrator."
                : "If you think you should be able to, ask your programme lead or an administrator."]),
            400 => ("There was a problem with your request", ["The page may have been open for a long time, or the request was not complete. Go back, refresh the page and try again."]),
            405 => ("There was a problem with your request", ["This address cannot be used in that way."]),
            409 => ("Someone else changed this", ["Go back, refresh the page and try again."]),
            413 => ("The request was too large", ["Go back and send less at once."]),
            429 => ("You have tried to sign in too many times", ["Wait a minute, then try again.", "If you have forgotten your password, ask an administrator."]),
            _ => ("Sorry, there is a problem with the service", ["Try again later. Nothing you entered has been saved."]),
        };

        // Keep the original status for re-executed errors; a direct visit to /error/404 reports 404 too.
        if (HttpContext.Response.StatusCode == StatusCodes.Status200OK && code is not null)
        {
            HttpContext.Response.StatusCode = status;
        }
    }
}

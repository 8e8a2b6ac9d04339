using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core;

namespace SendImprovement.Web.Infrastructure.Forms;

/// <summary>
/// The one place where Core's exceptions become what the user sees: a business rule the user can fix becomes a
/// form error on the same page (with what they typed kept), someone else's newer save becomes a clear message,
/// a missing record the 404 page and a refused action the 403 page. Anything else bubbles to the error page.
/// </summary>
public sealed class ProblemsFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.ExceptionHandled)
        {
            return;
        }

        var prefix = context.HandlerInstance.GetType().GetProperty("Input") is null ? string.Empty : "Input";
        switch (executed.Exception)
        {
            case ValidationFailedException invalid:
                foreach (var error in invalid.Errors)
                {
                    context.ModelState.AddModelError(Key(prefix, error.Field), error.Message);
                }

                executed.Result = new PageResult();
                executed.ExceptionHandled = true;
                break;

            case ConcurrencyConflictException conflict:
                context.ModelState.AddModelError(string.Empty, conflict.Message);
                if (context.HandlerInstance is IVersionedForm form)
                {
                    // Show the latest version so a deliberate second submit is accepted; what the user typed is kept.
                    await form.ReloadAfterConflictAsync();
                    var key = Key(prefix, "Version");
                    context.ModelState.Remove(key);
                    context.ModelState.SetModelValue(key, form.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), form.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                executed.Result = new PageResult { StatusCode = StatusCodes.Status409Conflict };
                executed.ExceptionHandled = true;
                break;

            case NotFoundException:
                executed.Result = new NotFoundResult();
                executed.ExceptionHandled = true;
                break;

            case ForbiddenException:
                executed.Result = new ForbidResult();
                executed.ExceptionHandled = true;
                break;
        }
    }

    private static string Key(string prefix, string field) =>
        field.Length == 0 ? string.Empty : prefix.Length == 0 ? field : $"{prefix}.{field}";
}

/// <summary>A form that edits a versioned record; after a conflict it reloads the record to show what changed.</summary>
public interface IVersionedForm
{
    int CurrentVersion { get; }

    Task ReloadAfterConflictAsync();
}

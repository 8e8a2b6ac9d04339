using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SendImprovement.Web.Infrastructure.Forms;

/// <summary>
/// A request naming a handler the page does not have (?handler=nonsense) is "not found". Without this, Razor Pages
/// renders the page without running any handler, with nothing loaded.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireHandlerAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HandlerMethod is null)
        {
            context.Result = new NotFoundResult();
            return;
        }

        await next();
    }
}

using Microsoft.AspNetCore.Diagnostics;

namespace SendImprovement.Web.Infrastructure.Forms;

/// <summary>
/// A form post ASP.NET Core cannot read (a value over its 4 MB limit, or a null character, often pasted in) would
/// otherwise fail the antiforgery check with the general "problem with your request" page. This reads the form first
/// and, when it cannot, answers 400 with the product's page saying what was wrong; nothing has been saved.
/// Uploads (multipart forms) are left to <see cref="UploadLimitAttribute"/>, which knows each page's limits.
/// </summary>
public static class UnreadableFormMiddleware
{
    public const string ItemKey = "SendImprovement.UnreadableForm";

    public static IApplicationBuilder UseUnreadableFormPage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.Features.Get<IStatusCodeReExecuteFeature>() is null
                && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    context.Items[ItemKey] = true;
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
            }

            await next(context);
        });
}

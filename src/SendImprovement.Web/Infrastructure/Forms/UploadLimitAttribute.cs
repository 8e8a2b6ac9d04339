using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using SendImprovement.Core.Imports;

namespace SendImprovement.Web.Infrastructure.Forms;

/// <summary>
/// Sets a page's request limits from the configured file size of its kind of upload (<paramref name="limits"/>, an
/// <see cref="IUploadLimits"/> service, plus room for the rest of the form), and reads the form before the
/// antiforgery check does, so that a request over the limits goes back to <paramref name="uploadPage"/> with the
/// product's message instead of an error page. Runs after the authorisation policy and before antiforgery (order
/// 1000). The limits come from configuration, so they cannot be attribute constants (RequestSizeLimit /
/// RequestFormLimits); this does what those filters do.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute(Type limits, string uploadPage) : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields and the multipart boundaries.</summary>
    public const long FormAllowance = 2 * 1024 * 1024;

    /// <summary>The upload page's <c>problem</c> query value for a file over the limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The upload page's <c>problem</c> query value for an upload that did not arrive whole.</summary>
    public const string Incomplete = "incomplete";

    /// <summary>The most fields the form may post (ASP.NET Core's own limit unless a page needs more).</summary>
    public int MaxFormValues { get; set; } = FormReader.DefaultValueCountLimit;

    /// <summary>
    /// The page takes the file itself, so a refused request goes back to the upload page with the reason; on a page
    /// that does not (a form about a file already uploaded), a form over the limits is a bad request.
    /// </summary>
    public bool IsUploadPage { get; set; } = true;

    public int Order => 950;

    public static long RequestLimit(IUploadLimits limits) => limits.MaxFileBytes + FormAllowance;

    /// <summary>Puts the reason an upload was refused (from the <c>problem</c> query value) on the file field.</summary>
    public static void ShowProblem(ModelStateDictionary modelState, string? problem, string field, IUploadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(limits);
        if (problem == TooLarge)
        {
            modelState.AddModelError(field, IUploadLimits.TooLargeMessage(limits.MaxFileMegabytes));
        }
        else if (problem == Incomplete)
        {
            modelState.AddModelError(field, "The file could not be uploaded. Select it and upload it again.");
        }
    }

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return;
        }

        var configured = http.RequestServices.GetService(limits) as IUploadLimits
            ?? throw new InvalidOperationException($"{limits.Name} is not registered as a service.");
        var limit = RequestLimit(configured);

        // The server's own limit is only raised, never lowered: a request between the form limit and the server's limit
        // is read to its end and answered with the message, where one over the server's limit is cut off.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false, MaxRequestBodySize: { } serverLimit } bodySize && serverLimit < limit)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (!request.HasFormContentType)
        {
            return;
        }

        if (http.Features.Get<IFormFeature>()?.Form is null)
        {
            http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = MaxFormValues }));
        }

        try
        {
            await request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // InvalidDataException: over a limit, or not multipart; IOException: the body ended before its closing
            // boundary (a malformed or cut-off upload), or was over the server's limit (BadHttpRequestException 413).
            // Nothing was read or written.
            if (!IsUploadPage)
            {
                context.Result = new BadRequestResult();
                return;
            }

            var problem = request.ContentLength is null || request.ContentLength > limit || ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? TooLarge : Incomplete;
            var partnership = request.Query["partnershipId"].ToString();
            context.Result = new RedirectResult(partnership.Length > 0
                ? $"{uploadPage}?partnershipId={Uri.EscapeDataString(partnership)}&problem={problem}"
                : $"{uploadPage}?problem={problem}");
        }
    }
}

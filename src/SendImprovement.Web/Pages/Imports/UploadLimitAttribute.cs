using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SendImprovement.Core.Imports;

namespace SendImprovement.Web.Pages.Imports;

/// <summary>
/// Sets the upload's request limits from the import's configured file size (plus room for the rest of the form), and
/// reads the form before the antiforgery check does, so that a request over the limits goes back to the upload page
/// with the product's message instead of an error page. Runs after the authorisation policy and before antiforgery
/// (order 1000). The limits come from configuration, so they cannot be attribute constants
/// (RequestSizeLimit / RequestFormLimits); this does what those filters do.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields and the multipart boundaries.</summary>
    public const long FormAllowance = 2 * 1024 * 1024;

    public int Order => 950;

    public static long RequestLimit(ImportLimits limits) => limits.MaxFileBytes + FormAllowance;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return;
        }

        var limit = RequestLimit(http.RequestServices.GetService<ImportLimits>() ?? ImportLimits.Default);
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
            http.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }

        try
        {
            await request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Nothing was read or written; the upload page says what went wrong.
            var problem = request.ContentLength is null || request.ContentLength > limit || ex is BadHttpRequestException ? UploadModel.TooLarge : UploadModel.Incomplete;
            var partnership = request.Query["partnershipId"].ToString();
            context.Result = new RedirectResult(partnership.Length > 0
                ? $"/imports/new?partnershipId={Uri.EscapeDataString(partnership)}&problem={problem}"
                : $"/imports/new?problem={problem}");
        }
    }
}

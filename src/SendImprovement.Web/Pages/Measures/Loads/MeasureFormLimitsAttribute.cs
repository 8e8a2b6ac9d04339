using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SendImprovement.Core.Measures;

namespace SendImprovement.Web.Pages.Measures.Loads;

/// <summary>
/// The form limits of the pages that load figures, read before the antiforgery check (order 1000) and after the
/// authorisation policy, as <see cref="Imports.UploadLimitAttribute"/> does for plan files: the upload may be as large
/// as <see cref="MeasureLoadLimits.MaxFileMegabytes"/> (plus room for the rest of the form), and a DfE file's choices
/// may post three fields for each of its series. An upload over the limit goes back to the upload page with the
/// product's message instead of an error page; any other form over the limits is a bad request.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MeasureFormLimitsAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields and the multipart boundaries.</summary>
    public const long FormAllowance = 2 * 1024 * 1024;

    /// <summary>Three fields for each series a DfE file can list, and the form's own.</summary>
    public const int MaxFormValues = (3 * 2000) + 100;

    /// <summary>The page uploads files: a refused request goes back to it with the reason.</summary>
    public bool IsUploadPage { get; set; }

    public int Order => 950;

    public static long RequestLimit(MeasureLoadLimits limits) => limits.MaxFileBytes + FormAllowance;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return;
        }

        var limit = RequestLimit(http.RequestServices.GetService<MeasureLoadLimits>() ?? MeasureLoadLimits.Default);

        // The server's own limit is only raised, never lowered (see UploadLimitAttribute).
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
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Nothing was read or written.
            if (!IsUploadPage)
            {
                context.Result = new BadRequestResult();
                return;
            }

            var problem = request.ContentLength is null || request.ContentLength > limit || ex is BadHttpRequestException ? UploadModel.TooLarge : UploadModel.Incomplete;
            var partnership = request.Query["partnershipId"].ToString();
            context.Result = new RedirectResult(partnership.Length > 0
                ? $"/measures/loads/new?partnershipId={Uri.EscapeDataString(partnership)}&problem={problem}"
                : $"/measures/loads/new?problem={problem}");
        }
    }
}

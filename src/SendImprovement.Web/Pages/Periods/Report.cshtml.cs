using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Periods;

/// <summary>
/// One report for a period: shown on the page, or downloaded as an HTML file, Word, PDF or Excel. Every format is
/// rendered from the same document.
/// </summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class ReportModel(AppDbContext db, ReportService reports) : PeriodPageModel(db)
{
    public ReportDocument Document { get; private set; } = null!;

    public ReportKind Kind { get; private set; }

    public bool PdfAvailable => reports.PdfAvailable;

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int periodId, string kind, string? format)
    {
        if (await LoadPeriodAsync(periodId, manage: false) is { } refused)
        {
            return refused;
        }

        if (ReportBuilder.ParseKind(kind) is not { } reportKind)
        {
            return NotFound();
        }

        Kind = reportKind;
        if (format is null)
        {
            Document = await reports.DocumentAsync(User.ToActor(), periodId, reportKind);
            return Page();
        }

        if (ReportService.ParseFormat(format) is not { } reportFormat)
        {
            return NotFound();
        }

        try
        {
            var file = await reports.GenerateAsync(User.ToActor(), periodId, reportKind, reportFormat, HttpContext.RequestAborted);
            if (reportFormat == ReportFormat.Html)
            {
                Response.Headers.ContentSecurityPolicy = $"default-src 'none'; style-src {HtmlReport.StylesHash}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            }

            return File(file.Content, file.ContentType, file.FileName);
        }
        catch (PdfUnavailableException unavailable)
        {
            Document = await reports.DocumentAsync(User.ToActor(), periodId, reportKind);
            Problem = unavailable.Message;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }
}

using System.Diagnostics;

namespace SendImprovement.Core.Reports;

/// <summary>Settings for making PDFs (section "Reports").</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>The Chromium or Chrome program; when empty, the usual install locations are tried.</summary>
    public string? ChromiumPath { get; set; }

    public int PdfTimeoutSeconds { get; set; } = 60;

    /// <summary>How many PDFs may be printed at once; more wait their turn (each one runs a browser).</summary>
    public int MaxConcurrentPdfs { get; set; } = 2;

    /// <summary>Chromium's sandbox. It cannot run as root, so it is always off then; set false where the host lacks it.</summary>
    public bool ChromiumSandbox { get; set; } = true;
}

/// <summary>Raised when a PDF cannot be made here; the message says why and what to use instead.</summary>
public sealed class PdfUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Prints the HTML report to PDF with headless Chromium, tagged (so screen readers get headings and tables) and
/// with an outline built from the headings.
/// </summary>
public sealed class PdfReport(ReportOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Clamp(options.MaxConcurrentPdfs, 1, 16));

    private static readonly string[] KnownLocations =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

    public string? ChromiumPath =>
        !string.IsNullOrWhiteSpace(options.ChromiumPath) ? (File.Exists(options.ChromiumPath) ? options.ChromiumPath : null)
        : KnownLocations.FirstOrDefault(File.Exists);

    public bool IsAvailable => ChromiumPath is not null;

    public const string UnavailableMessage =
        "PDF is not available on this server because Chromium is not installed (set Reports:ChromiumPath if it is installed somewhere unusual). Download the report as Word or HTML instead; both can be saved as PDF.";

    public async Task<byte[]> RenderAsync(ReportDocument document, CancellationToken cancellationToken = default)
    {
        var chromium = ChromiumPath ?? throw new PdfUnavailableException(UnavailableMessage);
        await _slots.WaitAsync(cancellationToken);
        DirectoryInfo? folder = null;
        try
        {
            folder = Directory.CreateTempSubdirectory("send-report-");
            var htmlPath = Path.Combine(folder.FullName, "report.html");
            var pdfPath = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllBytesAsync(htmlPath, HtmlReport.RenderBytes(document), cancellationToken);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                "--no-pdf-header-footer", "--export-tagged-pdf", "--generate-pdf-document-outline",
                $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={pdfPath}", new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            if (!options.ChromiumSandbox || Environment.IsPrivilegedProcess)
            {
                start.ArgumentList.Insert(1, "--no-sandbox");
            }

            using var process = Process.Start(start) ?? throw new PdfUnavailableException(UnavailableMessage);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(options.PdfTimeoutSeconds, 5, 600)));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped because it took too long, or because the person asking went away: either way, no browser is left running.
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new PdfUnavailableException("Making the PDF took too long, so it was stopped. Try again, or download the report as Word or HTML.");
            }

            if (!File.Exists(pdfPath) || new FileInfo(pdfPath).Length == 0)
            {
                throw new PdfUnavailableException($"Chromium did not produce a PDF (exit code {process.ExitCode}). Download the report as Word or HTML instead.");
            }

            return await File.ReadAllBytesAsync(pdfPath, cancellationToken);
        }
        finally
        {
            _slots.Release();
            try
            {
                folder?.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold its profile briefly; the temporary folder is cleaned up by the system.
            }
        }
    }

    public void Dispose() => _slots.Dispose();
}

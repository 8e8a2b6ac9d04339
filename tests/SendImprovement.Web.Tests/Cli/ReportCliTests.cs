using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Cli;

/// <summary>"periods list" and "report", run as the real command line against the test database.</summary>
[Collection(WebTestGroup.Name)]
public sealed class ReportCliTests(AppFactory factory) : IDisposable
{
    // The 24 runs of the kinds-by-formats theory only read, so they share one plan with its periods.
    private static readonly ConditionalWeakTable<AppFactory, Lazy<Task<(TestWorld World, ReportingPeriod May, ReportingPeriod June)>>> Shared = [];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"send-cli-reports-{Guid.NewGuid():N}");

    public static TheoryData<string, string> KindsAndFormats
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var kind in new[] { "interim", "progress", "committee", "on-a-page", "exceptions", "easy-read" })
            {
                foreach (var format in new[] { "html", "docx", "pdf", "xlsx" })
                {
                    data.Add(kind, format);
                }
            }

            return data;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task PeriodsList_ShowsEachPeriodNewestFirst_WithItsDatesAndState()
    {
        var (world, may, june) = await WorldWithPeriodsAsync();

        var result = await Run("periods", "list", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [$"{june.Id}\tJune 2026\tas at 30 June 2026\tdue 23 June 2026\tOpen", $"{may.Id}\tMay 2026\tas at 31 May 2026\tdue 24 May 2026\tClosed"],
            result.Output.Trim().Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task PeriodsList_APlanWithoutPeriods_SaysSo()
    {
        var world = await TestWorld.CreateAsync(factory);

        var result = await Run("periods", "list", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Output.Trim());
        Assert.Contains($"Plan {world.PlanId} has no reporting periods yet.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeriodsList_UnknownPlan_ExitsNonZeroWithTheReason()
    {
        var result = await Run("periods", "list", "--plan", "Atlantis plan");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("There is no plan with the id or name \"Atlantis plan\". Run \"plans list\" to see them.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KindsAndFormats))]
    public async Task Report_WritesEveryKindInEveryFormat(string kind, string format)
    {
        var (world, _, _) = await Shared.GetValue(factory, f => new(() => WorldWithPeriodsAsync(f))).Value;
        var path = Path.Combine(_folder, "not", "there", "yet", $"{kind}.{format}");

        var result = await Run("report", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--period", "May 2026", "--kind", kind, "--format", format, "--out", path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(path), result.Output + result.Error);
        var content = await File.ReadAllBytesAsync(path);
        Assert.NotEmpty(content);
        Assert.Contains($" for May 2026 (", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{content.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes) to {path}.", result.Output, StringComparison.Ordinal);
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        switch (format)
        {
            case "docx":
                AssertZipHas(path, "word/document.xml");
                break;
            case "xlsx":
                AssertZipHas(path, "xl/workbook.xml");
                break;
            case "pdf":
                Assert.Equal("%PDF", Encoding.ASCII.GetString(content, 0, 4));
                break;
            default:
                Assert.Contains("May 2026", Encoding.UTF8.GetString(content), StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public async Task Report_SaysWhatItWrote_AndReplacesAnExistingFile()
    {
        var (world, _, _) = await WorldWithPeriodsAsync();
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "interim.docx");
        await File.WriteAllTextAsync(path, "an older report");

        var result = await Run("report", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--period", "june 2026", "--kind", "Interim", "--format", "DOCX", "--out", path);

        Assert.Equal(0, result.ExitCode);
        var length = new FileInfo(path).Length;
        Assert.Equal($"Wrote the Interim report for June 2026 (Word, {length.ToString("N0", CultureInfo.InvariantCulture)} bytes) to {path}.", result.Output.Trim());
        AssertZipHas(path, "word/document.xml");
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Report_UnknownPeriod_ExitsNonZeroAndListsThePlansPeriods()
    {
        var (world, _, _) = await WorldWithPeriodsAsync();
        var path = Path.Combine(_folder, "x.html");

        var result = await Run("report", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--period", "Christmas 2030", "--kind", "interim", "--format", "html", "--out", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Plan {world.PlanId} has no period called \"Christmas 2030\". Its periods are: June 2026, May 2026.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Report_UnknownPlan_ExitsNonZeroWithTheReason()
    {
        var result = await Run("report", "--plan", "Atlantis plan", "--period", "May 2026", "--kind", "interim", "--format", "html", "--out", Path.Combine(_folder, "x.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("There is no plan with the id or name \"Atlantis plan\"", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minutes", "html", "There is no report kind “minutes”. Choose one of: interim, progress, committee, on-a-page, exceptions, easy-read, measures.")]
    [InlineData("interim", "odt", "There is no report format “odt”. Choose one of: html, docx, pdf, xlsx.")]
    [InlineData("interim", "1", "There is no report format “1”. Choose one of: html, docx, pdf, xlsx.")]
    public async Task Report_UnknownKindOrFormat_ExitsNonZeroWithTheAllowedValues(string kind, string format, string message)
    {
        var result = await Run("report", "--plan", "1", "--period", "May 2026", "--kind", kind, "--format", format, "--out", Path.Combine(_folder, "x"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public async Task Report_OutIsAFolder_ExitsNonZero()
    {
        Directory.CreateDirectory(_folder);

        var result = await Run("report", "--plan", "1", "--period", "May 2026", "--kind", "interim", "--format", "pdf", "--out", _folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--out {_folder} is a folder. Give a file name, such as {Path.Combine(_folder, "report.pdf")}.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_PdfWithoutChromium_ExitsNonZeroWithTheReason_AndWritesNothing()
    {
        var (world, _, _) = await WorldWithPeriodsAsync();
        var path = Path.Combine(_folder, "interim.pdf");

        var result = await RunWithoutChromiumAsync("report", "--plan", world.PlanId.ToString(CultureInfo.InvariantCulture), "--period", "May 2026", "--kind", "interim", "--format", "pdf", "--out", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(PdfReport.UnavailableMessage, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder, "*", SearchOption.AllDirectories).Any());
    }

    private static void AssertZipHas(string path, string entry)
    {
        using var zip = ZipFile.OpenRead(path);
        Assert.NotNull(zip.GetEntry(entry));
    }

    private Task<CliRunner.Result> Run(params string[] args) =>
        CliRunner.RunAsync(factory.DatabaseProvider, factory.ConnectionString, null, args);

    /// <summary>A plan with a closed period, May 2026 (with its snapshot), and an open one, June 2026.</summary>
    private Task<(TestWorld World, ReportingPeriod May, ReportingPeriod June)> WorldWithPeriodsAsync() => WorldWithPeriodsAsync(factory);

    private static async Task<(TestWorld World, ReportingPeriod May, ReportingPeriod June)> WorldWithPeriodsAsync(AppFactory factory)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var scope = factory.Services.CreateScope();
        var periods = scope.ServiceProvider.GetRequiredService<PeriodService>();
        var admin = Actor.System("Test");
        var may = await periods.OpenAsync(admin, world.PlanId, new NewPeriod("May 2026", new DateOnly(2026, 5, 31), new DateOnly(2026, 5, 24), PeriodCadence.Monthly));
        await periods.CloseAsync(admin, may.Id, may.Version);
        var june = await periods.OpenAsync(admin, world.PlanId, new NewPeriod("June 2026", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 23), PeriodCadence.Monthly));
        return (world, may, june);
    }

    // As CliRunner, with Reports:ChromiumPath set to a program that does not exist, as on a server without Chromium.
    private async Task<CliRunner.Result> RunWithoutChromiumAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "send-improvement.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Database__Provider"] = factory.DatabaseProvider;
        start.Environment["Database__ConnectionString"] = factory.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Reports__ChromiumPath"] = Path.Combine(_folder, "no-chromium-here");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRunner.Result(process.ExitCode, await output, await error);
    }
}

using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.EndToEndTests;

/// <summary>The app on real Kestrel with the Northby demo loaded (as the README's quick start does), and Debian's Chromium.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override bool UseRealServer => true;

    protected override bool LoadDemo => true;
}

public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public DemoAppFactory App { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => App.ServerAddress.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FindChromium(),
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, JavaScriptEnabled = javaScript, Locale = "en-GB" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Debian's Chromium, found as "command -v chromium" would; the tests never download a browser.</summary>
    private static string FindChromium()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(folder, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Chromium is not installed. On Debian: apt-get install -y chromium (./test.sh does this when run as root).");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

public static class Accessibility
{
    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>Runs axe-core on the page as it is now and fails with every violation listed if there are any.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string name)
    {
        var result = await page.RunAxe(Wcag22AA);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });
        var problems = result.Violations
            .SelectMany(v => v.Nodes.Select(n => $"{v.Id} ({v.Impact}): {v.Help} at {n.Target} {n.Html}"))
            .ToList();
        Assert.True(problems.Count == 0, $"axe found {problems.Count} WCAG 2.2 A/AA violations on {name} ({page.Url}):\n{string.Join('\n', problems)}");
        Visited.Add(name);
    }

    /// <summary>Every page checked in this run, for the accessibility statement's figures.</summary>
    public static HashSet<string> Visited { get; } = [];
}

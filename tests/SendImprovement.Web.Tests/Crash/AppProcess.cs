using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AngleSharp.Html.Parser;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Crash;

/// <summary>
/// The built web app (SendImprovement.Web.dll) or command line (send-improvement.dll) running as a process of its own
/// against a test database, so that it can be killed with SIGKILL as a power cut or an out-of-memory killer would.
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private AppProcess(Process process, Uri? address)
    {
        Process = process;
        Address = address;
        if (address is not null)
        {
            Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = address,
                Timeout = TimeSpan.FromMinutes(2),
            };
        }
    }

    public Process Process { get; }

    public Uri? Address { get; }

    public HttpClient? Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the web app and waits until it answers /health/live (it has migrated and is listening).</summary>
    public static async Task<AppProcess> StartWebAsync(TestDatabase database)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var app = Start(database, "SendImprovement.Web.dll", [], new Dictionary<string, string>
        {
            // Development keeps cookies usable over plain HTTP on 127.0.0.1; the demo is not loaded.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Demo__LoadWhenEmpty"] = "false",
            ["ASPNETCORE_URLS"] = address.ToString(),
        }, address);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (app.Process.HasExited)
            {
                throw new InvalidOperationException($"The web app exited with {app.Process.ExitCode} while starting:\n{app.Output}");
            }

            try
            {
                using var response = await app.Http!.GetAsync("/health/live");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                app.Kill();
                throw new InvalidOperationException($"The web app did not start listening within 3 minutes:\n{app.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Starts the command line with the arguments; it runs until it ends or is killed.</summary>
    public static AppProcess StartCli(TestDatabase database, params string[] args) =>
        Start(database, "send-improvement.dll", args, new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" }, null);

    /// <summary>Runs the command line to the end and fails with its output unless it succeeds.</summary>
    public static async Task<string> RunCliAsync(TestDatabase database, string? input, params string[] args)
    {
        var result = await Cli.CliRunner.RunAsync(database.Provider, database.ConnectionString, input, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"send-improvement {string.Join(' ', args)} ended with {result.ExitCode}:\n{result.Output}\n{result.Error}");
        }

        return result.Output;
    }

    /// <summary>Signs in through the sign-in form, as a browser would.</summary>
    public async Task SignInAsync(string email, string password)
    {
        using var response = await PostFormAsync("/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} gave {(int)response.StatusCode}.");
        }
    }

    /// <summary>The hidden fields of the page's form (its antiforgery token and record version), by name.</summary>
    public async Task<Dictionary<string, string>> FormFieldsAsync(string url)
    {
        var html = await Http!.GetStringAsync(url);
        var page = await Parser.ParseDocumentAsync(html);
        var form = page.QuerySelector("main form[method=post]") ?? throw new InvalidOperationException($"No form on {url}");
        return form.QuerySelectorAll("input[type=hidden]")
            .Where(i => i.GetAttribute("name") is not null)
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? string.Empty, StringComparer.Ordinal);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields)
    {
        var form = await FormFieldsAsync(url);
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        return await Http!.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>SIGKILL: the process gets no chance to finish, roll back or tidy up.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: false);
        }

        Process.WaitForExit();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        Http?.Dispose();
        Process.Dispose();
    }

    private static AppProcess Start(TestDatabase database, string dll, string[] args, Dictionary<string, string> environment, Uri? address)
    {
        var start = Cli.CliRunner.StartInfo(dll, database.Provider, database.ConnectionString, args, environment);
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, address);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

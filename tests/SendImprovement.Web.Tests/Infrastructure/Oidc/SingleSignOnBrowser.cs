using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.WebUtilities;

namespace SendImprovement.Web.Tests.Infrastructure.Oidc;

/// <summary>
/// Follows a single sign-on journey as a browser would: presses the "Sign in with" button on the app's sign-in page,
/// then follows each redirect by hand, to the provider over real HTTP and back to the app through the factory's
/// client, keeping each side's cookies. On the provider's login page it signs in as the chosen subject.
/// </summary>
public sealed class SingleSignOnBrowser(AppFactory factory) : IDisposable
{
    private readonly HttpClient _provider = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    /// <summary>The app's side, through the factory's test server, with <see cref="BrowserCookies"/>.</summary>
    public HttpClient App { get; } = factory.CreateDefaultClient(new BrowserCookies());

    /// <summary>Where the journey ended: the status, the page and the address of the last response.</summary>
    public sealed record Landing(HttpStatusCode Status, IDocument Page, Uri Address);

    /// <param name="subject">Who to sign in as at the provider.</param>
    /// <param name="alterProviderRequest">Changes the address of each request to a provider (to send it to another one).</param>
    /// <param name="alterCallback">Changes the provider's answer on its way back to the app (to tamper with it).</param>
    public async Task<Landing> SignInAsync(string subject, Func<Uri, Uri>? alterProviderRequest = null, Func<Uri, Uri>? alterCallback = null)
    {
        var signInPage = await TestClient.ParseAsync(await App.GetAsync("/sign-in"));
        var form = signInPage.QuerySelectorAll("form[method=post]").SingleOrDefault(f => f.TextContent.Contains("Sign in with", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The sign-in page has no single sign-on button.");
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty));
        var response = await App.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));

        for (var step = 0; step < 20; step++)
        {
            var current = response.RequestMessage!.RequestUri!;
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                var next = new Uri(current, response.Headers.Location!);
                if (next.Host == "localhost")
                {
                    if (next.AbsolutePath == "/signin-oidc" && alterCallback is not null)
                    {
                        next = alterCallback(next);
                    }

                    response = await App.GetAsync(next.PathAndQuery);
                }
                else
                {
                    response = await _provider.GetAsync(alterProviderRequest?.Invoke(next) ?? next);
                }
            }
            else if (current.Host != "localhost" && current.AbsolutePath == TestIdentityProvider.LoginPath && response.IsSuccessStatusCode)
            {
                var returnUrl = QueryHelpers.ParseQuery(current.Query)["returnUrl"].ToString();
                response = await _provider.PostAsync(new Uri(current, TestIdentityProvider.LoginPath), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["subject"] = subject,
                    ["returnUrl"] = returnUrl,
                }));
            }
            else
            {
                return new(response.StatusCode, await TestClient.ParseAsync(response), current);
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public void Dispose()
    {
        _provider.Dispose();
        App.Dispose();
    }
}

/// <summary>
/// A browser's cookie jar, simplified: every cookie the app sets is sent back on every later request to it. The
/// factory's own cookie handling (.NET's CookieContainer) drops a cookie whose Path is not a prefix of the address
/// that set it, as the sign-in handler's correlation and nonce cookies (Path=/signin-oidc) are; browsers keep them.
/// </summary>
internal sealed class BrowserCookies : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var cookie = Microsoft.Net.Http.Headers.SetCookieHeaderValue.Parse(header);
                // The app's clock is pinned in the past, so only the deletion marker (an expiry in 1970) counts.
                var deleted = cookie.Expires < DateTimeOffset.UnixEpoch.AddDays(1) || cookie.MaxAge <= TimeSpan.Zero || cookie.Value.Length == 0;
                if (deleted)
                {
                    _cookies.Remove(cookie.Name.ToString());
                }
                else
                {
                    _cookies[cookie.Name.ToString()] = cookie.Value.ToString();
                }
            }
        }

        return response;
    }
}

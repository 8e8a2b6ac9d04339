using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SendImprovement.Web.Tests.Infrastructure;

/// <summary>A browser-like client over HTTP: keeps cookies, does not follow redirects, posts forms with their antiforgery token.</summary>
public sealed class TestClient(AppFactory factory) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} gave {(int)response.StatusCode}: {Text(await ParseAsync(response))}");
        }
    }

    public async Task<(HttpStatusCode Status, IDocument Page)> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>Gets the page the form is on (for its antiforgery token), then posts the fields to the action.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var (_, page) = await GetPageAsync(formPage ?? url);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage ?? url}");
        var content = new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
        return await Http.PostAsync(url, content);
    }

    /// <summary>Posts a form with several values for one name (checkboxes).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var (_, page) = await GetPageAsync(formPage ?? url);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage ?? url}");
        return await Http.PostAsync(url, new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token))));
    }

    public async Task<(HttpStatusCode Status, IDocument Page)> PostAndReadAsync(string url, Dictionary<string, string> fields)
    {
        var response = await PostFormAsync(url, fields);
        return (response.StatusCode, await ParseAsync(response));
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static string Text(IDocument page) =>
        string.Join(' ', (page.QuerySelector("main")?.TextContent ?? page.Body?.TextContent ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The messages in the GOV.UK error summary.</summary>
    public static IReadOnlyList<string> Errors(IDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()).ToList();

    public void Dispose() => Http.Dispose();
}

using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
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
        var token = await TokenAsync(url, formPage);
        var content = new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
        return await Http.PostAsync(url, content);
    }

    /// <summary>Posts a form with several values for one name (checkboxes).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var token = await TokenAsync(url, formPage);
        return await Http.PostAsync(url, new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token))));
    }

    /// <summary>
    /// The antiforgery token a browser would send. Posting a page's own form needs the token inside that form (so a
    /// form that forgot its token fails here as it would in a browser); posting from elsewhere (a forged request in
    /// the 403 tests) uses any valid token the user has, such as the sign-out form's.
    /// </summary>
    private async Task<string> TokenAsync(string url, string? formPage)
    {
        var (_, page) = await GetPageAsync(formPage ?? url);
        var selector = formPage is null
            ? "main form[method=post] input[name=__RequestVerificationToken]"
            : "input[name=__RequestVerificationToken]";
        return page.QuerySelector(selector)?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token in a form on {formPage ?? url}");
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

    /// <summary>
    /// The fields a browser would post for a form as shown: inputs (the antiforgery token and hidden versions
    /// included), textareas, checked radios and checkboxes, selected options.
    /// </summary>
    public static List<KeyValuePair<string, string>> FormFields(IElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } choice:
                    if (choice.IsChecked)
                    {
                        fields.Add(new(name, choice.Value));
                    }

                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement text:
                    fields.Add(new(name, text.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.AddRange(select.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
            }
        }

        return fields;
    }

    public void Dispose() => Http.Dispose();
}

using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Pages.Plans;

namespace SendImprovement.Web.Infrastructure.GovUk;

/// <summary>
/// Small pieces of HTML used many times on one page (a plan can have thousands of rows), written directly rather
/// than through partial views. Every piece of text is HTML-encoded.
/// </summary>
public static class Display
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>A rating as a GOV.UK tag: always the word; colour is only a second signal.</summary>
    public static IHtmlContent Rating(string? value, bool tentative, RatingScale? scale, string none = "Not rated")
    {
        if (value is null)
        {
            return new HtmlString($"<span class=\"app-muted\">{Encoder.Encode(none)}</span>");
        }

        var scaleValue = scale?.Find(value);
        var colour = Encoder.Encode(scaleValue?.Colour ?? "grey");
        var label = Encoder.Encode(scaleValue?.Label ?? value);
        return new HtmlString(tentative
            ? $"<strong class=\"govuk-tag govuk-tag--{colour} app-tag--tentative\">{label}<span aria-hidden=\"true\">?</span><span class=\"govuk-visually-hidden\"> (tentative)</span></strong>"
            : $"<strong class=\"govuk-tag govuk-tag--{colour}\">{label}</strong>");
    }

    /// <summary>A recorded moment in UK time ("27 March 2026 at 2:05pm"), marked up with its exact UTC time.</summary>
    public static IHtmlContent When(DateTime utc) =>
        new HtmlString($"<time datetime=\"{utc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}\">{Encoder.Encode(UkClock.Describe(utc))}</time>");

    /// <summary>A plan date as written, optionally with how it was read.</summary>
    public static IHtmlContent Date(PlanDate? date, bool showReading = false)
    {
        if (date is null || date.IsEmpty)
        {
            return new HtmlString("<span class=\"app-muted\">None</span>");
        }

        var text = Encoder.Encode(date.ToString());
        if (date.Kind == PlanDateKind.Unrecognised)
        {
            return new HtmlString($"{text} <span class=\"app-muted\">(not recognised as a date)</span>");
        }

        if (showReading && date.Text is not null && !string.Equals(date.Text, date.Describe(), StringComparison.OrdinalIgnoreCase))
        {
            return new HtmlString($"{text} <span class=\"app-muted\">(read as: {Encoder.Encode(date.Describe())})</span>");
        }

        return new HtmlString(text);
    }

    /// <summary>Leads or sponsors: names once matched, initials marked "unassigned" until someone maps them.</summary>
    public static IHtmlContent Leads(IEnumerable<LeadView> leads)
    {
        var html = new HtmlContentBuilder();
        var first = true;
        foreach (var lead in leads)
        {
            if (!first)
            {
                html.AppendHtml(", ");
            }

            first = false;
            html.AppendHtml(lead.IsUnassigned
                ? $"{Encoder.Encode(lead.RawText ?? string.Empty)} <span class=\"app-muted\">(unassigned)</span>"
                : Encoder.Encode(lead.Display));
            if (lead.IsInterdependency)
            {
                html.AppendHtml("<span aria-hidden=\"true\">*</span><span class=\"govuk-visually-hidden\"> (shared with another programme)</span>");
            }
        }

        return html;
    }

    /// <summary>A GOV.UK tag with its word (encoded) and a colour as a second signal.</summary>
    public static string Tag(string label, string? colour) =>
        $"<strong class=\"govuk-tag govuk-tag--{Encoder.Encode(colour ?? "grey")}\">{Encoder.Encode(label)}</strong>";

    public static string UpdateStateText(UpdateState state) => state switch
    {
        UpdateState.Submitted => "Submitted",
        UpdateState.Acknowledged => "Acknowledged",
        _ => "Sent back",
    };

    public static string UpdateStateColour(UpdateState state) => state switch
    {
        UpdateState.Submitted => "govuk-tag--blue",
        UpdateState.Acknowledged => "govuk-tag--green",
        _ => "govuk-tag--orange",
    };
}

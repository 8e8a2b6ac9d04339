using System.Net;
using System.Security.Cryptography;
using System.Text;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Reports;

/// <summary>
/// Renders a report as accessible HTML: a fragment the web app shows inside its own layout, or a whole document
/// (with its own styles and a print stylesheet) to download, publish or print to PDF. Every value is encoded.
/// </summary>
public static class HtmlReport
{
    /// <summary>The styles of a standalone report; pages serving it allow exactly these by hash.</summary>
    public const string Styles = """
        body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.4; }
        h1 { font-size: 2rem; } h2 { font-size: 1.5rem; margin-top: 2rem; } h3 { font-size: 1.2rem; } h4 { font-size: 1rem; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; font-size: 0.9rem; }
        caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
        th, td { border: 1px solid #b1b4b6; padding: 0.4rem; text-align: left; vertical-align: top; }
        thead th { background: #f3f2f1; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
        .govuk-summary-list__row { display: contents; }
        .report-table { overflow-x: auto; margin-bottom: 1.5rem; }
        .report-table:focus { outline: 3px solid #fd0; }
        dt { font-weight: bold; } dd { margin: 0; }
        .report-missing { font-style: italic; color: #484949; }
        .report-meta { color: #484949; }
        .govuk-tag { display: inline-block; padding: 0.1rem 0.4rem; font-weight: bold; }
        .govuk-tag--blue { background: #d2e2f1; color: #0c2d4a; }
        .govuk-tag--green { background: #cce2d8; color: #005a30; }
        .govuk-tag--orange { background: #fcd6c3; color: #6e3619; }
        .govuk-tag--red { background: #f4cdc6; color: #2a0b06; }
        .govuk-tag--yellow { background: #fff7bf; color: #594d00; }
        .govuk-tag--grey { background: #eeefef; color: #282d30; }
        .govuk-tag--purple { background: #dbd5e9; color: #3d2375; }
        @page { size: A4 landscape; margin: 12mm; }
        @media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; } }
        """;

    /// <summary>The value for a Content-Security-Policy style-src allowing <see cref="Styles"/> and nothing else inline.</summary>
    public static string StylesHash => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Styles)))}'";

    public static string RenderDocument(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(document.Title)).Append("</title>\n<style>").Append(Styles).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append(RenderBody(document));
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static byte[] RenderBytes(ReportDocument document) => Encoding.UTF8.GetBytes(RenderDocument(document));

    /// <summary>The report's content from its title down, for a page that supplies its own layout.</summary>
    public static string RenderBody(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<h1 class=\"govuk-heading-xl\">").Append(E(document.Title)).Append("</h1>\n");
        html.Append("<p class=\"govuk-body report-meta\">").Append(E(document.PartnershipName)).Append(" · ").Append(E(document.PlanName))
            .Append(" · ").Append(E(document.PeriodName)).Append(", as at ").Append(E(UkClock.Day(document.AsAt))).Append(". ")
            .Append(E(document.Provenance)).Append("</p>\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    var level = Math.Clamp(heading.Level, 2, 6);
                    var size = level switch { 2 => "l", 3 => "m", _ => "s" };
                    html.Append($"<h{level} class=\"govuk-heading-{size}\">").Append(E(heading.Text)).Append($"</h{level}>\n");
                    break;
                case ReportParagraph paragraph:
                    html.Append(paragraph.IsMissing ? "<p class=\"govuk-body report-missing\">" : "<p class=\"govuk-body\">")
                        .Append(Lines(paragraph.Text.Split('\n'))).Append("</p>\n");
                    break;
                case ReportList list:
                    html.Append("<ul class=\"govuk-list govuk-list--bullet\">\n");
                    foreach (var item in list.Items)
                    {
                        html.Append("<li>").Append(E(item)).Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case ReportFacts facts:
                    html.Append("<dl class=\"govuk-summary-list\">\n");
                    foreach (var fact in facts.Items)
                    {
                        html.Append("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").Append(E(fact.Term))
                            .Append("</dt><dd class=\"govuk-summary-list__value\">").Append(Cell(fact.Value)).Append("</dd></div>\n");
                    }

                    html.Append("</dl>\n");
                    break;
                case ReportTable table:
                    // A wide table scrolls on its own on a narrow screen; the region can take focus so keyboards can scroll it.
                    html.Append("<div class=\"report-table\" role=\"region\" tabindex=\"0\" aria-label=\"").Append(E(table.Caption)).Append("\">")
                        .Append("<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption govuk-table__caption--s\">")
                        .Append(E(table.Caption)).Append("</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
                    foreach (var header in table.Headers)
                    {
                        html.Append("<th scope=\"col\" class=\"govuk-table__header\">").Append(E(header)).Append("</th>");
                    }

                    html.Append("</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
                    foreach (var row in table.Rows)
                    {
                        html.Append("<tr class=\"govuk-table__row\">");
                        foreach (var cell in row)
                        {
                            html.Append("<td class=\"govuk-table__cell\">").Append(Cell(cell)).Append("</td>");
                        }

                        html.Append("</tr>\n");
                    }

                    html.Append("</tbody>\n</table></div>\n");
                    break;
            }
        }

        return html.ToString();
    }

    private static string Cell(ReportCell cell)
    {
        var text = Lines(cell.Lines);
        if (cell.IsMissing)
        {
            return $"<span class=\"report-missing\">{text}</span>";
        }

        // The rating's word goes in the coloured tag; any explanation after it stays plain text.
        return cell.Rating is { } rating
            ? $"<strong class=\"govuk-tag govuk-tag--{E(rating.Colour)}\">{E(cell.Lines[0])}</strong>" + string.Concat(cell.Lines.Skip(1).Select(l => "<br>" + E(l)))
            : text;
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("<br>", lines.Select(E));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

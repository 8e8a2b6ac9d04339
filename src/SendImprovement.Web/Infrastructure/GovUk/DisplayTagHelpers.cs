using Microsoft.AspNetCore.Razor.TagHelpers;
using SendImprovement.Core.Plans;

namespace SendImprovement.Web.Infrastructure.GovUk;

/// <summary>&lt;app-rating value="Amber" tentative="true" scale="..." /&gt;: see <see cref="Display.Rating"/>.</summary>
[HtmlTargetElement("app-rating", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RatingTagHelper : TagHelper
{
    [HtmlAttributeName("value")]
    public string? Value { get; set; }

    [HtmlAttributeName("tentative")]
    public bool Tentative { get; set; }

    [HtmlAttributeName("scale")]
    public RatingScale? Scale { get; set; }

    [HtmlAttributeName("none")]
    public string None { get; set; } = "Not rated";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        output.Content.SetHtmlContent(Display.Rating(Value, Tentative, Scale, None));
    }
}

/// <summary>&lt;app-plan-date value="..." show-reading="true" /&gt;: see <see cref="Display.Date"/>.</summary>
[HtmlTargetElement("app-plan-date", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PlanDateTagHelper : TagHelper
{
    [HtmlAttributeName("value")]
    public PlanDate? Value { get; set; }

    [HtmlAttributeName("show-reading")]
    public bool ShowReading { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        output.Content.SetHtmlContent(Display.Date(Value, ShowReading));
    }
}

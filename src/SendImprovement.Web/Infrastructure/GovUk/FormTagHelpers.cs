using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SendImprovement.Web.Infrastructure.GovUk;

/// <summary>One option of a set of radios, checkboxes or a select.</summary>
public sealed record Choice(string Value, string Text, string? Hint = null);

/// <summary>
/// Shared parts of the GOV.UK form components: the form group, label or legend, hint and error message, with
/// ids and aria-describedby wired as the Design System describes. Values come from what the user typed when the
/// form is shown again after an error, so nothing typed is lost.
/// </summary>
public abstract class GovUkFieldTagHelper : TagHelper
{
    /// <summary>The field, as a model expression: for="Input.Title".</summary>
    [HtmlAttributeName("for")]
    public ModelExpression? For { get; set; }

    /// <summary>
    /// The field's name, for a row of a list: name="Input.Evidence[@i].Title" with value="@row.Title" and a label. A
    /// model expression with an indexer (Input.Evidence[i].Title) is compiled to new code on every render, which under
    /// load fills memory and takes processor time (dotnet/aspnetcore#4891), so the pages never use one (ADR 15).
    /// </summary>
    [HtmlAttributeName("name")]
    public string? FieldName { get; set; }

    /// <summary>The value shown with <see cref="FieldName"/> when the form is not being shown again after an error.</summary>
    [HtmlAttributeName("value")]
    public object? FieldValue { get; set; }

    [HtmlAttributeName("label")]
    public string? Label { get; set; }

    [HtmlAttributeName("hint")]
    public string? Hint { get; set; }

    /// <summary>Extra classes for the label or legend, such as govuk-label--m.</summary>
    [HtmlAttributeName("label-class")]
    public string? LabelClass { get; set; }

    /// <summary>The label or legend is the page's h1.</summary>
    [HtmlAttributeName("is-page-heading")]
    public bool IsPageHeading { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    protected string Name => For?.Name ?? FieldName ?? throw new InvalidOperationException("A GOV.UK field needs a for or a name attribute.");

    /// <summary>The field's value in the page's model.</summary>
    protected object? Model => For is null ? FieldValue : For.Model;

    protected string DisplayName => Label ?? For?.Metadata.GetDisplayName() ?? Name;

    protected string Id => TagBuilder.CreateSanitizedId(Name, "_");

    protected string HintId => $"{Id}-hint";

    protected string ErrorId => $"{Id}-error";

    protected string? ErrorMessage
    {
        get
        {
            var state = ViewContext.ViewData.ModelState;
            if (state.TryGetValue(Name, out var entry) && entry.Errors.Count > 0)
            {
                return entry.Errors[0].ErrorMessage;
            }

            // Errors on a child (Input.AppliesFrom.Day) belong to the whole date input.
            var child = state.FindKeysWithPrefix(Name + ".").FirstOrDefault(kv => kv.Value.Errors.Count > 0);
            return child.Value?.Errors[0].ErrorMessage;
        }
    }

    protected bool HasError => ErrorMessage is not null;

    protected string? DescribedBy(string? extra = null)
    {
        var ids = new List<string>();
        if (!string.IsNullOrEmpty(extra))
        {
            ids.Add(extra);
        }

        if (Hint is not null)
        {
            ids.Add(HintId);
        }

        if (HasError)
        {
            ids.Add(ErrorId);
        }

        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>The value to show: what was posted if the form is being shown again, otherwise the model's value.</summary>
    protected string? CurrentValue(string? name = null, object? model = null)
    {
        var key = name ?? Name;
        if (ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) && entry.AttemptedValue is not null)
        {
            return entry.AttemptedValue;
        }

        return Format(name is null ? Model : model);
    }

    /// <summary>All values of a multi-valued field (checkboxes), posted or from the model.</summary>
    protected HashSet<string> CurrentValues()
    {
        if (ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) && entry.RawValue is not null)
        {
            return entry.RawValue switch
            {
                string single => [single],
                string[] many => [.. many],
                _ => [],
            };
        }

        if (Model is IEnumerable values and not string)
        {
            return [.. values.Cast<object>().Select(v => Format(v) ?? string.Empty)];
        }

        return Model is null ? [] : [Format(Model) ?? string.Empty];
    }

    protected static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    protected void OpenFormGroup(TagHelperOutput output, string? extraClass = null)
    {
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-form-group" + (HasError ? " govuk-form-group--error" : string.Empty) + (extraClass is null ? string.Empty : " " + extraClass));
    }

    protected IHtmlContent LabelHtml()
    {
        var label = new TagBuilder("label");
        label.AddCssClass("govuk-label");
        if (LabelClass is not null)
        {
            label.AddCssClass(LabelClass);
        }

        label.Attributes["for"] = Id;
        label.InnerHtml.Append(DisplayName);
        if (!IsPageHeading)
        {
            return label;
        }

        var heading = new TagBuilder("h1");
        heading.AddCssClass("govuk-label-wrapper");
        heading.InnerHtml.AppendHtml(label);
        return heading;
    }

    protected IHtmlContent HintAndError()
    {
        var content = new HtmlContentBuilder();
        if (Hint is not null)
        {
            var hint = new TagBuilder("div");
            hint.AddCssClass("govuk-hint");
            hint.Attributes["id"] = HintId;
            hint.InnerHtml.Append(Hint);
            content.AppendHtml(hint);
        }

        if (ErrorMessage is { } message)
        {
            var error = new TagBuilder("p");
            error.AddCssClass("govuk-error-message");
            error.Attributes["id"] = ErrorId;
            error.InnerHtml.AppendHtml("<span class=\"govuk-visually-hidden\">Error:</span> ");
            error.InnerHtml.Append(message);
            content.AppendHtml(error);
        }

        return content;
    }

    /// <summary>A fieldset with a legend, for radios, checkboxes and date inputs.</summary>
    protected TagBuilder Fieldset(string? role = null)
    {
        var fieldset = new TagBuilder("fieldset");
        fieldset.AddCssClass("govuk-fieldset");
        if (role is not null)
        {
            fieldset.Attributes["role"] = role;
        }

        if (DescribedBy() is { } describedBy)
        {
            fieldset.Attributes["aria-describedby"] = describedBy;
        }

        var legend = new TagBuilder("legend");
        legend.AddCssClass("govuk-fieldset__legend");
        legend.AddCssClass(LabelClass ?? "govuk-fieldset__legend--s");
        if (IsPageHeading)
        {
            var heading = new TagBuilder("h1");
            heading.AddCssClass("govuk-fieldset__heading");
            heading.InnerHtml.Append(DisplayName);
            legend.InnerHtml.AppendHtml(heading);
        }
        else
        {
            legend.InnerHtml.Append(DisplayName);
        }

        fieldset.InnerHtml.AppendHtml(legend);
        fieldset.InnerHtml.AppendHtml(HintAndError());
        return fieldset;
    }
}

/// <summary>GOV.UK text input: &lt;govuk-input for="Input.Title" label="Title" /&gt;.</summary>
[HtmlTargetElement("govuk-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkInputTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("type")]
    public string Type { get; set; } = "text";

    /// <summary>A width class suffix: 2, 3, 4, 5, 10, 20, 30 or a fraction such as "two-thirds".</summary>
    [HtmlAttributeName("width")]
    public string? Width { get; set; }

    [HtmlAttributeName("autocomplete")]
    public string? Autocomplete { get; set; }

    [HtmlAttributeName("spellcheck")]
    public bool? Spellcheck { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        OpenFormGroup(output);
        output.Content.AppendHtml(LabelHtml());
        output.Content.AppendHtml(HintAndError());

        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.AddCssClass("govuk-input");
        if (Width is not null)
        {
            input.AddCssClass(char.IsAsciiDigit(Width[0]) ? $"govuk-input--width-{Width}" : $"govuk-!-width-{Width}");
        }

        if (HasError)
        {
            input.AddCssClass("govuk-input--error");
        }

        input.Attributes["id"] = Id;
        input.Attributes["name"] = Name;
        input.Attributes["type"] = Type;
        if (Type != "password")
        {
            input.Attributes["value"] = CurrentValue() ?? string.Empty;
        }

        if (Autocomplete is not null)
        {
            input.Attributes["autocomplete"] = Autocomplete;
        }

        if (Spellcheck is not null)
        {
            input.Attributes["spellcheck"] = Spellcheck.Value ? "true" : "false";
        }

        if (DescribedBy() is { } describedBy)
        {
            input.Attributes["aria-describedby"] = describedBy;
        }

        output.Content.AppendHtml(input);
    }
}

/// <summary>GOV.UK textarea.</summary>
[HtmlTargetElement("govuk-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkTextareaTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("rows")]
    public int Rows { get; set; } = 5;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        OpenFormGroup(output);
        output.Content.AppendHtml(LabelHtml());
        output.Content.AppendHtml(HintAndError());

        var textarea = new TagBuilder("textarea");
        textarea.AddCssClass("govuk-textarea");
        if (HasError)
        {
            textarea.AddCssClass("govuk-textarea--error");
        }

        textarea.Attributes["id"] = Id;
        textarea.Attributes["name"] = Name;
        textarea.Attributes["rows"] = Rows.ToString(CultureInfo.InvariantCulture);
        if (DescribedBy() is { } describedBy)
        {
            textarea.Attributes["aria-describedby"] = describedBy;
        }

        // A leading newline is dropped by browsers; keep text that starts with one intact.
        textarea.InnerHtml.AppendHtml(Environment.NewLine);
        textarea.InnerHtml.Append(CurrentValue() ?? string.Empty);
        output.Content.AppendHtml(textarea);
    }
}

/// <summary>GOV.UK radios.</summary>
[HtmlTargetElement("govuk-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkRadiosTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("items")]
    public IEnumerable<Choice> Items { get; set; } = [];

    [HtmlAttributeName("inline")]
    public bool Inline { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        OpenFormGroup(output);
        var fieldset = Fieldset();
        var radios = new TagBuilder("div");
        radios.AddCssClass("govuk-radios");
        if (Inline)
        {
            radios.AddCssClass("govuk-radios--inline");
        }

        radios.Attributes["data-module"] = "govuk-radios";
        var current = CurrentValue();
        var index = 0;
        foreach (var item in Items)
        {
            var id = index == 0 ? Id : $"{Id}-{index + 1}";
            radios.InnerHtml.AppendHtml(Option("radio", "govuk-radios", id, Name, item, string.Equals(item.Value, current, StringComparison.Ordinal)));
            index++;
        }

        fieldset.InnerHtml.AppendHtml(radios);
        output.Content.AppendHtml(fieldset);
    }

    internal static TagBuilder Option(string type, string block, string id, string name, Choice item, bool isChecked)
    {
        var wrapper = new TagBuilder("div");
        wrapper.AddCssClass($"{block}__item");
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.AddCssClass($"{block}__input");
        input.Attributes["id"] = id;
        input.Attributes["name"] = name;
        input.Attributes["type"] = type;
        input.Attributes["value"] = item.Value;
        if (isChecked)
        {
            input.Attributes["checked"] = "checked";
        }

        if (item.Hint is not null)
        {
            input.Attributes["aria-describedby"] = $"{id}-item-hint";
        }

        var label = new TagBuilder("label");
        label.AddCssClass("govuk-label");
        label.AddCssClass($"{block}__label");
        label.Attributes["for"] = id;
        label.InnerHtml.Append(item.Text);
        wrapper.InnerHtml.AppendHtml(input);
        wrapper.InnerHtml.AppendHtml(label);
        if (item.Hint is not null)
        {
            var hint = new TagBuilder("div");
            hint.AddCssClass("govuk-hint");
            hint.AddCssClass($"{block}__hint");
            hint.Attributes["id"] = $"{id}-item-hint";
            hint.InnerHtml.Append(item.Hint);
            wrapper.InnerHtml.AppendHtml(hint);
        }

        return wrapper;
    }
}

/// <summary>GOV.UK checkboxes, bound to a list (several values) or a bool (a single checkbox).</summary>
[HtmlTargetElement("govuk-checkboxes", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkCheckboxesTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("items")]
    public IEnumerable<Choice> Items { get; set; } = [];

    [HtmlAttributeName("small")]
    public bool Small { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        OpenFormGroup(output);
        var fieldset = Fieldset();
        var boxes = new TagBuilder("div");
        boxes.AddCssClass("govuk-checkboxes");
        if (Small)
        {
            boxes.AddCssClass("govuk-checkboxes--small");
        }

        boxes.Attributes["data-module"] = "govuk-checkboxes";
        var current = CurrentValues();
        var index = 0;
        foreach (var item in Items)
        {
            var id = index == 0 ? Id : $"{Id}-{index + 1}";
            boxes.InnerHtml.AppendHtml(GovUkRadiosTagHelper.Option("checkbox", "govuk-checkboxes", id, Name, item, current.Contains(item.Value)));
            index++;
        }

        fieldset.InnerHtml.AppendHtml(boxes);
        output.Content.AppendHtml(fieldset);
    }
}

/// <summary>GOV.UK select.</summary>
[HtmlTargetElement("govuk-select", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkSelectTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("items")]
    public IEnumerable<Choice> Items { get; set; } = [];

    /// <summary>Text of a first, empty option, such as "Any lead".</summary>
    [HtmlAttributeName("empty")]
    public string? Empty { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        OpenFormGroup(output);
        output.Content.AppendHtml(LabelHtml());
        output.Content.AppendHtml(HintAndError());
        var select = new TagBuilder("select");
        select.AddCssClass("govuk-select");
        if (HasError)
        {
            select.AddCssClass("govuk-select--error");
        }

        select.Attributes["id"] = Id;
        select.Attributes["name"] = Name;
        if (DescribedBy() is { } describedBy)
        {
            select.Attributes["aria-describedby"] = describedBy;
        }

        var current = CurrentValue();
        if (Empty is not null)
        {
            select.InnerHtml.AppendHtml(OptionTag(new Choice(string.Empty, Empty), string.IsNullOrEmpty(current)));
        }

        foreach (var item in Items)
        {
            select.InnerHtml.AppendHtml(OptionTag(item, string.Equals(item.Value, current, StringComparison.Ordinal)));
        }

        output.Content.AppendHtml(select);
    }

    private static TagBuilder OptionTag(Choice item, bool selected)
    {
        var option = new TagBuilder("option");
        option.Attributes["value"] = item.Value;
        if (selected)
        {
            option.Attributes["selected"] = "selected";
        }

        option.InnerHtml.Append(item.Text);
        return option;
    }
}

/// <summary>GOV.UK date input (day, month, year), bound to a <see cref="Forms.DateParts"/>.</summary>
[HtmlTargetElement("govuk-date-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkDateInputTagHelper : GovUkFieldTagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        OpenFormGroup(output);
        var fieldset = Fieldset(role: "group");
        var wrapper = new TagBuilder("div");
        wrapper.AddCssClass("govuk-date-input");
        wrapper.Attributes["id"] = Id;
        var parts = Model as Forms.DateParts;
        foreach (var (part, label, width, value) in new[]
                 {
                     ("Day", "Day", "2", parts?.Day),
                     ("Month", "Month", "2", parts?.Month),
                     ("Year", "Year", "4", parts?.Year),
                 })
        {
            var name = $"{Name}.{part}";
            var id = $"{Id}-{part.ToLowerInvariant()}";
            var item = new TagBuilder("div");
            item.AddCssClass("govuk-date-input__item");
            var group = new TagBuilder("div");
            group.AddCssClass("govuk-form-group");
            var labelTag = new TagBuilder("label");
            labelTag.AddCssClass("govuk-label govuk-date-input__label");
            labelTag.Attributes["for"] = id;
            labelTag.InnerHtml.Append(label);
            var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            input.AddCssClass($"govuk-input govuk-date-input__input govuk-input--width-{width}");
            if (HasError)
            {
                input.AddCssClass("govuk-input--error");
            }

            input.Attributes["id"] = id;
            input.Attributes["name"] = name;
            input.Attributes["type"] = "text";
            input.Attributes["inputmode"] = "numeric";
            input.Attributes["value"] = CurrentValue(name, value) ?? string.Empty;
            group.InnerHtml.AppendHtml(labelTag);
            group.InnerHtml.AppendHtml(input);
            item.InnerHtml.AppendHtml(group);
            wrapper.InnerHtml.AppendHtml(item);
        }

        fieldset.InnerHtml.AppendHtml(wrapper);
        output.Content.AppendHtml(fieldset);
    }
}

/// <summary>
/// The GOV.UK error summary for the form's errors, linking each to its field. Shown only when there are errors.
/// </summary>
[HtmlTargetElement("govuk-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkErrorSummaryTagHelper(HtmlEncoder encoder) : TagHelper
{
    /// <summary>Names of date inputs (such as Input.AppliesFrom): their errors link to the day box.</summary>
    [HtmlAttributeName("date-fields")]
    public string? DateFields { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }

        var dates = (DateFields ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-error-summary");
        output.Attributes.SetAttribute("data-module", "govuk-error-summary");
        var html = new HtmlContentBuilder();
        html.AppendHtml("<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">");
        var seen = new HashSet<string>();
        var order = FieldOrder();
        foreach (var (key, entry) in state.Where(kv => kv.Value is { Errors.Count: > 0 })
                     .OrderBy(kv => kv.Key.Length == 0 ? -1 : order(kv.Key))
                     .ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var error in entry!.Errors)
            {
                if (!seen.Add(error.ErrorMessage))
                {
                    continue;
                }

                html.AppendHtml("<li>");
                if (key.Length == 0)
                {
                    html.Append(error.ErrorMessage);
                }
                else
                {
                    var id = TagBuilder.CreateSanitizedId(key, "_") + (dates.Contains(key) ? "-day" : string.Empty);

                    html.AppendHtml($"<a href=\"#{encoder.Encode(id)}\">");
                    html.Append(error.ErrorMessage);
                    html.AppendHtml("</a>");
                }

                html.AppendHtml("</li>");
            }
        }

        html.AppendHtml("</ul></div></div>");
        output.Content.SetHtmlContent(html);
    }

    /// <summary>
    /// Errors are listed in the order of the form, which is the order of the page's Input properties
    /// (ModelState itself does not keep an order).
    /// </summary>
    private Func<string, int> FieldOrder()
    {
        var input = ViewContext.ViewData.Model?.GetType().GetProperty("Input")?.PropertyType;
        var names = input?.GetProperties().Select(p => p.Name).ToList() ?? [];
        return key =>
        {
            var field = key.StartsWith("Input.", StringComparison.Ordinal) ? key["Input.".Length..] : key;
            var end = field.IndexOfAny(['.', '[']);
            var index = names.IndexOf(end < 0 ? field : field[..end]);
            return index < 0 ? int.MaxValue : index;
        };
    }
}

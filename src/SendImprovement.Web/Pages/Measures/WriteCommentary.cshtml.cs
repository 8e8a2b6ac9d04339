using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>The owner's commentary for a period, with their own assessment; a later one for the same period replaces it, keeping the first.</summary>
[Authorize(Policy = Policies.UpdateItems)]
[RequireHandler]
public sealed class WriteCommentaryModel(MeasureService measures) : MeasurePageModel(measures)
{
    [BindProperty]
    public CommentaryForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id) => await LoadMeasureAsync(id, MeasureRight.Record) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadMeasureAsync(id, MeasureRight.Record) is { } refused)
        {
            return refused;
        }

        OwnerAssessment? assessment = null;
        if (!string.IsNullOrEmpty(Input.Assessment))
        {
            if (!Enum.TryParse<OwnerAssessment>(Input.Assessment, out var chosen) || MeasureDisplay.AssessmentChoices.All(c => c.Value != Input.Assessment))
            {
                ModelState.AddModelError("Input.Assessment", "Select your assessment from the list, or Not given");
                return Page();
            }

            assessment = chosen;
        }

        var commentary = await Measures.WriteCommentaryAsync(User.ToActor(), id, Input.CommentaryPeriod, Input.Commentary, assessment, HttpContext.RequestAborted);
        return BackToMeasure($"Commentary for {commentary.Period.Label} saved.");
    }

    public sealed class CommentaryForm
    {
        public string? CommentaryPeriod { get; set; }

        public string? Commentary { get; set; }

        public string? Assessment { get; set; }
    }
}

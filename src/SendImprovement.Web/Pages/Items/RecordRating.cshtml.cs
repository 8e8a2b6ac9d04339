using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>Records a new dated rating with a reason. Earlier ratings stay in the history.</summary>
[Authorize(Policy = Policies.UpdateItems)]
public sealed class RecordRatingModel(AppDbContext db, PlanAccess access, ItemUpdateService updates, TimeProvider clock)
    : ItemFormPageModel(db, access)
{
    [BindProperty]
    public RatingInput Input { get; set; } = new();

    protected override bool NeedsManage => false;

    public IEnumerable<Choice> Choices => Context.Scale.Values.OrderBy(v => v.Position)
        .Select(v => new Choice(v.Key, v.Label, v.Meaning));

    public async Task<IActionResult> OnGetAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        if (!Context.Level.HasRating)
        {
            return NotFound();
        }

        Input = new RatingInput
        {
            Value = Context.Item.CurrentRatingValue,
            AppliesFrom = DateParts.From(UkClock.Today(clock)),
            Version = Context.Item.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int itemId)
    {
        if (await LoadAsync(itemId) is { } refused)
        {
            return refused;
        }

        if (!Context.Level.HasRating)
        {
            return NotFound();
        }

        var appliesFrom = ReadDate(Input.AppliesFrom, "Input.AppliesFrom", "The date the rating applies from");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var current = (Context.Item.CurrentRatingValue, Context.Item.CurrentRatingDate);
        var rating = await updates.RecordRatingAsync(User.ToActor(), itemId, Input.Version, new NewRating(Input.Value, Input.IsTentative, appliesFrom, Input.Reason));
        var recorded = $"{Context.Level.RatingLabel} recorded: {rating.Value}{(rating.IsTentative ? " (tentative)" : string.Empty)}.";
        if (current.CurrentRatingDate is { } since && rating.AppliesFrom < since)
        {
            // A back-dated rating joins the history; it does not replace a later one.
            recorded += $" It applies from {UkClock.Day(rating.AppliesFrom)}, before the current rating ({current.CurrentRatingValue} from {UkClock.Day(since)}), so it is in the history and {current.CurrentRatingValue} stays current.";
        }

        return BackToItem(recorded);
    }

    public sealed class RatingInput
    {
        public string? Value { get; set; }

        public bool IsTentative { get; set; }

        public DateParts AppliesFrom { get; set; } = new();

        public string? Reason { get; set; }

        public int Version { get; set; }
    }
}

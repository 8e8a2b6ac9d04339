using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.People;

/// <summary>Matches initials written in the plans ("JD") to a person, everywhere they appear.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class MapInitialsModel(AppDbContext db, PeopleService people) : PartnershipPageModel(db)
{
    public const string SomeoneNew = "new";

    [BindProperty(SupportsGet = true)]
    public string? MatchKey { get; set; }

    [BindProperty]
    public MapInput Input { get; set; } = new();

    public UnmappedLead? Lead { get; private set; }

    public IReadOnlyList<Choice> PersonChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        if (Input.PersonId == SomeoneNew)
        {
            return Redirect($"/people/new?partnershipId={Partnership.Id}&matchKey={Uri.EscapeDataString(Lead!.MatchKey)}");
        }

        // Only a choice that was offered: "07" is not person 7 as far as the form is concerned.
        var choice = PersonChoices.FirstOrDefault(p => p.Value == Input.PersonId);
        int? personId = choice is not null && int.TryParse(choice.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        var uses = await people.MapInitialsAsync(User.ToActor(), Partnership.Id, Lead!.MatchKey, personId);
        TempData["Success"] = $"{Lead.Example} matched to {choice!.Text} in {uses} {(uses == 1 ? "place" : "places")}.";
        return Redirect($"/people?partnershipId={Partnership.Id}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        var key = PersonNameVariant.ToMatchKey(MatchKey ?? string.Empty);
        Lead = (await people.UnmappedLeadsAsync(Partnership.Id)).FirstOrDefault(l => l.MatchKey == key);
        if (Lead is null)
        {
            return NotFound();
        }

        PersonChoices = (await Db.People.AsNoTracking().Include(p => p.Organisation)
                .Where(p => p.PartnershipId == Partnership.Id).OrderBy(p => p.Name).ToListAsync())
            .Select(p => new Choice(p.Id.ToString(CultureInfo.InvariantCulture), p.Name, string.Join(", ", new[] { p.Initials, p.JobTitle, p.Organisation?.Name }.Where(s => !string.IsNullOrEmpty(s)))))
            .Append(new Choice(SomeoneNew, "Someone not in this list", "You will add them next."))
            .ToList();
        return null;
    }

    public sealed class MapInput
    {
        public string? PersonId { get; set; }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Web.Infrastructure.GovUk;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.People;

/// <summary>Adds a person; when reached from an unmatched set of initials, also matches them to the new person.</summary>
[Authorize(Policy = Policies.ManagePlans)]
public sealed class CreateModel(AppDbContext db, PeopleService people) : PartnershipPageModel(db)
{
    [BindProperty]
    public PersonInput Input { get; set; } = new();

    /// <summary>Initials from the plans to match to the new person once added.</summary>
    [BindProperty(SupportsGet = true)]
    public string? MatchKey { get; set; }

    public IReadOnlyList<Choice> Organisations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        Input.Initials = MatchKey;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } refused)
        {
            return refused;
        }

        int? organisationId = int.TryParse(Input.OrganisationId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        if (!string.IsNullOrEmpty(Input.OrganisationId) && organisationId is null)
        {
            ModelState.AddModelError("Input.OrganisationId", "Select an organisation from the list");
            return Page();
        }

        var person = await people.AddPersonAsync(User.ToActor(), Partnership.Id, new PersonDetails(Input.Name, Input.Initials, organisationId, Input.JobTitle, Input.Email), string.IsNullOrEmpty(MatchKey) ? null : MatchKey);
        TempData["Success"] = string.IsNullOrEmpty(MatchKey) ? $"{person.Name} added." : $"{person.Name} added and matched to the leads written as {MatchKey}.";
        return Redirect($"/people?partnershipId={Partnership.Id}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        if (await LoadPartnershipAsync(manage: true) is { } refused)
        {
            return refused;
        }

        // Initials to match must still be waiting; otherwise the page would add a person and then fail.
        if (!string.IsNullOrEmpty(MatchKey) && (await people.UnmappedLeadsAsync(Partnership.Id)).All(l => l.MatchKey != PersonNameVariant.ToMatchKey(MatchKey)))
        {
            return NotFound();
        }

        Organisations = await Db.Organisations.AsNoTracking().Where(o => o.PartnershipId == Partnership.Id).OrderBy(o => o.Name)
            .Select(o => new Choice(o.Id.ToString(), o.Name, null)).ToListAsync();
        return null;
    }

    public sealed class PersonInput
    {
        public string? Name { get; set; }

        public string? Initials { get; set; }

        public string? JobTitle { get; set; }

        public string? OrganisationId { get; set; }

        public string? Email { get; set; }
    }
}

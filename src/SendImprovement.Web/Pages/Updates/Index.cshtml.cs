using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Periods;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Updates;

/// <summary>"Updates due": the items the signed-in person leads in open periods, and the updates waiting for their review.</summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class IndexModel(UpdateRoundService round) : PageModel
{
    public IReadOnlyList<DueItem> Due { get; private set; } = [];

    public IReadOnlyList<DueItem> ToReview { get; private set; } = [];

    public IReadOnlyList<(int PeriodId, string PeriodName, string PlanName, int Submitted, int Total)> OpenPeriods { get; private set; } = [];

    public bool HasPerson => User.ToActor().PersonId is not null;

    public async Task OnGetAsync()
    {
        var actor = User.ToActor();
        Due = await round.DueAsync(actor, null, onlyMine: true);
        ToReview = await round.ToReviewAsync(actor);
        var all = await round.DueAsync(actor, null, onlyMine: false);
        OpenPeriods = [.. all.GroupBy(d => (d.PeriodId, d.PeriodName, d.PlanName))
            .Select(g => (g.Key.PeriodId, g.Key.PeriodName, g.Key.PlanName, g.Count(d => d.Update is { State: not UpdateState.Returned }), g.Count()))];
    }
}

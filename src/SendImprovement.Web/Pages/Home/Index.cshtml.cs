using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Home;

/// <summary>The partnership's plans, with how many items stand at each rating and how many are overdue.</summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class IndexModel(AppDbContext db, TimeProvider clock, UpdateRoundService round) : PageModel
{
    /// <summary>Updates the signed-in person still has to submit (or submit again) in open periods.</summary>
    public IReadOnlyList<DueItem> UpdatesDue { get; private set; } = [];

    public IReadOnlyList<PartnershipPlans> Partnerships { get; private set; } = [];

    public bool CanManage(int partnershipId) => PlanAccess.CanManage(User.ToActor(), partnershipId);

    public async Task OnGetAsync()
    {
        if (User.ToActor().PersonId is not null)
        {
            UpdatesDue = [.. (await round.DueAsync(User.ToActor(), null, onlyMine: true)).Where(d => d.Update is null or { State: UpdateState.Returned })];
        }

        var actor = User.ToActor();
        var partnerships = await db.Partnerships.AsNoTracking()
            .Where(p => actor.IsAdministrator || p.Id == actor.PartnershipId)
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name })
            .ToListAsync();
        var ids = partnerships.Select(p => p.Id).ToList();
        var plans = await db.Plans.AsNoTracking()
            .Where(p => ids.Contains(p.PartnershipId))
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.PartnershipId, p.Name, Kind = p.Kind.Name, p.Period, Scale = p.Kind.RatingScaleId })
            .ToListAsync();
        var planIds = plans.Select(p => p.Id).ToList();

        var counts = await db.PlanItems.AsNoTracking()
            .Where(i => planIds.Contains(i.PlanId) && i.CurrentRatingValue != null)
            .GroupBy(i => new { i.PlanId, i.CurrentRatingValue })
            .Select(g => new { g.Key.PlanId, Value = g.Key.CurrentRatingValue!, Count = g.Count() })
            .ToListAsync();

        var scales = await db.RatingScales.AsNoTracking().Include(s => s.Values).ToDictionaryAsync(s => s.Id);
        var completeValues = scales.Values.SelectMany(s => s.Values).Where(v => v.IsComplete).Select(v => v.Key).Distinct().ToList();
        var today = UkClock.Today(clock);
        var overdue = await db.PlanItems.AsNoTracking()
            .Where(i => planIds.Contains(i.PlanId)
                && i.Deadline.End < today
                && i.Deadline.Kind != PlanDateKind.Ongoing && i.Deadline.Kind != PlanDateKind.OngoingFrom
                && i.Deadline.Kind != PlanDateKind.ToBeConfirmed && i.Deadline.Kind != PlanDateKind.Unrecognised
                && i.ProgressStatus != ProgressStatus.Complete
                && (i.CurrentRatingValue == null || !completeValues.Contains(i.CurrentRatingValue)))
            .GroupBy(i => i.PlanId)
            .Select(g => new { PlanId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.PlanId, x => x.Count);

        Partnerships = partnerships.Select(p => new PartnershipPlans(
            p.Id,
            p.Name,
            plans.Where(plan => plan.PartnershipId == p.Id).Select(plan => new PlanSummary(
                plan.Id,
                plan.Name,
                plan.Kind,
                plan.Period,
                scales[plan.Scale],
                scales[plan.Scale].Values.OrderBy(v => v.Position)
                    .Select(v => new RatingCount(v.Key, counts.Where(c => c.PlanId == plan.Id && c.Value == v.Key).Sum(c => c.Count)))
                    .ToList(),
                overdue.GetValueOrDefault(plan.Id))).ToList())).ToList();
    }

    public sealed record PartnershipPlans(int Id, string Name, IReadOnlyList<PlanSummary> Plans);

    public sealed record PlanSummary(int Id, string Name, string Kind, PlanDate Period, RatingScale Scale, IReadOnlyList<RatingCount> Ratings, int Overdue);

    public sealed record RatingCount(string Value, int Count);
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Security;
using SendImprovement.Web.Pages.Plans;

namespace SendImprovement.Web.Api;

public sealed record PlanDateDto(string? Text, string Kind, DateOnly? Start, DateOnly? End, DateOnly? DueBy)
{
    public static PlanDateDto? From(PlanDate date) =>
        date.IsEmpty ? null : new(date.Text, date.Kind.ToString(), date.Start, date.End, date.DueBy);
}

public sealed record PlanListEntry(int Id, string Name, string Kind, string Partnership, PlanDateDto? Period, int Items, IReadOnlyDictionary<string, int> CurrentRatings);

public sealed record LeadDto(int? PersonId, string? Name, string? AsWritten, bool SharedWithAnotherProgramme);

public sealed record RatingDto(int Id, string Value, bool Tentative, string? AsWritten, DateOnly AppliesFrom, string Reason, string RecordedBy, DateTime RecordedAtUtc);

public sealed record RevisionDto(int Id, PlanDateDto? Previous, PlanDateDto? New, DateOnly RevisedOn, string Reason, string RecordedBy, DateTime RecordedAtUtc);

public sealed record EvidenceDto(string Title, string Url);

public sealed record NoteDto(int Id, DateOnly AsAt, string? KeyActivitiesCompleted, string? NextSteps, string? ProgressAndImpact, string WrittenBy, DateTime WrittenAtUtc, IReadOnlyList<EvidenceDto> Evidence);

public sealed record LinkDto(int? ItemId, int? PlanId, string? Reference, string Direction, string? Note);

public sealed record ItemDto(
    int Id,
    string Level,
    string? Ref,
    string Title,
    string? Description,
    IReadOnlyList<LeadDto> Leads,
    IReadOnlyList<LeadDto> Sponsors,
    IReadOnlyList<string> Areas,
    PlanDateDto? Start,
    PlanDateDto? Deadline,
    string? ProgressStatus,
    string? Resource,
    RatingDto? CurrentRating,
    IReadOnlyList<RatingDto> Ratings,
    IReadOnlyList<RevisionDto> DeadlineRevisions,
    IReadOnlyList<NoteDto> ProgressNotes,
    IReadOnlyList<LinkDto> Links,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Fields,
    bool Overdue,
    IReadOnlyList<ItemDto> Children);

public sealed record TagDto(string Code, string Name, string? Description);

/// <summary>
/// A plan with its whole tree. <see cref="HistorySince"/> is null when each item carries its whole history, or the moment
/// from which it carries only what was recorded (<c>?since=</c>); <see cref="GeneratedAtUtc"/>, taken before anything
/// is read, is where a client's next incremental read can start.
/// </summary>
public sealed record PlanDocument(
    int Id,
    string Name,
    string Kind,
    IReadOnlyList<string> Levels,
    string Partnership,
    string? Summary,
    PlanDateDto? Period,
    IReadOnlyList<TagDto> InterdependencyKey,
    DateOnly AsAt,
    DateTime GeneratedAtUtc,
    DateTime? HistorySince,
    IReadOnlyList<ItemDto> Items);

/// <summary>
/// The read API for BI tools: <c>GET /api/plans</c> and <c>GET /api/plans/{id}</c>, signed in with a personal API
/// token. A plan outside the token owner's partnership is "not found", exactly like one that does not exist.
/// <c>?since=</c> (a date, meaning from midnight in London, or a UTC time) limits each item's ratings, deadline
/// revisions and progress notes to those recorded from then, so a BI tool refreshing often reads what changed rather
/// than the whole history every time; the tree and each item's current rating are always whole.
/// </summary>
public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.ApiRead);
        api.MapGet("/plans", ListAsync).WithName("ListPlans");
        api.MapGet("/plans/{id:int}", GetAsync).WithName("GetPlan");

        // Anything else under /api answers in the API's own terms, not with the sign-in page.
        app.MapFallback("/api/{**path}", () => Results.Problem(
                title: "Not found",
                detail: "The API has GET /api/plans, /api/plans/{id}, /api/measures, /api/measures/{id}, /api/measures/{id}/observations, /api/measures/observations and /api/measures/comparators, where id is a whole number.",
                statusCode: StatusCodes.Status404NotFound))
            .AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, AppDbContext db, CancellationToken cancellationToken)
    {
        var actor = context.User.ToActor();
        var plans = await db.Plans.AsNoTracking()
            .Where(p => actor.IsAdministrator || p.PartnershipId == actor.PartnershipId)
            .OrderBy(p => p.Partnership.Name).ThenBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, Kind = p.Kind.Key, Partnership = p.Partnership.Name, p.Period, Items = p.Items.Count })
            .ToListAsync(cancellationToken);
        var ids = plans.Select(p => p.Id).ToList();
        var counts = await db.PlanItems.AsNoTracking()
            .Where(i => ids.Contains(i.PlanId) && i.CurrentRatingValue != null)
            .GroupBy(i => new { i.PlanId, i.CurrentRatingValue })
            .Select(g => new { g.Key.PlanId, Value = g.Key.CurrentRatingValue!, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return Results.Ok(plans.Select(p => new PlanListEntry(
            p.Id,
            p.Name,
            p.Kind,
            p.Partnership,
            PlanDateDto.From(p.Period),
            p.Items,
            counts.Where(c => c.PlanId == p.Id).ToDictionary(c => c.Value, c => c.Count))));
    }

    private static async Task<IResult> GetAsync(int id, string? since, HttpContext context, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        DateTime? sinceUtc = null;
        if (since is not null)
        {
            if (ReadSince(since) is not { } parsed)
            {
                return Results.Problem(
                    title: "Bad request",
                    detail: "since must be a date like 2026-11-01 (from midnight in London) or a UTC time like 2026-11-24T15:00:00Z.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            sinceUtc = parsed;
        }

        var generatedAtUtc = clock.GetUtcNow().UtcDateTime;
        var tree = await PlanTree.LoadAsync(db, id, cancellationToken);
        if (tree is null || !PlanAccess.CanRead(context.User.ToActor(), tree.Plan.PartnershipId))
        {
            return Results.Problem(title: "Plan not found", detail: $"There is no plan {id} that this token can read.", statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Ok(await BuildDocumentAsync(db, tree, UkClock.Today(clock), generatedAtUtc, sinceUtc, cancellationToken));
    }

    /// <summary>A date (from midnight in London) or a time with Z, an offset, or neither (read as UTC); null if neither.</summary>
    internal static DateTime? ReadSince(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return UkClock.StartOfDayUtc(day);
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? moment.UtcDateTime
            : null;
    }

    private static async Task<PlanDocument> BuildDocumentAsync(AppDbContext db, PlanTree tree, DateOnly today, DateTime generatedAtUtc, DateTime? sinceUtc, CancellationToken cancellationToken)
    {
        var planId = tree.Plan.Id;
        var partnership = await db.Partnerships.AsNoTracking().Where(p => p.Id == tree.Plan.PartnershipId).Select(p => p.Name).FirstAsync(cancellationToken);
        var details = await db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == planId)
            .Select(i => new { i.Id, i.Description })
            .ToDictionaryAsync(i => i.Id, i => i.Description, cancellationToken);
        var fields = (await db.PlanItemFields.AsNoTracking().Where(f => f.PlanItem.PlanId == planId).ToListAsync(cancellationToken))
            .ToLookup(f => f.PlanItemId);
        var planRatings = db.Ratings.AsNoTracking().Where(r => r.PlanItem.PlanId == planId);

        // Each item's current rating, whatever ?since= says: its latest by date applied, then by when it was recorded.
        var current = (await planRatings
                .GroupBy(r => r.PlanItemId)
                .Select(g => g.OrderByDescending(r => r.AppliesFrom).ThenByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id).First())
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.PlanItemId);
        var ratings = (await planRatings.Where(r => sinceUtc == null || r.RecordedAtUtc >= sinceUtc)
                .OrderByDescending(r => r.AppliesFrom).ThenByDescending(r => r.RecordedAtUtc).ThenByDescending(r => r.Id)
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.PlanItemId);
        var revisions = (await db.DeadlineRevisions.AsNoTracking().Where(r => r.PlanItem.PlanId == planId && (sinceUtc == null || r.RecordedAtUtc >= sinceUtc))
                .OrderBy(r => r.RevisedOn).ThenBy(r => r.Id)
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.PlanItemId);
        var notes = (await db.ProgressNotes.AsNoTracking().Include(n => n.EvidenceLinks).Where(n => n.PlanItem.PlanId == planId && (sinceUtc == null || n.WrittenAtUtc >= sinceUtc))
                .OrderByDescending(n => n.AsAt).ThenByDescending(n => n.Id)
                .ToListAsync(cancellationToken))
            .ToLookup(n => n.PlanItemId);
        var links = await db.ItemLinks.AsNoTracking()
            .Where(l => l.FromItem.PlanId == planId || (l.ToItem != null && l.ToItem.PlanId == planId))
            .Select(l => new { l.FromItemId, FromPlanId = l.FromItem.PlanId, l.ToItemId, ToPlanId = (int?)l.ToItem!.PlanId, l.RawReference, l.Note })
            .ToListAsync(cancellationToken);

        static RatingDto Rating(Rating r) => new(r.Id, r.Value, r.IsTentative, r.RawText, r.AppliesFrom, r.Reason, r.RecordedByName, r.RecordedAtUtc);
        static LeadDto Lead(LeadView l) => new(l.PersonId, l.PersonName, l.RawText, l.IsInterdependency);

        ItemDto Build(ItemRow item) => new(
            item.Id,
            tree.Kind.Level(item.Depth).Name,
            item.Ref,
            item.Title,
            details.GetValueOrDefault(item.Id),
            item.Leads.Select(Lead).ToList(),
            item.Sponsors.Select(Lead).ToList(),
            tree.Areas.Where(a => item.AreaIds.Contains(a.Id)).Select(a => a.Name).ToList(),
            PlanDateDto.From(item.Start),
            PlanDateDto.From(item.Deadline),
            item.ProgressStatusText,
            item.Resource switch { ResourceNeed.AdditionalResource => "AR", ResourceNeed.ExistingResource => "ER", _ => null },
            current.TryGetValue(item.Id, out var latest) ? Rating(latest) : null,
            ratings[item.Id].Select(Rating).ToList(),
            revisions[item.Id].Select(r => new RevisionDto(r.Id, PlanDateDto.From(r.Previous), PlanDateDto.From(r.New), r.RevisedOn, r.Reason, r.RecordedByName, r.RecordedAtUtc)).ToList(),
            notes[item.Id].Select(n => new NoteDto(n.Id, n.AsAt, n.KeyActivitiesCompleted, n.NextSteps, n.ProgressAndImpact, n.WrittenByName, n.WrittenAtUtc, n.EvidenceLinks.Select(e => new EvidenceDto(e.Title, e.Url)).ToList())).ToList(),
            links.Where(l => l.FromItemId == item.Id).Select(l => new LinkDto(l.ToItemId, l.ToPlanId, l.RawReference, "to", l.Note))
                .Concat(links.Where(l => l.ToItemId == item.Id).Select(l => new LinkDto(l.FromItemId, l.FromPlanId, l.RawReference, "from", l.Note)))
                .ToList(),
            item.TagCodes,
            fields[item.Id].ToDictionary(f => f.Key, f => f.Value),
            item.IsOverdue(tree.Scale, today),
            item.Children.Select(Build).ToList());

        return new PlanDocument(
            planId,
            tree.Plan.Name,
            tree.Kind.Key,
            tree.Kind.Levels.OrderBy(l => l.Depth).Select(l => l.Name).ToList(),
            partnership,
            tree.Plan.Summary,
            PlanDateDto.From(tree.Plan.Period),
            tree.Plan.Tags.Select(t => new TagDto(t.Code, t.Name, t.Description)).ToList(),
            today,
            generatedAtUtc,
            sinceUtc,
            tree.Roots.Select(Build).ToList());
    }
}

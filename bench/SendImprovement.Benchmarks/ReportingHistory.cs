using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;

namespace SendImprovement.Benchmarks;

/// <param name="LatestPeriodId">The last of the generated periods, closed.</param>
/// <param name="CloseTimes">How long closing each generated period took (ms), its update round included.</param>
/// <param name="SnapshotBytes">The size of the latest period's stored snapshot (compressed JSON).</param>
public sealed record GeneratedHistory(
    int LatestPeriodId,
    string LatestName,
    DateOnly LatestAsAt,
    int Periods,
    int Notes,
    int Updates,
    int Reviews,
    IReadOnlyList<double> CloseTimes,
    int SnapshotBytes,
    int SnapshotItems);

/// <summary>
/// Gives a generated plan a reporting history: monthly periods, each opened and closed through the real
/// <see cref="PeriodService"/>, with an update round in between written through the model. In each round every
/// action gets a progress note and an acknowledged update (carrying the rating recorded in that month, if any,
/// or confirming the rating unchanged), and every workstream a sponsor's review with highlights. Before the
/// first period, each workstream gets a sponsor and the fields the inspection plan kind has (what the inspectors
/// said, delivery partners; the impact of each outcome), so the reports have what a real plan would give them.
/// </summary>
public static class ReportingHistory
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static DateOnly EndOfMonth(DateOnly date) => new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);

    /// <summary>Opens and closes <paramref name="months"/> monthly periods, the last one as at the end of last month.</summary>
    public static async Task<GeneratedHistory> CreateAsync(IServiceProvider services, GeneratedPlan plan, int months)
    {
        var admin = Actor.System("Benchmark");
        var random = new Random(11);
        string[] values = ["Blue", "Green", "Amber", "Red"];

        List<(int Id, int Depth, string? Ref, string Title)> items;
        Dictionary<int, string> leadOf;
        ILookup<int, (int Id, string Value, DateOnly AppliesFrom)> ratingsOf;
        DateOnly today;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            today = UkClock.Today(clock);
            items = [.. (await db.PlanItems.AsNoTracking().Where(i => i.PlanId == plan.PlanId && i.Depth <= 2)
                    .Select(i => new { i.Id, i.Depth, i.Ref, i.Title }).ToListAsync())
                .Select(i => (i.Id, i.Depth, i.Ref, i.Title))];
            leadOf = (await db.PlanItemAssignments.AsNoTracking()
                    .Where(a => a.PlanItem.PlanId == plan.PlanId && a.Role == AssignmentRole.Lead && a.Person != null)
                    .Select(a => new { a.PlanItemId, a.Person!.Name }).ToListAsync())
                .GroupBy(a => a.PlanItemId).ToDictionary(g => g.Key, g => g.First().Name);
            ratingsOf = (await db.Ratings.AsNoTracking()
                    .Where(r => r.PlanItem.PlanId == plan.PlanId && r.PlanItem.Depth == 2)
                    .Select(r => new { r.Id, r.PlanItemId, r.Value, r.AppliesFrom }).ToListAsync())
                .ToLookup(r => r.PlanItemId, r => (r.Id, r.Value, r.AppliesFrom));

            var people = await db.People.AsNoTracking().Where(p => p.PartnershipId == plan.PartnershipId).OrderBy(p => p.Id).ToListAsync();
            foreach (var (workstream, index) in items.Where(i => i.Depth == 0).Select((w, n) => (w, n)))
            {
                var sponsor = people[index % people.Count];
                db.PlanItemAssignments.Add(new PlanItemAssignment { PlanItemId = workstream.Id, Role = AssignmentRole.Sponsor, PersonId = sponsor.Id, RawText = sponsor.Initials, MatchKey = sponsor.Initials });
                db.PlanItemFields.Add(new PlanItemField
                {
                    PlanItemId = workstream.Id,
                    Key = "weakness",
                    Value = $"Leaders do not have a clear enough understanding of {workstream.Title.ToLowerInvariant()}, and the quality of plans for children and young people varies too much between areas.",
                });
                db.PlanItemFields.Add(new PlanItemField { PlanItemId = workstream.Id, Key = "delivery-partners", Value = "Local authority SEND service\nIntegrated care board\nParent carer forum\nSchools forum" });
            }

            foreach (var outcome in items.Where(i => i.Depth == 1))
            {
                db.PlanItemFields.Add(new PlanItemField
                {
                    PlanItemId = outcome.Id,
                    Key = "impact",
                    Value = "Families say they know who to contact and get an answer within ten working days\nFewer children wait more than 20 weeks for a plan",
                });
            }

            await db.SaveChangesAsync(new AuditContext(admin, "Benchmark sponsors and fields") { PartnershipId = plan.PartnershipId, PlanId = plan.PlanId }, clock);
        }

        var actions = items.Where(i => i.Depth == 2).ToList();
        var workstreams = items.Where(i => i.Depth == 0).ToList();
        var closeTimes = new List<double>();
        int latestId = 0, notes = 0, updates = 0, reviews = 0, snapshotBytes = 0, snapshotItems = 0;
        string latestName = string.Empty;
        DateOnly? previous = null;
        var asAt = today;
        for (var month = 1; month <= months; month++)
        {
            asAt = EndOfMonth(today.AddMonths(month - months - 1));
            var name = asAt.ToString("MMMM yyyy", Culture);
            ReportingPeriod period;
            using (var scope = services.CreateScope())
            {
                period = await scope.ServiceProvider.GetRequiredService<PeriodService>()
                    .OpenAsync(admin, plan.PlanId, new NewPeriod(name, asAt, asAt.AddDays(-7), PeriodCadence.Monthly));
            }

            using (var scope = services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
                var now = clock.GetUtcNow().UtcDateTime;
                var written = asAt.AddDays(-8);
                foreach (var (action, index) in actions.Select((a, n) => (a, n)))
                {
                    var lead = leadOf.GetValueOrDefault(action.Id, "Bench lead");
                    var note = new ProgressNote
                    {
                        PlanItemId = action.Id,
                        AsAt = written,
                        KeyActivitiesCompleted = $"Met the {Pick(random, ["SENCO network", "health partners", "parent carer forum", "schools forum", "social care leads"])} on {written.ToString("d MMMM", Culture)} and agreed the next part of {action.Ref}. {random.Next(5, 40)} of 40 schools now use the revised process; the rest have training booked.",
                        NextSteps = $"Review the first {random.Next(10, 60)} cases under the new process with the quality assurance panel. Report the findings to the SEND partnership board in {asAt.AddMonths(1).ToString("MMMM", Culture)}.",
                        ProgressAndImpact = $"Timeliness for this strand improved from {random.Next(30, 60)}% to {random.Next(60, 95)}% this month. Families in the {Pick(random, ["North", "South"])} area report clearer communication, though waiting times for assessments remain a concern.",
                        WrittenAtUtc = now,
                        WrittenByName = lead,
                    };
                    if (index % 3 == 0)
                    {
                        note.EvidenceLinks.Add(new EvidenceLink { Title = $"Minutes, {name}", Url = $"https://intranet.example/send/{action.Ref}/{asAt:yyyy-MM}" });
                    }

                    var rating = ratingsOf[action.Id].Where(r => r.AppliesFrom <= asAt && (previous is null || r.AppliesFrom > previous)).OrderByDescending(r => r.AppliesFrom).FirstOrDefault();
                    var standing = ratingsOf[action.Id].Where(r => r.AppliesFrom <= asAt).OrderByDescending(r => r.AppliesFrom).FirstOrDefault();
                    db.ProgressNotes.Add(note);
                    db.ItemUpdates.Add(new ItemUpdate
                    {
                        ReportingPeriodId = period.Id,
                        PlanItemId = action.Id,
                        State = UpdateState.Acknowledged,
                        RatingId = rating == default ? null : rating.Id,
                        ConfirmedRatingValue = rating == default ? standing.Value : null,
                        ProgressNote = note,
                        SubmittedAtUtc = now,
                        SubmittedByName = lead,
                        ReviewedAtUtc = now,
                        ReviewedByName = "Bench sponsor",
                        ReviewComment = index % 10 == 0 ? "Thanks: please add the case audit figures next time." : null,
                    });
                    notes++;
                    updates++;
                }

                foreach (var workstream in workstreams)
                {
                    db.SectionReviews.Add(new SectionReview
                    {
                        ReportingPeriodId = period.Id,
                        PlanItemId = workstream.Id,
                        Assessment = values[random.Next(1, values.Length)],
                        Reason = "Most actions are on track, but two milestones slipped because of staffing in the assessment team.",
                        Highlights = $"The new referral pathway went live across the {Pick(random, ["North", "South"])} area in {name}. Parent carer forum feedback on the draft local offer pages was positive. Recruitment to the two vacant educational psychologist posts is still outstanding and is the main risk for next month.",
                        WrittenAtUtc = now,
                        WrittenByName = "Bench sponsor",
                    });
                    reviews++;
                }

                await db.SaveChangesAsync(new AuditContext(admin, "Benchmark update round") { PartnershipId = plan.PartnershipId, PlanId = plan.PlanId, Summary = name }, clock);
            }

            using (var scope = services.CreateScope())
            {
                var watch = Stopwatch.StartNew();
                var stored = await scope.ServiceProvider.GetRequiredService<PeriodService>().CloseAsync(admin, period.Id, period.Version);
                closeTimes.Add(watch.Elapsed.TotalMilliseconds);
                snapshotBytes = stored.Content.Length;
                snapshotItems = stored.ItemCount;
            }

            latestId = period.Id;
            latestName = name;
            previous = asAt;
            Console.Error.WriteLine($"Period {month} of {months} ({name}) closed in {closeTimes[^1]:F0} ms");
        }

        return new GeneratedHistory(latestId, latestName, asAt, months, notes, updates, reviews, closeTimes, snapshotBytes, snapshotItems);
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}

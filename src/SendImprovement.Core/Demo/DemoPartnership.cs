using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Core.Demo;

/// <summary>A demo user, listed on the sign-in page while demo accounts exist.</summary>
public sealed record DemoAccount(string Email, string Name, string Role, string Description);

/// <summary>
/// Northby: a fictional local area with two councils, an ICB and a parent carer forum, an inspection-driven plan
/// with 18 months of history and a strategy phase plan. Dates are set relative to today so the demo always looks
/// current. Every person in it is made up.
/// </summary>
public sealed partial class DemoPartnership(AppDbContext db, UserService users, PeriodService periods, UpdateRoundService round, TimeProvider clock)
{
    public const string PartnershipName = "Northby";

    /// <summary>Shown on the sign-in page in demo mode only; never used outside demo accounts.</summary>
    public const string DemoPassword = "northby-demo-password";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("programme.lead@northby.example", "Helen Carter", Roles.ProgrammeLead, "Assistant Director of SEND: changes anything in Northby's plans"),
        new("nhs.lead@northby.example", "Tom Bradley", Roles.Contributor, "NHS Designated Clinical Officer: updates the actions he leads"),
        new("sponsor@northby.example", "Michael Grant", Roles.Contributor, "ICB Director of Nursing and Quality: sponsors strategy priority 2.3 and reviews its updates"),
        new("board.member@northby.example", "Margaret Holt", Roles.Viewer, "SEND Executive Board member: reads everything, changes nothing"),
        new("admin@northby.example", "Alex Morgan", Roles.Administrator, "Administrator: users, audit and every partnership"),
    ];

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private readonly Random _random = new(2021);
    private DateOnly _today;
    private DateOnly _start;
    private DateTime _nowUtc;

    /// <summary>Loads Northby. Refuses when the database already holds a partnership, so real data is never mixed with it.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Partnerships.AnyAsync(cancellationToken))
        {
            throw new ValidationFailedException(string.Empty, "The demo partnership can only be loaded into an empty database, and this one already holds a partnership.");
        }

        _today = UkClock.Today(clock);
        _nowUtc = clock.GetUtcNow().UtcDateTime;
        _start = new DateOnly(_today.Year, _today.Month, 1).AddMonths(-18);

        var kinds = await db.PlanKinds.Include(k => k.Levels).ToDictionaryAsync(k => k.Key, cancellationToken);
        var scale = await db.RatingScales.Include(s => s.Values).FirstAsync(s => s.Key == BuiltInPlanKinds.Brag, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var actor = Actor.System("Demo loader");

        var partnership = BuildPartnership();
        var people = partnership.People.ToDictionary(p => p.Initials!);
        var inspection = BuildInspectionPlan(partnership, kinds[BuiltInPlanKinds.Inspection], people);
        var strategy = BuildStrategyPlan(partnership, kinds[BuiltInPlanKinds.Strategy], people, scale);
        db.Partnerships.Add(partnership);
        db.Plans.AddRange(inspection, strategy);
        await db.SaveChangesAsync(new AuditContext(actor, "Demo partnership loaded") { Summary = "Northby: people, a Written Statement of Action and a strategy phase plan" }, clock, cancellationToken);

        LinkStrategyToInspection(strategy, inspection);
        await db.SaveChangesAsync(new AuditContext(actor, "Demo links added") { PartnershipId = partnership.Id, Summary = "Strategy actions linked to WSoA actions" }, clock, cancellationToken);

        foreach (var account in Accounts)
        {
            var personId = partnership.People.FirstOrDefault(p => p.Name == account.Name)?.Id;
            await users.CreateUserAsync(
                actor,
                new NewUser(account.Email, account.Name, account.Role, DemoPassword, account.Role == Roles.Administrator ? null : partnership.Id, personId),
                isDemo: true,
                cancellationToken);
        }

        await AddMeasuresAsync(actor, partnership, strategy, inspection, cancellationToken);

        await AddReportingPeriodsAsync(partnership, strategy, inspection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Two closed monthly periods and this month's open one for each plan, with a few updates already in: some
    /// submitted, one acknowledged, one sent back.
    /// </summary>
    private async Task AddReportingPeriodsAsync(Partnership partnership, Plan strategy, Plan inspection, CancellationToken cancellationToken)
    {
        var lead = Actor.System("Helen Carter (demo)") with { Role = Roles.ProgrammeLead, PartnershipId = partnership.Id };
        foreach (var plan in new[] { strategy, inspection })
        {
            for (var back = 2; back >= 0; back--)
            {
                var asAt = EndOfMonth(_today.AddMonths(-back));
                var period = await periods.OpenAsync(lead, plan.Id, new NewPeriod(MonthLong(asAt), asAt, asAt.AddDays(-5), PeriodCadence.Monthly), cancellationToken);
                if (back > 0)
                {
                    await periods.CloseAsync(lead, period.Id, period.Version, cancellationToken);
                }
            }
        }

        var open = await db.ReportingPeriods.AsNoTracking().FirstAsync(p => p.PlanId == strategy.Id && p.State == PeriodState.Open, cancellationToken);
        PlanItem Action(string priority, string action) => strategy.Items.First(i => i.Depth == 2 && i.Ref == action && i.Parent!.Ref == priority);
        Actor As(string initials) => partnership.People.First(p => p.Initials == initials) is var person
            ? new Actor(null, person.Name, Roles.Contributor, partnership.Id, person.Id)
            : throw new InvalidOperationException();

        async Task<ItemUpdate> Submit(string initials, PlanItem item, string rating, string? reason, string done, string next)
        {
            var version = await db.PlanItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => i.Version).FirstAsync(cancellationToken);
            return await round.SubmitAsync(As(initials), open.Id, item.Id, version, new UpdateInput(rating, false, reason, done, next, null, []), cancellationToken);
        }

        var backlog = await Submit("SW", Action("2.2", "5.3"), UpdateInput.NoChange, null, "Two extra caseworkers started; 140 of the 410 overdue reviews held.", "Hold the remaining overdue reviews by the end of next term. Report weekly to the SEND Executive Board.");
        await Submit("LL", Action("1.1", "1.2"), "Green", "Champions now in 9 of 11 clusters.", "Pledge champions recruited in nine school clusters.", "Recruit champions in the last two clusters. Hold the first champions' network meeting.");
        var clinics = await Submit("TB", Action("2.3", "6.1"), "Red", "Clinic rooms not available until the new year, so the extra clinics have slipped.", "Funding agreed for 120 extra assessments.", "Find interim clinic space with the community trust.");
        await Submit("CN", Action("2.3", "6.2"), UpdateInput.NoChange, null, "Support while you wait is running in every locality.", "Evaluate it with families in the spring term.");
        await Submit("TB", Action("2.2", "5.4"), UpdateInput.NoChange, null, "Designated clinical officer now tracks every request for health advice.", "Agree the six-week standard with the community trust.");

        await round.ReviewAsync(lead, backlog.Id, backlog.Version, acknowledge: true, null, cancellationToken);
        var timeliness = strategy.Items.First(i => i.Depth == 1 && i.Ref == "2.2");
        await round.ReviewSectionAsync(As("SW"), open.Id, timeliness.Id, null, new SectionReviewInput("Amber", "The tracker is working, but the annual review backlog will take another term to clear.", "Weekly tracking of every assessment is now routine, and two extra caseworkers have started on the annual review backlog."), cancellationToken);
        await round.ReviewAsync(As("MG"), clinics.Id, clinics.Version, acknowledge: false, "Please say when the interim space will be confirmed and what families waiting are told.", cancellationToken);
    }

    private static Partnership BuildPartnership()
    {
        var city = new Organisation { Name = "Northby City Council", Kind = OrganisationKind.Council };
        var county = new Organisation { Name = "Northby County Council", Kind = OrganisationKind.Council };
        var icb = new Organisation { Name = "Northby and Dales Integrated Care Board", Kind = OrganisationKind.IntegratedCareBoard };
        var trust = new Organisation { Name = "Northby Community Health NHS Trust", Kind = OrganisationKind.NhsProvider };
        var forum = new Organisation { Name = "Northby Parent Carer Forum", Kind = OrganisationKind.ParentCarerForum };

        Person P(string name, string initials, Organisation org, string title, params string[] variants) => new()
        {
            Name = name,
            Initials = initials,
            Organisation = org,
            JobTitle = title,
            Email = $"{name.ToLowerInvariant().Replace(' ', '.')}@northby.example",
            NameVariants = [.. variants.Select(v => new PersonNameVariant { Text = v, MatchKey = PersonNameVariant.ToMatchKey(v) })],
        };

        return new Partnership
        {
            Name = PartnershipName,
            Description = "The Northby local area SEND partnership: Northby City Council, Northby County Council, Northby and Dales ICB and the Northby Parent Carer Forum. Fictional, for demonstration.",
            Areas = [new() { Name = "Northby City", Position = 0 }, new() { Name = "Northby County", Position = 1 }],
            Organisations = [city, county, icb, trust, forum],
            People =
            [
                P("Helen Carter", "HC", city, "Assistant Director of SEND", "H Carter", "Helen C"),
                P("David Okafor", "DO", city, "Director of Children's Services"),
                P("Sarah Whitfield", "SW", county, "Head of SEND Services", "S. Whitfield", "Sara Whitfield"),
                P("Linda Lowe", "LL", city, "Head of Inclusion"),
                P("Tom Bradley", "TB", icb, "Designated Clinical Officer for SEND", "Thomas Bradley", "T Bradley"),
                P("Priya Shah", "PS", city, "Performance and Insight Manager"),
                P("Amina Hussain", "AH", forum, "Chair, Northby Parent Carer Forum"),
                P("Gareth Lewis", "GL", county, "Principal Educational Psychologist"),
                P("Rachel Evans", "RE", city, "Quality Assurance Officer, SEND"),
                P("Michael Grant", "MG", icb, "Director of Nursing and Quality"),
                P("Fiona Marsh", "FM", county, "Service Manager, Preparing for Adulthood"),
                P("Chris Nolan", "CN", trust, "Head of Children's Mental Health Services"),
                P("Joanne Pike", "JP", county, "Local Offer Manager"),
                P("Margaret Holt", "MH", city, "Independent Chair, SEND Executive Board"),
            ],
        };
    }

    private sealed record DemoAction(string Ref, string Title, string Lead, ResourceNeed Resource, string[] Milestones);

    private sealed record DemoOutcome(string Ref, string Title, string[] Impact, DemoAction[] Actions);

    private sealed record DemoWorkstream(string Title, string Weakness, string Sponsor, string[] Partners, DemoOutcome[] Outcomes);

    private static readonly DemoWorkstream[] Workstreams =
    [
        new(
            "Workstream 1: Strategic leadership and joint commissioning",
            "Leaders across education, health and care do not have a shared understanding of the area's strengths and weaknesses. Joint commissioning arrangements are underdeveloped and do not draw on the views of children, young people and their families.",
            "DO",
            ["Northby City Council SEND service", "Northby and Dales ICB", "Northby Parent Carer Forum", "Performance and insight team x 2 tbc"],
            [
                new("1.1", "Leaders share one accurate picture of how well the area meets children's needs", ["Families see the same priorities in every partner's plans", "Board members can say which outcomes are improving and why"],
                [
                    new("1.1a", "Agree a joint SEND data set and dashboard reported to the SEND Executive Board", "PS", ResourceNeed.AdditionalResource, ["Agree the measures with partners and the parent carer forum", "Build the first version of the dashboard", "First quarterly dashboard reported to the Board", "Review the data set after two quarters"]),
                    new("1.1b", "Complete a joint self-evaluation with partners and families", "HC", ResourceNeed.ExistingResource, ["Run self-evaluation workshops with each partner", "Draft the self-evaluation", "Test the draft with the parent carer forum", "Publish the self-evaluation summary"]),
                    new("1.2", "Refresh the governance of the SEND Executive Board", "DO", ResourceNeed.ExistingResource, ["Appoint an independent chair", "Agree new terms of reference", "Set up sub-groups for each workstream"]),
                ]),
                new("1.2", "Services are jointly commissioned from what families tell us they need", ["Families say services fit their child's needs", "Fewer families have to tell their story twice"],
                [
                    new("1.2b", "Write a joint commissioning strategy for SEND", "TB", ResourceNeed.AdditionalResource, ["Map current spend across education, health and care", "Hold commissioning workshops with families", "Draft the joint commissioning strategy", "Strategy agreed by the Health and Wellbeing Board"]),
                    new("1.2c", "Set up a joint funding panel for complex cases", "SW", ResourceNeed.ExistingResource, ["Agree the panel's terms of reference", "Run the first panel", "Review decisions after six months"]),
                ]),
            ]),
        new(
            "Workstream 2: Timeliness and quality of EHC plans",
            "Too many education, health and care plans are not completed within the statutory 20 weeks. The quality of plans is variable: health and social care advice is often missing and outcomes are not specific.",
            "SW",
            ["SEND assessment team", "Educational psychology service", "Designated Clinical Officer", "Children's social care"],
            [
                new("2.1", "Families receive EHC plans on time", ["More families receive their child's final plan within 20 weeks", "Families know where their request is up to"],
                [
                    new("2.1a", "Recruit and train additional EHC coordinators", "SW", ResourceNeed.AdditionalResource, ["Agree funding for four additional coordinators", "Recruit the coordinators", "Complete induction and training", "Caseloads below 120 per coordinator"]),
                    new("2.1b", "Introduce a weekly tracker of every assessment against the 20-week timeline", "PS", ResourceNeed.ExistingResource, ["Build the tracker from the case system", "Weekly review meeting in place", "Report timeliness monthly to the Board", "Publish timeliness on the Local Offer"]),
                    new("2.1c", "Agree turnaround times for health and social care advice", "TB", ResourceNeed.ExistingResource, ["Agree six-week turnaround with health providers", "Agree six-week turnaround with social care", "Monitor advice returned on time", "Escalation route in place for late advice"]),
                ]),
                new("2.2", "EHC plans are good quality and describe what each child needs", ["Plans describe the child as their family knows them", "Outcomes in plans are specific and reviewed"],
                [
                    new("2.2a", "Introduce a multi-agency quality assurance framework for EHC plans", "RE", ResourceNeed.ExistingResource, ["Agree the audit tool with partners", "Train auditors from each agency", "First termly audit completed", "Audit findings reported to the Board"]),
                    new("2.2b", "Train all writers of advice in writing outcomes", "GL", ResourceNeed.AdditionalResource, ["Design the training with the parent carer forum", "Deliver training to education writers", "Deliver training to health writers", "Deliver training to social care writers"]),
                    new("2.2c", "Annual reviews held on time and plans amended within 12 weeks", "SW", ResourceNeed.ExistingResource, ["Clear the backlog of overdue annual reviews", "Schedule every review a term ahead", "Amendments issued within 12 weeks"]),
                ]),
            ]),
        new(
            "Workstream 3: Co-production and communication with families",
            "Parents and carers do not feel listened to or involved in decisions about their children. The Local Offer is not well known or well used by families.",
            "HC",
            ["Northby Parent Carer Forum", "Local Offer team", "SENDIASS", "Young people's SEND forum"],
            [
                new("3.1", "Families and young people shape the services they use", ["Parents say they are listened to", "Young people see their ideas acted on"],
                [
                    new("3.1a", "Agree a co-production charter with the parent carer forum", "AH", ResourceNeed.ExistingResource, ["Draft the charter with the forum", "Charter signed by all partners", "Report on the charter at the annual conference"]),
                    new("3.1b", "Publish a \"you said, we did\" report every year", "HC", ResourceNeed.ExistingResource, ["Gather what families told us this year", "Agree responses with each service", "Publish the report"]),
                    new("3.1c", "Set up a young people's SEND forum", "FM", ResourceNeed.AdditionalResource, ["Recruit young people to the forum", "First forum meeting", "Forum presents to the SEND Executive Board"]),
                ]),
                new("3.2", "Families can find and use the Local Offer", ["Families find the information they need first time", "More families use the Local Offer"],
                [
                    new("3.2a", "Rebuild the Local Offer website with families", "JP", ResourceNeed.AdditionalResource, ["User research with families", "Test the new design with families", "Launch the new Local Offer", "Review use after six months"]),
                    new("3.2b", "Run an annual survey of parent carers with the forum", "AH", ResourceNeed.ExistingResource, ["Agree survey questions with the forum", "Run the survey", "Publish results and actions"]),
                ]),
            ]),
        new(
            "Workstream 4: Waiting times for neurodevelopmental assessment and CAMHS",
            "Children and young people wait too long for autism spectrum disorder assessments and for child and adolescent mental health services. Families receive little support while they wait.",
            "MG",
            ["Northby Community Health NHS Trust", "Northby and Dales ICB", "Children's social care", "Schools"],
            [
                new("4.1", "Children are assessed sooner and supported while they wait", ["Shorter waits for autism assessment", "Families get help before a diagnosis"],
                [
                    new("4.1a", "Commission additional neurodevelopmental assessment capacity", "TB", ResourceNeed.AdditionalResource, ["Business case agreed by the ICB", "Procure additional assessment capacity", "Additional clinics running", "Waiting list reduced by 30%"]),
                    new("4.1b", "Offer a support-while-you-wait programme for families", "CN", ResourceNeed.ExistingResource, ["Design the programme with families", "First cohort of families supported", "Evaluate the programme with families"]),
                    new("4.1c", "Single point of access for neurodevelopmental referrals", "TB", ResourceNeed.ExistingResource, ["Agree the referral pathway", "Launch the single point of access", "Audit referrals after three months"]),
                ]),
                new("4.2", "Young people get mental health support when they need it", ["Routine CAMHS assessment within 18 weeks, then 12", "Young people say support came at the right time"],
                [
                    new("4.2a", "Reduce CAMHS waits to 18 weeks for a routine assessment", "CN", ResourceNeed.AdditionalResource, ["Recruit additional clinicians", "Validate the waiting list", "Routine waits under 18 weeks"]),
                    new("4.2b", "Mental health support teams in schools", "TB", ResourceNeed.AdditionalResource, ["Bid for mental health support teams", "Teams in place in first schools", "Extend to all secondary schools", "Review impact with schools"]),
                ]),
            ]),
        new(
            "Workstream 5: Inclusion and preparation for adulthood",
            "Rates of suspension and permanent exclusion for pupils with SEND are high. Young people with SEND are not well prepared for adulthood, and too many are not in education, employment or training.",
            "DO",
            ["Inclusion service", "Schools and colleges", "Preparing for adulthood team", "Adult social care"],
            [
                new("5.1", "Fewer pupils with SEND are excluded", ["Fewer suspensions for pupils with SEND", "More pupils with SEND in full-time education"],
                [
                    new("5.1a", "Launch an inclusion charter for schools", "LL", ResourceNeed.ExistingResource, ["Draft the charter with headteachers", "Schools sign the charter", "Report sign-up to the Board"]),
                    new("5.1b", "Outreach support from special schools to mainstream schools", "LL", ResourceNeed.AdditionalResource, ["Agree the outreach offer", "Outreach running in first schools", "Evaluate the outreach offer", "Extend outreach to all areas"]),
                    new("5.1 c", "Review every part-time timetable for pupils with SEND", "LL", ResourceNeed.ExistingResource, ["Collect data on part-time timetables", "Review each timetable with schools", "Termly report to the Board"]),
                ]),
                new("5.2", "Young people are prepared for adulthood from year 9", ["More young people with SEND in education, employment or training", "Young people have a plan for adult life"],
                [
                    new("5.2a", "Preparing for adulthood outcomes in every year 9 review", "FM", ResourceNeed.ExistingResource, ["Update the annual review template", "Train coordinators in preparing for adulthood", "Audit year 9 reviews"]),
                    new("5.2b", "Supported internships with local employers", "FM", ResourceNeed.AdditionalResource, ["Recruit employers", "First cohort of interns", "Evaluate outcomes for interns"]),
                ]),
            ]),
    ];

    private static readonly string[] RevisionReasons =
    [
        "Recruitment took longer than planned; posts filled in the revised timescale.",
        "Agreed by the SEND Executive Board to align with the budget-setting cycle.",
        "The parent carer forum asked for more time to involve families over the school holidays.",
        "Dependent on the case system upgrade, which was delayed by the supplier.",
        "Provider capacity was diverted to winter pressures; revised timescale agreed with the ICB.",
        "Scope widened after the self-evaluation; revised date agreed at the workstream meeting.",
    ];

    private static readonly string[] RatingReasons =
    [
        "On track against the milestone plan; confirmed at the workstream meeting.",
        "Progress reviewed at the monthly highlight report.",
        "Slippage reported by the lead; recovery plan in place.",
        "Completed and evidence seen by the programme lead.",
        "No progress this month because of staff absence; escalated to the sponsor.",
        "Work has not started and the deadline is at risk.",
    ];

    private Plan BuildInspectionPlan(Partnership partnership, PlanKind kind, Dictionary<string, Person> people)
    {
        var plan = new Plan
        {
            Partnership = partnership,
            Kind = kind,
            Name = "Written Statement of Action",
            Summary = "Our response to the joint Ofsted and CQC inspection of the Northby local area: five workstreams, one for each significant weakness.",
            Period = PlanDate.From($"{MonthLong(_start)} to {MonthLong(_start.AddMonths(24))}"),
            CreatedAtUtc = _nowUtc,
        };

        var actionIndex = 0;
        for (var w = 0; w < Workstreams.Length; w++)
        {
            var ws = Workstreams[w];
            var workstream = Item(plan, null, 0, null, ws.Title, w);
            workstream.Areas = [.. partnership.Areas];
            workstream.Fields =
            [
                new() { Key = "weakness", Value = ws.Weakness },
                new() { Key = "delivery-partners", Value = string.Join('\n', ws.Partners) },
            ];
            Assign(workstream, AssignmentRole.Sponsor, people[ws.Sponsor].Name, people);

            for (var o = 0; o < ws.Outcomes.Length; o++)
            {
                var oc = ws.Outcomes[o];
                var outcome = Item(plan, workstream, 1, oc.Ref, oc.Title, o);
                outcome.Fields = [new() { Key = "impact", Value = string.Join('\n', oc.Impact) }];

                for (var a = 0; a < oc.Actions.Length; a++)
                {
                    var ac = oc.Actions[a];
                    var action = Item(plan, outcome, 2, ac.Ref, ac.Title, a);
                    action.Resource = ac.Resource;
                    action.LeadText = ac.Lead;
                    Assign(action, AssignmentRole.Lead, ac.Lead, people);

                    var lastDeadline = _start;
                    for (var m = 0; m < ac.Milestones.Length; m++)
                    {
                        var milestone = Item(plan, action, 3, null, ac.Milestones[m], m);
                        var dueMonth = 2 + (actionIndex % 5) + (m * 5) + _random.Next(0, 2);
                        var due = EndOfMonth(_start.AddMonths(dueMonth));
                        lastDeadline = due > lastDeadline ? due : lastDeadline;
                        milestone.Deadline = PlanDate.From(DeadlineText(due, actionIndex + m));
                        AddMilestoneHistory(milestone, due);
                        milestone.RefreshCurrentRating();
                    }

                    action.Deadline = PlanDate.From(MonthLong(lastDeadline));
                    AddActionHistory(action);
                    action.RefreshCurrentRating();
                    actionIndex++;
                }
            }
        }

        return plan;
    }

    /// <summary>Monthly or bi-monthly ratings from a few months before the deadline to today; most past milestones complete, some slipping.</summary>
    private void AddMilestoneHistory(PlanItem milestone, DateOnly due)
    {
        var roll = _random.NextDouble();
        var from = Max(_start, due.AddMonths(-9));
        var isPast = due < _today;
        var slips = roll < (isPast ? 0.3 : 0.15);
        var completeOn = isPast && roll > 0.12 ? due.AddDays(-_random.Next(0, 20)) : (DateOnly?)null;

        if (slips)
        {
            // The deadline moved once, sometimes twice, and the "revised from" date is not always the original.
            var original = due.AddMonths(-_random.Next(2, 5));
            var first = EndOfMonth(original);
            var revisions = _random.NextDouble() < 0.35 ? 2 : 1;
            var previous = PlanDate.From(DeadlineText(first, 1));
            var revisedOn = Max(_start, first.AddDays(-14));
            for (var r = 0; r < revisions; r++)
            {
                var next = r == revisions - 1 ? milestone.Deadline : PlanDate.From(MonthShort(EndOfMonth(first.AddMonths(1))));
                if (next.Text == previous.Text)
                {
                    break;
                }

                milestone.DeadlineRevisions.Add(new DeadlineRevision
                {
                    Previous = previous,
                    New = next,
                    RevisedOn = Min(revisedOn, _today),
                    Reason = RevisionReasons[_random.Next(RevisionReasons.Length)],
                    RecordedAtUtc = ToUtc(Min(revisedOn, _today)),
                    RecordedByName = "Helen Carter",
                });
                previous = next;
                revisedOn = revisedOn.AddMonths(1);
            }
        }

        for (var date = from; date <= _today; date = date.AddMonths(_random.Next(1, 3)))
        {
            string value;
            var tentative = false;
            if (completeOn is not null && date >= completeOn)
            {
                AddRating(milestone, "Blue", completeOn.Value, RatingReasons[3], false);
                return;
            }

            if (date > due)
            {
                value = _random.NextDouble() < 0.5 ? "Amber" : "Red";
            }
            else if (slips && date > due.AddMonths(-3))
            {
                value = "Amber";
                tentative = _random.NextDouble() < 0.2;
            }
            else
            {
                value = date < due.AddMonths(-6) && _random.NextDouble() < 0.15 ? "Red" : "Green";
            }

            var reason = value switch { "Green" => RatingReasons[_random.Next(0, 2)], "Amber" => RatingReasons[2], _ => RatingReasons[date < due ? 5 : 4] };
            AddRating(milestone, value, date, reason, tentative);
        }

        if (completeOn is not null && milestone.Ratings.All(r => r.Value != "Blue"))
        {
            AddRating(milestone, "Blue", completeOn.Value, RatingReasons[3], false);
        }
    }

    /// <summary>Actions are rated by their lead from how their milestones stand, every two months and once more this month, with a progress note every quarter.</summary>
    private void AddActionHistory(PlanItem action)
    {
        var dates = new List<DateOnly>();
        for (var date = _start.AddMonths(1); date <= _today; date = date.AddMonths(2))
        {
            dates.Add(date);
        }

        if (dates.Count == 0 || dates[^1] < _today.AddDays(-10))
        {
            dates.Add(_today.AddDays(-3));
        }

        foreach (var asAt in dates)
        {
            var milestones = action.Children;
            var done = milestones.Where(m => m.Ratings.Any(r => r.Value == "Blue" && r.AppliesFrom <= asAt)).ToList();
            var late = milestones.Where(m => m.Deadline.DueBy < asAt && !done.Contains(m)).ToList();
            var value = done.Count == milestones.Count ? "Blue" : late.Count > 1 ? "Red" : late.Count == 1 ? "Amber" : "Green";
            AddRating(action, value, asAt, value switch
            {
                "Blue" => "All milestones complete.",
                "Green" => "All milestones on track.",
                "Amber" => $"One milestone is past its deadline: {late[0].Title}.",
                _ => $"{late.Count} milestones are past their deadlines.",
            }, false);

            if ((asAt.Month % 3) == 0 || asAt == dates[^1])
            {
                var next = milestones.Where(m => !done.Contains(m)).Select(m => m.Title).Take(2).ToList();
                action.ProgressNotes.Add(new ProgressNote
                {
                    AsAt = asAt,
                    KeyActivitiesCompleted = done.Count == 0 ? "Planning and set-up under way; no milestones due yet." : string.Join('\n', done.Select(m => m.Title + " (complete)")),
                    NextSteps = next.Count == 0 ? "Embed the changes and report impact to the Board." : string.Join('\n', next),
                    ProgressAndImpact = done.Count > 0 && _random.NextDouble() < 0.5 ? "Early feedback from families through the parent carer forum is positive." : null,
                    WrittenAtUtc = ToUtc(asAt),
                    WrittenByName = action.Assignments.FirstOrDefault()?.Person?.Name ?? "Helen Carter",
                    EvidenceLinks = done.Count > 1 && _random.NextDouble() < 0.3
                        ? [new EvidenceLink { Title = "Highlight report to the SEND Executive Board", Url = "https://www.northby.example/send/board-papers" }]
                        : [],
                });
            }
        }
    }

    private sealed record DemoStrategyAction(string Ref, string Title, string Lead, string Start, string End, string Status, string Rating, string[] Tags, string? WsoaLink);

    private sealed record DemoPriority(string Ref, string Title, string Area, string Sponsor, string Status, string[] Kpis, DemoStrategyAction[] Actions);

    private sealed record DemoTheme(string Title, string[] Intents, string[] Outcomes, string[] Measures, string[] LinkedWork, DemoPriority[] Priorities);

    private DemoTheme[] StrategyThemes()
    {
        var phaseStart = _start.AddMonths(8);
        string M(int offset) => MonthShort(phaseStart.AddMonths(offset));
        string L(int offset) => MonthLong(phaseStart.AddMonths(offset));
        var spring = SpringTerm(phaseStart);
        return
        [
            new(
                "SEND is everybody's business",
                ["Every setting welcomes children with SEND and meets their needs", "Everyone who works with children knows their part in SEND"],
                ["More children with SEND included in their local school", "Families trust that settings will meet their child's needs"],
                ["Settings signed up to the Northby SEND pledge", "Parent carer satisfaction in the annual survey"],
                ["Inclusion strategy", "Workforce development plan"],
                [
                    new("1.1", "Every setting signs up to the Northby SEND pledge", "Both", "LL", "Green", ["Settings signed up to the SEND pledge (baseline: Nil)", "Suspensions of pupils with SEND per 100 pupils"],
                    [
                        new("1.1", "Launch the SEND pledge with headteachers", "LL SW", M(0), M(2), "Completed", "Blue", [], "WSoA: 5.1(a)"),
                        new("1.2", "Recruit pledge champions in every school cluster", "LL", M(1), spring, "In progress", "Green", [], null),
                        new("1.3", "Pledge awards at the annual conference", "JC", M(6), M(9), "tbc", "Green", [], null),
                        new("1.4", "Training offer for governors on SEND duties", "RA", "tbc", "tbc", "tbc", "Amber?", ["T"], null),
                    ]),
                    new("1.2", "Families find what they need on the Local Offer", "Northby County", "HC", "Amber", ["Local Offer visits per month (baseline?)", "xxxx"],
                    [
                        new("2.1", "Launch the new Local Offer website", "JP", M(0), M(3), "COMPLETE (ongoing activity)", "Complete", ["LO"], "WSoA: 3.2(a)"),
                        new("2.2", "Easy-read pages for young people", "JP KM", M(2), M(6), "In progress", "Amber", ["LO"], null),
                        new("2.3", "Local Offer drop-in sessions in libraries", "KM", $"Ongoing from {L(1)}", "tbc", "in progress", "Green", ["LO"], null),
                    ]),
                    new("1.3", "Co-production is how we work", "Both", "AH", "Green", ["Parents who feel listened to (annual survey)"],
                    [
                        new("3.1", "Co-production charter signed by all partners", "AH HC", M(0), M(2), "Complete", "Blue", [], "WSoA: 3.1(a)"),
                        new("3.2", "Parent representatives on every working group", "AH", M(1), "On going", "In progress", "Green", [], null),
                        new("3.3", "Young people's forum meets monthly", "FM*", M(2), L(8), "In progress", "green", ["*"], "WSoA: 3.1(c)"),
                    ]),
                ]),
            new(
                "Identify and respond to needs early",
                ["Needs are identified early, in the early years and at school", "Families get the right help without having to fight for it"],
                ["More needs identified before school", "More new EHC plans issued within 20 weeks"],
                ["New EHC plans issued within 20 weeks, including and excluding exceptions", "Waiting time for neurodevelopmental assessment"],
                ["Early help strategy", "Autism strategy", "Commissioning strategy"],
                [
                    new("2.1", "Identify needs in the early years", "Northby City", "LL", "Green", ["Two-year checks completed", "Nil"],
                    [
                        new("4.1", "Early years SEND inclusion fund", "LL", M(0), AcademicYear(phaseStart.AddMonths(6)), "In progress", "Green", [], null),
                        new("4.2", "Portage service for under-threes", "JC", M(3), M(9), "In progress", "Green", [], null),
                        new("4.3", "Health visitor and nursery joint checks", "TB", M(2), "Spring Term " + phaseStart.AddMonths(12).Year, "In progress", "Amber", ["C"], null),
                    ]),
                    new("2.2", "Timely, good-quality EHC plans", "Both", "SW", "Amber", ["New EHCPs issued within 20 weeks (excluding exceptions): baseline 58%", "Annual reviews held within 12 months"],
                    [
                        new("5.1", "Weekly 20-week tracker for every assessment", "PS", M(0), M(1), "Completed", "Blue", [], "WSoA: 2.1(b)"),
                        new("5.2", "Quality assurance of every new plan", "RE", M(1), "Ongoing", "In progress", "Green", [], "WSoA: 2.2(a)"),
                        new("5.3", "Clear the annual review backlog", "SW", M(0), M(5), "In progress", "Red", [], "WSoA: 2.2(c)"),
                        new("5.4", "Health advice returned within six weeks", "TB", M(1), M(4), "In progress", "Amber", ["C"], null),
                    ]),
                    new("2.3", "Shorter waits for neurodevelopmental assessment", "Both", "MG", "Amber", ["Children waiting more than 52 weeks for assessment", "baseline?"],
                    [
                        new("6.1", "Additional assessment clinics", "TB JD*", M(0), M(6), "In progress", "Amber", ["*", "C"], "WSoA: 4.1(a)"),
                        new("6.2", "Support while you wait programme", "CN", M(1), M(4), "Complete", "Blue", ["*"], null),
                        new("6.3", "Single point of access for referrals", "TB", M(2), M(5), "In progress", "Green", ["*"], null),
                        new("6.4", "Autism training for all school staff", "GL*", spring, L(10), "tbc", "Amber?", ["*"], null),
                    ]),
                ]),
            new(
                "Deliver in the right place at the right time",
                ["Children with SEND are educated close to home", "Young people are ready for adult life"],
                ["More children in local mainstream and specialist provision", "More young people with SEND in education, employment or training"],
                ["Children placed in independent specialist provision out of area", "16 to 25 year olds with SEND not in education, employment or training"],
                ["Sufficiency strategy", "Transformation programme", "Preparing for adulthood strategy"],
                [
                    new("3.1", "More local specialist places", "Both", "DO", "Green", ["Pupils in out-of-area independent specialist provision", "Resourced provision places"],
                    [
                        new("7.1", "Open two resourced provisions in mainstream schools", "LL", M(0), $"{L(3)} to {L(11)}", "In progress", "Green", ["T"], null),
                        new("7.2", "Expand the special free school", "DO", M(0), AcademicYear(phaseStart.AddMonths(18)), "In progress", "Green", ["T"], null),
                        new("7.3", "Outreach from special schools to mainstream", "LL SW", M(1), "Ongoing", "in progress", "Amber", [], "WSoA: 5.1(b)"),
                        new("7.4", "Review of part-time timetables", "LL", M(0), M(3), "Completed", "Blue", [], "WSoA: 5.1(c)"),
                    ]),
                    new("3.2", "Preparing for adulthood from year 9", "Northby County", "FM", "Green", ["Year 9 reviews with preparing for adulthood outcomes", "16-25 NEET with SEND"],
                    [
                        new("8.1", "Preparing for adulthood outcomes in every year 9 review", "FM", M(0), M(4), "Complete", "Blue", [], "WSoA: 5.2(a)"),
                        new("8.2", "Supported internships: 20 places", "FM RA", M(2), L(12), "In progress", "Green", [], null),
                        new("8.3", "Transition to adult health services pathway", "TB", M(3), M(9), "In progress", "Amber", ["C"], null),
                        new("8.4", "Independent travel training", "KM", "tbc", "tbc", "tbc", "Green", [], null),
                    ]),
                ]),
        ];
    }

    private Plan BuildStrategyPlan(Partnership partnership, PlanKind kind, Dictionary<string, Person> people, RatingScale scale)
    {
        var phaseStart = _start.AddMonths(8);
        var plan = new Plan
        {
            Partnership = partnership,
            Kind = kind,
            Name = "Joint SEND Strategy: Phase One action plan",
            Summary = "Phase One of the joint SEND strategy, agreed with families at the annual conference. Reviewed termly by the partnership groups and reported to the SEND Executive Board.",
            Period = PlanDate.From($"{MonthLong(phaseStart)} to {MonthLong(phaseStart.AddMonths(12))}"),
            CreatedAtUtc = _nowUtc,
            Tags =
            [
                new() { Code = "*", Name = "Autism strategy", Description = "Shared with the all-age autism strategy" },
                new() { Code = "C", Name = "Commissioning strategy", Description = "Delivered through the joint commissioning strategy" },
                new() { Code = "T", Name = "Transformation programme", Description = "Part of the council's SEND transformation programme" },
                new() { Code = "LO", Name = "Local Offer plan", Description = "In the Local Offer development plan" },
            ],
        };

        var areas = partnership.Areas.ToDictionary(a => a.Name);
        var themes = StrategyThemes();
        for (var t = 0; t < themes.Length; t++)
        {
            var th = themes[t];
            var theme = Item(plan, null, 0, (t + 1).ToString(Culture), th.Title, t);
            theme.Fields =
            [
                new() { Key = "intents", Value = string.Join('\n', th.Intents) },
                new() { Key = "expected-outcomes", Value = string.Join('\n', th.Outcomes) },
                new() { Key = "success-measures", Value = string.Join('\n', th.Measures) },
                new() { Key = "linked-work", Value = string.Join('\n', th.LinkedWork) },
            ];

            for (var p = 0; p < th.Priorities.Length; p++)
            {
                var pr = th.Priorities[p];
                var priority = Item(plan, theme, 1, pr.Ref, pr.Title, p);
                priority.Areas = pr.Area == "Both" ? [.. partnership.Areas] : [areas[pr.Area]];
                Assign(priority, AssignmentRole.Sponsor, people[pr.Sponsor].Name, people);
                priority.Fields = [new() { Key = "kpis", Value = string.Join('\n', pr.Kpis) }];
                for (var month = 0; month <= MonthsBetween(phaseStart, _today); month += 2)
                {
                    var status = month + 2 > MonthsBetween(phaseStart, _today) ? pr.Status : (month % 4 == 0 ? "Green" : pr.Status);
                    AddRating(priority, status, phaseStart.AddMonths(month), "Overall status agreed by the sponsor at the partnership group.", false);
                }

                priority.RefreshCurrentRating();

                for (var a = 0; a < pr.Actions.Length; a++)
                {
                    var ac = pr.Actions[a];
                    var action = Item(plan, priority, 2, ac.Ref, ac.Title, a);
                    action.LeadText = ac.Lead;
                    foreach (var token in LeadText.Split(ac.Lead))
                    {
                        action.Assignments.Add(new PlanItemAssignment
                        {
                            Role = AssignmentRole.Lead,
                            RawText = token.Text,
                            MatchKey = token.MatchKey,
                            IsInterdependency = token.IsInterdependency,
                            Person = people.Values.FirstOrDefault(person => PersonNameVariant.ToMatchKey(person.Initials!) == token.MatchKey),
                            Position = action.Assignments.Count,
                        });
                    }

                    action.Start = PlanDate.From(ac.Start);
                    action.Deadline = PlanDate.From(ac.End);
                    action.ProgressStatusText = ac.Status;
                    action.ProgressStatus = ProgressStatusText.Read(ac.Status);
                    action.Tags = [.. plan.Tags.Where(tag => ac.Tags.Contains(tag.Code))];
                    action.Areas = [.. priority.Areas];

                    // Earlier ratings then the one in the plan, as written ("Amber?", "Complete", "green").
                    var reading = scale.Read(ac.Rating)!;
                    if (MonthsBetween(phaseStart, _today) > 3)
                    {
                        AddRating(action, reading.Value.Key == "Red" ? "Amber" : "Green", phaseStart.AddMonths(1), "Rated at the first partnership group of the phase.", false);
                    }

                    var rating = AddRating(action, reading.Value.Key, Max(phaseStart, _today.AddDays(-_random.Next(5, 40))), "Rated by the lead in the termly update.", reading.IsTentative);
                    rating.RawText = ac.Rating;
                    action.RefreshCurrentRating();

                    if (ac.Status.StartsWith("In progress", StringComparison.OrdinalIgnoreCase) || ac.Status.StartsWith("Complete", StringComparison.OrdinalIgnoreCase))
                    {
                        action.ProgressNotes.Add(new ProgressNote
                        {
                            AsAt = Max(phaseStart, _today.AddDays(-_random.Next(5, 40))),
                            KeyActivitiesCompleted = $"Work on \"{ac.Title.ToLowerInvariant()}\" reported at the partnership group.",
                            NextSteps = ac.Status.StartsWith("Complete", StringComparison.OrdinalIgnoreCase) ? "Embed and monitor through the Board dashboard." : $"Continue before the end of Phase One ({MonthLong(phaseStart.AddMonths(12))}).",
                            WrittenAtUtc = _nowUtc,
                            WrittenByName = action.Assignments.FirstOrDefault(x => x.Person is not null)?.Person?.Name ?? "Helen Carter",
                        });
                    }
                }
            }
        }

        return plan;
    }

    /// <summary>Strategy actions that say "WSoA: 2.1(b)" are linked to that action in the Written Statement of Action.</summary>
    private void LinkStrategyToInspection(Plan strategy, Plan inspection)
    {
        var links = StrategyThemes().SelectMany(t => t.Priorities).SelectMany(p => p.Actions.Select(a => (Priority: p.Ref, Action: a)))
            .Where(x => x.Action.WsoaLink is not null);
        foreach (var (priorityRef, action) in links)
        {
            var from = strategy.Items.First(i => i.Depth == 2 && i.Ref == action.Ref && i.Parent!.Ref == priorityRef);
            var targetKey = ItemRef.SortKey(action.WsoaLink!["WSoA:".Length..]);
            var to = inspection.Items.FirstOrDefault(i => i.Depth == 2 && i.RefSortKey == targetKey);
            db.ItemLinks.Add(new ItemLink
            {
                FromItem = from,
                ToItem = to,
                RawReference = action.WsoaLink,
                Note = "Delivers the Written Statement of Action",
                CreatedAtUtc = _nowUtc,
                CreatedByName = "Helen Carter",
            });
        }
    }

    private PlanItem Item(Plan plan, PlanItem? parent, int depth, string? reference, string title, int position)
    {
        var item = new PlanItem
        {
            Plan = plan,
            Parent = parent,
            Depth = depth,
            Ref = reference,
            RefSortKey = ItemRef.SortKey(reference),
            Title = title,
            Position = position,
            CreatedAtUtc = _nowUtc,
        };
        plan.Items.Add(item);
        parent?.Children.Add(item);
        return item;
    }

    private static void Assign(PlanItem item, AssignmentRole role, string text, Dictionary<string, Person> people)
    {
        foreach (var token in role == AssignmentRole.Lead ? LeadText.Split(text) : [new LeadToken(text, false)])
        {
            item.Assignments.Add(new PlanItemAssignment
            {
                Role = role,
                RawText = token.Text,
                MatchKey = token.MatchKey,
                IsInterdependency = token.IsInterdependency,
                Person = people.Values.FirstOrDefault(p => p.Initials == token.Text || p.Name == token.Text),
                Position = item.Assignments.Count,
            });
        }
    }

    private static Rating AddRating(PlanItem item, string value, DateOnly appliesFrom, string reason, bool tentative)
    {
        var rating = new Rating
        {
            Value = value,
            IsTentative = tentative,
            AppliesFrom = appliesFrom,
            Reason = reason,
            RecordedAtUtc = ToUtc(appliesFrom),
            RecordedByName = item.Assignments.FirstOrDefault(a => a.Role == AssignmentRole.Lead)?.Person?.Name ?? "Helen Carter",
        };
        item.Ratings.Add(rating);
        return rating;
    }

    /// <summary>Deadlines written the many ways real plans write them.</summary>
    private static string DeadlineText(DateOnly due, int style) => (style % 6) switch
    {
        0 => MonthShort(due),
        1 => MonthLong(due),
        2 => due.ToString("dd/MM/yyyy", Culture),
        3 => due.Month is >= 1 and <= 3 ? SpringTerm(due) : MonthLong(due),
        4 => due.ToString("MMMyy", Culture),
        _ => MonthShort(due),
    };

    private static string MonthShort(DateOnly date) =>
        date.Month == 9 ? $"Sept {date:yy}" : date.ToString("MMM yy", Culture);

    private static string MonthLong(DateOnly date) => date.ToString("MMMM yyyy", Culture);

    private static string AcademicYear(DateOnly date)
    {
        var first = date.Month >= 9 ? date.Year : date.Year - 1;
        return $"{first}/{(first + 1) % 100:00}";
    }

    private static string SpringTerm(DateOnly date) => $"Spring Term {(date.Month >= 9 ? date.Year + 1 : date.Year)}";

    private static DateOnly EndOfMonth(DateOnly date) => new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);

    private static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateTime ToUtc(DateOnly date) => date.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
}

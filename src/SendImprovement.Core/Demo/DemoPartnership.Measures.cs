using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Demo;

/// <summary>Northby's measures: the starter set with owners, targets, monthly figures and published comparators.</summary>
public sealed partial class DemoPartnership
{
    private const string CityCode = "E06000901";
    private const string CountyCode = "E10000901";

    /// <summary>Fictional statistical neighbours, with codes in the national format but not real councils.</summary>
    private static readonly (string Code, string Name)[] Neighbours =
    [
        ("E06000911", "Ashcombe"), ("E06000912", "Brackenfield"), ("E06000913", "Calderbrook"), ("E06000914", "Dunmere"), ("E06000915", "Elmsworth"),
        ("E06000916", "Fernleigh"), ("E06000917", "Greyhaven"), ("E06000918", "Hollinsby"), ("E06000919", "Kestrel Vale"), ("E06000920", "Lowmoor"),
    ];

    private async Task AddMeasuresAsync(Actor actor, Partnership partnership, Plan strategy, Plan inspection, CancellationToken cancellationToken)
    {
        partnership.RegionCode = "E12000003";
        partnership.RegionName = MeasureLoader.Regions["E12000003"];
        partnership.Areas[0].CouncilCode = CityCode;
        partnership.Areas[1].CouncilCode = CountyCode;
        db.StatisticalNeighbours.AddRange(Neighbours.Select((n, i) => new StatisticalNeighbour { PartnershipId = partnership.Id, Code = n.Code, Name = n.Name, Position = i }));

        var people = partnership.People.ToDictionary(p => p.Initials!);
        var measures = StarterMeasures.All.ToDictionary(s => s.Key, s => s.ToMeasure(partnership.Id, _nowUtc));
        void Owner(string key, string initials) => measures[key].OwnerId = people[initials].Id;
        foreach (var key in measures.Keys.Where(k => k.Contains("ehcp-20", StringComparison.Ordinal) || k.Contains("review", StringComparison.Ordinal) || k.Contains("assess", StringComparison.Ordinal) || k.StartsWith("amended", StringComparison.Ordinal)))
        {
            Owner(key, "SW");
        }

        Owner("ehcps-per-10000", "PS");
        Owner("tribunal-appeal-rate", "SW");
        Owner("suspensions-ehcp", "LL");
        Owner("suspensions-sen-support", "LL");
        Owner("exclusions-ehcp", "LL");
        Owner("exclusions-sen-support", "LL");
        Owner("ld-health-checks-14-25", "TB");
        Owner("camhs-routine-18-weeks", "CN");
        Owner("neet-send-16-25", "FM");
        Owner("parent-carer-satisfaction", "AH");
        Owner("send-pledge-settings", "LL");
        Owner("part-time-timetables", "LL");

        // Dates follow today's, like the plans: figures run from two and a half years ago to last month.
        var first = new DateOnly(_today.Year, _today.Month, 1).AddMonths(-30);
        var lastMonth = new DateOnly(_today.Year, _today.Month, 1).AddMonths(-1);
        var baseline = MeasurePeriod.CalendarYear(first.Year);
        var targetBy = EndOfMonth(_today.AddMonths(5));

        var timely = measures["ehcp-20-weeks-excl"];
        timely.BaselineValue = 58;
        (timely.BaselinePeriodType, timely.BaselinePeriodStart) = (baseline.Type, baseline.Start);
        timely.TargetKind = TargetKind.Absolute;
        timely.TargetValue = 75;
        timely.TargetBy = targetBy;
        timely.ComparatorSeries = "pct_within_20wks_excl_exceptions";
        timely.Areas = [.. partnership.Areas];

        var timelyAll = measures["ehcp-20-weeks-incl"];
        timelyAll.TargetKind = TargetKind.ParityWithEngland;
        timelyAll.ComparatorSeries = "pct_within_20wks_incl_exceptions";

        var decisions = measures["decision-to-assess-6-weeks"];
        decisions.TargetKind = TargetKind.Threshold;
        decisions.TargetValue = 90;

        var reviews = measures["annual-reviews-12-months"];
        reviews.BaselineValue = 41;
        (reviews.BaselinePeriodType, reviews.BaselinePeriodStart) = (baseline.Type, baseline.Start);
        reviews.TargetKind = TargetKind.Trajectory;
        reviews.Trajectory = [new() { By = EndOfMonth(_today.AddMonths(-12)), Value = 55 }, new() { By = EndOfMonth(_today.AddMonths(-1)), Value = 70 }, new() { By = EndOfMonth(_today.AddMonths(11)), Value = 85 }];

        var amended = measures["amended-plans-12-weeks"];
        amended.BaselineValue = 45;
        (amended.BaselinePeriodType, amended.BaselinePeriodStart) = (baseline.Type, baseline.Start);
        amended.TargetKind = TargetKind.RelativeChange;
        amended.TargetRelativeChangePercent = 30;
        amended.TargetBy = EndOfMonth(_today.AddMonths(8));

        var rate = measures["ehcps-per-10000"];
        rate.BandLow = 300;
        rate.BandHigh = 360;
        rate.ComparatorSeries = "ehcp_rate_per_10000_0_25";

        var tribunal = measures["tribunal-appeal-rate"];
        tribunal.TargetKind = TargetKind.ParityWithEngland;
        tribunal.ComparatorSeries = "tribunal_appeal_rate";

        var suspensions = measures["suspensions-ehcp"];
        suspensions.TargetKind = TargetKind.Threshold;
        suspensions.TargetValue = 20;
        suspensions.ComparatorSeries = "susp_rate_ehcp";

        var healthChecks = measures["ld-health-checks-14-25"];
        healthChecks.TargetKind = TargetKind.Absolute;
        healthChecks.TargetValue = 75;
        healthChecks.TargetBy = EndOfMonth(_today.AddMonths(4));

        var camhs = measures["camhs-routine-18-weeks"];
        camhs.TargetKind = TargetKind.Threshold;
        camhs.TargetValue = 92;

        var neet = measures["neet-send-16-25"];
        neet.BaselineValue = 12.4m;
        (neet.BaselinePeriodType, neet.BaselinePeriodStart) = (baseline.Type, baseline.Start);
        neet.TargetKind = TargetKind.RelativeChange;
        neet.TargetRelativeChangePercent = -20;
        neet.TargetBy = EndOfMonth(_today.AddMonths(10));

        measures["parent-carer-satisfaction"].BaselineNote = "None yet: the first survey with the parent carer forum runs this spring.";
        var pledge = measures["send-pledge-settings"];
        pledge.BaselineNote = "Nil: the pledge was launched in the first month of the strategy.";
        pledge.TargetKind = TargetKind.Absolute;
        pledge.TargetValue = 150;
        pledge.TargetBy = EndOfMonth(_today.AddMonths(9));

        db.Measures.AddRange(measures.Values);
        await db.SaveChangesAsync(new AuditContext(actor, "Demo measures added") { PartnershipId = partnership.Id, Summary = "The starter measures, with owners and targets" }, clock, cancellationToken);

        // The area's own monthly figures: steady improvement with some noise, short of the trajectory in places.
        var months = Enumerable.Range(0, MonthsBetween(first, lastMonth) + 1).Select(i => first.AddMonths(i)).ToList();
        void Monthly(Measure measure, decimal from, decimal to, decimal noise, int decimals = 1)
        {
            for (var i = 0; i < months.Count; i++)
            {
                var value = from + ((to - from) * i / Math.Max(1, months.Count - 1)) + (((decimal)_random.NextDouble() - 0.5m) * 2 * noise);
                Figure(measure, MeasurePeriod.Month(months[i].Year, months[i].Month), Math.Round(Math.Clamp(value, 0, measure.Unit == MeasureUnit.Percentage ? 100 : 100_000), decimals));
            }
        }

        void Figure(Measure measure, MeasurePeriod period, decimal? value, string? symbol = null, string? note = null) => db.MeasureObservations.Add(new MeasureObservation
        {
            MeasureId = measure.Id,
            PeriodType = period.Type,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            Value = value,
            Symbol = symbol,
            Note = note,
            RecordedAtUtc = _nowUtc,
            RecordedByName = "Priya Shah (demo)",
        });

        Monthly(timely, 55, 66, 2.5m);
        Monthly(timelyAll, 50, 61, 2.5m);
        Monthly(decisions, 84, 94, 2m);
        Monthly(reviews, 40, 64, 3m);
        Monthly(amended, 44, 52, 4m);
        Monthly(camhs, 71, 83, 3m);
        Monthly(neet, 12.6m, 10.9m, 0.4m);
        foreach (var quarter in Enumerable.Range(0, 10).Select(i => MeasurePeriod.Containing(PeriodType.Quarter, lastMonth.AddMonths(-3 * (9 - i)))).Where(q => q.End <= lastMonth.AddMonths(1)))
        {
            var step = quarter.Start.DayNumber - first.DayNumber;
            Figure(pledge, quarter, Math.Max(0, Math.Round(step / 6m)));
            Figure(healthChecks, quarter, Math.Round(58 + (step / 90m), 1));
        }

        Figure(measures["parent-carer-satisfaction"], MeasurePeriod.Containing(PeriodType.AcademicYear, lastMonth), null, null, "No figure yet: the survey questions are being agreed with the forum.");
        var termNow = MeasurePeriod.Containing(PeriodType.SchoolTerm, lastMonth);
        Figure(measures["part-time-timetables"], termNow, 37);

        // Published figures for England, the region, Northby City and its statistical neighbours, by year.
        var years = Enumerable.Range(lastMonth.Year - 5, 5).ToList();
        void Published(string series, PeriodType type, decimal england, decimal region, decimal own, decimal spread, decimal trend)
        {
            foreach (var (year, index) in years.Select((y, i) => (y, i)))
            {
                var period = type == PeriodType.AcademicYear ? MeasurePeriod.AcademicYear(year - 1) : MeasurePeriod.CalendarYear(year);
                void Add(GeographicLevel level, string code, string name, decimal? value, string? symbol = null) => db.ComparatorValues.Add(new ComparatorValue
                {
                    PartnershipId = partnership.Id,
                    Series = series,
                    Level = level,
                    Code = code,
                    Name = name,
                    PeriodType = period.Type,
                    PeriodStart = period.Start,
                    PeriodEnd = period.End,
                    Value = value,
                    Symbol = symbol,
                    RecordedAtUtc = _nowUtc,
                });
                var drift = trend * index;
                Add(GeographicLevel.National, MeasureLoader.EnglandCode, "England", Math.Round(england + drift, 1));
                Add(GeographicLevel.Regional, partnership.RegionCode!, partnership.RegionName!, Math.Round(region + drift, 1));
                Add(GeographicLevel.LocalAuthority, CityCode, "Northby City", Math.Round(own + (drift * 1.5m), 1));
                foreach (var (code, name) in Neighbours)
                {
                    if (index == 0 && code == "E06000913")
                    {
                        Add(GeographicLevel.LocalAuthority, code, name, null, ":");
                        continue;
                    }

                    if (index == years.Count - 1 && code == "E06000917")
                    {
                        Add(GeographicLevel.LocalAuthority, code, name, null, "c");
                        continue;
                    }

                    Add(GeographicLevel.LocalAuthority, code, name, Math.Round(england + drift + (((decimal)_random.NextDouble() - 0.5m) * 2 * spread), 1));
                }
            }
        }

        Published(timely.ComparatorSeries!, PeriodType.CalendarYear, 59.9m, 57.2m, 52.0m, 12m, -1.8m);
        Published(timelyAll.ComparatorSeries!, PeriodType.CalendarYear, 55.8m, 53.9m, 48.5m, 12m, -1.7m);
        Published(rate.ComparatorSeries!, PeriodType.CalendarYear, 290m, 285m, 301m, 40m, 12m);
        Published(tribunal.ComparatorSeries!, PeriodType.CalendarYear, 2.0m, 1.8m, 2.6m, 0.8m, 0.15m);
        Published(suspensions.ComparatorSeries!, PeriodType.AcademicYear, 18.1m, 19.6m, 21.3m, 5m, 0.9m);

        // Links to the outcomes and priorities the measures evidence.
        PlanItem Find(Plan plan, int depth, string reference) => plan.Items.First(i => i.Depth == depth && i.Ref == reference);
        void Link(Measure measure, PlanItem item) => db.MeasureLinks.Add(new MeasureLink { Measure = measure, PlanItem = item, LinkedAtUtc = _nowUtc, LinkedByName = "Helen Carter (demo)" });
        var onTime = Find(inspection, 1, "2.1");
        var timelyPriority = Find(strategy, 1, "2.2");
        foreach (var m in new[] { timely, timelyAll, decisions })
        {
            Link(m, onTime);
            Link(m, timelyPriority);
        }

        Link(reviews, timelyPriority);
        Link(amended, timelyPriority);
        Link(camhs, Find(inspection, 1, "4.2"));
        Link(camhs, Find(strategy, 1, "2.3"));
        Link(suspensions, Find(inspection, 1, "5.1"));
        Link(neet, Find(inspection, 1, "5.2"));
        Link(pledge, Find(strategy, 1, "1.1"));
        Link(measures["parent-carer-satisfaction"], Find(strategy, 1, "1.3"));

        var latest = MeasurePeriod.Month(lastMonth.Year, lastMonth.Month);
        void Comment(Measure measure, string text, OwnerAssessment assessment, string by) => db.MeasureCommentaries.Add(new MeasureCommentary
        {
            MeasureId = measure.Id,
            PeriodType = latest.Type,
            PeriodStart = latest.Start,
            PeriodEnd = latest.End,
            Text = text,
            Assessment = assessment,
            WrittenAtUtc = _nowUtc,
            WrittenByName = by,
        });
        Comment(timely, "Timeliness is improving month on month since the weekly tracker started, but educational psychology advice is still the main cause of delay. Two locum psychologists start next month.", OwnerAssessment.AtRisk, "Sarah Whitfield");
        Comment(camhs, "Routine waits are falling but remain well above 18 weeks. The extra clinics have slipped to the new year because clinic rooms are not available.", OwnerAssessment.OffTrack, "Chris Nolan");
        Comment(decisions, "Decisions within 6 weeks have stayed above 90% for most of the year.", OwnerAssessment.OnTrack, "Sarah Whitfield");
        await db.SaveChangesAsync(new AuditContext(actor, "Demo figures added") { PartnershipId = partnership.Id, Summary = "Figures, published comparators, links and commentary" }, clock, cancellationToken);
    }
}

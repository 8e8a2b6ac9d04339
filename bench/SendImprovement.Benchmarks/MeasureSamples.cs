using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Benchmarks;

/// <summary>One measure of the generated library: the 18 starter measures, then 132 made up, in a fixed order.</summary>
public sealed record MeasureSpec(int Index, string Code, string Name, MeasureUnit Unit, MeasureDirection Direction, string? StarterKey)
{
    /// <summary>The DfE-style indicator the measure compares with: the "value" column of rows whose filter names it.</summary>
    public string Indicator => $"indicator_{Index + 1:D3}";

    public string Series => $"value [indicator={Indicator}]";
}

/// <summary>A council of the generated national file, with its region.</summary>
public sealed record Council(string Code, string OldCode, string Name, string RegionCode);

/// <summary>
/// Generates the measures benchmarks' data from a fixed seed: the measure library, a national comparator file in the
/// DfE's open-data layout, a simple observations file, and the partnerships they load into.
/// </summary>
public static class MeasureSamples
{
    public const int MeasureCount = 150;
    public const string RegionCode = "E12000004";

    private static readonly MeasureUnit[] Units = [MeasureUnit.Percentage, MeasureUnit.Count, MeasureUnit.RatePer10000, MeasureUnit.Days, MeasureUnit.Weeks, MeasureUnit.Score];
    private static readonly string[] Themes = ["Timeliness", "Inclusion and belonging", "Health", "Preparing for adulthood", "Voice and co-production", "Sufficiency"];
    private static readonly string[] Symbols = ["c", "x", "z", "low", "u", ":"];

    /// <summary>The 150 measures: every starter measure, then made-up ones cycling through the units and directions.</summary>
    public static IReadOnlyList<MeasureSpec> Library { get; } = BuildLibrary();

    /// <summary>153 councils (60 unitary E06, 36 metropolitan E08, 33 London E09, 24 county E10), "Council 001" to "Council 153".</summary>
    public static IReadOnlyList<Council> Councils { get; } = BuildCouncils();

    /// <summary>The partnership's own council (in the region of <see cref="RegionCode"/>) and its ten statistical neighbours.</summary>
    public static Council OwnCouncil => Councils.First(c => c.RegionCode == RegionCode);

    public static IReadOnlyList<Council> Neighbours => [.. Councils.Where(c => c != OwnCouncil).Where((_, i) => i % 14 == 3).Take(10)];

    private static List<MeasureSpec> BuildLibrary()
    {
        var list = StarterMeasures.All.Select((s, i) => new MeasureSpec(i, s.Key, s.Name, s.Unit, s.Direction, s.Key)).ToList();
        for (var i = list.Count; i < MeasureCount; i++)
        {
            var unit = Units[i % Units.Length];
            var direction = (i % 10) switch
            {
                < 5 => MeasureDirection.HigherIsBetter,
                < 9 => MeasureDirection.LowerIsBetter,
                _ => MeasureDirection.WithinBand,
            };
            list.Add(new MeasureSpec(i, $"bench-measure-{i + 1:D3}", $"Bench measure {i + 1:D3}: {UnitWord(unit)} of something that matters to families", unit, direction, null));
        }

        return list;
    }

    private static string UnitWord(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Percentage => "percentage",
        MeasureUnit.Count => "count",
        MeasureUnit.RatePer10000 => "rate per 10,000",
        MeasureUnit.Days => "days",
        MeasureUnit.Weeks => "weeks",
        _ => "score",
    };

    private static List<Council> BuildCouncils()
    {
        var councils = new List<Council>();
        string[] otherRegions = ["E12000001", "E12000002", "E12000003", "E12000004", "E12000005", "E12000006", "E12000008", "E12000009"];
        var number = 0;
        foreach (var (prefix, count) in new[] { ("E06", 60), ("E08", 36), ("E09", 33), ("E10", 24) })
        {
            for (var i = 1; i <= count; i++)
            {
                number++;
                var region = prefix == "E09" ? "E12000007" : otherRegions[number % otherRegions.Length];
                councils.Add(new Council($"{prefix}{i:D6}", (200 + number).ToString(CultureInfo.InvariantCulture), $"Council {number:D3}", region));
            }
        }

        return councils;
    }

    /// <summary>A realistic figure for the unit, or now and then (about 3%) one of the DfE's symbols.</summary>
    public static string Figure(Random random, MeasureUnit unit, double suppressedShare = 0.03)
    {
        if (random.NextDouble() < suppressedShare)
        {
            return Symbols[random.Next(Symbols.Length)];
        }

        return unit switch
        {
            MeasureUnit.Percentage => (20 + (random.NextDouble() * 79.9)).ToString("0.0", CultureInfo.InvariantCulture),
            MeasureUnit.Count => random.Next(0, 400).ToString(CultureInfo.InvariantCulture),
            MeasureUnit.RatePer10000 => (5 + (random.NextDouble() * 595)).ToString("0.0", CultureInfo.InvariantCulture),
            MeasureUnit.Days => random.Next(5, 180).ToString(CultureInfo.InvariantCulture),
            MeasureUnit.Weeks => (2 + (random.NextDouble() * 50)).ToString("0.0", CultureInfo.InvariantCulture),
            _ => (1 + (random.NextDouble() * 9)).ToString("0.0", CultureInfo.InvariantCulture),
        };
    }

    private const string EesHeader = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,indicator,value";

    /// <summary>
    /// The DfE's open-data layout, long form: for each academic year, each indicator, England, the nine regions and
    /// the councils given (all 153 by default), one row each, the indicator named in the "indicator" filter column and
    /// its figure in the "value" column. Returns the number of data rows.
    /// </summary>
    public static int WriteEesFile(string path, int years, int firstYear, IReadOnlyList<Council>? councils = null, int measures = MeasureCount, int seed = 5, double suppressedShare = 0.03)
    {
        councils ??= Councils;
        var random = new Random(seed);
        var rows = 0;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(EesHeader);
        writer.Write('\n');
        var regionsUsed = councils.Count == Councils.Count ? MeasureLoader.Regions.Keys.Order().ToList() : [RegionCode];
        for (var y = firstYear; y < firstYear + years; y++)
        {
            var period = $"{y}{(y + 1) % 100:D2}";
            foreach (var spec in Library.Take(measures))
            {
                var common = $"{period},Academic year,";
                writer.Write($"{common}National,E92000001,England,,,,,,{spec.Indicator},{Figure(random, spec.Unit, suppressedShare)}\n");
                foreach (var region in regionsUsed)
                {
                    writer.Write($"{common}Regional,E92000001,England,{region},{MeasureLoader.Regions[region]},,,,{spec.Indicator},{Figure(random, spec.Unit, suppressedShare)}\n");
                }

                foreach (var council in councils)
                {
                    writer.Write($"{common}Local authority,E92000001,England,{council.RegionCode},{MeasureLoader.Regions[council.RegionCode]},{council.OldCode},{council.Code},{council.Name},{spec.Indicator},{Figure(random, spec.Unit, suppressedShare)}\n");
                }

                rows += 1 + regionsUsed.Count + councils.Count;
            }
        }

        return rows;
    }

    /// <summary>The areas a simple file's rows are for: the whole partnership, its four areas, England, the region and the ten neighbours.</summary>
    public static IReadOnlyList<string> SimpleAreas { get; } =
        ["Whole partnership", "Northfield", "Southdale", "Eastbrook", "Westmere", "England", RegionCode, .. Neighbours.Select(n => n.Code)];

    public static readonly string[] PartnershipAreas = ["Northfield", "Southdale", "Eastbrook", "Westmere"];

    /// <summary>
    /// The simple layout (measure,area,period,value,note): month by month up to December 2025, for every measure and
    /// every area of <see cref="SimpleAreas"/>, stopping at <paramref name="rows"/> data rows. About 1% of the own
    /// figures carry a note. Returns the first month written.
    /// </summary>
    public static string WriteSimpleFile(string path, int rows, int seed = 6)
    {
        var random = new Random(seed);
        var perMonth = Library.Count * SimpleAreas.Count;
        var months = (rows + perMonth - 1) / perMonth;
        var first = new DateOnly(2025, 12, 1).AddMonths(-(months - 1));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("measure,area,period,value,note\n");
        var written = 0;
        for (var month = first; written < rows; month = month.AddMonths(1))
        {
            var period = month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
            foreach (var spec in Library)
            {
                for (var a = 0; a < SimpleAreas.Count && written < rows; a++)
                {
                    var own = a < 1 + PartnershipAreas.Length;
                    var note = own && random.Next(100) == 0 ? "Provisional: the month's figures were still being checked" : string.Empty;
                    writer.Write($"{spec.Code},{SimpleAreas[a]},{period},{Figure(random, spec.Unit)},{note}\n");
                    written++;
                }
            }
        }

        return first.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The dashboard's figures, written through the model (not the file loader): for every measure, ten years of
    /// monthly figures to December 2025 for the whole partnership, and ten academic years of published figures for
    /// England, the region, the partnership's own council and its ten neighbours, about 1% of them suppressed.
    /// </summary>
    public static async Task<(int Observations, int Comparators)> AddDashboardFiguresAsync(IServiceProvider services, int partnershipId, int years, int firstAcademicYear)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == partnershipId).ToDictionaryAsync(m => m.Code, m => m.Id);
        var random = new Random(7);
        var firstMonth = new DateOnly(2025, 12, 1).AddMonths(-(12 * years) + 1);
        (string Code, string Name, GeographicLevel Level)[] places =
        [
            (MeasureLoader.EnglandCode, "England", GeographicLevel.National),
            (RegionCode, MeasureLoader.Regions[RegionCode], GeographicLevel.Regional),
            .. new[] { OwnCouncil }.Concat(Neighbours).Select(c => (c.Code, c.Name, GeographicLevel.LocalAuthority)),
        ];
        int observations = 0, comparators = 0, pending = 0;
        foreach (var spec in Library)
        {
            for (var m = 0; m < 12 * years; m++)
            {
                var period = MeasurePeriod.Containing(PeriodType.Month, firstMonth.AddMonths(m));
                var (value, symbol) = Parse(Figure(random, spec.Unit, 0.01));
                db.MeasureObservations.Add(new MeasureObservation
                {
                    MeasureId = ids[spec.Code],
                    PeriodType = period.Type,
                    PeriodStart = period.Start,
                    PeriodEnd = period.End,
                    Value = value,
                    Symbol = symbol,
                    RecordedAtUtc = now,
                    RecordedByName = "Benchmark",
                    Reason = "Generated",
                });
                observations++;
            }

            for (var y = firstAcademicYear; y < firstAcademicYear + years; y++)
            {
                var period = MeasurePeriod.AcademicYear(y);
                foreach (var (code, name, level) in places)
                {
                    var (value, symbol) = Parse(Figure(random, spec.Unit, 0.01));
                    db.ComparatorValues.Add(new ComparatorValue
                    {
                        PartnershipId = partnershipId,
                        Series = spec.Series,
                        Level = level,
                        Code = code,
                        Name = name,
                        PeriodType = period.Type,
                        PeriodStart = period.Start,
                        PeriodEnd = period.End,
                        Value = value,
                        Symbol = symbol,
                        RecordedAtUtc = now,
                    });
                    comparators++;
                }
            }

            pending += (12 * years) + (years * places.Length);
            if (pending >= 2_000)
            {
                await db.SaveChangesAsync(new AuditContext(Actor.System("Benchmark"), "Benchmark figures generated") { PartnershipId = partnershipId }, clock);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }

        await db.SaveChangesAsync(new AuditContext(Actor.System("Benchmark"), "Benchmark figures generated") { PartnershipId = partnershipId }, clock);
        return (observations, comparators);
    }

    private static (decimal? Value, string? Symbol) Parse(string figure) =>
        Symbols.Contains(figure) ? (null, figure) : (decimal.Parse(figure, CultureInfo.InvariantCulture), null);

    /// <summary>
    /// A partnership with four areas, ten people, the 150 measures (the starters adopted with
    /// <see cref="MeasureService.AdoptStartersAsync"/>, the rest added with <see cref="MeasureService.CreateAsync"/>),
    /// each set to its DfE indicator, and (given <paramref name="comparators"/>) its region, own council code and ten
    /// statistical neighbours set with <see cref="MeasureService.SetComparatorsAsync"/>. With <paramref name="detailed"/>,
    /// every measure is monthly with an owner and a target of one of the kinds, as the dashboard shows them.
    /// </summary>
    public static async Task<int> CreatePartnershipAsync(IServiceProvider services, string label, bool comparators, bool detailed)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var admin = Actor.System("Benchmark");
        var partnership = await sp.GetRequiredService<PartnershipService>().CreatePartnershipAsync(admin, $"{label} {Guid.NewGuid():N}", PartnershipAreas, ["Bench Council"]);
        var id = partnership.Id;
        var lead = Lead(id);
        var people = new List<int>();
        for (var p = 0; p < 10; p++)
        {
            people.Add((await sp.GetRequiredService<PeopleService>().AddPersonAsync(admin, id, new PersonDetails($"Owner {p + 1}", $"O{p + 1}", null, "Performance lead", null))).Id);
        }

        var measures = sp.GetRequiredService<MeasureService>();
        await measures.AdoptStartersAsync(lead, id, [.. StarterMeasures.All.Select(s => s.Key)]);
        var db = sp.GetRequiredService<AppDbContext>();
        var starters = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == id).ToDictionaryAsync(m => m.Code);
        foreach (var spec in Library)
        {
            if (spec.StarterKey is not null)
            {
                var m = await measures.GetAsync(lead, starters[spec.Code].Id);
                await measures.UpdateAsync(lead, m.Id, m.Version, Details(spec, MeasureDetails.From(m), people, detailed), "Benchmark set-up");
            }
            else
            {
                await measures.CreateAsync(lead, id, Details(spec, new MeasureDetails { Name = spec.Name, Code = spec.Code, Unit = spec.Unit, Direction = spec.Direction }, people, detailed));
            }
        }

        if (comparators)
        {
            var areas = await db.Areas.AsNoTracking().Where(a => a.PartnershipId == id).OrderBy(a => a.Position).ToListAsync();
            await measures.SetComparatorsAsync(
                lead,
                id,
                RegionCode,
                new Dictionary<int, string?> { [areas[0].Id] = OwnCouncil.Code },
                [.. Neighbours.Select(n => $"{n.Code} {n.Name}")]);
        }

        return id;
    }

    public static Actor Lead(int partnershipId) => new("bench-measures-lead", "Bench lead", Roles.ProgrammeLead, partnershipId, null);

    private static MeasureDetails Details(MeasureSpec spec, MeasureDetails start, List<int> people, bool detailed)
    {
        var details = start with { Theme = start.Theme ?? Themes[spec.Index % Themes.Length], ComparatorSeries = spec.Series, Source = start.Source ?? "Council case management system" };
        if (spec.Direction == MeasureDirection.WithinBand)
        {
            var (low, high) = Range(spec.Unit);
            details = details with { BandLow = Number(low + ((high - low) * 0.3)), BandHigh = Number(low + ((high - low) * 0.6)) };
        }

        if (!detailed)
        {
            return details;
        }

        var (bottom, top) = Range(spec.Unit);
        var mid = bottom + ((top - bottom) / 2);
        var higher = spec.Direction == MeasureDirection.HigherIsBetter;
        var target = higher ? bottom + ((top - bottom) * 0.7) : bottom + ((top - bottom) * 0.3);
        details = details with
        {
            Frequency = PeriodType.Month,
            OwnerId = people[spec.Index % people.Count],
            BaselineValue = Number(mid),
            BaselinePeriod = "March 2016",
            TargetKind = TargetKind.None,
        };
        if (spec.Direction == MeasureDirection.WithinBand)
        {
            return details;
        }

        return (spec.Index % 6) switch
        {
            0 => details with { TargetKind = TargetKind.Absolute, TargetValue = Number(target), TargetBy = "March 2027" },
            1 => details with { TargetKind = TargetKind.Threshold, TargetValue = Number(target) },
            2 => details with
            {
                TargetKind = TargetKind.Trajectory,
                Trajectory = $"March 2024: {Number(mid + ((target - mid) / 3))}\nMarch 2025: {Number(mid + ((target - mid) * 2 / 3))}\nMarch 2026: {Number(target)}",
            },
            3 => details with { TargetKind = TargetKind.RelativeChange, TargetChangePercent = higher ? "15" : "-15", TargetBy = "March 2027" },
            4 => details with { TargetKind = TargetKind.ParityWithEngland },
            _ => details,
        };
    }

    private static (double Low, double High) Range(MeasureUnit unit) => unit switch
    {
        MeasureUnit.Percentage => (20, 99.9),
        MeasureUnit.Count => (0, 399),
        MeasureUnit.RatePer10000 => (5, 600),
        MeasureUnit.Days => (5, 179),
        MeasureUnit.Weeks => (2, 52),
        _ => (1, 10),
    };

    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// A small plan (5 workstreams, 20 outcomes, 40 actions) for the dashboard's partnership, each measure linked to an
    /// outcome and an action with <see cref="MeasureService.LinkAsync"/>, and commentary on each measure's last two months.
    /// </summary>
    public static async Task DecorateForDashboardAsync(IServiceProvider services, int partnershipId)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var admin = Actor.System("Benchmark");
        var kind = await db.PlanKinds.SingleAsync(k => k.Key == BuiltInPlanKinds.Inspection);
        var plan = new Plan { PartnershipId = partnershipId, PlanKindId = kind.Id, Name = "Written statement of action", CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        var position = 0;
        PlanItem Item(PlanItem? parent, int depth, string? reference, string title)
        {
            var item = new PlanItem { Plan = plan, Parent = parent, Depth = depth, Ref = reference, RefSortKey = ItemRef.SortKey(reference), Title = title, Position = position++, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            plan.Items.Add(item);
            parent?.Children.Add(item);
            return item;
        }

        var outcomes = new List<PlanItem>();
        var actions = new List<PlanItem>();
        for (var w = 1; w <= 5; w++)
        {
            var workstream = Item(null, 0, null, $"Workstream {w}");
            for (var o = 1; o <= 4; o++)
            {
                var outcome = Item(workstream, 1, $"{w}.{o}", $"Outcome {w}.{o}: children and families see the difference");
                outcomes.Add(outcome);
                for (var a = 0; a < 2; a++)
                {
                    actions.Add(Item(outcome, 2, $"{w}.{o}{(char)('a' + a)}", $"Action {w}.{o}{(char)('a' + a)}: what we are going to do about it"));
                }
            }
        }

        db.Plans.Add(plan);
        await db.SaveChangesAsync(new AuditContext(admin, "Benchmark plan generated"), clock);

        var lead = Lead(partnershipId);
        var measures = sp.GetRequiredService<MeasureService>();
        var ids = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == partnershipId).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
        string[] words = ["Improving steadily as the new triage team beds in.", "Dipped this month: two caseworkers left and cases were reallocated.", "On course; the panel now meets weekly."];
        for (var i = 0; i < ids.Count; i++)
        {
            await measures.LinkAsync(lead, ids[i], outcomes[i % outcomes.Count].Id);
            await measures.LinkAsync(lead, ids[i], actions[(i * 7) % actions.Count].Id);
            await measures.WriteCommentaryAsync(lead, ids[i], "November 2025", words[i % words.Length], (OwnerAssessment)(i % 3));
            await measures.WriteCommentaryAsync(lead, ids[i], "December 2025", words[(i + 1) % words.Length], (OwnerAssessment)((i + 1) % 3));
        }
    }
}

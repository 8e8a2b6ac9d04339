using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Measures;

/// <summary>The dashboard's figures, comparison and rank, figures as at a date, and measures in period reports.</summary>
public sealed class MeasureFiguresTests : IAsyncLifetime
{
    private CoreHarness _harness = null!;
    private SmallPlan _plan = null!;
    private Actor _lead = null!;
    private int _timely;
    private int _waits;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        _plan = await _harness.CreateSmallPlanAsync();
        _lead = CoreHarness.ProgrammeLead(_plan.PartnershipId);
        await With(async (MeasureService s) =>
        {
            _timely = (await s.CreateAsync(_lead, _plan.PartnershipId, new MeasureDetails
            {
                Name = "New EHCPs within 20 weeks",
                Theme = "Timeliness",
                Unit = MeasureUnit.Percentage,
                Direction = MeasureDirection.HigherIsBetter,
                BaselineValue = "58",
                BaselinePeriod = "2025",
                TargetKind = TargetKind.Absolute,
                TargetValue = "75",
                TargetBy = "December 2026",
                ComparatorSeries = "pct_20wk",
                OwnerId = _plan.LeadPersonId,
            })).Id;
            _waits = (await s.CreateAsync(_lead, _plan.PartnershipId, new MeasureDetails
            {
                Name = "Routine CAMHS waits",
                Theme = "Health",
                Unit = MeasureUnit.Weeks,
                Direction = MeasureDirection.LowerIsBetter,
                TargetKind = TargetKind.Threshold,
                TargetValue = "18",
            })).Id;
            await s.SetComparatorsAsync(_lead, _plan.PartnershipId, "E12000002", new Dictionary<int, string?>(), ["E06000001 One", "E06000002 Two", "E06000003 Three"]);
            await s.RecordFigureAsync(_lead, _timely, new FigureInput("April 2026", null, "62", null, null));
            await s.RecordFigureAsync(_lead, _timely, new FigureInput("May 2026", null, "61", null, null));
            await s.RecordFigureAsync(_lead, _waits, new FigureInput("May 2026", null, "16", null, null));
            await s.LinkAsync(_lead, _timely, _plan.ActionId);
            return 0;
        });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task The_dashboard_gives_status_travel_and_the_off_track_list()
    {
        var dashboard = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(), FiguresAsAt.Now));

        var timely = dashboard.Measures.Single(m => m.Id == _timely);
        // Straight line from 58% at 31 Dec 2025 to 75% at 31 Dec 2026; at 31 May 2026 (151 of 365 days): 58 + 17 × 151/365 = 65.03 → 65%.
        Assert.Equal("61% in May 2026 against a trajectory of 65% for that date and a target of 75% by December 2026: off track", timely.Status.Explanation);
        Assert.Equal(TravelDirection.Worsening, timely.Travel);
        Assert.Equal("75% by December 2026", timely.TargetText);
        Assert.Equal("Terry Lead", timely.OwnerName);
        Assert.Equal(MeasureStatusKind.OnTrack, dashboard.Measures.Single(m => m.Id == _waits).Status.Kind);
        Assert.Equal([_timely], dashboard.OffTrack.Select(m => m.Id));

        var health = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(Theme: "Health"), FiguresAsAt.Now));
        Assert.Equal([_waits], health.Measures.Select(m => m.Id));
        var forPlan = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(PlanId: _plan.PlanId), FiguresAsAt.Now));
        Assert.Equal([_timely], forPlan.Measures.Select(m => m.Id));
        var offTrack = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(Status: MeasureStatusKind.OffTrack), FiguresAsAt.Now));
        Assert.Equal([_timely], offTrack.Measures.Select(m => m.Id));
    }

    [Fact]
    public async Task Rank_and_neighbour_average_come_from_published_figures_and_skip_suppressed_ones()
    {
        var north = await _harness.InScopeAsync(sp => sp.GetRequiredService<Data.AppDbContext>().Areas.Where(a => a.PartnershipId == _plan.PartnershipId).Select(a => a.Id).FirstAsync());
        await With(async (MeasureService s) =>
        {
            await s.SetComparatorsAsync(_lead, _plan.PartnershipId, "E12000002", new Dictionary<int, string?> { [north] = "E06000004" }, ["E06000001 One", "E06000002 Two", "E06000003 Three"]);
            return 0;
        });
        await LoadAsync("ees.csv", """
            time_period,time_identifier,geographic_level,country_code,region_code,new_la_code,la_name,pct_20wk
            2025,Calendar year,National,E92000001,,,,50.0
            2025,Calendar year,Regional,E92000001,E12000002,,,48
            2025,Calendar year,Local authority,E92000001,E12000002,E06000001,One,70
            2025,Calendar year,Local authority,E92000001,E12000002,E06000002,Two,40
            2025,Calendar year,Local authority,E92000001,E12000002,E06000003,Three,c
            2025,Calendar year,Local authority,E92000001,E12000002,E06000004,North council,60
            """);

        var timely = (await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(), FiguresAsAt.Now))).Measures.Single(m => m.Id == _timely);

        // Published 2025 figures: One 70, Two 40, Three suppressed (left out), the area itself 60 → second of three; average (70 + 40) / 2 = 55.
        Assert.Equal(new MeasureRank(2, 3, MeasurePeriod.CalendarYear(2025)), timely.Rank);
        Assert.Equal(55.0m, timely.NeighbourAverage);
        Assert.Equal(2, timely.NeighboursWithFigures);
        Assert.Equal(50.0m, timely.England?.Value);
        Assert.Equal(48m, timely.Region?.Value);

        var detail = await With((MeasureFigures f) => f.DetailAsync(_lead, _timely, FiguresAsAt.Now));
        Assert.Contains(detail.ComparisonSeries, s => s.Line == ChartLine.NeighbourAverage && s.Points.Single().Value == 55.0m);
        Assert.Contains(detail.Comparators, c => c.Code == "E06000003" && c.Figure.Symbol == "c" && c.Figure.Value is null);
        Assert.Contains("role=\"img\"", detail.OwnChart.Svg, StringComparison.Ordinal);
        Assert.Contains("Target", detail.OwnChart.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_made_later_is_not_seen_as_at_an_earlier_moment()
    {
        var before = _harness.Clock.GetUtcNow().UtcDateTime;
        _harness.Clock.Advance(TimeSpan.FromHours(1));
        await With((MeasureService s) => s.RecordFigureAsync(_lead, _timely, new FigureInput("May 2026", null, "70", null, "Late returns added")));

        var then = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(), new FiguresAsAt(null, before)));
        var now = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(), FiguresAsAt.Now));
        var april = await With((MeasureFigures f) => f.DashboardAsync(_plan.PartnershipId, new DashboardFilter(), new FiguresAsAt(new DateOnly(2026, 4, 30))));

        Assert.Equal(61m, then.Measures.Single(m => m.Id == _timely).Latest?.Value);
        Assert.Equal(70m, now.Measures.Single(m => m.Id == _timely).Latest?.Value);
        Assert.Equal(62m, april.Measures.Single(m => m.Id == _timely).Latest?.Value);
        var detail = await With((MeasureFigures f) => f.DetailAsync(_lead, _timely, FiguresAsAt.Now));
        Assert.Equal(61m, Assert.Single(detail.Replaced).Value);
    }

    [Fact]
    public async Task A_closed_periods_interim_report_keeps_the_measures_as_they_stood()
    {
        var period = await With((PeriodService p) => p.OpenAsync(_lead, _plan.PlanId, new NewPeriod("May 2026", new DateOnly(2026, 5, 31), new DateOnly(2026, 5, 31), PeriodCadence.Monthly)));
        await With((PeriodService p) => p.CloseAsync(_lead, period.Id, period.Version));
        var before = await InterimAsync(period.Id);

        _harness.Clock.Advance(TimeSpan.FromHours(1));
        await With((MeasureService s) => s.RecordFigureAsync(_lead, _timely, new FigureInput("May 2026", null, "70", null, "Late returns added")));
        var after = await InterimAsync(period.Id);

        Assert.Equal(before, after);
        Assert.Contains("New EHCPs within 20 weeks", before, StringComparison.Ordinal);
        Assert.Contains("61% (May 2026)", before, StringComparison.Ordinal);
        Assert.Contains("off track", before, StringComparison.Ordinal);

        var next = await With((PeriodService p) => p.OpenAsync(_lead, _plan.PlanId, new NewPeriod("June 2026", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 30), PeriodCadence.Monthly)));
        Assert.Contains("70% (May 2026)", await InterimAsync(next.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_measures_report_lists_off_track_measures_first_in_every_format()
    {
        var period = await With((PeriodService p) => p.OpenAsync(_lead, _plan.PlanId, new NewPeriod("May 2026", new DateOnly(2026, 5, 31), new DateOnly(2026, 5, 31), PeriodCadence.Monthly)));
        var html = Encoding.UTF8.GetString((await With((ReportService r) => r.GenerateAsync(Actor.System("Test"), period.Id, ReportKind.Measures, ReportFormat.Html))).Content);
        Assert.Contains("Measures off track", html, StringComparison.Ordinal);
        Assert.Contains("61% in May 2026 against a trajectory of 65% for that date", html, StringComparison.Ordinal);
        Assert.Contains("1.1a Action", html, StringComparison.Ordinal);

        var docx = (await With((ReportService r) => r.GenerateAsync(Actor.System("Test"), period.Id, ReportKind.Measures, ReportFormat.Docx))).Content;
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("All measures", text, StringComparison.Ordinal);
            Assert.Contains("New EHCPs within 20 weeks", text, StringComparison.Ordinal);
        }

        var xlsx = (await With((ReportService r) => r.GenerateAsync(Actor.System("Test"), period.Id, ReportKind.Measures, ReportFormat.Xlsx))).Content;
        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheets = workbook.WorkbookPart!.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Contains("Off track", sheets);
        Assert.Contains("Measures", sheets);
    }

    private async Task<string> InterimAsync(int periodId) =>
        Encoding.UTF8.GetString((await With((ReportService r) => r.GenerateAsync(Actor.System("Test"), periodId, ReportKind.Interim, ReportFormat.Html))).Content);

    private async Task LoadAsync(string name, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(path, content);
        try
        {
            var outcome = await With((MeasureLoadService s) => s.LoadFileAsync(_lead, _plan.PartnershipId, path, null, false, true));
            Assert.False(outcome.HasProblems, string.Join(" ", outcome.Problems.Select(p => p.Message)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private Task<T> With<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull => _harness.InScopeAsync(sp => work(sp.GetRequiredService<TService>()));
}

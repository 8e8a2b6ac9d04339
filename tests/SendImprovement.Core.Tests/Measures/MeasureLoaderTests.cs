using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Tests.Services;

namespace SendImprovement.Core.Tests.Measures;

public sealed class MeasureLoaderTests : IAsyncLifetime
{
    private static readonly Actor Admin = Actor.System("Loader test");
    private CoreHarness _harness = null!;
    private int _partnershipId;

    public async Task InitializeAsync()
    {
        _harness = await CoreHarness.CreateAsync();
        var plan = await _harness.CreateSmallPlanAsync();
        _partnershipId = plan.PartnershipId;
        await _harness.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<MeasureService>().AdoptStartersAsync(Admin, _partnershipId, ["ehcp-20-weeks-excl", "send-pledge-settings"]);
            return 0;
        });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<LoadOutcome> LoadAsync(string fileName, string content, bool commit, bool loadValidRows = false)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{fileName}");
        await File.WriteAllTextAsync(path, content);
        try
        {
            return await _harness.InScopeAsync(sp => sp.GetRequiredService<MeasureLoadService>().LoadFileAsync(Admin, _partnershipId, path, null, loadValidRows, commit));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_simple_file_loads_and_loading_it_again_changes_nothing()
    {
        const string csv = "measure,area,period,value\nehcp-20-weeks-excl,,March 2022,62%\nehcp-20-weeks-excl,,April 2022,64\nsend-pledge-settings,North,2022 Q1,12\nehcp-20-weeks-excl,England,2021,59.9\n";
        var dry = await LoadAsync("figures.csv", csv, commit: false);
        Assert.Equal((4, 0, 0, 0), (dry.Added, dry.Corrected, dry.Unchanged, dry.ProblemCount));
        Assert.Equal(0, await CountAsync());

        var first = await LoadAsync("figures.csv", csv, commit: true);
        Assert.Equal((4, 0, 0), (first.Added, first.Corrected, first.Unchanged));
        Assert.Equal(4, await CountAsync());

        var again = await LoadAsync("figures.csv", csv, commit: true);
        Assert.Equal((0, 0, 4), (again.Added, again.Corrected, again.Unchanged));
        Assert.Equal(4, await CountAsync());

        var corrected = await LoadAsync("figures.csv", csv.Replace("April 2022,64", "April 2022,65", StringComparison.Ordinal), commit: true);
        Assert.Equal((0, 1, 3), (corrected.Added, corrected.Corrected, corrected.Unchanged));
        Assert.Equal(5, await CountAsync());
    }

    [Fact]
    public async Task Loaded_figures_are_stored_as_the_app_stores_them_so_a_correction_typed_later_replaces_them()
    {
        await LoadAsync("figures.csv", "measure,area,period,value\nehcp-20-weeks-excl,,March 2022,62\nehcp-20-weeks-excl,England,2021,59.9\n", commit: true);
        var stored = await _harness.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.MeasureObservations.CountAsync(o => o.PeriodType == PeriodType.Month && o.PeriodStart == new DateOnly(2022, 3, 1)),
                await db.ComparatorValues.CountAsync(v => v.Level == GeographicLevel.National && v.PeriodType == PeriodType.CalendarYear));
        });
        Assert.Equal((1, 1), stored);

        var measureId = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Measures.Where(m => m.Code == "ehcp-20-weeks-excl").Select(m => m.Id).SingleAsync());
        await _harness.InScopeAsync(sp => sp.GetRequiredService<MeasureService>().RecordFigureAsync(Admin, measureId, new FigureInput("March 2022", null, "63", null, "Late returns")));
        var current = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().MeasureObservations.AsNoTracking().Where(o => o.ReplacedAtUtc == null).ToListAsync());
        Assert.Equal(63m, Assert.Single(current).Value);
    }

    [Fact]
    public async Task Problems_are_reported_by_row_and_nothing_is_written()
    {
        const string csv = "measure,area,period,value\nehcp-20-weeks-excl,,March 2022,162\nnope,,March 2022,1\nsend-pledge-settings,,2022 Q1,-3\nehcp-20-weeks-excl,,Smarch 2022,50\nehcp-20-weeks-excl,Eastshire,March 2022,50\nsend-pledge-settings,,2022 Q1,abc\nehcp-20-weeks-excl,,April 2022,60\nehcp-20-weeks-excl,,April 2022,61\n";
        var outcome = await LoadAsync("bad.csv", csv, commit: true);
        Assert.Equal(7, outcome.RowsWithProblems);
        Assert.Contains(outcome.Problems, p => p.Row == 2 && p.Message.Contains("between 0 and 100", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Row == 3 && p.Message.Contains("no measure called “nope”", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Row == 4 && p.Message.Contains("cannot be negative", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Row == 5 && p.Message.Contains("Smarch", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Row == 6 && p.Message.Contains("Eastshire", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Row == 7 && p.Message.Contains("not a number", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Row == 9 && p.Message.Contains("repeats row 8", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync());

        var valid = await LoadAsync("bad.csv", csv, commit: true, loadValidRows: true);
        Assert.Equal(1, valid.Added);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_dfe_file_loads_england_regions_and_councils_keeping_suppressed_symbols()
    {
        const string csv = """
            time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,pct_20wk_excl,pct_20wk_incl
            2021,Calendar year,National,E92000001,England,,,,,,59.9,58.0
            2021,Calendar year,Regional,E92000001,England,E12000002,North West,,,,55.1,54.0
            2021,Calendar year,Local authority,E92000001,England,E12000002,North West,888,E10000017,Lancashire,c,x
            2021,Calendar year,Local authority,E92000001,England,E12000002,North West,999,E6000001,Bad code,1,2
            2021,Calendar year,Parliamentary constituency,E92000001,England,,,,,,1,2
            """;
        var outcome = await LoadAsync("ehcp.csv", csv, commit: true, loadValidRows: true);
        Assert.Equal(1, outcome.RowsWithProblems);
        Assert.Contains(outcome.Problems, p => p.Row == 5 && p.Message.Contains("E6000001", StringComparison.Ordinal));
        Assert.Equal(6, outcome.Added);
        Assert.Equal(2, outcome.Suppressed);
        Assert.Single(outcome.Notes);
        var values = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().ComparatorValues.AsNoTracking().ToListAsync());
        var lancashire = values.Single(v => v.Code == "E10000017" && v.Series == "pct_20wk_excl");
        Assert.Null(lancashire.Value);
        Assert.Equal("c", lancashire.Symbol);
    }

    [Fact]
    public async Task Files_that_cannot_be_read_get_a_clear_message_and_write_nothing()
    {
        var quote = await Assert.ThrowsAsync<ValidationFailedException>(() => LoadAsync("quote.csv", "measure,area,period,value\nehcp-20-weeks-excl,,\"March 2022," + new string('x', 5_000_000) + "\n", commit: true));
        Assert.Contains("could not be read as CSV", quote.Message, StringComparison.Ordinal);

        var binary = await Assert.ThrowsAsync<ValidationFailedException>(() => LoadAsync("program.csv", "MZ\0\0\u0001binary", commit: true));
        Assert.Contains("binary", binary.Message, StringComparison.Ordinal);

        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => LoadAsync("empty.csv", string.Empty, commit: true));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);

        var headerOnly = await LoadAsync("header.csv", "measure,area,period,value\n", commit: true);
        Assert.Equal((0, 0, 0), (headerOnly.RowsRead, headerOnly.Added, headerOnly.ProblemCount));

        var noColumns = await LoadAsync("columns.csv", "what,when\n1,2\n", commit: true);
        Assert.Contains(noColumns.Problems, p => p.Row == 0 && p.Message.Contains("“measure”, “period” or “value”", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_windows_1252_semicolon_file_reads_its_notes_and_two_kinds_of_year()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var bytes = System.Text.Encoding.GetEncoding(1252).GetBytes("measure;area;period;value;note\nsend-pledge-settings;;2022 Q1;12;Café owners signed – thanks\nehcp-20-weeks-excl;;2021/22;;Not collected £\n");
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var outcome = await _harness.InScopeAsync(sp => sp.GetRequiredService<MeasureLoadService>().LoadFileAsync(Admin, _partnershipId, path, null, false, true));
            Assert.False(outcome.HasProblems, string.Join(" ", outcome.Problems.Select(p => p.Message)));
            Assert.Equal(2, outcome.Added);
        }
        finally
        {
            File.Delete(path);
        }

        var notes = await _harness.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().MeasureObservations.AsNoTracking().ToListAsync());
        Assert.Contains(notes, n => n.Note == "Café owners signed – thanks" && n.Value == 12m && n.PeriodType == PeriodType.Quarter);
        Assert.Contains(notes, n => n.Note == "Not collected £" && n.Value is null && n.PeriodType == PeriodType.AcademicYear);
    }

    private Task<int> CountAsync() => _harness.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        return await db.MeasureObservations.CountAsync() + await db.ComparatorValues.CountAsync();
    });
}

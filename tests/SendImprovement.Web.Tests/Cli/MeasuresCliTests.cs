using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Measures;
using SendImprovement.Web.Tests.Infrastructure;
using SendImprovement.Web.Tests.Measures;

namespace SendImprovement.Web.Tests.Cli;

/// <summary>"measures import" and "measures export", run as the real command line against the test database.</summary>
[Collection(WebTestGroup.Name)]
public sealed class MeasuresCliTests(AppFactory factory) : IDisposable
{
    private const string Code = MeasureLoadSteps.TimelinessCode;

    private static readonly string MonthlyCsv = $"""
        measure,area,period,value,note
        {Code},,January 2026,55,
        {Code},North Area,January 2026,51.5,Includes late returns
        {Code},,February 2026,c,"Fewer than 5 plans, so suppressed"
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"send-cli-measures-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_WithoutCommit_ShowsWhatItWouldDo_AndWritesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        await MeasureLoadSteps.AddMeasureAsync(factory, world);
        var file = await WriteAsync("monthly.csv", MonthlyCsv);
        var before = await StoredAsync(world);

        var result = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"File: {file}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Into: {world.PartnershipName}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Rows read: 3", result.Output, StringComparison.Ordinal);
        Assert.Contains("Would load: 3 added, 0 corrected (the old figures are kept), 0 unchanged", result.Output, StringComparison.Ordinal);
        Assert.Contains("Suppressed or not available: 1 (kept as the DfE's symbols, never read as zero)", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was written. Run again with --commit to load the figures.", result.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(world));
    }

    [Fact]
    public async Task Import_WithCommit_LoadsTheFigures_AndTheSameFileAgainChangesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await MeasureLoadSteps.AddMeasureAsync(factory, world);
        var file = await WriteAsync("monthly.csv", MonthlyCsv);
        var before = await StoredAsync(world);

        var first = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file, "--format", "simple", "--commit");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("Loaded: 3 added, 0 corrected (the old figures are kept), 0 unchanged", first.Output, StringComparison.Ordinal);
        Assert.Contains($"Loaded monthly.csv into {world.PartnershipName}: 3 added, 0 corrected, 0 unchanged.", first.Output, StringComparison.Ordinal);
        Assert.Matches(@"Load record \d+\.", first.Output);
        var afterFirst = await StoredAsync(world);
        Assert.Equal(before with { Figures = before.Figures + 3, Loads = before.Loads + 1 }, afterFirst);
        var suppressed = await world.QueryAsync(db => db.MeasureObservations.SingleAsync(o => o.MeasureId == measureId && o.Symbol != null));
        Assert.Equal(("c", "Fewer than 5 plans, so suppressed"), (suppressed.Symbol, suppressed.Note));

        var again = await Run("measures", "import", "--partnership", world.PartnershipId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--file", file, "--commit");

        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains($"Loaded monthly.csv into {world.PartnershipName}: 0 added, 0 corrected, 3 unchanged.", again.Output, StringComparison.Ordinal);
        Assert.Equal(afterFirst with { Loads = afterFirst.Loads + 1 }, await StoredAsync(world));
    }

    [Fact]
    public async Task Import_WithProblems_Exits2_AndWritesNothing_UnlessTheValidRowsAreLoaded()
    {
        var world = await TestWorld.CreateAsync(factory);
        await MeasureLoadSteps.AddMeasureAsync(factory, world);
        var file = await WriteAsync("problems.csv", $"""
            measure,area,period,value
            {Code},,January 2026,55
            {Code},,Smarch 2026,56
            {Code},,February 2026,101
            """);
        var before = await StoredAsync(world);

        var dryRun = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file);
        var refused = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file, "--commit");

        Assert.Equal(2, dryRun.ExitCode);
        Assert.Contains("Problems (2 in 2 rows):", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("  Row 3: “Smarch 2026” is not a period this product recognises.", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("  Row 4: the value is 101, but a percentage must be between 0 and 100.", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("Would load: 1 added, 0 corrected (the old figures are kept), 0 unchanged (rows with problems left out)", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was written. 2 rows have problems: correct the file, or run again with --load-valid-rows to leave them out.", dryRun.Error, StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Nothing was written: the load was refused. 2 rows have problems", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(world));

        var valid = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file, "--load-valid-rows", "--commit");

        Assert.True(valid.ExitCode == 0, valid.Output + valid.Error);
        Assert.Contains($"Loaded problems.csv into {world.PartnershipName}: 1 added, 0 corrected, 0 unchanged, 2 rows with problems left out.", valid.Output, StringComparison.Ordinal);
        Assert.Equal(before with { Figures = before.Figures + 1, Loads = before.Loads + 1 }, await StoredAsync(world));
    }

    [Fact]
    public async Task Import_ADfeFile_LoadsEveryIndicator_ForTheMeasureWhoseIndicatorItIs()
    {
        var world = await TestWorld.CreateAsync(factory);
        await MeasureLoadSteps.AddMeasureAsync(factory, world);
        var file = await WriteAsync("ehcp.csv", MeasureLoadSteps.DfeCsv);

        var result = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file, "--format", "ees", "--load-valid-rows", "--commit");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Rows read: 9", result.Output, StringComparison.Ordinal);
        Assert.Contains("Suppressed or not available: 3", result.Output, StringComparison.Ordinal);
        Assert.Contains("Notes (1):\n  Rows for the geographic level “Parliamentary constituency” are not loaded", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  Row 7: “E6000001” is not a local authority code", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Loaded ehcp.csv into {world.PartnershipName}: 18 added, 0 corrected, 0 unchanged, 2 rows with problems left out.", result.Output, StringComparison.Ordinal);
        Assert.Equal(18, (await StoredAsync(world)).Comparators);
    }

    [Fact]
    public async Task Export_ThenImportOfThatFile_ChangesNothing()
    {
        var world = await TestWorld.CreateAsync(factory);
        var measureId = await MeasureLoadSteps.AddMeasureAsync(factory, world);
        using (var scope = factory.Services.CreateScope())
        {
            // The measure takes its comparators from the DfE's percentage, so those are in the export too.
            var measures = scope.ServiceProvider.GetRequiredService<MeasureService>();
            var measure = await measures.GetAsync(Actor.System("Test"), measureId);
            await measures.UpdateAsync(Actor.System("Test"), measureId, measure.Version, MeasureDetails.From(measure) with { ComparatorSeries = "pct_within_20wks_excl" }, "Comparators");
        }

        Assert.Equal(0, (await Run("measures", "import", "--partnership", world.PartnershipName, "--file", await WriteAsync("monthly.csv", MonthlyCsv + $"\n{Code},,December 2011,40,"), "--commit")).ExitCode);
        Assert.Equal(0, (await Run("measures", "import", "--partnership", world.PartnershipName, "--file", await WriteAsync("ehcp.csv", MeasureLoadSteps.DfeCsv), "--load-valid-rows", "--commit")).ExitCode);
        var before = await StoredAsync(world);
        var exported = Path.Combine(_folder, "out", "figures.csv");

        var export = await Run("measures", "export", "--partnership", world.PartnershipName, "--format", "csv", "--out", exported);

        Assert.True(export.ExitCode == 0, export.Output + export.Error);
        Assert.Contains($"Wrote the measure figures of {world.PartnershipName} (CSV, ", export.Output, StringComparison.Ordinal);
        Assert.Contains($"bytes) to {exported}.", export.Output, StringComparison.Ordinal);
        Assert.Equal(["figures.csv"], Directory.GetFiles(Path.GetDirectoryName(exported)!).Select(Path.GetFileName));
        var bytes = await File.ReadAllBytesAsync(exported);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal("measure,area,period,value,note", lines[0]);
        Assert.Contains($"{Code},,December 2011,40,", lines);
        Assert.Contains($"{Code},North Area,January 2026,51.5,Includes late returns", lines);
        Assert.Contains($"{Code},E06000015,2022,62.5,", lines);
        Assert.Equal(1 + 4 + 6, lines.Length - 1);

        var again = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", exported, "--commit");

        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains($"Loaded figures.csv into {world.PartnershipName}: 0 added, 0 corrected, 10 unchanged.", again.Output, StringComparison.Ordinal);
        Assert.Equal(before with { Loads = before.Loads + 1 }, await StoredAsync(world));

        var library = await Run("measures", "export", "--partnership", world.PartnershipName, "--format", "CSV", "--out", Path.Combine(_folder, "library.csv"), "--what", "library");
        var comparators = await Run("measures", "export", "--partnership", world.PartnershipName, "--format", "csv", "--out", Path.Combine(_folder, "comparators.csv"), "--what", "comparators");
        Assert.True(library.ExitCode == 0, library.Output + library.Error);
        Assert.True(comparators.ExitCode == 0, comparators.Output + comparators.Error);
        var libraryBytes = await File.ReadAllBytesAsync(Path.Combine(_folder, "library.csv"));
        Assert.Equal([0xEF, 0xBB, 0xBF], libraryBytes[..3]);
        Assert.StartsWith("code,name,theme,definition,", Encoding.UTF8.GetString(libraryBytes, 3, libraryBytes.Length - 3), StringComparison.Ordinal);
        Assert.Equal(1 + 18, (await File.ReadAllLinesAsync(Path.Combine(_folder, "comparators.csv"))).Length);
    }

    [Fact]
    public async Task Mistakes_AreRefusedWithAMessage()
    {
        var world = await TestWorld.CreateAsync(factory);
        var file = await WriteAsync("monthly.csv", MonthlyCsv);
        var binary = Path.Combine(_folder, "program.csv");
        await File.WriteAllBytesAsync(binary, [(byte)'M', (byte)'Z', 0, 0, 3, 0, 0, 0, .. new byte[200]]);

        var partnership = await Run("measures", "import", "--partnership", "Atlantis", "--file", file);
        var missing = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", Path.Combine(_folder, "nothing.csv"));
        var format = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", file, "--format", "xls");
        var unreadable = await Run("measures", "import", "--partnership", world.PartnershipName, "--file", binary);
        var exportPartnership = await Run("measures", "export", "--partnership", "Atlantis", "--format", "csv", "--out", Path.Combine(_folder, "x.csv"));
        var exportFormat = await Run("measures", "export", "--partnership", world.PartnershipName, "--format", "xlsx", "--out", Path.Combine(_folder, "x.xlsx"));
        var exportWhat = await Run("measures", "export", "--partnership", world.PartnershipName, "--format", "csv", "--out", Path.Combine(_folder, "x.csv"), "--what", "everything");
        var exportFolder = await Run("measures", "export", "--partnership", world.PartnershipName, "--format", "csv", "--out", _folder);

        Assert.Equal(1, partnership.ExitCode);
        Assert.Contains("There is no partnership called “Atlantis”. See: partnerships list", partnership.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"There is no file {Path.Combine(_folder, "nothing.csv")}.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, format.ExitCode);
        Assert.Contains("There is no figures format “xls”. Choose ees (the DfE's open-data CSV) or simple", format.Error, StringComparison.Ordinal);
        Assert.Equal(1, unreadable.ExitCode);
        Assert.Contains($"{binary} cannot be loaded: The file is not a CSV file: it looks like a binary file.", unreadable.Error, StringComparison.Ordinal);
        Assert.Equal(1, exportPartnership.ExitCode);
        Assert.Contains("There is no partnership called “Atlantis”.", exportPartnership.Error, StringComparison.Ordinal);
        Assert.Equal(1, exportFormat.ExitCode);
        Assert.Contains("There is no measures export format “xlsx”. Choose: csv.", exportFormat.Error, StringComparison.Ordinal);
        Assert.Equal(1, exportWhat.ExitCode);
        Assert.Contains("There is no measures export “everything”. Choose one of: figures, library or comparators.", exportWhat.Error, StringComparison.Ordinal);
        Assert.Equal(1, exportFolder.ExitCode);
        Assert.Contains("is a folder", exportFolder.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "x.csv")));
        Assert.Equal(0, await world.QueryAsync(db => db.MeasureLoads.CountAsync(l => l.PartnershipId == world.PartnershipId)));
    }

    private Task<CliRunner.Result> Run(params string[] args) =>
        CliRunner.RunAsync(factory.DatabaseProvider, factory.ConnectionString, null, args);

    private async Task<string> WriteAsync(string name, string content)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, content.ReplaceLineEndings("\r\n") + "\r\n", new UTF8Encoding(false));
        return path;
    }

    private sealed record Stored(int Figures, int Replaced, int Comparators, int Loads);

    private static Task<Stored> StoredAsync(TestWorld world) => world.QueryAsync(async db =>
    {
        var measureIds = await db.Measures.Where(m => m.PartnershipId == world.PartnershipId).Select(m => m.Id).ToListAsync();
        return new Stored(
            await db.MeasureObservations.CountAsync(o => measureIds.Contains(o.MeasureId) && o.ReplacedAtUtc == null),
            await db.MeasureObservations.CountAsync(o => measureIds.Contains(o.MeasureId) && o.ReplacedAtUtc != null),
            await db.ComparatorValues.CountAsync(v => v.PartnershipId == world.PartnershipId && v.ReplacedAtUtc == null),
            await db.MeasureLoads.CountAsync(l => l.PartnershipId == world.PartnershipId && l.State == MeasureLoadState.Loaded));
    });
}

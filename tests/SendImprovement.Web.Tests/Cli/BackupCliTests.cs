using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendImprovement.Core.Backups;
using SendImprovement.Core.Data;
using SendImprovement.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SendImprovement.Web.Tests.Cli;

/// <summary>
/// "backup" and "restore", run as the real command line on a database of their own (the demo partnership, with its
/// measures), so restoring never touches the database the other web tests share.
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed class BackupCliTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"send-cli-backup-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task BackupThenRestore_AfterChanges_EveryTableIsAsItWasAtTheBackup()
    {
        await using var database = await TestDatabase.CreateAsync();
        var postgres = database.Provider == "Postgres";
        Assert.True((await Run(database, "demo", "load")).ExitCode == 0);
        var backupFile = Path.Combine(_folder, postgres ? "send-improvement.dump" : "send-improvement.db");
        var before = await SnapshotAsync(database);
        Assert.True(before["MeasureObservations"].Count > 0, "The demo should have measures' figures to back up.");

        var backup = await Run(database, "backup", "--out", backupFile);
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        if (postgres)
        {
            // The documented route: the command prints pg_dump's command line, which is run as printed.
            Assert.StartsWith("pg_dump --format=custom", backup.Output, StringComparison.Ordinal);
            await RunPrintedCommandAsync(database, backup.Output);
        }
        else
        {
            Assert.Contains($"Backed up SQLite at ", backup.Output, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(backupFile));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));

        Assert.True((await Run(database, "partnerships", "create", "--name", "Made after the backup", "--areas", "Elsewhere")).ExitCode == 0);
        await ExecuteAsync(database, "UPDATE \"Partnerships\" SET \"Name\" = \"Name\" || ' (changed)'");
        await ExecuteAsync(database, "DELETE FROM \"StatisticalNeighbours\"");
        Assert.True(Compare(before, await SnapshotAsync(database)).Differences > 0, "The changes after the backup should show.");

        var restore = await Run(database, "restore", "--from", backupFile);
        Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
        if (postgres)
        {
            Assert.StartsWith("pg_restore --clean", restore.Output, StringComparison.Ordinal);
            await RunPrintedCommandAsync(database, restore.Output);
        }
        else
        {
            Assert.Contains($"Restored {backupFile} to SQLite at ", restore.Output, StringComparison.Ordinal);
        }

        var check = await Run(database, "backup", "check");
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Contains($"All migrations applied; {before.Count} tables", check.Output, StringComparison.Ordinal);

        var comparison = Compare(before, await SnapshotAsync(database));
        output.WriteLine(FormattableString.Invariant($"{database.Provider}: {comparison.Tables} tables compared, {comparison.Rows:N0} rows compared, {comparison.Differences} differences."));
        Assert.Equal(0, comparison.Differences);
        Assert.Equal(before.Count, comparison.Tables);
    }

    [Fact]
    public async Task Restore_AFileThatIsNotAWholeBackup_RefusesAndLeavesTheDatabaseAlone()
    {
        Directory.CreateDirectory(_folder);
        var target = Path.Combine(_folder, "live.db");
        var live = $"Data Source={target}";
        Assert.Equal(0, (await CliRunner.RunAsync("Sqlite", live, null, "demo", "load")).ExitCode);
        var before = await File.ReadAllBytesAsync(target);

        var text = Path.Combine(_folder, "notes.db");
        await File.WriteAllTextAsync(text, "not a database");
        var other = Path.Combine(_folder, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Things (Id INTEGER PRIMARY KEY)";
            await command.ExecuteNonQueryAsync();
        }

        var notSqlite = await CliRunner.RunAsync("Sqlite", live, null, "restore", "--from", text);
        var notOurs = await CliRunner.RunAsync("Sqlite", live, null, "restore", "--from", other);
        var missing = await CliRunner.RunAsync("Sqlite", live, null, "restore", "--from", Path.Combine(_folder, "nothing.db"));

        Assert.Equal((1, 1, 1), (notSqlite.ExitCode, notOurs.ExitCode, missing.ExitCode));
        Assert.Contains($"{text} is not a SQLite database, so it is not a backup made by this product's backup command. Nothing was restored.", notSqlite.Error, StringComparison.Ordinal);
        Assert.Contains($"{other} is a SQLite database but not one of this product's: it has no migrations history. Nothing was restored.", notOurs.Error, StringComparison.Ordinal);
        Assert.Contains("There is no file", missing.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(target));
    }

    private static Task<CliRunner.Result> Run(TestDatabase database, params string[] args) =>
        CliRunner.RunAsync(database.Provider, database.ConnectionString, null, args);

    // Runs a pg_dump or pg_restore command line exactly as the command printed it, with the password as PGPASSWORD.
    private static async Task RunPrintedCommandAsync(TestDatabase database, string printed)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(printed.Trim());
        if (new NpgsqlConnectionStringBuilder(database.ConnectionString).Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        var tool = printed.Split(' ')[0];
        var found = Process.Start(new ProcessStartInfo("sh", ["-c", $"command -v {tool}"]) { RedirectStandardOutput = true })!;
        await found.WaitForExitAsync();
        Assert.True(found.ExitCode == 0, $"{tool} is not on PATH, so the documented PostgreSQL backup route cannot be tested. Install PostgreSQL's client tools (Debian: postgresql-client), as ./test.sh does with postgresql.");

        NpgsqlConnection.ClearAllPools();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{printed} failed: {await error}");
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = Connect(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static DbConnection Connect(TestDatabase database) => database.Provider == "Postgres"
        ? new NpgsqlConnection(database.ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);

    /// <summary>Every table in the EF model (and the migrations history): each row as text, all columns, sorted.</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.Provider == "Postgres"
            ? (AppDbContext)new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database.ConnectionString).Options)
            : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(database.ConnectionString).Options);
        await using var connection = Connect(database);
        await connection.OpenAsync();
        var snapshot = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in DatabaseBackup.TableNames(db))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => $"{reader.GetName(i)}={Text(reader.GetValue(i))}")
                    .Order(StringComparer.Ordinal);
                rows.Add(string.Join(" | ", columns));
            }

            rows.Sort(StringComparer.Ordinal);
            snapshot[table] = rows;
        }

        return snapshot;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture) + time.Kind,
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        _ => $"{value.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };

    private sealed record Comparison(int Tables, long Rows, int Differences);

    // Rows are compared as multisets: a row missing on either side, or changed in any column, is a difference.
    private static Comparison Compare(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after)
    {
        var differences = 0;
        long rows = 0;
        foreach (var table in before.Keys.Union(after.Keys))
        {
            var old = before.GetValueOrDefault(table) ?? [];
            var now = after.GetValueOrDefault(table) ?? [];
            rows += Math.Max(old.Count, now.Count);
            var counts = old.GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var row in now)
            {
                if (counts.TryGetValue(row, out var count) && count > 0)
                {
                    counts[row] = count - 1;
                }
                else
                {
                    differences++;
                }
            }

            differences += counts.Values.Sum();
        }

        return new Comparison(before.Keys.Union(after.Keys).Count(), rows, differences);
    }
}

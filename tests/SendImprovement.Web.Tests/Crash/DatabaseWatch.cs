using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendImprovement.Core.Backups;
using SendImprovement.Core.Data;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Crash;

/// <summary>
/// Looks at a test database from outside the app: whether another connection is inside a write transaction right
/// now, and how many rows each table holds.
/// </summary>
internal sealed class DatabaseWatch(TestDatabase database) : IAsyncDisposable
{
    private DbConnection? _probe;

    public AppDbContext Context() => database.Provider == "Postgres"
        ? new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database.ConnectionString).Options)
        : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(Unpooled()).Options);

    /// <summary>
    /// True while some other connection holds an open transaction that has written. PostgreSQL: a session of this
    /// database with a transaction id (one is given at the first write). SQLite: the write lock is taken, which the
    /// app's transactions do at BEGIN (Microsoft.Data.Sqlite begins IMMEDIATE); asked without waiting, by trying to
    /// take it for an instant.
    /// </summary>
    public async Task<bool> WriterActiveAsync()
    {
        if (_probe is null)
        {
            _probe = database.Provider == "Postgres" ? new NpgsqlConnection(database.ConnectionString) : new SqliteConnection(Unpooled());
            await _probe.OpenAsync();
        }

        if (_probe is SqliteConnection sqlite)
        {
            // Straight to SQLite: Microsoft.Data.Sqlite would retry a busy database until its timeout instead of saying so.
            var code = SQLitePCL.raw.sqlite3_exec(sqlite.Handle, "BEGIN IMMEDIATE");
            if (code == SQLitePCL.raw.SQLITE_OK)
            {
                SQLitePCL.raw.sqlite3_exec(sqlite.Handle, "ROLLBACK");
                return false;
            }

            return code == SQLitePCL.raw.SQLITE_BUSY
                ? true
                : throw new InvalidOperationException($"Probing the SQLite write lock gave error {code}.");
        }

        await using var command = _probe.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL";
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Rows in every table of the EF model and the migrations history.</summary>
    public async Task<Dictionary<string, long>> CountsAsync()
    {
        await using var db = Context();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in DatabaseBackup.TableNames(db))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public static Dictionary<string, long> Difference(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Keys.Union(before.Keys).ToDictionary(t => t, t => after.GetValueOrDefault(t) - before.GetValueOrDefault(t), StringComparer.Ordinal);

    public static string Describe(Dictionary<string, long> difference) =>
        string.Join(", ", difference.Where(d => d.Value != 0).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key} {d.Value:+#;-#}"));

    public async ValueTask DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
    }

    private string Unpooled() => new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
}

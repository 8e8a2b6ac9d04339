using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SendImprovement.Core.Data;

namespace SendImprovement.Core.Backups;

/// <summary>How many rows one table holds.</summary>
public sealed record TableRows(string Table, long Rows);

/// <summary>What checking a database found: migrations it lacks or does not know, and each table's rows.</summary>
public sealed record DatabaseCheck(int MigrationsApplied, IReadOnlyList<string> MissingMigrations, IReadOnlyList<string> UnknownMigrations, IReadOnlyList<TableRows> Tables)
{
    public bool IsUpToDate => MissingMigrations.Count == 0 && UnknownMigrations.Count == 0;
}

/// <summary>
/// Backup and restore. SQLite: a consistent copy taken with VACUUM INTO while the app may be running, and a restore
/// that copies a checked backup over the database while the app is stopped. PostgreSQL: pg_dump and pg_restore do
/// the copying; this class only checks the result.
/// </summary>
public static class DatabaseBackup
{
    public const string MigrationsTable = HistoryRepository.DefaultTableName;

    /// <summary>Every table the product stores rows in, from the EF model, plus the migrations history.</summary>
    public static IReadOnlyList<string> TableNames(AppDbContext db) =>
        db.Model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Append(MigrationsTable)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Checks the migrations and, when none is missing, counts each table's rows.</summary>
    public static async Task<DatabaseCheck> CheckAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var missing = known.Except(applied).ToList();
        var unknown = applied.Except(known).ToList();
        var tables = new List<TableRows>();
        if (missing.Count == 0)
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                foreach (var table in TableNames(db))
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                    tables.Add(new TableRows(table, Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return new DatabaseCheck(applied.Count, missing, unknown, tables);
    }

    /// <summary>A context on a SQLite file, opened read-only so checking a backup never changes it.</summary>
    public static SqliteAppDbContext OpenSqliteFile(string path, bool readOnly) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString)
            .Options);

    /// <summary>
    /// Writes a consistent copy of the SQLite database to <paramref name="target"/>. VACUUM INTO reads in one
    /// transaction, so writers can carry on; the copy goes to a temporary file first, so a failure leaves no half file.
    /// </summary>
    public static async Task BackupSqliteAsync(string connectionString, string target, CancellationToken cancellationToken = default)
    {
        var temporary = TemporaryBeside(target);
        try
        {
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO $target";
                command.Parameters.AddWithValue("$target", temporary);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Why the file cannot be restored, or null when it is a whole SQLite database of this product, fully migrated.</summary>
    public static async Task<string?> ProblemWithSqliteBackupAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return $"There is no file {path}.";
        }

        var header = new byte[16];
        await using (var file = File.OpenRead(path))
        {
            if (await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken) < header.Length
                || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            {
                return $"{path} is not a SQLite database, so it is not a backup made by this product's backup command.";
            }
        }

        await using var db = OpenSqliteFile(path, readOnly: true);
        try
        {
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                command.CommandText = "PRAGMA quick_check";
                if (await command.ExecuteScalarAsync(cancellationToken) is not "ok")
                {
                    return $"{path} is a damaged SQLite database (its quick check failed), so it cannot be restored.";
                }

                command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{MigrationsTable}'";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    return $"{path} is a SQLite database but not one of this product's: it has no migrations history.";
                }
            }

            var check = await CheckAsync(db, cancellationToken);
            if (check.UnknownMigrations.Count > 0)
            {
                return $"{path} comes from a newer version of this product (it has migrations this version does not know: {string.Join(", ", check.UnknownMigrations)}). Restore it with that version.";
            }

            if (check.MissingMigrations.Count > 0)
            {
                return $"{path} lacks {check.MissingMigrations.Count} of this version's migrations (the first is {check.MissingMigrations[0]}), so it is not a whole backup of this product's database.";
            }

            return null;
        }
        catch (SqliteException exception)
        {
            return $"{path} could not be read as a SQLite database: {exception.Message}";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// Copies a backup (already checked) over the SQLite database file. The app must be stopped. The backup is copied
    /// beside the database first and then moved into place, so a failure leaves the old database whole; the old
    /// database's write-ahead log is folded in first and removed, so it cannot be replayed onto the restored file.
    /// </summary>
    public static async Task RestoreSqliteAsync(string backup, string connectionString, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = TemporaryBeside(target);
        try
        {
            File.Copy(backup, temporary);
            if (File.Exists(target))
            {
                await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            SqliteConnection.ClearAllPools();
            File.Delete(target + "-wal");
            File.Delete(target + "-shm");
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The pg_dump command that backs up the configured PostgreSQL database to <paramref name="target"/>; the password is left out.</summary>
    public static string PgDumpCommand(string connectionString, string target) =>
        $"pg_dump --format=custom --no-owner --file={Quote(target)} {Quote(ConnectionInfo(connectionString))}";

    /// <summary>The pg_restore command that restores <paramref name="backup"/> into the configured PostgreSQL database, replacing what is there.</summary>
    public static string PgRestoreCommand(string connectionString, string backup) =>
        $"pg_restore --clean --if-exists --no-owner --single-transaction --dbname={Quote(ConnectionInfo(connectionString))} {Quote(backup)}";

    // libpq's key=value form of the connection string, without the password (give it as PGPASSWORD or in ~/.pgpass).
    private static string ConnectionInfo(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var parts = new List<string> { $"host={builder.Host}", $"port={builder.Port}", $"dbname={builder.Database}" };
        if (!string.IsNullOrEmpty(builder.Username))
        {
            parts.Add($"user={builder.Username}");
        }

        return string.Join(' ', parts);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string TemporaryBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
}

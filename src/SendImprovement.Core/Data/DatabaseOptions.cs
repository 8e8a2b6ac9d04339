using Microsoft.Data.Sqlite;

namespace SendImprovement.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The <c>Database</c> configuration section, shared by the web app and the command line:
/// <c>Database:Provider</c> (Sqlite or Postgres) and <c>Database:ConnectionString</c>, also settable as
/// <c>Database__Provider</c> and <c>Database__ConnectionString</c> environment variables.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string DefaultSqliteConnectionString = "Data Source=data/send-improvement.db";

    /// <summary>
    /// The most connections one instance of the app opens to PostgreSQL, unless the connection string sets its own
    /// Maximum Pool Size. Npgsql's default (100) is PostgreSQL's default max_connections, so a burst of saves could
    /// take every connection the server allows and fail with "too many clients"; below it, a burst waits for a free
    /// connection instead, and backups, the command line and a second instance still get in.
    /// </summary>
    public const int DefaultPostgresMaxPoolSize = 30;

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString => Provider switch
    {
        DatabaseProvider.Sqlite => string.IsNullOrWhiteSpace(ConnectionString) ? DefaultSqliteConnectionString : ConnectionString,
        _ => string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new InvalidOperationException(
                "Database:Provider is Postgres but Database:ConnectionString is empty. Set Database__ConnectionString, for example " +
                "\"Host=localhost;Database=send_improvement;Username=send;Password=...\".")
            : WithDefaultPoolSize(ConnectionString),
    };

    /// <summary>Creates the folder a SQLite database file lives in, so a fresh checkout runs without setup.</summary>
    public void EnsureSqliteFolderExists()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var dataSource = new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite at {Path.GetFullPath(new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource)}",
        _ => $"PostgreSQL ({new Npgsql.NpgsqlConnectionStringBuilder(EffectiveConnectionString) { Password = null }.ConnectionString})",
    };

    private static string WithDefaultPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var setsPoolSize = given.Keys.Cast<string>()
            .Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal))
            .Any(k => k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase));
        return setsPoolSize
            ? connectionString
            : $"{connectionString.TrimEnd(';', ' ')};Maximum Pool Size={DefaultPostgresMaxPoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}

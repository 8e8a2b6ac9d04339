using Microsoft.Data.Sqlite;
using Npgsql;

namespace SendImprovement.Web.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for a test run: a SQLite file, or a PostgreSQL database on the server ./test.sh starts.
/// TEST_DATABASE chooses (Sqlite by default, or Postgres); TEST_POSTGRES gives the server's connection string.
/// A missing server is a failure with the reason, never a skip.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;
    private readonly string? _sqlitePath;

    private TestDatabase(string provider, string connectionString, string? postgresAdmin, string? postgresName, string? sqlitePath)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        _sqlitePath = sqlitePath;
    }

    public static string ProviderName => Environment.GetEnvironmentVariable("TEST_DATABASE") is { Length: > 0 } value ? value : "Sqlite";

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"si_test_{Guid.NewGuid():N}";
        if (string.Equals(ProviderName, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var admin = Environment.GetEnvironmentVariable("TEST_POSTGRES");
            if (string.IsNullOrEmpty(admin))
            {
                throw new InvalidOperationException("TEST_DATABASE is Postgres but TEST_POSTGRES (the server's connection string) is not set. Run the tests with ./test.sh, which starts a server.");
            }

            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            return new TestDatabase("Postgres", builder.ConnectionString, admin, name, null);
        }

        var folder = Path.Combine(Path.GetTempPath(), "send-improvement-tests");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".db");
        return new TestDatabase("Sqlite", $"Data Source={path}", null, null, path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        else if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Data;

/// <summary>The context for SQLite; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The context for PostgreSQL; its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Sort keys compare byte by byte, as SQLite does; a linguistic collation would ignore the dots.
        builder.Entity<PlanItem>().Property(i => i.RefSortKey).UseCollation("C");

        // The figures' indexed codes are identifiers, compared byte by byte: a linguistic comparison cost a million-row
        // load about 1.5 s in index upkeep, and the loader's staging table uses the same collation (ADR 12).
        builder.Entity<MeasureObservation>().Property(o => o.PeriodType).UseCollation("C");
        builder.Entity<ComparatorValue>(v =>
        {
            v.Property(x => x.Series).UseCollation("C");
            v.Property(x => x.Code).UseCollation("C");
            v.Property(x => x.PeriodType).UseCollation("C");
        });
    }
}

/// <summary>Used by "dotnet ef migrations add ... --context SqliteAppDbContext".</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Used by "dotnet ef migrations add ... --context PostgresAppDbContext"; it never connects.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}

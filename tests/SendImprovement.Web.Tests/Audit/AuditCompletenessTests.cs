using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SendImprovement.Web.Tests.Audit;

/// <summary>
/// Audit completeness (issue 6, point 2): every kind of write the product has leaves an audit entry saying who, when,
/// and the old and new values.
/// <para>
/// The list of write kinds comes from the code, in two ways, so that a new one cannot be missed silently:
/// </para>
/// <list type="bullet">
/// <item>Every write goes through a public method of a Core class that takes the <see cref="Actor"/> doing it (the web
/// pages, the API and the command line are thin over these). Reflection lists every such method; each must be either a
/// named case in <see cref="AuditCases"/> or a declared read in <see cref="AuditCases.Reads"/>. A new method that is
/// neither fails <see cref="EveryWriteMethod_HasACase"/>.</item>
/// <item>Every entity type in the EF model must be audited by the context (<see cref="IAudited"/>, or a many-to-many
/// join), or be on a short list of exceptions with the reason (the audit itself, Data Protection keys, and the Identity
/// tables, which <c>UserService</c> audits explicitly as ADR 3 says). A new table fails
/// <see cref="EveryEntityType_IsAuditedOrExplained"/>.</item>
/// </list>
/// <para>
/// Each case then runs through the real Core services (the ones the pages call) against the test database and checks
/// what was written: every new audit entry names the actor and has the pinned time; the case's own expected values
/// (old and new) are in the entries; and every table whose row count changed is named in the entries' changes, except
/// for the documented bulk tables of a figures load, whose entry gives the counts in its summary instead.
/// </para>
/// <para>
/// Not cases, on purpose: writes no one asks for as a change to programme data (an API token's last-used time, the
/// sign-in counters of Identity, Data Protection keys; ADR 3) and the demo loader, which takes no actor but can only
/// save programme data through the audited context, as every write to an <see cref="IAudited"/> type must.
/// </para>
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed class AuditCompletenessTests(AppFactory factory, ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Entity types the context does not audit, and why.</summary>
    private static readonly Dictionary<Type, string> NotAuditedEntityTypes = new()
    {
        [typeof(AuditEntry)] = "the audit itself: only ever added",
        [typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)] = "operational: the keys that protect cookies, not programme data",
    };

    [Fact]
    public void EveryWriteMethod_HasACase()
    {
        var named = AuditCases.Names.Select(n => n.Split(' ')[0]).ToHashSet();
        var methods = ActorMethods().ToList();

        var unclassified = methods.Where(m => !named.Contains(m) && !AuditCases.Reads.ContainsKey(m)).ToList();
        var stale = named.Concat(AuditCases.Reads.Keys).Where(n => !methods.Contains(n)).ToList();

        Assert.True(unclassified.Count == 0, $"Public methods taking an Actor with no audit case and not declared a read: {string.Join(", ", unclassified)}");
        Assert.True(stale.Count == 0, $"Cases or reads naming methods that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public void EveryEntityType_IsAuditedOrExplained()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var unexplained = db.Model.GetEntityTypes()
            .Where(t => !t.HasSharedClrType && !typeof(IAudited).IsAssignableFrom(t.ClrType))
            .Where(t => !NotAuditedEntityTypes.ContainsKey(t.ClrType) && !IsIdentityType(t.ClrType))
            .Select(t => t.ClrType.Name)
            .ToList();

        Assert.True(unexplained.Count == 0, $"Entity types neither audited nor explained: {string.Join(", ", unexplained)}");
    }

    [Fact]
    public async Task EveryWriteKind_LeavesAnAuditEntry()
    {
        var world = await TestWorld.CreateAsync(factory);
        var cases = new AuditCases(factory, world);
        await cases.PrepareAsync();

        var problems = new List<string>();
        var kinds = 0;
        var audited = 0;
        foreach (var (name, act) in cases.All())
        {
            kinds++;
            var before = await StateAsync();
            var expectation = await act();
            var after = await StateAsync();
            var caseProblems = await CheckAsync(name, expectation, before, after);
            if (caseProblems.Count == 0)
            {
                audited++;
            }

            problems.AddRange(caseProblems);
        }

        var missingNames = AuditCases.Names.Except(cases.All().Select(c => c.Name)).ToList();
        problems.AddRange(missingNames.Select(n => $"{n}: named but not run"));

        output.WriteLine($"Audit completeness: {kinds} write kinds, {audited} audited, {kinds - audited} missing entries");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(AuditCases.Names.Count, kinds);
    }

    private static bool IsIdentityType(Type type) =>
        type == typeof(Core.Users.AppUser) || type.Namespace == typeof(IdentityRole).Namespace;

    private static IEnumerable<string> ActorMethods() =>
        typeof(AppDbContext).Assembly.GetExportedTypes()
            .Where(t => t.IsClass)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && m.GetParameters().Any(p => p.ParameterType == typeof(Actor)))
            .Where(m => m.ReturnType == typeof(Task) || (m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .Distinct();

    private async Task<DatabaseState> StateAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = new Dictionary<string, int>();
        foreach (var table in Tables(db).Keys)
        {
            // The table names come from the EF model, not from input.
            var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
            counts[table] = await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
        }

        var lastId = await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0;
        return new DatabaseState(counts, lastId);
    }

    /// <summary>Each table, with the name its rows have in audit changes.</summary>
    private static Dictionary<string, string> Tables(AppDbContext db)
    {
        var tables = new Dictionary<string, string>();
        foreach (var type in db.Model.GetEntityTypes())
        {
            var table = type.GetTableName();
            if (table is null || type.ClrType == typeof(AuditEntry) || NotAuditedEntityTypes.ContainsKey(type.ClrType))
            {
                continue;
            }

            // UserService records accounts and their roles as "User" changes.
            tables[table] = IsIdentityType(type.ClrType) ? "User" : type.HasSharedClrType ? type.Name : type.ClrType.Name;
        }

        return tables;
    }

    private async Task<List<string>> CheckAsync(string name, AuditExpectation expectation, DatabaseState before, DatabaseState after)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Id > before.LastAuditId).OrderBy(a => a.Id).ToListAsync();
        var problems = new List<string>();
        if (entries.Count == 0)
        {
            return [$"{name}: no audit entry"];
        }

        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var changes = new List<AuditChange>();
        foreach (var entry in entries)
        {
            if (entry.ActorName != expectation.Actor.Name || entry.ActorUserId != expectation.Actor.UserId)
            {
                problems.Add($"{name}: entry “{entry.Action}” names {entry.ActorName} ({entry.ActorUserId}), not {expectation.Actor.Name} ({expectation.Actor.UserId})");
            }

            if (entry.OccurredAtUtc != now)
            {
                problems.Add($"{name}: entry “{entry.Action}” is dated {entry.OccurredAtUtc:O}, not {now:O}");
            }

            var entryChanges = JsonSerializer.Deserialize<List<AuditChange>>(entry.ChangesJson, Json) ?? [];
            if (entryChanges.Count == 0 && expectation.BulkSummary is null)
            {
                problems.Add($"{name}: entry “{entry.Action}” lists no changed values");
            }

            // ADR 3: password and token hashes are never written to the audit.
            problems.AddRange(entryChanges.Where(c => c.Field.Contains("Hash", StringComparison.OrdinalIgnoreCase))
                .Select(c => $"{name}: entry “{entry.Action}” records {c.Entity}.{c.Field}"));
            changes.AddRange(entryChanges);
        }

        foreach (var (entity, field, old, @new) in expectation.Values)
        {
            if (!changes.Any(c => c.Entity == entity && c.Field == field && Matches(old, c.Old) && Matches(@new, c.New)))
            {
                problems.Add($"{name}: no change {entity}.{field} from “{old ?? "(none)"}” to “{@new ?? "(none)"}”");
            }
        }

        if (expectation.BulkSummary is { } summary && !entries.Any(e => e.Summary?.Contains(summary, StringComparison.Ordinal) == true))
        {
            problems.Add($"{name}: no entry summarises the load as “{summary}”");
        }

        var tables = Tables(db);
        foreach (var (table, count) in after.Counts)
        {
            if (count == before.Counts[table] || expectation.BulkTables.Contains(table))
            {
                continue;
            }

            if (!changes.Any(c => c.Entity == tables[table]))
            {
                problems.Add($"{name}: {table} went from {before.Counts[table]} to {count} rows, but no audit entry lists a {tables[table]} change");
            }
        }

        return problems;
    }

    /// <summary>An expected value: null means no value, "*" any value.</summary>
    private static bool Matches(string? expected, string? actual) =>
        expected == "*" ? actual is not null : expected == actual;

    private sealed record DatabaseState(Dictionary<string, int> Counts, long LastAuditId);
}

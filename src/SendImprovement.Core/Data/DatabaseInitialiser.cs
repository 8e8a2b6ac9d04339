using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Core.Data;

/// <summary>Brings a database up to date on start: migrations, then the built-in roles, rating scale and plan kinds.</summary>
public sealed class DatabaseInitialiser(AppDbContext db, IOptions<DatabaseOptions> options, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public async Task InitialiseAsync(CancellationToken cancellationToken = default)
    {
        options.Value.EnsureSqliteFolderExists();
        await db.Database.MigrateAsync(cancellationToken);

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (!await db.RatingScales.AnyAsync(s => s.Key == BuiltInPlanKinds.Brag, cancellationToken))
        {
            db.RatingScales.Add(BuiltInPlanKinds.BragScale());
            await db.SaveChangesAsync(new AuditContext(Actor.System("Set-up"), "Built-in rating scale added") { Summary = "BRAG" }, clock, cancellationToken);
        }

        var scale = await db.RatingScales.FirstAsync(s => s.Key == BuiltInPlanKinds.Brag, cancellationToken);
        var existing = await db.PlanKinds.Select(k => k.Key).ToListAsync(cancellationToken);
        var missing = BuiltInPlanKinds.Kinds(scale).Where(k => !existing.Contains(k.Key)).ToList();
        if (missing.Count > 0)
        {
            db.PlanKinds.AddRange(missing);
            await db.SaveChangesAsync(
                new AuditContext(Actor.System("Set-up"), "Built-in plan kinds added") { Summary = string.Join(", ", missing.Select(k => k.Name)) },
                clock,
                cancellationToken);
        }
    }

    public async Task<bool> HasPartnershipsAsync(CancellationToken cancellationToken = default) =>
        await db.Partnerships.AnyAsync(cancellationToken);

    /// <summary>True when nobody has put anything in yet: no partnerships and no users.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        !await db.Partnerships.AnyAsync(cancellationToken) && !await db.Users.AnyAsync(cancellationToken);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Users;

namespace SendImprovement.Core.Data;

/// <summary>
/// The one database context. Each provider has a subclass that owns its migrations
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    private static readonly HashSet<string> NotAuditedProperties =
        ["Version", "RefSortKey", "MatchKey", "Hash", "ConcurrencyStamp", "Content"];

    private bool _savingWithAudit;

    public DbSet<Partnership> Partnerships => Set<Partnership>();

    public DbSet<Area> Areas => Set<Area>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<PersonNameVariant> PersonNameVariants => Set<PersonNameVariant>();

    public DbSet<RatingScale> RatingScales => Set<RatingScale>();

    public DbSet<RatingScaleValue> RatingScaleValues => Set<RatingScaleValue>();

    public DbSet<PlanKind> PlanKinds => Set<PlanKind>();

    public DbSet<PlanKindLevel> PlanKindLevels => Set<PlanKindLevel>();

    public DbSet<PlanKindField> PlanKindFields => Set<PlanKindField>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<PlanTag> PlanTags => Set<PlanTag>();

    public DbSet<PlanItem> PlanItems => Set<PlanItem>();

    public DbSet<PlanItemAssignment> PlanItemAssignments => Set<PlanItemAssignment>();

    public DbSet<PlanItemField> PlanItemFields => Set<PlanItemField>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<DeadlineRevision> DeadlineRevisions => Set<DeadlineRevision>();

    public DbSet<ProgressNote> ProgressNotes => Set<ProgressNote>();

    public DbSet<EvidenceLink> EvidenceLinks => Set<EvidenceLink>();

    public DbSet<ItemLink> ItemLinks => Set<ItemLink>();

    public DbSet<ReportingPeriod> ReportingPeriods => Set<ReportingPeriod>();

    public DbSet<ItemUpdate> ItemUpdates => Set<ItemUpdate>();

    public DbSet<SectionReview> SectionReviews => Set<SectionReview>();

    public DbSet<PeriodSnapshot> PeriodSnapshots => Set<PeriodSnapshot>();

    public DbSet<EasyReadText> EasyReadTexts => Set<EasyReadText>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ImportRecord> ImportRecords => Set<ImportRecord>();

    public DbSet<SavedMapping> SavedMappings => Set<SavedMapping>();

    public DbSet<Measure> Measures => Set<Measure>();

    public DbSet<MeasureTrajectoryStep> MeasureTrajectorySteps => Set<MeasureTrajectoryStep>();

    public DbSet<MeasureLink> MeasureLinks => Set<MeasureLink>();

    public DbSet<MeasureObservation> MeasureObservations => Set<MeasureObservation>();

    public DbSet<MeasureCommentary> MeasureCommentaries => Set<MeasureCommentary>();

    public DbSet<ComparatorValue> ComparatorValues => Set<ComparatorValue>();

    public DbSet<StatisticalNeighbour> StatisticalNeighbours => Set<StatisticalNeighbour>();

    public DbSet<MeasureLoad> MeasureLoads => Set<MeasureLoad>();

    /// <summary>The keys that protect sign-in cookies and form tokens, shared by every instance of the app.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Saves the pending changes and, in the same transaction, an audit entry listing every changed value with
    /// who made the change and why.
    /// </summary>
    public async Task<AuditEntry> SaveChangesAsync(AuditContext audit, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        RefuseNullCharacters();
        var captured = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is IAudited || e.Metadata.HasSharedClrType)
            .Select(e => new CapturedChange(e, e.State, e.State == EntityState.Added ? [] : ChangedValues(e)))
            .ToList();

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            _savingWithAudit = true;
            GuardAudit();
            await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);

            var changes = captured
                .SelectMany(c => c.State == EntityState.Added ? AddedValues(c.Entry) : c.Values)
                .Concat(audit.Changes ?? [])
                .ToList();
            var entry = new AuditEntry
            {
                OccurredAtUtc = clock.GetUtcNow().UtcDateTime,
                ActorUserId = audit.Actor.UserId,
                ActorName = audit.Actor.Name,
                Action = audit.Action,
                Summary = audit.Summary,
                Reason = audit.Reason,
                PartnershipId = audit.PartnershipId,
                PlanId = audit.Subject switch
                {
                    Plan plan => plan.Id,
                    PlanItem item => item.PlanId,
                    _ => audit.PlanId,
                },
                PlanItemId = audit.Subject is PlanItem subject ? subject.Id : audit.PlanItemId,
                ChangesJson = JsonSerializer.Serialize(changes, AuditJson.Options),
            };
            AuditEntries.Add(entry);
            await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return entry;
        }
        finally
        {
            _savingWithAudit = false;
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// PostgreSQL cannot store U+0000 in text, so a value holding one (typed, pasted or in an uploaded file) is refused
    /// on every database with a message naming the field, before anything is written, never a server error.
    /// </summary>
    private void RefuseNullCharacters()
    {
        var errors = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .SelectMany(e => e.Properties.Where(p => (e.State == EntityState.Added || p.IsModified) && p.CurrentValue is string text && text.Contains('\0', StringComparison.Ordinal)))
            .Select(p => p.Metadata.Name)
            .Distinct()
            .Select(name => new FieldError(name, $"{Describe(name)} contains a null character (an invisible control code, often from a copy and paste), which cannot be stored. Remove it and try again."))
            .ToList();
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        // "KeyActivitiesCompleted" → "Key activities completed".
        static string Describe(string name) =>
            string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAudit();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAudit();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);

        // Every DateTime is UTC. SQLite stores text without a zone, so say so when reading it back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.HasOne<Partnership>().WithMany().HasForeignKey(u => u.PartnershipId).OnDelete(DeleteBehavior.Restrict);
            user.HasOne<Person>().WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Partnership>(p =>
        {
            p.HasIndex(x => x.Name).IsUnique();
            p.HasMany(x => x.Areas).WithOne(a => a.Partnership).OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.Organisations).WithOne(o => o.Partnership).OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.People).WithOne(o => o.Partnership).OnDelete(DeleteBehavior.Restrict);
            p.Property(x => x.RegionCode).HasMaxLength(ComparatorValue.MaxCodeLength);
            p.Property(x => x.RegionName).HasMaxLength(ComparatorValue.MaxNameLength);
        });

        builder.Entity<Area>().Property(a => a.CouncilCode).HasMaxLength(ComparatorValue.MaxCodeLength);

        builder.Entity<Person>(p =>
        {
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasMany(x => x.NameVariants).WithOne(v => v.Person).OnDelete(DeleteBehavior.Cascade);
            p.HasOne(x => x.Organisation).WithMany().OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PersonNameVariant>().HasIndex(v => v.MatchKey);

        builder.Entity<RatingScale>(s =>
        {
            s.HasIndex(x => x.Key).IsUnique();
            s.HasMany(x => x.Values).WithOne().HasForeignKey(v => v.RatingScaleId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PlanKind>(k =>
        {
            k.HasIndex(x => x.Key).IsUnique();
            k.HasOne(x => x.RatingScale).WithMany().OnDelete(DeleteBehavior.Restrict);
            k.HasMany(x => x.Levels).WithOne().HasForeignKey(l => l.PlanKindId).OnDelete(DeleteBehavior.Cascade);
            k.HasMany(x => x.Fields).WithOne().HasForeignKey(f => f.PlanKindId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Plan>(p =>
        {
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne(x => x.Partnership).WithMany().OnDelete(DeleteBehavior.Restrict);
            p.HasOne(x => x.Kind).WithMany().HasForeignKey(x => x.PlanKindId).OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.Items).WithOne(i => i.Plan).OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.Tags).WithOne(t => t.Plan).OnDelete(DeleteBehavior.Restrict);
            MapPlanDate(p.ComplexProperty(x => x.Period));
        });

        builder.Entity<PlanItem>(i =>
        {
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasIndex(x => new { x.PlanId, x.ParentId });
            i.HasIndex(x => x.RefSortKey);
            i.HasOne(x => x.Parent).WithMany(x => x.Children).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.Assignments).WithOne(a => a.PlanItem).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.Fields).WithOne(f => f.PlanItem).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.Ratings).WithOne(r => r.PlanItem).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.DeadlineRevisions).WithOne(r => r.PlanItem).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.ProgressNotes).WithOne(n => n.PlanItem).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.LinksFrom).WithOne(l => l.FromItem).HasForeignKey(l => l.FromItemId).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.LinksTo).WithOne(l => l.ToItem).HasForeignKey(l => l.ToItemId).OnDelete(DeleteBehavior.Restrict);
            i.HasMany(x => x.Areas).WithMany().UsingEntity("PlanItemAreas");
            i.HasMany(x => x.Tags).WithMany().UsingEntity("PlanItemTags");
            MapPlanDate(i.ComplexProperty(x => x.Start));
            MapPlanDate(i.ComplexProperty(x => x.Deadline));
        });

        builder.Entity<PlanItemAssignment>(a =>
        {
            a.HasIndex(x => x.MatchKey);
            a.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Restrict);

            // Matching initials to a person checks the lead is still unmatched, so two matches at once cannot both win.
            a.Property(x => x.PersonId).IsConcurrencyToken();
        });

        builder.Entity<PlanItemField>().HasIndex(f => new { f.PlanItemId, f.Key }).IsUnique();

        builder.Entity<Rating>().HasIndex(r => new { r.PlanItemId, r.AppliesFrom });

        builder.Entity<DeadlineRevision>(r =>
        {
            MapPlanDate(r.ComplexProperty(x => x.Previous));
            MapPlanDate(r.ComplexProperty(x => x.New));
        });

        builder.Entity<ProgressNote>()
            .HasMany(n => n.EvidenceLinks).WithOne().HasForeignKey(l => l.ProgressNoteId).OnDelete(DeleteBehavior.Restrict);

        builder.Entity<ReportingPeriod>(p =>
        {
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasIndex(x => new { x.PlanId, x.Name }).IsUnique();
            p.HasOne(x => x.Plan).WithMany().OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.Updates).WithOne(u => u.ReportingPeriod).OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.SectionReviews).WithOne(r => r.ReportingPeriod).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ItemUpdate>(u =>
        {
            u.Property(x => x.Version).IsConcurrencyToken();
            u.HasIndex(x => new { x.ReportingPeriodId, x.PlanItemId }).IsUnique();
            u.HasOne(x => x.PlanItem).WithMany().OnDelete(DeleteBehavior.Restrict);
            u.HasOne(x => x.Rating).WithMany().HasForeignKey(x => x.RatingId).OnDelete(DeleteBehavior.Restrict);
            u.HasOne(x => x.ProgressNote).WithMany().HasForeignKey(x => x.ProgressNoteId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SectionReview>(r =>
        {
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasIndex(x => new { x.ReportingPeriodId, x.PlanItemId }).IsUnique();
            r.HasOne(x => x.PlanItem).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PeriodSnapshot>(s =>
        {
            s.HasIndex(x => x.ReportingPeriodId);
            s.HasOne<ReportingPeriod>().WithMany().HasForeignKey(x => x.ReportingPeriodId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<EasyReadText>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.ReportingPeriodId, x.PlanItemId }).IsUnique();
            e.HasOne<ReportingPeriod>().WithMany().HasForeignKey(x => x.ReportingPeriodId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PlanItem>().WithMany().HasForeignKey(x => x.PlanItemId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ImportRecord>(r =>
        {
            r.Property(x => x.Version).IsConcurrencyToken();
            r.Property(x => x.FileName).HasMaxLength(ImportRecord.MaxFileNameLength);
            r.Property(x => x.FileSha256).HasMaxLength(64);
            r.Property(x => x.UploadedByName).HasMaxLength(200);
            r.Property(x => x.CommittedByName).HasMaxLength(200);
            r.HasIndex(x => new { x.PartnershipId, x.UploadedAtUtc });
            r.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Plan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<SavedMapping>(m =>
        {
            m.Property(x => x.Version).IsConcurrencyToken();
            m.Property(x => x.Name).HasMaxLength(SavedMapping.MaxNameLength);
            m.Property(x => x.SavedByName).HasMaxLength(200);
            m.HasIndex(x => new { x.PartnershipId, x.Name }).IsUnique();
            m.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Measure>(m =>
        {
            m.Property(x => x.Version).IsConcurrencyToken();
            m.Property(x => x.Name).HasMaxLength(Measure.MaxNameLength);
            m.Property(x => x.Code).HasMaxLength(Measure.MaxCodeLength);
            m.Property(x => x.Theme).HasMaxLength(200);
            m.Property(x => x.Source).HasMaxLength(500);
            m.Property(x => x.ComparatorSeries).HasMaxLength(Measure.MaxSeriesLength);
            m.Property(x => x.StarterKey).HasMaxLength(60);
            m.HasIndex(x => new { x.PartnershipId, x.Code }).IsUnique();
            m.HasOne(x => x.Partnership).WithMany().OnDelete(DeleteBehavior.Restrict);
            m.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
            m.HasMany(x => x.Trajectory).WithOne().HasForeignKey(t => t.MeasureId).OnDelete(DeleteBehavior.Cascade);
            m.HasMany(x => x.Links).WithOne(l => l.Measure).HasForeignKey(l => l.MeasureId).OnDelete(DeleteBehavior.Restrict);
            m.HasMany(x => x.Areas).WithMany().UsingEntity("MeasureAreas");
        });

        builder.Entity<MeasureLink>(l =>
        {
            l.Property(x => x.LinkedByName).HasMaxLength(200);
            l.HasIndex(x => new { x.MeasureId, x.PlanItemId }).IsUnique();
            l.HasIndex(x => x.PlanItemId);
            l.HasOne(x => x.PlanItem).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<MeasureObservation>(o =>
        {
            // Replacing a figure checks it is still current, so two corrections at once cannot both become current.
            o.Property(x => x.ReplacedAtUtc).IsConcurrencyToken();
            o.Property(x => x.Symbol).HasMaxLength(4);
            o.Property(x => x.Note).HasMaxLength(MeasureObservation.MaxNoteLength);
            o.Property(x => x.RecordedByName).HasMaxLength(200);
            o.Property(x => x.Reason).HasMaxLength(1000);
            o.HasIndex(x => new { x.MeasureId, x.PeriodType, x.PeriodStart, x.AreaId });

            // No foreign keys on the two figure tables: a per-row check was a third of a million-row load on
            // PostgreSQL, and measures, areas and partnerships are never deleted (ADR 12).
        });

        builder.Entity<MeasureCommentary>(c =>
        {
            c.Property(x => x.ReplacedAtUtc).IsConcurrencyToken();
            c.Property(x => x.Text).HasMaxLength(MeasureCommentary.MaxTextLength);
            c.Property(x => x.WrittenByName).HasMaxLength(200);
            c.HasIndex(x => new { x.MeasureId, x.PeriodType, x.PeriodStart });
            c.HasOne<Measure>().WithMany().HasForeignKey(x => x.MeasureId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ComparatorValue>(v =>
        {
            v.Property(x => x.Series).HasMaxLength(Measure.MaxSeriesLength);
            v.Property(x => x.Code).HasMaxLength(ComparatorValue.MaxCodeLength);
            v.Property(x => x.Name).HasMaxLength(ComparatorValue.MaxNameLength);
            v.Property(x => x.Symbol).HasMaxLength(4);
            v.HasIndex(x => new { x.PartnershipId, x.Series, x.Code, x.PeriodType, x.PeriodStart });
        });

        builder.Entity<StatisticalNeighbour>(n =>
        {
            n.Property(x => x.Code).HasMaxLength(ComparatorValue.MaxCodeLength);
            n.Property(x => x.Name).HasMaxLength(ComparatorValue.MaxNameLength);
            n.HasIndex(x => new { x.PartnershipId, x.Code }).IsUnique();
            n.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<MeasureLoad>(l =>
        {
            l.Property(x => x.Version).IsConcurrencyToken();
            l.Property(x => x.FileName).HasMaxLength(MeasureLoad.MaxFileNameLength);
            l.Property(x => x.FileSha256).HasMaxLength(64);
            l.Property(x => x.UploadedByName).HasMaxLength(200);
            l.Property(x => x.LoadedByName).HasMaxLength(200);
            l.HasIndex(x => new { x.PartnershipId, x.UploadedAtUtc });
            l.HasOne<Partnership>().WithMany().HasForeignKey(x => x.PartnershipId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AuditEntry>(a =>
        {
            a.HasIndex(x => x.OccurredAtUtc);
            a.HasIndex(x => x.PlanItemId);
            a.HasIndex(x => x.PartnershipId);
        });

        builder.Entity<ApiToken>(t =>
        {
            t.HasIndex(x => x.Hash).IsUnique();
            t.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void MapPlanDate<T>(ComplexPropertyBuilder<T> date)
        where T : notnull
    {
        date.IsRequired();
        date.Property("Text").HasMaxLength(PlanDateParser.MaxLength);
        date.Property("Kind").IsRequired();
    }

    private void GuardAudit()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries cannot be changed or deleted.");
        }

        if (!_savingWithAudit && ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && (e.Entity is IAudited || e.Metadata.HasSharedClrType)))
        {
            throw new InvalidOperationException(
                "Changes to programme data must be saved with SaveChangesAsync(AuditContext, ...) so that who, when, what and why are recorded.");
        }
    }

    private static List<AuditChange> ChangedValues(EntityEntry entry)
    {
        var name = entry.Metadata.ClrType == typeof(Dictionary<string, object>) ? entry.Metadata.Name : entry.Metadata.ClrType.Name;
        var id = KeyText(entry);
        var changes = new List<AuditChange>();
        foreach (var (field, property) in AllProperties(entry))
        {
            if (entry.State == EntityState.Modified && !property.IsModified)
            {
                continue;
            }

            var old = Text(property.OriginalValue);
            var current = entry.State == EntityState.Deleted ? null : Text(property.CurrentValue);
            if (old != current)
            {
                changes.Add(new AuditChange(name, id, field, old, current));
            }
        }

        return changes;
    }

    private static IEnumerable<AuditChange> AddedValues(EntityEntry entry)
    {
        var name = entry.Metadata.ClrType == typeof(Dictionary<string, object>) ? entry.Metadata.Name : entry.Metadata.ClrType.Name;
        var id = KeyText(entry);
        foreach (var (field, property) in AllProperties(entry))
        {
            var value = Text(property.CurrentValue);
            if (value is not null && !property.Metadata.IsPrimaryKey())
            {
                yield return new AuditChange(name, id, field, null, value);
            }
        }
    }

    private static IEnumerable<(string Field, PropertyEntry Property)> AllProperties(EntityEntry entry)
    {
        foreach (var property in entry.Properties)
        {
            if (!NotAuditedProperties.Contains(property.Metadata.Name))
            {
                yield return (property.Metadata.Name, property);
            }
        }

        foreach (var complex in entry.ComplexProperties)
        {
            foreach (var property in complex.Properties)
            {
                yield return ($"{complex.Metadata.Name}.{property.Metadata.Name}", property);
            }
        }
    }

    private static string KeyText(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Text(entry.Property(p.Name).CurrentValue)));

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed record CapturedChange(EntityEntry Entry, EntityState State, List<AuditChange> Values);
}

internal sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

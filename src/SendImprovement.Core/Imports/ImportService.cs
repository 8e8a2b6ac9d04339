using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>What a committed import did, kept on its record.</summary>
public sealed record ImportOutcome(
    string Table,
    int HeaderRow,
    IReadOnlyList<ColumnChoice> Columns,
    ImportCounts Counts,
    IReadOnlyList<ImportMessage> Warnings,
    IReadOnlyList<ImportChange> Changes,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> PeopleAdded)
{
    /// <summary>The most warnings and changes kept on the record; the counts are always complete.</summary>
    public const int MaxListed = 2000;

    public string ToJson() => JsonSerializer.Serialize(this, ImportSettings.Json);

    public static ImportOutcome? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<ImportOutcome>(json, ImportSettings.Json);
}

/// <summary>
/// Upload, preview and commit of plan imports. Nothing reaches a plan before the lead confirms, and the commit is one
/// transaction: the items, their history records, new people, areas and marks, the audit entry and the import record.
/// </summary>
public sealed class ImportService(AppDbContext db, TimeProvider clock, ImportLimits? limits = null)
{
    public const string AcceptedExtensions = ".xlsx, .csv or .docx";

    /// <summary>Drafts older than this are removed when someone next uploads a file.</summary>
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromDays(7);

    private readonly ImportLimits _limits = limits ?? ImportLimits.Default;

    /// <summary>Reads every table of a file by its extension; a file that is not what it claims gets a clear message.</summary>
    public static IReadOnlyList<SourceTable> ReadTables(string fileName, Stream content, ImportLimits? limits = null)
    {
        var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        return extension switch
        {
            ".xlsx" => SpreadsheetReader.ReadXlsx(content, limits),
            ".csv" => SpreadsheetReader.ReadCsv(content, limits),
            ".docx" => WordTableReader.ReadDocx(content, limits),
            ".xls" => throw new ImportFileException("This is an old Excel file (.xls). Open it in Excel, save it as an Excel Workbook (.xlsx) and upload it again."),
            ".doc" => throw new ImportFileException("This is an old Word file (.doc). Open it in Word, save it as a Word Document (.docx) and upload it again."),
            ".xlsm" or ".docm" => throw new ImportFileException("Files with macros are not accepted. Save it without macros, as .xlsx or .docx, and upload it again."),
            _ => throw new ImportFileException($"The file must be a spreadsheet or a Word document: {AcceptedExtensions}."),
        };
    }

    public async Task<ImportRecord> UploadAsync(Actor actor, int partnershipId, string? fileName, Stream content, ImportSettings settings, int? planId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(settings);
        RequireManage(actor, partnershipId);
        var errors = new List<FieldError>();
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            errors.Add(new("File", "Select a file"));
        }
        else if (name.Length > ImportRecord.MaxFileNameLength)
        {
            errors.Add(new("File", $"The file name must be {ImportRecord.MaxFileNameLength} characters or fewer"));
        }

        if (planId is not null)
        {
            if (!await db.Plans.AnyAsync(p => p.Id == planId && p.PartnershipId == partnershipId, cancellationToken))
            {
                errors.Add(new("PlanId", "Select a plan of this partnership"));
            }

            settings.KindKey = null;
            settings.PlanName = null;
        }
        else
        {
            if (settings.KindKey is null || !await db.PlanKinds.AnyAsync(k => k.Key == settings.KindKey, cancellationToken))
            {
                errors.Add(new("KindKey", "Select the kind of plan"));
            }

            settings.PlanName = settings.PlanName?.Trim();
            if (string.IsNullOrEmpty(settings.PlanName))
            {
                errors.Add(new("PlanName", "Enter the new plan's name"));
            }
            else if (settings.PlanName.Length > Plan.MaxNameLength)
            {
                errors.Add(new("PlanName", $"The plan's name must be {Plan.MaxNameLength} characters or fewer"));
            }
        }

        if (settings.MappingName is { } mappingName)
        {
            var mapping = await db.SavedMappings.AsNoTracking().FirstOrDefaultAsync(m => m.PartnershipId == partnershipId && m.Name == mappingName, cancellationToken);
            if (mapping is null)
            {
                errors.Add(new("MappingName", $"There is no saved mapping called “{mappingName}”"));
            }
            else
            {
                settings.Columns = JsonSerializer.Deserialize<List<ColumnChoice>>(mapping.ColumnsJson, ImportSettings.Json);
            }
        }

        PlanService.ThrowIfAny(errors);

        byte[] bytes;
        try
        {
            using var buffer = ImportFiles.Buffer(content, _limits);
            bytes = buffer.ToArray();
            using var reading = new MemoryStream(bytes, writable: false);
            ReadTables(name, reading, _limits);
        }
        catch (ImportFileException ex)
        {
            throw new ValidationFailedException("File", ex.Message);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var record = new ImportRecord
        {
            PartnershipId = partnershipId,
            PlanId = planId,
            State = ImportState.Draft,
            FileName = name,
            FileSize = bytes.LongLength,
            FileSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = bytes,
            SettingsJson = settings.ToJson(),
            UploadedByUserId = actor.UserId,
            UploadedByName = actor.Name,
            UploadedAtUtc = now,
        };
        db.ImportRecords.Add(record);

        // Drafts nobody finished are dropped after a week, so uploaded files are not kept longer than needed.
        var cutoff = now - DraftLifetime;
        var stale = await db.ImportRecords.Where(r => r.PartnershipId == partnershipId && r.State == ImportState.Draft && r.UploadedAtUtc < cutoff).ToListAsync(cancellationToken);
        foreach (var old in stale)
        {
            old.State = ImportState.Discarded;
            old.Content = null;
        }

        await db.SaveChangesAsync(new AuditContext(actor, "Import file uploaded") { PartnershipId = partnershipId, PlanId = planId, Summary = name }, clock, cancellationToken);
        return record;
    }

    /// <summary>A draft or finished import of the actor's partnership (404 otherwise).</summary>
    public async Task<ImportRecord> FindAsync(Actor actor, int importId, CancellationToken cancellationToken = default)
    {
        var record = await db.ImportRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == importId, cancellationToken);
        if (record is null || !PlanAccess.CanRead(actor, record.PartnershipId))
        {
            throw new NotFoundException();
        }

        RequireManage(actor, record.PartnershipId);
        return record;
    }

    public async Task<IReadOnlyList<ImportRecord>> ListAsync(Actor actor, int partnershipId, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        return await db.ImportRecords.AsNoTracking()
            .Where(r => r.PartnershipId == partnershipId && r.State != ImportState.Discarded)
            .OrderByDescending(r => r.UploadedAtUtc)
            .Select(r => new ImportRecord
            {
                Id = r.Id,
                PartnershipId = r.PartnershipId,
                PlanId = r.PlanId,
                State = r.State,
                FileName = r.FileName,
                FileSize = r.FileSize,
                FileSha256 = r.FileSha256,
                SettingsJson = r.SettingsJson,
                UploadedByName = r.UploadedByName,
                UploadedAtUtc = r.UploadedAtUtc,
                CommittedByName = r.CommittedByName,
                CommittedAtUtc = r.CommittedAtUtc,
                OutcomeJson = r.OutcomeJson,
                Version = r.Version,
            })
            .Take(200)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Builds the preview of a draft from its file, its choices and what is stored now.</summary>
    public async Task<ImportPreview> PreviewAsync(ImportRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.State != ImportState.Draft || record.Content is null)
        {
            throw new ValidationFailedException(string.Empty, "This import is finished; upload the file again to import it again.");
        }

        var settings = ImportSettings.FromJson(record.SettingsJson);
        using var stream = new MemoryStream(record.Content, writable: false);
        IReadOnlyList<SourceTable> tables;
        try
        {
            tables = ReadTables(record.FileName, stream, _limits);
        }
        catch (ImportFileException ex)
        {
            throw new ValidationFailedException("File", ex.Message);
        }

        var context = await LoadContextAsync(record.PartnershipId, record.PlanId, settings.KindKey, cancellationToken);
        return PlanImport.Build(tables, settings, context);
    }

    /// <summary>Reads a file and previews it without keeping anything (the command line's dry run).</summary>
    public async Task<ImportPreview> PreviewFileAsync(int partnershipId, string fileName, Stream content, ImportSettings settings, int? planId, CancellationToken cancellationToken = default)
    {
        var tables = ReadTables(fileName, content, _limits);
        var context = await LoadContextAsync(partnershipId, planId, settings.KindKey, cancellationToken);
        return PlanImport.Build(tables, settings, context);
    }

    /// <summary>Changes the lead's choices on a draft (mapping, people, fixes, confirmations).</summary>
    public async Task<ImportRecord> SaveChoicesAsync(Actor actor, int importId, int expectedVersion, Action<ImportSettings> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var record = await LoadDraftAsync(actor, importId, expectedVersion, cancellationToken);
        var settings = ImportSettings.FromJson(record.SettingsJson);
        change(settings);
        record.SettingsJson = settings.ToJson();
        record.Version = expectedVersion + 1;
        await SaveAsync(new AuditContext(actor, "Import choices changed") { PartnershipId = record.PartnershipId, PlanId = record.PlanId, Summary = record.FileName }, cancellationToken);
        return record;
    }

    public async Task<IReadOnlyList<SavedMapping>> MappingsAsync(int partnershipId, CancellationToken cancellationToken = default) =>
        await db.SavedMappings.AsNoTracking().Where(m => m.PartnershipId == partnershipId).OrderBy(m => m.Name).ToListAsync(cancellationToken);

    /// <summary>Saves (or replaces) a named mapping for the partnership, to reuse for files with the same columns.</summary>
    public async Task<SavedMapping> SaveMappingAsync(Actor actor, int partnershipId, string? name, IReadOnlyList<ColumnChoice> columns, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        var errors = new List<FieldError>();
        var mappingName = PlanService.Required(name, "MappingName", SavedMapping.MaxNameLength, "Enter a name for the mapping", "The mapping's name", errors);
        PlanService.ThrowIfAny(errors);
        var mapping = await db.SavedMappings.FirstOrDefaultAsync(m => m.PartnershipId == partnershipId && m.Name == mappingName, cancellationToken);
        var json = JsonSerializer.Serialize(columns.Where(c => c.Field != ImportField.Ignore).ToList(), ImportSettings.Json);
        if (mapping is null)
        {
            mapping = new SavedMapping { PartnershipId = partnershipId, Name = mappingName, ColumnsJson = json, SavedByName = actor.Name };
            db.SavedMappings.Add(mapping);
        }
        else
        {
            mapping.ColumnsJson = json;
            mapping.SavedByName = actor.Name;
            mapping.Version++;
        }

        mapping.SavedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await SaveAsync(new AuditContext(actor, "Import mapping saved") { PartnershipId = partnershipId, Summary = mappingName }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is not DbUpdateConcurrencyException)
        {
            // Two people saved a new mapping of the same name at the same moment (the name is unique).
            throw new ConcurrencyConflictException($"Someone saved a mapping called “{mappingName}” at the same moment. Nothing has been saved. Try again, or choose another name.", exception);
        }

        return mapping;
    }

    public async Task DiscardAsync(Actor actor, int importId, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var record = await LoadDraftAsync(actor, importId, expectedVersion, cancellationToken);
        record.State = ImportState.Discarded;
        record.Content = null;
        record.Version = expectedVersion + 1;
        await SaveAsync(new AuditContext(actor, "Import discarded") { PartnershipId = record.PartnershipId, PlanId = record.PlanId, Summary = record.FileName }, cancellationToken);
    }

    /// <summary>
    /// Writes everything the preview shows, in one transaction: if anything fails, nothing is written and the draft
    /// stays as it was.
    /// </summary>
    public async Task<ImportOutcome> CommitAsync(Actor actor, int importId, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var record = await LoadDraftAsync(actor, importId, expectedVersion, cancellationToken);
        var settings = ImportSettings.FromJson(record.SettingsJson);
        var preview = await PreviewAsync(record, cancellationToken);
        if (!preview.CanCommit)
        {
            var errors = preview.Errors.Take(20).Select(e => new FieldError(string.Empty, $"{e.Where}: {e.Message}".TrimStart(':', ' '))).ToList();
            if (preview.UnreadableStillOpen.Count > 0)
            {
                errors.Add(new FieldError("KeepUnreadable", preview.UnreadableStillOpen.Count == 1
                    ? "1 cell could not be read. Correct it, or choose to keep its text as it is"
                    : FormattableString.Invariant($"{preview.UnreadableStillOpen.Count} cells could not be read. Correct them, or choose to keep their text as it is")));
            }

            throw new ValidationFailedException(errors);
        }

        CheckPeopleChoices(preview, settings);

        try
        {
            return await WriteAsync(actor, record, settings, preview, expectedVersion, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            // Someone committed, discarded or changed this draft (or the plan's items) at the same moment.
            throw new ConcurrencyConflictException("Someone changed this import or its plan at the same moment. Nothing has been saved. Open the import again to see where it stands.", exception);
        }
    }

    private async Task<ImportOutcome> WriteAsync(Actor actor, ImportRecord record, ImportSettings settings, ImportPreview preview, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var writer = new ImportWriter(db, clock, actor, record, settings, preview);
        var (plan, peopleAdded) = await writer.WriteAsync(cancellationToken);
        await db.SaveChangesAsync(
            new AuditContext(actor, record.PlanId is null ? "Plan imported" : "Plan updated from a file") { PartnershipId = record.PartnershipId, Subject = plan, Summary = $"{record.FileName}: {Summary(preview.Counts)}" },
            clock,
            cancellationToken);

        var outcome = new ImportOutcome(
            preview.Tables[preview.TableIndex].Name,
            preview.HeaderRow,
            preview.Columns.Where(c => c.Field != ImportField.Ignore).ToList(),
            preview.Counts,
            preview.Warnings.Concat(preview.Unreadable.Select(u => new ImportMessage(u.Row, u.Header, $"{u.Problem} (kept as written: “{u.Raw}”)"))).Take(ImportOutcome.MaxListed).ToList(),
            preview.Changes.Take(ImportOutcome.MaxListed).ToList(),
            preview.Missing.Take(ImportOutcome.MaxListed).ToList(),
            peopleAdded);
        record.PlanId = plan.Id;
        record.State = ImportState.Committed;
        record.Content = null;
        record.CommittedAtUtc = clock.GetUtcNow().UtcDateTime;
        record.CommittedByName = actor.Name;
        record.OutcomeJson = outcome.ToJson();
        record.Version = expectedVersion + 1;
        await db.SaveChangesAsync(new AuditContext(actor, "Import committed") { PartnershipId = record.PartnershipId, PlanId = plan.Id, Summary = record.FileName }, clock, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public static string Summary(ImportCounts counts) =>
        $"{Count(counts.ItemsNew, "new item")}, {counts.ItemsChanged.ToString(System.Globalization.CultureInfo.InvariantCulture)} changed, {Count(counts.RatingsAdded, "rating")}, {Count(counts.RevisionsAdded, "deadline revision")}, {Count(counts.NotesAdded, "progress note")}";

    private static string Count(int n, string what) => TextCase.Count(n, what);

    private static void CheckPeopleChoices(ImportPreview preview, ImportSettings settings)
    {
        var errors = new List<FieldError>();
        foreach (var lead in preview.Leads)
        {
            if (settings.People.GetValueOrDefault(lead.MatchKey) is { NewName: { } newName } && (newName.Trim().Length == 0 || newName.Trim().Length > Person.MaxNameLength))
            {
                errors.Add(new FieldError($"People[{lead.MatchKey}]", $"Enter the name of the new person for “{lead.Example}” ({Person.MaxNameLength} characters or fewer)"));
            }
        }

        PlanService.ThrowIfAny(errors);
    }

    private async Task<ImportRecord> LoadDraftAsync(Actor actor, int importId, int expectedVersion, CancellationToken cancellationToken)
    {
        var record = await db.ImportRecords.FirstOrDefaultAsync(r => r.Id == importId, cancellationToken);
        if (record is null || !PlanAccess.CanRead(actor, record.PartnershipId))
        {
            throw new NotFoundException();
        }

        RequireManage(actor, record.PartnershipId);
        if (record.State != ImportState.Draft)
        {
            throw new ValidationFailedException(string.Empty, record.State == ImportState.Committed
                ? "This import has already been committed. Upload the file again to import it again."
                : "This import was discarded. Upload the file again to import it.");
        }

        if (record.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException("Someone changed this import since you opened it. Nothing has been saved. Check the preview and try again.");
        }

        db.Entry(record).Property(r => r.Version).OriginalValue = expectedVersion;
        return record;
    }

    private static void RequireManage(Actor actor, int partnershipId)
    {
        if (!PlanAccess.CanRead(actor, partnershipId))
        {
            throw new NotFoundException();
        }

        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw new ForbiddenException("Only a programme lead can import plans.");
        }
    }

    private async Task SaveAsync(AuditContext audit, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(audit, clock, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new ConcurrencyConflictException("Someone changed this import since you opened it. Nothing has been saved. Check the preview and try again.", exception);
        }
    }

    /// <summary>Everything stored that the import compares the file with.</summary>
    public async Task<ImportContext> LoadContextAsync(int partnershipId, int? planId, string? kindKey, CancellationToken cancellationToken = default)
    {
        var kindQuery = db.PlanKinds.AsNoTracking().Include(k => k.Levels).Include(k => k.Fields).Include(k => k.RatingScale).ThenInclude(s => s.Values).AsSplitQuery();
        PlanKind kind;
        if (planId is not null)
        {
            var kindId = await db.Plans.Where(p => p.Id == planId && p.PartnershipId == partnershipId).Select(p => (int?)p.PlanKindId).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException();
            kind = await kindQuery.FirstAsync(k => k.Id == kindId, cancellationToken);
        }
        else
        {
            kind = await kindQuery.FirstOrDefaultAsync(k => k.Key == kindKey, cancellationToken)
                ?? throw new ValidationFailedException("KindKey", "Select the kind of plan");
        }

        var people = await db.People.AsNoTracking()
            .Where(p => p.PartnershipId == partnershipId)
            .Select(p => new PersonKeys(p.Id, p.Name, p.Initials, p.NameVariants.Select(v => v.MatchKey).ToList()))
            .ToListAsync(cancellationToken);
        var areas = await db.Areas.AsNoTracking().Where(a => a.PartnershipId == partnershipId).OrderBy(a => a.Position).Select(a => a.Name).ToListAsync(cancellationToken);
        var refs = await db.PlanItems.AsNoTracking()
            .Where(i => i.Plan.PartnershipId == partnershipId && i.Ref != null)
            .Select(i => new { i.PlanId, i.Id, i.Ref })
            .ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking().Where(p => p.PartnershipId == partnershipId).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var otherPlans = plans.Select(p => new LinkablePlan(
                p.Id,
                p.Name,
                refs.Where(r => r.PlanId == p.Id)
                    .GroupBy(r => Normalise.Ref(r.Ref).Value?.MatchKey ?? string.Empty)
                    .Where(g => g.Key.Length > 0)
                    .ToDictionary(g => g.Key, g => g.First().Id)))
            .ToList();

        return new ImportContext
        {
            Kind = kind,
            PlanId = planId,
            Existing = planId is null ? [] : await ExistingItemsAsync(planId.Value, cancellationToken),
            People = people,
            AreaNames = areas,
            TagCodes = planId is null ? [] : await db.PlanTags.AsNoTracking().Where(t => t.PlanId == planId).Select(t => t.Code).ToListAsync(cancellationToken),
            OtherPlans = otherPlans,
            Today = UkClock.Today(clock),
        };
    }

    private async Task<List<ExistingItem>> ExistingItemsAsync(int planId, CancellationToken cancellationToken)
    {
        var items = await db.PlanItems.AsNoTracking()
            .Where(i => i.PlanId == planId)
            .Select(i => new
            {
                i.Id,
                i.ParentId,
                i.Depth,
                i.Ref,
                i.Title,
                i.Description,
                i.Start,
                i.Deadline,
                i.ProgressStatusText,
                i.LeadText,
                i.Resource,
                i.CurrentRatingValue,
                i.CurrentRatingTentative,
                Areas = i.Areas.Select(a => a.Name).ToList(),
                Tags = i.Tags.Select(t => t.Code).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var ratings = (await db.Ratings.AsNoTracking().Where(r => r.PlanItem.PlanId == planId).Select(r => new { r.PlanItemId, r.Value, r.IsTentative, r.AppliesFrom }).ToListAsync(cancellationToken))
            .ToLookup(r => r.PlanItemId, r => (r.Value, r.IsTentative, r.AppliesFrom));
        var notes = (await db.ProgressNotes.AsNoTracking().Where(n => n.PlanItem.PlanId == planId)
                .Select(n => new { n.PlanItemId, n.KeyActivitiesCompleted, n.NextSteps, n.ProgressAndImpact }).ToListAsync(cancellationToken))
            .ToLookup(n => n.PlanItemId, n => (n.KeyActivitiesCompleted, n.NextSteps, n.ProgressAndImpact));
        var sponsors = (await db.PlanItemAssignments.AsNoTracking().Where(a => a.PlanItem.PlanId == planId && a.Role == AssignmentRole.Sponsor)
                .OrderBy(a => a.Position).Select(a => new { a.PlanItemId, Text = a.RawText ?? a.Person!.Name }).ToListAsync(cancellationToken))
            .GroupBy(a => a.PlanItemId).ToDictionary(g => g.Key, g => g.First().Text);
        var links = (await db.ItemLinks.AsNoTracking().Where(l => l.FromItem.PlanId == planId).Select(l => new { l.FromItemId, l.RawReference, l.ToItemId }).ToListAsync(cancellationToken))
            .ToLookup(l => l.FromItemId);
        var fields = (await db.PlanItemFields.AsNoTracking().Where(f => f.PlanItem.PlanId == planId).Select(f => new { f.PlanItemId, f.Key, f.Value }).ToListAsync(cancellationToken))
            .ToLookup(f => f.PlanItemId);

        return items.Select(i => new ExistingItem(i.Id, i.ParentId, i.Depth, i.Ref, i.Title)
        {
            Description = i.Description,
            Start = i.Start,
            Deadline = i.Deadline,
            StatusText = i.ProgressStatusText,
            LeadText = i.LeadText,
            SponsorText = sponsors.GetValueOrDefault(i.Id),
            Resource = i.Resource,
            RatingValue = i.CurrentRatingValue,
            RatingTentative = i.CurrentRatingTentative,
            RatingHistory = ratings[i.Id].ToList(),
            Notes = notes[i.Id].ToHashSet(),
            LinkReferences = links[i.Id].Where(l => l.RawReference != null).Select(l => l.RawReference!).ToHashSet(StringComparer.OrdinalIgnoreCase),
            LinkTargets = links[i.Id].Where(l => l.ToItemId != null).Select(l => l.ToItemId!.Value).ToHashSet(),
            TagCodes = i.Tags.ToHashSet(StringComparer.OrdinalIgnoreCase),
            AreaNames = i.Areas.ToHashSet(StringComparer.OrdinalIgnoreCase),
            Fields = fields[i.Id].ToDictionary(f => f.Key, f => f.Value),
        }).ToList();
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Measures;

/// <summary>Size limits for files of figures (configuration section "Measures").</summary>
public sealed record MeasureLoadLimits : IUploadLimits
{
    public const string Section = "Measures";

    /// <summary>The largest file of figures that can be uploaded, in megabytes.</summary>
    public int MaxFileMegabytes { get; init; } = 100;

    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024L;

    public static readonly MeasureLoadLimits Default = new();
}

/// <summary>
/// Loading files of figures: the DfE's open-data CSV (England, regions and councils, for chosen indicators) and the
/// simple layout (measure, area, period, value). Upload keeps the file as a draft; the preview checks every row and
/// counts what would change without writing; the load writes it all in one transaction, or nothing.
/// </summary>
public sealed class MeasureLoadService(AppDbContext db, TimeProvider clock, MeasureLoadLimits? limits = null)
{
    public const string AcceptedExtensions = ".csv or .xlsx";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly MeasureLoadLimits _limits = limits ?? MeasureLoadLimits.Default;

    private ImportLimits ReaderLimits => ImportLimits.Default with { MaxFileMegabytes = _limits.MaxFileMegabytes, MaxRows = int.MaxValue };

    public async Task<MeasureLoad> UploadAsync(Actor actor, int partnershipId, string? fileName, Stream content, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            throw new ValidationFailedException("File", "Select a file");
        }

        if (name.Length > MeasureLoad.MaxFileNameLength)
        {
            throw new ValidationFailedException("File", $"The file name must be {MeasureLoad.MaxFileNameLength} characters or fewer");
        }

        byte[] bytes;
        MeasureLoadFormat format;
        try
        {
            using var buffer = ImportFiles.Buffer(content, ReaderLimits);
            bytes = buffer.ToArray();
            format = DetectFormat(name, () => new MemoryStream(bytes, writable: false));
        }
        catch (ImportFileException ex)
        {
            throw new ValidationFailedException("File", ex.Message);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var load = new MeasureLoad
        {
            PartnershipId = partnershipId,
            Format = format,
            State = MeasureLoadState.Draft,
            FileName = name,
            FileSize = bytes.LongLength,
            FileSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = bytes,
            ChoicesJson = "{}",
            UploadedByName = actor.Name,
            UploadedAtUtc = now,
        };
        db.MeasureLoads.Add(load);
        var cutoff = now - ImportService.DraftLifetime;
        foreach (var old in await db.MeasureLoads.Where(l => l.PartnershipId == partnershipId && l.State == MeasureLoadState.Draft && l.UploadedAtUtc < cutoff).ToListAsync(cancellationToken))
        {
            old.State = MeasureLoadState.Discarded;
            old.Content = null;
        }

        await db.SaveChangesAsync(new AuditContext(actor, "Figures file uploaded") { PartnershipId = partnershipId, Summary = name }, clock, cancellationToken);
        return load;
    }

    /// <summary>A load of the actor's partnership (404 otherwise).</summary>
    public async Task<MeasureLoad> FindAsync(Actor actor, long loadId, CancellationToken cancellationToken = default)
    {
        var load = await db.MeasureLoads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == loadId, cancellationToken);
        if (load is null || !PlanAccess.CanRead(actor, load.PartnershipId))
        {
            throw new NotFoundException("There is no such file of figures.");
        }

        return load;
    }

    public Task<List<MeasureLoad>> RecentAsync(int partnershipId, CancellationToken cancellationToken = default) =>
        db.MeasureLoads.AsNoTracking().Where(l => l.PartnershipId == partnershipId && l.State == MeasureLoadState.Loaded)
            .OrderByDescending(l => l.LoadedAtUtc).Take(20).ToListAsync(cancellationToken);

    /// <summary>What a DfE file holds, and the choices to start from: each indicator already used by a measure is ticked for it.</summary>
    public async Task<(MeasureLoader.EesDescription Description, MeasureLoadChoices Suggested)> DescribeAsync(Actor actor, long loadId, CancellationToken cancellationToken = default)
    {
        var load = await DraftAsync(actor, loadId, cancellationToken);
        var description = Describe(load.FileName, () => new MemoryStream(load.Content!, writable: false));
        var bySeries = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == load.PartnershipId && m.ComparatorSeries != null)
            .ToDictionaryAsync(m => m.ComparatorSeries!, m => m.Id, cancellationToken);
        var saved = Choices(load);
        var suggested = saved.Series.Count > 0 ? saved with { FilterColumns = description.FilterColumns } : new MeasureLoadChoices
        {
            FilterColumns = description.FilterColumns,
            Series = [.. description.Series.Where(s => bySeries.ContainsKey(s.Key)).Select(s => new SeriesChoice(s.Key, bySeries[s.Key]))],
        };
        return (description, suggested);
    }

    /// <summary>Checks every row and counts what loading would do, writing nothing.</summary>
    public async Task<LoadOutcome> PreviewAsync(Actor actor, long loadId, MeasureLoadChoices choices, CancellationToken cancellationToken = default)
    {
        var load = await DraftAsync(actor, loadId, cancellationToken);
        var checkedChoices = await CheckChoicesAsync(load, choices, cancellationToken);
        var context = await MeasureLoadContext.LoadAsync(db, load.PartnershipId, cancellationToken);
        return await RunAsync(load, context, checkedChoices, actor.Name, dryRun: true, cancellationToken);
    }

    /// <summary>
    /// Loads the file: in one transaction the figures, the measures' indicators chosen for them, the load's record
    /// and its audit entry. Refused (nothing written) while any row has a problem, unless the user chose to load the valid rows.
    /// </summary>
    public async Task<LoadOutcome> CommitAsync(Actor actor, long loadId, int expectedVersion, MeasureLoadChoices choices, CancellationToken cancellationToken = default)
    {
        var draft = await DraftAsync(actor, loadId, cancellationToken);
        var checkedChoices = await CheckChoicesAsync(draft, choices, cancellationToken);
        var context = await MeasureLoadContext.LoadAsync(db, draft.PartnershipId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var load = await db.MeasureLoads.FirstAsync(l => l.Id == loadId, cancellationToken);
        if (load.Version != expectedVersion || load.State != MeasureLoadState.Draft)
        {
            throw new ConcurrencyConflictException("This file has already been loaded or discarded, or someone changed its choices since you opened it. Nothing has been loaded.");
        }

        var outcome = await RunAsync(load, context, checkedChoices, actor.Name, dryRun: false, cancellationToken);
        if (outcome.HasFileProblem)
        {
            throw new ValidationFailedException(string.Empty, $"Nothing was loaded: {outcome.Problems.First(p => p.Row == 0).Message}");
        }

        if (outcome.HasProblems && !checkedChoices.LoadValidRows)
        {
            throw new ValidationFailedException(string.Empty, $"Nothing was loaded: {TextCase.Count(outcome.RowsWithProblems, "row")} {(outcome.RowsWithProblems == 1 ? "has" : "have")} problems. Correct the file and upload it again, or choose to load only the valid rows.");
        }

        await FinishAsync(actor, load, context, checkedChoices, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public async Task DiscardAsync(Actor actor, long loadId, CancellationToken cancellationToken = default)
    {
        var draft = await DraftAsync(actor, loadId, cancellationToken);
        var load = await db.MeasureLoads.FirstAsync(l => l.Id == draft.Id, cancellationToken);
        load.State = MeasureLoadState.Discarded;
        load.Content = null;
        load.Version++;
        await db.SaveChangesAsync(new AuditContext(actor, "Figures file discarded") { PartnershipId = load.PartnershipId, Summary = load.FileName }, clock, cancellationToken);
    }

    /// <summary>
    /// Loads a file straight from disk, as the command line does: a DfE file loads every indicator (for the measures
    /// whose indicator it is, where one is set). Without <paramref name="commit"/> it only checks and counts.
    /// </summary>
    public async Task<LoadOutcome> LoadFileAsync(
        Actor actor, int partnershipId, string path, MeasureLoadFormat? format, bool loadValidRows, bool commit, CancellationToken cancellationToken = default)
    {
        RequireManage(actor, partnershipId);
        var name = Path.GetFileName(path);
        Stream Open() => File.OpenRead(path);
        MeasureLoadFormat actual;
        try
        {
            if (new FileInfo(path).Length > _limits.MaxFileBytes && Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                throw new ImportFileException($"The workbook is larger than {_limits.MaxFileMegabytes} MB.");
            }

            actual = format ?? DetectFormat(name, Open);
        }
        catch (ImportFileException ex)
        {
            throw new ValidationFailedException("File", ex.Message);
        }

        var choices = new MeasureLoadChoices { LoadValidRows = loadValidRows };
        if (actual == MeasureLoadFormat.Ees)
        {
            var description = Describe(name, Open);
            var bySeries = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == partnershipId && m.ComparatorSeries != null)
                .ToDictionaryAsync(m => m.ComparatorSeries!, m => m.Id, cancellationToken);
            choices = choices with
            {
                FilterColumns = description.FilterColumns,
                Series = [.. description.Series.Select(s => new SeriesChoice(s.Key, bySeries.TryGetValue(s.Key, out var id) ? id : null))],
            };
        }

        var context = await MeasureLoadContext.LoadAsync(db, partnershipId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var load = new MeasureLoad
        {
            PartnershipId = partnershipId,
            Format = actual,
            State = MeasureLoadState.Draft,
            FileName = name.Length > MeasureLoad.MaxFileNameLength ? name[..MeasureLoad.MaxFileNameLength] : name,
            FileSize = new FileInfo(path).Length,
            FileSha256 = await HashAsync(path, cancellationToken),
            ChoicesJson = JsonSerializer.Serialize(choices, Json),
            UploadedByName = actor.Name,
            UploadedAtUtc = now,
        };
        db.MeasureLoads.Add(load);
        await db.SaveChangesAsync(new AuditContext(actor, "Figures file uploaded") { PartnershipId = partnershipId, Summary = load.FileName }, clock, cancellationToken);
        var outcome = await RunAsync(load, context, choices, actor.Name, dryRun: !commit, cancellationToken, () => MeasureFileRows.Read(name, Open, ReaderLimits));
        if (!commit || outcome.HasFileProblem || (outcome.HasProblems && !loadValidRows))
        {
            await transaction.RollbackAsync(cancellationToken);
            return outcome;
        }

        await FinishAsync(actor, load, context, choices, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public static MeasureLoadChoices Choices(MeasureLoad load) =>
        JsonSerializer.Deserialize<MeasureLoadChoices>(load.ChoicesJson, Json) ?? new MeasureLoadChoices();

    private async Task<LoadOutcome> RunAsync(
        MeasureLoad load, MeasureLoadContext context, MeasureLoadChoices choices, string by, bool dryRun, CancellationToken cancellationToken, Func<IEnumerable<(int, string[])>>? rows = null)
    {
        var content = load.Content;
        rows ??= () => MeasureFileRows.Read(load.FileName, () => new MemoryStream(content!, writable: false), ReaderLimits);
        try
        {
            return await new MeasureLoader(db).LoadAsync(context, load.Format, rows(), choices, load.Id, by, clock.GetUtcNow().UtcDateTime, dryRun, cancellationToken);
        }
        catch (ImportFileException ex)
        {
            throw new ValidationFailedException("File", ex.Message);
        }
    }

    private async Task FinishAsync(Actor actor, MeasureLoad load, MeasureLoadContext context, MeasureLoadChoices choices, LoadOutcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        load.State = MeasureLoadState.Loaded;
        load.Content = null;
        load.ChoicesJson = JsonSerializer.Serialize(choices, Json);
        load.LoadedByName = actor.Name;
        load.LoadedAtUtc = now;
        load.RowsRead = outcome.RowsRead;
        load.Added = outcome.Added;
        load.Corrected = outcome.Corrected;
        load.Unchanged = outcome.Unchanged;
        load.RowsSkipped = outcome.Skipped;
        load.Version++;

        // A DfE indicator chosen for a measure becomes the measure's comparator; a simple file's comparator rows use the measure's code.
        var linked = choices.Series.Where(s => s.MeasureId is not null).GroupBy(s => s.MeasureId!.Value).ToDictionary(g => g.Key, g => g.First().Series);
        if (load.Format == MeasureLoadFormat.Simple && outcome.Added + outcome.Corrected > 0)
        {
            var withComparators = await db.ComparatorValues.AsNoTracking().Where(v => v.LoadId == load.Id).Select(v => v.Series).Distinct().ToListAsync(cancellationToken);
            foreach (var m in context.Measures.Where(m => m.ComparatorSeries is null && withComparators.Contains(m.Code)))
            {
                linked[m.Id] = m.Code;
            }
        }

        foreach (var measure in await db.Measures.Where(m => linked.Keys.Contains(m.Id)).ToListAsync(cancellationToken))
        {
            if (measure.ComparatorSeries != linked[measure.Id])
            {
                measure.ComparatorSeries = linked[measure.Id];
                measure.Version++;
            }
        }

        await db.SaveChangesAsync(
            new AuditContext(actor, "Figures loaded")
            {
                PartnershipId = load.PartnershipId,
                Summary = $"{load.FileName}: {outcome.Added:N0} added, {outcome.Corrected:N0} corrected, {outcome.Unchanged:N0} unchanged{(outcome.Skipped > 0 ? $", {outcome.Skipped:N0} rows left out" : string.Empty)}",
            },
            clock,
            cancellationToken);
    }

    private async Task<MeasureLoadChoices> CheckChoicesAsync(MeasureLoad load, MeasureLoadChoices choices, CancellationToken cancellationToken)
    {
        if (load.Format != MeasureLoadFormat.Ees)
        {
            return choices with { Series = [], FilterColumns = [] };
        }

        var measures = await db.Measures.AsNoTracking().Where(m => m.PartnershipId == load.PartnershipId).Select(m => m.Id).ToListAsync(cancellationToken);
        var errors = new List<FieldError>();
        if (choices.Series.Count == 0)
        {
            errors.Add(new("Series", "Select at least one indicator to load"));
        }

        if (choices.Series.Any(s => s.MeasureId is { } id && !measures.Contains(id)))
        {
            errors.Add(new("Series", "Select measures from this partnership's library"));
        }

        foreach (var twice in choices.Series.Where(s => s.MeasureId is not null).GroupBy(s => s.MeasureId).Where(g => g.Count() > 1))
        {
            errors.Add(new("Series", $"One measure can take its comparators from one indicator only: {string.Join(" and ", twice.Select(s => s.Series))} are both chosen for the same measure"));
        }

        PlanService.ThrowIfAny(errors);
        return choices;
    }

    private async Task<MeasureLoad> DraftAsync(Actor actor, long loadId, CancellationToken cancellationToken)
    {
        var load = await FindAsync(actor, loadId, cancellationToken);
        RequireManage(actor, load.PartnershipId);
        if (load.State != MeasureLoadState.Draft || load.Content is null)
        {
            throw new ConcurrencyConflictException(load.State == MeasureLoadState.Loaded
                ? $"This file was loaded by {load.LoadedByName} at {UkClock.Describe(load.LoadedAtUtc!.Value)}. Upload it again to load it again."
                : "This file was discarded. Upload it again to load it.");
        }

        return load;
    }

    private MeasureLoader.EesDescription Describe(string name, Func<Stream> open)
    {
        try
        {
            return MeasureLoader.DescribeEes(() => MeasureFileRows.Read(name, open, ReaderLimits));
        }
        catch (ImportFileException ex)
        {
            throw new ValidationFailedException("File", ex.Message);
        }
    }

    private MeasureLoadFormat DetectFormat(string name, Func<Stream> open)
    {
        var header = MeasureFileRows.Read(name, open, ReaderLimits).FirstOrDefault().Cells
            ?? throw new ImportFileException("The file is empty.");
        return MeasureLoader.IsEesHeader(header) ? MeasureLoadFormat.Ees : MeasureLoadFormat.Simple;
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static void RequireManage(Actor actor, int partnershipId)
    {
        if (!PlanAccess.CanManage(actor, partnershipId))
        {
            throw PlanAccess.CanRead(actor, partnershipId)
                ? new ForbiddenException("Only a programme lead can load files of figures.")
                : new NotFoundException("There is no such partnership.");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Reports;

public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>Produces any report kind in any format for a period, and keeps the easy-read wording people edit.</summary>
public sealed class ReportService(AppDbContext db, PeriodService periods, PdfReport pdf, TimeProvider clock)
{
    public static string Extension(ReportFormat format) => format.ToString().ToLowerInvariant();

    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat.Pdf => "application/pdf",
        _ => "text/html; charset=utf-8",
    };

    public static ReportFormat? ParseFormat(string? text) =>
        Enum.TryParse<ReportFormat>(text?.Trim(), ignoreCase: true, out var format) && Enum.IsDefined(format) && !int.TryParse(text, out _) ? format : null;

    public bool PdfAvailable => pdf.IsAvailable;

    public async Task<ReportDocument> DocumentAsync(Actor actor, int periodId, ReportKind kind, CancellationToken cancellationToken = default)
    {
        var period = await periods.FindAsync(actor, periodId, cancellationToken);
        var snapshot = await periods.SnapshotAsync(period, cancellationToken);
        var easyRead = kind == ReportKind.EasyRead ? await EasyReadAsync(period.Id, snapshot, cancellationToken) : null;
        return ReportBuilder.Build(kind, snapshot, easyRead);
    }

    public async Task<ReportFile> GenerateAsync(Actor actor, int periodId, ReportKind kind, ReportFormat format, CancellationToken cancellationToken = default)
    {
        var document = await DocumentAsync(actor, periodId, kind, cancellationToken);
        var content = format switch
        {
            ReportFormat.Docx => WordReport.Render(document),
            ReportFormat.Xlsx => ExcelReport.Render(document),
            ReportFormat.Pdf => await pdf.RenderAsync(document, cancellationToken),
            _ => HtmlReport.RenderBytes(document),
        };
        return new ReportFile(content, ContentType(format), $"{document.FileName}.{Extension(format)}");
    }

    /// <summary>Finds a period by its plan (id or name) and its name, for the command line.</summary>
    public async Task<ReportingPeriod> FindPeriodAsync(string plan, string periodName, CancellationToken cancellationToken = default)
    {
        var planId = await PlanIdAsync(plan, cancellationToken);
        var period = await db.ReportingPeriods.AsNoTracking()
            .FirstOrDefaultAsync(p => p.PlanId == planId && p.Name.ToLower() == periodName.Trim().ToLower(), cancellationToken);
        if (period is null)
        {
            var names = await db.ReportingPeriods.AsNoTracking().Where(p => p.PlanId == planId).OrderByDescending(p => p.AsAt).Select(p => p.Name).ToListAsync(cancellationToken);
            throw new NotFoundException(names.Count == 0
                ? $"Plan {planId} has no reporting periods yet."
                : $"Plan {planId} has no period called \"{periodName}\". Its periods are: {string.Join(", ", names)}.");
        }

        return period;
    }

    public async Task<int> PlanIdAsync(string plan, CancellationToken cancellationToken = default)
    {
        if (int.TryParse(plan, out var id) && await db.Plans.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return id;
        }

        var matches = await db.Plans.AsNoTracking().Where(p => p.Name.ToLower() == plan.Trim().ToLower()).Select(p => p.Id).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new NotFoundException($"There is no plan with the id or name \"{plan}\". Run \"plans list\" to see them."),
            _ => throw new ValidationFailedException(string.Empty, $"More than one plan is called \"{plan}\". Give its id instead (see \"plans list\")."),
        };
    }

    /// <summary>The easy-read wording per section: as edited where someone has, otherwise generated from the data.</summary>
    public async Task<IReadOnlyList<EasyReadSection>> EasyReadAsync(int periodId, PlanSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var edited = await db.EasyReadTexts.AsNoTracking().Where(t => t.ReportingPeriodId == periodId).ToDictionaryAsync(t => t.PlanItemId, cancellationToken);
        return [.. ReportBuilder.GenerateEasyRead(snapshot).Select(s => edited.TryGetValue(s.SectionId, out var text)
            ? s with { WhatChanged = text.WhatChanged, WhatIsNext = text.WhatIsNext, IsEdited = true }
            : s)];
    }

    public Task<Dictionary<int, int>> EasyReadVersionsAsync(int periodId, CancellationToken cancellationToken = default) =>
        db.EasyReadTexts.AsNoTracking().Where(t => t.ReportingPeriodId == periodId).ToDictionaryAsync(t => t.PlanItemId, t => t.Version, cancellationToken);

    /// <summary>Saves the wording of one section's easy-read summary. Programme leads only; audited.</summary>
    public async Task SaveEasyReadAsync(Actor actor, int periodId, int sectionId, int expectedVersion, string? whatChanged, string? whatIsNext, CancellationToken cancellationToken = default)
    {
        var period = await periods.FindAsync(actor, periodId, cancellationToken);
        if (!PlanAccess.CanManage(actor, period.Plan.PartnershipId))
        {
            throw new ForbiddenException("Only a programme lead can edit the easy-read summary.");
        }

        var kind = await db.PlanKinds.AsNoTracking().Include(k => k.Levels).FirstAsync(k => k.Id == period.Plan.PlanKindId, cancellationToken);
        var sectionDepth = UpdateRoundService.Shape(kind).SectionDepth;
        var section = await db.PlanItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == sectionId && i.PlanId == period.PlanId && i.Depth == sectionDepth, cancellationToken)
            ?? throw new NotFoundException("That is not a section of this plan.");
        var errors = new List<FieldError>();
        var changed = PlanService.Required(whatChanged, "WhatChanged", EasyReadText.MaxLength, "Enter what changed", "What changed", errors);
        var next = PlanService.Required(whatIsNext, "WhatIsNext", EasyReadText.MaxLength, "Enter what is next", "What is next", errors);
        PlanService.ThrowIfAny(errors);

        var text = await db.EasyReadTexts.FirstOrDefaultAsync(t => t.ReportingPeriodId == periodId && t.PlanItemId == sectionId, cancellationToken);
        if ((text?.Version ?? 0) != expectedVersion)
        {
            throw new ConcurrencyConflictException();
        }

        var first = text is null;
        if (text is null)
        {
            text = new EasyReadText { ReportingPeriodId = periodId, PlanItemId = sectionId, WhatChanged = changed, WhatIsNext = next, EditedByName = actor.Name, Version = 1 };
            db.EasyReadTexts.Add(text);
        }
        else
        {
            db.Entry(text).Property(t => t.Version).OriginalValue = expectedVersion;
            text.Version = expectedVersion + 1;
        }

        text.WhatChanged = changed;
        text.WhatIsNext = next;
        text.EditedByName = actor.Name;
        text.EditedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(new AuditContext(actor, "Easy-read wording edited") { PartnershipId = period.Plan.PartnershipId, PlanId = period.PlanId, PlanItemId = sectionId, Summary = $"{PlanService.Label(section)} for {period.Name}" }, clock, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || first)
        {
            // Someone saved the wording since the form was read, or two people wrote the section's first wording at
            // the same moment and the unique index kept one of them.
            throw new ConcurrencyConflictException(new ConcurrencyConflictException().Message, exception);
        }
    }
}

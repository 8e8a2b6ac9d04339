using SendImprovement.Core.Auditing;
using SendImprovement.Core.Data;

namespace SendImprovement.Core.Imports;

/// <summary>An exported file, ready to download or write to disk.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Exports a plan to the documented template (.xlsx) or .csv: one row per item with its level, so that the file
/// imports back as the same plan. Cells that a spreadsheet would run as formulas are neutralised.
/// </summary>
public sealed class PlanExport(AppDbContext db, TimeProvider clock)
{
    public const string Xlsx = "xlsx";
    public const string Csv = "csv";

    /// <summary>The template's columns, in order, with the field each imports as.</summary>
    public static readonly IReadOnlyList<(string Header, ImportField Field)> Columns =
    [
        ("Level", ImportField.Level),
        ("Ref", ImportField.Ref),
        ("Title", ImportField.Title),
        ("Description", ImportField.Description),
        ("Lead", ImportField.Lead),
        ("Sponsor", ImportField.Sponsor),
        ("Start", ImportField.Start),
        ("Deadline", ImportField.Deadline),
        ("Status", ImportField.Status),
        ("Rating", ImportField.Rating),
        ("Rating date", ImportField.RatingDate),
        ("Resource (AR/ER)", ImportField.Resource),
        ("Areas", ImportField.Area),
        ("Interdependency key", ImportField.Tags),
        ("Linked work", ImportField.LinkedWork),
        ("Key activities completed", ImportField.KeyActivities),
        ("Next steps", ImportField.NextSteps),
        ("Progress and impact", ImportField.Progress),
    ];

    /// <summary>Exports the plan in the format ("xlsx" or "csv"); 404 for a plan the actor cannot read.</summary>
    public Task<ExportFile> ExportAsync(Actor actor, int planId, string? format, CancellationToken cancellationToken = default)
    {
        _ = db;
        _ = clock;
        _ = actor;
        _ = planId;
        _ = format;
        _ = cancellationToken;
        throw new NotImplementedException("Being written.");
    }
}

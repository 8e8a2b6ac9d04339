namespace SendImprovement.Core.Plans;

/// <summary>Reads progress statuses as people write them ("In progress", "COMPLETE (ongoing activity)", "tbc").</summary>
public static class ProgressStatusText
{
    public static ProgressStatus Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ProgressStatus.NotRecorded;
        }

        var s = text.Trim().ToLowerInvariant();
        if (s.Contains("incomplete", StringComparison.Ordinal) || s.Contains("not complete", StringComparison.Ordinal))
        {
            return ProgressStatus.InProgress;
        }

        if (s.StartsWith("complete", StringComparison.Ordinal) || s is "done" or "finished" or "achieved" or "closed")
        {
            return ProgressStatus.Complete;
        }

        if (s.StartsWith("not started", StringComparison.Ordinal) || s.StartsWith("not yet started", StringComparison.Ordinal)
            || s is "to start" or "planned" or "not begun")
        {
            return ProgressStatus.NotStarted;
        }

        if (s.StartsWith("in progress", StringComparison.Ordinal) || s.StartsWith("ongoing", StringComparison.Ordinal)
            || s.StartsWith("on going", StringComparison.Ordinal) || s.StartsWith("underway", StringComparison.Ordinal)
            || s.StartsWith("started", StringComparison.Ordinal) || s is "in-progress" or "wip")
        {
            return ProgressStatus.InProgress;
        }

        if (s.TrimEnd('?', '.') is "tbc" or "to be confirmed" or "tba")
        {
            return ProgressStatus.ToBeConfirmed;
        }

        return ProgressStatus.NotRecorded;
    }

    public static string Label(ProgressStatus status) => status switch
    {
        ProgressStatus.NotStarted => "Not started",
        ProgressStatus.InProgress => "In progress",
        ProgressStatus.Complete => "Complete",
        ProgressStatus.ToBeConfirmed => "To be confirmed",
        _ => "Not recorded",
    };
}

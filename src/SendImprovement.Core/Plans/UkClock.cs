namespace SendImprovement.Core.Plans;

/// <summary>Dates as people in England see them: "today" is the date in London, not in UTC.</summary>
public static class UkClock
{
    private static readonly TimeZoneInfo London = FindLondon();

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, London));

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London);

    /// <summary>The moment a day starts in London (midnight local time), in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), London);

    /// <summary>A moment as people in England say it: "2:31pm on 23 November 2026".</summary>
    public static string Describe(DateTime utc)
    {
        var local = ToLocal(utc);
        var time = local.ToString("h:mm", System.Globalization.CultureInfo.InvariantCulture) + (local.Hour < 12 ? "am" : "pm");
        return $"{time} on {local.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static TimeZoneInfo FindLondon()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>A day as people write it in reports: "23 November 2026".</summary>
    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

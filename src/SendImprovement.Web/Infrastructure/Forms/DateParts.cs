using System.Globalization;

namespace SendImprovement.Web.Infrastructure.Forms;

/// <summary>The day, month and year boxes of a GOV.UK date input, as typed.</summary>
public sealed class DateParts
{
    public string? Day { get; set; }

    public string? Month { get; set; }

    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    public static DateParts From(DateOnly date) => new()
    {
        Day = date.Day.ToString(CultureInfo.InvariantCulture),
        Month = date.Month.ToString(CultureInfo.InvariantCulture),
        Year = date.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the date, adding its error (if any) to the form against <paramref name="key"/>.</summary>
    public DateOnly? Read(string label, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary form, string key)
    {
        var date = Read(label, out var error);
        if (error is not null)
        {
            form.AddModelError(key, error);
        }

        return date;
    }

    /// <summary>
    /// Reads the date, or says what is wrong in the GOV.UK way ("Date the rating applies from must include a month").
    /// Empty boxes give no date and no error: whether a date is needed is for the service to say.
    /// </summary>
    public DateOnly? Read(string label, out string? error)
    {
        error = null;
        if (IsEmpty)
        {
            return null;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Day))
        {
            missing.Add("a day");
        }

        if (string.IsNullOrWhiteSpace(Month))
        {
            missing.Add("a month");
        }

        if (string.IsNullOrWhiteSpace(Year))
        {
            missing.Add("a year");
        }

        if (missing.Count > 0)
        {
            error = $"{label} must include {string.Join(" and ", missing)}";
            return null;
        }

        if (!int.TryParse(Day, NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(Month, NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            error = $"{label} must be a real date, written in numbers, for example 27 3 2026";
            return null;
        }

        if (Year!.Trim().Length != 4)
        {
            error = $"Year must include 4 numbers";
            return null;
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"{label} must be a real date";
            return null;
        }

        return new DateOnly(year, month, day);
    }
}

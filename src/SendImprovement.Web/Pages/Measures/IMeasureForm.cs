using SendImprovement.Web.Infrastructure.GovUk;

namespace SendImprovement.Web.Pages.Measures;

/// <summary>What the shared measure fields need from the add and change pages.</summary>
public interface IMeasureForm
{
    MeasureInput Input { get; }

    IReadOnlyList<Choice> OwnerChoices { get; }

    IReadOnlyList<Choice> AreaChoices { get; }
}

using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.GovUk;

namespace SendImprovement.Web.Pages.Items;

/// <summary>The fields of the add and edit item forms, in form order; which are shown depends on the plan kind's level.</summary>
public sealed class ItemInput
{
    public string? Ref { get; set; }

    public string? Title { get; set; }

    public string? Sponsor { get; set; }

    public string? Leads { get; set; }

    public List<int> AreaIds { get; set; } = [];

    public string? Start { get; set; }

    public string? Deadline { get; set; }

    public string? ProgressStatus { get; set; }

    public ResourceNeed Resource { get; set; }

    public List<int> TagIds { get; set; } = [];

    public Dictionary<string, string?> Fields { get; set; } = [];

    public string? Description { get; set; }

    public string? Reason { get; set; }

    public int Version { get; set; }

    public ItemDetails ToDetails() => new()
    {
        Ref = Ref,
        Title = Title,
        Description = Description,
        Start = Start,
        Leads = Leads,
        Sponsor = Sponsor,
        ProgressStatus = ProgressStatus,
        Resource = Resource,
        AreaIds = AreaIds,
        TagIds = TagIds,
        Fields = Fields,
    };
}

/// <summary>What the shared item form partial needs from its page.</summary>
public interface IItemForm
{
    ItemInput Input { get; }

    PlanKindLevel Level { get; }

    IReadOnlyList<PlanKindField> LevelFields { get; }

    IReadOnlyList<Area> Areas { get; }

    IReadOnlyList<PlanTag> Tags { get; }

    bool IsNew { get; }

    public IEnumerable<Choice> AreaChoices => Areas.Select(a => new Choice(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Name));

    public IEnumerable<Choice> TagChoices => Tags.Select(t => new Choice(t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{t.Code}: {t.Name}"));

    public static IEnumerable<Choice> ResourceChoices =>
    [
        new(nameof(ResourceNeed.AdditionalResource), "AR: additional resource is or may be required"),
        new(nameof(ResourceNeed.ExistingResource), "ER: covered by existing resource"),
        new(nameof(ResourceNeed.NotStated), "Not stated"),
    ];
}

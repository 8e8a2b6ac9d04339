namespace SendImprovement.Core.Plans;

/// <summary>
/// The rating scale and plan kinds every installation starts with. They are written to the database as rows the
/// first time the app or command line starts; after that they are data like any other.
/// </summary>
public static class BuiltInPlanKinds
{
    public const string Brag = "brag";
    public const string Inspection = "inspection";
    public const string Strategy = "strategy";
    public const string SelfEvaluation = "self-evaluation";

    public static RatingScale BragScale() => new()
    {
        Key = Brag,
        Name = "BRAG (Blue, Red, Amber, Green)",
        Values =
        [
            new() { Key = "Blue", Label = "Blue", Meaning = "Complete", Colour = "blue", Position = 0, Severity = 0, IsComplete = true, Aliases = "Complete,Completed,Done,B" },
            new() { Key = "Green", Label = "Green", Meaning = "On track", Colour = "green", Position = 1, Severity = 1, Aliases = "On track,G" },
            new() { Key = "Amber", Label = "Amber", Meaning = "Behind schedule", Colour = "orange", Position = 2, Severity = 2, Aliases = "Behind schedule,A,Yellow" },
            new() { Key = "Red", Label = "Red", Meaning = "Not started or at risk", Colour = "red", Position = 3, Severity = 3, Aliases = "At risk,Not started,R" },
        ],
    };

    public static IReadOnlyList<PlanKind> Kinds(RatingScale scale) =>
    [
        new()
        {
            Key = Inspection,
            Name = "Inspection-driven plan (WSoA or Priority Action Plan)",
            Description = "A Written Statement of Action or Priority Action Plan: one workstream per weakness the inspectors named.",
            RatingScale = scale,
            Levels =
            [
                new() { Depth = 0, Name = "Workstream", PluralName = "Workstreams", TitleLabel = "Workstream", ShowsAsHeading = true, HasSponsor = true, HasAreas = true },
                new() { Depth = 1, Name = "Outcome", PluralName = "Outcomes", TitleLabel = "What we intend to achieve", ShowsAsHeading = true },
                new() { Depth = 2, Name = "Action", PluralName = "Actions", TitleLabel = "What we are going to do", HasLead = true, HasResource = true, HasRating = true, RatingLabel = "BRAG rating", HasDeadline = true, DeadlineLabel = "Deadline", HasAreas = true, HasTags = true },
                new() { Depth = 3, Name = "Milestone", PluralName = "Milestones", TitleLabel = "Key milestone", HasDeadline = true, DeadlineLabel = "Deadline", HasRating = true, RatingLabel = "BRAG rating", HasLead = true },
            ],
            Fields =
            [
                new() { Depth = 0, Key = "weakness", Label = "What the inspectors said", Hint = "The inspectors' words, quoted exactly.", Type = FieldType.LongText, Position = 0 },
                new() { Depth = 0, Key = "delivery-partners", Label = "Delivery partners", Hint = "Named officers and organisations, one per line.", Type = FieldType.List, Position = 1 },
                new() { Depth = 1, Key = "impact", Label = "Impact: what children, young people and families will notice", Hint = "One statement per line.", Type = FieldType.List, Position = 0 },
            ],
        },
        new()
        {
            Key = Strategy,
            Name = "Strategy phase plan",
            Description = "A phase of the joint SEND strategy: themes, priorities and actions, with an interdependency key.",
            RatingScale = scale,
            Levels =
            [
                new() { Depth = 0, Name = "Theme", PluralName = "Themes", TitleLabel = "Theme", ShowsAsHeading = true },
                new() { Depth = 1, Name = "Priority", PluralName = "Priorities", TitleLabel = "Priority", ShowsAsHeading = true, HasSponsor = true, HasAreas = true, HasRating = true, RatingLabel = "Overall status" },
                new() { Depth = 2, Name = "Action", PluralName = "Actions", TitleLabel = "Action", HasLead = true, HasStart = true, HasDeadline = true, DeadlineLabel = "End", HasProgressStatus = true, HasRating = true, RatingLabel = "RAG rating", HasTags = true, HasAreas = true },
                new() { Depth = 3, Name = "Milestone", PluralName = "Milestones", TitleLabel = "Milestone", IsOptional = true, HasDeadline = true, HasRating = true, RatingLabel = "RAG rating" },
            ],
            Fields =
            [
                new() { Depth = 0, Key = "intents", Label = "Our intentions", Type = FieldType.List, Hint = "One per line.", Position = 0 },
                new() { Depth = 0, Key = "expected-outcomes", Label = "Expected outcomes", Type = FieldType.List, Hint = "One per line.", Position = 1 },
                new() { Depth = 0, Key = "success-measures", Label = "How we will measure success", Type = FieldType.List, Hint = "One per line.", Position = 2 },
                new() { Depth = 0, Key = "linked-work", Label = "Linked work", Type = FieldType.List, Hint = "Other strategies and programmes, one per line.", Position = 3 },
                new() { Depth = 1, Key = "kpis", Label = "Relevant key performance indicators", Type = FieldType.List, Hint = "One per line. Write \"baseline to be set\" where there is none yet.", Position = 0 },
            ],
        },
        new()
        {
            Key = SelfEvaluation,
            Name = "Self-evaluation action plan",
            Description = "Principles with aspirational outcomes, and numbered recommendations that become actions.",
            RatingScale = scale,
            Levels =
            [
                new() { Depth = 0, Name = "Principle", PluralName = "Principles", TitleLabel = "Principle", ShowsAsHeading = true },
                new() { Depth = 1, Name = "Recommendation", PluralName = "Recommendations", TitleLabel = "Recommendation", ShowsAsHeading = true, HasAreas = true },
                new() { Depth = 2, Name = "Action", PluralName = "Actions", TitleLabel = "Action", HasLead = true, HasStart = true, HasDeadline = true, HasProgressStatus = true, HasRating = true, RatingLabel = "BRAG rating" },
            ],
            Fields =
            [
                new() { Depth = 0, Key = "aspirational-outcomes", Label = "Aspirational outcomes", Type = FieldType.List, Hint = "One per line.", Position = 0 },
                new() { Depth = 0, Key = "strengths", Label = "Strengths", Type = FieldType.List, Hint = "One per line.", Position = 1 },
                new() { Depth = 0, Key = "areas-for-improvement", Label = "Areas for improvement", Type = FieldType.List, Hint = "One per line.", Position = 2 },
            ],
        },
    ];
}

using System.Globalization;
using System.Text.RegularExpressions;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Reports;

/// <summary>The wording of the easy-read summary for one section, as generated or as edited.</summary>
public sealed record EasyReadSection(int SectionId, string Heading, string WhatChanged, string WhatIsNext, bool IsEdited);

/// <summary>
/// Builds each report kind from a snapshot. Nothing here reads the database: the same snapshot always gives the
/// same report, which is what lets a closed period's reports be produced again exactly.
/// </summary>
public static partial class ReportBuilder
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Name(ReportKind kind) => kind switch
    {
        ReportKind.Interim => "Interim report",
        ReportKind.Progress => "Plan progress table",
        ReportKind.Committee => "Committee update",
        ReportKind.OnAPage => "Plan on a page",
        ReportKind.Exceptions => "Exceptions",
        ReportKind.Measures => "Measures of impact",
        _ => "Easy-read summary",
    };

    public static string Describe(ReportKind kind) => kind switch
    {
        ReportKind.Interim => "One section per priority with its actions, key activities, next steps and measures, after the themes and the interdependency key.",
        ReportKind.Progress => "The inspection-plan table: outcomes, actions, resource, milestones with deadline history, ratings and progress.",
        ReportKind.Committee => "Per section: the sponsor, the highlights, the computed facts and the assessment.",
        ReportKind.OnAPage => "Themes, intents and outcomes with counts by rating, on one printable page.",
        ReportKind.Exceptions => "What turned Red or Amber, what is overdue, what was revised and what was not updated since the previous period.",
        ReportKind.Measures => "The measures linked to the plan: latest figure, target, status and why, direction of travel and England, with the off-track ones first.",
        _ => "Short sentences for families: what changed and what is next for each section.",
    };

    /// <summary>The word used in URLs and on the command line, such as "on-a-page".</summary>
    public static string Slug(ReportKind kind) => kind switch
    {
        ReportKind.OnAPage => "on-a-page",
        ReportKind.EasyRead => "easy-read",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static ReportKind? ParseKind(string? text) =>
        Enum.GetValues<ReportKind>().Cast<ReportKind?>().FirstOrDefault(k => string.Equals(Slug(k!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ReportDocument Build(ReportKind kind, PlanSnapshot snapshot, IReadOnlyList<EasyReadSection>? easyRead = null)
    {
        var blocks = kind switch
        {
            ReportKind.Interim => Interim(snapshot),
            ReportKind.Progress => Progress(snapshot),
            ReportKind.Committee => Committee(snapshot),
            ReportKind.OnAPage => OnAPage(snapshot),
            ReportKind.Exceptions => Exceptions(snapshot),
            ReportKind.Measures => MeasuresOfImpact(snapshot),
            _ => EasyRead(easyRead ?? GenerateEasyRead(snapshot)),
        };
        var edited = kind == ReportKind.EasyRead && (easyRead?.Any(s => s.IsEdited) ?? false)
            ? " The wording was written by the programme team from the period's data."
            : string.Empty;
        var provenance = snapshot.Period.State == Periods.PeriodState.Closed
            ? $"From the snapshot taken when the period closed, at {UkClock.Describe(snapshot.TakenAtUtc)}."
            : $"The period is still open: this shows the plan as it stood at {UkClock.Describe(snapshot.TakenAtUtc)} and may change.";
        provenance += edited;
        return new ReportDocument(kind, $"{Name(kind)}: {snapshot.PlanName}, {snapshot.Period.Name}", snapshot.PartnershipName, snapshot.PlanName, snapshot.Period.Name, snapshot.Period.AsAt, blocks)
        {
            Provenance = provenance,
            FileName = FileSlug($"{snapshot.PartnershipName} {snapshot.PlanName} {Slug(kind)} {snapshot.Period.Name}"),
        };
    }

    private static List<ReportBlock> Interim(PlanSnapshot snapshot)
    {
        var shape = PlanShape.Of(snapshot);
        var blocks = new List<ReportBlock>();
        var top = snapshot.Level(0);
        blocks.Add(new ReportHeading(2, top.PluralName));
        foreach (var theme in snapshot.Items.Where(i => i.Depth == 0))
        {
            blocks.Add(new ReportHeading(3, theme.Label));
            AddFields(blocks, snapshot, theme);
        }

        blocks.Add(new ReportHeading(2, "Interdependency key"));
        blocks.Add(snapshot.Key.Count == 0
            ? new ReportParagraph("This plan has no interdependency key.", IsMissing: true)
            : new ReportTable("Interdependency key", "Key", ["Code", "Name", "Description"], [.. snapshot.Key.Select(k => Row(k.Code, k.Name, k.Description))]));

        var actionLevel = shape.ActionLevel(snapshot);
        foreach (var section in Sections(snapshot))
        {
            var facts = PeriodFacts.ForSection(snapshot, section);
            var sectionLevel = snapshot.Level(section.Depth);
            blocks.Add(new ReportHeading(2, $"{sectionLevel.Name} {section.Label}"));
            var about = new List<ReportFact>();
            if (section.Depth > 0 && Ancestor(snapshot, section, 0) is { } theme)
            {
                about.Add(new(top.Name, ReportCell.Of(theme.Label)));
            }

            about.Add(new(sectionLevel.Name, ReportCell.Of(section.Label)));
            about.Add(new("Area", section.Areas.Count == 0 ? ReportCell.Missing("All areas") : ReportCell.Of(string.Join(", ", section.Areas))));
            about.Add(new("Sponsor", People(section.Sponsors)));
            about.Add(new("Reporting period", ReportCell.Of($"{snapshot.Period.Name} (as at {UkClock.Day(snapshot.Period.AsAt)})")));
            about.AddRange(Status(snapshot, section, facts));
            blocks.Add(new ReportFacts(about));

            var actions = facts.Actions;
            var headers = new List<string> { "Ref", actionLevel.TitleLabel, "Lead" };
            if (actionLevel.HasStart)
            {
                headers.Add("Start");
            }

            headers.Add(actionLevel.DeadlineLabel);
            if (actionLevel.HasProgressStatus)
            {
                headers.Add("Progress status");
            }

            headers.Add(actionLevel.RatingLabel);
            blocks.Add(actions.Count == 0
                ? new ReportParagraph($"No {actionLevel.PluralName.ToLowerInvariant()} in this {sectionLevel.Name.ToLowerInvariant()}.", IsMissing: true)
                : new ReportTable($"{actionLevel.PluralName}: {section.Label}", $"{SheetPrefix(snapshot, section)} {actionLevel.PluralName}", headers, [.. actions.Select(a => ActionRow(snapshot, actionLevel, a))]));

            blocks.Add(new ReportHeading(3, "Key activities completed"));
            blocks.Add(NoteList(actions, n => n.KeyActivitiesCompleted, "No key activities recorded."));
            blocks.Add(new ReportHeading(3, "Next steps"));
            blocks.Add(NoteList(actions, n => n.NextSteps, "No next steps recorded."));
            blocks.Add(new ReportHeading(3, "Relevant measures"));
            blocks.AddRange(Measures(snapshot, section));
        }

        return blocks;
    }

    /// <summary>
    /// The measures linked to the section or anything in it, as at the period's date; without any, the indicators the
    /// plan names for the section.
    /// </summary>
    private static IEnumerable<ReportBlock> Measures(PlanSnapshot snapshot, SnapshotItem section)
    {
        var inSection = new HashSet<int> { section.Id };
        foreach (var item in snapshot.Items)
        {
            if (item.ParentId is { } parent && inSection.Contains(parent))
            {
                inSection.Add(item.Id);
            }
        }

        var linked = snapshot.Measures.Where(m => m.ItemIds.Any(inSection.Contains)).ToList();
        if (linked.Count == 0)
        {
            var named = Lines(section.Fields.GetValueOrDefault("kpis"));
            yield return named.Count == 0 ? new ReportParagraph("No measures linked to this section yet.", IsMissing: true) : new ReportList(named);
            yield break;
        }

        yield return new ReportTable(
            $"Measures: {section.Label}",
            $"{SheetPrefix(snapshot, section)} measures",
            ["Measure", "Latest figure", "Target", "Status", "Direction of travel", "England"],
            [.. linked.Select(m => (IReadOnlyList<ReportCell>)[
                ReportCell.Of(m.Name),
                m.LatestPeriod is null ? ReportCell.Missing(m.Latest) : ReportCell.Of($"{m.Latest} ({m.LatestPeriod})"),
                ReportCell.Of(m.Target),
                ReportCell.Of([MeasureAssessment.StatusLabel(m.Status), m.Explanation]),
                ReportCell.Of(m.Travel),
                m.England is null ? ReportCell.Missing("No figure") : ReportCell.Of(m.England)])]);
        foreach (var m in linked.Where(m => m.Commentary is not null))
        {
            yield return new ReportParagraph($"{m.Name}: {m.Commentary}");
        }
    }

    /// <summary>Every measure linked to the plan as at the period: the off-track ones with their commentary first, then all.</summary>
    private static List<ReportBlock> MeasuresOfImpact(PlanSnapshot snapshot)
    {
        var blocks = new List<ReportBlock>
        {
            new ReportParagraph($"The measures linked to this plan's items, with the figures for periods ending by {UkClock.Day(snapshot.Period.AsAt)}."),
        };
        if (snapshot.Measures.Count == 0)
        {
            blocks.Add(new ReportParagraph("No measures are linked to this plan's items yet.", IsMissing: true));
            return blocks;
        }

        string LinkedTo(SnapshotMeasure m) => string.Join("; ", m.ItemIds.Select(id => snapshot.Find(id)?.Label).OfType<string>());
        ReportCell Latest(SnapshotMeasure m) => m.LatestPeriod is null ? ReportCell.Missing(m.Latest) : ReportCell.Of($"{m.Latest} ({m.LatestPeriod})");

        var offTrack = snapshot.Measures.Where(m => m.Status == MeasureStatusKind.OffTrack).ToList();
        blocks.Add(new ReportHeading(2, "Off track"));
        blocks.Add(offTrack.Count == 0
            ? new ReportParagraph("No measure is off track.")
            : new ReportTable(
                "Measures off track",
                "Off track",
                ["Measure", "Why", "Owner's commentary"],
                [.. offTrack.Select(m => (IReadOnlyList<ReportCell>)[ReportCell.Of(m.Name), ReportCell.Of(m.Explanation), m.Commentary is null ? ReportCell.Missing("No commentary") : ReportCell.Of(m.Commentary)])]));
        blocks.Add(new ReportHeading(2, "All measures"));
        blocks.Add(new ReportTable(
            "All measures linked to the plan",
            "Measures",
            ["Measure", "Linked to", "Latest figure", "Target", "Status", "Direction of travel", "England"],
            [.. snapshot.Measures.Select(m => (IReadOnlyList<ReportCell>)[
                ReportCell.Of(m.Name),
                ReportCell.Of(LinkedTo(m)),
                Latest(m),
                ReportCell.Of(m.Target),
                ReportCell.Of([MeasureAssessment.StatusLabel(m.Status), m.Explanation]),
                ReportCell.Of(m.Travel),
                m.England is null ? ReportCell.Missing("No figure") : ReportCell.Of(m.England)])]));
        return blocks;
    }

    private static List<ReportBlock> Progress(PlanSnapshot snapshot)
    {
        var shape = PlanShape.Of(snapshot);
        var actionLevel = shape.ActionLevel(snapshot);
        var blocks = new List<ReportBlock>();
        var hasOutcome = shape.ActionDepth - shape.SectionDepth >= 2;
        foreach (var section in Sections(snapshot))
        {
            var facts = PeriodFacts.ForSection(snapshot, section);
            blocks.Add(new ReportHeading(2, $"{snapshot.Level(section.Depth).Name} {section.Label}"));
            blocks.Add(new ReportFacts([new("Sponsor", People(section.Sponsors)), .. Status(snapshot, section, facts)]));
            var headers = new List<string>();
            if (hasOutcome)
            {
                headers.Add(snapshot.Level(shape.ActionDepth - 1).Name);
            }

            headers.AddRange(["Ref", actionLevel.TitleLabel, "Lead", "Resource", shape.MilestoneDepth is { } md ? snapshot.Level(md).PluralName : actionLevel.DeadlineLabel, actionLevel.RatingLabel, "Progress"]);
            var rows = new List<IReadOnlyList<ReportCell>>();
            int? lastOutcome = null;
            foreach (var action in facts.Actions)
            {
                var row = new List<ReportCell>();
                if (hasOutcome)
                {
                    var outcome = snapshot.Find(action.ParentId);
                    row.Add(outcome is null ? ReportCell.Missing()
                        : outcome.Id == lastOutcome ? ReportCell.Of($"{outcome.Ref ?? outcome.Title} (as above)")
                        : ReportCell.Of([outcome.Label, .. Lines(outcome.Fields.GetValueOrDefault("impact")).Select(l => $"Impact: {l}")]));
                    lastOutcome = outcome?.Id;
                }

                row.Add(ReportCell.Of(action.Ref));
                row.Add(ReportCell.Of(action.Title));
                row.Add(People(action.Leads));
                row.Add(action.Resource switch
                {
                    ResourceNeed.AdditionalResource => ReportCell.Of("AR (additional resource)"),
                    ResourceNeed.ExistingResource => ReportCell.Of("ER (existing resource)"),
                    _ => ReportCell.Missing(),
                });
                if (shape.MilestoneDepth is { } depth)
                {
                    var milestones = snapshot.ChildrenOf(action.Id).Where(i => i.Depth == depth).ToList();
                    row.Add(milestones.Count == 0 ? ReportCell.Missing("No milestones")
                        : ReportCell.Of(milestones.Select(m => $"{m.Title}: {DeadlineWithHistory(m)}; {RatingText(snapshot, m.Rating)}")));
                }
                else
                {
                    row.Add(ReportCell.Of(DeadlineWithHistory(action)));
                }

                row.Add(RatingCell(snapshot, action.Rating, withDate: true));
                row.Add(ReportCell.Of(action.Note?.ProgressAndImpact ?? action.Note?.KeyActivitiesCompleted));
                rows.Add(row);
            }

            blocks.Add(rows.Count == 0
                ? new ReportParagraph($"No {actionLevel.PluralName.ToLowerInvariant()} yet.", IsMissing: true)
                : new ReportTable($"Progress: {section.Label}", $"{SheetPrefix(snapshot, section)} progress", headers, rows));
        }

        return blocks;
    }

    private static List<ReportBlock> Committee(PlanSnapshot snapshot)
    {
        var blocks = new List<ReportBlock>();
        var plan = PeriodFacts.ForPlan(snapshot);
        blocks.Add(new ReportHeading(2, "The plan as a whole"));
        blocks.Add(new ReportList(plan.Statements()));
        foreach (var section in Sections(snapshot))
        {
            var facts = PeriodFacts.ForSection(snapshot, section);
            blocks.Add(new ReportHeading(2, $"{snapshot.Level(section.Depth).Name} {section.Label}"));
            blocks.Add(new ReportFacts([new("Sponsor", People(section.Sponsors))]));
            blocks.Add(new ReportHeading(3, "Highlights"));
            blocks.Add(string.IsNullOrWhiteSpace(section.Review?.Highlights)
                ? new ReportParagraph("No highlights written for this period.", IsMissing: true)
                : new ReportParagraph(section.Review.Highlights));
            blocks.Add(new ReportHeading(3, "Facts from the data"));
            blocks.Add(new ReportList(facts.Statements()));
            blocks.Add(new ReportHeading(3, "Assessment"));
            blocks.Add(new ReportFacts([.. Status(snapshot, section, facts)]));
        }

        return blocks;
    }

    private static List<ReportBlock> OnAPage(PlanSnapshot snapshot)
    {
        var plan = PeriodFacts.ForPlan(snapshot);
        var top = snapshot.Level(0);
        var actions = PlanShape.Of(snapshot).ActionLevel(snapshot).PluralName.ToLowerInvariant();
        var rows = new List<IReadOnlyList<ReportCell>>();
        foreach (var theme in snapshot.Items.Where(i => i.Depth == 0))
        {
            var facts = PeriodFacts.ForSection(snapshot, theme);
            var fields = snapshot.Fields.Where(f => f.Depth == 0).SelectMany(f => Lines(theme.Fields.GetValueOrDefault(f.Key)).Select(l => $"{f.Label}: {l}")).ToList();
            var children = snapshot.ChildrenOf(theme.Id).Where(i => i.Depth < PlanShape.Of(snapshot).ActionDepth).Select(i => i.Label);
            rows.Add([ReportCell.Of(theme.Label), ReportCell.Of([.. fields, .. children]), .. facts.Counts.Select(c => ReportCell.Of(c.Count.ToString(Culture)))]);
        }

        return
        [
            new ReportParagraph($"{plan.Actions.Count} {actions}: " + string.Join(", ", plan.Counts.Where(c => c.Count > 0).Select(c => $"{c.Count} {c.Label}")) + "."),
            new ReportTable(
                $"{top.PluralName} with counts of {actions} by rating",
                "On a page",
                [top.Name, "Intents and outcomes", .. plan.Counts.Select(c => c.Label)],
                rows),
        ];
    }

    private static List<ReportBlock> Exceptions(PlanSnapshot snapshot)
    {
        var facts = PeriodFacts.ForPlan(snapshot);
        var since = snapshot.Previous is null ? "this is the first period, so there is nothing earlier to compare with" : $"since {snapshot.Previous.Name}";
        var concern = snapshot.Scale.Where(v => !v.IsComplete).OrderByDescending(v => v.Severity).Take(2).ToList();
        var turned = facts.Changes.Where(c => c.Direction != RatingDirection.Improved && concern.Contains(c.To)).ToList();
        var blocks = new List<ReportBlock>
        {
            new ReportParagraph((snapshot.Previous is null ? "This is the first period, so there is nothing earlier to compare with. " : $"Compared with {snapshot.Previous.Name} (as at {UkClock.Day(snapshot.Previous.AsAt)}). ")
                + $"Overdue means not complete with a deadline before {UkClock.Day(snapshot.Period.AsAt)}."),
            new ReportHeading(2, $"Turned {string.Join(" or ", concern.Select(c => c.Label))}"),
        };
        blocks.Add(turned.Count == 0
            ? new ReportParagraph(snapshot.Previous is null ? "Nothing to compare with yet." : $"Nothing turned {string.Join(" or ", concern.Select(c => c.Label))} {since}.")
            : new ReportTable("Turned " + string.Join(" or ", concern.Select(c => c.Label)), "Turned worse", ["Ref", "Item", "Lead", "Was", "Now", "Reason"],
                [.. turned.Select(c => (IReadOnlyList<ReportCell>)[ReportCell.Of(c.Item.Ref), ReportCell.Of(c.Item.Title), Leads(snapshot, c.Item), RatingCell(snapshot, c.Item.PreviousRating, false), RatingCell(snapshot, c.Item.Rating, true), ReportCell.Of(c.Item.Rating?.Reason)])]));

        blocks.Add(new ReportHeading(2, "Overdue"));
        blocks.Add(facts.Overdue.Count == 0
            ? new ReportParagraph($"Nothing overdue at {UkClock.Day(snapshot.Period.AsAt)}.")
            : new ReportTable("Overdue", "Overdue", ["Ref", "Item", "Lead", "Deadline", "Rating"],
                [.. facts.Overdue.Select(i => (IReadOnlyList<ReportCell>)[ReportCell.Of(i.Ref), ReportCell.Of(i.Title), Leads(snapshot, i), ReportCell.Of(DeadlineWithHistory(i)), RatingCell(snapshot, i.Rating, true)])]));

        var revised = facts.Revised.Where(r => r.ThisPeriod > 0).ToList();
        blocks.Add(new ReportHeading(2, "Deadlines revised"));
        blocks.Add(revised.Count == 0
            ? new ReportParagraph($"No deadlines revised {(snapshot.Previous is null ? "yet" : since)}.")
            : new ReportTable("Deadlines revised", "Revised", ["Ref", "Item", "Deadline", "Times revised", "Latest reason"],
                [.. revised.Select(r => (IReadOnlyList<ReportCell>)[ReportCell.Of(r.Item.Ref), ReportCell.Of(r.Item.Title), ReportCell.Of(DeadlineWithHistory(r.Item)), ReportCell.Of(r.Times.ToString(Culture)), ReportCell.Of(r.Item.Revisions[^1].Reason)])]));

        blocks.Add(new ReportHeading(2, "Not updated"));
        blocks.Add(facts.NotUpdated.Count == 0
            ? new ReportParagraph("Every item not yet complete was updated this period.")
            : new ReportTable("Not updated this period", "Not updated", ["Ref", "Item", "Lead", "Last rated"],
                [.. facts.NotUpdated.Select(i => (IReadOnlyList<ReportCell>)[ReportCell.Of(i.Ref), ReportCell.Of(i.Title), Leads(snapshot, i), RatingCell(snapshot, i.Rating, true)])]));
        return blocks;
    }

    private static List<ReportBlock> EasyRead(IReadOnlyList<EasyReadSection> sections)
    {
        var blocks = new List<ReportBlock>
        {
            new ReportParagraph("This is a short summary of the work to improve support for children and young people with special educational needs and disabilities (SEND)."),
        };
        foreach (var section in sections)
        {
            blocks.Add(new ReportHeading(2, section.Heading));
            blocks.Add(new ReportHeading(3, "What changed"));
            blocks.Add(new ReportParagraph(section.WhatChanged));
            blocks.Add(new ReportHeading(3, "What is next"));
            blocks.Add(new ReportParagraph(section.WhatIsNext));
        }

        return blocks;
    }

    /// <summary>Short sentences for families, worked out from the facts and the leads' next steps, for someone to edit.</summary>
    public static IReadOnlyList<EasyReadSection> GenerateEasyRead(PlanSnapshot snapshot) =>
        [.. Sections(snapshot).Select(section =>
        {
            var facts = PeriodFacts.ForSection(snapshot, section);
            var done = facts.Actions.Count(facts.IsComplete);
            var changed = new List<string> { $"We have finished {done} of the {facts.Actions.Count} pieces of work." };
            var better = facts.Changes.Count(c => c.Direction == RatingDirection.Improved);
            var worse = facts.Changes.Count(c => c.Direction == RatingDirection.Worsened);
            if (better > 0)
            {
                changed.Add(better == 1 ? "1 piece of work is going better than before." : $"{better} pieces of work are going better than before.");
            }

            if (worse > 0)
            {
                changed.Add(worse == 1 ? "1 piece of work is slower than we planned." : $"{worse} pieces of work are slower than we planned.");
            }

            if (facts.Overdue.Count > 0)
            {
                changed.Add(facts.Overdue.Count == 1 ? "1 thing is late." : $"{facts.Overdue.Count} things are late.");
            }

            var next = facts.Actions.Select(a => FirstSentence(a.Note?.NextSteps)).OfType<string>().Distinct().Take(2).ToList();
            return new EasyReadSection(
                section.Id,
                section.Title,
                string.Join(" ", changed),
                next.Count == 0 ? "We will tell you what happens next in our next update." : "Next we will: " + string.Join(" Also: ", next),
                IsEdited: false);
        })];

    public static IReadOnlyList<SnapshotItem> Sections(PlanSnapshot snapshot)
    {
        var depth = PlanShape.Of(snapshot).SectionDepth;
        return [.. snapshot.Items.Where(i => i.Depth == depth)];
    }

    /// <summary>"May 2021 (revised from Jan 2020; originally Nov 2019)", or the deadline alone when never revised.</summary>
    public static string DeadlineWithHistory(SnapshotItem item)
    {
        var current = item.Deadline.Text ?? "No deadline";
        if (item.Revisions.Count == 0)
        {
            return current;
        }

        var earlier = item.Revisions.Select(r => r.PreviousText ?? "none").Reverse().ToList();
        return earlier.Count == 1
            ? $"{current} (revised from {earlier[0]})"
            : $"{current} (revised from {earlier[0]}; {string.Join("; ", earlier.Skip(1).Take(earlier.Count - 2).Select(e => $"earlier {e}"))}{(earlier.Count > 2 ? "; " : string.Empty)}originally {earlier[^1]})";
    }

    private static IEnumerable<ReportFact> Status(PlanSnapshot snapshot, SnapshotItem section, PeriodFacts facts)
    {
        var level = snapshot.Level(section.Depth);
        var label = level.HasRating ? level.RatingLabel : "Assessment";
        var human = section.Review is { } review
            ? new SnapshotRating(review.Assessment, false, snapshot.Period.AsAt, review.Reason, review.By)
            : null;
        if (human is not null)
        {
            yield return new ReportFact(label, RatingCell(snapshot, human, withDate: false));
            yield return new ReportFact("Reason", ReportCell.Of($"{human.Reason} ({human.By})"));
        }
        else if (level.HasRating && section.Rating is { } last)
        {
            // Not decided this period: say so, and say what stood before, rather than pass it off as this period's.
            yield return new ReportFact(label, ReportCell.Missing($"Not set for this period. Last set: {RatingText(snapshot, last)}, because {TextCase.LowerFirst(last.Reason.TrimEnd('.'))} ({last.By})."));
        }
        else
        {
            yield return new ReportFact(label, ReportCell.Missing($"No {label.ToLowerInvariant()} set for this period"));
        }

        var suggestion = facts.Suggestion;
        var suggested = suggestion.Value is null
            ? ReportCell.Of(suggestion.Because)
            : new ReportCell([suggestion.Value.Label, $"Because {suggestion.Because}"], suggestion.Value);
        yield return new ReportFact("Suggested from the data", suggested);
        if (human is not null && suggestion.Value is not null && !string.Equals(human.Value, suggestion.Value.Key, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ReportFact("Note", ReportCell.Of($"The {label.ToLowerInvariant()} ({human.Value}) differs from the suggestion ({suggestion.Value.Label}). The suggestion's rule: {SuggestedStatus.Rule}"));
        }
    }

    private static List<ReportCell> ActionRow(PlanSnapshot snapshot, SnapshotLevel level, SnapshotItem action)
    {
        var row = new List<ReportCell> { ReportCell.Of(action.Ref), ReportCell.Of(action.Title), People(action.Leads) };
        if (level.HasStart)
        {
            row.Add(ReportCell.Of(action.Start.Text));
        }

        row.Add(ReportCell.Of(DeadlineWithHistory(action) is var d && action.Deadline.Text is null && action.Revisions.Count == 0 ? null : d));
        if (level.HasProgressStatus)
        {
            row.Add(ReportCell.Of(action.ProgressStatusText));
        }

        row.Add(RatingCell(snapshot, action.Rating, withDate: false));
        return row;
    }

    /// <summary>"1.2", or "Workstream 3" for a section written without a ref, to name its worksheet.</summary>
    private static string SheetPrefix(PlanSnapshot snapshot, SnapshotItem section) =>
        section.Ref ?? $"{snapshot.Level(section.Depth).Name} {Sections(snapshot).ToList().FindIndex(s => s.Id == section.Id) + 1}";

    private static ReportCell RatingCell(PlanSnapshot snapshot, SnapshotRating? rating, bool withDate)
    {
        if (rating is null)
        {
            return ReportCell.Missing("Not rated");
        }

        return new ReportCell([RatingText(snapshot, rating, withDate)], snapshot.ScaleValue(rating.Value));
    }

    private static string RatingText(PlanSnapshot snapshot, SnapshotRating? rating, bool withDate = true)
    {
        if (rating is null)
        {
            return "not rated";
        }

        var value = snapshot.ScaleValue(rating.Value);
        var word = (value?.Label ?? rating.Value) + (rating.IsTentative ? " (tentative)" : string.Empty);
        return withDate ? $"{word} from {UkClock.Day(rating.AppliesFrom)}" : word;
    }

    private static ReportCell People(IReadOnlyList<SnapshotPerson> people) =>
        people.Count == 0 ? ReportCell.Missing("None named") : ReportCell.Of(string.Join(", ", people.Select(p => p.IsMapped ? p.Text : $"{p.Text} (unassigned)")));

    /// <summary>A milestone is led by its action's leads when it has none of its own.</summary>
    private static ReportCell Leads(PlanSnapshot snapshot, SnapshotItem item)
    {
        for (var current = item; current is not null; current = snapshot.Find(current.ParentId))
        {
            if (current.Leads.Count > 0)
            {
                return People(current.Leads);
            }
        }

        return People([]);
    }

    private static ReportBlock NoteList(IEnumerable<SnapshotItem> actions, Func<SnapshotNote, string?> part, string none)
    {
        var lines = actions
            .Where(a => a.Note is not null && !string.IsNullOrWhiteSpace(part(a.Note)))
            .Select(a => $"{a.Ref ?? a.Title}: {part(a.Note!)!.Trim()}")
            .ToList();
        return lines.Count == 0 ? new ReportParagraph(none, IsMissing: true) : new ReportList(lines);
    }

    private static void AddFields(List<ReportBlock> blocks, PlanSnapshot snapshot, SnapshotItem item)
    {
        var any = false;
        foreach (var field in snapshot.Fields.Where(f => f.Depth == item.Depth))
        {
            var lines = Lines(item.Fields.GetValueOrDefault(field.Key));
            if (lines.Count == 0)
            {
                continue;
            }

            any = true;
            blocks.Add(new ReportHeading(4, field.Label));
            blocks.Add(lines.Count == 1 ? new ReportParagraph(lines[0]) : new ReportList(lines));
        }

        if (!any)
        {
            blocks.Add(new ReportParagraph(string.IsNullOrWhiteSpace(item.Description) ? "Nothing written yet." : item.Description, IsMissing: string.IsNullOrWhiteSpace(item.Description)));
        }
    }

    private static SnapshotItem? Ancestor(PlanSnapshot snapshot, SnapshotItem item, int depth)
    {
        var current = item;
        while (current is not null && current.Depth > depth)
        {
            current = snapshot.Find(current.ParentId);
        }

        return current;
    }

    private static List<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static ReportCell[] Row(params string?[] values) => [.. values.Select(ReportCell.Of)];

    private static string? FirstSentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var first = text.Trim().Split('\n')[0];
        var end = first.IndexOfAny(['.', '!', '?']);
        var sentence = (end > 0 ? first[..(end + 1)] : first).Trim();
        return sentence.EndsWith('.') ? sentence : sentence + ".";
    }

    private static string FileSlug(string text) =>
        NotSlug().Replace(text.ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 120)] : "report";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}

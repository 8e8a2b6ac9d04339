using System.Globalization;
using System.Text.RegularExpressions;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Imports;

/// <summary>
/// Reads a table of a plan into items and works out what importing them would do, without writing anything. Two
/// layouts: one row per item with a Level column (the export template), or one row per action (strategy and inspection
/// plans), where the top two levels are named in their own columns or in rows spanning the table, and milestones are
/// lines of a cell or continuation rows. The rules are documented in docs/import-format.md.
/// </summary>
public static partial class PlanImport
{
    /// <summary>How many first rows are looked at to find the header row.</summary>
    private const int HeaderSearchRows = 10;

    public static ImportPreview Build(IReadOnlyList<SourceTable> tables, ImportSettings settings, ImportContext context)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        if (tables.Count == 0 || tables.All(t => t.Rows.Count == 0))
        {
            return new ImportPreview { Tables = tables, Errors = [new(null, null, "The file has no tables with text in them. Check you chose the right file.")] };
        }

        var known = settings.Columns?.Select(c => c.Header.Trim()).Where(h => h.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var tableIndex = settings.TableIndex is { } chosen && chosen >= 0 && chosen < tables.Count && tables[chosen].Rows.Count > 0 ? chosen : LikeliestTable(tables, known);
        var table = WithContinuations(tables, tableIndex);
        var headerRow = settings.HeaderRow is { } h && table.Rows.Any(r => r.Number == h) ? h : LikeliestHeaderRow(table, known);
        var header = table.Rows.First(r => r.Number == headerRow);
        var headers = header.Cells.Select(c => Normalise.Text(c).Value?.Replace('\n', ' ') ?? string.Empty).ToList();
        var suggestions = ColumnMapping.Suggest(headers);
        var columns = ChooseColumns(settings.Columns, headers, suggestions);
        return new Reader(tables, tableIndex, table, headerRow, header.Cells, headers, suggestions, columns, settings, context).Read();
    }

    /// <summary>
    /// The table with the tables that continue it (a Word table split across pages, which the reader notes) joined on;
    /// their rows are numbered on from the first table's, so every row has its own number in the preview.
    /// </summary>
    private static SourceTable WithContinuations(IReadOnlyList<SourceTable> tables, int index)
    {
        var table = tables[index];
        var rows = table.Rows.ToList();
        var notes = table.Notes.ToList();
        for (var next = index + 1; next < tables.Count && tables[next].Notes.Count > 0 && tables[next].Notes[0].StartsWith(ContinuesNote, StringComparison.Ordinal); next++)
        {
            var offset = rows.Count == 0 ? 0 : rows[^1].Number;
            var more = tables[next].Rows.Select(r => r with { Number = offset + r.Number }).ToList();
            if (more.Count > 0)
            {
                notes.Add(FormattableString.Invariant($"{tables[next].Name} continues {table.Name} (split across pages): its rows are read as rows {more[0].Number}–{more[^1].Number} here"));
                rows.AddRange(more.Select(r => r with { Cells = [.. r.Cells, .. Enumerable.Repeat(string.Empty, Math.Max(0, (rows.Count > 0 ? rows[0].Cells.Count : 0) - r.Cells.Count))] }));
            }
        }

        return rows.Count == table.Rows.Count ? table : table with { Rows = rows, Notes = notes };
    }

    /// <summary>How the Word reader marks a table that continues the one before it.</summary>
    private const string ContinuesNote = "Continues the table before it";

    /// <summary>The table whose header row says most about its columns.</summary>
    private static int LikeliestTable(IReadOnlyList<SourceTable> tables, HashSet<string> known) =>
        tables.Select((t, i) => (Score: t.Rows.Count == 0 ? -1 : HeaderScore(t.Rows.First(r => r.Number == LikeliestHeaderRow(t, known)), known), Index: i))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index).First().Index;

    private static int LikeliestHeaderRow(SourceTable table, HashSet<string> known) =>
        table.Rows.Take(HeaderSearchRows).Select(r => (Score: HeaderScore(r, known), r.Number))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Number).FirstOrDefault().Number;

    /// <summary>How many of the row's cells read as headers: the headers of a saved mapping count most.</summary>
    private static int HeaderScore(SourceRow row, HashSet<string> known)
    {
        var cells = row.Cells.Select(c => c.Replace('\n', ' ')).ToList();
        return ColumnMapping.Suggest(cells).Count(s => s.Field != ImportField.Ignore)
            + (known.Count == 0 ? 0 : 10 * cells.Count(c => known.Contains(c.Trim())));
    }

    /// <summary>
    /// The lead's columns where given (matched to this file by header text, so a saved mapping still fits when columns
    /// move), otherwise the suggestions.
    /// </summary>
    private static List<ColumnChoice> ChooseColumns(List<ColumnChoice>? chosen, List<string> headers, IReadOnlyList<ColumnSuggestion> suggestions)
    {
        if (chosen is null)
        {
            return suggestions.Select(s => new ColumnChoice(s.Column, headers[s.Column], s.Field)).ToList();
        }

        var result = new List<ColumnChoice>(headers.Count);
        var repeated = headers.GroupBy(h => h.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var column = 0; column < headers.Count; column++)
        {
            // By header, so a saved mapping fits when columns move; by position where a header is empty or repeated.
            var unique = !repeated.Contains(headers[column].Trim());
            var byHeader = !unique ? null : chosen.FirstOrDefault(c => c.Header.Length > 0 && string.Equals(c.Header.Trim(), headers[column].Trim(), StringComparison.OrdinalIgnoreCase));
            var byPosition = chosen.FirstOrDefault(c => c.Column == column && (c.Header.Length == 0 || headers[column].Length == 0 || !unique));
            result.Add(new ColumnChoice(column, headers[column], (byHeader ?? byPosition)?.Field ?? ImportField.Ignore));
        }

        return result;
    }

    /// <summary>The text of a cell the export neutralised against formula injection ("'=x"), as it was.</summary>
    internal static string Unneutralise(string text) =>
        text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? text[1..] : text;

    /// <summary>"1.1 Children's needs are identified early", "Workstream 1: Identification", "Theme 2 - Early help".</summary>
    [GeneratedRegex(@"^(?:(?<label>[A-Za-z]+)\s+)?(?<ref>\d+(?:\.\d+)*(?:\s?\(?[a-z]\)?)?)\s*[:.)\-–]?\s+(?<title>\S.*)$", RegexOptions.Singleline)]
    private static partial Regex HeadingPattern();

    /// <summary>"Green 12/03/2021", "Amber? (March 2021)", "Red - Sept 21": a rating with the date it was given.</summary>
    [GeneratedRegex(@"^(?<rating>[A-Za-z][A-Za-z ]*?\??)\s*[-–,:(]\s*(?<date>[^()]+?)\)?$|^(?<rating>[A-Za-z]+\??)\s+(?<date>\d.*)$")]
    private static partial Regex RatingWithDate();

    private static string TitleKey(string title) =>
        string.Join(' ', NotWord().Replace(title.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NotWord();

    private sealed class Reader(
        IReadOnlyList<SourceTable> tables,
        int tableIndex,
        SourceTable table,
        int headerRow,
        IReadOnlyList<string> headerCells,
        List<string> headers,
        IReadOnlyList<ColumnSuggestion> suggestions,
        List<ColumnChoice> columns,
        ImportSettings settings,
        ImportContext context)
    {
        private readonly List<ImportMessage> _errors = [];
        private readonly List<ImportMessage> _warnings = [];
        private readonly List<UnreadableCell> _unreadable = [];
        private readonly List<ImportedItem> _items = [];
        private readonly List<PreviewRow> _rows = [];

        /// <summary>The cells of an action's first row that continuation rows may not overwrite.</summary>
        private static readonly ImportField[] SingleValued = [ImportField.Deadline, ImportField.End, ImportField.Rating, ImportField.Start, ImportField.Status, ImportField.Lead];

        private readonly Dictionary<(int Item, ImportField Field), string> _firstRowText = [];
        private readonly Dictionary<ImportField, int> _columnOf = [];
        private readonly RatingScale _scale = context.Kind.RatingScale;
        private readonly List<PlanKindLevel> _levels = context.Kind.Levels.OrderBy(l => l.Depth).ToList();

        // Per row while reading.
        private List<PreviewCell> _cells = [];
        private bool _rowFlagged;
        private SourceRow _row = null!;

        public ImportPreview Read()
        {
            CheckMapping();
            if (_errors.Count == 0)
            {
                var dataRows = table.Rows.Where(r => r.Number > headerRow).ToList();
                if (dataRows.Count == 0)
                {
                    _errors.Add(new(null, null, "The table has no rows below the header row."));
                }
                else if (_columnOf.ContainsKey(ImportField.Level))
                {
                    ReadOneRowPerItem(dataRows);
                }
                else
                {
                    ReadOneRowPerAction(dataRows);
                }

                CheckDuplicateRefs();
            }

            foreach (var note in table.Notes)
            {
                _warnings.Add(new(null, null, note));
            }

            var matcher = new Matcher(_items, settings, context);
            matcher.Match();
            var leads = Leads();
            var differ = new Differ(_items, context);
            var (changes, counts) = differ.Describe();
            _warnings.AddRange(differ.Warnings);
            var missing = matcher.Missing();
            return new ImportPreview
            {
                Tables = tables,
                TableIndex = tableIndex,
                HeaderRow = headerRow,
                Headers = headers,
                Suggestions = suggestions,
                Columns = columns,
                OneRowPerItem = _columnOf.ContainsKey(ImportField.Level),
                Rows = _rows,
                Errors = _errors,
                Warnings = _warnings,
                Unreadable = _unreadable,
                KeepUnreadable = settings.KeepUnreadable,
                Leads = leads,
                TitleMatches = matcher.TitleMatches,
                Items = _items,
                Changes = changes,
                Missing = missing,
                Counts = counts with
                {
                    RowsRead = _rows.Count,
                    MissingFromFile = missing.Count,
                    Warnings = _warnings.Count + _unreadable.Count,
                    ItemsMatched = _items.Count(i => i.ExistingId is not null),
                },
            };
        }

        private void CheckMapping()
        {
            foreach (var group in columns.Where(c => c.Field != ImportField.Ignore).GroupBy(c => c.Field))
            {
                if (group.Count() > 1)
                {
                    _errors.Add(new(null, null, $"{group.Count()} columns are mapped to “{FieldNames.Label(group.Key)}” ({string.Join(", ", group.Select(c => ColumnName(c)))}). Map one column to each field."));
                }

                _columnOf[group.Key] = group.First().Column;
            }

            if (!_columnOf.ContainsKey(ImportField.Title))
            {
                _errors.Add(new(null, null, $"No column is mapped to “{FieldNames.Label(ImportField.Title)}”. Choose the column that says what each {RowLevel.Name.ToLowerInvariant()} is."));
            }
        }

        private static string ColumnName(ColumnChoice c) =>
            c.Header.Length > 0 ? $"“{c.Header}”" : FormattableString.Invariant($"column {c.Column + 1}");

        /// <summary>The level each row holds in the one-row-per-action layout: the first level with a lead (actions).</summary>
        private PlanKindLevel RowLevel => _levels.FirstOrDefault(l => l.HasLead) ?? _levels.Last(l => !l.IsOptional);

        private PlanKindLevel? MilestoneLevel => _levels.FirstOrDefault(l => l.Depth == RowLevel.Depth + 1);

        // ---------------------------------------------------------------- one row per item (the template)

        private void ReadOneRowPerItem(List<SourceRow> rows)
        {
            var stack = new ImportedItem?[_levels.Count];
            foreach (var row in rows)
            {
                StartRow(row);
                if (IsRepeatedHeader(row) || row.Cells.All(c => c.Trim().Length == 0))
                {
                    EndRow(IsRepeatedHeader(row) ? "Skipped: the header row repeated" : "Skipped: empty");
                    continue;
                }

                var levelText = Text(ImportField.Level);
                var level = levelText is null ? null : FindLevel(levelText);
                if (level is null)
                {
                    Error(ImportField.Level, levelText is null
                        ? "The level is empty. Write the level of the item on this row"
                        : $"“{levelText}” is not a level of this kind of plan");
                    Error(ImportField.Level, $"Levels are: {string.Join(", ", _levels.Select(l => l.Name))}", alsoFlag: false);
                    EndRow("Not imported: no level");
                    continue;
                }

                var parent = level.Depth == 0 ? null : stack[level.Depth - 1];
                if (level.Depth > 0 && parent is null)
                {
                    Error(ImportField.Level, $"This {level.Name.ToLowerInvariant()} has no {_levels[level.Depth - 1].Name.ToLowerInvariant()} above it. Put it below the row of its {_levels[level.Depth - 1].Name.ToLowerInvariant()}");
                    EndRow("Not imported: no parent");
                    continue;
                }

                var item = NewItem(level, parent, Text(ImportField.Ref), Text(ImportField.Title));
                if (item is null)
                {
                    EndRow("Not imported: no title");
                    continue;
                }

                ApplyCells(item, level);
                stack[level.Depth] = item;
                for (var d = level.Depth + 1; d < stack.Length; d++)
                {
                    stack[d] = null;
                }

                EndRow($"{level.Name} {item.Label}");
            }
        }

        private PlanKindLevel? FindLevel(string text)
        {
            var word = text.Trim();
            return _levels.FirstOrDefault(l => string.Equals(l.Name, word, StringComparison.OrdinalIgnoreCase) || string.Equals(l.PluralName, word, StringComparison.OrdinalIgnoreCase))
                ?? (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) ? _levels.FirstOrDefault(l => l.Depth == depth - 1) : null);
        }

        // ---------------------------------------------------------------- one row per action

        private void ReadOneRowPerAction(List<SourceRow> rows)
        {
            var rowLevel = RowLevel;
            ImportedItem?[] parents = new ImportedItem?[rowLevel.Depth];
            string?[] parentText = new string?[rowLevel.Depth];
            ImportedItem? current = null;
            var placeholderWarned = false;
            var headings = new Dictionary<(int Depth, int Parent, string Key), ImportedItem>();

            foreach (var row in rows)
            {
                StartRow(row);
                if (row.Cells.All(c => c.Trim().Length == 0))
                {
                    EndRow("Skipped: empty");
                    continue;
                }

                if (IsRepeatedHeader(row))
                {
                    EndRow("Skipped: the header row repeated");
                    continue;
                }

                // A row spanning the table (one text, merged across the columns) names a workstream or an outcome.
                if (SpanningText(row) is { } spanning)
                {
                    var depth = SpanningDepth(spanning, rowLevel.Depth);
                    if (depth is not null)
                    {
                        SetParent(depth.Value, spanning);
                        current = null;
                        EndRow($"{_levels[depth.Value].Name} {parents[depth.Value]!.Label}");
                        continue;
                    }
                }

                var changedParent = false;
                if (rowLevel.Depth >= 1 && Text(ImportField.Section) is { } section && !SameText(section, parentText[0]))
                {
                    SetParent(0, section);
                    changedParent = true;
                }

                if (rowLevel.Depth >= 2 && Text(ImportField.Outcome) is { } outcome && !SameText(outcome, parentText[1]))
                {
                    SetParent(1, outcome);
                    changedParent = true;
                }

                var reference = Text(ImportField.Ref);
                var title = Text(ImportField.Title);
                var milestones = Text(ImportField.Milestone);
                var sameAsCurrent = current is not null && !changedParent
                    && (reference is null || SameRef(reference, current.Ref))
                    && (title is null || SameText(title, current.Title))
                    && (reference is not null || title is not null);
                if ((reference is null && title is null) || sameAsCurrent)
                {
                    if (current is not null && !changedParent)
                    {
                        var added = AddMilestones(current);
                        ApplyCells(current, rowLevel, continuation: true);
                        current.Rows.Add(row.Number);
                        EndRow(added > 0 ? $"More of {rowLevel.Name.ToLowerInvariant()} {current.Label}: {Count(added, "milestone")}" : $"More of {rowLevel.Name.ToLowerInvariant()} {current.Label}");
                    }
                    else if (changedParent)
                    {
                        EndRow("Heading");
                    }
                    else
                    {
                        if (milestones is not null)
                        {
                            Error(ImportField.Milestone, $"These milestones have no {rowLevel.Name.ToLowerInvariant()} above them");
                        }
                        else
                        {
                            Warn(null, $"The row has no {FieldNames.Label(ImportField.Title).ToLowerInvariant()} and was skipped");
                        }

                        EndRow("Skipped");
                    }

                    continue;
                }

                for (var depth = 0; depth < rowLevel.Depth; depth++)
                {
                    EnsureParent(depth);
                }

                var item = NewItem(rowLevel, rowLevel.Depth == 0 ? null : parents[rowLevel.Depth - 1], reference, title);
                if (item is null)
                {
                    EndRow("Not imported: no title");
                    continue;
                }

                ApplyCells(item, rowLevel);
                var count = AddMilestones(item);
                current = item;
                EndRow(count > 0 ? $"{rowLevel.Name} {item.Label}, with {Count(count, "milestone")}" : $"{rowLevel.Name} {item.Label}");
            }

            ImportedItem EnsureParent(int depth)
            {
                if (parents[depth] is null)
                {
                    parents[depth] = Placeholder(depth, depth == 0 ? null : EnsureParent(depth - 1));
                    if (!placeholderWarned)
                    {
                        Warn(null, $"No {_levels[depth].Name.ToLowerInvariant()} is named above this row, so what follows goes under “{parents[depth]!.Title}”. Map a column to the {_levels[depth].Name.ToLowerInvariant()}, or rename it after the import");
                        placeholderWarned = true;
                    }
                }

                return parents[depth]!;
            }

            void SetParent(int depth, string text)
            {
                parentText[depth] = text;
                for (var d = depth + 1; d < parentText.Length; d++)
                {
                    parentText[d] = null;
                    parents[d] = null;
                }

                var (reference, title) = SplitHeading(text);
                var parent = depth == 0 ? null : EnsureParent(depth - 1);
                var key = reference is null ? string.Empty : Normalise.Ref(reference).Value?.MatchKey ?? string.Empty;
                // A workstream or outcome named again further down is the same one (looked up, not searched for).
                var lookup = (depth, parent?.Index ?? -1, key.Length > 0 ? "ref " + key : "title " + TitleKey(title));
                if (!headings.TryGetValue(lookup, out var heading))
                {
                    heading = NewItem(_levels[depth], parent, reference, title, checkTitle: false)!;
                    headings[lookup] = heading;
                }

                parents[depth] = heading;
            }
        }

        private static string Count(int n, string what) => TextCase.Count(n, what);

        private static string UpperFirst(string text) => char.ToUpperInvariant(text[0]) + text[1..];

        private ImportedItem Placeholder(int depth, ImportedItem? parent)
        {
            var title = $"Imported {_levels[RowLevel.Depth].PluralName.ToLowerInvariant()} not yet grouped";
            return _items.FirstOrDefault(i => i.Depth == depth && i.Parent == parent && i.Title == title)
                ?? NewItem(_levels[depth], parent, null, title, checkTitle: false)!;
        }

        /// <summary>The text of a row whose only content is one text: in one cell, or merged across the columns.</summary>
        private string? SpanningText(SourceRow row)
        {
            var texts = row.Cells.Select((c, i) => (Text: c.Trim(), Column: i)).Where(c => c.Text.Length > 0).ToList();
            if (texts.Count == 0 || texts.Select(t => t.Text).Distinct().Count() > 1)
            {
                return null;
            }

            if (texts.Count == 1)
            {
                // One cell: a heading only if it is not a cell that belongs to an action.
                var field = columns[texts[0].Column].Field;
                if (field is not (ImportField.Ignore or ImportField.Section or ImportField.Outcome))
                {
                    return null;
                }
            }
            else if (texts.Count < 3)
            {
                return null;
            }

            return Normalise.Text(texts[0].Text).Value;
        }

        /// <summary>The level a spanning row names: by its first word ("Outcome 1.1 ..."), else the next level down.</summary>
        private int? SpanningDepth(string text, int rowDepth)
        {
            var first = text.Split([' ', ':'], 2)[0];
            var named = _levels.FirstOrDefault(l => l.Depth < rowDepth && string.Equals(l.Name, first, StringComparison.OrdinalIgnoreCase));
            if (named is not null)
            {
                return named.Depth;
            }

            if (rowDepth == 0)
            {
                return null;
            }

            // Without a level name: the top level when no column names it, otherwise the second.
            return !_columnOf.ContainsKey(ImportField.Section) || rowDepth < 2 ? 0 : 1;
        }

        private (string? Ref, string Title) SplitHeading(string text)
        {
            var match = HeadingPattern().Match(text);
            if (match.Success && (!match.Groups["label"].Success || _levels.Any(l => string.Equals(l.Name, match.Groups["label"].Value, StringComparison.OrdinalIgnoreCase))))
            {
                return (match.Groups["ref"].Value.Trim(), match.Groups["title"].Value.Trim());
            }

            return (null, text);
        }

        private int AddMilestones(ImportedItem action)
        {
            var level = MilestoneLevel;
            var text = Text(ImportField.Milestone);
            if (text is null)
            {
                return 0;
            }

            if (level is null)
            {
                Warn(ImportField.Milestone, $"This kind of plan has nothing below a {RowLevel.Name.ToLowerInvariant()}, so the milestones were not imported");
                return 0;
            }

            var entries = Entries(text);
            var deadlines = Text(ImportField.MilestoneDeadline) is { } d ? Entries(d) : [];
            var ratings = Text(ImportField.MilestoneRating) is { } r ? Entries(r) : [];
            if (deadlines.Count > 0 && deadlines.Count != entries.Count)
            {
                Warn(ImportField.MilestoneDeadline, $"There are {Count(entries.Count, "milestone")} but {Count(deadlines.Count, "deadline")}; they were paired in order");
            }

            if (ratings.Count > 0 && ratings.Count != entries.Count)
            {
                Warn(ImportField.MilestoneRating, $"There are {Count(entries.Count, "milestone")} but {Count(ratings.Count, "rating")}; they were paired in order");
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var milestone = NewItem(level, action, null, entries[i])!;
                if (i < deadlines.Count)
                {
                    milestone.Deadline = ReadDeadline(ImportField.MilestoneDeadline, deadlines[i]);
                }

                if (i < ratings.Count)
                {
                    ReadRating(milestone, ImportField.MilestoneRating, ratings[i]);
                }
            }

            return entries.Count;
        }

        /// <summary>The entries of a list cell: one per bullet, or one per line when there are no bullets.</summary>
        private static List<string> Entries(string text)
        {
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (!lines.Any(l => l.StartsWith("• ", StringComparison.Ordinal)))
            {
                return lines;
            }

            var entries = new List<string>();
            foreach (var line in lines)
            {
                if (line.StartsWith("• ", StringComparison.Ordinal) || entries.Count == 0)
                {
                    entries.Add(line.StartsWith("• ", StringComparison.Ordinal) ? line[2..].Trim() : line);
                }
                else
                {
                    entries[^1] += " " + line;
                }
            }

            return entries.Where(e => e.Length > 0).ToList();
        }

        // ---------------------------------------------------------------- items and cells

        private ImportedItem? NewItem(PlanKindLevel level, ImportedItem? parent, string? reference, string? title, bool checkTitle = true)
        {
            RefReading? readRef = null;
            if (reference is not null)
            {
                var normalised = Normalise.Ref(reference);
                readRef = normalised.Value;
                if (checkTitle)
                {
                    Note(ImportField.Ref, normalised.Raw ?? reference, readRef?.Text ?? reference, normalised.Warnings, unreadable: readRef is null);
                }

                if (readRef is { Text.Length: > ItemRef.MaxLength })
                {
                    Error(ImportField.Ref, $"The ref is longer than {ItemRef.MaxLength} characters");
                    return null;
                }
            }

            if (title is null)
            {
                Error(ImportField.Title, $"The {level.Name.ToLowerInvariant()} has no title. Fix the cell, or leave the row out of the file", fixable: true);
                return null;
            }

            if (title.Length > PlanItem.MaxTitleLength)
            {
                Error(ImportField.Title, FormattableString.Invariant($"The title is {title.Length} characters long; the most is {PlanItem.MaxTitleLength}. Check the column holds titles, or shorten it"), fixable: true);
                return null;
            }

            if (checkTitle)
            {
                Note(ImportField.Title, Raw(ImportField.Title) ?? title, title, [], unreadable: false);
            }

            var item = new ImportedItem
            {
                Index = _items.Count,
                Parent = parent,
                Depth = level.Depth,
                LevelName = level.Name,
                Row = _row.Number,
                Ref = readRef?.Text ?? (reference is null ? null : ItemRef.Normalise(reference)),
                RefKey = readRef?.MatchKey ?? string.Empty,
                Title = title,
            };
            item.Rows.Add(_row.Number);
            _items.Add(item);
            return item;
        }

        private void ApplyCells(ImportedItem item, PlanKindLevel level, bool continuation = false)
        {
            void Ignored(ImportField field, string what) =>
                Warn(field, $"{UpperFirst(TextCase.WithArticle(level.Name.ToLowerInvariant()))} has no {what} in this kind of plan; the cell was not imported");

            if (Text(ImportField.Description) is { } description)
            {
                item.Description = Merge(item.Description, description, continuation);
                Note(ImportField.Description, Raw(ImportField.Description)!, description, [], false);
            }

            if (continuation)
            {
                ContinuationValues(item, level);
            }
            else
            {
                foreach (var field in SingleValued)
                {
                    if (Text(field) is { } first)
                    {
                        _firstRowText[(item.Index, field)] = first;
                    }
                }
            }

            if (!continuation)
            {
                if (Text(ImportField.Start) is { } start)
                {
                    if (level.HasStart)
                    {
                        var read = PlanDateParser.Parse(start);
                        item.Start = read.Date ?? PlanDate.Unrecognised(start);
                        Note(ImportField.Start, Raw(ImportField.Start)!, read.Date?.Describe() ?? "Kept as text", read.Error is null ? [] : [$"{read.Error} It was kept as text."], read.Date is null);
                    }
                    else
                    {
                        Ignored(ImportField.Start, "start");
                    }
                }

                var end = Text(ImportField.Deadline) ?? Text(ImportField.End);
                if (end is not null)
                {
                    var field = Text(ImportField.Deadline) is not null ? ImportField.Deadline : ImportField.End;
                    if (level.HasDeadline)
                    {
                        item.Deadline = ReadDeadline(field, end);
                    }
                    else
                    {
                        Ignored(field, level.DeadlineLabel.ToLowerInvariant());
                    }
                }

                if (Text(ImportField.Status) is { } status)
                {
                    if (level.HasProgressStatus)
                    {
                        var read = Normalise.Status(status);
                        item.StatusText = status.Replace('\n', ' ');
                        Note(ImportField.Status, read.Raw!, read.HasWarnings ? "Kept as text" : ProgressStatusText.Label(read.Value), read.Warnings, read.HasWarnings);
                    }
                    else if (level.HasRating && _scale.Read(status) is not null && !_columnOf.ContainsKey(ImportField.Rating))
                    {
                        ReadRating(item, ImportField.Status, status);
                    }
                    else
                    {
                        Ignored(ImportField.Status, "progress status");
                    }
                }

                if (Text(ImportField.Rating) is { } rating)
                {
                    if (level.HasRating)
                    {
                        ReadRating(item, ImportField.Rating, rating);
                    }
                    else
                    {
                        Ignored(ImportField.Rating, "rating");
                    }
                }

                if (Text(ImportField.RatingDate) is { } ratingDate)
                {
                    var read = PlanDateParser.Parse(ratingDate);
                    var day = read.Date?.Start ?? read.Date?.End;
                    if (day is not null && read.Date!.Kind != PlanDateKind.Unrecognised)
                    {
                        item.RatingDate = day;
                        Note(ImportField.RatingDate, Raw(ImportField.RatingDate)!, UkClock.Day(day.Value), [], false);
                    }
                    else
                    {
                        Note(ImportField.RatingDate, Raw(ImportField.RatingDate)!, "Not read", [read.Error ?? $"“{ratingDate}” is not a date; the rating is dated the day of the import"], true);
                    }
                }

                if (Text(ImportField.Lead) is { } leads)
                {
                    var target = level.HasLead ? item : null;
                    if (target is null)
                    {
                        Ignored(ImportField.Lead, "lead");
                    }
                    else if (leads.Length > LeadText.MaxLength)
                    {
                        Error(ImportField.Lead, FormattableString.Invariant($"The leads are longer than {LeadText.MaxLength} characters"), fixable: true);
                    }
                    else
                    {
                        target.Leads = leads.Replace('\n', ' ');
                        Note(ImportField.Lead, Raw(ImportField.Lead)!, string.Join("; ", LeadText.Split(leads).Select(t => t.Text + (t.IsInterdependency ? " (shared work)" : string.Empty))), [], false);
                    }
                }

                if (Text(ImportField.Sponsor) is { } sponsor)
                {
                    var target = Ancestor(item, l => l.HasSponsor);
                    if (target is null)
                    {
                        Ignored(ImportField.Sponsor, "sponsor");
                    }
                    else if (sponsor.Length > Person.MaxNameLength)
                    {
                        Error(ImportField.Sponsor, FormattableString.Invariant($"The sponsor is longer than {Person.MaxNameLength} characters"), fixable: true);
                    }
                    else
                    {
                        target.Sponsor = sponsor.Replace('\n', ' ');
                        Note(ImportField.Sponsor, Raw(ImportField.Sponsor)!, target == item ? sponsor : $"{sponsor}, sponsor of {target.LevelName.ToLowerInvariant()} {target.Label}", [], false);
                    }
                }

                if (Text(ImportField.Resource) is { } resource)
                {
                    if (level.HasResource)
                    {
                        var read = Normalise.Resource(resource);
                        item.Resource = read.Value;
                        Note(ImportField.Resource, read.Raw!, read.Value switch
                        {
                            ResourceNeed.AdditionalResource => "Additional resource (AR)",
                            ResourceNeed.ExistingResource => "Existing resource (ER)",
                            _ => "Not stated",
                        }, read.Warnings, read.HasWarnings);
                    }
                    else
                    {
                        Ignored(ImportField.Resource, "resource flag");
                    }
                }

                if (Text(ImportField.Area) is { } areas)
                {
                    var target = Ancestor(item, l => l.HasAreas);
                    if (target is null)
                    {
                        Ignored(ImportField.Area, "areas");
                    }
                    else
                    {
                        var names = ReadAreas(areas);
                        target.Areas.Clear();
                        target.Areas.AddRange(names);
                        var unknown = names.Where(n => !context.AreaNames.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
                        Note(ImportField.Area, Raw(ImportField.Area)!, string.Join("; ", names), unknown.Select(u => $"“{u}” is a new area of the partnership; it will be added").ToList(), false);
                    }
                }

                if (Text(ImportField.Tags) is { } tags)
                {
                    if (level.HasTags)
                    {
                        var codes = tags.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                        item.Tags.Clear();
                        item.Tags.AddRange(codes);
                        var unknown = codes.Where(c => !context.TagCodes.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
                        Note(ImportField.Tags, Raw(ImportField.Tags)!, string.Join(", ", codes), unknown.Select(u => $"“{u}” is not in the plan's interdependency key; it will be added, to be named later").ToList(), false);
                    }
                    else
                    {
                        Ignored(ImportField.Tags, "interdependency marks");
                    }
                }

                if (Text(ImportField.LinkedWork) is { } linked)
                {
                    var read = Normalise.CrossReference(linked);
                    item.Links.AddRange(read.Value ?? []);
                    Note(ImportField.LinkedWork, read.Raw!, read.Value is { Count: > 0 } refs ? string.Join("; ", refs.Select(r => $"{r.PlanLabel} {r.Ref.Text}")) : "Not read", read.Warnings, false);
                }

                if (Text(ImportField.Impact) is { } impact)
                {
                    var field = context.Kind.Fields.FirstOrDefault(f => f.Key == "impact");
                    var target = field is null ? null : Ancestor(item, l => l.Depth == field.Depth);
                    if (target is null)
                    {
                        Ignored(ImportField.Impact, "impact statement");
                    }
                    else
                    {
                        target.Fields["impact"] = impact;
                        Note(ImportField.Impact, Raw(ImportField.Impact)!, impact, [], false);
                    }
                }
            }

            if (Text(ImportField.KeyActivities) is { } activities)
            {
                item.KeyActivities = Merge(item.KeyActivities, activities, continuation);
                Note(ImportField.KeyActivities, Raw(ImportField.KeyActivities)!, activities, [], false);
            }

            if (Text(ImportField.NextSteps) is { } nextSteps)
            {
                item.NextSteps = Merge(item.NextSteps, nextSteps, continuation);
                Note(ImportField.NextSteps, Raw(ImportField.NextSteps)!, nextSteps, [], false);
            }

            if (Text(ImportField.Progress) is { } progress)
            {
                item.Progress = Merge(item.Progress, progress, continuation);
                Note(ImportField.Progress, Raw(ImportField.Progress)!, progress, [], false);
            }
        }

        /// <summary>
        /// The single-valued cells of a continuation row. With one milestone on the row, its deadline and rating are
        /// the milestone's (an action tracker: one milestone per row); otherwise the action keeps its first row's
        /// values, and a different value is reported rather than written over them.
        /// </summary>
        private void ContinuationValues(ImportedItem action, PlanKindLevel level)
        {
            var milestone = _items[^1] is { } last && last.Parent == action && last.Rows.Count == 1 && last.Row == _row.Number
                && _items.Count(i => i.Parent == action && i.Row == _row.Number) == 1 ? last : null;
            var milestoneLevel = MilestoneLevel;
            foreach (var field in SingleValued)
            {
                if (Text(field) is not { } text)
                {
                    continue;
                }

                if (milestone is not null && milestoneLevel is not null && field is ImportField.Deadline or ImportField.End
                    && milestoneLevel.HasDeadline && milestone.Deadline is null && !_columnOf.ContainsKey(ImportField.MilestoneDeadline))
                {
                    milestone.Deadline = ReadDeadline(field, text);
                }
                else if (milestone is not null && milestoneLevel is not null && field == ImportField.Rating
                    && milestoneLevel.HasRating && milestone.Rating is null && !_columnOf.ContainsKey(ImportField.MilestoneRating))
                {
                    ReadRating(milestone, field, text);
                }
                else if (!SameText(text, _firstRowText.GetValueOrDefault((action.Index, field))))
                {
                    Warn(field, $"The {level.Name.ToLowerInvariant()} {action.Label} keeps the value on its first row; “{text}” on this row was not imported");
                }
            }
        }

        private static string Merge(string? existing, string text, bool continuation) =>
            continuation && existing is not null && !existing.Contains(text, StringComparison.Ordinal) ? existing + "\n" + text : existing is not null && continuation ? existing : text;

        private ImportedItem? Ancestor(ImportedItem item, Func<PlanKindLevel, bool> has)
        {
            for (var i = item; i is not null; i = i.Parent)
            {
                if (has(_levels[i.Depth]))
                {
                    return i;
                }
            }

            return null;
        }

        private List<string> ReadAreas(string text)
        {
            if (text.Trim().ToLowerInvariant() is "both" or "all" or "all areas" or "both areas")
            {
                return context.AreaNames.ToList();
            }

            return text.Split([',', ';', '/', '&', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .SelectMany(p => p.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(p => context.AreaNames.FirstOrDefault(a => string.Equals(a, p, StringComparison.OrdinalIgnoreCase)) ?? p)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        private DeadlineReading ReadDeadline(ImportField field, string text)
        {
            var read = Normalise.Deadline(text);
            var value = read.Value!;
            var shown = value.Deadline.Kind == PlanDateKind.Unrecognised ? "Kept as text" : value.Deadline.Describe();
            if (value.RevisedFrom.Count > 0)
            {
                shown += $", revised from {string.Join(", then ", value.RevisedFrom.Select(r => r.Kind == PlanDateKind.Unrecognised ? r.Text : r.Describe()))}";
            }

            Note(field, text, shown, read.Warnings, value.Deadline.Kind == PlanDateKind.Unrecognised || value.RevisedFrom.Any(r => r.Kind == PlanDateKind.Unrecognised));
            return value;
        }

        private void ReadRating(ImportedItem item, ImportField field, string text)
        {
            var read = Normalise.Rating(_scale, text);
            if (read.Value is null && RatingWithDate().Match(text.Trim()) is { Success: true } both)
            {
                var rating = _scale.Read(both.Groups["rating"].Value);
                var date = PlanDateParser.Parse(both.Groups["date"].Value.Trim());
                if (rating is not null && date.Date is { } d && (d.Start ?? d.End) is { } day && d.Kind != PlanDateKind.Unrecognised)
                {
                    item.Rating = rating;
                    item.RatingRaw = text;
                    item.RatingDate ??= day;
                    Note(field, text, $"{rating.Value.Label}{(rating.IsTentative ? ", tentative" : string.Empty)}, given {UkClock.Day(day)}", [], false);
                    return;
                }
            }

            if (read.Value is not null)
            {
                item.Rating = read.Value;
                item.RatingRaw = text;
            }

            Note(field, text, read.Value is null ? "Not read" : $"{read.Value.Value.Label}{(read.Value.IsTentative ? ", tentative" : string.Empty)}", read.Warnings, read.Value is null);
        }

        // ---------------------------------------------------------------- rows, cells and messages

        private void StartRow(SourceRow row)
        {
            _row = row;
            _cells = [];
            _rowFlagged = false;
            if (row.IsHidden)
            {
                Warn(null, "The row is hidden in the spreadsheet; it was imported like the others");
            }
        }

        private void EndRow(string becomes) =>
            _rows.Add(new PreviewRow(_row.Number, becomes, _cells, _rowFlagged));

        /// <summary>The header row again (as a table split across pages repeats it): the same cells as written.</summary>
        private bool IsRepeatedHeader(SourceRow row) =>
            row.Number != headerRow && row.Cells.SequenceEqual(headerCells, StringComparer.Ordinal) && headers.Any(h => h.Length > 0);

        /// <summary>The raw cell of a mapped field on this row, with the lead's correction if there is one.</summary>
        private string? Raw(ImportField field)
        {
            if (!_columnOf.TryGetValue(field, out var column) || column >= _row.Cells.Count)
            {
                return null;
            }

            // The key is built only when there are fixes: Raw is called for every mapped cell of every row.
            return settings.Fixes.Count > 0 && settings.Fixes.TryGetValue(ImportSettings.FixKey(_row.Number, column), out var fixedText) ? fixedText : _row.Cells[column];
        }

        /// <summary>The cleaned text of a mapped field on this row, or none when empty.</summary>
        private string? Text(ImportField field)
        {
            var raw = Raw(field);
            return raw is null ? null : Normalise.Text(Unneutralise(raw)).Value;
        }

        // The same text (a section or outcome repeated on every row) needs no title keys.
        private static bool SameText(string a, string? b) => b is not null && (string.Equals(a, b, StringComparison.Ordinal) || TitleKey(a) == TitleKey(b));

        private static bool SameRef(string a, string? b) =>
            b is not null && (Normalise.Ref(a).Value?.MatchKey ?? a) == (Normalise.Ref(b).Value?.MatchKey ?? b);

        private void Note(ImportField field, string raw, string readAs, IReadOnlyList<string> warnings, bool unreadable)
        {
            var column = _columnOf[field];
            _cells.Add(new PreviewCell(column, headers[column], field, raw, readAs, warnings));
            if (unreadable)
            {
                _rowFlagged = true;
                _unreadable.Add(new UnreadableCell(_row.Number, column, headers[column], raw, warnings.Count > 0 ? warnings[0] : "The cell could not be read"));
            }
            else
            {
                foreach (var warning in warnings)
                {
                    _warnings.Add(new ImportMessage(_row.Number, headers[column], warning));
                    _rowFlagged = true;
                }
            }
        }

        private void Warn(ImportField? field, string message)
        {
            _warnings.Add(new ImportMessage(_row.Number, field is { } f && _columnOf.TryGetValue(f, out var c) ? headers[c] : null, message));
            _rowFlagged = true;
        }

        private void Error(ImportField field, string message, bool fixable = false, bool alsoFlag = true)
        {
            var column = _columnOf.GetValueOrDefault(field, -1);
            _errors.Add(new ImportMessage(_row.Number, column >= 0 ? headers[column] : null, message));
            _rowFlagged |= alsoFlag;
            if (fixable && column >= 0)
            {
                // Offered for correction in the preview, like a cell that could not be read.
                _cells.Add(new PreviewCell(column, headers[column], field, Raw(field) ?? string.Empty, "Not imported", [message]));
                _unreadable.Add(new UnreadableCell(_row.Number, column, headers[column], Raw(field) ?? string.Empty, message));
            }
        }

        private void CheckDuplicateRefs()
        {
            foreach (var group in _items.Where(i => i.RefKey.Length > 0).GroupBy(i => (i.Depth, i.RefKey)).Where(g => g.Count() > 1))
            {
                var first = group.First();
                var rows = string.Join(", ", group.Select(i => i.Row.ToString(CultureInfo.InvariantCulture)));
                _errors.Add(new ImportMessage(group.Last().Row, _columnOf.TryGetValue(ImportField.Ref, out var c) ? headers[c] : null,
                    $"The ref {first.Ref} is used by more than one {first.LevelName.ToLowerInvariant()} (rows {rows}). Refs must be different within a level: fix them in the file and upload it again"));
            }
        }

        private List<LeadToMap> Leads()
        {
            var tokens = _items
                .SelectMany(i => LeadText.Split(i.Leads).Concat(i.Sponsor is null ? [] : [new LeadToken(i.Sponsor, false)]))
                .GroupBy(t => t.MatchKey)
                .Where(g => g.Key.Length > 0);
            var result = new List<LeadToMap>();
            foreach (var group in tokens.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var personId = PlanService.MatchPerson(group.Key, context.People);
                var person = context.People.FirstOrDefault(p => p.Id == personId);
                result.Add(new LeadToMap(group.Key, group.First().Text, group.Count(), personId, person?.Name, settings.People.GetValueOrDefault(group.Key)));
            }

            return result;
        }
    }

    /// <summary>Matches items read from the file with stored items: by ref, or by title where refs are missing.</summary>
    private sealed class Matcher(List<ImportedItem> items, ImportSettings settings, ImportContext context)
    {
        private readonly HashSet<int> _matched = [];

        public List<TitleMatch> TitleMatches { get; } = [];

        public void Match()
        {
            if (context.Existing.Count == 0)
            {
                return;
            }

            var byRef = context.Existing.Where(e => e.RefKey.Length > 0).GroupBy(e => (e.Depth, e.RefKey)).ToDictionary(g => g.Key, g => g.First());
            var byTitle = context.Existing.ToLookup(e => (e.Depth, TitleKey(e.Title)));
            foreach (var item in items)
            {
                var parentId = item.Parent?.ExistingId;
                if (item.RefKey.Length > 0 && byRef.TryGetValue((item.Depth, item.RefKey), out var sameRef) && _matched.Add(sameRef.Id))
                {
                    item.ExistingId = sameRef.Id;
                    item.Match = ItemMatch.ByRef;
                    continue;
                }

                // Refs missing on one side (or the ref is new): the same title at the same level.
                // Below the top level, only under the same (matched) parent: a milestone called "Report to board"
                // under a new action is not another action's milestone of that name.
                if (item.Parent is not null && parentId is null)
                {
                    continue;
                }

                var candidate = byTitle[(item.Depth, TitleKey(item.Title))]
                    .FirstOrDefault(e => !_matched.Contains(e.Id) && (item.RefKey.Length == 0 || e.RefKey.Length == 0) && e.ParentId == parentId);
                if (candidate is null)
                {
                    continue;
                }

                // No ref on either side, the same title, under the same parent: the same item by every key there is.
                var certain = item.RefKey.Length == 0 && candidate.RefKey.Length == 0;
                var confirmed = certain || settings.ConfirmAllTitleMatches || settings.ConfirmedTitleMatches.Contains(item.Row);
                if (!certain)
                {
                    TitleMatches.Add(new TitleMatch(item.Row, item.LevelName, item.Title, candidate.Id, string.IsNullOrEmpty(candidate.Ref) ? candidate.Title : $"{candidate.Ref} {candidate.Title}", confirmed));
                }

                if (confirmed)
                {
                    _matched.Add(candidate.Id);
                    item.ExistingId = candidate.Id;
                    item.Match = ItemMatch.ByTitle;
                }
            }
        }

        /// <summary>Stored items at the levels the file holds that nothing in the file matched.</summary>
        public List<string> Missing()
        {
            var depths = items.Select(i => i.Depth).ToHashSet();
            var levels = context.Kind.Levels.ToDictionary(l => l.Depth);
            return context.Existing
                .Where(e => depths.Contains(e.Depth) && !_matched.Contains(e.Id))
                .Select(e => $"{levels[e.Depth].Name} {(string.IsNullOrEmpty(e.Ref) ? e.Title : $"{e.Ref} {e.Title}")}")
                .ToList();
        }
    }
}

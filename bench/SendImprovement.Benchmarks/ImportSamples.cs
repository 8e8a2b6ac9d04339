using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SendImprovement.Benchmarks;

/// <summary>What a generated file holds, to print beside the figures.</summary>
public sealed record SampleFile(string Name, string FileName, string KindKey, byte[] Content, int DataRows, int Unreadable);

/// <summary>
/// Plan files as partnerships send them, generated from a seed so every run reads the same bytes: a strategy plan
/// spreadsheet (one row per action, themes and priorities in their own columns, some merged, milestones as bullets in a
/// cell, continuation rows, hidden rows) and an inspection plan in Word (workstreams in rows spanning the table,
/// outcomes merged down the first column, milestones as bullet lists, the table split across two). The values are as
/// messy as real plans ("Sept 21", "May 2022 (revised from Nov 2021)", "Amber?", "COMPLETE (ongoing activity)",
/// "TB JD*", leftover HTML); a few cells are deliberately unreadable ("sometime soon", "Purple").
/// </summary>
public static class ImportSamples
{
    /// <summary>Every this many rows, one cell that cannot be read (a deadline or a rating), as in real plans.</summary>
    private const int UnreadableEvery = 2000;

    private static readonly string[] Themes =
    [
        "SEND is everybody's business", "Early identification and early help", "Inclusion in mainstream schools", "Preparing for adulthood",
        "Joint commissioning", "Health services for children with SEND", "Education, Health and Care plans", "Co-production with families",
        "Sufficiency of specialist places", "Social care and short breaks", "Workforce development", "The Local Offer",
        "Travel assistance", "Emotional wellbeing and mental health", "Attendance and exclusions", "Early years",
        "Post-16 pathways", "Quality assurance", "Data and performance", "Transitions between phases",
    ];

    private static readonly string[] PriorityVerbs = ["Improve", "Strengthen", "Increase", "Reduce delays in", "Embed", "Develop", "Widen access to", "Make consistent"];

    private static readonly string[] PriorityObjects =
    [
        "the quality of EHC plans", "support for SENCOs", "parental confidence", "joint working with health", "the graduated approach",
        "early help for families", "inclusion in early years settings", "the Local Offer", "annual reviews", "transition planning",
        "short breaks", "speech and language therapy", "autism assessment", "school attendance", "independent travel training",
    ];

    private static readonly string[] ActionVerbs =
    [
        "Deliver", "Review", "Publish", "Agree", "Develop", "Launch", "Embed", "Audit", "Recruit to", "Train staff on", "Commission",
        "Co-produce", "Evaluate", "Refresh", "Extend",
    ];

    private static readonly string[] ActionObjects =
    [
        "SEND training for school staff", "the graduated approach toolkit", "the Local Offer website", "a joint assessment pathway",
        "the EHCP quality assurance framework", "parent carer forum engagement", "the autism pathway", "short breaks provision",
        "a transition protocol for Year 6 to Year 7", "the SENCO network", "multi-agency panels", "the sufficiency strategy",
        "the preparing for adulthood pathway", "key performance indicators", "annual review processes", "outreach from special schools",
    ];

    private static readonly string[] Qualifiers =
    [
        string.Empty, " with health partners", " across all localities", " in partnership with the Parent Carer Forum",
        ", including early years settings", " for post-16 providers", " and report to the SEND Partnership Board",
        " so that families know what to expect", string.Empty, string.Empty,
    ];

    private static readonly string[] Initials =
    [
        "TB", "JD", "LL", "KM", "SP", "RH", "AW", "CF", "NG", "PO", "MB", "HS", "DT", "EK", "FJ",
        "GR", "IV", "JN", "KC", "LM", "MW", "NP", "OS", "PR", "RB", "SC", "TD", "VE", "WF", "YG",
    ];

    /// <summary>The people a partnership already has: the first 20 sets of initials (the other 10 match no one).</summary>
    public static IReadOnlyList<(string Name, string Initials)> KnownPeople { get; } =
        Initials.Take(20).Select((initials, i) => ($"Person {initials} {i + 1}", initials)).ToList();

    private static readonly string[] Names = ["Jane Smith", "Tom Brown", "Jo Dee", "Priya Shah", "Sam Okafor", "Head of SEND", "Designated Clinical Officer"];

    private static readonly string[] Starts =
    [
        "Sept 21", "Jan 2022", "April 2021", "Spring Term 2022", "2021/22", "01/09/2021", "Ongoing from May 2021", "Nov 21", "June 2021",
        "Summer term 2022", "Oct-21",
    ];

    private static readonly string[] Ends =
    [
        "May 2022 (revised from Nov 2021)", "July 2022", "31/03/2023", "Summer Term 2023", "Dec 2022 (revised from June 2022) (revised from Sept 2022)",
        "March 2023", "Dec22", "2022/23", "tbc", "June 2022 to April 2023", "Sept 22", "Autumn Term 2022", "30/11/2022",
        "Jan 2023 revised from Oct 2022", "April 2023",
    ];

    private static readonly string[] Statuses =
    [
        "In progress", "In Progress", "Complete", "COMPLETE (ongoing activity)", "Not started", "tbc", "In progress", "complete",
        "COMPLETE\n(ongoing activity)", "Not Started",
    ];

    private static readonly string[] Ratings =
    [
        "Green", "Amber", "Amber?", "Red", "Blue", "Complete", "G", "A", "Green 12/03/2022", "Amber - Sept 22", "AMBER", "green",
        "Red?", "Amber (Oct 2022)",
    ];

    private static readonly string[] Milestones =
    [
        "Book trainers", "Run first sessions", "Evaluate feedback from schools", "Report to the Partnership Board (Q3)", "Draft protocol agreed",
        "Consultation closes", "Sign-off by the DCS", "Recruit two SEND caseworkers", "Pilot in the North locality", "Roll out to all schools",
        "Parent survey published", "Data dashboard live", "Review at six months",
    ];

    private static readonly string[] Progress =
    [
        "Sessions delivered to 45 schools; evaluation due in March.", "Working group met twice. Terms of reference agreed.",
        "Delayed by staff vacancies; recruitment under way.", "Draft shared with the Parent Carer Forum for comment.",
        "Complete. Now part of business as usual.", "Funding agreed at Schools Forum.", "Awaiting health sign-off.",
        "On track: 12 of 20 settings visited.",
    ];

    /// <summary>A strategy plan workbook: a title row, the header on row 3, then <paramref name="dataRows"/> rows.</summary>
    public static SampleFile StrategyWorkbook(int dataRows, int seed)
    {
        var random = new Random(seed);
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var sharedItems = new List<string>();
        int Shared(string text)
        {
            if (!strings.TryGetValue(text, out var index))
            {
                index = sharedItems.Count;
                strings[text] = index;
                sharedItems.Add(text);
            }

            return index;
        }

        string[] header = ["Theme", "Priority", "Ref", "Action", "Lead", "Start", "End", "Status", "RAG rating", "Key milestones", "Progress"];
        var sheetData = new S.SheetData();
        sheetData.Append(new S.Row(TextCell("A1", Shared("SEND Strategy Phase Two: action plan (working copy)"))) { RowIndex = 1 });
        sheetData.Append(new S.Row(header.Select((h, c) => TextCell(Reference(c, 3), Shared(h)))) { RowIndex = 3 });
        var merges = new S.MergeCells();

        // 20 themes of 25 priorities, each priority 20 rows (about 19 actions and a continuation row or so).
        const int rowsPerPriority = 20;
        var prioritiesPerTheme = Math.Max(1, (int)Math.Ceiling(dataRows / (double)(rowsPerPriority * Themes.Length)));
        var rowNumber = 4;
        var unreadable = 0;
        var written = 0;
        for (var t = 1; written < dataRows; t++)
        {
            var theme = $"{t}. {Themes[(t - 1) % Themes.Length]}";
            var themeFirst = rowNumber;
            var mergeTheme = t % 4 != 0;
            for (var p = 1; p <= prioritiesPerTheme && written < dataRows; p++)
            {
                var priority = $"{t}.{p} {PriorityVerbs[random.Next(PriorityVerbs.Length)]} {PriorityObjects[random.Next(PriorityObjects.Length)]}";
                var priorityFirst = rowNumber;
                var mergePriority = t % 2 == 1;
                var action = 0;
                for (var r = 0; r < rowsPerPriority && written < dataRows; r++)
                {
                    var row = new S.Row { RowIndex = (uint)rowNumber };
                    if (!mergeTheme || rowNumber == themeFirst)
                    {
                        row.Append(TextCell(Reference(0, rowNumber), Shared(theme)));
                    }

                    if (!mergePriority || rowNumber == priorityFirst)
                    {
                        // Retyped on each row, sometimes with a stray space.
                        row.Append(TextCell(Reference(1, rowNumber), Shared(random.Next(20) == 0 ? priority + " " : priority)));
                    }

                    var continuation = r > 0 && random.Next(20) == 0;
                    if (continuation)
                    {
                        // More milestones of the action above, on a row of their own.
                        row.Append(TextCell(Reference(9, rowNumber), Shared(MilestoneCell(random, 1 + random.Next(2)))));
                    }
                    else
                    {
                        var letter = (char)('a' + action++);
                        var reference = random.Next(10) switch
                        {
                            < 7 => $"{t}.{p}{letter}",
                            < 9 => $"{t}.{p}({letter})",
                            _ => $"{t}.{p} {letter}",
                        };
                        row.Append(TextCell(Reference(2, rowNumber), Shared(reference)));
                        row.Append(TextCell(Reference(3, rowNumber), Shared(ActionTitle(random))));
                        row.Append(TextCell(Reference(4, rowNumber), Shared(Leads(random))));
                        if (random.Next(10) < 3)
                        {
                            // Excel turned "Sep-21" into a date: a serial number with a month-year format.
                            var start = new DateTime(2021, 1, 1).AddMonths(random.Next(18));
                            row.Append(new S.Cell { CellReference = Reference(5, rowNumber), StyleIndex = 1, CellValue = new S.CellValue(start.ToOADate().ToString(CultureInfo.InvariantCulture)) });
                        }
                        else
                        {
                            row.Append(TextCell(Reference(5, rowNumber), Shared(Starts[random.Next(Starts.Length)])));
                        }

                        var end = written % UnreadableEvery == 17 ? "sometime soon" : Ends[random.Next(Ends.Length)];
                        var rating = written % UnreadableEvery == 1017 ? "Purple" : Ratings[random.Next(Ratings.Length)];
                        unreadable += (end == "sometime soon" ? 1 : 0) + (rating == "Purple" ? 1 : 0);
                        row.Append(TextCell(Reference(6, rowNumber), Shared(end)));
                        row.Append(TextCell(Reference(7, rowNumber), Shared(Statuses[random.Next(Statuses.Length)])));
                        row.Append(TextCell(Reference(8, rowNumber), Shared(rating)));
                        var milestones = random.Next(5);
                        if (milestones > 0)
                        {
                            row.Append(new S.Cell { CellReference = Reference(9, rowNumber), StyleIndex = 2, DataType = S.CellValues.SharedString, CellValue = new S.CellValue(Shared(MilestoneCell(random, milestones))) });
                        }

                        if (random.Next(10) < 6)
                        {
                            var progress = Progress[random.Next(Progress.Length)];
                            if (random.Next(25) == 0)
                            {
                                progress = $"<p>{progress.Replace(". ", ".<br>", StringComparison.Ordinal)}</p>";
                            }

                            row.Append(TextCell(Reference(10, rowNumber), Shared(progress)));
                        }
                    }

                    if (written % 3331 == 100)
                    {
                        row.Hidden = true;
                    }

                    sheetData.Append(row);
                    rowNumber++;
                    written++;
                }

                if (mergePriority && rowNumber - 1 > priorityFirst)
                {
                    merges.Append(new S.MergeCell { Reference = $"B{priorityFirst}:B{rowNumber - 1}" });
                }
            }

            if (mergeTheme && rowNumber - 1 > themeFirst)
            {
                merges.Append(new S.MergeCell { Reference = $"A{themeFirst}:A{rowNumber - 1}" });
            }
        }

        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new S.Workbook(new S.Sheets());
            var shared = workbookPart.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new S.SharedStringTable(sharedItems.Select(s => new S.SharedStringItem(new S.Text(s) { Space = SpaceProcessingModeValues.Preserve })))
            {
                Count = (uint)sharedItems.Count,
                UniqueCount = (uint)sharedItems.Count,
            };
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new S.Stylesheet(
                new S.NumberingFormats(new S.NumberingFormat { NumberFormatId = 164, FormatCode = "mmm-yy" }) { Count = 1 },
                new S.Fonts(new S.Font()) { Count = 1 },
                new S.Fills(new S.Fill(new S.PatternFill { PatternType = S.PatternValues.None }), new S.Fill(new S.PatternFill { PatternType = S.PatternValues.Gray125 })) { Count = 2 },
                new S.Borders(new S.Border()) { Count = 1 },
                new S.CellFormats(
                    new S.CellFormat(),
                    new S.CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                    new S.CellFormat(new S.Alignment { WrapText = true }) { ApplyAlignment = true })
                { Count = 3 });
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var worksheet = new S.Worksheet(sheetData);
            worksheet.Append(merges);
            worksheetPart.Worksheet = worksheet;
            workbookPart.Workbook.Sheets!.Append(new S.Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = "Action plan" });
        }

        return new SampleFile("Strategy plan (.xlsx)", "strategy-plan.xlsx", Core.Plans.BuiltInPlanKinds.Strategy, stream.ToArray(), written, unreadable);

        static S.Cell TextCell(string reference, int index) =>
            new() { CellReference = reference, DataType = S.CellValues.SharedString, CellValue = new S.CellValue(index) };
    }

    /// <summary>
    /// An inspection plan (WSoA) document: a title and introduction, then the plan as a Word table of
    /// <paramref name="dataRows"/> rows (workstream rows spanning the table, then action rows) split across two tables
    /// with the header repeated, then a glossary table after some text.
    /// </summary>
    public static SampleFile InspectionDocument(int dataRows, int seed)
    {
        var random = new Random(seed);
        string[] header = ["Outcome", "Ref", "What we are going to do", "Lead Officer", "AR/ER", "Key milestones", "Deadline", "BRAG + date"];
        const int workstreams = 5;
        const int outcomesPerWorkstream = 4;
        var actionsPerOutcome = Math.Max(1, (dataRows - workstreams) / (workstreams * outcomesPerWorkstream));
        var splitAt = dataRows / 2;
        var tables = new List<W.Table> { NewTable() };
        var written = 0;
        var unreadable = 0;
        for (var w = 1; w <= workstreams && written < dataRows; w++)
        {
            Add(new W.TableRow(new W.TableCell(
                new W.TableCellProperties(new W.GridSpan { Val = header.Length }, new W.Shading { Val = W.ShadingPatternValues.Clear, Fill = "D9E2F3" }),
                Para($"Workstream {w}: {Themes[(w * 3) % Themes.Length]}", bold: true))));
            for (var o = 1; o <= outcomesPerWorkstream && written < dataRows; o++)
            {
                var subject = PriorityObjects[random.Next(PriorityObjects.Length)];
                var outcome = $"{w}.{o} {char.ToUpperInvariant(subject[0])}{subject[1..]} improves, so that children and families notice the difference";
                var count = w == workstreams && o == outcomesPerWorkstream ? dataRows - written : actionsPerOutcome;
                for (var a = 0; a < count && written < dataRows; a++)
                {
                    // The outcome is merged down its actions; a new table starts it again.
                    var first = a == 0 || written == splitAt;
                    var outcomeCell = new W.TableCell(
                        new W.TableCellProperties(new W.VerticalMerge { Val = first ? W.MergedCellValues.Restart : W.MergedCellValues.Continue }),
                        Para(first ? outcome : string.Empty));
                    var deadline = written % 150 == 40 ? "when funding is agreed" : Ends[random.Next(Ends.Length)];
                    var rating = written % 150 == 90 ? "Purple" : random.Next(6) switch
                    {
                        0 => $"Green {1 + random.Next(28):00}/{1 + random.Next(12):00}/2022",
                        1 => $"Amber? ({Months[random.Next(Months.Length)]} 2022)",
                        2 => $"Red - {Months[random.Next(Months.Length)][..3]} 22",
                        3 => "Blue 01/06/2022",
                        4 => "Green",
                        _ => "Amber",
                    };
                    unreadable += (deadline == "when funding is agreed" ? 1 : 0) + (rating == "Purple" ? 1 : 0);
                    var milestones = new W.TableCell(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => ListPara(Milestones[random.Next(Milestones.Length)])).ToArray<OpenXmlElement>());
                    Add(new W.TableRow(
                        outcomeCell,
                        Cell($"{w}.{o}({(char)('a' + (a % 26))}){(a >= 26 ? (a / 26).ToString(CultureInfo.InvariantCulture) : string.Empty)}"),
                        Cell(ActionTitle(random)),
                        Cell(random.Next(3) == 0 ? Names[random.Next(Names.Length)] : Leads(random)),
                        Cell(random.Next(8) switch { 0 => "AR", 1 => "ER?", 2 => "Additional resource required", 3 => "N/A", 4 => "Existing resource", _ => "ER" }),
                        milestones,
                        Cell(deadline),
                        Cell(rating)));
                }
            }
        }

        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            main.Document = new W.Document(body);
            body.Append(Para("Written Statement of Action", bold: true));
            body.Append(Para("This plan sets out how the local area will address the weaknesses identified at the joint inspection."));
            body.Append(tables[0]);
            // Split across pages: only a page break between, and the header repeated.
            body.Append(new W.Paragraph(new W.Run(new W.Break { Type = W.BreakValues.Page })));
            body.Append(tables[1]);
            body.Append(Para("Glossary"));
            var glossary = new W.Table(new W.TableProperties(), new W.TableGrid(new W.GridColumn { Width = "2000" }, new W.GridColumn { Width = "7000" }));
            glossary.Append(new W.TableRow(Cell("Term"), Cell("Meaning")));
            glossary.Append(new W.TableRow(Cell("AR"), Cell("Additional resource required")));
            glossary.Append(new W.TableRow(Cell("ER"), Cell("Within existing resources")));
            glossary.Append(new W.TableRow(Cell("BRAG"), Cell("Blue, Red, Amber, Green")));
            body.Append(glossary);

            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new W.Numbering(
                new W.AbstractNum(new W.Level(new W.NumberingFormat { Val = W.NumberFormatValues.Bullet }, new W.LevelText { Val = "•" }) { LevelIndex = 0 }) { AbstractNumberId = 1 },
                new W.NumberingInstance(new W.AbstractNumId { Val = 1 }) { NumberID = 1 });
        }

        return new SampleFile("Inspection plan (.docx)", "inspection-plan.docx", Core.Plans.BuiltInPlanKinds.Inspection, stream.ToArray(), written, unreadable);

        void Add(W.TableRow row)
        {
            if (written == splitAt && tables.Count == 1)
            {
                tables.Add(NewTable());
            }

            tables[^1].Append(row);
            written++;
        }

        W.Table NewTable()
        {
            var table = new W.Table(
                new W.TableProperties(new W.TableWidth { Width = "5000", Type = W.TableWidthUnitValues.Pct }),
                new W.TableGrid(header.Select(_ => new W.GridColumn { Width = "1800" })));
            var headerRow = new W.TableRow(new W.TableRowProperties(new W.TableHeader()));
            headerRow.Append(header.Select(h => new W.TableCell(Para(h, bold: true))));
            table.Append(headerRow);
            return table;
        }
    }

    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November"];

    private static string ActionTitle(Random random)
    {
        var title = $"{ActionVerbs[random.Next(ActionVerbs.Length)]} {ActionObjects[random.Next(ActionObjects.Length)]}{Qualifiers[random.Next(Qualifiers.Length)]}";
        return random.Next(40) switch
        {
            // Pasted from a web page or an email: leftover HTML and entities.
            0 => $"<p>{title.Replace(" and ", " &amp; ", StringComparison.Ordinal)}</p>",
            1 => $"<span style=\"font-family:Arial\">{title}</span>&nbsp;",
            _ => title,
        };
    }

    private static string Leads(Random random)
    {
        var count = 1 + (random.Next(10) switch { < 6 => 0, < 9 => 1, _ => 2 });
        var people = Enumerable.Range(0, count).Select(_ => Initials[random.Next(Initials.Length)]).Distinct().ToList();
        var separator = random.Next(3) switch { 0 => " / ", 1 => ", ", _ => " " };
        return string.Join(separator, people.Select((p, i) => i > 0 && random.Next(3) == 0 ? p + "*" : p));
    }

    private static string MilestoneCell(Random random, int count)
    {
        var bullet = random.Next(4) switch { 0 => "- ", 1 => "● ", 2 => string.Empty, _ => "• " };
        return string.Join("\n", Enumerable.Range(0, count).Select(_ => bullet + Milestones[random.Next(Milestones.Length)]));
    }

    private static string Reference(int column, int row) => $"{(char)('A' + column)}{row.ToString(CultureInfo.InvariantCulture)}";

    private static W.TableCell Cell(string text) => new(Para(text));

    private static W.Paragraph Para(string text, bool bold = false) =>
        new(new W.Run(bold ? new W.RunProperties(new W.Bold()) : new W.RunProperties(), new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static W.Paragraph ListPara(string text) => new(
        new W.ParagraphProperties(new W.NumberingProperties(new W.NumberingLevelReference { Val = 0 }, new W.NumberingId { Val = 1 })),
        new W.Run(new W.Text(text)));
}

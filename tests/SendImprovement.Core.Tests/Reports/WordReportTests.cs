using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SendImprovement.Core.Reports;

namespace SendImprovement.Core.Tests.Reports;

public class WordReportTests
{
    private static readonly SnapshotScaleValue Amber = new("Amber", "Amber", "Behind schedule", "orange", 2, 2, false);

    internal static ReportDocument Sample() =>
        new(
            ReportKind.Interim,
            "Northby strategy: interim report",
            "Northby SEND Partnership",
            "Northby strategy",
            "November 2026",
            new DateOnly(2026, 11, 30),
            [
                new ReportHeading(2, "Summary"),
                new ReportParagraph("Most actions are on track."),
                new ReportParagraph("No highlights written for this period", IsMissing: true),
                new ReportHeading(3, "What changed"),
                new ReportList(["Two actions completed", "One deadline revised"]),
                new ReportFacts(
                [
                    new ReportFact("Sponsor", ReportCell.Of("Tom Bradley")),
                    new ReportFact("Overall rating", new ReportCell(["Amber"], Amber)),
                ]),
                new ReportTable(
                    "Actions and their ratings",
                    "Actions",
                    ["Ref", "Action", "Rating", "Notes"],
                    [
                        [ReportCell.Of("1.1"), ReportCell.Of("Write the strategy"), new ReportCell(["Amber"], Amber), ReportCell.Of(["First line", "Second line"])],
                        [ReportCell.Of("1.2"), ReportCell.Of("=SUM(A1)"), ReportCell.Missing(), ReportCell.Of("-5 days late")],
                    ]),
                new ReportTable(
                    "Actions by area",
                    "Actions",
                    ["Area", "Actions"],
                    [[ReportCell.Of("North"), ReportCell.Of("3")]]),
                new ReportTable(
                    "Deadlines",
                    "Deadlines: revised [agreed] by the board/partnership in 2026?",
                    ["Ref", "Deadline"],
                    [[ReportCell.Of("1.1"), ReportCell.Of("March 2027")]]),
            ])
        {
            Provenance = "From the snapshot taken when November 2026 closed.",
            FileName = "northby-strategy-interim-november-2026",
        };

    private static WordprocessingDocument Open(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), false);

    private static Body BodyOf(WordprocessingDocument word) => word.MainDocumentPart!.Document!.Body!;

    private static Paragraph ParagraphWithText(WordprocessingDocument word, string text) =>
        BodyOf(word).Elements<Paragraph>().Single(p => p.InnerText == text);

    private static string? StyleOf(Paragraph paragraph) => paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

    [Fact]
    public void Render_IsValidOpenXml()
    {
        using var word = Open(WordReport.Render(Sample()));

        var errors = new OpenXmlValidator(FileFormatVersions.Office2013).Validate(word)
            .Select(e => $"{e.Path?.XPath}: {e.Description}")
            .ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void Render_StartsWithTheTitleThenWhatTheReportCovers()
    {
        using var word = Open(WordReport.Render(Sample()));

        var paragraphs = BodyOf(word).Elements<Paragraph>().ToList();

        Assert.Equal("Title", StyleOf(paragraphs[0]));
        Assert.Equal("Northby strategy: interim report", paragraphs[0].InnerText);
        var about = paragraphs[1].InnerText;
        Assert.Contains("Northby SEND Partnership", about);
        Assert.Contains("Northby strategy", about);
        Assert.Contains("November 2026, as at 30 November 2026", about);
        Assert.Contains("From the snapshot taken when November 2026 closed.", about);
    }

    [Fact]
    public void Render_MapsReportHeadingLevelsToWordHeadings_BelowTheTitle()
    {
        using var word = Open(WordReport.Render(Sample()));

        Assert.Equal("Heading1", StyleOf(ParagraphWithText(word, "Summary")));
        Assert.Equal("Heading2", StyleOf(ParagraphWithText(word, "What changed")));
    }

    [Fact]
    public void Render_DefinesHeadingStylesWithOutlineLevels_AndBritishEnglish()
    {
        using var word = Open(WordReport.Render(Sample()));
        var styles = word.MainDocumentPart!.StyleDefinitionsPart!.Styles!;

        var language = styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!.GetFirstChild<Languages>();
        Assert.Equal("en-GB", language?.Val?.Value);

        var normal = styles.Elements<Style>().Single(s => s.StyleId == "Normal");
        Assert.Equal("Arial", normal.StyleRunProperties!.RunFonts!.Ascii!.Value);
        Assert.Equal("22", normal.StyleRunProperties.FontSize!.Val!.Value);

        for (var level = 1; level <= 4; level++)
        {
            var heading = styles.Elements<Style>().Single(s => s.StyleId == $"Heading{level}");
            Assert.Equal(level - 1, heading.StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        }

        Assert.Contains(styles.Elements<Style>(), s => s.StyleId == "Title");
        var table = styles.Elements<Style>().Single(s => s.Type! == StyleValues.Table);
        Assert.NotNull(table.StyleTableProperties!.TableBorders!.InsideHorizontalBorder);
    }

    [Fact]
    public void Render_SetsCorePropertiesAndLandscapePage()
    {
        using var word = Open(WordReport.Render(Sample()));

        Assert.Equal("Northby strategy: interim report", word.PackageProperties.Title);
        Assert.Equal("en-GB", word.PackageProperties.Language);
        Assert.Equal("SEND Improvement", word.PackageProperties.Creator);

        var page = BodyOf(word).Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        Assert.Equal(PageOrientationValues.Landscape, page.Orient!.Value);
        Assert.True(page.Width!.Value > page.Height!.Value);
    }

    [Fact]
    public void Render_MissingParagraph_IsItalic()
    {
        using var word = Open(WordReport.Render(Sample()));

        var missing = ParagraphWithText(word, "No highlights written for this period");
        var present = ParagraphWithText(word, "Most actions are on track.");

        Assert.All(missing.Elements<Run>(), r => Assert.NotNull(r.RunProperties?.Italic));
        Assert.All(present.Elements<Run>(), r => Assert.Null(r.RunProperties?.Italic));
    }

    [Fact]
    public void Render_List_IsARealBulletedList()
    {
        using var word = Open(WordReport.Render(Sample()));

        var items = new[] { "Two actions completed", "One deadline revised" }.Select(t => ParagraphWithText(word, t)).ToList();
        var numberingIds = items.Select(p => p.ParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value).ToList();

        Assert.All(numberingIds, id => Assert.NotNull(id));
        Assert.DoesNotContain(items, p => p.InnerText.Contains('\u2022'));

        var numbering = word.MainDocumentPart!.NumberingDefinitionsPart!.Numbering!;
        var instance = numbering.Elements<NumberingInstance>().Single(n => n.NumberID!.Value == numberingIds[0]);
        var abstractNum = numbering.Elements<AbstractNum>().Single(a => a.AbstractNumberId!.Value == instance.AbstractNumId!.Val!.Value);
        Assert.Equal(NumberFormatValues.Bullet, abstractNum.Elements<Level>().First().NumberingFormat!.Val!.Value);
    }

    [Fact]
    public void Render_Facts_AreBoldTermsWithValues_RatingKeepsItsWordAndColour()
    {
        using var word = Open(WordReport.Render(Sample()));

        var sponsor = ParagraphWithText(word, "Sponsor: Tom Bradley");
        var term = sponsor.Elements<Run>().First();
        Assert.Equal("Sponsor: ", term.InnerText);
        Assert.NotNull(term.RunProperties?.Bold);

        var rating = ParagraphWithText(word, "Overall rating: Amber");
        var value = rating.Elements<Run>().Last();
        Assert.Equal("Amber", value.InnerText);
        Assert.Equal("FCD6C3", value.RunProperties?.Shading?.Fill?.Value);
    }

    [Fact]
    public void Render_Table_HasCaptionDescriptionAndRepeatingHeaderRow()
    {
        using var word = Open(WordReport.Render(Sample()));

        var table = BodyOf(word).Elements<Table>().First();
        var properties = table.GetFirstChild<TableProperties>()!;
        Assert.Equal("Actions and their ratings", properties.TableCaption?.Val?.Value);
        Assert.False(string.IsNullOrWhiteSpace(properties.TableDescription?.Val?.Value));
        Assert.Equal("ReportTable", properties.TableStyle?.Val?.Value);

        var caption = table.PreviousSibling<Paragraph>()!;
        Assert.Equal("Actions and their ratings", caption.InnerText);
        Assert.Equal("Caption", StyleOf(caption));

        var rows = table.Elements<TableRow>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.NotNull(rows[0].TableRowProperties?.GetFirstChild<TableHeader>());
        Assert.Null(rows[1].TableRowProperties?.GetFirstChild<TableHeader>());
        Assert.Equal(["Ref", "Action", "Rating", "Notes"], rows[0].Elements<TableCell>().Select(c => c.InnerText));
        Assert.All(rows[0].Descendants<Run>(), r => Assert.NotNull(r.RunProperties?.Bold));
    }

    [Fact]
    public void Render_TableCells_KeepRatingWordsLinesAndMissingValues()
    {
        using var word = Open(WordReport.Render(Sample()));

        var rows = BodyOf(word).Elements<Table>().First().Elements<TableRow>().ToList();
        var first = rows[1].Elements<TableCell>().ToList();
        var second = rows[2].Elements<TableCell>().ToList();

        var rating = first[2];
        Assert.Contains("Amber", rating.InnerText);
        Assert.Equal("FCD6C3", rating.TableCellProperties?.Shading?.Fill?.Value);
        Assert.Null(first[1].TableCellProperties?.Shading);

        Assert.Equal(["First line", "Second line"], first[3].Elements<Paragraph>().Select(p => p.InnerText));

        Assert.Equal(ReportCell.NotRecorded, second[2].InnerText);
        Assert.All(second[2].Descendants<Run>(), r => Assert.NotNull(r.RunProperties?.Italic));
        Assert.Equal("=SUM(A1)", second[1].InnerText);
    }

    [Fact]
    public void Render_WithNothingButATitle_StillMakesADocument()
    {
        var document = Sample() with { Blocks = [] };

        using var word = Open(WordReport.Render(document));

        Assert.Equal("Northby strategy: interim report", BodyOf(word).Elements<Paragraph>().First().InnerText);
    }

    [Fact]
    public void FillFor_KnowsTheGovukColours_AndNothingElse()
    {
        Assert.Equal("CCE2D8", WordReport.FillFor(Amber with { Colour = "green" }));
        Assert.Equal("F4CDC6", WordReport.FillFor(Amber with { Colour = "govuk-tag--red" }));
        Assert.Null(WordReport.FillFor(Amber with { Colour = "chartreuse" }));
        Assert.Null(WordReport.FillFor(null));
    }
}

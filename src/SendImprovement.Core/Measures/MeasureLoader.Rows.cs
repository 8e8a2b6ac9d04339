using System.Globalization;
using SendImprovement.Core.Partnerships;

namespace SendImprovement.Core.Measures;

public sealed partial class MeasureLoader
{
    /// <summary>One load's running state: lookups, problems found and counts.</summary>
    private sealed class Run
    {
        private readonly List<RowProblem> _problems = [];
        private readonly HashSet<int> _rowsWithProblems = [];
        private readonly Dictionary<string, Measure> _measures = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<int, Measure> _measuresById;

        public Run(MeasureLoadContext context, MeasureLoadChoices choices)
        {
            Context = context;
            Choices = choices;
            foreach (var measure in context.Measures)
            {
                _measures.TryAdd(measure.Code, measure);
            }

            foreach (var measure in context.Measures)
            {
                _measures.TryAdd(measure.Name.Trim(), measure);
            }

            _measuresById = context.Measures.ToDictionary(m => m.Id);
        }

        public MeasureLoadContext Context { get; }

        public MeasureLoadChoices Choices { get; }

        public int RowsRead { get; set; }

        public int FiguresRead { get; set; }

        public int Suppressed { get; set; }

        public int DuplicateRows { get; set; }

        public int ProblemCount { get; private set; }

        public bool HasFileProblem { get; private set; }

        public List<string> Notes { get; } = [];

        public void Problem(int row, string message)
        {
            ProblemCount++;
            _rowsWithProblems.Add(row);
            if (row == 0)
            {
                HasFileProblem = true;
            }

            if (_problems.Count < MaxProblemsKept)
            {
                _problems.Add(new RowProblem(row, message));
            }
        }

        public Measure? FindMeasure(string text) => _measures.GetValueOrDefault(text.Trim());

        public Measure? MeasureById(int id) => _measuresById.GetValueOrDefault(id);

        public string MeasureName(int id) => _measuresById.TryGetValue(id, out var m) ? m.Name : $"measure {id}";

        public string CouncilLabel(string code) =>
            code == EnglandCode ? "England" : Context.Councils.TryGetValue(code, out var name) ? name : Regions.TryGetValue(code, out var region) ? region : code;

        public LoadOutcome Outcome(int added, int corrected, int unchanged) => new(
            RowsRead,
            FiguresRead,
            [.. _problems.OrderBy(p => p.Row)],
            ProblemCount,
            _rowsWithProblems.Count,
            added,
            corrected,
            unchanged,
            HasFileProblem || (ProblemCount > 0 && !Choices.LoadValidRows) ? 0 : _rowsWithProblems.Count,
            Suppressed,
            Notes);

        /// <summary>
        /// Reads a figure as a number or a DfE symbol; checks it fits the measure's unit (when known). Null means a
        /// problem was reported; an empty cell is (null, null) with ok.
        /// </summary>
        public bool TryFigure(int row, string? text, Measure? measure, string what, out decimal? value, out string? symbol)
        {
            var reading = FigureSymbols.ReadFigure(text, measure?.Unit, out value, out symbol);
            if (symbol is not null)
            {
                Suppressed++;
            }

            var shown = value?.ToString(CultureInfo.InvariantCulture);
            var message = reading switch
            {
                FigureReading.Ok => null,
                FigureReading.PercentageForOtherUnit => $"Row {row}: {what} is “{Shorten(text!.Trim())}”, a percentage, but {measure!.Name} is not measured in percentages.",
                FigureReading.PercentageOutOfRange => $"Row {row}: {what} is {shown}, but a percentage must be between 0 and 100.",
                FigureReading.Negative => $"Row {row}: {what} is {shown}, but {UnitWords(measure!.Unit)} cannot be negative.",
                _ => $"Row {row}: {what} is “{Shorten(text!.Trim())}”, which is not a number or one of the DfE's symbols (c, x, z, low, u or :).",
            };
            if (message is null)
            {
                return true;
            }

            Problem(row, message);
            value = null;
            return false;
        }

        private static string UnitWords(MeasureUnit unit) => unit switch
        {
            MeasureUnit.Count => "a count",
            MeasureUnit.RatePer10000 => "a rate",
            MeasureUnit.Days => "a number of days",
            MeasureUnit.Weeks => "a number of weeks",
            _ => "a percentage",
        };
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..57] + "…" : text;

    private interface IRowReader
    {
        IEnumerable<StagedFigure> Read(int number, string[] cells);
    }

    /// <summary>Columns for measure, area, period and value, and optionally a note: the area's own figures and comparators.</summary>
    private sealed class SimpleRowReader : IRowReader
    {
        private readonly Run _run;
        private readonly int _measure;
        private readonly int _area;
        private readonly int _period;
        private readonly int _value;
        private readonly int _note;
        private readonly Dictionary<string, (int Kind, int? AreaId, GeographicLevel Level, string Code, string Name)?> _areas = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<(string Text, PeriodType Frequency), (MeasurePeriod Period, string? Error)> _periods = [];

        public SimpleRowReader(Run run, string[] header)
        {
            _run = run;
            _measure = Find(header, "measure", "measure code", "measure name", "indicator");
            _area = Find(header, "area", "area name", "area code", "geography", "la", "local authority");
            _period = Find(header, "period", "time period", "month", "date");
            _value = Find(header, "value", "figure", "actual");
            _note = Find(header, "note", "notes", "comment", "commentary");
            var missing = new[] { ("measure", _measure), ("period", _period), ("value", _value) }.Where(c => c.Item2 < 0).Select(c => "“" + c.Item1 + "”").ToList();
            if (missing.Count > 0)
            {
                var names = missing.Count == 1 ? missing[0] : $"{string.Join(", ", missing[..^1])} or {missing[^1]}";
                run.Problem(0, $"The file has no {names} column. The simple layout has columns headed measure, area, period and value, and optionally note; a DfE file needs its time_period, time_identifier and geographic_level columns.");
            }
        }

        public IEnumerable<StagedFigure> Read(int number, string[] cells)
        {
            // The product's own exports guard cells against formulas with an apostrophe; it is taken off again here.
            string Cell(int i) => i >= 0 && i < cells.Length ? Imports.PlanImport.Unneutralise(cells[i].Trim()) : string.Empty;
            var measureText = Cell(_measure);
            var measure = measureText.Length == 0 ? null : _run.FindMeasure(measureText);
            var ok = true;
            if (measure is null)
            {
                _run.Problem(number, measureText.Length == 0
                    ? $"Row {number}: the measure is missing."
                    : $"Row {number}: there is no measure called “{Shorten(measureText)}” in the partnership's library. Use a measure's name or code.");
                ok = false;
            }

            var area = ResolveArea(Cell(_area));
            if (area is null)
            {
                _run.Problem(number, $"Row {number}: the area “{Shorten(Cell(_area))}” is not one of the partnership's areas, England, a region or a council it knows (its statistical neighbours and the councils in files already loaded).");
                ok = false;
            }

            var periodText = Cell(_period);
            var periodKey = (periodText, measure?.Frequency ?? PeriodType.Month);
            if (!_periods.TryGetValue(periodKey, out var reading))
            {
                reading = MeasurePeriod.TryParseFor(periodText, measure?.Frequency ?? PeriodType.Month, out var read, out var readError) ? (read, null) : (default, readError);
                if (_periods.Count < 100_000)
                {
                    _periods[periodKey] = reading;
                }
            }

            var period = reading.Period;
            if (reading.Error is not null)
            {
                _run.Problem(number, $"Row {number}: {reading.Error}");
                ok = false;
            }

            if (!_run.TryFigure(number, Cell(_value), measure, "the value", out var value, out var symbol))
            {
                ok = false;
            }

            var note = Cell(_note);
            if (note.Length > MeasureObservation.MaxNoteLength)
            {
                _run.Problem(number, $"Row {number}: the note is longer than {MeasureObservation.MaxNoteLength:N0} characters.");
                ok = false;
            }

            if (ok && value is null && symbol is null && note.Length == 0)
            {
                _run.Problem(number, $"Row {number}: the value is empty. Enter a number, one of the DfE's symbols (c, x, z, low, u or :) or a note.");
                ok = false;
            }

            if (ok && area!.Value.Kind == 1 && value is null && symbol is null)
            {
                _run.Problem(number, $"Row {number}: a figure for {area.Value.Name} needs a number or a DfE symbol, not only a note.");
                ok = false;
            }

            if (!ok)
            {
                yield break;
            }

            _run.FiguresRead++;
            var (kind, areaId, level, code, name) = area!.Value;
            yield return kind == 0
                ? new StagedFigure(number, 0, measure!.Id, areaId, string.Empty, GeographicLevel.LocalAuthority, string.Empty, string.Empty, period, value, symbol, note.Length == 0 ? null : note)
                : new StagedFigure(number, 1, 0, null, measure!.ComparatorSeries ?? measure.Code, level, code, name, period, value, symbol, null);
        }

        private (int Kind, int? AreaId, GeographicLevel Level, string Code, string Name)? ResolveArea(string text)
        {
            if (_areas.TryGetValue(text, out var known))
            {
                return known;
            }

            var context = _run.Context;
            (int, int?, GeographicLevel, string, string)? found = null;
            if (text.Length == 0 || Same(text, context.PartnershipName) || Same(text, "whole partnership") || Same(text, "all") || Same(text, "total"))
            {
                found = (0, null, GeographicLevel.LocalAuthority, string.Empty, string.Empty);
            }
            else if (context.Areas.FirstOrDefault(a => Same(text, a.Name) || Same(text, a.CouncilCode ?? "\0")) is { } area)
            {
                found = (0, area.Id, GeographicLevel.LocalAuthority, string.Empty, string.Empty);
            }
            else if (Same(text, "England") || Same(text, EnglandCode))
            {
                found = (1, null, GeographicLevel.National, EnglandCode, "England");
            }
            else if (Regions.FirstOrDefault(r => Same(text, r.Key) || Same(text, r.Value)) is { Key: not null } region)
            {
                found = (1, null, GeographicLevel.Regional, region.Key, region.Value);
            }
            else if (context.Councils.FirstOrDefault(c => Same(text, c.Key) || Same(text, c.Value)) is { Key: not null } council)
            {
                found = (1, null, GeographicLevel.LocalAuthority, council.Key.ToUpperInvariant(), council.Value);
            }

            _areas[text] = found;
            return found;
        }
    }

    private static int Find(string[] header, params string[] names)
    {
        for (var i = 0; i < header.Length; i++)
        {
            var h = header[i].Trim().Replace('_', ' ');
            if (names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The DfE's open-data layout: time and geography columns, then filter columns (text that qualifies a figure,
    /// such as age group) and indicator columns (figures). Each indicator with each combination of filter values is a series.
    /// </summary>
    private sealed class EesRowReader : IRowReader
    {
        private readonly Run _run;
        private readonly int _timePeriod;
        private readonly int _timeIdentifier;
        private readonly int _level;
        private readonly int _countryCode;
        private readonly int _regionCode;
        private readonly int _regionName;
        private readonly int _laCode;
        private readonly int _oldLaCode;
        private readonly int _laName;
        private readonly int[] _filters;
        private readonly string[] _filterNames;
        private readonly List<(int Column, string Indicator)> _indicators = [];
        private readonly Dictionary<string, (int? MeasureId, Measure? Measure)> _chosen;
        private readonly Dictionary<(string, string), (MeasurePeriod Period, string? Error)> _periods = [];
        private readonly Dictionary<string, int> _otherLevels = new(StringComparer.OrdinalIgnoreCase);

        public EesRowReader(Run run, string[] header)
        {
            _run = run;
            _timePeriod = Find(header, "time period");
            _timeIdentifier = Find(header, "time identifier");
            _level = Find(header, "geographic level");
            _countryCode = Find(header, "country code");
            _regionCode = Find(header, "region code");
            _regionName = Find(header, "region name");
            _laCode = Find(header, "new la code");
            _oldLaCode = Find(header, "old la code");
            _laName = Find(header, "la name");
            if (_timePeriod < 0 || _timeIdentifier < 0 || _level < 0)
            {
                run.Problem(0, "The file is not in the DfE's open-data layout: it needs time_period, time_identifier and geographic_level columns.");
            }

            _filterNames = [.. run.Choices.FilterColumns];
            _filters = [.. _filterNames.Select(f => Array.FindIndex(header, h => Same(h, f)))];
            _chosen = run.Choices.Series.GroupBy(s => s.Series, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (g.First().MeasureId, g.First().MeasureId is { } id ? run.MeasureById(id) : null), StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var name = header[i].Trim();
                if (!IsGeographyColumn(name) && !_filterNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    _indicators.Add((i, name));
                }
            }
        }

        public IEnumerable<StagedFigure> Read(int number, string[] cells)
        {
            string Cell(int i) => i >= 0 && i < cells.Length ? cells[i].Trim() : string.Empty;
            var levelText = Cell(_level);
            GeographicLevel level;
            string code, name;
            switch (levelText.ToLowerInvariant())
            {
                case "national":
                    level = GeographicLevel.National;
                    code = Cell(_countryCode);
                    name = "England";
                    if (!string.Equals(code, EnglandCode, StringComparison.OrdinalIgnoreCase))
                    {
                        _run.Problem(number, $"Row {number}: the country code “{Shorten(code)}” is not England's ({EnglandCode}); this product compares with England only.");
                        yield break;
                    }

                    break;
                case "regional":
                    level = GeographicLevel.Regional;
                    code = Cell(_regionCode).ToUpperInvariant();
                    if (!Regions.TryGetValue(code, out var regionName))
                    {
                        _run.Problem(number, $"Row {number}: the region code “{Shorten(code)}” is not one of England's nine regions (E12000001 to E12000009).");
                        yield break;
                    }

                    name = Cell(_regionName) is { Length: > 0 } written ? written : regionName;
                    break;
                case "local authority":
                    level = GeographicLevel.LocalAuthority;
                    code = Cell(_laCode).ToUpperInvariant();
                    name = Cell(_laName);
                    if (!CouncilCodePattern().IsMatch(code))
                    {
                        _run.Problem(number, code.Length == 0
                            ? $"Row {number}: the local authority code (new_la_code) is missing{(Cell(_oldLaCode).Length > 0 ? $" (the old code {Shorten(Cell(_oldLaCode))} alone is not enough)" : string.Empty)}."
                            : $"Row {number}: “{Shorten(code)}” is not a local authority code: they look like E06000001 (E06, E08, E09 or E10 and six digits).");
                        yield break;
                    }

                    if (name.Length == 0 || name.Length > ComparatorValue.MaxNameLength)
                    {
                        _run.Problem(number, $"Row {number}: the local authority name (la_name) is {(name.Length == 0 ? "missing" : "too long")}.");
                        yield break;
                    }

                    break;
                default:
                    _otherLevels[levelText] = _otherLevels.GetValueOrDefault(levelText) + 1;
                    if (_otherLevels[levelText] == 1)
                    {
                        _run.Notes.Add(levelText.Length == 0
                            ? "Rows with no geographic level are not loaded."
                            : $"Rows for the geographic level “{Shorten(levelText)}” are not loaded: only national, regional and local authority figures are.");
                    }

                    yield break;
            }

            var key = (Cell(_timePeriod), Cell(_timeIdentifier));
            if (!_periods.TryGetValue(key, out var parsed))
            {
                parsed = MeasurePeriod.TryParseEes(key.Item1, key.Item2, out var p, out var error) ? (p, null) : (default, error);
                _periods[key] = parsed;
            }

            if (parsed.Error is not null)
            {
                _run.Problem(number, $"Row {number}: {parsed.Error}");
                yield break;
            }

            var filter = _filters.Length == 0 ? string.Empty : " [" + string.Join(", ", _filters.Select((f, i) => $"{_filterNames[i]}={Cell(f)}")) + "]";
            foreach (var (column, indicator) in _indicators)
            {
                var series = indicator + filter;
                if (!_chosen.TryGetValue(series, out var chosen))
                {
                    continue;
                }

                if (!_run.TryFigure(number, Cell(column), chosen.Measure, $"{indicator} for {name}", out var value, out var symbol))
                {
                    continue;
                }

                if (value is null && symbol is null)
                {
                    continue;
                }

                _run.FiguresRead++;
                yield return new StagedFigure(number, 1, 0, null, series, level, code, name, parsed.Period, value, symbol, null);
            }
        }
    }

    private static bool IsGeographyColumn(string name) =>
        EesGeographyColumns.Contains(name) || name.EndsWith("_code", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_name", StringComparison.OrdinalIgnoreCase);

    /// <summary>An indicator of a DfE file, with one combination of its filter values.</summary>
    public sealed record EesSeries(string Key, string Indicator, string Filters, int Figures, int Suppressed);

    /// <summary>What a DfE file holds: its filter columns and its series, in the order they appear.</summary>
    public sealed record EesDescription(IReadOnlyList<string> FilterColumns, IReadOnlyList<EesSeries> Series, int Rows);

    /// <summary>
    /// Looks through a DfE file to list what it can load: a column after the time and geography columns whose every
    /// value is a number or a DfE symbol is an indicator; any other is a filter.
    /// </summary>
    public static EesDescription DescribeEes(Func<IEnumerable<(int Number, string[] Cells)>> rows, int maxSeries = 2000)
    {
        string[]? header = null;
        var candidates = new List<int>();
        var textual = new HashSet<int>();
        var count = 0;
        foreach (var (_, cells) in rows())
        {
            if (header is null)
            {
                header = [.. cells.Select(h => h.Trim())];
                candidates = [.. Enumerable.Range(0, header.Length).Where(i => !IsGeographyColumn(header[i]))];
                continue;
            }

            count++;
            foreach (var i in candidates)
            {
                var cell = i < cells.Length ? cells[i].Trim() : string.Empty;
                if (cell.Length > 0 && !textual.Contains(i) && !FigureSymbols.TryRead(cell, out _)
                    && !decimal.TryParse(cell.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out _))
                {
                    textual.Add(i);
                }
            }
        }

        if (header is null)
        {
            return new EesDescription([], [], 0);
        }

        var filters = candidates.Where(textual.Contains).ToList();
        var indicators = candidates.Where(i => !textual.Contains(i)).ToList();
        var series = new Dictionary<string, (string Indicator, string Filters, int Figures, int Suppressed)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (_, cells) in rows().Skip(1))
        {
            var filterText = filters.Count == 0 ? string.Empty : string.Join(", ", filters.Select(f => $"{header[f]}={(f < cells.Length ? cells[f].Trim() : string.Empty)}"));
            foreach (var i in indicators)
            {
                var cell = i < cells.Length ? cells[i].Trim() : string.Empty;
                if (cell.Length == 0)
                {
                    continue;
                }

                var key = header[i] + (filterText.Length == 0 ? string.Empty : " [" + filterText + "]");
                if (!series.TryGetValue(key, out var s))
                {
                    if (series.Count >= maxSeries)
                    {
                        continue;
                    }

                    order.Add(key);
                    s = (header[i], filterText, 0, 0);
                }

                series[key] = (s.Indicator, s.Filters, s.Figures + 1, s.Suppressed + (FigureSymbols.TryRead(cell, out _) ? 1 : 0));
            }
        }

        return new EesDescription(
            [.. filters.Select(f => header[f])],
            [.. order.Select(k => new EesSeries(k, series[k].Indicator, series[k].Filters, series[k].Figures, series[k].Suppressed))],
            count);
    }
}

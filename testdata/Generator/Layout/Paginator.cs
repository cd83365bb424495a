using System.Globalization;
using System.Text;

namespace SoHoa.TestData.Generator.Layout;

/// <summary>Flows blocks onto A4 pages: wraps paragraphs, keeps column pairs whole, numbers pages after the first.</summary>
internal sealed class Paginator
{
    private const double LineSpacing = 1.45;
    private const double BaselineOffset = 1.1;

    private readonly List<PageLayout> _pages = [];
    private List<PlacedLine> _lines = [];
    private List<string> _text = [];
    private double _cursorMm = PageGeometry.TopMm;

    public static IReadOnlyList<PageLayout> Paginate(IEnumerable<Block> blocks)
    {
        var paginator = new Paginator();
        foreach (var block in blocks)
        {
            paginator.Add(block);
        }

        paginator.FinishPage();
        return paginator._pages;
    }

    private bool AtPageTop => _cursorMm <= PageGeometry.TopMm;

    private void Add(Block block)
    {
        switch (block)
        {
            case Paragraph paragraph:
                AddParagraph(paragraph);
                break;
            case ColumnPair pair:
                AddColumns(pair);
                break;
            default:
                throw new NotSupportedException($"Unknown block type {block.GetType().Name}.");
        }
    }

    private void AddParagraph(Paragraph paragraph)
    {
        SkipSpaceBefore(paragraph.SpaceBeforeMm);
        foreach (var line in Wrap(paragraph, PageGeometry.LeftMm, PageGeometry.RightMm))
        {
            double height = LineHeight(paragraph.Style);
            if (_cursorMm + height > PageGeometry.BottomMm)
            {
                NewPage();
            }

            if (line.Text.Length > 0)
            {
                _lines.Add(line with { BaselineMm = _cursorMm + (paragraph.Style.SizeMm * BaselineOffset) });
                _text.Add(line.Text);
            }

            _cursorMm += height;
        }
    }

    /// <summary>
    /// Lays the two columns out row by row on shared baselines, as official documents align them; a row's ground
    /// truth is its left text, then its right text, which is also how OCR engines read such a row.
    /// </summary>
    private void AddColumns(ColumnPair pair)
    {
        SkipSpaceBefore(pair.SpaceBeforeMm);
        var left = ColumnRows(pair.Left, PageGeometry.LeftColumn);
        var right = ColumnRows(pair.Right, PageGeometry.RightColumn);
        var rows = Enumerable.Range(0, Math.Max(left.Count, right.Count))
            .Select(i => new[] { i < left.Count ? left[i] : null, i < right.Count ? right[i] : null }.OfType<ColumnRow>().ToList())
            .ToList();
        double height = rows.Sum(row => row.Max(cell => cell.SpaceBeforeMm) + row.Max(cell => LineHeight(cell.Line.Style)));
        if (_cursorMm + height > PageGeometry.BottomMm)
        {
            if (AtPageTop)
            {
                throw new InvalidOperationException("A column pair is taller than a page.");
            }

            NewPage();
        }

        foreach (var row in rows)
        {
            _cursorMm += row.Max(cell => cell.SpaceBeforeMm);
            double baseline = _cursorMm + row.Max(cell => cell.Line.Style.SizeMm * BaselineOffset);
            var printed = row.Where(cell => cell.Line.Text.Length > 0).Select(cell => cell.Line with { BaselineMm = baseline }).ToList();
            _lines.AddRange(printed);
            if (printed.Count > 0)
            {
                _text.Add(string.Join(' ', printed.Select(line => line.Text)));
            }

            _cursorMm += row.Max(cell => LineHeight(cell.Line.Style));
        }
    }

    /// <summary>One line of a column, with the space its paragraph asks for above it (first line only).</summary>
    private sealed record ColumnRow(PlacedLine Line, double SpaceBeforeMm);

    private static List<ColumnRow> ColumnRows(IReadOnlyList<Paragraph> paragraphs, (double Left, double Right) column) =>
        [.. paragraphs.SelectMany(paragraph => Wrap(paragraph, column.Left, column.Right)
            .Select((line, i) => new ColumnRow(line, i == 0 ? paragraph.SpaceBeforeMm : 0)))];

    private static IEnumerable<PlacedLine> Wrap(Paragraph paragraph, double leftMm, double rightMm)
    {
        string text = paragraph.Text.Normalize(NormalizationForm.FormC);
        if (string.IsNullOrWhiteSpace(text))
        {
            // An empty row: takes the height of a line, prints nothing (room for a signature).
            yield return Place(string.Empty, paragraph, leftMm, rightMm, firstLine: true);
            yield break;
        }

        var line = new StringBuilder();
        bool first = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            double available = rightMm - leftMm - (first ? paragraph.FirstLineIndentMm : 0);
            string candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && TextMeasure.WidthMm(candidate, paragraph.Style) > available)
            {
                yield return Place(line.ToString(), paragraph, leftMm, rightMm, first);
                first = false;
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0)
        {
            yield return Place(line.ToString(), paragraph, leftMm, rightMm, first);
        }
    }

    private static PlacedLine Place(string text, Paragraph paragraph, double leftMm, double rightMm, bool firstLine) =>
        paragraph.Align == TextAlign.Center
            ? new PlacedLine(text, paragraph.Style, (leftMm + rightMm) / 2, 0, TextAlign.Center)
            : new PlacedLine(text, paragraph.Style, leftMm + (firstLine ? paragraph.FirstLineIndentMm : 0), 0, TextAlign.Left);

    private static double LineHeight(TextStyle style) => style.SizeMm * LineSpacing;

    private void SkipSpaceBefore(double spaceMm)
    {
        if (!AtPageTop)
        {
            _cursorMm += spaceMm;
        }
    }

    private void NewPage()
    {
        FinishPage();
        string number = (_pages.Count + 1).ToString(CultureInfo.InvariantCulture);
        _lines = [new PlacedLine(number, TextStyle.Body, PageGeometry.WidthMm / 2, PageGeometry.PageNumberBaselineMm, TextAlign.Center)];
        _text = [number];
        _cursorMm = PageGeometry.TopMm;
    }

    private void FinishPage()
    {
        if (_lines.Count > 0)
        {
            _pages.Add(new PageLayout(_pages.Count + 1, _lines, _text));
        }
    }
}

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
            case Spacer spacer:
                _cursorMm += spacer.HeightMm;
                if (_cursorMm > PageGeometry.BottomMm)
                {
                    NewPage();
                }

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

            _lines.Add(line with { BaselineMm = _cursorMm + (paragraph.Style.SizeMm * BaselineOffset) });
            _cursorMm += height;
        }
    }

    private void AddColumns(ColumnPair pair)
    {
        SkipSpaceBefore(pair.SpaceBeforeMm);
        var left = StackColumn(pair.Left, PageGeometry.LeftColumn);
        var right = StackColumn(pair.Right, PageGeometry.RightColumn);
        double height = Math.Max(left.Height, right.Height);
        if (_cursorMm + height > PageGeometry.BottomMm)
        {
            if (AtPageTop)
            {
                throw new InvalidOperationException("A column pair is taller than a page.");
            }

            NewPage();
        }

        _lines.AddRange(left.Lines.Concat(right.Lines).Select(line => line with { BaselineMm = _cursorMm + line.BaselineMm }));
        _cursorMm += height;
    }

    /// <summary>Lays out a column with baselines relative to its top.</summary>
    private static (List<PlacedLine> Lines, double Height) StackColumn(IReadOnlyList<Paragraph> paragraphs, (double Left, double Right) column)
    {
        var lines = new List<PlacedLine>();
        double y = 0;
        foreach (var paragraph in paragraphs)
        {
            y += paragraph.SpaceBeforeMm;
            foreach (var line in Wrap(paragraph, column.Left, column.Right))
            {
                lines.Add(line with { BaselineMm = y + (paragraph.Style.SizeMm * BaselineOffset) });
                y += LineHeight(paragraph.Style);
            }
        }

        return (lines, y);
    }

    private static IEnumerable<PlacedLine> Wrap(Paragraph paragraph, double leftMm, double rightMm)
    {
        string text = paragraph.Text.Normalize(NormalizationForm.FormC);
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
        int number = _pages.Count + 1;
        _lines =
        [
            new PlacedLine(number.ToString(CultureInfo.InvariantCulture), TextStyle.Body, PageGeometry.WidthMm / 2,
                PageGeometry.PageNumberBaselineMm, TextAlign.Center),
        ];
        _cursorMm = PageGeometry.TopMm;
    }

    private void FinishPage()
    {
        if (_lines.Count > 0)
        {
            _pages.Add(new PageLayout(_pages.Count + 1, _lines));
        }
    }
}

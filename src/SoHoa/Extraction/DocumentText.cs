using SoHoa.Ocr;

namespace SoHoa.Extraction;

/// <summary>
/// The text of a document as the rules read it: per page, Tesseract's lines (already in reading order) cut where a
/// gap between two words is wider than a column gap, so the number on the left of an official header and the dateline
/// on its right become two segments even when OCR put them on one line.
/// </summary>
internal sealed class DocumentText
{
    /// <summary>A gap wider than this many times the page's median word height separates two columns.</summary>
    private const double ColumnGapInWordHeights = 3.0;

    /// <summary>Below this OCR confidence a word of punctuation only is taken for dust.</summary>
    private const double SpeckleConfidence = 60;

    private DocumentText(IReadOnlyList<TextSegment> segments) => Segments = segments;

    /// <summary>Every segment of every page, in reading order.</summary>
    public IReadOnlyList<TextSegment> Segments { get; }

    /// <summary>Builds the text of <paramref name="pages"/>; a null page (blank) has no text.</summary>
    public static DocumentText Of(IReadOnlyList<OcrPage?> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var segments = new List<TextSegment>();
        for (int p = 0; p < pages.Count; p++)
        {
            if (pages[p] is not { } page)
            {
                continue;
            }

            double[] heights = [.. page.Words.Select(w => (double)w.Box.Height).Where(h => h > 0).Order()];
            double gap = heights.Length == 0 ? double.MaxValue : heights[heights.Length / 2] * ColumnGapInWordHeights;
            foreach (OcrLine line in page.Lines)
            {
                var current = new List<OcrWord>();
                foreach (OcrWord word in line.Words.Where(w => !IsSpeckle(w)).OrderBy(w => w.Box.Left))
                {
                    if (current.Count > 0 && word.Box.Left - current[^1].Box.Right > gap)
                    {
                        segments.Add(new TextSegment(p + 1, current));
                        current = [];
                    }

                    current.Add(word);
                }

                if (current.Count > 0)
                {
                    segments.Add(new TextSegment(p + 1, current));
                }
            }
        }

        return new DocumentText(segments);
    }

    /// <summary>
    /// A word with neither letter nor digit that OCR itself doubts (dust read as "-" or "—"): left out, so that it
    /// neither bridges a column gap nor stands before a label or a dateline.
    /// </summary>
    private static bool IsSpeckle(OcrWord word) =>
        string.IsNullOrWhiteSpace(word.Text) || (word.Confidence < SpeckleConfidence && !word.Text.Any(char.IsLetterOrDigit));
}

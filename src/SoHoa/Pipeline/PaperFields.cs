using SoHoa.Extraction;
using SoHoa.Ocr;

namespace SoHoa.Pipeline;

/// <summary>
/// The fields of a document, read from its sidecar pages: the same words, boxes and confidences whether they came
/// from OCR or from a born-digital PDF's text layer, so both paths are read alike and the boxes are the sidecar's own.
/// </summary>
internal static class PaperFields
{
    /// <summary>
    /// The fields of the document. Reading fields never costs a document: text on which a rule's pattern runs out of
    /// time (every pattern has a time limit) gives no fields, as a paper without them does.
    /// </summary>
    public static DocumentFields Extract(string kind, IReadOnlyList<SidecarPage> pages)
    {
        try
        {
            return FieldExtractor.Extract([.. pages.Select(ToOcrPage)], kind);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return DocumentFields.None;
        }
    }

    /// <summary>A sidecar page back as OCR lines (one per sidecar line number); null for a page without words.</summary>
    internal static OcrPage? ToOcrPage(SidecarPage page)
    {
        if (page.Words.Count == 0)
        {
            return null;
        }

        OcrLine[] lines =
        [
            .. page.Words.GroupBy(w => w.Line).OrderBy(g => g.Key).Select(g =>
            {
                OcrWord[] words = [.. g.Select(w => new OcrWord(w.Text, new PixelBox(w.Box[0], w.Box[1], w.Box[2], w.Box[3]), w.Confidence))];
                var box = new PixelBox(words.Min(w => w.Box.Left), words.Min(w => w.Box.Top), words.Max(w => w.Box.Right), words.Max(w => w.Box.Bottom));
                return new OcrLine(0, box, words);
            }),
        ];
        return new OcrPage(page.Width, page.Height, lines, page.MeanConfidence, page.LowConfidence);
    }
}

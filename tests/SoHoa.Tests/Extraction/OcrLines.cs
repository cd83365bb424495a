using SoHoa.Ocr;

namespace SoHoa.Tests.Extraction;

/// <summary>
/// Builds OCR-like pages from lines of text, the way Tesseract returns them: words with boxes on a 300 DPI page and
/// confidences. A word written <c>HẢI@60</c> has confidence 60 (95 otherwise); <c>" | "</c> in a line is a column gap
/// (as between the number and the dateline of an official header).
/// </summary>
internal static class OcrLines
{
    public const int WordHeight = 40;
    private const int CharWidth = 22;
    private const int Space = 18;
    private const int ColumnGap = 600;

    public static OcrPage Page(params string[] lines)
    {
        var ocrLines = new List<OcrLine>();
        for (int n = 0; n < lines.Length; n++)
        {
            int top = 200 + (n * 70);
            int left = 300;
            var words = new List<OcrWord>();
            foreach (string token in lines[n].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (token == "|")
                {
                    left += ColumnGap;
                    continue;
                }

                string[] parts = token.Split('@');
                double confidence = parts.Length > 1 ? double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 95;
                int width = parts[0].Length * CharWidth;
                words.Add(new OcrWord(parts[0], new PixelBox(left, top, left + width, top + WordHeight), confidence));
                left += width + Space;
            }

            if (words.Count > 0)
            {
                ocrLines.Add(new OcrLine(n, new PixelBox(words[0].Box.Left, top, words[^1].Box.Right, top + WordHeight), words));
            }
        }

        return new OcrPage(2480, 3508, ocrLines, 95, false);
    }

    /// <summary>The box of the word <paramref name="text"/> on <paramref name="page"/>.</summary>
    public static PixelBox BoxOf(OcrPage page, string text) => page.Words.First(w => w.Text == text).Box;
}

namespace SoHoa.Ocr;

/// <summary>The text of one page: words with their boxes and confidences, grouped into lines, in reading order. All text is Unicode NFC.</summary>
/// <param name="Width">The width of the image OCR read, in pixels.</param>
/// <param name="Height">The height of the image OCR read, in pixels.</param>
/// <param name="Lines">The text lines in reading order.</param>
/// <param name="MeanConfidence">Tesseract's mean word confidence for the page, 0 to 100.</param>
/// <param name="IsLowConfidence">True when <paramref name="MeanConfidence"/> is under the configured threshold: a person should review the page.</param>
public sealed record OcrPage(int Width, int Height, IReadOnlyList<OcrLine> Lines, double MeanConfidence, bool IsLowConfidence)
{
    /// <summary>The page text: one text line per line, a blank line between blocks.</summary>
    public string Text => string.Join('\n', Lines.Select((l, i) => (i > 0 && l.Block != Lines[i - 1].Block ? "\n" : string.Empty) + l.Text));

    /// <summary>Every word of the page in reading order.</summary>
    public IEnumerable<OcrWord> Words => Lines.SelectMany(l => l.Words);
}

/// <summary>A text line.</summary>
/// <param name="Block">The index of the text block the line belongs to.</param>
/// <param name="Box">The line's bounding box.</param>
/// <param name="Words">The words of the line, left to right.</param>
public sealed record OcrLine(int Block, PixelBox Box, IReadOnlyList<OcrWord> Words)
{
    /// <summary>The line's words joined by single spaces.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}

/// <summary>A recognized word.</summary>
/// <param name="Text">The word, Unicode NFC.</param>
/// <param name="Box">The word's bounding box.</param>
/// <param name="Confidence">Tesseract's confidence in the word, 0 to 100.</param>
public sealed record OcrWord(string Text, PixelBox Box, double Confidence);

/// <summary>A box in image pixels, origin at the top left.</summary>
/// <param name="Left">The left edge.</param>
/// <param name="Top">The top edge.</param>
/// <param name="Right">The right edge (exclusive).</param>
/// <param name="Bottom">The bottom edge (exclusive).</param>
public readonly record struct PixelBox(int Left, int Top, int Right, int Bottom)
{
    /// <summary>The width.</summary>
    public int Width => Right - Left;

    /// <summary>The height.</summary>
    public int Height => Bottom - Top;
}

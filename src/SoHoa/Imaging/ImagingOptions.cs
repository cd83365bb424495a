namespace SoHoa.Imaging;

/// <summary>Limits and choices for decoding and cleaning page images.</summary>
public sealed class ImagingOptions
{
    /// <summary>The most pixels one page may have; larger pages are refused before any decoding (decompression bombs). Default 150 million (A3 at 1200 DPI).</summary>
    public long MaxPixelsPerPage { get; set; } = 150_000_000;

    /// <summary>The most pages one TIFF may hold. Default 500.</summary>
    public int MaxPagesPerFile { get; set; } = 500;

    /// <summary>The largest page file read, in bytes. Default 256 MiB.</summary>
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Detect pages fed sideways or upside down and turn them upright (the visible image too). Default on.</summary>
    public bool DetectOrientation { get; set; } = true;

    /// <summary>Find and remove skew from the image OCR reads. Default on.</summary>
    public bool Deskew { get; set; } = true;

    /// <summary>The largest skew searched for, in degrees either way. Default 12.</summary>
    public double MaxSkewDegrees { get; set; } = 12;

    /// <summary>Remove specks too small to be part of a letter from the image OCR reads. Default on.</summary>
    public bool Despeckle { get; set; } = true;

    /// <summary>Mark pages without text (separator sheets, empty back sides) as blank, so that OCR skips them. Default on.</summary>
    public bool DetectBlankPages { get; set; } = true;

    /// <summary>
    /// Cut the empty margins off the image OCR reads, keeping a tenth of an inch of paper around the outermost ink
    /// (the visible image keeps them). Tesseract's passes over the whole page cost in proportion to its area.
    /// </summary>
    public bool CropMargins { get; set; } = true;

    /// <summary>
    /// Pages scanned below this resolution are enlarged to <see cref="TargetOcrDpi"/> for cleanup and OCR. Default 100: on the
    /// benchmark corpus, enlarging 150 DPI pages to 300 doubled the character error rate (0.06% to 0.12%), so only
    /// scans too coarse for Tesseract's line finder are enlarged.
    /// </summary>
    public int MinOcrDpi { get; set; } = 100;

    /// <summary>
    /// Pages scanned above this resolution are reduced to <see cref="TargetOcrDpi"/> for cleanup and OCR (Tesseract
    /// then reads them at <see cref="ReadingDpi"/>). Default 400.
    /// </summary>
    public int MaxOcrDpi { get; set; } = 400;

    /// <summary>The resolution pages outside <see cref="MinOcrDpi"/>..<see cref="MaxOcrDpi"/> are brought to for OCR. Default 300.</summary>
    public int TargetOcrDpi { get; set; } = 300;

    /// <summary>
    /// The highest resolution Tesseract reads a page at. Orientation, skew, specks and margins are found at the
    /// resolution above (up to <see cref="MaxOcrDpi"/>); the cleaned image is then reduced to this one for reading.
    /// Tesseract's LSTM brings every text line to the same height whatever the resolution, but its page-wide passes
    /// cost in proportion to the pixels. Default 250: on the benchmark corpus it was faster than 300 and no less
    /// accurate on any variant; 200 was faster still but lost accuracy on shadowed pages (benchmarks/README.md).
    /// </summary>
    public int ReadingDpi { get; set; } = 250;

    /// <summary>Returns every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxPixelsPerPage < 1)
        {
            problems.Add($"{nameof(MaxPixelsPerPage)} must be positive.");
        }

        if (MaxPagesPerFile < 1)
        {
            problems.Add($"{nameof(MaxPagesPerFile)} must be positive.");
        }

        if (MaxFileBytes < 1)
        {
            problems.Add($"{nameof(MaxFileBytes)} must be positive.");
        }

        if (MaxSkewDegrees is < 0.5 or > 45)
        {
            problems.Add($"{nameof(MaxSkewDegrees)} must be between 0.5 and 45.");
        }

        if (MinOcrDpi < 50 || MaxOcrDpi > 1200 || MinOcrDpi > MaxOcrDpi || TargetOcrDpi < MinOcrDpi || TargetOcrDpi > MaxOcrDpi)
        {
            problems.Add($"The OCR resolutions must satisfy 50 <= {nameof(MinOcrDpi)} <= {nameof(TargetOcrDpi)} <= {nameof(MaxOcrDpi)} <= 1200.");
        }

        if (ReadingDpi < MinOcrDpi || ReadingDpi > 1200)
        {
            problems.Add($"{nameof(ReadingDpi)} must be between {nameof(MinOcrDpi)} ({MinOcrDpi}) and 1200.");
        }

        return problems;
    }
}

using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// What the cleanup steps of one page share: the page's identity (for errors), the images they work on, and what
/// they found, from which <see cref="TakeResult"/> makes the <see cref="PageCleanup"/> record.
/// </summary>
/// <remarks>
/// The context owns the images it holds (<see cref="Gray"/>, <see cref="Binary"/>, the upright source) and destroys
/// them when disposed, unless <see cref="TakeResult"/> has handed them to the caller. A step changes an image only
/// through <c>Replace…</c>, which checks the new image before destroying the old one, so a failed Leptonica call
/// leaves every image owned exactly once.
/// </remarks>
/// <param name="normalized">The decoded page (1-bit, 8-bit gray or 32-bit RGB).</param>
/// <param name="dpi">The resolution it was scanned at.</param>
/// <param name="source">The page's file and place in it.</param>
/// <param name="options">Which steps to do, and their settings.</param>
internal sealed class PageCleanupContext(SafePixHandle normalized, int dpi, PageSource source, ImagingOptions options) : IDisposable
{
    private SafePixHandle? _gray;
    private SafePixHandle? _binary;
    private SafePixHandle? _upright;
    private (int Left, int Top, int Width, int Height)? _ink;
    private bool _inkFound;

    /// <summary>The decoded page, owned by the caller; no step changes it.</summary>
    public SafePixHandle Normalized => normalized;

    /// <summary>The resolution the page was scanned at.</summary>
    public int Dpi => dpi;

    /// <summary>The page's file and place in it, named in errors.</summary>
    public PageSource Source => source;

    /// <summary>Which steps to do, and their settings.</summary>
    public ImagingOptions Options => options;

    /// <summary>The 8-bit gray image of the page's own (never a clone of <see cref="Normalized"/>), which becomes the OCR image.</summary>
    public SafePixHandle Gray => _gray ?? throw new InvalidOperationException("No cleanup step has made the gray image yet.");

    /// <summary>The 1-bit image that orientation, skew, speckle, blank and margin detection measure.</summary>
    public SafePixHandle Binary => _binary ?? throw new InvalidOperationException("No cleanup step has made the binary image yet.");

    /// <summary>
    /// The bounding box of every ink pixel of <see cref="Binary"/>, null when there is none. Found when first asked
    /// for, and again only once <see cref="Binary"/> has been replaced (on a turned page).
    /// </summary>
    public (int Left, int Top, int Width, int Height)? Ink
    {
        get
        {
            if (!_inkFound)
            {
                _ink = PixRegions.InkArea(Binary);
                _inkFound = true;
            }

            return _ink;
        }
    }

    /// <summary>The analysis image's size over the scan's size.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>The resolution of the gray and binary images during the analysis.</summary>
    public int AnalysisDpi { get; set; }

    /// <summary>The skew of the text lines found on the page as it now stands, in degrees clockwise.</summary>
    public float SkewAngle { get; set; }

    /// <summary>Leptonica's confidence in <see cref="SkewAngle"/> (about 1 when no lines run across; 0 when none was found).</summary>
    public float SkewConfidence { get; set; }

    /// <summary>The clockwise quarter turn, in degrees, that made the page upright.</summary>
    public int Rotation { get; set; }

    /// <summary>True when the page has no text.</summary>
    public bool IsBlank { get; set; }

    /// <summary>The skew removed from the OCR image, in degrees clockwise: 0 when not sure or not worth a turn.</summary>
    public float Skew { get; set; }

    /// <summary>The part of the deskewed analysis page OCR reads; null for the whole page.</summary>
    public (int Left, int Top, int Width, int Height)? TextArea { get; set; }

    /// <summary>The OCR image's size over the analysis page's size, at most 1.</summary>
    public double Reduction { get; set; } = 1;

    /// <summary>The resolution of the OCR image.</summary>
    public int ReadingDpi { get; set; }

    /// <summary>The error for a page on which Leptonica could not do <paramref name="step"/> (a past participle: "binarized").</summary>
    public InvalidPageException Failure(string step) =>
        new(InputRules.ImageCorrupt, $"Page {Source.PageInFile} of '{Source.File}' could not be {step} for OCR.");

    /// <summary>Returns <paramref name="pix"/>, or destroys it and throws <see cref="Failure"/> when Leptonica returned none.</summary>
    public SafePixHandle Checked(SafePixHandle pix, string step)
    {
        if (pix.IsInvalid)
        {
            pix.Dispose();
            throw Failure(step);
        }

        return pix;
    }

    /// <summary>Makes <paramref name="next"/> (checked) the gray image, destroying the one it replaces.</summary>
    public void ReplaceGray(SafePixHandle next, string step) => Replace(ref _gray, next, step);

    /// <summary>Makes <paramref name="next"/> (checked) the binary image, destroying the one it replaces.</summary>
    public void ReplaceBinary(SafePixHandle next, string step)
    {
        Replace(ref _binary, next, step);
        _inkFound = false;
    }

    /// <summary>Makes <paramref name="next"/> (checked) the source turned upright, handed to the caller with the result.</summary>
    public void ReplaceUpright(SafePixHandle next, string step) => Replace(ref _upright, next, step);

    /// <summary>The result, whose images now belong to the caller; the context holds none of them any more.</summary>
    public PageCleaner.Result TakeResult()
    {
        (int ocrLeft, int ocrTop) = TextArea is { } cut ? (cut.Left, cut.Top) : (0, 0);
        var cleanup = new PageCleanup(Rotation, Skew, Scale, ReadingDpi, IsBlank, ocrLeft, ocrTop, Reduction);
        SafePixHandle result = Gray;
        _gray = null;
        SafePixHandle? turned = _upright;
        _upright = null;
        return new PageCleaner.Result(result, turned, cleanup);
    }

    /// <summary>Destroys the images not handed out.</summary>
    public void Dispose()
    {
        _gray?.Dispose();
        _binary?.Dispose();
        _upright?.Dispose();
        _gray = _binary = _upright = null;
    }

    private void Replace(ref SafePixHandle? current, SafePixHandle next, string step)
    {
        SafePixHandle checkedNext = Checked(next, step);
        current?.Dispose();
        current = checkedNext;
    }
}

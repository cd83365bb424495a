using SoHoa.Imaging.Cleanup;
using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging;

/// <summary>
/// Makes the image OCR reads from a decoded page: gray, brought to a resolution Tesseract reads well, turned
/// upright, deskewed and despeckled, using a local (Sauvola) binarization to measure orientation, skew, specks
/// and blankness; and tells whether the page is blank.
/// The image a person sees is not touched here except for the quarter turn that makes it upright.
/// Every step is a small <see cref="IPageCleanupStep"/> (one file each, under Cleanup/) making Leptonica calls on an
/// image that <see cref="PageDecoder"/> has already checked and normalized; they share one
/// <see cref="PageCleanupContext"/> a page.
/// </summary>
internal static class PageCleaner
{
    /// <summary>
    /// The steps, in order. The order matters: specks go before orientation and skew are measured on the binary
    /// image; the page is turned upright before the skew to remove is decided and the margins are found on it; the
    /// reading image is made last, from what all the others found.
    /// </summary>
    private static readonly IPageCleanupStep[] Steps =
    [
        new GrayConversion(),
        new AnalysisScaling(),
        new SauvolaBinarization(),
        new Despeckling(),
        new SkewDetection(),
        new OrientationDetection(),
        new BlankPageDetection(),
        new SkewDecision(),
        new MarginDetection(),
        new ReadingImage(),
    ];

    /// <summary>The result of cleaning one page.</summary>
    /// <param name="OcrImage">The 8-bit gray image for OCR, upright, deskewed and despeckled (owned by the caller).</param>
    /// <param name="Upright">The normalized source turned upright, when a quarter turn was needed (owned by the caller); else null.</param>
    /// <param name="Cleanup">What was found and done.</param>
    public sealed record Result(SafePixHandle OcrImage, SafePixHandle? Upright, PageCleanup Cleanup);

    /// <summary>Cleans <paramref name="normalized"/> (1-bit, 8-bit gray or 32-bit RGB) scanned at <paramref name="dpi"/>.</summary>
    /// <param name="normalized">The decoded page (still owned by the caller).</param>
    /// <param name="dpi">The resolution it was scanned at.</param>
    /// <param name="source">The page's file and place in it, named in errors.</param>
    /// <param name="options">Which steps to do.</param>
    /// <exception cref="InvalidPageException">Leptonica could not do a step on this page.</exception>
    public static Result Clean(SafePixHandle normalized, int dpi, PageSource source, ImagingOptions options)
    {
        using var page = new PageCleanupContext(normalized, dpi, source, options);
        foreach (IPageCleanupStep step in Steps)
        {
            step.Apply(page);
        }

        return page.TakeResult();
    }
}

/// <summary>What cleanup found on a page and did to the image OCR reads.</summary>
/// <param name="RotationDegrees">The clockwise quarter turn (0, 90, 180 or 270) that made the page upright; applied to the visible image too.</param>
/// <param name="SkewDegrees">The clockwise turn, in degrees, that removed the skew from the OCR image (about its centre); the visible image keeps the skew.</param>
/// <param name="AnalysisScale">The size of the image orientation, skew and margins were found on over the upright visible image's size.</param>
/// <param name="OcrDpi">The resolution of the OCR image.</param>
/// <param name="IsBlank">True when the page has no text: a separator sheet or an empty back side.</param>
/// <param name="OcrLeft">Where the OCR image's left edge lies on the analysed (scaled, upright, deskewed) page: the width of the margin cut off.</param>
/// <param name="OcrTop">Where the OCR image's top edge lies on the analysed page: the height of the margin cut off.</param>
/// <param name="OcrReduction">The OCR image's size over the analysed page's size, at most 1 (see <see cref="ImagingOptions.ReadingDpi"/>).</param>
public sealed record PageCleanup(int RotationDegrees, double SkewDegrees, double AnalysisScale, int OcrDpi, bool IsBlank, int OcrLeft = 0, int OcrTop = 0, double OcrReduction = 1)
{
    /// <summary>The OCR image's size over the upright visible image's size.</summary>
    public double OcrScale => AnalysisScale * OcrReduction;
}

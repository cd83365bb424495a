namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Finds the margins: the ink's bounding box (specks gone), turned as the deskew turns the page, plus a tenth of an
/// inch; OCR reads only that part of the page (<see cref="PageCleanupContext.TextArea"/>).
/// </summary>
internal sealed class MarginDetection : IPageCleanupStep
{
    /// <inheritdoc/>
    public void Apply(PageCleanupContext page) =>
        page.TextArea = page.Options.CropMargins && !page.IsBlank ? TextArea(page.Ink, page.Binary.Width, page.Binary.Height, page.Skew, page.AnalysisDpi) : null;

    /// <summary>
    /// Where the ink (its bounding box <paramref name="ink"/> on a page of <paramref name="width"/> by
    /// <paramref name="height"/>) lies once the page is deskewed by <paramref name="skewDegrees"/> (turned clockwise about
    /// its centre, as <see cref="Leptonica.LeptonicaNative.pixRotate"/> turns it), with a tenth of an inch around it; null
    /// when there is no ink or cutting would save less than a tenth of the page.
    /// </summary>
    private static (int Left, int Top, int Width, int Height)? TextArea((int Left, int Top, int Width, int Height)? ink, int width, int height, float skewDegrees, int dpi)
    {
        if (ink is not var (x, y, w, h))
        {
            return null;
        }

        (double minX, double minY, double maxX, double maxY) = PixRegions.TurnedBounds((x, y, w, h), skewDegrees, width / 2.0, height / 2.0);

        int margin = Math.Max(8, dpi / 10);
        int left = Math.Clamp((int)Math.Floor(minX) - margin, 0, width);
        int top = Math.Clamp((int)Math.Floor(minY) - margin, 0, height);
        int right = Math.Clamp((int)Math.Ceiling(maxX) + margin, 0, width);
        int bottom = Math.Clamp((int)Math.Ceiling(maxY) + margin, 0, height);
        long kept = (long)(right - left) * (bottom - top);
        return right > left && bottom > top && kept * 10 < (long)width * height * 9
            ? (left, top, right - left, bottom - top)
            : null;
    }
}

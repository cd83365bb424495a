using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Makes the image OCR reads, at the reading resolution: what was found at full resolution is done; Tesseract reads
/// the cleaned page at no more than <see cref="ImagingOptions.ReadingDpi"/> (its line recognizer scales every line to
/// one height anyway). The gray image is deskewed, cut to the text area and reduced.
/// </summary>
/// <remarks>
/// Tesseract's LSTM reads the gray pixels of each line (it binarizes only to find the layout): the 1-bit image loses
/// the strokes that tell ả from á and ư from u, so OCR gets the cleaned gray image. The binary image served
/// orientation, skew, speckle, blank and margin detection.
/// </remarks>
internal sealed class ReadingImage : IPageCleanupStep
{
    /// <inheritdoc/>
    public void Apply(PageCleanupContext page)
    {
        int analysisDpi = page.AnalysisDpi;
        int readingDpiLimit = page.Options.ReadingDpi;
        double reduction = analysisDpi > readingDpiLimit && !page.IsBlank ? (double)readingDpiLimit / analysisDpi : 1;
        int readingDpi = reduction < 1 ? readingDpiLimit : analysisDpi;
        page.ReplaceGray(Make(page.Gray, page.Skew, page.TextArea, reduction, page), "deskewed");
        _ = LeptonicaNative.pixSetResolution(page.Gray, readingDpi, readingDpi);
        page.Reduction = reduction;
        page.ReadingDpi = readingDpi;
    }

    /// <summary>
    /// The image OCR reads: <paramref name="gray"/> turned clockwise by <paramref name="skewDegrees"/> about its centre,
    /// cut to <paramref name="area"/> (given on the turned page; the whole page when null) and reduced by
    /// <paramref name="reduction"/>.
    /// </summary>
    /// <remarks>
    /// A skewed page is not turned whole at full resolution: only the part that turns into the area is cut out (its
    /// corners turned back, plus two pixels for the interpolation), reduced, and turned about its own centre, which
    /// moves the result by a fixed offset from where the whole page's turn would put it; the area is cut out of it at
    /// that offset. This spares turning the margins, and turns about a third fewer pixels at 250 DPI than at 300.
    /// </remarks>
    private static SafePixHandle Make(SafePixHandle gray, float skewDegrees, (int Left, int Top, int Width, int Height)? area, double reduction, PageCleanupContext page)
    {
        if (skewDegrees == 0)
        {
            SafePixHandle cropped = page.Checked(area is { } a ? PixRegions.Clip(gray, a) : LeptonicaNative.pixClone(gray), "cropped");
            if (reduction >= 1)
            {
                return cropped;
            }

            using (cropped)
            {
                return LeptonicaNative.pixScaleAreaMap(cropped, (float)reduction, (float)reduction);
            }
        }

        int width = gray.Width;
        int height = gray.Height;
        (int Left, int Top, int Width, int Height) target = area ?? (0, 0, width, height);
        double radians = skewDegrees * Math.PI / 180;
        double cos = Math.Cos(radians);
        double sin = Math.Sin(radians);
        double cx = width / 2.0;
        double cy = height / 2.0;

        // Where the area comes from: its corners turned back (anticlockwise) about the page's centre.
        (double minX, double minY, double maxX, double maxY) = PixRegions.TurnedBounds(target, -skewDegrees, cx, cy);
        int sourceLeft = Math.Clamp((int)Math.Floor(minX) - 2, 0, width - 1);
        int sourceTop = Math.Clamp((int)Math.Floor(minY) - 2, 0, height - 1);
        int sourceRight = Math.Clamp((int)Math.Ceiling(maxX) + 2, sourceLeft + 1, width);
        int sourceBottom = Math.Clamp((int)Math.Ceiling(maxY) + 2, sourceTop + 1, height);
        using SafePixHandle source = page.Checked(PixRegions.Clip(gray, (sourceLeft, sourceTop, sourceRight - sourceLeft, sourceBottom - sourceTop)), "deskewed");
        using SafePixHandle reduced = page.Checked(reduction < 1 ? LeptonicaNative.pixScaleAreaMap(source, (float)reduction, (float)reduction) : LeptonicaNative.pixClone(source), "scaled for reading");
        using SafePixHandle turned = page.Checked(LeptonicaNative.pixRotate(reduced, (float)radians, LeptonicaNative.RotateAreaMap, LeptonicaNative.BringInWhite, 0, 0), "deskewed");

        // A page point p lands at R(r(p - c)) + c' + R(r(c - s) - c') on the turned piece (s: the piece's corner, c':
        // its centre, r: the reduction), and must land at r(R(p - c) + c - a) on the result (a: the area's corner).
        double pieceX = turned.Width / 2.0;
        double pieceY = turned.Height / 2.0;
        double vx = (reduction * (cx - sourceLeft)) - pieceX;
        double vy = (reduction * (cy - sourceTop)) - pieceY;
        double offsetX = (cos * vx) - (sin * vy) + pieceX - (reduction * (cx - target.Left));
        double offsetY = (sin * vx) + (cos * vy) + pieceY - (reduction * (cy - target.Top));
        int left = (int)Math.Round(offsetX);
        int top = (int)Math.Round(offsetY);
        int cutWidth = Math.Max(1, (int)Math.Round(target.Width * reduction));
        int cutHeight = Math.Max(1, (int)Math.Round(target.Height * reduction));

        // Where the area reaches past the page, the piece was cut at the page's edge: white comes in there, as it
        // would turning the whole page.
        int padLeft = Math.Max(0, -left);
        int padTop = Math.Max(0, -top);
        int padRight = Math.Max(0, left + cutWidth - turned.Width);
        int padBottom = Math.Max(0, top + cutHeight - turned.Height);
        if (padLeft + padTop + padRight + padBottom == 0)
        {
            return PixRegions.Clip(turned, (left, top, cutWidth, cutHeight));
        }

        using SafePixHandle padded = page.Checked(LeptonicaNative.pixAddBorderGeneral(turned, padLeft, padRight, padTop, padBottom, 255), "deskewed");
        return PixRegions.Clip(padded, (left + padLeft, top + padTop, cutWidth, cutHeight));
    }
}

using System.Diagnostics.CodeAnalysis;
using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging;

/// <summary>
/// Makes the image OCR reads from a decoded page: gray, brought to a resolution Tesseract reads well, turned
/// upright, deskewed and despeckled, using a local (Sauvola) binarization to measure orientation, skew, specks
/// and blankness; and tells whether the page is blank.
/// The image a person sees is not touched here except for the quarter turn that makes it upright.
/// Every step is a Leptonica call on an image that <see cref="PageDecoder"/> has already checked and normalized.
/// </summary>
internal static class PageCleaner
{
    /// <summary>Below this confidence (Leptonica's score, about 3 for a clear text page) a skew angle is not trusted.</summary>
    private const float MinSkewConfidence = 3f;

    /// <summary>
    /// Above this skew confidence the text lines surely run across the page, and only upside down is left to detect. On
    /// the benchmark corpus, pages fed sideways scored 1.1 to 2.7 and upright or upside-down ones 7.4 (150 DPI) to 28.
    /// </summary>
    private const float LinesAcrossConfidence = 5f;

    /// <summary>Smaller angles are not worth a rotation: Tesseract copes with them, and rotation blurs a little.</summary>
    private const float MinSkewDegrees = 0.1f;

    /// <summary>
    /// The smallest up/down confidence that decides an orientation. Leptonica's default (8) leaves short pages
    /// unturned: eight lines of Vietnamese score 5.5 against 0.5 for the other axis. With the ratio below it turned
    /// no upright page of the benchmark corpus.
    /// </summary>
    private const float MinOrientationConfidence = 4f;

    /// <summary>
    /// How many times stronger the winning axis must be than the other. Leptonica's default, 2.5, leaves some
    /// upside-down corpus pages unturned (up -14.4 against 5.6 across); a turned page scores near 0 on the other axis.
    /// </summary>
    private const float MinOrientationRatio = 2f;

    /// <summary>Sauvola's k: how far under the local mean a pixel must be to count as ink. Leptonica's recommended value.</summary>
    private const float SauvolaFactor = 0.35f;

    /// <summary>How much smaller than the page the image is on which Sauvola's thresholds are computed (see <see cref="Binarize"/>).</summary>
    private const int ThresholdReduction = 4;

    /// <summary>The result of cleaning one page.</summary>
    /// <param name="OcrImage">The 8-bit gray image for OCR, upright, deskewed and despeckled (owned by the caller).</param>
    /// <param name="Upright">The normalized source turned upright, when a quarter turn was needed (owned by the caller); else null.</param>
    /// <param name="Cleanup">What was found and done.</param>
    public sealed record Result(SafePixHandle OcrImage, SafePixHandle? Upright, PageCleanup Cleanup);

    /// <summary>Cleans <paramref name="normalized"/> (1-bit, 8-bit gray or 32-bit RGB) scanned at <paramref name="dpi"/>.</summary>
    public static Result Clean(SafePixHandle normalized, int dpi, ImagingOptions options, Func<string, InvalidPageException> failure)
    {
        SafePixHandle? gray = null;
        SafePixHandle? binary = null;
        SafePixHandle? upright = null;
        try
        {
            gray = ToGray(normalized, failure);

            // 1. Resolution for the analysis: about 300 DPI; far above costs time, far below loses the strokes that tell
            //    orientation and specks apart.
            double scale = 1;
            if (dpi > options.MaxOcrDpi || dpi < options.MinOcrDpi)
            {
                scale = (double)options.TargetOcrDpi / dpi;
                Replace(ref gray, scale < 1
                    ? LeptonicaNative.pixScaleAreaMap(gray, (float)scale, (float)scale)
                    : LeptonicaNative.pixScaleGrayLI(gray, (float)scale, (float)scale), failure, "scaled");
            }

            int analysisDpi = (int)Math.Round(dpi * scale);

            // One full-resolution binarization serves the whole analysis: specks, orientation, blank page, skew, margins.
            // (At half resolution it cost accuracy on noisy, 200 DPI and 270-degree pages: benchmarks/README.md.)
            binary = Binarize(gray, analysisDpi, failure);

            // 2. Speckle: dots too small to be part of a letter (even a Vietnamese dot below) are removed from the
            //    binary image, on which orientation and skew are then measured, and painted white on the gray one.
            if (options.Despeckle)
            {
                int size = Math.Max(2, (int)Math.Round(3.0 * analysisDpi / 300));
                using SafePixHandle kept = Checked(LeptonicaNative.pixSelectBySize(binary, size, size, 8, LeptonicaNative.SelectIfEither, LeptonicaNative.SelectIfGreaterOrEqual, IntPtr.Zero), failure, "despeckled");
                using SafePixHandle specks = Checked(LeptonicaNative.pixSubtract(IntPtr.Zero, binary, kept), failure, "despeckled");
                if (LeptonicaNative.pixPaintThroughMask(gray, specks, 0, 0, 255) != 0)
                {
                    throw failure("despeckled");
                }

                Replace(ref binary, LeptonicaNative.pixClone(kept), failure, "despeckled");
            }

            // 3. Skew, and which way the lines run: a sweep of angles across the page finds the text lines of an
            //    upright or upside-down page and nothing on a page fed sideways, whose lines run up and down.
            (float angle, float confidence) = options.Deskew || options.DetectOrientation ? FindSkew(binary, options) : (0f, 0f);

            // 4. Orientation: a page fed sideways or upside down is turned upright, for OCR and for the eye. The ink's
            //    bounding box serves the orientation detectors and the margins; it is found again only on a turned page.
            (int Left, int Top, int Width, int Height)? ink = InkArea(binary);
            int rotation = 0;
            if (options.DetectOrientation)
            {
                (rotation, angle, confidence, SafePixHandle? uprightBinary) = Orient(binary, ink, angle, confidence, options, failure);
                if (uprightBinary is not null)
                {
                    int quads = rotation / 90;
                    Replace(ref binary, uprightBinary, failure, "turned upright");
                    Replace(ref gray, LeptonicaNative.pixRotateOrth(gray, quads), failure, "turned upright");
                    upright = Checked(LeptonicaNative.pixRotateOrth(normalized, quads), failure, "turned upright");
                    ink = InkArea(binary);
                }
            }

            bool blank = options.DetectBlankPages && IsBlank(binary, analysisDpi);

            // The skew is removed from the gray image only (OCR reads the gray image), when it is sure and worth a turn.
            float skew = options.Deskew && confidence >= MinSkewConfidence && Math.Abs(angle) >= MinSkewDegrees ? angle : 0;

            // 5. Margins: the ink's bounding box (specks gone), turned as the deskew turns the page, plus a tenth of an
            //    inch; OCR reads only that part of the page.
            (int Left, int Top, int Width, int Height)? area = options.CropMargins && !blank ? TextArea(ink, binary.Width, binary.Height, skew, analysisDpi) : null;

            // 6. Reading resolution: what was found at full resolution is done; Tesseract reads the cleaned page at
            //    no more than ReadingDpi (its line recognizer scales every line to one height anyway).
            double reduction = analysisDpi > options.ReadingDpi && !blank ? (double)options.ReadingDpi / analysisDpi : 1;
            int readingDpi = reduction < 1 ? options.ReadingDpi : analysisDpi;
            Replace(ref gray, ReadingImage(gray, skew, area, reduction, failure), failure, "deskewed");
            (int ocrLeft, int ocrTop) = area is { } cut ? (cut.Left, cut.Top) : (0, 0);

            // 7. Tesseract's LSTM reads the gray pixels of each line (it binarizes only to find the layout): the
            //    1-bit image loses the strokes that tell ả from á and ư from u, so OCR gets the cleaned gray image.
            //    The binary image served orientation, skew, speckle, blank and margin detection.
            _ = LeptonicaNative.pixSetResolution(gray, readingDpi, readingDpi);
            var cleanup = new PageCleanup(rotation, skew, scale, readingDpi, blank, ocrLeft, ocrTop, reduction);
            SafePixHandle result = gray;
            gray = null;
            SafePixHandle? turned = upright;
            upright = null;
            return new Result(result, turned, cleanup);
        }
        finally
        {
            gray?.Dispose();
            binary?.Dispose();
            upright?.Dispose();
        }
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
    private static SafePixHandle ReadingImage(SafePixHandle gray, float skewDegrees, (int Left, int Top, int Width, int Height)? area, double reduction, Func<string, InvalidPageException> failure)
    {
        if (skewDegrees == 0)
        {
            SafePixHandle cropped = Checked(area is { } a ? Clip(gray, a) : LeptonicaNative.pixClone(gray), failure, "cropped");
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
        (double minX, double minY, double maxX, double maxY) = TurnedBounds(target, -skewDegrees, cx, cy);
        int sourceLeft = Math.Clamp((int)Math.Floor(minX) - 2, 0, width - 1);
        int sourceTop = Math.Clamp((int)Math.Floor(minY) - 2, 0, height - 1);
        int sourceRight = Math.Clamp((int)Math.Ceiling(maxX) + 2, sourceLeft + 1, width);
        int sourceBottom = Math.Clamp((int)Math.Ceiling(maxY) + 2, sourceTop + 1, height);
        using SafePixHandle source = Checked(Clip(gray, (sourceLeft, sourceTop, sourceRight - sourceLeft, sourceBottom - sourceTop)), failure, "deskewed");
        using SafePixHandle reduced = Checked(reduction < 1 ? LeptonicaNative.pixScaleAreaMap(source, (float)reduction, (float)reduction) : LeptonicaNative.pixClone(source), failure, "scaled for reading");
        using SafePixHandle turned = Checked(LeptonicaNative.pixRotate(reduced, (float)radians, LeptonicaNative.RotateAreaMap, LeptonicaNative.BringInWhite, 0, 0), failure, "deskewed");

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
            return Clip(turned, (left, top, cutWidth, cutHeight));
        }

        using SafePixHandle padded = Checked(LeptonicaNative.pixAddBorderGeneral(turned, padLeft, padRight, padTop, padBottom, 255), failure, "deskewed");
        return Clip(padded, (left + padLeft, top + padTop, cutWidth, cutHeight));
    }

    /// <summary>
    /// A gray image of its own: cleanup paints specks white on it, which must not reach the visible image, so a gray
    /// page is copied rather than cloned (a Leptonica clone shares the samples).
    /// </summary>
    private static SafePixHandle ToGray(SafePixHandle pix, Func<string, InvalidPageException> failure) => pix.Depth switch
    {
        32 => Checked(LeptonicaNative.pixConvertRGBToLuminance(pix), failure, "converted to gray"),
        1 => Checked(LeptonicaNative.pixConvert1To8(IntPtr.Zero, pix, 255, 0), failure, "converted to gray"),
        _ => Checked(LeptonicaNative.pixCopy(IntPtr.Zero, pix), failure, "converted to gray"),
    };

    /// <summary>
    /// Sauvola's local threshold: each pixel against the mean and spread of its neighbourhood (about a twelfth
    /// of an inch each way), so shadowed edges and uneven light stay readable where one global threshold fails.
    /// </summary>
    /// <remarks>
    /// The thresholds are computed on the page reduced to a quarter of its size (each sample the mean of a 4×4 block)
    /// and enlarged back by repeating each threshold over its block, then every full-resolution pixel is compared with
    /// its own threshold. The threshold surface is a mean over a window fifty pixels wide and hardly changes between
    /// neighbours, so it survives the reduction, and repeating it costs a fraction of interpolating it (which took about
    /// 15 ms a page); the strokes keep their full-resolution shape, which orientation and speck detection need. On a
    /// 300 DPI page the whole binarization took about 130 ms with the thresholds at full size, 45 at half size and 30 at
    /// quarter size, with the same OCR result on the benchmark corpus (benchmarks/README.md).
    /// </remarks>
    private static SafePixHandle Binarize(SafePixHandle gray, int dpi, Func<string, InvalidPageException> failure)
    {
        // The window (a twelfth of an inch each way, at least eight pixels) must fit inside the reduced image, or
        // Leptonica refuses it; a tiny image gets a global threshold.
        int reducedWidth = gray.Width / ThresholdReduction;
        int reducedHeight = gray.Height / ThresholdReduction;
        int reducedWindow = Math.Min(Math.Max(8, dpi / 12) / ThresholdReduction, (Math.Min(reducedWidth, reducedHeight) - 3) / 2);
        if (reducedWindow < 2)
        {
            return Checked(LeptonicaNative.pixThresholdToBinary(gray, 128), failure, "binarized");
        }

        using SafePixHandle half = Checked(LeptonicaNative.pixScaleAreaMap2(gray), failure, "binarized");
        using SafePixHandle reduced = Checked(LeptonicaNative.pixScaleAreaMap2(half), failure, "binarized");

        // Tiles bound the memory of the integral images; each must stay larger than the window.
        int tilesX = Math.Clamp(reducedWidth / 1200, 1, 8);
        int tilesY = Math.Clamp(reducedHeight / 1200, 1, 8);
        if (LeptonicaNative.pixSauvolaBinarizeTiled(reduced, reducedWindow, SauvolaFactor, tilesX, tilesY, out SafePixHandle thresholds, IntPtr.Zero) != 0 || thresholds.IsInvalid)
        {
            thresholds.Dispose();
            throw failure("binarized");
        }

        using (thresholds)
        {
            using SafePixHandle enlarged = Checked(LeptonicaNative.pixScaleBySamplingToSize(thresholds, gray.Width, gray.Height), failure, "binarized");
            return Checked(LeptonicaNative.pixVarThresholdToBinary(gray, enlarged), failure, "binarized");
        }
    }

    /// <summary>
    /// The skew of the text lines within <see cref="ImagingOptions.MaxSkewDegrees"/> of across, and Leptonica's confidence
    /// in it (the sharpest line profile over the flattest; about 1 when no lines run across); (0, 0) when none was found.
    /// </summary>
    private static (float Angle, float Confidence) FindSkew(SafePixHandle binary, ImagingOptions options) =>
        LeptonicaNative.pixFindSkewSweepAndSearch(binary, out float angle, out float confidence, 4, 2, (float)options.MaxSkewDegrees, 1f, 0.01f) == 0
            ? (angle, confidence)
            : (0f, 0f);

    /// <summary>
    /// The clockwise quarter turn, in degrees, that makes the page upright, the skew and its confidence on the page so
    /// turned, and the binary image turned upright (owned by the caller; null when no turn is needed), given the ink's
    /// bounding box and the skew found on the page as it is.
    /// </summary>
    /// <remarks>
    /// When the lines run across, only upside down is left to decide, on one axis. When they do not, the page is swept
    /// again turned a quarter: if its lines run across then, it was fed sideways, and the same one-axis test on the
    /// turned page tells 90 from 270. Scoring the up/down axis of a page fed sideways, as a two-axis detector does,
    /// counts ascenders along its lines' height and gave up to 9 on the benchmark corpus, which left one sideways page
    /// unturned. Only a page whose lines run neither way (little or no text) is left to the two-axis detector.
    /// </remarks>
    private static (int Rotation, float Angle, float Confidence, SafePixHandle? Turned) Orient(
        SafePixHandle binary, (int Left, int Top, int Width, int Height)? ink, float angle, float confidence, ImagingOptions options, Func<string, InvalidPageException> failure)
    {
        if (confidence >= LinesAcrossConfidence)
        {
            return UpDownScore(binary, ink) <= -MinOrientationConfidence
                ? (180, angle, confidence, Checked(LeptonicaNative.pixRotateOrth(binary, 2), failure, "turned upright"))
                : (0, angle, confidence, null);
        }

        SafePixHandle quarter = Checked(LeptonicaNative.pixRotateOrth(binary, 1), failure, "turned upright");
        (float quarterAngle, float quarterConfidence) = FindSkew(quarter, options);
        if (quarterConfidence >= LinesAcrossConfidence)
        {
            // Sideways for sure: upright or upside down once turned a quarter clockwise. A half turn keeps the angle.
            if (UpDownScore(quarter, InkArea(quarter)) >= 0)
            {
                return (90, quarterAngle, quarterConfidence, quarter);
            }

            using (quarter)
            {
                return (270, quarterAngle, quarterConfidence, Checked(LeptonicaNative.pixRotateOrth(quarter, 2), failure, "turned upright"));
            }
        }

        quarter.Dispose();
        int rotation = DetectRotation(binary, ink);
        if (rotation == 0)
        {
            return (0, angle, confidence, null);
        }

        SafePixHandle turned = Checked(LeptonicaNative.pixRotateOrth(binary, rotation / 90), failure, "turned upright");
        if (rotation != 180)
        {
            (angle, confidence) = FindSkew(turned, options);
        }

        return (rotation, angle, confidence, turned);
    }

    /// <summary>Leptonica's up/down score of a page whose lines run across: positive when upright, negative when upside down, near 0 when unsure.</summary>
    private static float UpDownScore(SafePixHandle binary, (int Left, int Top, int Width, int Height)? ink)
    {
        using SafePixHandle letters = ink is { } area ? Clip(binary, area) : LeptonicaNative.pixClone(binary);
        return !letters.IsInvalid && LeptonicaNative.pixUpDownDetect(letters, out float up, 0, 0, 0) == 0 ? up : 0;
    }

    /// <summary>The clockwise quarter turns, in degrees, that make the text upright; 0 when upright or unsure.</summary>
    /// <remarks>
    /// pixOrientDetect scores the up/down axis and the left/right axis from ascenders and descenders (positive:
    /// up, or top pointing left). Leptonica's makeOrientDecision gives up whenever one score is exactly 0, which is
    /// what a page turned by 90° yields on the axis across its lines; so the decision is made here, on the same rule:
    /// the stronger axis must be confident and clearly stronger than the other.
    /// </remarks>
    private static int DetectRotation(SafePixHandle binary, (int Left, int Top, int Width, int Height)? ink)
    {
        // The margins hold no letters to count: the detector runs on the ink's bounding box only.
        using SafePixHandle letters = ink is { } area ? Clip(binary, area) : LeptonicaNative.pixClone(binary);
        if (letters.IsInvalid || LeptonicaNative.pixOrientDetect(letters, out float up, out float left, 0, 0) != 0)
        {
            return 0;
        }

        float absUp = Math.Abs(up);
        float absLeft = Math.Abs(left);
        if (absUp >= MinOrientationConfidence && absUp >= MinOrientationRatio * absLeft)
        {
            return up > 0 ? 0 : 180;
        }

        if (absLeft >= MinOrientationConfidence && absLeft >= MinOrientationRatio * absUp)
        {
            return left > 0 ? 90 : 270;
        }

        return 0;
    }

    /// <summary>
    /// A page is blank when, inside its margins (where scanner edges and punch holes are), fewer marks than a
    /// single short line of text remain that are as tall as a small letter.
    /// </summary>
    private static bool IsBlank(SafePixHandle binary, int dpi)
    {
        int width = binary.Width;
        int height = binary.Height;
        int marginX = width / 12;
        int marginY = height / 16;
        using SafePixHandle inner = Clip(binary, (marginX, marginY, width - (2 * marginX), height - (2 * marginY)));
        if (inner.IsInvalid)
        {
            return false;
        }

        IntPtr boxes = LeptonicaNative.pixConnCompBB(inner, 8);
        if (boxes == IntPtr.Zero)
        {
            return false;
        }

        try
        {
            int minHeight = Math.Max(3, dpi / 50); // 0.5 mm: an x-height of 6-point type
            int marks = 0;
            int count = LeptonicaNative.boxaGetCount(boxes);
            for (int i = 0; i < count && marks < BlankMarkLimit; i++)
            {
                if (LeptonicaNative.boxaGetBoxGeometry(boxes, i, out _, out _, out _, out int h) == 0 && h >= minHeight)
                {
                    marks++;
                }
            }

            return marks < BlankMarkLimit;
        }
        finally
        {
            LeptonicaNative.boxaDestroy(ref boxes);
        }
    }

    /// <summary>
    /// Where the ink (its bounding box <paramref name="ink"/> on a page of <paramref name="width"/> by
    /// <paramref name="height"/>) lies once the page is deskewed by <paramref name="skewDegrees"/> (turned clockwise about
    /// its centre, as <see cref="LeptonicaNative.pixRotate"/> turns it), with a tenth of an inch around it; null when
    /// there is no ink or cutting would save less than a tenth of the page.
    /// </summary>
    private static (int Left, int Top, int Width, int Height)? TextArea((int Left, int Top, int Width, int Height)? ink, int width, int height, float skewDegrees, int dpi)
    {
        if (ink is not var (x, y, w, h))
        {
            return null;
        }

        (double minX, double minY, double maxX, double maxY) = TurnedBounds((x, y, w, h), skewDegrees, width / 2.0, height / 2.0);

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

    /// <summary>The bounds of a rectangle's corners turned clockwise by <paramref name="degrees"/> about (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    private static (double MinX, double MinY, double MaxX, double MaxY) TurnedBounds((int Left, int Top, int Width, int Height) rectangle, double degrees, double cx, double cy)
    {
        double radians = degrees * Math.PI / 180;
        double cos = Math.Cos(radians);
        double sin = Math.Sin(radians);
        (int left, int top, int right, int bottom) = (rectangle.Left, rectangle.Top, rectangle.Left + rectangle.Width, rectangle.Top + rectangle.Height);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach ((int px, int py) in (ReadOnlySpan<(int, int)>)[(left, top), (right, top), (left, bottom), (right, bottom)])
        {
            double dx = px - cx;
            double dy = py - cy;
            double tx = cx + (dx * cos) - (dy * sin);
            double ty = cy + (dx * sin) + (dy * cos);
            minX = Math.Min(minX, tx);
            minY = Math.Min(minY, ty);
            maxX = Math.Max(maxX, tx);
            maxY = Math.Max(maxY, ty);
        }

        return (minX, minY, maxX, maxY);
    }

    /// <summary>The bounding box of every ink pixel of a 1-bit image; null when there is none.</summary>
    private static (int Left, int Top, int Width, int Height)? InkArea(SafePixHandle binary)
    {
        if (LeptonicaNative.pixClipToForeground(binary, IntPtr.Zero, out IntPtr box) != 0 || box == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return LeptonicaNative.boxGetGeometry(box, out int x, out int y, out int w, out int h) == 0 && w > 0 && h > 0 ? (x, y, w, h) : null;
        }
        finally
        {
            LeptonicaNative.boxDestroy(ref box);
        }
    }

    private static SafePixHandle Clip(SafePixHandle pix, (int Left, int Top, int Width, int Height) area)
    {
        IntPtr box = LeptonicaNative.boxCreate(area.Left, area.Top, area.Width, area.Height);
        if (box == IntPtr.Zero)
        {
            return new SafePixHandle();
        }

        try
        {
            return LeptonicaNative.pixClipRectangle(pix, box, IntPtr.Zero);
        }
        finally
        {
            LeptonicaNative.boxDestroy(ref box);
        }
    }

    /// <summary>Fewer letter-sized marks than this make a page blank: a line of text has many more.</summary>
    private const int BlankMarkLimit = 12;

    private static SafePixHandle Checked(SafePixHandle pix, Func<string, InvalidPageException> failure, string step)
    {
        if (pix.IsInvalid)
        {
            pix.Dispose();
            throw failure(step);
        }

        return pix;
    }

    private static void Replace([NotNull] ref SafePixHandle? current, SafePixHandle next, Func<string, InvalidPageException> failure, string step)
    {
        SafePixHandle checkedNext = Checked(next, failure, step);
        current?.Dispose();
        current = checkedNext;
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

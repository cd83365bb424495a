using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging;

/// <summary>
/// One page after decoding and cleanup: the image a person sees (kept as close to the scan as possible)
/// and the image OCR reads. Dispose it when OCR is done: it owns native memory.
/// </summary>
public sealed class CleanPage : IDisposable
{
    internal CleanPage(PageSource source, VisibleImage visible, SafePixHandle ocrImage, int dpi, bool dpiEstimated, PageCleanup cleanup)
    {
        Source = source;
        Visible = visible;
        OcrImage = ocrImage;
        Dpi = dpi;
        DpiEstimated = dpiEstimated;
        Cleanup = cleanup;
    }

    /// <summary>Where the page came from.</summary>
    public PageSource Source { get; }

    /// <summary>The image for the visible layer of the PDF.</summary>
    public VisibleImage Visible { get; }

    /// <summary>Resolution in pixels per inch, as the file says or as estimated from the page size.</summary>
    public int Dpi { get; }

    /// <summary>True when the file gave no usable resolution and <see cref="Dpi"/> was estimated from the page size.</summary>
    public bool DpiEstimated { get; }

    /// <summary>What cleanup found and did: rotation, skew, OCR resolution, blank.</summary>
    public PageCleanup Cleanup { get; }

    /// <summary>True when the page has no text (a separator sheet or an empty back side): OCR skips it.</summary>
    public bool IsBlank => Cleanup.IsBlank;

    /// <summary>Width in pixels.</summary>
    public int Width => Visible.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Visible.Height;

    /// <summary>The grayscale (or bilevel) image handed to OCR.</summary>
    internal SafePixHandle OcrImage { get; }

    /// <summary>
    /// Copies the image OCR reads out of native memory, row by row (<see cref="VisibleImageEncoding.Raw"/>, 8-bit gray):
    /// upright, deskewed, despeckled, its margins cut off and scaled for reading, so that words found in it map back to
    /// the page with <see cref="MapOcrToVisible"/>. For an <see cref="Ocr.IPageRecognizer"/> other than Tesseract, which
    /// reads the image in place.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The page has been disposed.</exception>
    public VisibleImage CopyOcrImage()
    {
        ObjectDisposedException.ThrowIf(OcrImage.IsClosed || OcrImage.IsInvalid, this);
        return PixSamples.ToVisibleImage(OcrImage);
    }

    /// <summary>
    /// Maps a rectangle of the OCR image (left, top, right, bottom) to the visible image: undoes the reduction for
    /// reading, puts back the cut-off margins, undoes the deskew rotation about the centre and the scaling, and returns the bounding box of the result, clipped to the page.
    /// </summary>
    public (int Left, int Top, int Right, int Bottom) MapOcrToVisible(int left, int top, int right, int bottom)
    {
        double scale = Cleanup.AnalysisScale;
        double cx = Math.Round(Width * scale) / 2;
        double cy = Math.Round(Height * scale) / 2;

        // Back onto the analysed page: undo the reduction for reading, put back the cut-off margins.
        double reduction = Cleanup.OcrReduction;
        double x0 = (left / reduction) + Cleanup.OcrLeft;
        double x1 = (right / reduction) + Cleanup.OcrLeft;
        double y0 = (top / reduction) + Cleanup.OcrTop;
        double y1 = (bottom / reduction) + Cleanup.OcrTop;

        // The OCR image was turned clockwise by the skew angle about its centre: turn the corners back.
        double radians = -Cleanup.SkewDegrees * Math.PI / 180;
        double cos = Math.Cos(radians);
        double sin = Math.Sin(radians);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach ((double x, double y) in (ReadOnlySpan<(double, double)>)[(x0, y0), (x1, y0), (x0, y1), (x1, y1)])
        {
            double dx = x - cx;
            double dy = y - cy;
            double vx = (cx + (dx * cos) - (dy * sin)) / scale;
            double vy = (cy + (dx * sin) + (dy * cos)) / scale;
            minX = Math.Min(minX, vx);
            minY = Math.Min(minY, vy);
            maxX = Math.Max(maxX, vx);
            maxY = Math.Max(maxY, vy);
        }

        return (
            Math.Clamp((int)Math.Floor(minX), 0, Width),
            Math.Clamp((int)Math.Floor(minY), 0, Height),
            Math.Clamp((int)Math.Ceiling(maxX), 0, Width),
            Math.Clamp((int)Math.Ceiling(maxY), 0, Height));
    }

    /// <inheritdoc/>
    public void Dispose() => OcrImage.Dispose();
}

/// <summary>Where a page came from.</summary>
/// <param name="File">The file, relative to the batch (or as given on the command line).</param>
/// <param name="PageInFile">The page's position within the file, from 1 (multi-page TIFF).</param>
/// <param name="Sha256">The SHA-256 of the whole file, lower-case hex.</param>
public sealed record PageSource(string File, int PageInFile, string Sha256);

/// <summary>How the visible image is encoded.</summary>
public enum VisibleImageEncoding
{
    /// <summary>The scan's own JPEG bytes, passed through without recompression.</summary>
    Jpeg,

    /// <summary>Uncompressed samples, row by row (1-bit rows padded to a byte, 0 = black), to be compressed losslessly.</summary>
    Raw,
}

/// <summary>An image's samples: the visible image of a page, or a copy of the image OCR reads (<see cref="CleanPage.CopyOcrImage"/>).</summary>
/// <param name="Encoding">How <paramref name="Data"/> is encoded.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Components">1 for gray, 3 for RGB.</param>
/// <param name="BitsPerComponent">1 or 8.</param>
/// <param name="Data">The encoded image.</param>
public sealed record VisibleImage(VisibleImageEncoding Encoding, int Width, int Height, int Components, int BitsPerComponent, ReadOnlyMemory<byte> Data);

using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Tells whether the page is blank: when, inside its margins (where scanner edges and punch holes are), fewer marks
/// than a single short line of text remain that are as tall as a small letter.
/// </summary>
internal sealed class BlankPageDetection : IPageCleanupStep
{
    /// <summary>Fewer letter-sized marks than this make a page blank: a line of text has many more.</summary>
    private const int BlankMarkLimit = 12;

    /// <inheritdoc/>
    public void Apply(PageCleanupContext page) => page.IsBlank = page.Options.DetectBlankPages && IsBlank(page.Binary, page.AnalysisDpi);

    private static bool IsBlank(SafePixHandle binary, int dpi)
    {
        int width = binary.Width;
        int height = binary.Height;
        int marginX = width / 12;
        int marginY = height / 16;
        using SafePixHandle inner = PixRegions.Clip(binary, (marginX, marginY, width - (2 * marginX), height - (2 * marginY)));
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
}

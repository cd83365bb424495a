using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Makes the page's <see cref="PageCleanupContext.Binary"/> image with Sauvola's local threshold: each pixel against
/// the mean and spread of its neighbourhood (about a twelfth of an inch each way), so shadowed edges and uneven light
/// stay readable where one global threshold fails.
/// </summary>
/// <remarks>
/// One full-resolution binarization serves the whole analysis: specks, orientation, blank page, skew, margins. (At half
/// resolution it cost accuracy on noisy, 200 DPI and 270-degree pages: benchmarks/README.md.)
/// <para>
/// The thresholds are computed on the page reduced to a quarter of its size (each sample the mean of a 4×4 block)
/// and enlarged back by repeating each threshold over its block, then every full-resolution pixel is compared with
/// its own threshold. The threshold surface is a mean over a window fifty pixels wide and hardly changes between
/// neighbours, so it survives the reduction, and repeating it costs a fraction of interpolating it; the strokes keep
/// their full-resolution shape, which orientation and speck detection need. Thresholds at a quarter size took the
/// binarization to about a quarter of its time with the same OCR result on the benchmark corpus (timings in
/// benchmarks/README.md, "Where the time went").
/// </para>
/// </remarks>
internal sealed class SauvolaBinarization : IPageCleanupStep
{
    /// <summary>Sauvola's k: how far under the local mean a pixel must be to count as ink. Leptonica's recommended value.</summary>
    private const float SauvolaFactor = 0.35f;

    /// <summary>How much smaller than the page the image is on which Sauvola's thresholds are computed.</summary>
    private const int ThresholdReduction = 4;

    /// <inheritdoc/>
    public void Apply(PageCleanupContext page) => page.ReplaceBinary(Binarize(page.Gray, page.AnalysisDpi, page), "binarized");

    private static SafePixHandle Binarize(SafePixHandle gray, int dpi, PageCleanupContext page)
    {
        // The window (a twelfth of an inch each way, at least eight pixels) must fit inside the reduced image, or
        // Leptonica refuses it; a tiny image gets a global threshold.
        int reducedWidth = gray.Width / ThresholdReduction;
        int reducedHeight = gray.Height / ThresholdReduction;
        int reducedWindow = Math.Min(Math.Max(8, dpi / 12) / ThresholdReduction, (Math.Min(reducedWidth, reducedHeight) - 3) / 2);
        if (reducedWindow < 2)
        {
            return page.Checked(LeptonicaNative.pixThresholdToBinary(gray, 128), "binarized");
        }

        using SafePixHandle half = page.Checked(LeptonicaNative.pixScaleAreaMap2(gray), "binarized");
        using SafePixHandle reduced = page.Checked(LeptonicaNative.pixScaleAreaMap2(half), "binarized");

        // Tiles bound the memory of the integral images; each must stay larger than the window.
        int tilesX = Math.Clamp(reducedWidth / 1200, 1, 8);
        int tilesY = Math.Clamp(reducedHeight / 1200, 1, 8);
        if (LeptonicaNative.pixSauvolaBinarizeTiled(reduced, reducedWindow, SauvolaFactor, tilesX, tilesY, out SafePixHandle thresholds, IntPtr.Zero) != 0 || thresholds.IsInvalid)
        {
            thresholds.Dispose();
            throw page.Failure("binarized");
        }

        using (thresholds)
        {
            using SafePixHandle enlarged = page.Checked(LeptonicaNative.pixScaleBySamplingToSize(thresholds, gray.Width, gray.Height), "binarized");
            return page.Checked(LeptonicaNative.pixVarThresholdToBinary(gray, enlarged), "binarized");
        }
    }
}

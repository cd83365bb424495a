using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Measures the skew, and so which way the lines run: a sweep of angles across the page finds the text lines of an
/// upright or upside-down page and nothing on a page fed sideways, whose lines run up and down.
/// </summary>
internal sealed class SkewDetection : IPageCleanupStep
{
    /// <inheritdoc/>
    public void Apply(PageCleanupContext page)
    {
        ImagingOptions options = page.Options;
        (page.SkewAngle, page.SkewConfidence) = options.Deskew || options.DetectOrientation ? FindSkew(page.Binary, options) : (0f, 0f);
    }

    /// <summary>
    /// The skew of the text lines within <see cref="ImagingOptions.MaxSkewDegrees"/> of across, and Leptonica's confidence
    /// in it (the sharpest line profile over the flattest; about 1 when no lines run across); (0, 0) when none was found.
    /// </summary>
    public static (float Angle, float Confidence) FindSkew(SafePixHandle binary, ImagingOptions options) =>
        LeptonicaNative.pixFindSkewSweepAndSearch(binary, out float angle, out float confidence, 4, 2, (float)options.MaxSkewDegrees, 1f, 0.01f) == 0
            ? (angle, confidence)
            : (0f, 0f);
}

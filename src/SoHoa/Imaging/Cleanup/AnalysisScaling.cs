using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Brings the gray image to the resolution of the analysis: about 300 DPI; far above costs time, far below loses the
/// strokes that tell orientation and specks apart.
/// </summary>
internal sealed class AnalysisScaling : IPageCleanupStep
{
    /// <inheritdoc/>
    public void Apply(PageCleanupContext page)
    {
        ImagingOptions options = page.Options;
        int dpi = page.Dpi;
        double scale = 1;
        if (dpi > options.MaxOcrDpi || dpi < options.MinOcrDpi)
        {
            scale = (double)options.TargetOcrDpi / dpi;
            SafePixHandle gray = page.Gray;
            page.ReplaceGray(
                scale < 1
                    ? LeptonicaNative.pixScaleAreaMap(gray, (float)scale, (float)scale)
                    : LeptonicaNative.pixScaleGrayLI(gray, (float)scale, (float)scale),
                "scaled");
        }

        page.Scale = scale;
        page.AnalysisDpi = (int)Math.Round(dpi * scale);
    }
}

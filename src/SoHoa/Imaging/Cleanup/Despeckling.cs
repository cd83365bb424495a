using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Removes specks: dots too small to be part of a letter (even a Vietnamese dot below) are removed from the binary
/// image, on which orientation and skew are then measured, and painted white on the gray one.
/// </summary>
internal sealed class Despeckling : IPageCleanupStep
{
    /// <inheritdoc/>
    public void Apply(PageCleanupContext page)
    {
        if (!page.Options.Despeckle)
        {
            return;
        }

        SafePixHandle binary = page.Binary;
        int size = Math.Max(2, (int)Math.Round(3.0 * page.AnalysisDpi / 300));
        using SafePixHandle kept = page.Checked(LeptonicaNative.pixSelectBySize(binary, size, size, 8, LeptonicaNative.SelectIfEither, LeptonicaNative.SelectIfGreaterOrEqual, IntPtr.Zero), "despeckled");
        using SafePixHandle specks = page.Checked(LeptonicaNative.pixSubtract(IntPtr.Zero, binary, kept), "despeckled");
        if (LeptonicaNative.pixPaintThroughMask(page.Gray, specks, 0, 0, 255) != 0)
        {
            throw page.Failure("despeckled");
        }

        page.ReplaceBinary(LeptonicaNative.pixClone(kept), "despeckled");
    }
}

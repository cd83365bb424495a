using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>Makes the page's <see cref="PageCleanupContext.Gray"/> image from the decoded page.</summary>
internal sealed class GrayConversion : IPageCleanupStep
{
    /// <inheritdoc/>
    /// <remarks>
    /// A gray image of its own: cleanup paints specks white on it, which must not reach the visible image, so a gray
    /// page is copied rather than cloned (a Leptonica clone shares the samples).
    /// </remarks>
    public void Apply(PageCleanupContext page)
    {
        SafePixHandle source = page.Normalized;
        page.ReplaceGray(
            source.Depth switch
            {
                32 => LeptonicaNative.pixConvertRGBToLuminance(source),
                1 => LeptonicaNative.pixConvert1To8(IntPtr.Zero, source, 255, 0),
                _ => LeptonicaNative.pixCopy(IntPtr.Zero, source),
            },
            "converted to gray");
    }
}

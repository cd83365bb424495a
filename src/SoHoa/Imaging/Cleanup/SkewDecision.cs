namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Decides the skew to remove, on the page as it stands once upright: the skew found, when it is sure and worth a
/// turn. It is removed from the gray image only (OCR reads the gray image); the visible image keeps it.
/// </summary>
internal sealed class SkewDecision : IPageCleanupStep
{
    /// <summary>Below this confidence (Leptonica's score, about 3 for a clear text page) a skew angle is not trusted.</summary>
    private const float MinSkewConfidence = 3f;

    /// <summary>Smaller angles are not worth a rotation: Tesseract copes with them, and rotation blurs a little.</summary>
    private const float MinSkewDegrees = 0.1f;

    /// <inheritdoc/>
    public void Apply(PageCleanupContext page) =>
        page.Skew = page.Options.Deskew && page.SkewConfidence >= MinSkewConfidence && Math.Abs(page.SkewAngle) >= MinSkewDegrees ? page.SkewAngle : 0;
}

using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>
/// Turns a page fed sideways or upside down upright, for OCR and for the eye: the gray and binary images, and the
/// decoded page (as the upright source the visible image is made from). The skew is measured again on a page turned a
/// quarter.
/// </summary>
internal sealed class OrientationDetection : IPageCleanupStep
{
    /// <summary>
    /// Above this skew confidence the text lines surely run across the page, and only upside down is left to detect. On
    /// the benchmark corpus, pages fed sideways scored 1.1 to 2.7 and upright or upside-down ones 7.4 (150 DPI) to 28.
    /// </summary>
    private const float LinesAcrossConfidence = 5f;

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

    /// <inheritdoc/>
    public void Apply(PageCleanupContext page)
    {
        if (!page.Options.DetectOrientation)
        {
            return;
        }

        // The ink's bounding box serves the orientation detectors and the margins; it is found again only on a turned page.
        (page.Rotation, page.SkewAngle, page.SkewConfidence, SafePixHandle? uprightBinary) =
            Orient(page.Binary, page.Ink, page.SkewAngle, page.SkewConfidence, page.Options, page);
        if (uprightBinary is not null)
        {
            int quads = page.Rotation / 90;
            page.ReplaceBinary(uprightBinary, "turned upright");
            page.ReplaceGray(LeptonicaNative.pixRotateOrth(page.Gray, quads), "turned upright");
            page.ReplaceUpright(LeptonicaNative.pixRotateOrth(page.Normalized, quads), "turned upright");
        }
    }

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
        SafePixHandle binary, (int Left, int Top, int Width, int Height)? ink, float angle, float confidence, ImagingOptions options, PageCleanupContext page)
    {
        if (confidence >= LinesAcrossConfidence)
        {
            return UpDownScore(binary, ink) <= -MinOrientationConfidence
                ? (180, angle, confidence, page.Checked(LeptonicaNative.pixRotateOrth(binary, 2), "turned upright"))
                : (0, angle, confidence, null);
        }

        SafePixHandle quarter = page.Checked(LeptonicaNative.pixRotateOrth(binary, 1), "turned upright");
        (float quarterAngle, float quarterConfidence) = SkewDetection.FindSkew(quarter, options);
        if (quarterConfidence >= LinesAcrossConfidence)
        {
            // Sideways for sure: upright or upside down once turned a quarter clockwise. A half turn keeps the angle.
            if (UpDownScore(quarter, PixRegions.InkArea(quarter)) >= 0)
            {
                return (90, quarterAngle, quarterConfidence, quarter);
            }

            using (quarter)
            {
                return (270, quarterAngle, quarterConfidence, page.Checked(LeptonicaNative.pixRotateOrth(quarter, 2), "turned upright"));
            }
        }

        quarter.Dispose();
        int rotation = DetectRotation(binary, ink);
        if (rotation == 0)
        {
            return (0, angle, confidence, null);
        }

        SafePixHandle turned = page.Checked(LeptonicaNative.pixRotateOrth(binary, rotation / 90), "turned upright");
        if (rotation != 180)
        {
            (angle, confidence) = SkewDetection.FindSkew(turned, options);
        }

        return (rotation, angle, confidence, turned);
    }

    /// <summary>Leptonica's up/down score of a page whose lines run across: positive when upright, negative when upside down, near 0 when unsure.</summary>
    private static float UpDownScore(SafePixHandle binary, (int Left, int Top, int Width, int Height)? ink)
    {
        using SafePixHandle letters = ink is { } area ? PixRegions.Clip(binary, area) : LeptonicaNative.pixClone(binary);
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
        using SafePixHandle letters = ink is { } area ? PixRegions.Clip(binary, area) : LeptonicaNative.pixClone(binary);
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
}

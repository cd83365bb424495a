namespace SoHoa.Signing;

/// <summary>
/// A visible signature: a box on a page with "Ký bởi: &lt;signer&gt;" and "Ngày ký: &lt;date&gt;" (Circular 01/2023 wants the
/// scanning officer's signature visible, top left). Coordinates are PDF points from the page's lower-left corner.
/// </summary>
/// <param name="PageNumber">The page, from 1.</param>
/// <param name="Left">The box's left edge.</param>
/// <param name="Bottom">The box's bottom edge.</param>
/// <param name="Width">The box's width.</param>
/// <param name="Height">The box's height.</param>
public sealed record SignatureAppearance(int PageNumber, double Left, double Bottom, double Width, double Height)
{
    /// <summary>DejaVu Sans from Debian's fonts-dejavu-core: it has every Vietnamese letter.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The name shown after "Ký bởi"; null: the certificate's common name.</summary>
    public string? SignerName { get; init; }

    /// <summary>A TrueType (glyf) font with the Vietnamese letters; only the glyphs used are embedded.</summary>
    public string FontPath { get; init; } = DefaultFontPath;

    /// <summary>The text size in points.</summary>
    public double FontSize { get; init; } = 9;

    /// <summary>The offset the signing time is shown in (Vietnam: UTC+7).</summary>
    public TimeSpan DisplayOffset { get; init; } = TimeSpan.FromHours(7);

    /// <summary>A box in the top-left corner of the first page of an A4 portrait page, as the officer's signature goes.</summary>
    public static SignatureAppearance TopLeft { get; } = new(1, 36, 842 - 36 - 48, 220, 48);
}

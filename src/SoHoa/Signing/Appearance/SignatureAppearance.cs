using System.Globalization;

namespace SoHoa.Signing;

/// <summary>
/// A visible signature: a box on a page with "Ký bởi: &lt;signer&gt;" and "Ngày ký: &lt;date&gt;" (Circular 01/2023 wants the
/// scanning officer's signature visible, top left). Coordinates are PDF points from the page's lower-left corner,
/// unless <see cref="Corner"/> anchors the box to a corner of the page.
/// </summary>
/// <param name="PageNumber">The page, from 1.</param>
/// <param name="Left">The box's left edge; with a <see cref="Corner"/>, the distance from the corner's side edge.</param>
/// <param name="Bottom">The box's bottom edge; with a <see cref="Corner"/>, the distance from the corner's top or bottom edge.</param>
/// <param name="Width">The box's width.</param>
/// <param name="Height">The box's height.</param>
public sealed record SignatureAppearance(int PageNumber, double Left, double Bottom, double Width, double Height)
{
    /// <summary>DejaVu Sans from Debian's fonts-dejavu-core: it has every Vietnamese letter.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The margin, in points, of a box anchored to a corner by <see cref="AtCorner"/>.</summary>
    public const double CornerMargin = 36;

    /// <summary>The name shown after "Ký bởi"; null: the certificate's common name.</summary>
    public string? SignerName { get; init; }

    /// <summary>A TrueType (glyf) font with the Vietnamese letters; only the glyphs used are embedded.</summary>
    public string FontPath { get; init; } = DefaultFontPath;

    /// <summary>The text size in points.</summary>
    public double FontSize { get; init; } = 9;

    /// <summary>The offset the signing time is shown in (Vietnam: UTC+7).</summary>
    public TimeSpan DisplayOffset { get; init; } = TimeSpan.FromHours(7);

    /// <summary>
    /// The page corner the box is measured from, whatever the page's size; null: <see cref="Left"/> and <see cref="Bottom"/>
    /// are measured from the lower-left corner. Corners are those of the page's crop box (or media box), unrotated.
    /// </summary>
    public SignatureCorner? Corner { get; init; }

    /// <summary>A 220×48 point box in the top-left corner of the first page, 36 points in, as the officer's signature goes; fits any page size.</summary>
    public static SignatureAppearance TopLeft { get; } = AtCorner(SignatureCorner.TopLeft);

    /// <summary>A box of <paramref name="width"/>×<paramref name="height"/> points, <see cref="CornerMargin"/> points in from <paramref name="corner"/> of page <paramref name="pageNumber"/>.</summary>
    public static SignatureAppearance AtCorner(SignatureCorner corner, int pageNumber = 1, double width = 220, double height = 48) =>
        new(pageNumber, CornerMargin, CornerMargin, width, height) { Corner = corner };

    /// <summary>Every problem with this appearance that does not depend on the document, each prefixed with <paramref name="name"/>; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate(string name)
    {
        var problems = new List<string>();
        if (PageNumber < 1)
        {
            problems.Add($"{name}: the page is counted from 1, not {PageNumber}.");
        }

        if (!double.IsFinite(Left) || !double.IsFinite(Bottom) || Left < 0 || Bottom < 0)
        {
            problems.Add($"{name}: the box's {(Corner is null ? "left and bottom edges" : "distances from the corner")} must be 0 or more points, not {Number(Left)} and {Number(Bottom)}.");
        }

        if (!double.IsFinite(Width) || !double.IsFinite(Height) || Width <= 0 || Height <= 0)
        {
            problems.Add($"{name}: the box's width and height must be more than 0 points, not {Number(Width)} and {Number(Height)}.");
        }

        if (!double.IsFinite(FontSize) || FontSize <= 0)
        {
            problems.Add($"{name}: the font size must be more than 0 points.");
        }

        if (FontMissing)
        {
            problems.Add($"{name}: the appearance font '{FontPath}' does not exist (Debian: apt-get install fonts-dejavu-core).");
        }

        return problems;
    }

    /// <summary>True when the font is not on this machine: a missing native component rather than a wrong setting.</summary>
    internal bool FontMissing => !File.Exists(FontPath);

    /// <summary>The box in page coordinates (left, bottom, right, top) on a page whose box is <paramref name="page"/>.</summary>
    internal (double Left, double Bottom, double Right, double Top) Place((double Left, double Bottom, double Right, double Top) page)
    {
        double left = Corner is SignatureCorner.TopRight or SignatureCorner.BottomRight ? page.Right - Left - Width : page.Left + Left;
        double bottom = Corner is SignatureCorner.TopLeft or SignatureCorner.TopRight ? page.Top - Bottom - Height : page.Bottom + Bottom;
        return (left, bottom, left + Width, bottom + Height);
    }

    /// <summary>This appearance's place as a person writes it: the corner or the box, and the page.</summary>
    public string Describe() => Corner is { } corner
        ? string.Create(CultureInfo.InvariantCulture, $"{corner.ToName()} of page {PageNumber} ({Number(Width)}×{Number(Height)} points, {Number(Left)}/{Number(Bottom)} points in)")
        : string.Create(CultureInfo.InvariantCulture, $"the box left {Number(Left)}, bottom {Number(Bottom)}, {Number(Width)}×{Number(Height)} points on page {PageNumber}");

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A corner of a page a visible signature can be anchored to.</summary>
public enum SignatureCorner
{
    /// <summary>The top-left corner (the scanning officer's place, Circular 01/2023).</summary>
    TopLeft,

    /// <summary>The top-right corner.</summary>
    TopRight,

    /// <summary>The bottom-left corner.</summary>
    BottomLeft,

    /// <summary>The bottom-right corner.</summary>
    BottomRight,
}

/// <summary>Names of <see cref="SignatureCorner"/> as the command line writes them.</summary>
public static class SignatureCorners
{
    /// <summary>The names, such as <c>top-left</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["top-left", "top-right", "bottom-left", "bottom-right"];

    /// <summary>The name of <paramref name="corner"/>, such as <c>top-left</c>.</summary>
    public static string ToName(this SignatureCorner corner) => Names[(int)corner];

    /// <summary>Reads a corner name, ignoring case.</summary>
    public static bool TryParse(string text, out SignatureCorner corner)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                corner = (SignatureCorner)i;
                return true;
            }
        }

        corner = default;
        return false;
    }
}

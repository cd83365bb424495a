namespace SoHoa.TestData.Generator.Layout;

/// <summary>One line of text at its place on the page. For centred text <see cref="XMm"/> is the centre.</summary>
internal sealed record PlacedLine(string Text, TextStyle Style, double XMm, double BaselineMm, TextAlign Align);

/// <summary>
/// A laid-out page: <see cref="Lines"/> to draw, and <see cref="TextLines"/>, its ground truth: text lines top to
/// bottom, where text printed side by side on one baseline (two header columns) is one line, left to right.
/// </summary>
internal sealed record PageLayout(int Number, IReadOnlyList<PlacedLine> Lines, IReadOnlyList<string> TextLines);

/// <summary>A4 portrait with the margins of Decree 30/2020 (top and bottom 20 mm, left 30 mm, right 20 mm).</summary>
internal static class PageGeometry
{
    public const double WidthMm = 210;
    public const double HeightMm = 297;
    public const double TopMm = 20;
    public const double BottomMm = HeightMm - 20;
    public const double LeftMm = 30;
    public const double RightMm = WidthMm - 20;

    /// <summary>The two columns of a header or signature area: narrower on the left, as in official documents.</summary>
    public static readonly (double Left, double Right) LeftColumn = (18, 88);
    public static readonly (double Left, double Right) RightColumn = (90, 200);

    /// <summary>Pages after the first carry their number at the top centre.</summary>
    public const double PageNumberBaselineMm = 13;
}

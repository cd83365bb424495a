namespace SoHoa.TestData.Generator.Layout;

internal enum FontFamily
{
    Serif,
    Sans,
}

internal enum TextAlign
{
    Left,
    Center,
}

/// <summary>
/// How a run of text looks. Sizes are in typographic points. Decree 30/2020 asks for 13-14 pt Times; DejaVu is
/// about a tenth wider, so the body uses 12 pt to keep a similar number of words per line.
/// </summary>
internal sealed record TextStyle(FontFamily Family, double SizePt, bool Bold = false, bool Italic = false)
{
    public static readonly TextStyle Body = new(FontFamily.Serif, 12);
    public static readonly TextStyle BodyItalic = Body with { Italic = true };
    public static readonly TextStyle BodyBold = Body with { Bold = true };
    public static readonly TextStyle Small = new(FontFamily.Serif, 11);
    public static readonly TextStyle SmallItalic = Small with { Italic = true };
    public static readonly TextStyle Header = new(FontFamily.Serif, 11, Bold: true);
    public static readonly TextStyle HeaderRegular = new(FontFamily.Serif, 11);
    public static readonly TextStyle Motto = new(FontFamily.Serif, 12, Bold: true);
    public static readonly TextStyle Title = new(FontFamily.Serif, 14, Bold: true);
    public static readonly TextStyle Subtitle = new(FontFamily.Serif, 12, Bold: true);
    /// <summary>Codes printed by case-management software, such as the dossier code on a receipt.</summary>
    public static readonly TextStyle Code = new(FontFamily.Sans, 12, Bold: true);

    public const double MillimetresPerPoint = 25.4 / 72;

    public double SizeMm => SizePt * MillimetresPerPoint;
}

/// <summary>A piece of a document, laid out top to bottom.</summary>
internal abstract record Block;

/// <summary>
/// Text wrapped to the width available; its lines may continue on the next page. An empty text is an empty
/// line: it takes room and prints nothing.
/// </summary>
internal sealed record Paragraph(
    string Text,
    TextStyle Style,
    TextAlign Align = TextAlign.Left,
    double FirstLineIndentMm = 0,
    double SpaceBeforeMm = 0) : Block;

/// <summary>
/// Two columns side by side (the header of an official document, the signature area), kept on one page. Their
/// lines are aligned row by row: the n-th line of each column shares a baseline.
/// </summary>
internal sealed record ColumnPair(IReadOnlyList<Paragraph> Left, IReadOnlyList<Paragraph> Right, double SpaceBeforeMm = 0) : Block;

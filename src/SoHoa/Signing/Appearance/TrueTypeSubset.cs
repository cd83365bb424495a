using SoHoa.Pdf.Composition;

namespace SoHoa.Signing.Appearance;

/// <summary>
/// A glyf-outline TrueType font cut down to the glyphs of a given text, renumbered from 0 (composite glyphs and their
/// components included), for embedding as a CIDFontType2 with Identity CIDs: a few kilobytes instead of the whole font.
/// The reading and cutting is <see cref="TrueTypeFont"/>'s, shared with the conversion mark.
/// </summary>
internal sealed class TrueTypeSubset
{
    private TrueTypeSubset(byte[] font, Dictionary<char, int> glyphOfChar, int[] widths, int unitsPerEm, (int Ascent, int Descent) metrics, int[] bbox)
    {
        FontFile = font;
        GlyphOfChar = glyphOfChar;
        Widths = widths;
        UnitsPerEm = unitsPerEm;
        Ascent = metrics.Ascent;
        Descent = metrics.Descent;
        BoundingBox = bbox;
    }

    /// <summary>The subset font file (FontFile2).</summary>
    public byte[] FontFile { get; }

    /// <summary>The new glyph id of each character of the text.</summary>
    public IReadOnlyDictionary<char, int> GlyphOfChar { get; }

    /// <summary>Advance widths of the new glyphs, in font units.</summary>
    public IReadOnlyList<int> Widths { get; }

    public int UnitsPerEm { get; }

    public int Ascent { get; }

    public int Descent { get; }

    public IReadOnlyList<int> BoundingBox { get; }

    /// <summary>Subsets <paramref name="font"/> to the characters of <paramref name="text"/>.</summary>
    /// <exception cref="SoHoaException">The font is not a TrueType font with glyf outlines and a Unicode BMP cmap.</exception>
    public static TrueTypeSubset Create(byte[] font, string text)
    {
        try
        {
            return Build(font, text);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or InvalidDataException)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, "The appearance font is not a TrueType font with glyf outlines and a Unicode cmap: " + ex.Message);
        }
    }

    private static TrueTypeSubset Build(byte[] font, string text)
    {
        TrueTypeFont parsed = TrueTypeFont.Parse(font);
        var oldGlyphOfChar = text.Distinct().ToDictionary(c => c, c => parsed.GlyphOf(c));
        byte[] subset = parsed.Subset(oldGlyphOfChar.Values.Where(g => g != 0).Distinct(), out IReadOnlyDictionary<int, int> newGlyphOf);
        int[] widths = new int[newGlyphOf.Count];
        foreach ((int old, int renumbered) in newGlyphOf)
        {
            widths[renumbered] = parsed.AdvanceOf(old);
        }

        var glyphOfChar = oldGlyphOfChar.ToDictionary(p => p.Key, p => newGlyphOf[p.Value]);
        return new TrueTypeSubset(subset, glyphOfChar, widths, parsed.UnitsPerEm, (parsed.Ascent, parsed.Descent), parsed.BoundingBox);
    }
}

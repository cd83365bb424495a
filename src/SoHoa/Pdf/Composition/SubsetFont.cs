using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// A visible font for one document: a subset of a TrueType font holding the glyphs of the given texts, written as a
/// Type0 font with Identity-H encoding whose character codes are the subset's glyph ids (so the CIDToGIDMap is
/// Identity), with exact widths and a ToUnicode map, as PDF/A requires of every font it renders.
/// </summary>
internal sealed class SubsetFont
{
    private readonly TrueTypeFont _font;
    private readonly Dictionary<int, int> _codeOf = [];
    private readonly SortedDictionary<int, string> _unicodeOf = [];
    private readonly SortedDictionary<int, int> _advanceOf = [];
    private readonly byte[] _program;

    /// <summary>Subsets <paramref name="font"/> to the characters of <paramref name="texts"/>.</summary>
    public SubsetFont(TrueTypeFont font, string baseName, IEnumerable<string> texts)
    {
        _font = font;
        var glyphs = new SortedSet<int>();
        var charOfGlyph = new Dictionary<int, string>();
        foreach (string text in texts)
        {
            foreach (string character in Characters(text))
            {
                int glyph = GlyphOf(character);
                glyphs.Add(glyph);
                charOfGlyph.TryAdd(glyph, character);
            }
        }

        _program = font.Subset(glyphs, out IReadOnlyDictionary<int, int> newGlyphOf);
        foreach (int glyph in glyphs)
        {
            int code = newGlyphOf[glyph];
            _codeOf[glyph] = code;
            _unicodeOf[code] = charOfGlyph[glyph];
            _advanceOf[code] = font.AdvanceOf(glyph);
        }

        // A subset font's name starts with a six-letter tag naming the subset (PDF 32000-1 §9.6.4).
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', glyphs)));
        Name = new string(hash[..6].Select(b => (char)('A' + (b % 26))).ToArray()) + "+" + baseName;
    }

    /// <summary>The font's name in the PDF, with its subset tag.</summary>
    public string Name { get; }

    /// <summary>The embedded font program's size in bytes (before compression).</summary>
    public int ProgramLength => _program.Length;

    /// <summary>The width of <paramref name="text"/> at size 1 (in text space units).</summary>
    public double Width(string text) =>
        Characters(text).Sum(c => _font.AdvanceOf(GlyphOf(c))) / (double)_font.UnitsPerEm;

    /// <summary>The ascent at size 1.</summary>
    public double Ascent => _font.Ascent / (double)_font.UnitsPerEm;

    /// <summary>The descent at size 1 (negative).</summary>
    public double Descent => _font.Descent / (double)_font.UnitsPerEm;

    /// <summary><paramref name="text"/> as a hex string of two-byte codes for a Tj operator.</summary>
    public string Encode(string text)
    {
        var hex = new StringBuilder("<");
        foreach (string character in Characters(text))
        {
            int glyph = GlyphOf(character);
            if (!_codeOf.TryGetValue(glyph, out int code))
            {
                throw new ArgumentException($"'{character}' was not among the texts the font was subset for.", nameof(text));
            }

            hex.Append(code.ToString("X4", CultureInfo.InvariantCulture));
        }

        return hex.Append('>').ToString();
    }

    /// <summary>Writes the Type0 font and its parts; returns the Type0 font's object number.</summary>
    public int Write(PdfFileBuilder pdf)
    {
        int type0 = pdf.Allocate();
        int cidFont = pdf.Allocate();
        int toUnicode = pdf.Allocate();
        int descriptor = pdf.Allocate();
        int fontFile = pdf.Allocate();
        double scale = 1000.0 / _font.UnitsPerEm;

        pdf.WriteObject(type0, $"<< /Type /Font /Subtype /Type0 /BaseFont /{Name} /Encoding /Identity-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
        var widths = new StringBuilder();
        foreach ((int code, int advance) in _advanceOf)
        {
            widths.Append(CultureInfo.InvariantCulture, $"{code} [{PdfText.Number(advance * scale)}] ");
        }

        pdf.WriteObject(
            cidFont,
            $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{Name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
            $"/FontDescriptor {descriptor} 0 R /DW {PdfText.Number(_font.AdvanceOf(0) * scale)} /W [{widths.ToString().TrimEnd()}] /CIDToGIDMap /Identity >>");

        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
        cmap.Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
        cmap.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (KeyValuePair<int, string>[] chunk in _unicodeOf.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach ((int code, string unicode) in chunk)
            {
                cmap.Append(CultureInfo.InvariantCulture, $"<{code:X4}> <{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(unicode))}>\n");
            }

            cmap.Append("endbfchar\n");
        }

        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        pdf.WriteStream(toUnicode, string.Empty, Encoding.ASCII.GetBytes(cmap.ToString()), compress: true);

        int[] box = _font.BoundingBox;
        pdf.WriteObject(
            descriptor,
            string.Create(
                CultureInfo.InvariantCulture,
                $"<< /Type /FontDescriptor /FontName /{Name} /Flags 32 /FontBBox [{PdfText.Number(box[0] * scale)} {PdfText.Number(box[1] * scale)} {PdfText.Number(box[2] * scale)} {PdfText.Number(box[3] * scale)}] " +
                $"/ItalicAngle 0 /Ascent {PdfText.Number(_font.Ascent * scale)} /Descent {PdfText.Number(_font.Descent * scale)} /CapHeight {PdfText.Number(_font.CapHeight * scale)} /StemV 80 /FontFile2 {fontFile} 0 R >>"));
        pdf.WriteStream(fontFile, string.Create(CultureInfo.InvariantCulture, $"/Length1 {_program.Length}"), _program, compress: true);
        return type0;
    }

    /// <summary>The font's glyph for a character; a character the font lacks is shown as '?' (never .notdef, which PDF/A forbids).</summary>
    private int GlyphOf(string character)
    {
        int glyph = _font.GlyphOf(char.ConvertToUtf32(character, 0));
        return glyph != 0 ? glyph : _font.GlyphOf('?');
    }

    /// <summary>The text's characters in NFC, one string per code point.</summary>
    private static IEnumerable<string> Characters(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        string normalized = builder.ToString().Normalize(NormalizationForm.FormC);
        for (int i = 0; i < normalized.Length; i += char.IsSurrogatePair(normalized, i) ? 2 : 1)
        {
            yield return char.ConvertFromUtf32(char.ConvertToUtf32(normalized, i));
        }
    }
}

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

    /// <summary>The character codes (the subset's glyph ids) that show <paramref name="text"/>, for <see cref="PdfText.AppendTwoByteCodes"/>.</summary>
    public IEnumerable<int> Codes(string text)
    {
        foreach (string character in Characters(text))
        {
            int glyph = GlyphOf(character);
            yield return _codeOf.TryGetValue(glyph, out int code)
                ? code
                : throw new ArgumentException($"'{character}' was not among the texts the font was subset for.", nameof(text));
        }
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
        // One run of widths for each run of consecutive codes: "first [w1 w2 …]".
        var widths = new StringBuilder();
        int next = -1;
        foreach ((int code, int advance) in _advanceOf)
        {
            widths.Append(code == next ? " " : string.Create(CultureInfo.InvariantCulture, $"{(next < 0 ? string.Empty : "] ")}{code} ["));
            widths.Append(FontUnits(advance * scale));
            next = code + 1;
        }

        widths.Append(']');
        pdf.WriteObject(
            cidFont,
            $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{Name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
            $"/FontDescriptor {descriptor} 0 R /DW {FontUnits(_font.AdvanceOf(0) * scale)} /W [{widths}] /CIDToGIDMap /Identity >>");

        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
        cmap.Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
        cmap.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        // Each run of consecutive codes (within one high byte) is one bfrange with an array of Unicode values.
        var runs = new List<List<(int Code, string Unicode)>>();
        foreach ((int code, string unicode) in _unicodeOf)
        {
            if (runs.Count == 0 || runs[^1][^1].Code != code - 1 || (code & 0xFF) == 0)
            {
                runs.Add([]);
            }

            runs[^1].Add((code, unicode));
        }

        foreach (List<(int Code, string Unicode)>[] chunk in runs.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfrange\n");
            foreach (List<(int Code, string Unicode)> run in chunk)
            {
                cmap.Append(CultureInfo.InvariantCulture, $"<{run[0].Code:X4}> <{run[^1].Code:X4}> [");
                cmap.AppendJoin(' ', run.Select(r => $"<{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(r.Unicode))}>"));
                cmap.Append("]\n");
            }

            cmap.Append("endbfrange\n");
        }

        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        pdf.WriteStream(toUnicode, string.Empty, Encoding.ASCII.GetBytes(cmap.ToString()), compress: true);

        int[] box = _font.BoundingBox;
        pdf.WriteObject(
            descriptor,
            string.Create(
                CultureInfo.InvariantCulture,
                $"<< /Type /FontDescriptor /FontName /{Name} /Flags 32 /FontBBox [{FontUnits(box[0] * scale)} {FontUnits(box[1] * scale)} {FontUnits(box[2] * scale)} {FontUnits(box[3] * scale)}] " +
                $"/ItalicAngle 0 /Ascent {FontUnits(_font.Ascent * scale)} /Descent {FontUnits(_font.Descent * scale)} /CapHeight {FontUnits(_font.CapHeight * scale)} /StemV 80 /FontFile2 {fontFile} 0 R >>"));
        pdf.WriteStream(fontFile, string.Create(CultureInfo.InvariantCulture, $"/Length1 {_program.Length}"), _program, compress: true);
        return type0;
    }

    /// <summary>
    /// A width or metric in thousandths of an em, to the nearest whole unit: PDF/A asks that the PDF's widths be
    /// consistent with the font program's (ISO 19005-2 §6.2.11.5), which veraPDF takes as within one unit.
    /// </summary>
    private static string FontUnits(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);

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

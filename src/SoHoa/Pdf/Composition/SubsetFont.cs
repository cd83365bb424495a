using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// A visible font for one document: a subset of a TrueType font holding the glyphs of the given texts, written as a
/// Type0 font with Identity-H encoding whose character codes are the subset's glyph ids (so the CIDToGIDMap is
/// Identity), with exact widths and a ToUnicode map, as PDF/A requires of every font it renders. The one writer of
/// subset fonts: the conversion mark of a new PDF and the visible signature of an incremental update both use it.
/// </summary>
internal sealed class SubsetFont
{
    /// <summary>The name a font without a PostScript name is given.</summary>
    private const string UnnamedFont = "Unnamed";

    private readonly TrueTypeFont _font;
    private readonly Dictionary<int, int> _codeOf = [];
    private readonly SortedDictionary<int, string> _unicodeOf = [];
    private readonly SortedDictionary<int, int> _advanceOf = [];
    private readonly byte[] _program;

    /// <summary>Subsets <paramref name="font"/> to the characters of <paramref name="texts"/>.</summary>
    public SubsetFont(TrueTypeFont font, IEnumerable<string> texts)
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

        // A subset font's name is the font's PostScript name after a six-letter tag naming the subset (PDF 32000-1
        // §9.6.4); the tag comes from the glyphs kept, so the same subset of the same font gets the same name.
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', glyphs)));
        Name = new string(hash[..6].Select(b => (char)('A' + (b % 26))).ToArray()) + "+" + (font.PostScriptName ?? UnnamedFont);
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

    /// <summary>
    /// Writes the Type0 font and its parts (CIDFontType2, font descriptor, ToUnicode map, FontFile2) into
    /// <paramref name="pdf"/>, a new file or a signature's incremental update alike; returns the Type0 font.
    /// </summary>
    public PdfReference Write(IPdfObjectSink pdf)
    {
        double scale = 1000.0 / _font.UnitsPerEm;
        PdfReference fontFile = pdf.Add(Compressed(_program, new PdfDictionary().Set("Length1", new PdfInteger(_program.Length))));
        PdfReference descriptor = pdf.Add(new PdfDictionary()
            .Set("Type", new PdfName("FontDescriptor"))
            .Set("FontName", new PdfName(Name))
            .Set("Flags", new PdfInteger(32))
            .Set("FontBBox", new PdfArray(_font.BoundingBox.Select(v => FontUnits(v * scale))))
            .Set("ItalicAngle", new PdfInteger(0))
            .Set("Ascent", FontUnits(_font.Ascent * scale))
            .Set("Descent", FontUnits(_font.Descent * scale))
            .Set("CapHeight", FontUnits(_font.CapHeight * scale))
            .Set("StemV", new PdfInteger(80))
            .Set("FontFile2", fontFile));
        PdfReference toUnicode = pdf.Add(Compressed(Encoding.ASCII.GetBytes(ToUnicodeCMap()), new PdfDictionary()));

        // One run of widths for each run of consecutive codes: "first [w1 w2 …]".
        var widths = new PdfArray();
        PdfArray? run = null;
        int next = -1;
        foreach ((int code, int advance) in _advanceOf)
        {
            if (code != next || run is null)
            {
                run = new PdfArray();
                widths.Add(new PdfInteger(code));
                widths.Add(run);
            }

            run.Add(FontUnits(advance * scale));
            next = code + 1;
        }

        PdfReference cidFont = pdf.Add(new PdfDictionary()
            .Set("Type", new PdfName("Font"))
            .Set("Subtype", new PdfName("CIDFontType2"))
            .Set("BaseFont", new PdfName(Name))
            .Set("CIDSystemInfo", new PdfDictionary().Set("Registry", new PdfString("Adobe"u8)).Set("Ordering", new PdfString("Identity"u8)).Set("Supplement", new PdfInteger(0)))
            .Set("FontDescriptor", descriptor)
            .Set("DW", FontUnits(_font.AdvanceOf(0) * scale))
            .Set("W", widths)
            .Set("CIDToGIDMap", new PdfName("Identity")));
        return pdf.Add(new PdfDictionary()
            .Set("Type", new PdfName("Font"))
            .Set("Subtype", new PdfName("Type0"))
            .Set("BaseFont", new PdfName(Name))
            .Set("Encoding", new PdfName("Identity-H"))
            .Set("DescendantFonts", PdfArray.Of(cidFont))
            .Set("ToUnicode", toUnicode));
    }

    /// <summary>The ToUnicode CMap: each run of consecutive codes (within one high byte) is one bfrange with an array of Unicode values.</summary>
    private string ToUnicodeCMap()
    {
        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
        cmap.Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
        cmap.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
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
        return cmap.ToString();
    }

    /// <summary>A Flate stream compressed as small as zlib can (font streams are small; size counts in every document).</summary>
    private static PdfStream Compressed(ReadOnlySpan<byte> data, PdfDictionary dictionary) =>
        new(dictionary.Set(PdfName.Filter, PdfName.FlateDecode), PdfFileBuilder.Deflate(data, smallest: true));

    /// <summary>
    /// A width or metric in thousandths of an em, to the nearest whole unit: PDF/A asks that the PDF's widths be
    /// consistent with the font program's (ISO 19005-2 §6.2.11.5), which veraPDF takes as within one unit.
    /// </summary>
    private static PdfInteger FontUnits(double value) => new((long)Math.Round(value));

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

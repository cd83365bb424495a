using System.Globalization;
using System.Text;
using SoHoa.Pdf;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Appearance;

namespace SoHoa.Signing;

/// <summary>Writes a visible signature's appearance stream with an embedded subset font (Type0, Identity-H, with a ToUnicode map).</summary>
internal static class SignatureAppearanceWriter
{
    /// <summary>Gives <paramref name="widget"/> its rectangle and normal appearance, adding the objects to <paramref name="writer"/>.</summary>
    /// <param name="appearance">What to show.</param>
    /// <param name="box">Where, in page coordinates (<see cref="SignatureAppearance.Place"/>).</param>
    /// <param name="signerName">The name shown when the appearance names none.</param>
    /// <param name="signedAt">The signing time shown.</param>
    /// <param name="widget">The signature's widget annotation.</param>
    /// <param name="writer">The update the objects go into.</param>
    public static void Apply(SignatureAppearance appearance, (double Left, double Bottom, double Right, double Top) box, string signerName, DateTimeOffset signedAt, PdfDictionary widget, PdfIncrementalWriter writer)
    {
        if (appearance.Validate("The visible signature") is { Count: > 0 } problems)
        {
            throw new SoHoaException(SoHoaErrorCode.SignaturePlacement, string.Join(" ", problems));
        }

        string[] lines =
        [
            "Ký bởi: " + (appearance.SignerName ?? signerName),
            "Ngày ký: " + signedAt.ToOffset(appearance.DisplayOffset).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " (UTC" + (appearance.DisplayOffset < TimeSpan.Zero ? "-" : "+") + appearance.DisplayOffset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture) + ")",
        ];
        lines = lines.Select(l => l.Normalize(NormalizationForm.FormC)).ToArray();
        TrueTypeSubset font = TrueTypeSubset.Create(File.ReadAllBytes(appearance.FontPath), string.Concat(lines));
        PdfReference fontReference = AddFont(font, writer);

        double size = appearance.FontSize;
        var content = new StringBuilder();
        content.Append(CultureInfo.InvariantCulture, $"q 0 0.4 0.8 RG 0.8 w 0.4 0.4 {PdfText.Number(appearance.Width - 0.8)} {PdfText.Number(appearance.Height - 0.8)} re S Q\n");
        content.Append(CultureInfo.InvariantCulture, $"BT 0 0.2 0.6 rg /F1 {PdfText.Number(size)} Tf {PdfText.Number(size * 1.3)} TL 4 {PdfText.Number(appearance.Height - 4 - size)} Td\n");
        foreach (string line in lines)
        {
            content.Append('<');
            foreach (char c in line)
            {
                content.Append(font.GlyphOfChar[c].ToString("X4", CultureInfo.InvariantCulture));
            }

            content.Append("> Tj T*\n");
        }

        content.Append("ET\n");
        var form = PdfStream.CreateFlate(Encoding.ASCII.GetBytes(content.ToString()), new PdfDictionary()
            .Set("Type", new PdfName("XObject"))
            .Set("Subtype", new PdfName("Form"))
            .Set("BBox", PdfArray.Of(new PdfInteger(0), new PdfInteger(0), new PdfReal(appearance.Width), new PdfReal(appearance.Height)))
            .Set("Resources", new PdfDictionary().Set("Font", new PdfDictionary().Set("F1", fontReference))));
        widget.Set("Rect", PdfArray.Of(new PdfReal(box.Left), new PdfReal(box.Bottom), new PdfReal(box.Right), new PdfReal(box.Top)));
        widget.Set("AP", new PdfDictionary().Set("N", writer.Add(form)));
    }

    private static PdfReference AddFont(TrueTypeSubset font, PdfIncrementalWriter writer)
    {
        double scale = 1000.0 / font.UnitsPerEm;
        string baseFont = "SHSIGN+DejaVuSans";
        PdfReference file = writer.Add(PdfStream.CreateFlate(font.FontFile, new PdfDictionary().Set("Length1", new PdfInteger(font.FontFile.Length))));
        PdfReference descriptor = writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("FontDescriptor"))
            .Set("FontName", new PdfName(baseFont))
            .Set("Flags", new PdfInteger(32))
            .Set("FontBBox", new PdfArray(font.BoundingBox.Select(v => (PdfObject)new PdfInteger((long)Math.Round(v * scale)))))
            .Set("ItalicAngle", new PdfInteger(0))
            .Set("Ascent", new PdfInteger((long)Math.Round(font.Ascent * scale)))
            .Set("Descent", new PdfInteger((long)Math.Round(font.Descent * scale)))
            .Set("CapHeight", new PdfInteger((long)Math.Round(font.Ascent * scale)))
            .Set("StemV", new PdfInteger(80))
            .Set("FontFile2", file));
        var widths = new PdfArray(font.Widths.Select(w => (PdfObject)new PdfInteger((long)Math.Round(w * scale))));
        PdfReference cidFont = writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("Font"))
            .Set("Subtype", new PdfName("CIDFontType2"))
            .Set("BaseFont", new PdfName(baseFont))
            .Set("CIDSystemInfo", new PdfDictionary().Set("Registry", new PdfString("Adobe"u8)).Set("Ordering", new PdfString("Identity"u8)).Set("Supplement", new PdfInteger(0)))
            .Set("FontDescriptor", descriptor)
            .Set("W", PdfArray.Of(new PdfInteger(0), widths))
            .Set("CIDToGIDMap", new PdfName("Identity")));
        var toUnicode = new StringBuilder("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
        var pairs = font.GlyphOfChar.Where(p => p.Value != 0).OrderBy(p => p.Value).ToArray();
        foreach (var chunk in pairs.Chunk(100))
        {
            toUnicode.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach ((char c, int gid) in chunk)
            {
                toUnicode.Append(CultureInfo.InvariantCulture, $"<{gid:X4}> <{(int)c:X4}>\n");
            }

            toUnicode.Append("endbfchar\n");
        }

        toUnicode.Append("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        return writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("Font"))
            .Set("Subtype", new PdfName("Type0"))
            .Set("BaseFont", new PdfName(baseFont))
            .Set("Encoding", new PdfName("Identity-H"))
            .Set("DescendantFonts", PdfArray.Of(cidFont))
            .Set("ToUnicode", writer.Add(PdfStream.CreateFlate(Encoding.ASCII.GetBytes(toUnicode.ToString())))));
    }
}

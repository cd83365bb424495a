using System.Globalization;
using System.Text;
using SoHoa.Pdf;
using SoHoa.Pdf.Composition;
using SoHoa.Pdf.Syntax;

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
        SubsetFont font = LoadFont(appearance.FontPath, lines);
        PdfReference fontReference = font.Write(writer);

        double size = appearance.FontSize;
        var content = new StringBuilder();
        content.Append(CultureInfo.InvariantCulture, $"q 0 0.4 0.8 RG 0.8 w 0.4 0.4 {PdfText.Number(appearance.Width - 0.8)} {PdfText.Number(appearance.Height - 0.8)} re S Q\n");
        content.Append(CultureInfo.InvariantCulture, $"BT 0 0.2 0.6 rg /F1 {PdfText.Number(size)} Tf {PdfText.Number(size * 1.3)} TL 4 {PdfText.Number(appearance.Height - 4 - size)} Td\n");
        foreach (string line in lines)
        {
            content.Append('<');
            foreach (int code in font.Codes(line))
            {
                content.Append(code.ToString("X4", CultureInfo.InvariantCulture));
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

    /// <summary>The appearance font, subset to the characters of <paramref name="lines"/>.</summary>
    /// <exception cref="SoHoaException">The font is not a TrueType font with glyf outlines and a Unicode BMP cmap.</exception>
    private static SubsetFont LoadFont(string path, IEnumerable<string> lines)
    {
        try
        {
            return new SubsetFont(TrueTypeFont.Parse(File.ReadAllBytes(path)), lines);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or InvalidDataException)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, "The appearance font is not a TrueType font with glyf outlines and a Unicode cmap: " + ex.Message);
        }
    }
}

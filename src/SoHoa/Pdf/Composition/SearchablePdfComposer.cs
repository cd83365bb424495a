using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SoHoa.Imaging;
using SoHoa.Ocr;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// Composes a searchable PDF: each page shows the scan, and the recognized words lie over it as invisible text
/// (text render mode 3) in a glyphless font, so that selection, search and text extraction give the words
/// with their Vietnamese diacritics while the page looks exactly like the paper.
/// </summary>
public sealed class SearchablePdfComposer
{
    /// <summary>The producer string written into every PDF.</summary>
    public static readonly string Producer = "SoHoa " + typeof(SearchablePdfComposer).Assembly.GetName().Version?.ToString(3);

    // Every glyph of the glyphless font is half an em wide (its /DW is 500).
    private const double GlyphWidthEm = 0.5;
    private readonly byte[] _glyphlessFont;

    /// <summary>Creates a composer using the glyphless TrueType font at <paramref name="glyphlessFontPath"/> (Tesseract's <c>pdf.ttf</c>).</summary>
    public SearchablePdfComposer(string glyphlessFontPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(glyphlessFontPath);
        if (!File.Exists(glyphlessFontPath))
        {
            throw new SoHoaException(
                SoHoaErrorCode.NativeComponent,
                $"The glyphless font {glyphlessFontPath} for the invisible text layer is missing; it comes with Tesseract: apt-get install libtesseract5");
        }

        _glyphlessFont = File.ReadAllBytes(glyphlessFontPath);
    }

    /// <summary>The glyphless font that Debian's Tesseract installs beside its models.</summary>
    public static string DefaultGlyphlessFontPath(string? tessdataPath) =>
        Path.Combine(tessdataPath ?? "/usr/share/tesseract-ocr/5/tessdata", "pdf.ttf");

    /// <summary>Writes the PDF for <paramref name="pages"/>.</summary>
    public byte[] Compose(IReadOnlyList<PdfPageContent> pages, PdfDocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(info);
        if (pages.Count == 0)
        {
            throw new ArgumentException("A PDF needs at least one page.", nameof(pages));
        }

        var pdf = new PdfFileBuilder();
        int catalog = pdf.Allocate();
        int pageTree = pdf.Allocate();
        int infoObject = pdf.Allocate();
        int font = WriteGlyphlessFont(pdf);

        var pageObjects = new List<int>();
        foreach (PdfPageContent page in pages)
        {
            pageObjects.Add(WritePage(pdf, page, pageTree, font));
        }

        string kids = string.Join(' ', pageObjects.Select(n => $"{n} 0 R"));
        pdf.WriteObject(catalog, $"<< /Type /Catalog /Pages {pageTree} 0 R >>");
        pdf.WriteObject(pageTree, string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages /Kids [{kids}] /Count {pageObjects.Count} >>"));
        string date = PdfText.Date(info.CreatedAt);
        pdf.WriteObject(
            infoObject,
            $"<< /Title {PdfText.String(info.Title)} /Author {PdfText.String(info.Author)} /Subject {PdfText.String(info.Subject)} " +
            $"/Keywords {PdfText.String(info.Keywords)} /Creator {PdfText.String(Producer)} /Producer {PdfText.String(Producer)} " +
            $"/CreationDate {date} /ModDate {date} >>");

        byte[] id = SHA256.HashData(Encoding.UTF8.GetBytes($"{info.Title}|{info.CreatedAt:O}|{pages.Count}"))[..16];
        return pdf.Finish(catalog, infoObject, id);
    }

    private int WriteGlyphlessFont(PdfFileBuilder pdf)
    {
        int type0 = pdf.Allocate();
        int cidFont = pdf.Allocate();
        int toUnicode = pdf.Allocate();
        int descriptor = pdf.Allocate();
        int cidToGid = pdf.Allocate();
        int fontFile = pdf.Allocate();

        pdf.WriteObject(type0, $"<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
        pdf.WriteObject(
            cidFont,
            $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
            $"/FontDescriptor {descriptor} 0 R /DW 500 /CIDToGIDMap {cidToGid} 0 R >>");

        // Character codes are UTF-16 code units, so the ToUnicode map is the identity over the Basic Multilingual Plane.
        const string cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\n" +
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        pdf.WriteStream(toUnicode, string.Empty, Encoding.ASCII.GetBytes(cmap), compress: true);
        pdf.WriteObject(
            descriptor,
            $"<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 {500} 1000] /ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 /FontFile2 {fontFile} 0 R >>");

        // Every character code maps to glyph 1 of the font, an empty glyph half an em wide.
        byte[] map = new byte[65536 * 2];
        for (int i = 1; i < map.Length; i += 2)
        {
            map[i] = 1;
        }

        pdf.WriteStream(cidToGid, string.Empty, map, compress: true);
        pdf.WriteStream(fontFile, string.Create(CultureInfo.InvariantCulture, $"/Length1 {_glyphlessFont.Length}"), _glyphlessFont, compress: true);
        return type0;
    }

    private static int WritePage(PdfFileBuilder pdf, PdfPageContent page, int pageTree, int font)
    {
        int pageObject = pdf.Allocate();
        int content = pdf.Allocate();
        int image = pdf.Allocate();
        double scale = 72.0 / page.Dpi;
        double width = page.Image.Width * scale;
        double height = page.Image.Height * scale;

        WriteImage(pdf, image, page.Image);
        var ops = new StringBuilder();
        ops.Append(CultureInfo.InvariantCulture, $"q {PdfText.Number(width)} 0 0 {PdfText.Number(height)} 0 0 cm /Im0 Do Q\n");
        if (page.Text is { } text)
        {
            AppendInvisibleText(ops, text, scale, height);
        }

        pdf.WriteStream(content, string.Empty, Encoding.ASCII.GetBytes(ops.ToString()), compress: true);
        pdf.WriteObject(
            pageObject,
            $"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {PdfText.Number(width)} {PdfText.Number(height)}] " +
            $"/Resources << /XObject << /Im0 {image} 0 R >> /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>");
        return pageObject;
    }

    private static void WriteImage(PdfFileBuilder pdf, int number, VisibleImage image)
    {
        string colorSpace = image.Components == 3 ? "/DeviceRGB" : "/DeviceGray";
        string dictionary = string.Create(
            CultureInfo.InvariantCulture,
            $"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace {colorSpace} /BitsPerComponent {image.BitsPerComponent}");
        if (image.Encoding == VisibleImageEncoding.Jpeg)
        {
            // The scan's JPEG is kept byte for byte: no recompression, no generation loss.
            pdf.WriteStream(number, dictionary + " /Filter /DCTDecode", image.Data.Span, compress: false);
        }
        else
        {
            pdf.WriteStream(number, dictionary, image.Data.Span, compress: true);
        }
    }

    /// <summary>
    /// Lays each word over its box: font size from the line height, horizontal scaling so that the word's
    /// glyphs span exactly the word's width, and a space after every word but the last of its line so that
    /// text extraction keeps word breaks.
    /// </summary>
    private static void AppendInvisibleText(StringBuilder ops, OcrPage text, double scale, double pageHeight)
    {
        ops.Append("BT\n3 Tr\n");
        foreach (OcrLine line in text.Lines)
        {
            double fontSize = Math.Max(1, line.Box.Height * scale * 0.9);
            double baseline = pageHeight - (line.Box.Bottom * scale);
            ops.Append(CultureInfo.InvariantCulture, $"/F1 {PdfText.Number(fontSize)} Tf\n");
            for (int i = 0; i < line.Words.Count; i++)
            {
                OcrWord word = line.Words[i];
                bool last = i == line.Words.Count - 1;
                string shown = last ? word.Text : word.Text + " ";
                double right = last ? word.Box.Right : line.Words[i + 1].Box.Left;
                double span = Math.Max(1, (right - word.Box.Left) * scale);
                int units = PdfText.Utf16Length(shown);
                double stretch = 100.0 * span / (fontSize * GlyphWidthEm * Math.Max(1, units));
                ops.Append(CultureInfo.InvariantCulture, $"{PdfText.Number(stretch)} Tz 1 0 0 1 {PdfText.Number(word.Box.Left * scale)} {PdfText.Number(baseline)} Tm ");
                ops.Append('<').Append(PdfText.Utf16Hex(shown)).Append("> Tj\n");
            }
        }

        ops.Append("ET\n");
    }
}

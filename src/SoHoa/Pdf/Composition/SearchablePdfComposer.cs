using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SoHoa.Imaging;
using SoHoa.Ocr;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// Composes a searchable PDF/A-2b: each page shows the scan, and the recognized words lie over it as invisible text
/// (text render mode 3) in a glyphless font, so that selection, search and text extraction give the words
/// with their Vietnamese diacritics while the page looks exactly like the paper. The first page carries the
/// visible mark of a copy converted from paper when <see cref="PdfDocumentInfo.ConversionMark"/> is set, and the
/// XMP metadata the dossier. See Pdf/PDFA.md for the PDF/A rules and their tests.
/// </summary>
public sealed class SearchablePdfComposer
{
    /// <summary>The producer string written into every PDF.</summary>
    public static readonly string Producer = "SoHoa " + typeof(SearchablePdfComposer).Assembly.GetName().Version?.ToString(3);

    // Every glyph of the glyphless font is half an em wide (its /DW is 500).
    private const double GlyphWidthEm = 0.5;
    private readonly byte[] _glyphlessFont;
    private readonly TrueTypeFont _markFont;

    /// <summary>The font for visible text (the paper conversion mark) that Debian installs with fonts-dejavu-core.</summary>
    public const string DefaultMarkFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>
    /// Creates a composer using the glyphless TrueType font at <paramref name="glyphlessFontPath"/> (Tesseract's
    /// <c>pdf.ttf</c>) for the invisible text, and the TrueType font at <paramref name="markFontPath"/> (by default
    /// DejaVu Sans, which has every Vietnamese letter) for the visible conversion mark; a subset of it is embedded.
    /// </summary>
    public SearchablePdfComposer(string glyphlessFontPath, string? markFontPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(glyphlessFontPath);
        if (!File.Exists(glyphlessFontPath))
        {
            throw new SoHoaException(
                SoHoaErrorCode.NativeComponent,
                $"The glyphless font {glyphlessFontPath} for the invisible text layer is missing; it comes with Tesseract: apt-get install libtesseract5");
        }

        try
        {
            // Glyph 1, the empty one the text shows, and .notdef, without the tables a PDF font program does not need.
            _glyphlessFont = TrueTypeFont.Parse(File.ReadAllBytes(glyphlessFontPath)).Subset([1], out _);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException)
        {
            throw new SoHoaException(SoHoaErrorCode.NativeComponent, $"The glyphless font {glyphlessFontPath} is not a usable TrueType font: {ex.Message}");
        }

        markFontPath ??= DefaultMarkFontPath;
        if (!File.Exists(markFontPath))
        {
            throw new SoHoaException(
                SoHoaErrorCode.NativeComponent,
                $"The font {markFontPath} for the visible conversion mark is missing; the default comes with apt-get install fonts-dejavu-core");
        }

        try
        {
            _markFont = TrueTypeFont.Parse(File.ReadAllBytes(markFontPath));
        }
        catch (InvalidDataException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.NativeComponent, $"The font {markFontPath} for the visible conversion mark is not a usable TrueType font: {ex.Message}");
        }

        if ("Bản điện tử được chuyển đổi Đ".Any(c => _markFont.GlyphOf(c) == 0))
        {
            throw new SoHoaException(SoHoaErrorCode.NativeComponent, $"The font {markFontPath} for the visible conversion mark lacks Vietnamese letters; use a font such as DejaVu Sans (fonts-dejavu-core).");
        }
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
        int metadata = pdf.Allocate();
        int outputProfile = pdf.Allocate();
        int font = WriteGlyphlessFont(pdf);

        IReadOnlyList<string>? markLines = info.ConversionMark is { } mark ? ConversionStamp.Lines(mark) : null;
        (SubsetFont Font, int Object)? markFont = null;
        if (markLines is not null)
        {
            var subset = new SubsetFont(_markFont, markLines);
            markFont = (subset, subset.Write(pdf).ObjectNumber);
        }

        var pageObjects = new List<int>();
        for (int i = 0; i < pages.Count; i++)
        {
            pageObjects.Add(WritePage(pdf, pages[i], pageTree, font, i == 0 && markFont is { } f ? (f.Font, f.Object, markLines!) : null));
        }

        string kids = string.Join(' ', pageObjects.Select(n => $"{n} 0 R"));

        // PDF/A-2b (ISO 19005-2): XMP metadata in the catalog, and an sRGB output intent, since the pages use
        // DeviceRGB and DeviceGray (§6.2.4.3). See Pdf/PDFA.md for every rule and where it is tested.
        pdf.WriteObject(
            catalog,
            $"<< /Type /Catalog /Pages {pageTree} 0 R /Metadata {metadata} 0 R /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 " +
            $"/OutputConditionIdentifier {PdfText.String(SrgbIccProfile.Description)} /Info {PdfText.String(SrgbIccProfile.Description)} " +
            $"/RegistryName (http://www.color.org) /DestOutputProfile {outputProfile} 0 R >>] >>");
        pdf.WriteObject(pageTree, string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages /Kids [{kids}] /Count {pageObjects.Count} >>"));

        // The info dictionary and the XMP say the same thing (ISO 19005-2 §6.6.3), from the same cleaned strings.
        PdfDocumentInfo clean = info with
        {
            Title = Clean(info.Title),
            Author = Clean(info.Author),
            Subject = Clean(info.Subject),
            Keywords = Clean(info.Keywords),
        };
        string date = PdfText.Date(clean.CreatedAt);
        pdf.WriteObject(
            infoObject,
            $"<< /Title {PdfText.String(clean.Title)} /Author {PdfText.String(clean.Author)} /Subject {PdfText.String(clean.Subject)} " +
            $"/Keywords {PdfText.String(clean.Keywords)} /Creator {PdfText.String(Producer)} /Producer {PdfText.String(Producer)} " +
            $"/CreationDate {date} /ModDate {date} >>");

        // The metadata stream is Flate-compressed (about 2 KB less a document): ISO 19005-1 forbade a filtered metadata
        // stream, ISO 19005-2 §6.6.2.1 no longer does (see Pdf/PDFA.md). Tools that read PDF (pdfinfo -meta, exiftool)
        // decode it; a byte scan for the XMP packet no longer finds it.
        pdf.WriteStream(metadata, "/Type /Metadata /Subtype /XML", XmpMetadata.Build(clean, Producer), compress: true);
        pdf.WriteStream(outputProfile, "/N 3", SrgbIccProfile.Bytes, compress: true);

        byte[] id = SHA256.HashData(Encoding.UTF8.GetBytes($"{info.Title}|{info.CreatedAt:O}|{pages.Count}"))[..16];
        return pdf.Finish(catalog, infoObject, id);
    }

    /// <summary>Removes the control characters that neither XMP (XML 1.0) nor a fair reading of a title can hold.</summary>
    private static string Clean(string text) =>
        string.Concat(text.Where(c => !(char.IsControl(c) && c is not ('\t' or '\n' or '\r')) && c is not ('\uFFFE' or '\uFFFF')));

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

    private static int WritePage(PdfFileBuilder pdf, PdfPageContent page, int pageTree, int font, (SubsetFont Font, int Object, IReadOnlyList<string> Lines)? mark)
    {
        int pageObject = pdf.Allocate();
        int content = pdf.Allocate();
        int image = pdf.Allocate();
        double scale = 72.0 / page.Dpi;
        double width = page.Image.Width * scale;
        double height = page.Image.Height * scale;

        // The conversion mark gets a band of its own below the scan, so that it covers nothing on the paper.
        double band = mark is { } m ? ConversionStamp.BandHeight(m.Lines.Count) : 0;
        ImageXObject xobject = page.Image.XObject;
        pdf.WriteStream(image, xobject.Dictionary, xobject.Data, compress: false);
        var ops = new StringBuilder();
        ops.Append(CultureInfo.InvariantCulture, $"q {PdfText.Number(width)} 0 0 {PdfText.Number(height)} 0 {PdfText.Number(band)} cm /Im0 Do Q\n");
        string fonts = $"/F1 {font} 0 R";
        if (mark is { } stamp)
        {
            ConversionStamp.Append(ops, stamp.Lines, stamp.Font, "F2", width);
            fonts += $" /F2 {stamp.Object} 0 R";
        }

        if (page.Text is { } text)
        {
            AppendInvisibleText(ops, text, page.Image.Height, scale, band);
        }

        // Each character of the content is one byte (the text strings are binary).
        pdf.WriteStream(content, string.Empty, Encoding.Latin1.GetBytes(ops.ToString()), compress: true);
        pdf.WriteObject(
            pageObject,
            $"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {PdfText.Number(width)} {PdfText.Number(height + band)}] " +
            $"/Resources << /XObject << /Im0 {image} 0 R >> /Font << {fonts} >> >> /Contents {content} 0 R >>");
        return pageObject;
    }

    /// <summary>
    /// Lays each word over its box: font size from the line height, horizontal scaling so that the word's
    /// glyphs span exactly the word's width, and a space after every word but the last of its line so that
    /// text extraction keeps word breaks. The text space is the image's pixel grid (one <c>cm</c> maps it onto the
    /// page), so a line starts with a whole-number move from the start of the line before; within a line each word
    /// starts where the one before ends (a word's glyphs and its space span the gap up to the next word), so it
    /// needs only its scaling.
    /// </summary>
    private static void AppendInvisibleText(StringBuilder ops, OcrPage text, int imageHeight, double scale, double band)
    {
        string pixel = scale.ToString("0.########", CultureInfo.InvariantCulture);
        ops.Append(CultureInfo.InvariantCulture, $"q {pixel} 0 0 {pixel} 0 {PdfText.Number(band)} cm\nBT\n3 Tr\n");
        (int X, int Y) lineStart = (0, 0);
        int fontSize = 0;
        double stretch = 100;
        foreach (OcrLine line in text.Lines.Where(l => l.Words.Count > 0))
        {
            int size = Math.Max(1, (int)Math.Round(line.Box.Height * 0.9));
            if (size != fontSize)
            {
                ops.Append(CultureInfo.InvariantCulture, $"/F1 {size} Tf\n");
                fontSize = size;
            }

            (int X, int Y) start = (line.Words[0].Box.Left, imageHeight - line.Box.Bottom);
            ops.Append(CultureInfo.InvariantCulture, $"{start.X - lineStart.X} {start.Y - lineStart.Y} Td ");
            lineStart = start;
            double x = start.X;
            for (int i = 0; i < line.Words.Count; i++)
            {
                bool last = i == line.Words.Count - 1;
                string shown = last ? line.Words[i].Text : line.Words[i].Text + " ";
                int[] codes = PdfText.Utf16Codes(shown).ToArray();
                int end = last ? line.Words[i].Box.Right : line.Words[i + 1].Box.Left;

                // Scaled to a tenth of a percent from where the previous word really ended, so that rounding never adds up
                // along a line: each word ends within a twentieth of a percent of its width from its box's edge.
                double glyphs = size * GlyphWidthEm * Math.Max(1, codes.Length);
                double wordStretch = Math.Round(100.0 * Math.Max(1, end - x) / glyphs, 1);
                if (wordStretch != stretch)
                {
                    ops.Append(wordStretch.ToString("0.#", CultureInfo.InvariantCulture)).Append(" Tz");
                    stretch = wordStretch;
                }

                PdfText.AppendTwoByteCodes(ops, codes);
                ops.Append("Tj\n");
                x += glyphs * wordStretch / 100.0;
            }
        }

        ops.Append("ET\nQ\n");
    }
}

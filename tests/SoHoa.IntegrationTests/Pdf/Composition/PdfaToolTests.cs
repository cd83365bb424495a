using System.Text;
using System.Text.RegularExpressions;
using SoHoa.Imaging;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf;
using SoHoa.Ocr;
using SoHoa.Pdf.Composition;

namespace SoHoa.IntegrationTests.Pdf.Composition;

/// <summary>
/// The composer's output read by independent tools: qpdf for syntax, poppler for fonts, XMP, text and the decoded
/// images. Each test names the ISO 19005-2 rule of Pdf/PDFA.md it stands for.
/// </summary>
[TestClass]
public sealed class PdfaToolTests
{
    private static string Write(byte[] pdf, string name)
    {
        string path = Path.Combine(TestEnvironment.NewDirectory("pdfa"), name);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>§6.1 (file structure): qpdf finds no syntax or stream encoding error in any kind of page we write.</summary>
    [TestMethod]
    public void Compose_EveryImageKind_QpdfCheckExitsZero()
    {
        byte[] pdf = PdfaSamples.Compose(
            PdfaSamples.Gray(bilevel: false), PdfaSamples.Gray(bilevel: true), PdfaSamples.Bilevel(), PdfaSamples.Rgb(colour: true), PdfaSamples.Rgb(colour: false), Jpeg());
        ToolRun run = ExternalTool.Run("qpdf", "--check", Write(pdf, "all-kinds.pdf"));

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "No syntax or stream encoding errors found");
    }

    /// <summary>§6.2.11.4.1 and §6.2.11.7: every font is embedded, and has a ToUnicode map; the visible one is a subset.</summary>
    [TestMethod]
    public void Compose_WithMark_PdffontsListsEveryFontEmbeddedWithUnicodeMap()
    {
        string path = Write(PdfaSamples.Compose(PdfaSamples.Gray(bilevel: false)), "fonts.pdf");
        string[] rows = ExternalTool.Succeed("pdffonts", path).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];

        Assert.AreEqual(2, rows.Length, string.Join('\n', rows));
        foreach (string row in rows)
        {
            // name type encoding emb sub uni object generation
            string[] columns = Regex.Split(row.Trim(), @"\s+");
            Assert.AreEqual("yes", columns[^5], $"not embedded: {row}");
            Assert.AreEqual("yes", columns[^3], $"no ToUnicode: {row}");
        }

        string stampFont = rows.Single(r => r.Contains("DejaVuSans", StringComparison.Ordinal));
        Assert.IsTrue(Regex.IsMatch(stampFont, @"^[A-Z]{6}\+DejaVuSans\s"), stampFont);
        Assert.AreEqual("yes", Regex.Split(stampFont.Trim(), @"\s+")[^4], "the visible font is embedded as a subset");
    }

    /// <summary>
    /// §6.6.2.1 and §6.6.2.3: poppler reads the XMP packet from the catalog (decoding its stream), and an independent
    /// RDF/XML parser (raptor's rapper) reads it as RDF: the PDF/A identification, the SoHoa properties, and a property
    /// description (name, value type, category, description) for every SoHoa property used.
    /// </summary>
    [TestMethod]
    public void Compose_Document_RapperReadsXmpWithPdfaIdentificationAndDescribedDossier()
    {
        string xmp = ExternalTool.Succeed("pdfinfo", "-meta", Write(PdfaSamples.Compose(PdfaSamples.Gray(bilevel: false)), "meta.pdf")).StandardOutput;
        string packet = Path.Combine(TestEnvironment.NewDirectory("xmp"), "packet.xmp");
        File.WriteAllText(packet, xmp);
        string ntriples = ExternalTool.Succeed("rapper", "-q", "-i", "rdfxml", "-f", "scanForRDF", "-o", "ntriples", packet).StandardOutput;
        var triples = Regex.Matches(ntriples, @"^(\S+) <([^>]+)> (.+) \.$", RegexOptions.Multiline)
            .Select(m => (Subject: m.Groups[1].Value, Predicate: m.Groups[2].Value, Object: Regex.Unescape(m.Groups[3].Value))).ToArray();

        string document = triples.Single(t => t.Predicate == "http://www.aiim.org/pdfa/ns/id/part").Subject;
        Assert.AreEqual("\"2\"", triples.Single(t => t.Predicate == "http://www.aiim.org/pdfa/ns/id/part").Object);
        Assert.AreEqual("\"B\"", triples.Single(t => t.Predicate == "http://www.aiim.org/pdfa/ns/id/conformance").Object);
        var sohoa = triples.Where(t => t.Subject == document && t.Predicate.StartsWith(XmpMetadata.SoHoaNamespace, StringComparison.Ordinal))
            .ToDictionary(t => t.Predicate[XmpMetadata.SoHoaNamespace.Length..], t => t.Object);
        Assert.AreEqual("\"000.00.01.H12-261122-0001\"", sohoa["DossierCode"]);
        Assert.AreEqual("\"UBND huyện Phụng Hiệp\"", sohoa["AgencyName"]);
        Assert.AreEqual(8, sohoa.Count);

        const string property = "http://www.aiim.org/pdfa/ns/property#";
        foreach (string name in sohoa.Keys)
        {
            string described = triples.Single(t => t.Predicate == property + "name" && t.Object == $"\"{name}\"").Subject;
            string[] fields = triples.Where(t => t.Subject == described).Select(t => t.Predicate).ToArray();
            CollectionAssert.AreEquivalent(new[] { "name", "valueType", "category", "description" }.Select(f => property + f).ToArray(), fields, name);
        }

        Assert.AreEqual("\"urn:sohoa:xmp:1.0/\"", triples.Single(t => t.Predicate == "http://www.aiim.org/pdfa/ns/schema#namespaceURI").Object);
    }

    /// <summary>The info dictionary that poppler reads says what the XMP says (§6.6.2.3.2), in Vietnamese.</summary>
    [TestMethod]
    public void Compose_Document_PdfinfoShowsInfoDictionary()
    {
        string info = ExternalTool.Succeed("pdfinfo", Write(PdfaSamples.Compose(PdfaSamples.Gray(bilevel: false)), "info.pdf")).StandardOutput;

        StringAssert.Contains(info, "Author:          UBND huyện Phụng Hiệp");
        StringAssert.Contains(info, "Title:           birth-certificate 000.00.01.H12-261122-0001");
        StringAssert.Contains(info, "Encrypted:       no");
        StringAssert.Contains(info, "Pages:           1");
    }

    /// <summary>Text extraction gives the OCR words in reading order with their diacritics, then the conversion mark.</summary>
    [TestMethod]
    public void Compose_WithMark_PdftotextGivesOcrTextInOrderThenTheMark()
    {
        string text = ExternalTool.Succeed("pdftotext", "-enc", "UTF-8", Write(PdfaSamples.Compose(PdfaSamples.Gray(bilevel: false)), "text.pdf"), "-").StandardOutput;

        string[] expected =
        [
            .. PdfaSamples.Lines,
            "Bản điện tử được chuyển đổi từ bản giấy",
            "Cơ quan chuyển đổi: UBND huyện Phụng Hiệp",
            "Người chuyển đổi: Trần Thị Bình",
            "Thời gian chuyển đổi: 22/11/2026 13:46:37 (UTC+07:00)",
        ];
        int at = 0;
        foreach (string line in expected)
        {
            int found = text.IndexOf(line, at, StringComparison.Ordinal);
            Assert.IsTrue(found >= 0, $"'{line}' missing or out of order in:\n{text}");
            at = found + line.Length;
        }
    }

    /// <summary>
    /// pdftotext puts every OCR word where its box is: the word starts at its box's left edge, a line's last word ends at
    /// its box's right edge, and the baseline is the line's bottom, each within one pixel, even at the end of a long line
    /// whose words are laid one after the other without moves between them.
    /// </summary>
    [TestMethod]
    public void Compose_Words_PdftotextBoxesMatchOcrBoxes()
    {
        var random = new Random(11);
        string[] vocabulary = ["Độc", "lập", "-", "Tự", "do", "Hạnh", "phúc", "GIẤY", "KHAI", "SINH", "Nguyễn", "Văn", "An", "0931234", "ở"];
        var lines = new List<OcrLine>();
        for (int n = 0; n < 12; n++)
        {
            int top = 40 + (90 * n);
            int height = 20 + random.Next(40);
            int x = 15 + random.Next(30);
            var words = new List<OcrWord>();
            while (true)
            {
                string text = vocabulary[random.Next(vocabulary.Length)];
                int width = (text.Length * (8 + random.Next(14))) + random.Next(5);
                if (x + width > PdfaSamples.Width - 10)
                {
                    break;
                }

                words.Add(new OcrWord(text, new PixelBox(x, top, x + width, top + height), 90));
                x += width + 4 + random.Next(25);
            }

            lines.Add(new OcrLine(n, new PixelBox(words[0].Box.Left, top, words[^1].Box.Right, top + height), words));
        }

        var page = new OcrPage(PdfaSamples.Width, PdfaSamples.Height, lines, 90, false);
        byte[] pdf = PdfaSamples.Composer().Compose([new PdfPageContent(PdfaSamples.Gray(bilevel: true), PdfaSamples.Dpi, page)], PdfaSamples.Info() with { ConversionMark = null });
        string html = ExternalTool.Succeed("pdftotext", "-bbox", "-enc", "UTF-8", Write(pdf, "boxes.pdf"), "-").StandardOutput;
        var found = Regex.Matches(html, @"<word xMin=""([\d.]+)"" yMin=""[\d.]+"" xMax=""([\d.]+)"" yMax=""([\d.]+)"">([^<]*)</word>")
            .Select(m => (XMin: Parse(m.Groups[1].Value), XMax: Parse(m.Groups[2].Value), YMax: Parse(m.Groups[3].Value), Text: System.Net.WebUtility.HtmlDecode(m.Groups[4].Value).Normalize(NormalizationForm.FormC)))
            .ToArray();

        OcrWord[] expected = page.Words.ToArray();
        Assert.AreEqual(expected.Length, found.Length, html);
        const double pixel = 72.0 / PdfaSamples.Dpi;

        // poppler puts a word's bottom a fixed part of the font size (0.9 of the line height) below the baseline; that part,
        // taken from the first word, must hold for every word of every line.
        OcrLine LineOf(OcrWord word) => lines.Single(l => l.Words.Contains(word));
        double SizeOf(OcrWord word) => Math.Round(LineOf(word).Box.Height * 0.9) * pixel;
        double descent = (found[0].YMax - (expected[0].Box.Bottom * pixel)) / SizeOf(expected[0]);
        for (int i = 0; i < expected.Length; i++)
        {
            OcrWord word = expected[i];
            Assert.AreEqual(word.Text, found[i].Text);
            Assert.AreEqual(word.Box.Left * pixel, found[i].XMin, pixel, $"left of word {i} '{word.Text}'");
            Assert.AreEqual((word.Box.Bottom * pixel) + (descent * SizeOf(word)), found[i].YMax, pixel, $"baseline of word {i} '{word.Text}'");
        }

        foreach (OcrLine line in lines)
        {
            int last = Array.IndexOf(expected, line.Words[^1]);
            Assert.AreEqual(line.Words[^1].Box.Right * pixel, found[last].XMax, pixel, $"right end of line {line.Block}");
        }

        static double Parse(string number) => double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The mark is on the first page only; later pages carry just their OCR text.</summary>
    [TestMethod]
    public void Compose_TwoPages_MarkOnlyOnFirstPage()
    {
        string path = Write(PdfaSamples.Compose(PdfaSamples.Gray(bilevel: false), PdfaSamples.Gray(bilevel: false)), "two.pdf");

        StringAssert.Contains(ExternalTool.Succeed("pdftotext", "-f", "1", "-l", "1", path, "-").StandardOutput, ConversionStamp.Heading);
        string second = ExternalTool.Succeed("pdftotext", "-f", "2", "-l", "2", path, "-").StandardOutput;
        Assert.IsFalse(second.Contains("chuyển đổi", StringComparison.Ordinal), second);
        StringAssert.Contains(second, "GIẤY KHAI SINH");
    }

    /// <summary>Poppler renders the mark's subset font: the stamp's box in the band below the scan has glyph pixels inside it, and the scan above is unchanged.</summary>
    [TestMethod]
    public void Compose_WithMark_PopplerRendersTheMarkBelowTheScan()
    {
        string path = Write(PdfaSamples.Composer().Compose([new PdfPageContent(PdfaSamples.Gray(bilevel: true), PdfaSamples.Dpi, null)], PdfaSamples.Info()), "render.pdf");
        string prefix = Path.Combine(Path.GetDirectoryName(path)!, "render");

        // At 100 DPI one point of the page is 100/72 pixels and one scan pixel is one rendered pixel.
        ExternalTool.Succeed("pdftoppm", "-gray", "-r", "100", "-singlefile", path, prefix);
        Netpbm page = Netpbm.Read(File.ReadAllBytes(prefix + ".pgm"));
        int band = page.Height - PdfaSamples.Height;
        Assert.AreEqual((int)Math.Round(ConversionStamp.BandHeight(4) * 100 / 72), band, 1);
        byte[] pixels = page.Samples;
        byte[] scan = PdfaSamples.GraySamples(bilevel: true);
        int differences = Enumerable.Range(0, PdfaSamples.Width * PdfaSamples.Height).Count(i => (pixels[i] < 128) != (scan[i] < 128));
        Assert.IsTrue(differences < PdfaSamples.Width, $"{differences} pixels of the scan changed");

        // Inside the box (6 pt margin + 4 pt padding from the band's edges): the text.
        int inset = (int)Math.Ceiling(11 * 100 / 72.0);
        int dark = 0;
        for (int y = PdfaSamples.Height + inset; y < page.Height - inset; y++)
        {
            for (int x = inset; x < 200; x++)
            {
                dark += pixels[(y * page.Width) + x] < 160 ? 1 : 0;
            }
        }

        Assert.IsTrue(dark > 300, $"{dark} dark pixels where the mark's text should be");
    }

    /// <summary>Bilevel pages become CCITT G4 and decode (in poppler) to exactly the pixels we were given.</summary>
    [TestMethod]
    public void Compose_BilevelImages_PopplerDecodesG4ToTheSamePixels()
    {
        var random = new Random(4);
        VisibleImage noise = BilevelFrom(613, 97, (x, y) => random.Next(3) == 0);
        VisibleImage wide = BilevelFrom(5300, 9, (x, y) => y % 3 == 0 ? x > 30 && x < 5200 : y % 3 == 1 && x % 700 < 350);
        VisibleImage[] images = [PdfaSamples.Bilevel(), PdfaSamples.Gray(bilevel: true), noise, wide];
        string path = Write(PdfaSamples.Composer().Compose(images.Select(i => new PdfPageContent(i, 300, null)).ToArray(), PdfaSamples.Info()), "g4.pdf");

        StringAssert.Contains(ExternalTool.Succeed("pdfimages", "-list", path).StandardOutput, "ccitt");
        for (int i = 0; i < images.Length; i++)
        {
            Netpbm decoded = ExtractImage(path, i + 1);
            Assert.IsTrue(decoded.IsBitmap, "stored as one bit per pixel");
            CollectionAssert.AreEqual(GrayOf(images[i]), decoded.Gray(), $"page {i + 1}");
        }
    }

    /// <summary>Gray and colour pages are stored losslessly (Flate with PNG predictors), and a colour scan that is really gray as gray.</summary>
    [TestMethod]
    public void Compose_GrayAndRgbImages_PopplerDecodesTheSamePixels()
    {
        VisibleImage gray = PdfaSamples.Gray(bilevel: false);
        VisibleImage colour = PdfaSamples.Rgb(colour: true);
        VisibleImage grayInRgb = PdfaSamples.Rgb(colour: false);
        string path = Write(PdfaSamples.Compose(gray, colour, grayInRgb), "flate.pdf");

        // pdfimages writes 8-bit images as pixmaps (gray repeated in each channel); how each is stored shows in its list.
        string[] kinds = ExternalTool.Succeed("pdfimages", "-list", path).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..]
            .Select(row => Regex.Split(row.Trim(), @"\s+")[5]).ToArray();
        CollectionAssert.AreEqual(new[] { "gray", "rgb", "gray" }, kinds, "an RGB scan whose pixels are all gray is stored as gray");
        CollectionAssert.AreEqual(Rgb(gray.Data.ToArray()), ExtractImage(path, 1).Samples);
        CollectionAssert.AreEqual(colour.Data.ToArray(), ExtractImage(path, 2).Samples);
        CollectionAssert.AreEqual(Rgb(gray.Data.ToArray()), ExtractImage(path, 3).Samples);
    }

    private static byte[] Rgb(byte[] gray) => gray.SelectMany(g => new[] { g, g, g }).ToArray();

    /// <summary>A JPEG scan is embedded byte for byte (DCTDecode), as poppler extracts it.</summary>
    [TestMethod]
    public void Compose_JpegPage_PdfimagesExtractsTheOriginalJpegBytes()
    {
        VisibleImage jpeg = Jpeg();
        string path = Write(PdfaSamples.Compose(jpeg), "jpeg.pdf");
        string prefix = Path.Combine(Path.GetDirectoryName(path)!, "extracted");

        ExternalTool.Succeed("pdfimages", "-j", path, prefix);
        CollectionAssert.AreEqual(jpeg.Data.ToArray(), File.ReadAllBytes(prefix + "-000.jpg"));
    }

    /// <summary>A real JPEG made by poppler (pdftoppm) from a composed page, so that no image file is kept in the repository.</summary>
    internal static VisibleImage Jpeg()
    {
        string path = Write(PdfaSamples.Composer().Compose([new PdfPageContent(PdfaSamples.Gray(bilevel: false), 300, null)], PdfaSamples.Info() with { ConversionMark = null }), "for-jpeg.pdf");
        string prefix = Path.Combine(Path.GetDirectoryName(path)!, "page");
        ExternalTool.Succeed("pdftoppm", "-jpeg", "-r", "100", "-singlefile", path, prefix);
        byte[] bytes = File.ReadAllBytes(prefix + ".jpg");
        Assert.AreEqual(0xFF, bytes[0]);
        Assert.AreEqual(0xD8, bytes[1]);
        return new VisibleImage(VisibleImageEncoding.Jpeg, PdfaSamples.Width * 100 / 300, PdfaSamples.Height * 100 / 300, 3, 8, bytes);
    }

    private static VisibleImage BilevelFrom(int width, int height, Func<int, int, bool> black)
    {
        int stride = (width + 7) / 8;
        byte[] packed = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (!black(x, y))
                {
                    packed[(y * stride) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        return new VisibleImage(VisibleImageEncoding.Raw, width, height, 1, 1, packed);
    }

    /// <summary>One byte per pixel, 0 or 255, of a raw 1-bit or 8-bit gray image.</summary>
    private static byte[] GrayOf(VisibleImage image)
    {
        if (image.BitsPerComponent == 8)
        {
            return image.Data.ToArray();
        }

        int stride = (image.Width + 7) / 8;
        byte[] gray = new byte[image.Width * image.Height];
        ReadOnlySpan<byte> data = image.Data.Span;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                gray[(y * image.Width) + x] = (data[(y * stride) + (x >> 3)] & (0x80 >> (x & 7))) != 0 ? (byte)255 : (byte)0;
            }
        }

        return gray;
    }

    /// <summary>The image of one page as pdfimages decodes it (PBM, PGM or PPM).</summary>
    private static Netpbm ExtractImage(string pdf, int page)
    {
        string prefix = Path.Combine(Path.GetDirectoryName(pdf)!, $"p{page}");
        ExternalTool.Succeed("pdfimages", "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), pdf, prefix);
        string file = Directory.GetFiles(Path.GetDirectoryName(pdf)!, $"p{page}-*").Single();
        return Netpbm.Read(File.ReadAllBytes(file));
    }

    /// <summary>A binary Netpbm image (P4 bitmap, P5 graymap, P6 pixmap).</summary>
    private sealed record Netpbm(int Width, int Height, int Channels, bool IsBitmap, byte[] Samples)
    {
        public static Netpbm Read(byte[] file)
        {
            int at = 0;
            string Token()
            {
                while (char.IsWhiteSpace((char)file[at]) || file[at] == '#')
                {
                    if (file[at] == '#')
                    {
                        while (file[at] != '\n')
                        {
                            at++;
                        }
                    }

                    at++;
                }

                int start = at;
                while (!char.IsWhiteSpace((char)file[at]))
                {
                    at++;
                }

                return Encoding.ASCII.GetString(file, start, at - start);
            }

            string magic = Token();
            int width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
            int height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
            if (magic != "P4")
            {
                _ = Token(); // maximum value
            }

            at++; // the single whitespace before the samples
            return magic switch
            {
                "P4" => new Netpbm(width, height, 1, true, file[at..]),
                "P5" => new Netpbm(width, height, 1, false, file[at..]),
                "P6" => new Netpbm(width, height, 3, false, file[at..]),
                _ => throw new AssertFailedException($"Unexpected Netpbm format {magic}."),
            };
        }

        /// <summary>One byte per pixel, 0 or 255 (PBM: 1 = black).</summary>
        public byte[] Gray()
        {
            if (!IsBitmap)
            {
                return Samples;
            }

            int stride = (Width + 7) / 8;
            byte[] gray = new byte[Width * Height];
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    gray[(y * Width) + x] = (Samples[(y * stride) + (x >> 3)] & (0x80 >> (x & 7))) != 0 ? (byte)0 : (byte)255;
                }
            }

            return gray;
        }
    }
}

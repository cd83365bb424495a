using SoHoa.Imaging;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Imaging;

/// <summary>
/// Bad page files are refused with a named rule before Leptonica sees them; good ones decode. These tests run
/// the real Leptonica in process on small images made in code.
/// </summary>
[TestClass]
public sealed class PageDecoderTests
{
    private static readonly PageDecoder Decoder = new(new ImagingOptions());

    [TestMethod]
    public void Decode_ZeroBytes_RefusedAsEmpty()
    {
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode([], "0001/01.png"));
        Assert.AreEqual("file.empty", ex.Rule);
        StringAssert.Contains(ex.Message, "0001/01.png");
    }

    [TestMethod]
    public void Decode_TruncatedPng_RefusedAsTruncated()
    {
        byte[] png = TestImages.GrayPng(64, 64);
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(png[..(png.Length / 2)], "scan.png"));
        Assert.AreEqual("image.truncated", ex.Rule);
    }

    [TestMethod]
    public void Decode_TruncatedJpeg_RefusedAsTruncated()
    {
        byte[] jpeg = TestImages.JpegHeader(100, 100, 1);
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(jpeg[..^2], "scan.jpg"));
        Assert.AreEqual("image.truncated", ex.Rule);
    }

    [TestMethod]
    public void Decode_PngWithCorruptImageData_RefusedAsCorrupt()
    {
        byte[] png = TestImages.GrayPng(64, 64);

        // Overwrite the compressed pixels (they follow IHDR and pHYs) but keep the header and the IEND chunk.
        for (int i = 8 + 25 + 21 + 8; i < png.Length - 16; i++)
        {
            png[i] = (byte)(i * 37);
        }

        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(png, "scan.png"));
        Assert.AreEqual("image.corrupt", ex.Rule);
        StringAssert.Contains(ex.Message, "scan.png");
    }

    [TestMethod]
    public void Decode_JpegWithGarbageScan_RefusedAsCorrupt()
    {
        // A frame header and EOI but no tables or scan: libjpeg must fail, and the process must live.
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(TestImages.JpegHeader(100, 100, 1), "scan.jpg"));
        Assert.AreEqual("image.corrupt", ex.Rule);
    }

    [TestMethod]
    public void Decode_PngDeclaring50000Squared_RefusedBeforeDecoding()
    {
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(TestImages.PngDeclaring(50_000, 50_000), "bomb.png"));
        Assert.AreEqual("image.pixels", ex.Rule);
        StringAssert.Contains(ex.Message, "50000×50000");
    }

    [TestMethod]
    public void Decode_TiffDeclaring50000Squared_RefusedBeforeDecoding()
    {
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(TestImages.GrayTiff(50_000, 50_000), "bomb.tif"));
        Assert.AreEqual("image.pixels", ex.Rule);
    }

    [TestMethod]
    public void Decode_PixelLimitConfigured_AppliesTheLimit()
    {
        var strict = new PageDecoder(new ImagingOptions { MaxPixelsPerPage = 100 * 100 });
        Assert.AreEqual("image.pixels", Assert.ThrowsException<InvalidPageException>(() => strict.Decode(TestImages.GrayPng(101, 100), "a.png")).Rule);
        using CleanPage page = strict.Decode(TestImages.GrayPng(100, 100), "b.png").Single();
        Assert.AreEqual(100, page.Width);
    }

    [TestMethod]
    public void Decode_TiffWithMorePagesThanTheLimit_Refused()
    {
        var decoder = new PageDecoder(new ImagingOptions { MaxPagesPerFile = 300 });
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => decoder.Decode(TestImages.GrayTiff(8, 8, pages: 301), "many.tif"));
        Assert.AreEqual("image.pages", ex.Rule);
        StringAssert.Contains(ex.Message, "300");
    }

    [TestMethod]
    public void Decode_TiffWithPagesWithinTheLimit_DecodesEveryPage()
    {
        var decoder = new PageDecoder(new ImagingOptions { MaxPagesPerFile = 300 });
        IReadOnlyList<CleanPage> pages = decoder.Decode(TestImages.GrayTiff(40, 30, pages: 3), "three.tif");
        try
        {
            Assert.AreEqual(3, pages.Count);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, pages.Select(p => p.Source.PageInFile).ToArray());
            Assert.IsTrue(pages.All(p => p.Width == 40 && p.Height == 30));
        }
        finally
        {
            foreach (CleanPage page in pages)
            {
                page.Dispose();
            }
        }
    }

    [TestMethod]
    [DataRow(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0, 1, 0 }, DisplayName = "GIF")]
    [DataRow(new byte[] { (byte)'B', (byte)'M', 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0 }, DisplayName = "BMP")]
    [DataRow(new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0 }, DisplayName = "ZIP")]
    public void Decode_UnsupportedFormatNamedPng_RefusedByItsBytes(byte[] bytes)
    {
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(bytes, "looks-like.png"));
        Assert.AreEqual("file.format", ex.Rule);
    }

    [TestMethod]
    public void Decode_PngNamedJpg_DecodedAsWhatItsBytesAre()
    {
        using CleanPage page = Decoder.Decode(TestImages.GrayPng(30, 20), "misnamed.jpg").Single();
        Assert.AreEqual(VisibleImageEncoding.Raw, page.Visible.Encoding);
        Assert.AreEqual(30, page.Width);
    }

    [TestMethod]
    public void Decode_CmykJpeg_RefusedWithColorspaceRule()
    {
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(TestImages.JpegHeader(100, 100, 4), "cmyk.jpg"));
        Assert.AreEqual("image.colorspace", ex.Rule);
        StringAssert.Contains(ex.Message, "CMYK");
    }

    [TestMethod]
    public void Decode_CmykTiff_RefusedWithColorspaceRule()
    {
        InvalidPageException ex = Assert.ThrowsException<InvalidPageException>(() => Decoder.Decode(TestImages.GrayTiff(10, 10, photometric: 5, samplesPerPixel: 4), "cmyk.tif"));
        Assert.AreEqual("image.colorspace", ex.Rule);
    }

    [TestMethod]
    public void Decode_16BitGrayPng_ConvertedTo8BitSamples()
    {
        byte[] png = TestImages.GrayPng(40, 20, (x, _) => x < 20 ? (byte)0 : (byte)255, bitDepth: 16);
        using CleanPage page = Decoder.Decode(png, "deep.png").Single();
        Assert.AreEqual(8, page.Visible.BitsPerComponent);
        Assert.AreEqual(1, page.Visible.Components);
        Assert.AreEqual(0, page.Visible.Data.Span[0], "the left half is black");
        Assert.AreEqual(255, page.Visible.Data.Span[39], "the right half is white");
    }

    [TestMethod]
    public void Decode_GrayPngOfOddWidth_VisibleSamplesAreThePixelsRowByRow()
    {
        static byte Gray(int x, int y) => (byte)((x * 37) + (y * 11));
        byte[] png = TestImages.GrayPng(7, 5, Gray);
        using CleanPage page = Decoder.Decode(png, "gray.png").Single();

        Assert.AreEqual((1, 8), (page.Visible.Components, page.Visible.BitsPerComponent));
        byte[] expected = [.. Enumerable.Range(0, 5).SelectMany(y => Enumerable.Range(0, 7).Select(x => Gray(x, y)))];
        CollectionAssert.AreEqual(expected, page.Visible.Data.ToArray());
    }

    [TestMethod]
    public void Decode_GrayPageWithSpecks_SpecksLeaveTheOcrImageButStayVisible()
    {
        // Cleanup paints specks white on the image OCR reads; the person looking at the PDF still sees the scan.
        byte[] png = TestImages.GrayPng(60, 60, (x, y) => (x, y) is (20, 20) or (41, 33) ? (byte)0 : (byte)255);
        using CleanPage page = Decoder.Decode(png, "specks.png").Single();

        Assert.AreEqual(0, page.Visible.Data.Span[(20 * 60) + 20]);
        Assert.AreEqual(0, page.Visible.Data.Span[(33 * 60) + 41]);
    }

    [TestMethod]
    public void Decode_RgbPng_VisibleSamplesAreRedGreenBlueWithoutPadding()
    {
        static byte Sample(int x, int y, int c) => (byte)((x * 50) + (y * 7) + (c * 90));
        byte[] png = TestImages.RgbPng(5, 3, Sample);
        using CleanPage page = Decoder.Decode(png, "colour.png").Single();

        Assert.AreEqual((3, 8), (page.Visible.Components, page.Visible.BitsPerComponent));
        byte[] expected = [.. Enumerable.Range(0, 3).SelectMany(y => Enumerable.Range(0, 5).SelectMany(x => Enumerable.Range(0, 3).Select(c => Sample(x, y, c))))];
        CollectionAssert.AreEqual(expected, page.Visible.Data.ToArray());
    }

    [TestMethod]
    public void Decode_BilevelPngOfOddWidth_VisibleBitsAreZeroForInkAndPaddedWithWhite()
    {
        // Width 13: each row is two bytes, the last three bits of the second past the image.
        static bool Ink(int x, int y) => (x + y) % 3 == 0;
        byte[] png = TestImages.BilevelPng(13, 4, Ink);
        using CleanPage page = Decoder.Decode(png, "bilevel.png").Single();

        Assert.AreEqual((1, 1), (page.Visible.Components, page.Visible.BitsPerComponent));
        byte[] data = page.Visible.Data.ToArray();
        Assert.AreEqual(2 * 4, data.Length);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                bool white = ((data[(y * 2) + (x / 8)] >> (7 - (x % 8))) & 1) == 1;
                Assert.AreEqual(x >= 13 || !Ink(x, y), white, $"pixel ({x}, {y})");
            }
        }
    }

    [TestMethod]
    public void Decode_PngWithResolution_RecordsIt()
    {
        using CleanPage page = Decoder.Decode(TestImages.GrayPng(100, 100, (_, _) => 255, dpi: 200), "a.png").Single();
        Assert.AreEqual(200, page.Dpi);
        Assert.IsFalse(page.DpiEstimated);
    }

    [TestMethod]
    public void Decode_A4PageWithoutResolution_EstimatesAndSaysSo()
    {
        // 1240×1754 is A4 at 150 DPI; the PNG says 0 DPI.
        using CleanPage page = Decoder.Decode(TestImages.GrayPng(1240, 1754, (_, _) => 255, dpi: 0), "a4.png").Single();
        Assert.AreEqual(150, page.Dpi);
        Assert.IsTrue(page.DpiEstimated);
        Assert.AreEqual(150, page.Cleanup.OcrDpi, "150 DPI is read as it is: enlarging it measured worse");
    }

    [TestMethod]
    public void Decode_72DpiPage_EnlargedTo300DpiForOcrOnly()
    {
        using CleanPage page = Decoder.Decode(TestImages.GrayPng(600, 400, (_, _) => 255, dpi: 72), "coarse.png").Single();
        Assert.AreEqual(72, page.Dpi);
        Assert.AreEqual(600, page.Width, "the visible image keeps its pixels");
        Assert.AreEqual(300, page.Cleanup.OcrDpi);
        Assert.AreEqual(300.0 / 72, page.Cleanup.OcrScale, 1e-9);
    }

    [TestMethod]
    public void Decode_600DpiPage_ReducedTo300DpiForOcrOnly()
    {
        using CleanPage page = Decoder.Decode(TestImages.GrayPng(1200, 800, (_, _) => 255, dpi: 600), "fine.png").Single();
        Assert.AreEqual(600, page.Dpi);
        Assert.AreEqual(1200, page.Width, "the visible image keeps every pixel");
        Assert.AreEqual(300, page.Cleanup.OcrDpi);
        Assert.AreEqual(0.5, page.Cleanup.OcrScale, 1e-9);
    }

    [TestMethod]
    public void Decode_WhitePageWithDust_IsBlank()
    {
        // A4 at 100 DPI with isolated dark specks, as on the back of a sheet.
        byte[] png = TestImages.GrayPng(827, 1169, (x, y) => (x * 7919) + (y * 104729) % 997 == 0 || (x % 97 == 3 && y % 89 == 5) ? (byte)40 : (byte)250, dpi: 100);
        using CleanPage page = Decoder.Decode(png, "back.png").Single();
        Assert.IsTrue(page.IsBlank);
    }

    [TestMethod]
    public void Decode_PageWithLinesOfLetterSizedMarks_IsNotBlank()
    {
        // Rows of 20×28 px dark blocks at 300 DPI: the size and spacing of printed letters.
        byte[] png = TestImages.GrayPng(1200, 900, (x, y) => y is > 200 and < 700 && y % 60 < 28 && x is > 150 and < 1050 && x % 30 < 20 ? (byte)20 : (byte)245);
        using CleanPage page = Decoder.Decode(png, "text.png").Single();
        Assert.IsFalse(page.IsBlank);
    }

    [TestMethod]
    public void Decode_PageWithWideMargins_OcrReadsTheTextAreaOnly()
    {
        // Stripes of ink from x 200 to 395 and y 300 to 499 of a 1000×1000 page: OCR gets that area and a tenth of
        // an inch (30 pixels at 300 DPI) around it.
        var decoder = new PageDecoder(new ImagingOptions { ReadingDpi = 300 });
        byte[] png = TestImages.GrayPng(1000, 1000, (x, y) => x is >= 200 and < 400 && y is >= 300 and < 500 && (x / 4) % 2 == 0 ? (byte)0 : (byte)255);
        using CleanPage page = decoder.Decode(png, "margins.png").Single();

        Assert.AreEqual((200 - 30, 300 - 30), (page.Cleanup.OcrLeft, page.Cleanup.OcrTop));
        Assert.AreEqual((196 + 60, 200 + 60), (page.OcrImage.Width, page.OcrImage.Height));
        Assert.AreEqual((1000, 1000), (page.Width, page.Height), "the visible image keeps its margins");
    }

    [TestMethod]
    public void Decode_300DpiTextPage_AnalysedAt300ReadAt250()
    {
        byte[] png = TestImages.GrayPng(1200, 1200, (x, y) => x is >= 100 and < 1100 && y is >= 100 and < 1100 && (x / 4) % 2 == 0 ? (byte)0 : (byte)255);
        using CleanPage page = Decoder.Decode(png, "text.png").Single();

        Assert.AreEqual(250, page.Cleanup.OcrDpi);
        Assert.AreEqual(1.0, page.Cleanup.AnalysisScale, 1e-9, "orientation, skew and margins are found at the scan's resolution");
        Assert.AreEqual(250.0 / 300, page.Cleanup.OcrScale, 1e-9);
        Assert.AreEqual(Math.Round((1200 - 200 - 4 + 60) * 250.0 / 300), page.OcrImage.Width, 1);
        Assert.AreEqual((1200, 1200), (page.Width, page.Height), "the visible image keeps every pixel");
    }

    [TestMethod]
    public void Decode_CroppingOff_OcrReadsTheWholePage()
    {
        var decoder = new PageDecoder(new ImagingOptions { CropMargins = false, ReadingDpi = 300 });
        byte[] png = TestImages.GrayPng(1000, 1000, (x, y) => x is >= 200 and < 400 && y is >= 300 and < 500 && (x / 4) % 2 == 0 ? (byte)0 : (byte)255);
        using CleanPage page = decoder.Decode(png, "margins.png").Single();

        Assert.AreEqual((0, 0), (page.Cleanup.OcrLeft, page.Cleanup.OcrTop));
        Assert.AreEqual((1000, 1000), (page.OcrImage.Width, page.OcrImage.Height));
    }

    [TestMethod]
    public void Decode_BlankDetectionOff_NeverBlank()
    {
        var decoder = new PageDecoder(new ImagingOptions { DetectBlankPages = false });
        using CleanPage page = decoder.Decode(TestImages.GrayPng(300, 300, (_, _) => 255), "white.png").Single();
        Assert.IsFalse(page.IsBlank);
    }

    [TestMethod]
    public void ImagingOptions_Invalid_EveryProblemReported()
    {
        var options = new ImagingOptions { MaxPixelsPerPage = 0, MaxPagesPerFile = 0, MaxSkewDegrees = 90, MinOcrDpi = 500, ReadingDpi = 2000 };
        IReadOnlyList<string> problems = options.Validate();
        Assert.AreEqual(5, problems.Count, string.Join(" | ", problems));
        Assert.ThrowsException<ArgumentException>(() => new PageDecoder(options));
    }
}

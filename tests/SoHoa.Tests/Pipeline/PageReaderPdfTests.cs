using System.Globalization;
using System.Text;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Pipeline;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Pipeline;

/// <summary>Scanned PDFs: the embedded page images are taken out and decoded; bad PDFs are refused with a rule.</summary>
[TestClass]
public sealed class PageReaderPdfTests
{
    private sealed class CountingRecognizer : IPageRecognizer
    {
        public int Calls { get; private set; }

        public string Description => "counting";

        public Task<OcrPage> RecognizeAsync(CleanPage page, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new OcrPage(page.Width, page.Height, [], 90, false));
        }
    }

    /// <summary>A PDF whose pages each show one uncompressed 8-bit gray image of <paramref name="width"/>×<paramref name="height"/> on a US Letter page.</summary>
    private static byte[] ScannedPdf(int pages, int width, int height, Func<int, int, byte> pixel, string filter = "", string? declaredSize = null)
    {
        var bodies = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        string kids = string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{3 + (3 * i)} 0 R"));
        bodies.Add($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>");
        var samples = new StringBuilder();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                samples.Append((char)pixel(x, y));
            }
        }

        for (int i = 0; i < pages; i++)
        {
            int page = 3 + (3 * i);
            bodies.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 {page + 2} 0 R >> >> /Contents {page + 1} 0 R >>");
            bodies.Add(TestPdfBuilder.Stream("q 612 0 0 792 0 0 cm /Im0 Do Q"));
            bodies.Add(TestPdfBuilder.Stream(samples.ToString(), string.Create(CultureInfo.InvariantCulture, $"/Type /XObject /Subtype /Image {declaredSize ?? $"/Width {width} /Height {height}"} /ColorSpace /DeviceGray /BitsPerComponent 8 {filter}")));
        }

        return TestPdfBuilder.Build(bodies);
    }

    [TestMethod]
    public async Task ReadAsync_ScannedPdf_EachPageImageDecodedWithThePageResolution()
    {
        var recognizer = new CountingRecognizer();
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), recognizer);

        // 170×220 pixels on an 8.5×11 inch page: 20 DPI by the page size, and a few dark bars so the page is not blank.
        byte[] pdf = ScannedPdf(2, 170, 220, (x, y) => y % 10 < 4 && x is > 20 and < 150 ? (byte)0 : (byte)255);
        IReadOnlyList<ReadPage> pages = await reader.ReadAsync(pdf, "0001/scan.pdf");

        Assert.AreEqual(2, pages.Count);
        CollectionAssert.AreEqual(new[] { 1, 2 }, pages.Select(p => p.Page.Source.PageInFile).ToArray());
        Assert.IsTrue(pages.All(p => p.Page.Source.File == "0001/scan.pdf" && p.Page.Width == 170 && p.Page.Height == 220));
        Assert.IsTrue(pages.All(p => p.Page.Dpi == 20 || p.Page.DpiEstimated), "the page size gives the resolution");
    }

    [TestMethod]
    public async Task ReadAsync_PdfImageInUnsupportedCompression_RefusedNamingIt()
    {
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), new CountingRecognizer());
        byte[] pdf = ScannedPdf(1, 100, 100, (_, _) => 255, "/Filter /JBIG2Decode");
        InvalidPageException ex = await Assert.ThrowsExceptionAsync<InvalidPageException>(() => reader.ReadAsync(pdf, "scan.pdf"));
        Assert.AreEqual("image.format", ex.Rule);
        StringAssert.Contains(ex.Message, "JBIG2Decode");
        StringAssert.Contains(ex.Message, "scan.pdf");
    }

    [TestMethod]
    public async Task ReadAsync_PdfWithMorePagesThanTheLimit_Refused()
    {
        var reader = new PageReader(new PageDecoder(new ImagingOptions { MaxPagesPerFile = 2 }), new CountingRecognizer());
        InvalidPageException ex = await Assert.ThrowsExceptionAsync<InvalidPageException>(() => reader.ReadAsync(ScannedPdf(3, 10, 10, (_, _) => 255), "scan.pdf"));
        Assert.AreEqual("image.pages", ex.Rule);
    }

    [TestMethod]
    public async Task ReadAsync_PdfImageDeclaringHugeSize_RefusedBeforeDecoding()
    {
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), new CountingRecognizer());
        byte[] bomb = ScannedPdf(1, 4, 4, (_, _) => 255, declaredSize: "/Width 50000 /Height 50000");
        InvalidPageException ex = await Assert.ThrowsExceptionAsync<InvalidPageException>(() => reader.ReadAsync(bomb, "bomb.pdf"));
        Assert.AreEqual("image.pixels", ex.Rule);
    }

    [TestMethod]
    public async Task ReadAsync_TruncatedPdf_RefusedAsCorrupt()
    {
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), new CountingRecognizer());
        byte[] pdf = ScannedPdf(1, 10, 10, (_, _) => 255);
        InvalidPageException ex = await Assert.ThrowsExceptionAsync<InvalidPageException>(() => reader.ReadAsync(pdf[..40], "cut.pdf"));
        Assert.AreEqual("pdf.corrupt", ex.Rule);
    }

    [TestMethod]
    public async Task ReadAsync_BlankPage_NotRecognized()
    {
        var recognizer = new CountingRecognizer();
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), recognizer);
        IReadOnlyList<ReadPage> pages = await reader.ReadAsync(Support.TestImages.GrayPng(600, 800, (_, _) => 250), "white.png");
        Assert.IsTrue(pages.Single().Page.IsBlank);
        Assert.IsNull(pages.Single().Text);
        Assert.AreEqual(0, recognizer.Calls);
    }
}

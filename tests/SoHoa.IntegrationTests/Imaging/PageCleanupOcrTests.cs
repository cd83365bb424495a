using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SoHoa.Imaging;
using SoHoa.IntegrationTests.Support;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pipeline;

namespace SoHoa.IntegrationTests.Imaging;

/// <summary>
/// Cleanup and OCR with the real Leptonica and Tesseract on one small Vietnamese page that ImageMagick renders,
/// then turns, skews or leaves empty, as a scanner would. Error rates are compared with a stated tolerance.
/// </summary>
[TestClass]
public sealed partial class PageCleanupOcrTests
{
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
    private const string Convert = "/usr/bin/convert";

    /// <summary>Character error rate allowed on these pages: the clean page reads at well under 1%.</summary>
    private const double Tolerance = 0.03;

    private static readonly string[] Lines =
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY KHAI SINH",
        "Họ, chữ đệm, tên: Nguyễn Thị Hồng Nhung",
        "Ngày, tháng, năm sinh: 23 tháng 12 năm 2020",
        "Nơi sinh: Bệnh viện Đa khoa tỉnh Hậu Giang",
        "Quê quán: xã Tân Phước Hưng, huyện Phụng Hiệp",
        "Số định danh cá nhân: 093320001234",
    ];

    private static string _dir = string.Empty;
    private static TesseractEnginePool? _pool;
    private static PageReader? _reader;

    private static PageReader Reader => _reader ?? throw new InvalidOperationException("Class fixture did not run.");

    private static string Truth => string.Join(' ', Lines);

    [ClassInitialize]
    public static void Initialize(TestContext context)
    {
        _ = context;
        _dir = TestEnvironment.NewDirectory("cleanup");
        Magick("-size", "1400x1000", "xc:white", "-font", Font, "-pointsize", "12", "-density", "300", "-fill", "black",
            "-annotate", "+90+140", string.Join('\n', Lines), "-colorspace", "Gray", "-units", "PixelsPerInch", "-density", "300", Page("clean"));
        _pool = new TesseractEnginePool(new OcrOptions { EngineCount = 1 });
        _reader = new PageReader(new PageDecoder(new ImagingOptions()), _pool);
    }

    [ClassCleanup]
    public static void Cleanup() => _pool?.Dispose();

    [TestMethod]
    public async Task Read_CleanPage_TextIsRightAndNfc()
    {
        ReadPage page = await ReadAsync(Page("clean"));
        Assert.AreEqual(0, page.Page.Cleanup.RotationDegrees);
        Assert.AreEqual(0, page.Page.Cleanup.SkewDegrees, 0.2);
        AssertReads(page);
        Assert.IsTrue(page.Text!.Words.All(w => w.Text.IsNormalized(NormalizationForm.FormC)), "every word is NFC");
        Assert.IsTrue(page.Text.Text.IsNormalized(NormalizationForm.FormC));
        Assert.IsFalse(page.Text.IsLowConfidence);
    }

    [TestMethod]
    [DataRow(90, 270, DisplayName = "fed turned 90° clockwise")]
    [DataRow(180, 180, DisplayName = "fed upside down")]
    [DataRow(270, 90, DisplayName = "fed turned 90° anticlockwise")]
    public async Task Read_RotatedPage_TurnedUprightAndRead(int scannedTurn, int expectedFix)
    {
        string path = Page($"rot{scannedTurn}");
        Magick(Page("clean"), "-rotate", scannedTurn.ToString(CultureInfo.InvariantCulture), path);
        ReadPage page = await ReadAsync(path);
        Assert.AreEqual(expectedFix, page.Page.Cleanup.RotationDegrees);
        Assert.AreEqual(1400, page.Page.Width, "the visible image is turned upright too");
        Assert.AreEqual(1000, page.Page.Height);
        AssertReads(page);
    }

    [TestMethod]
    [DataRow(90, 270, DisplayName = "skewed, fed turned 90° clockwise")]
    [DataRow(180, 180, DisplayName = "skewed, fed upside down")]
    public async Task Read_SkewedPageFedSidewaysOrUpsideDown_TurnedThenDeskewed(int scannedTurn, int expectedFix)
    {
        string path = Page($"skew3-rot{scannedTurn}");
        Magick(Page("clean"), "-virtual-pixel", "white", "-distort", "SRT", "3", "-rotate", scannedTurn.ToString(CultureInfo.InvariantCulture), path);
        ReadPage page = await ReadAsync(path);
        Assert.AreEqual(expectedFix, page.Page.Cleanup.RotationDegrees);

        // Once upright the lines slope as they did before the page was turned, and the skew is measured on the upright page.
        Assert.AreEqual(-3, page.Page.Cleanup.SkewDegrees, 0.3);
        AssertReads(page);
    }

    [TestMethod]
    [DataRow(-9.0)]
    [DataRow(4.5)]
    public async Task Read_SkewedPage_SkewFoundAndRemoved(double degrees)
    {
        string path = Page($"skew{degrees.ToString(CultureInfo.InvariantCulture)}");
        Magick(Page("clean"), "-virtual-pixel", "white", "-distort", "SRT", degrees.ToString(CultureInfo.InvariantCulture), path);
        ReadPage page = await ReadAsync(path);

        // ImageMagick turns clockwise by the angle; cleanup turns back by its opposite.
        Assert.AreEqual(-degrees, page.Page.Cleanup.SkewDegrees, 0.3);
        AssertReads(page);

        // Word boxes are reported on the scan as it is (still skewed) and stay on it.
        Assert.IsTrue(page.Text!.Words.All(w => w.Box.Left >= 0 && w.Box.Right <= page.Page.Width && w.Box.Top >= 0 && w.Box.Bottom <= page.Page.Height && w.Box.Width > 0));
    }

    [TestMethod]
    [DataRow(-9.0)]
    [DataRow(4.5)]
    [DataRow(0.6)]
    public async Task Read_SkewedPage_WordBoxesLieWhereTheWordsAreOnTheScan(double degrees)
    {
        ReadPage clean = await ReadAsync(Page("clean"));
        string path = Page($"skew-boxes{degrees.ToString(CultureInfo.InvariantCulture)}");
        Magick(Page("clean"), "-virtual-pixel", "white", "-distort", "SRT", degrees.ToString(CultureInfo.InvariantCulture), path);
        ReadPage skewed = await ReadAsync(path);
        Assert.AreNotEqual(0, skewed.Page.Cleanup.SkewDegrees, "the page is deskewed for OCR");

        // ImageMagick turns the page clockwise by the angle about its centre; a word's box on the skewed scan is the
        // bounding box of its turned box on the clean page, so the two centres must meet. The same word read on both
        // pages is matched to the nearest one (a word can occur twice).
        double radians = degrees * Math.PI / 180;
        (double cx, double cy) = (clean.Page.Width / 2.0, clean.Page.Height / 2.0);
        var expected = clean.Text!.Words.Select(w =>
        {
            double dx = ((w.Box.Left + w.Box.Right) / 2.0) - cx;
            double dy = ((w.Box.Top + w.Box.Bottom) / 2.0) - cy;
            return (w.Text, X: cx + (dx * Math.Cos(radians)) - (dy * Math.Sin(radians)), Y: cy + (dx * Math.Sin(radians)) + (dy * Math.Cos(radians)));
        }).ToList();
        List<OcrWord> words = [.. skewed.Text!.Words];
        int matched = 0;
        foreach (OcrWord word in words)
        {
            var candidates = expected.Where(e => e.Text == word.Text).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            (double x, double y) = ((word.Box.Left + word.Box.Right) / 2.0, (word.Box.Top + word.Box.Bottom) / 2.0);
            double distance = candidates.Min(e => Math.Sqrt(((e.X - x) * (e.X - x)) + ((e.Y - y) * (e.Y - y))));
            Assert.IsTrue(distance <= 3, $"'{word.Text}' is boxed {distance:0.0} pixels from where it lies on the scan");
            matched++;
        }

        Assert.IsTrue(matched >= words.Count * 9 / 10, $"only {matched} of {words.Count} words were read as on the clean page");
    }

    [TestMethod]
    public async Task Read_BlankBackOfSheet_BlankAndNotRecognized()
    {
        string path = Page("blank");
        Magick("-size", "1400x1000", "xc:white", "-seed", "7", "-attenuate", "0.02", "+noise", "Impulse", "+level", "60%,100%",
            "-colorspace", "Gray", "-units", "PixelsPerInch", "-density", "300", path);
        ReadPage page = await ReadAsync(path);
        Assert.IsTrue(page.Page.IsBlank);
        Assert.IsNull(page.Text);
    }

    [TestMethod]
    [DataRow("jpeg", "/DCTDecode", DisplayName = "gray scan: JPEG inside the PDF (img2pdf)")]
    [DataRow("g4", "/CCITTFaxDecode", DisplayName = "bilevel scan: CCITT G4 inside the PDF (img2pdf)")]
    [DataRow("flate", "/Decode [1 0]", DisplayName = "bilevel scan: inverted Flate samples inside the PDF (tesseract)")]
    public async Task Read_ScannedPdf_PageImageTakenOutAndRead(string kind, string marker)
    {
        string pdfPath = Path.Combine(_dir, $"scan-{kind}.pdf");
        switch (kind)
        {
            case "jpeg":
                Magick(Page("clean"), "-type", "grayscale", "-quality", "90", "-units", "PixelsPerInch", "-density", "300", Path.Combine(_dir, "scan.jpg"));
                Img2Pdf(Path.Combine(_dir, "scan.jpg"), pdfPath);
                break;
            case "g4":
                Magick(Page("clean"), "-threshold", "50%", "-type", "bilevel", "-compress", "Group4", Path.Combine(_dir, "scan-g4.tif"));
                Img2Pdf(Path.Combine(_dir, "scan-g4.tif"), pdfPath);
                break;
            default:
                Magick(Page("clean"), "-threshold", "50%", "-type", "bilevel", Path.Combine(_dir, "scan-1bit.png"));
                ToolRun tesseract = ExternalTool.Run("tesseract", [Path.Combine(_dir, "scan-1bit.png"), pdfPath[..^4], "-l", "vie", "pdf"]);
                Assert.AreEqual(0, tesseract.ExitCode, "tesseract (apt package tesseract-ocr) failed: " + tesseract.Output);
                break;
        }

        byte[] pdf = File.ReadAllBytes(pdfPath);
        StringAssert.Contains(Encoding.Latin1.GetString(pdf), marker, "the PDF holds the kind of image this test is about");

        IReadOnlyList<ReadPage> pages = await Reader.ReadAsync(pdf, $"scan-{kind}.pdf");
        Assert.AreEqual(1, pages.Count);
        Assert.AreEqual(300, pages[0].Page.Dpi, "the resolution comes from the image size over the page size");
        Assert.AreEqual(1400, pages[0].Page.Width);
        AssertReads(pages[0]);
    }

    [TestMethod]
    public async Task OcrCommand_SameImage_SameTextAsThePageReaderThatProcessUses()
    {
        string output = TestEnvironment.NewDirectory("ocr-cli");
        string image = Page("skew-9-cli");
        Magick(Page("clean"), "-virtual-pixel", "white", "-distort", "SRT", "-9", image);
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("home")).Run("ocr", image, "--out", output);
        Assert.AreEqual(0, run.ExitCode, run.Output);

        ReadPage page = await ReadAsync(image);
        string cliText = File.ReadAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(image) + ".txt")).TrimEnd('\n');
        Assert.AreEqual(page.Text!.Text, cliText);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(image) + ".json")));
        Assert.AreEqual(page.Page.Cleanup.SkewDegrees, json.RootElement.GetProperty("pages")[0].GetProperty("skew").GetDouble(), 0.01);
    }

    private static async Task<ReadPage> ReadAsync(string path)
    {
        IReadOnlyList<ReadPage> pages = await Reader.ReadAsync(File.ReadAllBytes(path), Path.GetFileName(path));
        Assert.AreEqual(1, pages.Count);
        return pages[0];
    }

    private static void AssertReads(ReadPage page)
    {
        Assert.IsNotNull(page.Text, "a page with text is not blank");
        double cer = CharacterErrorRate(page.Text.Text, Truth);
        Assert.IsTrue(cer <= Tolerance, $"character error rate {cer:P2} is above {Tolerance:P0}; read:\n{page.Text.Text}");
    }

    private static double CharacterErrorRate(string recognized, string truth)
    {
        string r = Whitespace().Replace(recognized, " ").Trim();
        string t = Whitespace().Replace(truth, " ").Trim();
        int[] previous = Enumerable.Range(0, t.Length + 1).ToArray();
        int[] current = new int[t.Length + 1];
        for (int i = 1; i <= r.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= t.Length; j++)
            {
                current[j] = Math.Min(previous[j - 1] + (r[i - 1] == t[j - 1] ? 0 : 1), Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return (double)previous[t.Length] / t.Length;
    }

    private static string Page(string name) => Path.Combine(_dir, name + ".png");

    private static void Magick(params string[] arguments)
    {
        ToolRun run;
        try
        {
            run = ExternalTool.Run(Convert, arguments);
        }
        catch (AssertFailedException)
        {
            throw new AssertFailedException("ImageMagick (/usr/bin/convert) is not installed; .ci/run installs it (apt-get install imagemagick fonts-dejavu-core).");
        }

        Assert.AreEqual(0, run.ExitCode, "ImageMagick (apt package imagemagick) failed: " + run.Output);
    }

    private static void Img2Pdf(string image, string pdf)
    {
        ToolRun run;
        try
        {
            run = ExternalTool.Run("img2pdf", [image, "-o", pdf]);
        }
        catch (AssertFailedException)
        {
            throw new AssertFailedException("img2pdf is not installed; .ci/run installs it (apt-get install img2pdf).");
        }

        Assert.AreEqual(0, run.ExitCode, "img2pdf (apt package img2pdf) failed: " + run.Output);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

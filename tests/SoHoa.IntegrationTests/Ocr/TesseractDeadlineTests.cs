using SoHoa.Imaging;
using SoHoa.IntegrationTests.Support;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pipeline;

namespace SoHoa.IntegrationTests.Ocr;

/// <summary>
/// The real Tesseract given a deadline shorter than a page takes: the page fails with <c>ocr.deadline</c> instead of
/// holding the engine, and the engine goes on serving pages afterwards.
/// </summary>
[TestClass]
public sealed class TesseractDeadlineTests
{
    [TestMethod]
    public async Task Read_PageLongerThanTheDeadline_FailsThatPageAndTheEngineGoesOn()
    {
        string file = Directory.EnumerateFiles(RepositoryPaths.SampleBatch, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        byte[] bytes = await File.ReadAllBytesAsync(file);
        using var hurried = new TesseractEnginePool(new OcrOptions { EngineCount = 1, PageDeadline = TimeSpan.FromMilliseconds(1) });
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), hurried);

        var error = await Assert.ThrowsExactlyAsync<InvalidPageException>(() => reader.ReadAsync(bytes, "page.png"));

        Assert.AreEqual("ocr.deadline", error.Rule);
        StringAssert.Contains(error.Message, "page.png");
        StringAssert.Contains(error.Message, "PageDeadline");

        // The same engine is asked again: it fails the same way rather than being left stuck or broken.
        await Assert.ThrowsExactlyAsync<InvalidPageException>(() => reader.ReadAsync(bytes, "page.png"));
    }

    [TestMethod]
    public async Task Read_PageWithinTheDeadline_IsRead()
    {
        string file = Directory.EnumerateFiles(RepositoryPaths.SampleBatch, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        using var pool = new TesseractEnginePool(new OcrOptions { EngineCount = 1, PageDeadline = TimeSpan.FromMinutes(2) });
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), pool);

        IReadOnlyList<ReadPage> pages = await reader.ReadAsync(await File.ReadAllBytesAsync(file), "page.png");

        Assert.IsTrue(pages.Any(p => p.Text is not null && p.Text.Words.Any()), "the page has words");
    }
}

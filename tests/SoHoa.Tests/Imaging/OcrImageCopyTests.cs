using SoHoa.Imaging;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Imaging;

/// <summary>A recognizer other than Tesseract reads the page OCR would read through <see cref="CleanPage.CopyOcrImage"/>.</summary>
[TestClass]
public sealed class OcrImageCopyTests
{
    [TestMethod]
    public void CopyOcrImage_PageWithABlackBar_GraySamplesRowByRowWithTheBarWhereOcrSeesIt()
    {
        // A white A6-ish page at 300 DPI with a black bar across its middle third, like a thick line of text.
        const int width = 1200, height = 1700;
        byte[] png = TestImages.GrayPng(width, height, (x, y) => y is >= 800 and < 860 && x is >= 200 and < 1000 ? (byte)0 : (byte)255);
        IReadOnlyList<CleanPage> pages = new PageDecoder(new ImagingOptions()).Decode(png, "bar.png");
        Assert.AreEqual(1, pages.Count);
        using CleanPage page = pages[0];

        VisibleImage image = page.CopyOcrImage();

        Assert.AreEqual((VisibleImageEncoding.Raw, 1, 8), (image.Encoding, image.Components, image.BitsPerComponent));
        Assert.AreEqual(image.Width * image.Height, image.Data.Length, "8-bit rows without padding");
        ReadOnlySpan<byte> samples = image.Data.Span;
        int dark = 0;
        int darkRowsTop = int.MaxValue, darkRowsBottom = -1;
        for (int y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<byte> row = samples.Slice(y * image.Width, image.Width);
            int inRow = CountDark(row);
            if (inRow > 0)
            {
                dark += inRow;
                darkRowsTop = Math.Min(darkRowsTop, y);
                darkRowsBottom = y;
            }
        }

        Assert.IsTrue(dark > 0, "the bar is in the OCR image");
        (int _, int top, int _, int bottom) = page.MapOcrToVisible(0, darkRowsTop, image.Width, darkRowsBottom + 1);
        Assert.IsTrue(Math.Abs(top - 800) <= 8 && Math.Abs(bottom - 860) <= 8, $"the bar maps back to rows {top} to {bottom} of the page, not 800 to 860");

        page.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => page.CopyOcrImage());
    }

    private static int CountDark(ReadOnlySpan<byte> row)
    {
        int count = 0;
        foreach (byte sample in row)
        {
            count += sample < 128 ? 1 : 0;
        }

        return count;
    }
}

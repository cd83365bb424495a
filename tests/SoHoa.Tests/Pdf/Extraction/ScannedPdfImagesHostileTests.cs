using System.IO.Compression;
using System.Text;
using SoHoa.Pdf.Extraction;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Extraction;

/// <summary>Image sizes and streams a hostile PDF declares are checked before anything is sized by them.</summary>
[TestClass]
public sealed class ScannedPdfImagesHostileTests
{
    [TestMethod]
    public void Extract_RowTooLongForAnInt_RefusedAsTruncated()
    {
        // 100,000,000 RGB pixels in one row: 2.4 billion bits, past int; the stream holds a few bytes.
        byte[] pdf = OneImage("/Width 100000000 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8", Deflate(new byte[64]));

        var error = Assert.ThrowsExactly<ScannedPdfException>(() => ScannedPdfImages.Extract(pdf, maxPages: 10, maxPixelsPerPage: 150_000_000));

        Assert.AreEqual("image.truncated", error.Rule);
    }

    [TestMethod]
    public void Extract_SmallImageWhoseStreamInflatesFarBeyondItsSize_RefusedAsCorrupt()
    {
        // A 100×100 gray image needs 10,000 bytes; its stream inflates to 16 MiB.
        byte[] pdf = OneImage("/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8", Deflate(new byte[16 * 1024 * 1024]));

        var error = Assert.ThrowsExactly<ScannedPdfException>(() => ScannedPdfImages.Extract(pdf, maxPages: 10, maxPixelsPerPage: 150_000_000));

        Assert.AreEqual("pdf.corrupt", error.Rule);
    }

    [TestMethod]
    public void Extract_ImageOfExactlyItsSize_ComesOutAsPng()
    {
        byte[] pdf = OneImage("/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8", Deflate(new byte[10_000]));

        var pages = ScannedPdfImages.Extract(pdf, maxPages: 10, maxPixelsPerPage: 150_000_000);

        Assert.AreEqual(1, pages.Count);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, pages[0].ImageFile[..4]);
    }

    private static byte[] OneImage(string entries, byte[] deflated) => TestPdfBuilder.Build(
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 4 0 R >> >> >>",
        $"<< /Type /XObject /Subtype /Image {entries} /Filter /FlateDecode /Length {deflated.Length} >>\nstream\n{Encoding.Latin1.GetString(deflated)}\nendstream",
    ]);

    private static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }
}

using System.IO.Compression;
using System.Text;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>A document's streams share one decode budget, so that many small streams inflating to a lot each cannot exhaust memory.</summary>
[TestClass]
public sealed class DecodeBudgetTests
{
    [TestMethod]
    public void DecodeStream_StreamsTogetherOverTheBudget_FailsOnTheOneThatCrossesIt()
    {
        PdfFileReader reader = PdfFileReader.Open(Bombs(count: 4, inflatedEach: 300_000), decodeBudget: 1_000_000);

        byte[][] decoded = [.. Enumerable.Range(5, 3).Select(n => reader.DecodeStream((PdfStream)reader.GetObject(n)))];
        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => reader.DecodeStream((PdfStream)reader.GetObject(8)));

        Assert.IsTrue(decoded.All(d => d.Length == 300_000));
        StringAssert.Contains(error.Message, "decode budget");
        Assert.ThrowsExactly<PdfSyntaxException>(() => reader.DecodeStream((PdfStream)reader.GetObject(5)), "a spent budget stays spent");
    }

    [TestMethod]
    public void DecodeStream_WithinTheBudget_ChargesWhatItDecoded()
    {
        PdfFileReader reader = PdfFileReader.Open(Bombs(count: 2, inflatedEach: 1000), decodeBudget: 10_000);
        var stream = (PdfStream)reader.GetObject(5);
        long before = reader.DecodeBudgetLeft;

        reader.DecodeStream(stream);

        Assert.AreEqual(before - 1000, reader.DecodeBudgetLeft);
    }

    [TestMethod]
    public void Verify_DssFullOfDecompressionBombs_ReportsInsteadOfThrowing()
    {
        // A catalog whose DSS lists 40 streams that each inflate to 16 MiB: 640 MiB, past the default budget of 512 MiB.
        byte[] pdf = Bombs(count: 40, inflatedEach: 16 * 1024 * 1024, dss: true);

        VerificationReport report = new PdfSignatureVerifier(new SignatureVerifierOptions()).Verify(pdf);

        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Problems.Any(p => p.Code == "pdf.unreadable" && p.Message.Contains("decode budget", StringComparison.Ordinal)), string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    /// <summary>A one-page document whose objects 5 and on are Flate streams of zeros, each inflating to <paramref name="inflatedEach"/> bytes.</summary>
    private static byte[] Bombs(int count, int inflatedEach, bool dss = false)
    {
        byte[] deflated;
        using (var buffer = new MemoryStream())
        {
            using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(new byte[inflatedEach]);
            }

            deflated = buffer.ToArray();
        }

        string streams = string.Join(' ', Enumerable.Range(5, count).Select(n => $"{n} 0 R"));
        var bodies = new List<string>
        {
            dss ? $"<< /Type /Catalog /Pages 2 0 R /DSS << /Certs [{streams}] >> >>" : "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            "<< /Producer (bombs) >>",
        };
        string latin = Encoding.Latin1.GetString(deflated);
        bodies.AddRange(Enumerable.Range(0, count).Select(_ => $"<< /Length {deflated.Length} /Filter /FlateDecode >>\nstream\n{latin}\nendstream"));
        return TestPdfBuilder.Build(bodies, "/Root 1 0 R /Info 4 0 R");
    }
}

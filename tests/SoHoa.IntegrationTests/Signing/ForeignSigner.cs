using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>Signs PDFs as another agency's system would, without SoHoa's CMS builder: what a signed input to the pipeline looks like.</summary>
internal static class ForeignSigner
{
    /// <summary>
    /// Signs like another agency's system: adbe.pkcs7.detached made by openssl over the byte ranges, its outer layers
    /// re-encoded as BER with indefinite lengths (as streaming encoders write them; openssl -stream would attach the
    /// content), and zero padding after it.
    /// </summary>
    public static byte[] Sign(byte[] pdf, string signer)
    {
        var signature = new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("Filter", new PdfName("Adobe.PPKLite"))
            .Set("SubFilter", new PdfName("adbe.pkcs7.detached"))
            .Set("M", new PdfString("D:20261122080000+07'00'"u8));
        (byte[] prepared, long start, long end) = PadesSigner.Prepare(PdfFileReader.Open(pdf), signature, 16 * 1024, "Foreign");
        string dir = TestEnvironment.NewDirectory("foreign");
        string data = Path.Combine(dir, "signed.bin");
        string output = Path.Combine(dir, "sig.ber");
        File.WriteAllBytes(data, [.. prepared.AsSpan(0, (int)start), .. prepared.AsSpan((int)end)]);
        ExternalTool.Succeed("openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in", data, "-out", output,
            "-signer", Path.Combine(Pki.Directory, signer + ".pem"), "-inkey", Path.Combine(Pki.Directory, signer + ".key"), "-certfile", Pki.IssuingCertificate);
        byte[] ber = Indefinite(File.ReadAllBytes(output), depth: 3);
        Assert.AreEqual(0x80, ber[1], "the outer SEQUENCE must have an indefinite length, which is what this test is about");
        Encoding.ASCII.GetBytes(Convert.ToHexString(ber), prepared.AsSpan((int)start + 1));
        return prepared;
    }

    /// <summary>Re-encodes the first constructed element of each of the outer <paramref name="depth"/> levels with an indefinite length (X.690 8.1.3.6).</summary>
    private static byte[] Indefinite(byte[] der, int depth)
    {
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
        byte[] element = reader.ReadEncodedValue().ToArray();
        int headerLength = element[1] < 0x80 ? 2 : 2 + (element[1] & 0x7F);
        byte[] content = element[headerLength..];
        if (depth > 1)
        {
            // Only the first child goes deeper (ContentInfo -> [0] -> SignedData); the rest is copied as is.
            var inner = new System.Formats.Asn1.AsnReader(content, System.Formats.Asn1.AsnEncodingRules.BER);
            var parts = new List<byte>();
            bool first = true;
            while (inner.HasData)
            {
                byte[] child = inner.ReadEncodedValue().ToArray();
                bool constructed = (child[0] & 0x20) != 0;
                parts.AddRange(first && constructed || (depth == 3 && constructed && child[0] == 0xA0) ? Indefinite(child, depth - 1) : child);
                first = false;
            }

            content = [.. parts];
        }

        return [element[0], 0x80, .. content, 0x00, 0x00];
    }
}

using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SoHoa.Tests.Pdf.Syntax;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Http;
using SoHoa.Signing.Timestamping;
using SoHoa.Signing.Verification;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>Signers, verifiers and checks against the test PKI and its loopback OCSP, CRL and TSA endpoints.</summary>
internal static class SigningSupport
{
    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static readonly HttpRetryOptions NoWaitRetry = new() { FirstDelay = TimeSpan.Zero };

    public static TestPki Pki => TestEnvironment.Pki;

    public static SignatureRequest Request { get; } = new("Số hóa hồ sơ 000.00.01.H12-261122-0001", "UBND huyện Phụng Hiệp");

    public static CertificateKey Key(string pfx) => CertificateKey.FromPkcs12(pfx, TestPki.Password);

    public static PadesSigner Signer(ISignatureKey key, PadesLevel level, Uri? tsa = null)
    {
        var options = new PadesSignerOptions { Level = level };
        if (level >= PadesLevel.BaselineT)
        {
            options.TimestampClient = new HttpTimestampClient(Http, tsa ?? Pki.TsaUrl, NoWaitRetry);
        }

        if (level >= PadesLevel.BaselineLT)
        {
            options.RevocationFetcher = new RevocationFetcher(Http, NoWaitRetry);
            options.TrustAnchors.Add(X509CertificateLoader.LoadCertificateFromFile(Pki.RootCertificate));
        }

        return new PadesSigner(key, options);
    }

    public static PdfSignatureVerifier Verifier(bool online = false, TimeProvider? time = null)
    {
        var options = new SignatureVerifierOptions().Trust(Pki.RootCertificate);
        if (online)
        {
            var limits = new RevocationFetcherOptions();
            limits.AllowedUrlPrefixes.Add(Pki.Server.BaseUrl + "/");
            options.RevocationFetcher = new RevocationFetcher(Http, NoWaitRetry, limits);
        }

        return new PdfSignatureVerifier(options, time);
    }

    public static byte[] Document(int pages = 1) => TestPdfBuilder.BuildDocument(pages);

    public static async Task<byte[]> SignAsync(byte[] pdf, string pfx, PadesLevel level)
    {
        using CertificateKey key = Key(pfx);
        return await Signer(key, level).SignAsync(pdf, Request);
    }

    public static string Save(byte[] pdf, string name)
    {
        string path = Path.Combine(TestEnvironment.NewDirectory("sig"), name);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    public static void AssertPrefix(byte[] earlier, byte[] later)
    {
        Assert.IsTrue(later.Length > earlier.Length, "The later revision is not longer than the earlier one.");
        Assert.IsTrue(later.AsSpan(0, earlier.Length).SequenceEqual(earlier), "The earlier revision's bytes are not an exact prefix of the later file.");
    }

    public static string Describe(VerificationReport report) =>
        string.Join("\n", report.Problems.Select(p => $"file {p.Code}: {p.Message}")
            .Concat(report.Signatures.SelectMany(s => s.Problems.Select(p => $"{s.FieldName} {p.Code}{(p.IsError ? string.Empty : " (warning)")}: {p.Message}")
                .Concat(s.ChangesAfter.Where(c => !c.Allowed).Select(c => $"{s.FieldName} change r{c.Revision} obj {c.ObjectNumber}: {c.What}{(c.Reason.Length > 0 ? " (" + c.Reason + ")" : string.Empty)}")))));

    public static ToolRun Pdfsig(string path) => ExternalTool.Run("pdfsig", "-nssdir", "sql:" + Pki.NssDirectory, path);

    /// <summary>The independent checkers accept the signed file at <paramref name="path"/>: <c>qpdf --check</c> passes, and pdfsig finds no invalid signature and a trusted certificate.</summary>
    public static void AssertIndependentToolsAccept(string path)
    {
        ExternalTool.Succeed("qpdf", "--check", path);
        ToolRun pdfsig = Pdfsig(path);
        StringAssert.Contains(pdfsig.Output, "Signature is Valid.");
        Assert.IsFalse(pdfsig.Output.Contains("Signature is Invalid", StringComparison.Ordinal), pdfsig.Output);
        StringAssert.Contains(pdfsig.Output, "Certificate is Trusted.");
    }

    /// <summary>The /Contents (DER or BER, padding trimmed by openssl itself) and the signed bytes of the signature dictionary <paramref name="index"/> in file order.</summary>
    public static (byte[] Contents, byte[] Signed) Extract(byte[] pdf, int index)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var signatures = new List<PdfDictionary>();
        for (int n = 1; n <= reader.MaxObjectNumber; n++)
        {
            if (reader.GetXrefEntry(n, null, out _) is { IsInUse: true } && reader.GetObject(n) is PdfDictionary d && d.ContainsKey("ByteRange"))
            {
                signatures.Add(d);
            }
        }

        PdfDictionary signature = signatures.OrderBy(s => s.GetArray("ByteRange")!.GetInt(1)).ElementAt(index);
        long[] range = signature.GetArray("ByteRange")!.Select(v => ((PdfInteger)v).Value).ToArray();
        byte[] signed = [.. pdf.AsSpan(0, (int)range[1]), .. pdf.AsSpan((int)range[2], (int)range[3])];
        return (signature.GetString("Contents")!.Bytes.ToArray(), signed);
    }

    /// <summary>
    /// Signs like another agency's system: adbe.pkcs7.detached made by openssl over the byte ranges, its outer layers
    /// re-encoded as BER with indefinite lengths (as streaming encoders write them; openssl -stream would attach the
    /// content), and zero padding after it. <paramref name="reference"/> becomes the signature's /Reference (DocMDP or
    /// FieldMDP transforms) and <paramref name="fieldLock"/> its field's /Lock, as other tools write them.
    /// </summary>
    /// <para>
    /// <paramref name="subFilter"/>, <paramref name="digest"/> and <paramref name="opensslOptions"/> (such as <c>-cades</c>,
    /// which with SHA-1 adds the signing-certificate v1 attribute, or <c>-nodetach</c>) make the other shapes foreign signers write.
    /// </para>
    public static byte[] SignWithOpenssl(byte[] pdf, string signer, PdfDictionary? reference = null, PdfDictionary? fieldLock = null,
        string subFilter = "adbe.pkcs7.detached", string digest = "sha256", params string[] opensslOptions)
    {
        var signature = new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("Filter", new PdfName("Adobe.PPKLite"))
            .Set("SubFilter", new PdfName(subFilter))
            .Set("M", new PdfString("D:20261122080000+07'00'"u8));
        if (reference is not null)
        {
            signature.Set("Reference", PdfArray.Of(reference));
        }

        (byte[] prepared, long start, long end) = PadesSigner.Prepare(PdfFileReader.Open(pdf), signature, 16 * 1024, "Foreign", fieldLock: fieldLock);
        string dir = TestEnvironment.NewDirectory("foreign");
        string data = Path.Combine(dir, "signed.bin");
        string output = Path.Combine(dir, "sig.ber");
        File.WriteAllBytes(data, [.. prepared.AsSpan(0, (int)start), .. prepared.AsSpan((int)end)]);
        ExternalTool.Succeed("openssl", ["cms", "-sign", "-binary", "-outform", "DER", "-md", digest, .. opensslOptions, "-in", data, "-out", output,
            "-signer", Path.Combine(Pki.Directory, signer + ".pem"), "-inkey", Path.Combine(Pki.Directory, signer + ".key"), "-certfile", Pki.IssuingCertificate]);
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

    public static byte[] TrimDer(byte[] contents) => new System.Formats.Asn1.AsnReader(contents, System.Formats.Asn1.AsnEncodingRules.BER).ReadEncodedValue().ToArray();

    public static SignedCms DecodeCms(byte[] contents)
    {
        var cms = new SignedCms();
        cms.Decode(TrimDer(contents));
        return cms;
    }
}

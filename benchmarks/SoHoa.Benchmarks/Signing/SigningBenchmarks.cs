using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using SoHoa.IntegrationTests.Support;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Timestamping;
using SoHoa.Signing.Verification;

namespace SoHoa.Benchmarks.Signing;

/// <summary>
/// Signatures per second at B-B and B-T (the TSA is the tests' loopback endpoint running <c>openssl ts -reply</c> per
/// request), and the verifier's time, for a 1-page and a 20-page document whose pages each carry 150 KB of image data.
/// The B-LT file's DSS holds an OCSP response (the officer's, from the issuing CA) and a CRL (the issuing CA's, from
/// the root), so verifying it parses and checks both offline.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly HttpClient Http = new();
    private TestPki _pki = null!;
    private CertificateKey _key = null!;
    private PadesSigner _signerB = null!;
    private PadesSigner _signerT = null!;
    private PdfSignatureVerifier _verifier = null!;
    private byte[] _document = null!;
    private byte[] _signedB = null!;
    private byte[] _signedT = null!;
    private byte[] _signedLt = null!;
    private readonly SignatureRequest _request = new("Số hóa hồ sơ", "UBND huyện Phụng Hiệp");

    [Params(1, 20)]
    public int Pages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string directory = Path.Combine(Path.GetTempPath(), "sohoa-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _pki = TestPki.Create(directory);
        _key = CertificateKey.FromPkcs12(_pki.OfficerPfx, TestPki.Password);
        _signerB = new PadesSigner(_key);
        _signerT = new PadesSigner(_key, new PadesSignerOptions { Level = PadesLevel.BaselineT, TimestampClient = new HttpTimestampClient(Http, _pki.TsaUrl) });
        _verifier = new PdfSignatureVerifier(new SignatureVerifierOptions().Trust(_pki.RootCertificate));
        _document = Document(Pages);
        _signedB = _signerB.SignAsync(_document, _request).GetAwaiter().GetResult();
        _signedT = _signerT.SignAsync(_document, _request).GetAwaiter().GetResult();
        var ltOptions = new PadesSignerOptions { Level = PadesLevel.BaselineLT, TimestampClient = new HttpTimestampClient(Http, _pki.TsaUrl), RevocationFetcher = new RevocationFetcher(Http) };
        ltOptions.TrustAnchors.Add(X509CertificateLoader.LoadCertificateFromFile(_pki.RootCertificate));
        _signedLt = new PadesSigner(_key, ltOptions).SignAsync(_document, _request).GetAwaiter().GetResult();
        if (_verifier.Verify(_signedLt).Signatures.Single().Level != "B-LT")
        {
            throw new InvalidOperationException("The B-LT benchmark file does not verify at B-LT: the benchmark would not measure revocation parsing.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _pki.Dispose();
        Directory.Delete(_pki.Directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<byte[]> SignBaselineB() => _signerB.SignAsync(_document, _request);

    [Benchmark]
    public Task<byte[]> SignBaselineT() => _signerT.SignAsync(_document, _request);

    [Benchmark]
    public VerificationReport VerifyBaselineB() => _verifier.Verify(_signedB);

    [Benchmark]
    public VerificationReport VerifyBaselineT() => _verifier.Verify(_signedT);

    [Benchmark]
    public VerificationReport VerifyBaselineLT() => _verifier.Verify(_signedLt);

    /// <summary>A classic-xref PDF with <paramref name="pages"/> pages, each drawing a 150 KB image XObject (random bytes standing in for a scan's JPEG).</summary>
    internal static byte[] Document(int pages)
    {
        var output = new MemoryStream();
        var offsets = new List<long>();
        void Write(string s) => output.Write(Encoding.Latin1.GetBytes(s));
        void Object(string body, byte[]? stream = null)
        {
            offsets.Add(output.Position);
            Write(string.Create(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{body}"));
            if (stream is not null)
            {
                Write("\nstream\n");
                output.Write(stream);
                Write("\nendstream");
            }

            Write("\nendobj\n");
        }

        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object($"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{3 + (3 * i)} 0 R"))}] /Count {pages} >>");
        var random = new Random(42);
        for (int i = 0; i < pages; i++)
        {
            int page = 3 + (3 * i);
            Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 {page + 2} 0 R >> >> /Contents {page + 1} 0 R >>");
            byte[] content = "q 595 0 0 842 0 0 cm /Im0 Do Q"u8.ToArray();
            Object($"<< /Length {content.Length} >>", content);
            byte[] image = new byte[150 * 1024];
            random.NextBytes(image);
            Object($"<< /Type /XObject /Subtype /Image /Width 1240 /Height 1754 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {image.Length} >>", image);
        }

        long xref = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f\r\n"));
        foreach (long offset in offsets)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n"));
        }

        Write(string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R /ID [<{Convert.ToHexString(SHA256.HashData(output.ToArray()))[..32]}> <{new string('0', 32)}>] >>\nstartxref\n{xref}\n%%EOF\n"));
        return output.ToArray();
    }
}

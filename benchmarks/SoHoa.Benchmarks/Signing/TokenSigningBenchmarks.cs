using BenchmarkDotNet.Attributes;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;
using SoHoa.Signing.Timestamping;

namespace SoHoa.Benchmarks.Signing;

/// <summary>
/// Issue 14: a 1-page document signed at B-B and B-T with the officer's RSA-2048 key from its PKCS#12 file, and with the
/// same key on a SoftHSM2 token through PKCS#11, side by side in one run. The TSA is the tests' loopback endpoint
/// (<c>openssl ts -reply</c> per request), as in <see cref="SigningBenchmarks"/>. Four signatures at once show what the
/// pooled sessions give a worker that signs its parallel documents with one key.
/// </summary>
[MemoryDiagnoser]
public class TokenSigningBenchmarks
{
    private static readonly HttpClient Http = new();
    private TestPki _pki = null!;
    private ISignatureKey _key = null!;
    private PadesSigner _signerB = null!;
    private PadesSigner _signerT = null!;
    private byte[] _document = null!;
    private string _root = null!;
    private readonly SignatureRequest _request = new("Số hóa hồ sơ", "UBND huyện Phụng Hiệp");

    [Params("pkcs12-file", "softhsm2-token")]
    public string Key { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "sohoa-bench-token-" + Guid.NewGuid().ToString("N")[..8]);
        _pki = TestPki.Create(Path.Combine(_root, "pki"));
        if (Key == "pkcs12-file")
        {
            _key = CertificateKey.FromPkcs12(_pki.OfficerPfx, TestPki.Password);
        }
        else
        {
            SoftHsmTokens.Create(Directory.CreateDirectory(Path.Combine(_root, "softhsm")).FullName, _pki.Directory);
            string pinFile = Path.Combine(_root, "pin");
            File.WriteAllText(pinFile, SoftHsmTokens.OfficerPin);
            var token = Pkcs11SignatureKey.Open(new Pkcs11KeyOptions
            {
                ModulePath = SoftHsmTokens.Module, TokenLabel = SoftHsmTokens.OfficerToken, KeyLabel = "officer", PinFile = pinFile,
            });
            token.Connect();
            _key = token;
        }

        _signerB = new PadesSigner(_key);
        _signerT = new PadesSigner(_key, new PadesSignerOptions { Level = PadesLevel.BaselineT, TimestampClient = new HttpTimestampClient(Http, _pki.TsaUrl) });
        _document = SigningBenchmarks.Document(1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ((IDisposable)_key).Dispose();
        _pki.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<byte[]> SignBaselineB() => _signerB.SignAsync(_document, _request);

    [Benchmark]
    public Task<byte[]> SignBaselineT() => _signerT.SignAsync(_document, _request);

    /// <summary>Four B-B signatures at once through one key, as a worker's parallel documents reach it: the token's sessions are pooled.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public Task SignBaselineB_FourAtOnce() => Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _signerB.SignAsync(_document, _request))));
}

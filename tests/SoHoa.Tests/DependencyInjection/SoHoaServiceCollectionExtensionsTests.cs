using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Pipeline;
using SoHoa.Reuse;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.DependencyInjection;

/// <summary>Issue 13: <c>AddSoHoa</c> validates its options, the signer's and the verifier's through the options system, at a host's start.</summary>
[TestClass]
public sealed class SoHoaServiceCollectionExtensionsTests
{
    private static X509Certificate2 _anchor = null!;
    private TempDirectory _folder = null!;

    [ClassInitialize]
    public static void MakeAnchor(TestContext context)
    {
        using var key = RSA.Create(2048);
        _anchor = new CertificateRequest("CN=SoHoa DI test root", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [ClassCleanup]
    public static void DisposeAnchor() => _anchor.Dispose();

    [TestInitialize]
    public void MakeFolder() => _folder = new TempDirectory();

    [TestCleanup]
    public void DeleteFolder() => _folder.Dispose();

    [TestMethod]
    public void AddSoHoa_BadOptions_FailAtStartListingEveryProblem()
    {
        using ServiceProvider provider = new ServiceCollection()
            .Configure<SignatureVerifierOptions>(o => o.TrustAnchors.Add(_anchor))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = string.Empty;
                o.Ocr.Languages = "vie;rm -rf";
                o.Ocr.EngineCount = 0;
                o.Imaging.MaxPixelsPerPage = 0;
            })
            .BuildServiceProvider();

        var atStart = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var resolved = Assert.ThrowsExactly<SoHoaException>(() => provider.GetRequiredService<PageDecoder>());

        Assert.AreEqual(typeof(SoHoaOptions), atStart.OptionsType);
        Assert.AreEqual(4, atStart.Failures.Count(), string.Join("\n", atStart.Failures));
        Assert.AreEqual(SoHoaErrorCode.Configuration, resolved.Code);
        foreach (string failure in atStart.Failures)
        {
            StringAssert.Contains(resolved.Message, "  - " + failure);
        }
    }

    [TestMethod]
    public void AddSoHoa_VerifierWithoutTrustAnchors_IsAConfigurationError()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddSoHoa(o => Usable(o))
            .BuildServiceProvider();

        var atStart = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var verifier = Assert.ThrowsExactly<SoHoaException>(() => provider.GetRequiredService<PdfSignatureVerifier>());
        var reuse = Assert.ThrowsExactly<SoHoaException>(() => provider.GetRequiredService<ReuseService>());

        Assert.AreEqual(typeof(SignatureVerifierOptions), atStart.OptionsType);
        StringAssert.Contains(atStart.Message, "SignatureVerifierOptions.TrustAnchors is empty");
        Assert.AreEqual(SoHoaErrorCode.Configuration, verifier.Code);
        StringAssert.Contains(verifier.Message, "services.Configure<SignatureVerifierOptions>(o => o.Trust(");
        StringAssert.Contains(reuse.Message, "SignatureVerifierOptions.TrustAnchors is empty");
    }

    [TestMethod]
    public void AddSoHoa_RegisteredVerifierOptionsWithoutAnchors_AreHeldToTheSameRule()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton(new SignatureVerifierOptions())
            .AddSoHoa(o => Usable(o))
            .BuildServiceProvider();

        Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.AreEqual(SoHoaErrorCode.Configuration, Assert.ThrowsExactly<SoHoaException>(() => provider.GetRequiredService<PdfSignatureVerifier>()).Code);
    }

    [TestMethod]
    public void AddSoHoa_OwnVerifierWithoutAnchors_IsTheCallersChoice()
    {
        var own = new PdfSignatureVerifier(new SignatureVerifierOptions());
        using ServiceProvider provider = new ServiceCollection()
            .AddSoHoa(o => Usable(o))
            .AddSingleton(own)
            .BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.AreSame(own, provider.GetRequiredService<PdfSignatureVerifier>());
    }

    [TestMethod]
    public void AddSoHoa_SignerOptionsForALevelWithoutItsServices_FailAtStart()
    {
        using ServiceProvider provider = new ServiceCollection()
            .Configure<SignatureVerifierOptions>(o => o.TrustAnchors.Add(_anchor))
            .Configure<PadesSignerOptions>(o => o.Level = PadesLevel.BaselineLT)
            .AddSoHoa(o => Usable(o))
            .BuildServiceProvider();

        var atStart = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.AreEqual(typeof(PadesSignerOptions), atStart.OptionsType);
        Assert.AreEqual(2, atStart.Failures.Count(), string.Join("\n", atStart.Failures));
    }

    [TestMethod]
    public void AddSoHoa_MissingTesseractModel_IsANativeComponentError()
    {
        using ServiceProvider provider = new ServiceCollection()
            .Configure<SignatureVerifierOptions>(o => o.TrustAnchors.Add(_anchor))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = _folder.Path;
                o.Ocr.DataPath = _folder.Path;
            })
            .BuildServiceProvider();

        var error = Assert.ThrowsExactly<SoHoaException>(() => provider.GetRequiredService<PageDecoder>());

        Assert.AreEqual(SoHoaErrorCode.NativeComponent, error.Code, error.Message);
        StringAssert.Contains(error.Message, "apt-get install tesseract-ocr-vie");
    }

    [TestMethod]
    public void ThrowIfInvalid_WrongSettingThatMentionsAptGet_IsAConfigurationError()
    {
        // The error code follows what is wrong, not the words of the message: "apt-get" here is a malformed language list.
        var options = new SoHoaOptions { StoreDirectory = _folder.Path, Ocr = { Languages = "apt-get" } };

        var error = Assert.ThrowsExactly<SoHoaException>(options.ThrowIfInvalid);

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code, error.Message);
        StringAssert.Contains(error.Message, "Languages 'apt-get' must be Tesseract language codes");
    }

    [TestMethod]
    public void ThrowIfInvalid_MissingSignatureFont_IsANativeComponentError()
    {
        var options = new SoHoaOptions { StoreDirectory = _folder.Path, Ocr = { DataPath = WithModel() } };
        options.Signing.Officer = SignatureAppearance.TopLeft with { FontPath = Path.Combine(_folder.Path, "missing.ttf") };

        var error = Assert.ThrowsExactly<SoHoaException>(options.ThrowIfInvalid);

        Assert.AreEqual(SoHoaErrorCode.NativeComponent, error.Code, error.Message);
        StringAssert.Contains(error.Message, "apt-get install fonts-dejavu-core");
    }

    [TestMethod]
    public void AddSoHoa_UsableRegistration_StartsAndResolvesThePipeline()
    {
        if (new OcrOptions().Validate() is { Count: > 0 } missing)
        {
            Assert.Inconclusive("Tesseract's Vietnamese model is not installed here: " + string.Join(" ", missing));
        }

        using var key = RSA.Create(2048);
        using X509Certificate2 certificate = new CertificateRequest("CN=SoHoa DI test officer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string pfx = _folder.Write("officer.p12", certificate.Export(X509ContentType.Pfx, "test"));
        using CertificateKey officer = CertificateKey.FromPkcs12(pfx, "test");
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton<ISignatureKey>(officer)
            .Configure<SignatureVerifierOptions>(o => o.TrustAnchors.Add(_anchor))
            .AddSoHoa(o => o.StoreDirectory = _folder.Path)
            .BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsNotNull(provider.GetRequiredService<DigitizationPipeline>());
    }

    private void Usable(SoHoaOptions options)
    {
        options.StoreDirectory = _folder.Path;
        options.Ocr.DataPath = WithModel();
    }

    /// <summary>A model folder that passes the options' check (the file is there; nothing reads it in these tests).</summary>
    private string WithModel()
    {
        string folder = Path.Combine(_folder.Path, "tessdata");
        _folder.Write("tessdata/vie.traineddata", []);
        return folder;
    }
}

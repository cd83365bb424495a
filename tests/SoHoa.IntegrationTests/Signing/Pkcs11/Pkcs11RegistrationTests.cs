using Microsoft.Extensions.DependencyInjection;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Pkcs11;

/// <summary>Issue 14 through <c>AddSoHoa</c>: token keys named in <see cref="SoHoaOptions"/>, checked when the pipeline is built.</summary>
[TestClass]
public sealed class Pkcs11RegistrationTests
{
    [TestMethod]
    public async Task AddSoHoa_OfficerAndSealKeysOnTokens_SignEachDocumentTwice()
    {
        await using ServiceProvider services = new ServiceCollection()
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = TestEnvironment.NewDirectory("p11-di");
                o.OfficerKey = SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin);
                o.SealKey = SoftHsm.Key(SoftHsm.SealToken, "seal", SoftHsm.SealPin);
            })
            .BuildServiceProvider();
        _ = services.GetRequiredService<DigitizationPipeline>();
        DocumentSigners signers = services.GetRequiredService<DocumentSigners>();

        byte[] signed = await signers.SignAsync(Document(), Request, Request);

        Assert.IsTrue(signers.HasSeal);
        VerificationReport report = Verifier().Verify(signed);
        Assert.IsTrue(report.IsValid, Describe(report));
        CollectionAssert.AreEqual(
            new[] { "CN=Nguyen Thi Test Officer, O=UBND huyen Phung Hiep, C=VN", "CN=UBND huyen Phung Hiep (Test Seal), O=UBND huyen Phung Hiep, C=VN" },
            report.Signatures.Select(s => s.Signer).ToArray());
    }

    [TestMethod]
    public void AddSoHoa_UnusableTokenKeys_EveryProblemReportedWhenThePipelineIsBuilt()
    {
        using CertificateKey registered = Key(Pki.OfficerPfx);
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ISignatureKey>(registered)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = TestEnvironment.NewDirectory("p11-di-bad");
                o.OfficerKey = SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin);
                o.SealKey = new Pkcs11KeyOptions { ModulePath = "/nonexistent/hsm.so", TokenLabel = "seal", KeyLabel = "seal" };
            })
            .BuildServiceProvider();

        var error = Assert.ThrowsExactly<SoHoaException>(() => services.GetRequiredService<DigitizationPipeline>());

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
        StringAssert.Contains(error.Message, "OfficerKey: an ISignatureKey for the officer is registered as well");
        StringAssert.Contains(error.Message, "SealKey.ModulePath: the PKCS#11 module '/nonexistent/hsm.so' does not exist.");
    }

    [TestMethod]
    public void AddSoHoa_NoOfficerKeyAnywhere_SaysHowToGiveOne()
    {
        using ServiceProvider services = new ServiceCollection()
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o => o.StoreDirectory = TestEnvironment.NewDirectory("p11-di-none"))
            .BuildServiceProvider();

        var error = Assert.ThrowsExactly<SoHoaException>(() => services.GetRequiredService<DigitizationPipeline>());

        StringAssert.Contains(error.Message, "No signing key for the officer: set SoHoaOptions.OfficerKey (a PKCS#11 token) or register an ISignatureKey.");
    }
}

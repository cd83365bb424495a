using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>
/// Online revocation fetching against the test PKI's real OCSP responder and CRL server: answers are read only up to a
/// limit, the caller's cancellation is honoured, and a verifier fetches only from allowed URL prefixes, since the URLs
/// come from certificates inside the file being verified.
/// </summary>
[TestClass]
public sealed class RevocationFetchLimitsTests
{
    [TestMethod]
    public async Task AddChainAsync_AnswersLongerThanTheLimit_AreRefusedWithTheReason()
    {
        var limits = new RevocationFetcherOptions { MaxOcspResponseBytes = 100, MaxCrlBytes = 100 };
        using CertificateKey officer = Key(Pki.OfficerPfx);

        var error = await Assert.ThrowsExactlyAsync<SoHoaException>(() =>
            new RevocationFetcher(Http, NoWaitRetry, limits).AddChainAsync(Chain(officer), new ValidationMaterial()));

        StringAssert.Contains(error.Message, "more than the 100 allowed");
    }

    [TestMethod]
    public async Task AddChainAsync_CallerCancels_CancellationIsPassedOnNotTurnedIntoAnOutage()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            new RevocationFetcher(Http, NoWaitRetry).AddChainAsync(Chain(officer), new ValidationMaterial(), cancelled.Token));
    }

    [TestMethod]
    public async Task VerifyAsync_UrlsOutsideTheAllowList_AreNeverRequested()
    {
        byte[] signed = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB);
        var limits = new RevocationFetcherOptions();
        limits.AllowedUrlPrefixes.Add("http://ocsp.example.invalid/");
        var options = new SignatureVerifierOptions { RevocationFetcher = new RevocationFetcher(Http, NoWaitRetry, limits) }.Trust(Pki.RootCertificate);
        int before = Pki.Server.RequestCount;

        VerificationReport report = await new PdfSignatureVerifier(options).VerifyAsync(signed);

        Assert.AreEqual(before, Pki.Server.RequestCount, "the verifier contacted a URL that is not allowed");
        Assert.AreNotEqual("good", report.Signatures[0].Revocation?.Split(' ')[0], Describe(report));
    }

    [TestMethod]
    public async Task VerifyAsync_AllowedPrefix_FetchesAndFindsTheChainGood()
    {
        byte[] signed = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB);
        int before = Pki.Server.RequestCount;

        VerificationReport report = await Verifier(online: true).VerifyAsync(signed);

        Assert.IsTrue(Pki.Server.RequestCount > before, "nothing was fetched from the allowed test PKI");
        StringAssert.StartsWith(report.Signatures[0].Revocation, "good", Describe(report));
    }

    private static X509Certificate2[] Chain(CertificateKey key) => [.. CertificateChains.Build(key.Certificate, [.. key.Chain], [X509CertificateLoader.LoadCertificateFromFile(Pki.RootCertificate)])];
}

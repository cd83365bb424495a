using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>
/// Revocation judged against the best-signature-time, and the TSAs' certificates checked like the signer's: with the
/// test PKI's real OCSP responder, CRLs and TSAs, and certificates issued, revoked or let expire while the test runs.
/// </summary>
[TestClass]
public sealed class RevocationTimeTests
{
    /// <summary>
    /// OCSP and timestamp times have whole seconds: waiting this long puts the next one in a later second. These waits stay
    /// real: the times are set by the test PKI's openssl OCSP responder and TSA, which run on the machine's clock.
    /// </summary>
    private static readonly TimeSpan NextSecond = TimeSpan.FromMilliseconds(1200);

    [TestMethod]
    public async Task Verify_SignerOcspFetchedBeforeTheTimestamp_IsStaleAndNotBaselineLt()
    {
        using CertificateKey key = Key(Pki.OfficerPfx);
        var early = new ValidationMaterial();
        await Fetcher().AddChainAsync(Chain(key.Certificate, [.. key.Chain]), early);
        await Task.Delay(NextSecond);
        byte[] signed = await Signer(key, PadesLevel.BaselineT).SignAsync(Document(), Request);
        var late = new ValidationMaterial();
        await Fetcher().AddChainAsync(Chain(key.Certificate, [.. key.Chain]), late);
        await AddSignatureTsaChainAsync(signed, early);
        await AddSignatureTsaChainAsync(signed, late);

        VerificationReport withEarly = Verifier().Verify(DssRevision.Append(signed, early));
        VerificationReport withLate = Verifier().Verify(DssRevision.Append(signed, late));

        Assert.AreEqual("B-LT", withLate.Signatures[0].Level, Describe(withLate));
        Assert.IsTrue(withEarly.IsValid, Describe(withEarly));
        Assert.AreEqual("B-T", withEarly.Signatures[0].Level, Describe(withEarly));
        Assert.IsFalse(withEarly.Signatures[0].RevocationFromDss);
        VerificationProblem stale = withEarly.Signatures[0].Problems.Single(p => p.Code == "revocation.stale");
        Assert.IsFalse(stale.IsError);
        StringAssert.Contains(stale.Message, "the signer");
        StringAssert.Contains(stale.Message, "B-LT");
        Assert.AreEqual(withEarly.Signatures[0].TimestampTime, withEarly.Signatures[0].BestSignatureTime);
        RevocationInfo? ocsp = OcspMessages.ReadResponse(early.OcspResponses[0], key.Certificate, key.Chain[0], out _);
        Assert.IsTrue(ocsp?.ThisUpdate < withEarly.Signatures[0].TimestampTime && ocsp.NextUpdate > ocsp.ThisUpdate.AddDays(6), "the responder's thisUpdate and nextUpdate (-ndays 7)");
    }

    [TestMethod]
    public async Task VerifyAsync_SignatureTimestampFromRevokedTsa_TimestampProvesNothing()
    {
        using CertificateKey key = Key(Pki.OfficerPfx);
        byte[] signed = await Signer(key, PadesLevel.BaselineT, Pki.RevokedTsaUrl).SignAsync(Document(), Request);

        VerificationReport offline = Verifier().Verify(signed);
        VerificationReport online = await Verifier(online: true).VerifyAsync(signed);

        Assert.AreEqual("B-T", offline.Signatures[0].Level, "offline, nothing says the TSA is revoked: " + Describe(offline));
        Assert.IsTrue(offline.Signatures[0].Problems.Any(p => p.Code == "revocation.missing" && p.Message.Contains("TSA", StringComparison.Ordinal)), Describe(offline));
        SignatureReport signature = online.Signatures[0];
        Assert.IsFalse(online.IsValid, Describe(online));
        Assert.AreEqual("B-B", signature.Level, Describe(online));
        Assert.IsNull(signature.TimestampTime);
        StringAssert.StartsWith(signature.TimestampRevocation, "revoked");
        Assert.IsTrue(signature.Problems.Any(p => p.Code == "revocation.revoked" && p.IsError && p.Message.Contains("Revoked TSA", StringComparison.Ordinal)), Describe(online));
    }

    [TestMethod]
    public async Task VerifyAsync_DocumentTimestampFromRevokedTsa_IsNotValid()
    {
        byte[] signed = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineT);
        using CertificateKey key = Key(Pki.OfficerPfx);
        byte[] archived = await Signer(key, PadesLevel.BaselineT, Pki.RevokedTsaUrl).AppendDocumentTimestampAsync(signed);

        VerificationReport report = await Verifier(online: true).VerifyAsync(archived);

        Assert.IsFalse(report.IsValid, Describe(report));
        Assert.IsTrue(report.Signatures[0].IsValid, Describe(report));
        SignatureReport timestamp = report.Signatures[1];
        Assert.AreEqual("ETSI.RFC3161", timestamp.SubFilter);
        Assert.IsFalse(timestamp.IsValid);
        Assert.IsTrue(timestamp.Problems.Any(p => p.Code == "revocation.revoked" && p.IsError), Describe(report));
    }

    [TestMethod]
    public async Task SignAsync_BaselineLtWithRevokedTsa_RefusesWithRevocationError()
    {
        using CertificateKey key = Key(Pki.OfficerPfx);

        SoHoaException error = await Assert.ThrowsExceptionAsync<SoHoaException>(() => Signer(key, PadesLevel.BaselineLT, Pki.RevokedTsaUrl).SignAsync(Document(), Request));

        Assert.AreEqual(SoHoaErrorCode.Revocation, error.Code);
        StringAssert.Contains(error.Message, "Revoked TSA");
    }

    [TestMethod]
    public async Task VerifyAsync_SignerRevokedAfterTheTimestamp_StaysValidAndSaysSo()
    {
        string pfx = Pki.IssueSigner("revoked-later", DateTimeOffset.UtcNow.AddDays(30));
        byte[] timestamped = await SignAsync(Document(), pfx, PadesLevel.BaselineT);
        byte[] untimestamped = await SignAsync(Document(), pfx, PadesLevel.BaselineB);
        await Task.Delay(NextSecond);
        Pki.Revoke("revoked-later");

        VerificationReport proven = await Verifier(online: true).VerifyAsync(timestamped);
        VerificationReport unproven = await Verifier(online: true).VerifyAsync(untimestamped);

        Assert.IsTrue(proven.IsValid, Describe(proven));
        VerificationProblem warning = proven.Signatures[0].Problems.Single(p => p.Code == "revocation.revoked-after-timestamp");
        Assert.IsFalse(warning.IsError);
        StringAssert.Contains(warning.Message, "stays valid");
        Assert.IsFalse(unproven.IsValid, Describe(unproven));
        Assert.IsTrue(unproven.Signatures[0].Problems.Any(p => p.Code == "revocation.revoked" && p.IsError), Describe(unproven));
    }

    [TestMethod]
    public async Task Verify_CertificateExpiredAfterTheTimestamp_IsValidOnlyWithTheTimestamp()
    {
        // Signed now while the certificate is valid (the TSA and the CMS use the real clock); verified on a clock set past its expiry.
        DateTimeOffset notAfter = DateTimeOffset.UtcNow.AddHours(1);
        string pfx = Pki.IssueSigner("short-lived", notAfter);
        byte[] timestamped = await SignAsync(Document(), pfx, PadesLevel.BaselineT);
        byte[] untimestamped = await SignAsync(Document(), pfx, PadesLevel.BaselineB);
        var afterExpiry = new FakeTimeProvider(notAfter.AddMinutes(1));

        VerificationReport proven = Verifier(time: afterExpiry).Verify(timestamped);
        VerificationReport unproven = Verifier(time: afterExpiry).Verify(untimestamped);

        Assert.IsTrue(proven.IsValid, Describe(proven));
        Assert.IsTrue(proven.Signatures[0].BestSignatureTime < notAfter);
        Assert.IsFalse(unproven.IsValid, Describe(unproven));
        Assert.AreEqual(afterExpiry.GetUtcNow(), unproven.Signatures[0].BestSignatureTime);
        Assert.IsTrue(unproven.Signatures[0].Problems.Any(p => p.Code == "certificate.not-valid-now"), Describe(unproven));
    }

    private static RevocationFetcher Fetcher() => new(Http, NoWaitRetry);

    private static IReadOnlyList<X509Certificate2> Chain(X509Certificate2 leaf, X509Certificate2Collection pool) =>
        CertificateChains.Build(leaf, pool, [X509CertificateLoader.LoadCertificateFromFile(Pki.RootCertificate)]);

    /// <summary>Adds the chain of the TSA that timestamped the (first) signature of <paramref name="signed"/>, and revocation data for it fetched now.</summary>
    private static async Task AddSignatureTsaChainAsync(byte[] signed, ValidationMaterial material)
    {
        var cms = DecodeCms(Extract(signed, 0).Contents);
        var token = new System.Security.Cryptography.Pkcs.SignedCms();
        token.Decode(cms.SignerInfos[0].UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14").Values[0].RawData);
        await Fetcher().AddChainAsync(Chain(token.SignerInfos[0].Certificate!, token.Certificates), material);
    }
}

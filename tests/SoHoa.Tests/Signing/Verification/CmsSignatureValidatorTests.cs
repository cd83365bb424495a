using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Signing.Verification;

[TestClass]
public sealed class CmsSignatureValidatorTests
{
    [TestMethod]
    public void Validate_SignatureOurSignerMade_IsValidWithItsCertificate()
    {
        SignedSample sample = SignedSample.First();
        var problems = new List<VerificationProblem>();

        CmsResult result = CmsSignatureValidator.Validate(sample.Contents, sample.SignedBytes, CmsSignatureValidator.Cades, problems);

        Assert.AreEqual(CmsVerdict.Valid, result.Verdict);
        Assert.IsTrue(result.Intact);
        Assert.IsNotNull(result.Certificate);
        Assert.AreEqual(0, problems.Count);
    }

    [TestMethod]
    public void Validate_OneSignedByteChanged_IsADigestMismatch()
    {
        SignedSample sample = SignedSample.First();
        byte[] signed = sample.SignedBytes;
        signed[^10] ^= 1;
        var problems = new List<VerificationProblem>();

        CmsResult result = CmsSignatureValidator.Validate(sample.Contents, signed, CmsSignatureValidator.Cades, problems);

        Assert.AreEqual(CmsVerdict.DigestMismatch, result.Verdict);
        Assert.IsFalse(result.Intact);
        CollectionAssert.AreEqual(new[] { "digest.mismatch" }, problems.Select(p => p.Code).ToArray());
    }

    [TestMethod]
    public void Validate_SubFilterNotVerified_IsRefusedBeforeReadingTheCms()
    {
        SignedSample sample = SignedSample.First();
        var problems = new List<VerificationProblem>();

        CmsResult result = CmsSignatureValidator.Validate(sample.Contents, sample.SignedBytes, "adbe.x509.rsa_sha1", problems);

        Assert.AreEqual(CmsVerdict.UnsupportedFormat, result.Verdict);
        Assert.IsNull(result.Certificate);
        CollectionAssert.AreEqual(new[] { "subfilter" }, problems.Select(p => p.Code).ToArray());
    }

    [TestMethod]
    public void Validate_ContentsNotACms_IsMalformed()
    {
        var problems = new List<VerificationProblem>();

        CmsResult result = CmsSignatureValidator.Validate([0x30, 0x03, 0x02, 0x01, 0x01], [1, 2, 3], CmsSignatureValidator.Pkcs7, problems);

        Assert.AreEqual(CmsVerdict.Malformed, result.Verdict);
        CollectionAssert.AreEqual(new[] { "cms.malformed" }, problems.Select(p => p.Code).ToArray());
    }

    [TestMethod]
    public void SignatureLevel_OnlyAValidCadesSignatureWithItsCertificateHasOne()
    {
        SignedSample sample = SignedSample.First();
        CmsResult valid = CmsSignatureValidator.Validate(sample.Contents, sample.SignedBytes, CmsSignatureValidator.Cades, []);
        CmsResult pkcs7 = CmsSignatureValidator.Validate(sample.Contents, sample.SignedBytes, CmsSignatureValidator.Pkcs7, []);

        Assert.AreEqual("B-B", PadesLevelValidator.SignatureLevel(CmsSignatureValidator.Cades, valid, provenTime: null));
        Assert.AreEqual("B-T", PadesLevelValidator.SignatureLevel(CmsSignatureValidator.Cades, valid, DateTimeOffset.UnixEpoch));
        Assert.IsNull(PadesLevelValidator.SignatureLevel(CmsSignatureValidator.Pkcs7, pkcs7, DateTimeOffset.UnixEpoch));
    }
}

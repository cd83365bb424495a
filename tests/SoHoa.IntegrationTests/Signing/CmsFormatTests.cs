using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>
/// CMS shapes other signers write, made with openssl: what the verifier must accept (the older signing-certificate
/// attribute), what it must refuse (content encapsulated in a detached signature), and files it cannot read (encrypted).
/// </summary>
[TestClass]
public sealed class CmsFormatTests
{
    [TestMethod]
    public void Verify_CadesWithSigningCertificateV1OverSha1_IsValidB()
    {
        byte[] signed = SignWithOpenssl(Document(), "seal", subFilter: "ETSI.CAdES.detached", digest: "sha1", opensslOptions: "-cades");
        Assert.IsTrue(DecodeCms(Extract(signed, 0).Contents).SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .Any(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.12"), "openssl did not write the signing-certificate (v1) attribute this test is about");

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsTrue(report.IsValid, Describe(report));
        Assert.AreEqual("B-B", report.Signatures[0].Level);
        StringAssert.Contains(Pdfsig(Save(signed, "cades-v1.pdf")).Output, "Signature is Valid.");
    }

    [TestMethod]
    public void Verify_CadesWithoutAnySigningCertificateAttribute_IsRefused()
    {
        byte[] signed = SignWithOpenssl(Document(), "seal", subFilter: "ETSI.CAdES.detached");

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Signatures[0].Problems.Any(p => p.Code == "cades.signing-certificate"), Describe(report));
    }

    [TestMethod]
    public void Verify_DetachedSignatureCarryingEncapsulatedContent_IsRefused()
    {
        byte[] signed = SignWithOpenssl(Document(), "seal", opensslOptions: "-nodetach");

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Signatures[0].Problems.Any(p => p.Code == "cms.encapsulated"), Describe(report));
        Assert.IsFalse(report.Signatures[0].IntegrityValid, Describe(report));
    }

    [TestMethod]
    public async Task Verify_SignedPdfEncryptedAfterwards_IsReportedAsEncrypted()
    {
        string signed = Save(await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB), "to-encrypt.pdf");
        string encrypted = Path.Combine(Path.GetDirectoryName(signed)!, "encrypted.pdf");
        ExternalTool.Succeed("qpdf", "--encrypt", "user-password", "owner-password", "256", "--", signed, encrypted);

        VerificationReport report = Verifier().Verify(File.ReadAllBytes(encrypted));

        Assert.IsFalse(report.IsValid);
        Assert.AreEqual(0, report.Signatures.Count, Describe(report));
        Assert.AreEqual("pdf.encrypted", report.Problems.Single().Code, Describe(report));
    }
}

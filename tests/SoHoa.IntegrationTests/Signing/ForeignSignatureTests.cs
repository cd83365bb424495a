using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>Signatures made by other tools (here openssl over the byte ranges, as NSS- or Adobe-style signers do), stream xrefs, and DocMDP.</summary>
[TestClass]
public sealed class ForeignSignatureTests
{
    [TestMethod]
    public void Verify_OpensslAdbePkcs7DetachedWithIndefiniteLengths_IsValidB()
    {
        byte[] signed = SignWithOpenssl(Document(), "seal");

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsTrue(report.IsValid, Describe(report));
        Assert.AreEqual("adbe.pkcs7.detached", report.Signatures[0].SubFilter);
        StringAssert.Contains(Pdfsig(Save(signed, "foreign.pdf")).Output, "Signature is Valid.");
    }

    [TestMethod]
    public void Verify_ForeignSignatureWithOneByteChanged_IsNotValid()
    {
        byte[] signed = SignWithOpenssl(Document(), "seal");
        int at = Encoding.Latin1.GetString(signed).IndexOf("(Page 1)", StringComparison.Ordinal) + 6;
        signed[at] = (byte)'7';

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Signatures[0].Problems.Any(p => p.Code == "digest.mismatch"), Describe(report));
    }

    [TestMethod]
    public async Task SignAsync_StreamXrefDocumentThenForeignSignature_BothValid()
    {
        string dir = TestEnvironment.NewDirectory("xrefstream");
        string input = Path.Combine(dir, "in.pdf");
        string converted = Path.Combine(dir, "objstm.pdf");
        File.WriteAllBytes(input, Document(2));
        ExternalTool.Succeed("qpdf", "--object-streams=generate", input, converted);
        byte[] original = File.ReadAllBytes(converted);
        Assert.AreEqual(PdfXrefKind.Stream, PdfFileReader.Open(original).LatestRevision.Kind);

        byte[] ours = await SignAsync(original, Pki.OfficerPfx, PadesLevel.BaselineT);
        byte[] both = SignWithOpenssl(ours, "seal");

        AssertPrefix(original, ours);
        AssertPrefix(ours, both);
        VerificationReport report = Verifier().Verify(both);
        Assert.IsTrue(report.IsValid, Describe(report));
        Assert.AreEqual(2, report.Signatures.Count);
        ExternalTool.Succeed("qpdf", "--check", Save(both, "both.pdf"));
    }

    [TestMethod]
    public async Task Verify_CertifiedNoChangesThenSecondSignature_FlagsDocMdp()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        byte[] certified = await new PadesSigner(officer).SignAsync(Document(), Request with { CertifyPermission = 1 });
        byte[] signedAgain = await SignAsync(certified, Pki.SealPfx, PadesLevel.BaselineB);

        VerificationReport certifiedReport = Verifier().Verify(certified);
        VerificationReport report = Verifier().Verify(signedAgain);

        Assert.IsTrue(certifiedReport.IsValid, Describe(certifiedReport));
        Assert.IsFalse(report.IsValid);
        Assert.IsTrue(report.Signatures[1].Problems.Any(p => p.Code == "docmdp.forbidden"), Describe(report));
    }

    [TestMethod]
    public async Task Verify_CertifiedFormFillingThenSecondSignature_IsValid()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        byte[] certified = await new PadesSigner(officer).SignAsync(Document(), Request with { CertifyPermission = 2 });
        byte[] signedAgain = await SignAsync(certified, Pki.SealPfx, PadesLevel.BaselineLTA);

        VerificationReport report = Verifier().Verify(signedAgain);

        Assert.IsTrue(report.IsValid, Describe(report));
    }
}

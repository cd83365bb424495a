using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>
/// Poppler's <c>pdfsig -add-signature</c> signing SoHoa's output, and its own: poppler 22.12 puts its new field only in
/// the page's /Annots (not in the form's /Fields), embeds a font for its appearance, and writes unused objects of
/// generation 1. pdfsig calls every signature valid; so must SoHoa.
/// </summary>
[TestClass]
public sealed class PdfsigInteropTests
{
    private static readonly Lazy<string> SigningDatabase = new(CreateSigningDatabase);

    [TestMethod]
    public async Task Verify_SoHoaOutputSignedAgainByPdfsig_ReportsBothSignaturesValid()
    {
        byte[] ours = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB);

        byte[] both = PdfsigSign(ours, "Seal2");

        AssertPrefix(ours, both);
        AssertBothToolsValid(both, expected: 2);
    }

    [TestMethod]
    public async Task Verify_SoHoaVisibleSignatureSignedAgainByPdfsig_ReportsBothSignaturesValid()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        byte[] ours = await new PadesSigner(officer).SignAsync(Document(), Request with { Appearance = new SignatureAppearance(1, 36, 700, 260, 48) { SignerName = "Nguyễn Thị Thư" } });

        AssertBothToolsValid(PdfsigSign(ours, "Seal2"), expected: 2);
    }

    [TestMethod]
    public void Verify_PdfsigSigningItsOwnOutput_ReportsBothSignaturesValid()
    {
        byte[] once = PdfsigSign(Document(), "First");

        AssertBothToolsValid(PdfsigSign(once, "Second"), expected: 2);
    }

    [TestMethod]
    public async Task Verify_PdfsigSignatureThenPageContentChanged_IsRefused()
    {
        byte[] both = PdfsigSign(await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB), "Seal2");
        byte[] attacked = Attacks.AttackSamples.Append(both, new() { [6] = SoHoa.Tests.Pdf.Syntax.TestPdfBuilder.Stream("BT /F1 24 Tf 72 700 Td (Page 9) Tj ET") });

        VerificationReport report = Verifier().Verify(attacked);

        Assert.IsFalse(report.IsValid);
        Assert.AreEqual(2, report.Signatures.Count, Describe(report));
        Assert.IsTrue(report.Signatures.All(s => s.Problems.Any(p => p.Code == "changed-after-signing")), Describe(report));
    }

    private static void AssertBothToolsValid(byte[] pdf, int expected)
    {
        string path = Save(pdf, "pdfsig.pdf");
        ToolRun pdfsig = ExternalTool.Run("pdfsig", "-no-ocsp", "-nssdir", "sql:" + SigningDatabase.Value, path);
        Assert.AreEqual(expected, pdfsig.StandardOutput.Split("Signature is Valid.").Length - 1, pdfsig.Output);

        VerificationReport report = Verifier().Verify(pdf);
        Assert.AreEqual(expected, report.Signatures.Count, Describe(report));
        Assert.IsTrue(report.IsValid, Describe(report));
    }

    private static byte[] PdfsigSign(byte[] pdf, string field)
    {
        string input = Save(pdf, "in.pdf");
        string output = Path.Combine(Path.GetDirectoryName(input)!, "out.pdf");
        ExternalTool.Succeed("pdfsig", "-nssdir", "sql:" + SigningDatabase.Value, "-add-signature", "-nick", "seal", "-new-signature-field-name", field, input, output);
        return File.ReadAllBytes(output);
    }

    /// <summary>An NSS database holding the seal's key (from its PKCS#12, the password given in a file) and trusting the test root.</summary>
    private static string CreateSigningDatabase()
    {
        string directory = TestEnvironment.NewDirectory("nss-signing");
        string password = Path.Combine(directory, "p12.password");
        File.WriteAllText(password, TestPki.Password);
        ExternalTool.Succeed("certutil", "-N", "-d", "sql:" + directory, "--empty-password");
        ExternalTool.Succeed("pk12util", "-i", Pki.SealPfx, "-d", "sql:" + directory, "-w", password, "-n", "seal");
        ExternalTool.Succeed("certutil", "-A", "-d", "sql:" + directory, "-n", "test-root", "-t", "CT,C,C", "-i", Pki.RootCertificate);
        ExternalTool.Succeed("certutil", "-A", "-d", "sql:" + directory, "-n", "test-issuing", "-t", ",,", "-i", Pki.IssuingCertificate);
        ToolRun nicks = ExternalTool.Succeed("pdfsig", "-nssdir", "sql:" + directory, "-list-nicks");
        StringAssert.Contains(nicks.StandardOutput, "seal", "the seal's key was not imported");
        return directory;
    }
}

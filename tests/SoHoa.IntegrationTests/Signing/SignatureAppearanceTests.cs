using System.Text.RegularExpressions;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>Visible signatures with Vietnamese text: poppler must extract the text, and a later visible signature must not be flagged.</summary>
[TestClass]
public sealed class SignatureAppearanceTests
{
    [TestMethod]
    public async Task SignAsync_VisibleAppearance_PopplerReadsVietnameseText()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        var appearance = new SignatureAppearance(1, 36, 700, 260, 48) { SignerName = "Nguyễn Thị Thư" };
        byte[] signed = await new PadesSigner(officer).SignAsync(Document(), Request with { Appearance = appearance });
        string path = Save(signed, "visible.pdf");

        ExternalTool.Succeed("qpdf", "--check", path);
        ToolRun text = ExternalTool.Succeed("pdftotext", "-layout", path, "-");
        StringAssert.Contains(text.StandardOutput.Normalize(System.Text.NormalizationForm.FormC), "Ký bởi: Nguyễn Thị Thư");
        StringAssert.Contains(text.StandardOutput, "Ngày ký:");
        ToolRun fonts = ExternalTool.Succeed("pdffonts", path);
        StringAssert.Matches(fonts.StandardOutput, new Regex(@"(?m)^[A-Z]{6}\+DejaVuSans\s"), "the subset tag and the font's own PostScript name");
        byte[] invisible = await new PadesSigner(officer).SignAsync(Document(), Request);
        Assert.IsTrue(signed.Length - invisible.Length < 15_000, $"only the glyphs used should be embedded; the appearance adds {signed.Length - invisible.Length} bytes");
        Assert.IsTrue(Verifier().Verify(signed).IsValid);
    }

    [TestMethod]
    public async Task SignAsync_SecondVisibleSignatureOnAnotherPage_FirstStaysValidAndUnflagged()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        using CertificateKey seal = Key(Pki.SealPfx);
        byte[] first = await new PadesSigner(officer).SignAsync(Document(2), Request with { Appearance = SignatureAppearance.TopLeft });
        byte[] second = await new PadesSigner(seal).SignAsync(first, Request with { Appearance = new SignatureAppearance(2, 300, 60, 250, 50) });

        VerificationReport report = Verifier().Verify(second);

        Assert.IsTrue(report.IsValid, Describe(report));
        Assert.IsTrue(report.Signatures[0].ChangesAfter.Any(c => c.What == "signature appearance"), Describe(report));
        StringAssert.Contains(Pdfsig(Save(second, "two-visible.pdf")).Output, "Signature is Valid.");
    }
}

using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>
/// The malicious twins of <see cref="LegitimateLayoutTests"/> (issue 16, "it can be walked around"): the same shapes of
/// update, each changing what the page signed first shows. Each test first checks with poppler that the page (or the
/// title a viewer shows) really differs, then that the verifier refuses the file with "changed-after-signing" on the
/// first signature.
/// </summary>
[TestClass]
public sealed class MaliciousLayoutTests
{
    [TestMethod]
    public async Task Verify_SigningRevisionRedefinesAppearanceThePageAlsoDraws_IsRefused()
    {
        LayoutSample sample = await LayoutAttackSamples.AppearanceDrawnByPageReplacedAsync();

        AssertTextAppears(sample, "Dieu chinh: " + LayoutBase.ForgedAmount);
        AssertRefused(sample);
    }

    [TestMethod]
    [DataRow("xmp")]
    [DataRow("info")]
    [DataRow("info-in-signing-revision")]
    public async Task Verify_TitleChangedAfterSigning_IsRefused(string where)
    {
        LayoutSample sample = await LayoutAttackSamples.TitleChangedAsync(where);

        string before = LayoutChecks.DocumentInfo(sample.SignedOnce);
        string after = LayoutChecks.DocumentInfo(sample.Pdf);
        Assert.IsFalse(before.Contains(LayoutAttackSamples.ForgedTitle, StringComparison.Ordinal), before);
        StringAssert.Contains(after, LayoutAttackSamples.ForgedTitle, "poppler does not read the forged title");
        AssertRefused(sample);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Verify_UnsignedSignatureFieldDrawingOverSignedPage_IsRefused(bool withRealSignature)
    {
        LayoutSample sample = await LayoutAttackSamples.SneakySignatureFieldAsync(withRealSignature);

        AssertTextAppears(sample, LayoutBase.ForgedAmount);
        AssertRefused(sample);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Verify_IndirectAnnotsArrayLosesStampWhileSigning_IsRefused(bool replace)
    {
        LayoutSample sample = await LayoutAttackSamples.AnnotationDroppedFromIndirectArrayAsync(replace);

        StringAssert.Contains(LayoutChecks.PageText(sample.SignedOnce), "DA TIEP NHAN");
        string after = LayoutChecks.PageText(sample.Pdf);
        Assert.IsFalse(after.Contains("DA TIEP NHAN", StringComparison.Ordinal), "the stamp is still shown:\n" + after);
        if (replace)
        {
            StringAssert.Contains(after, "DA HUY");
        }

        AssertRefused(sample);
    }

    [TestMethod]
    public async Task Verify_SigningRevisionFreesStampThePageShows_IsRefused()
    {
        LayoutSample sample = await LayoutAttackSamples.StampFreedWhileSigningAsync();

        // Poppler keeps drawing a freed object, so what the page loses is checked as qpdf reads it.
        Assert.AreNotEqual("null", LayoutChecks.ObjectAsQpdfReadsIt(sample.SignedOnce, LayoutBase.Stamp));
        Assert.AreEqual("null", LayoutChecks.ObjectAsQpdfReadsIt(sample.Pdf, LayoutBase.Stamp), "the stamp annotation is not freed");
        AssertRefused(sample);
    }

    [TestMethod]
    [DataRow("none", false)]
    [DataRow("dss-certs", false)]
    [DataRow("orphan-widget", false)]
    [DataRow("own-signature-appearance", false)]
    [DataRow("none", true)]
    [DataRow("dss-certs", true)]
    [DataRow("orphan-widget", true)]
    [DataRow("own-signature-appearance", true)]
    public async Task Verify_DanglingReferenceOfSignedPageDefinedLater_IsRefused(string cover, bool viaXObject)
    {
        LayoutSample sample = await LayoutAttackSamples.DanglingReferenceDefinedAsync(cover, viaXObject);
        if (viaXObject)
        {
            // Poppler draws the signed page (skipping the missing form) only in this variant; with /Contents [6 0 R 40 0 R] it draws nothing.
            StringAssert.Contains(LayoutChecks.PageText(sample.SignedOnce), LayoutBase.Amount);
        }

        AssertTextAppears(sample, LayoutBase.ForgedAmount);
        AssertRefused(sample);
    }

    [TestMethod]
    [DataRow("dss-certs")]
    [DataRow("objstm")]
    [DataRow("xref")]
    public async Task Verify_PageContentRedefinedInDisguise_IsRefused(string disguise)
    {
        LayoutSample sample = await LayoutAttackSamples.ContentStreamInDisguiseAsync(disguise);

        AssertTextAppears(sample, LayoutBase.ForgedAmount);
        AssertRefused(sample);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Verify_PageContentRedefinedAsSignatureOrTimestamp_IsRefused(bool timestamp)
    {
        LayoutSample sample = await LayoutAttackSamples.ContentStreamClaimsSignatureAsync(timestamp);

        AssertTextAppears(sample, LayoutBase.ForgedAmount);
        AssertRefused(sample);
    }

    [TestMethod]
    public async Task Verify_ObjectStreamSwappedToRepointPageContents_IsRefused()
    {
        LayoutSample sample = await LayoutAttackSamples.ObjectStreamSwappedAsync(font: false);

        StringAssert.Contains(LayoutChecks.PageText(sample.SignedOnce), "Page 2");
        string after = LayoutChecks.PageText(sample.Pdf);
        Assert.IsFalse(after.Contains("Page 2", StringComparison.Ordinal), "the second page still shows its own text:\n" + after);
        AssertRefused(sample);
    }

    [TestMethod]
    public async Task Verify_ObjectStreamSwappedToReplaceFont_IsRefused()
    {
        LayoutSample sample = await LayoutAttackSamples.ObjectStreamSwappedAsync(font: true);

        Assert.IsFalse(LayoutChecks.Fonts(sample.SignedOnce).Contains("Courier", StringComparison.Ordinal));
        StringAssert.Contains(LayoutChecks.Fonts(sample.Pdf), "Courier", "poppler does not draw the page with the swapped font");
        AssertRefused(sample);
    }

    /// <summary>The page text poppler finds shows <paramref name="text"/> only after the attack.</summary>
    private static void AssertTextAppears(LayoutSample sample, string text)
    {
        string before = LayoutChecks.PageText(sample.SignedOnce);
        string after = LayoutChecks.PageText(sample.Pdf);
        Assert.IsFalse(before.Contains(text, StringComparison.Ordinal), "the signed page already shows the forged text:\n" + before);
        StringAssert.Contains(after, text, "the attack does not change what the page shows, so the sample proves nothing");
    }

    private static void AssertRefused(LayoutSample sample)
    {
        AssertPrefix(sample.SignedOnce, sample.Pdf);
        VerificationReport report = Verifier().Verify(sample.Pdf);
        string summary = LayoutChecks.Summary(report);
        Console.WriteLine(summary);
        Assert.IsFalse(report.IsValid, summary);
        Assert.IsTrue(report.Signatures.Count > 0 && report.Signatures[0].Problems.Any(p => p.Code == "changed-after-signing"), summary);
    }
}

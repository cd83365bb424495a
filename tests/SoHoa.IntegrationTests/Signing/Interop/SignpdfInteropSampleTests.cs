using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.Interop.InteropTools;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Interop;

/// <summary>
/// Files @signpdf/signpdf 3.3.0 (npm; placeholder-plain, signer-p12) signs, over a plain document, over SoHoa's output
/// and over its own, and SoHoa over its: pdfsig calls every signature valid, so SoHoa's verifier must count them all and
/// call the file valid.
/// <para>
/// signpdf's update is a classic xref table written with string operations (it cannot read a file whose xref is a
/// stream), one subsection per object, with a trailer that drops /ID: a signature, a merged field and widget
/// (/Rect [0 0 0 0], /F 4, no appearance), the page redefined with the widget added to its /Annots, and either a new
/// AcroForm object (/Type /AcroForm /SigFlags 3 /Fields) or, when it finds the catalog's /AcroForm as a reference to an
/// object containing <c>/Type /AcroForm</c>, that object redefined with the new field added. A catalog whose /AcroForm
/// is a direct dictionary (SoHoa's) is not recognised: signpdf copies the catalog's text and appends a second /AcroForm
/// key pointing to a new form that lists only its own field, named Signature1 like SoHoa's.
/// </para>
/// </summary>
[TestClass]
public sealed class SignpdfInteropSampleTests
{
    [TestMethod]
    public void Verify_SignpdfOverPlainDocument_IsValid()
    {
        byte[] plain = Document();

        byte[] signed = Signpdf(plain, Pki.SealPfx);

        AssertPrefix(plain, signed);
        AssertBothToolsAccept(signed, expected: 1, "signpdf.pdf");
    }

    /// <summary>
    /// signpdf does not recognise SoHoa's direct /AcroForm: its catalog gets a second /AcroForm key for a form listing only
    /// signpdf's field, so SoHoa's field is left in the page's /Annots alone. Nothing a page shows changes, and pdfsig
    /// calls both signatures valid.
    /// </summary>
    [TestMethod]
    public async Task Verify_SoHoaThenSignpdf_DroppingTheEarlierFieldFromTheForm_IsRefusedForTheEarlierSignatureOnly()
    {
        byte[] ours = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB);

        byte[] both = Signpdf(ours, Pki.SealPfx);

        // signpdf does not see the /AcroForm SoHoa writes inside the catalog: it adds a second /AcroForm key pointing at a
        // new form that lists only its own field. SoHoa's field is then missing from the form, which hides its signature
        // from a viewer's signature panel: refused for that signature (pdfsig, which looks at the pages, accepts it).
        AssertPrefix(ours, both);
        VerificationReport report = Verifier().Verify(both);
        Assert.AreEqual(2, report.Signatures.Count, Describe(report));
        Assert.IsFalse(report.Signatures[0].IsValid, Describe(report));
        Assert.IsTrue(report.Signatures[0].ChangesAfter.Any(c => !c.Allowed && c.What.Contains("form", StringComparison.Ordinal)), Describe(report));
        Assert.IsTrue(report.Signatures[1].IsValid, Describe(report));
    }

    [TestMethod]
    public void Verify_SignpdfThenSignpdf_BothSignaturesValid()
    {
        byte[] once = Signpdf(Document(), Pki.OfficerPfx);

        byte[] twice = Signpdf(once, Pki.SealPfx);

        AssertPrefix(once, twice);
        AssertBothToolsAccept(twice, expected: 2, "signpdf-then-signpdf.pdf");
    }

    [TestMethod]
    public async Task Verify_SignpdfThenSoHoa_BothSignaturesValid()
    {
        byte[] theirs = Signpdf(Document(), Pki.OfficerPfx);

        byte[] both = await SignAsync(theirs, Pki.SealPfx, PadesLevel.BaselineB);

        AssertPrefix(theirs, both);
        AssertBothToolsAccept(both, expected: 2, "signpdf-then-sohoa.pdf");
    }
}

using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.Interop.InteropTools;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Interop;

/// <summary>
/// Files poppler's pdfsig 22.12 signs, over SoHoa's output, over its own and into fields prepared before: pdfsig calls
/// every signature valid, so SoHoa's verifier must count them all and call the file valid.
/// <para>
/// What <c>-add-signature</c> appends (a classic xref table, or an xref stream when the file already ends with one): a
/// merged field and widget (/FT /Sig, /Rect [0 0 0 0], /F 148, /AP /N, /AS /N, /V), its signature, an empty appearance
/// stream, two unused empty form XObjects with generation 1, and the first time a Type0 font (its descriptor, a 760 kB
/// font file and a CIDToGIDMap) that the appearance names. It redefines the page (or the page's indirect /Annots array)
/// to add the widget, and the AcroForm to add the field to /Fields, except when the catalog holds the AcroForm as a
/// direct dictionary, as SoHoa writes it: then the catalog is rewritten unchanged and the field is only in the page's
/// /Annots. Its first xref subsection always redefines the free entry 0.
/// </para>
/// <para>
/// What <c>-sign</c> appends for a prepared field: the widget redefined with /V, /AP (a new, empty appearance), /AS and
/// /M, and the old appearance stream redefined with generation 1. For a field whose widget is a kid, /V goes on the kid
/// widget, not on the field.
/// </para>
/// </summary>
[TestClass]
public sealed class PdfsigInteropSampleTests
{
    [TestMethod]
    public async Task Verify_SoHoaBaselineBThenPdfsig_BothSignaturesValid()
    {
        byte[] ours = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB);

        byte[] both = PdfsigAddSignature(ours, TestPki.NssSealNickname, "Pdfsig");

        AssertPrefix(ours, both);
        AssertBothToolsAccept(both, expected: 2, "sohoa-b-then-pdfsig.pdf");
    }

    [TestMethod]
    public async Task Verify_SoHoaVisibleThenPdfsig_BothSignaturesValid()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        byte[] ours = await new PadesSigner(officer).SignAsync(Document(), Request with { Appearance = new SignatureAppearance(1, 36, 700, 260, 48) { SignerName = "Nguyễn Thị Thư" } });

        byte[] both = PdfsigAddSignature(ours, TestPki.NssSealNickname, "Pdfsig");

        AssertPrefix(ours, both);
        AssertBothToolsAccept(both, expected: 2, "sohoa-visible-then-pdfsig.pdf");
    }

    [TestMethod]
    public async Task Verify_SoHoaBaselineTThenPdfsig_BothSignaturesValid()
    {
        byte[] ours = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineT);

        byte[] both = PdfsigAddSignature(ours, TestPki.NssSealNickname, "Pdfsig", "-reason", "Interop test");

        AssertPrefix(ours, both);
        VerificationReport report = AssertBothToolsAccept(both, expected: 2, "sohoa-t-then-pdfsig.pdf");
        Assert.AreEqual("B-T", report.Signatures[0].Level, Summary(report));
    }

    [TestMethod]
    public async Task Verify_SoHoaBaselineLtThenPdfsig_BothSignaturesValid()
    {
        byte[] ours = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineLT);

        byte[] both = PdfsigAddSignature(ours, TestPki.NssSealNickname, "Pdfsig");

        AssertPrefix(ours, both);
        VerificationReport report = AssertBothToolsAccept(both, expected: 2, "sohoa-lt-then-pdfsig.pdf");
        Assert.AreEqual("B-LT", report.Signatures[0].Level, Summary(report));
    }

    [TestMethod]
    public void Verify_PdfsigOverObjectStreamDocument_IsValid()
    {
        byte[] original = InteropDocuments.WithObjectStreams(Document(2));

        byte[] signed = PdfsigAddSignature(original, TestPki.NssSealNickname, "Pdfsig");

        AssertPrefix(original, signed);
        AssertBothToolsAccept(signed, expected: 1, "objstm-then-pdfsig.pdf");
    }

    [TestMethod]
    public void Verify_PdfsigThenPdfsig_BothSignaturesValid()
    {
        byte[] once = PdfsigAddSignature(Document(), TestPki.NssOfficerNickname, "First");

        byte[] twice = PdfsigAddSignature(once, TestPki.NssSealNickname, "Second");

        AssertPrefix(once, twice);
        AssertBothToolsAccept(once, expected: 1, "pdfsig.pdf");
        AssertBothToolsAccept(twice, expected: 2, "pdfsig-then-pdfsig.pdf");
    }

    [TestMethod]
    public async Task Verify_PdfsigThenSoHoa_BothSignaturesValid()
    {
        byte[] theirs = PdfsigAddSignature(Document(), TestPki.NssOfficerNickname, "Pdfsig");

        byte[] both = await SignAsync(theirs, Pki.SealPfx, PadesLevel.BaselineB);

        AssertPrefix(theirs, both);
        AssertBothToolsAccept(both, expected: 2, "pdfsig-then-sohoa.pdf");
    }

    [TestMethod]
    public void Verify_PdfsigFillsPreparedFieldsInTurn_BothSignaturesValid()
    {
        byte[] prepared = InteropDocuments.PreparedFields();

        byte[] first = PdfsigSignField(prepared, TestPki.NssOfficerNickname, InteropDocuments.MergedField);
        byte[] second = PdfsigSignField(first, TestPki.NssSealNickname, InteropDocuments.KidField);

        AssertPrefix(prepared, first);
        AssertPrefix(first, second);
        VerificationReport report = AssertBothToolsAccept(second, expected: 2, "pdfsig-fills-prepared-fields.pdf");
        CollectionAssert.AreEqual(new[] { InteropDocuments.MergedField, InteropDocuments.KidField }, report.Signatures.Select(s => s.FieldName).ToArray(), Summary(report));
    }

    [TestMethod]
    public async Task Verify_SoHoaThenPdfsigFillsFieldPreparedBefore_BothSignaturesValid()
    {
        byte[] ours = await SignAsync(InteropDocuments.PreparedFields(), Pki.OfficerPfx, PadesLevel.BaselineB);

        byte[] both = PdfsigSignField(ours, TestPki.NssSealNickname, InteropDocuments.KidField);

        AssertPrefix(ours, both);
        AssertBothToolsAccept(both, expected: 2, "sohoa-then-pdfsig-fills-prepared-field.pdf");
    }
}

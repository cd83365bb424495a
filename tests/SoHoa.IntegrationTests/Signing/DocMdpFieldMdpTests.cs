using System.Globalization;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Verification;
using SoHoa.Tests.Pdf.Syntax;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>
/// Certification (DocMDP) and field locks (FieldMDP) as other tools write them, on a form built with our own PDF writer
/// and signed with the test PKI: what each permits after it, and the rule the verifier names for every change.
/// </summary>
[TestClass]
public sealed class DocMdpFieldMdpTests
{
    private const int AmountField = 6;
    private const int NoteField = 7;
    private const int Page = 4;

    [TestMethod]
    public async Task Verify_CertifiedNoChangesThenSecondSignature_CertificationBrokenByTheDocMdpRule()
    {
        byte[] certified = await CertifyAsync(Document(), permission: 1);
        byte[] signedAgain = await SignAsync(certified, Pki.SealPfx, PadesLevel.BaselineB);

        VerificationReport report = Verifier().Verify(signedAgain);

        SignatureReport certification = report.Signatures[0];
        Assert.AreEqual(1, certification.DocMdpPermission);
        Assert.IsNull(report.Signatures[1].DocMdpPermission);
        Assert.IsFalse(certification.IsValid, Describe(report));
        LaterChange[] refused = certification.ChangesAfter.Where(c => !c.Allowed).ToArray();
        Assert.IsTrue(refused.Length > 0, Describe(report));
        Assert.IsTrue(refused.All(c => c.Reason.Contains("DocMDP P=1", StringComparison.Ordinal) && c.Reason.Contains("no new signature", StringComparison.Ordinal)), Describe(report));
    }

    [TestMethod]
    public async Task Verify_CertifiedNoChangesThenDssAndDocumentTimestamp_StaysValid()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        byte[] certified = await Signer(officer, PadesLevel.BaselineT).SignAsync(Document(), Request with { CertifyPermission = 1 });
        var material = new ValidationMaterial();
        await new RevocationFetcher(Http, NoWaitRetry).AddChainAsync(CertificateChains.Build(officer.Certificate, [.. officer.Chain], [.. Anchors()]), material);
        byte[] archived = await Signer(officer, PadesLevel.BaselineT).AppendDocumentTimestampAsync(DssRevision.Append(certified, material));

        VerificationReport report = Verifier().Verify(archived);

        Assert.IsTrue(report.IsValid, Describe(report));
        SignatureReport certification = report.Signatures[0];
        Assert.AreEqual(1, certification.DocMdpPermission);
        Assert.IsTrue(certification.ChangesAfter.Any(c => c.Reason.Contains("12.8.5.3", StringComparison.Ordinal)), Describe(report));
    }

    [TestMethod]
    public async Task Verify_CertifiedFormFillingThenFieldFilledIn_IsAllowedByTheCertification()
    {
        byte[] certified = await CertifyAsync(Form(), permission: 2);
        byte[] filled = FillIn(certified, NoteField, "note", "Da doi chieu ban chinh");

        VerificationReport report = Verifier().Verify(filled);

        Assert.IsTrue(report.IsValid, Describe(report));
        LaterChange fill = report.Signatures[0].ChangesAfter.Single(c => c.ObjectNumber == NoteField);
        Assert.AreEqual("form field 'note' filled in", fill.What);
        StringAssert.Contains(fill.Reason, "DocMDP P=2");
    }

    [TestMethod]
    [DataRow(2, false, "allows no annotations")]
    [DataRow(3, true, "DocMDP P=3")]
    public async Task Verify_CertifiedThenAnnotationAdded_AllowedOnlyUnderPermissionThree(int permission, bool allowed, string reason)
    {
        byte[] certified = await CertifyAsync(Form(), permission);
        byte[] annotated = Annotate(certified);

        VerificationReport report = Verifier().Verify(annotated);

        Assert.AreEqual(allowed, report.IsValid, Describe(report));
        LaterChange[] annotation = report.Signatures[0].ChangesAfter.Where(c => c.What.StartsWith("annotation", StringComparison.Ordinal) || c.What == "page annotations").ToArray();
        Assert.AreEqual(2, annotation.Length, "the annotation and the page's /Annots: " + Describe(report));
        Assert.IsTrue(annotation.All(c => c.Allowed == allowed && c.Reason.Contains(reason, StringComparison.Ordinal)), Describe(report));
    }

    [TestMethod]
    public async Task Verify_ApprovalSignatureThenFieldFilledIn_FlaggedByTheWhitelist()
    {
        byte[] signed = await SignAsync(Form(), Pki.OfficerPfx, PadesLevel.BaselineB);
        byte[] filled = FillIn(signed, NoteField, "note", "Da doi chieu ban chinh");

        VerificationReport report = Verifier().Verify(filled);

        Assert.IsFalse(report.IsValid);
        LaterChange fill = report.Signatures[0].ChangesAfter.Single(c => c.ObjectNumber == NoteField);
        Assert.IsFalse(fill.Allowed);
        StringAssert.Contains(fill.Reason, "no certification signature grants form filling");
    }

    [TestMethod]
    [DataRow(false, DisplayName = "FieldMDP transform in the signature's /Reference")]
    [DataRow(true, DisplayName = "/Lock in the signature field")]
    public async Task Verify_FieldMdpLockedFieldChangedLater_FlaggedForTheLockingSignatureOnly(bool inField)
    {
        byte[] certified = await CertifyAsync(Form(), permission: 2);
        PdfDictionary transform = new PdfDictionary()
            .Set("Type", new PdfName(inField ? "SigFieldLock" : "TransformParams"))
            .Set("Action", new PdfName("Include"))
            .Set("Fields", PdfArray.Of(PdfString.FromText("amount")))
            .Set("V", new PdfName("1.2"));
        byte[] locked = inField
            ? SignWithOpenssl(certified, "seal", fieldLock: transform)
            : SignWithOpenssl(certified, "seal", reference: new PdfDictionary()
                .Set("Type", new PdfName("SigRef"))
                .Set("TransformMethod", new PdfName("FieldMDP"))
                .Set("TransformParams", transform));

        VerificationReport amountChanged = Verifier().Verify(FillIn(locked, AmountField, "amount", "9.000.000.000 VND"));
        VerificationReport noteChanged = Verifier().Verify(FillIn(locked, NoteField, "note", "Da doi chieu ban chinh"));

        Assert.IsTrue(noteChanged.IsValid, Describe(noteChanged));
        Assert.IsFalse(amountChanged.IsValid);
        Assert.IsTrue(amountChanged.Signatures[0].IsValid, "the certification grants form filling: " + Describe(amountChanged));
        LaterChange[] refused = amountChanged.Signatures[1].ChangesAfter.Where(c => !c.Allowed).ToArray();
        CollectionAssert.Contains(refused.Select(c => c.ObjectNumber).ToArray(), AmountField, Describe(amountChanged));
        Assert.AreEqual(2, refused.Length, "the field and its new appearance: " + Describe(amountChanged));
        Assert.IsTrue(refused.All(c => c.Reason.Contains("FieldMDP", StringComparison.Ordinal) && c.Reason.Contains("'amount'", StringComparison.Ordinal)), Describe(amountChanged));
    }

    [TestMethod]
    public async Task Verify_FieldLockWithPermissionOneThenSecondSignature_RefusedByTheLock()
    {
        PdfDictionary noChanges = new PdfDictionary()
            .Set("Type", new PdfName("SigFieldLock"))
            .Set("Action", new PdfName("All"))
            .Set("P", new PdfInteger(1));
        byte[] locked = SignWithOpenssl(Document(), "officer", fieldLock: noChanges);
        byte[] signedAgain = await SignAsync(locked, Pki.SealPfx, PadesLevel.BaselineB);

        VerificationReport before = Verifier().Verify(locked);
        VerificationReport report = Verifier().Verify(signedAgain);

        Assert.IsTrue(before.IsValid, Describe(before));
        Assert.IsFalse(report.Signatures[0].IsValid, Describe(report));
        Assert.IsTrue(report.Signatures[1].IsValid, "the lock binds the signature that set it: " + Describe(report));
        LaterChange[] refused = report.Signatures[0].ChangesAfter.Where(c => !c.Allowed).ToArray();
        Assert.IsTrue(refused.Length > 0 && refused.All(c => c.Reason.StartsWith("DocMDP P=1 of the field lock of", StringComparison.Ordinal)), Describe(report));
    }

    private static async Task<byte[]> CertifyAsync(byte[] pdf, int permission)
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        return await new PadesSigner(officer).SignAsync(pdf, Request with { CertifyPermission = permission });
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2[] Anchors() =>
        [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Pki.RootCertificate)];

    /// <summary>A one-page form with two text fields, 'amount' and 'note', each its own widget with an appearance.</summary>
    private static byte[] Form()
    {
        const string appearance = "/Type /XObject /Subtype /Form /BBox [0 0 228 20] /Resources << /Font << /F1 3 0 R >> >>";
        var bodies = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 7 0 R] /DA (/F1 12 Tf 0 g) /DR << /Font << /F1 3 0 R >> >> >> >>", // 1
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",                                                                                     // 2
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",                                                                        // 3
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R 7 0 R] >>", // 4
            TestPdfBuilder.Stream("BT /F1 14 Tf 72 700 Td (Giay de nghi thanh toan) Tj ET"),                                                  // 5
            Field("amount", "1.000.000 VND", 8),                                                                                             // 6
            Field("note", "", 9),                                                                                                            // 7
            TestPdfBuilder.Stream("BT /F1 12 Tf 2 5 Td (1.000.000 VND) Tj ET", appearance),                                                  // 8
            TestPdfBuilder.Stream(string.Empty, appearance),                                                                                 // 9
            "<< /Producer (SoHoa DocMDP tests) /Title (Giay de nghi) >>",                                                                    // 10
        };
        return TestPdfBuilder.Build(bodies, "/Root 1 0 R /Info 10 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]");
    }

    private static string Field(string name, string value, int appearance) => string.Create(CultureInfo.InvariantCulture,
        $"<< /Type /Annot /Subtype /Widget /FT /Tx /T ({name}) /V ({value}) /DA (/F1 12 Tf 0 g) /Rect [72 {(name == "amount" ? 600 : 560)} 300 {(name == "amount" ? 620 : 580)}] /P 4 0 R /F 4 /AP << /N {appearance} 0 R >> >>");

    /// <summary>An update that fills in a field as a form filler does: a new /V and a new appearance stream.</summary>
    private static byte[] FillIn(byte[] pdf, int field, string name, string value)
    {
        int stream = PdfFileReader.Open(pdf).MaxObjectNumber + 1;
        string body = Field(name, value, stream);
        return Attacks.AttackSamples.Append(pdf, new()
        {
            [field] = body,
            [stream] = TestPdfBuilder.Stream($"BT /F1 12 Tf 2 5 Td ({value}) Tj ET", "/Type /XObject /Subtype /Form /BBox [0 0 228 20] /Resources << /Font << /F1 3 0 R >> >>"),
        });
    }

    /// <summary>An update that adds a sticky note to the page, keeping every widget already there.</summary>
    private static byte[] Annotate(byte[] pdf)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var page = (PdfDictionary)reader.GetObject(Page);
        int note = reader.MaxObjectNumber + 1;
        string annots = string.Join(' ', page.GetArray("Annots", reader)!.Select(a => a.ToString()));
        return Attacks.AttackSamples.Append(pdf, new()
        {
            [Page] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [{annots} {note} 0 R] >>",
            [note] = "<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (Da kiem tra) /F 4 >>",
        });
    }
}

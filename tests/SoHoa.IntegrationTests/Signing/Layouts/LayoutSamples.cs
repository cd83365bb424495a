using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using SoHoa.Tests.Pdf.Syntax;
using static SoHoa.IntegrationTests.Signing.Layouts.LayoutRevision;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>A layout sample: the file as SoHoa's first signature left it, and the file with the later revisions.</summary>
internal sealed record LayoutSample(byte[] SignedOnce, byte[] Pdf);

/// <summary>
/// Layouts that real signing tools (Acrobat, pyHanko, iText, poppler) write when they sign a document a second time,
/// after SoHoa signed it first (B-B, the officer): each must verify, with every signature valid. The later signatures
/// are made by hand (<see cref="HandmadeIncrementalSigner"/>) with the test PKI's seal or officer.
/// </summary>
internal static class LayoutSamples
{
    public const string SignedDate = "2026-11-22T09:00:00+07:00";

    public const string ForeignProducer = "Foreign signer 4.2";

    /// <summary><see cref="LayoutBase.Build"/> signed by SoHoa (the officer, B-B).</summary>
    public static async Task<byte[]> SignedBaseAsync(LayoutBaseOptions? options = null) =>
        await SigningSupport.SignAsync(LayoutBase.Build(options), SigningSupport.Pki.OfficerPfx, PadesLevel.BaselineB);

    /// <summary>(a) The second signature fills the "Approver" field prepared before the first: /V set, a new /AP /N.</summary>
    public static async Task<LayoutSample> PreparedFieldFilledAsync(bool xrefStream = false)
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        revision.Update.XrefStream = xrefStream;
        FillPreparedField(revision, appearance: revision.Allocate());
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (b) The signing tool also updates the XMP (only xmp:ModifyDate, xmp:MetadataDate, xmpMM:InstanceID,
    /// pdf:Producer) and the Info dictionary (/ModDate, /Producer): redefined in place, or written as new objects that
    /// the catalog's /Metadata and the trailer's /Info point to.
    /// </summary>
    public static async Task<LayoutSample> MetadataUpdatedAsync(bool inPlace)
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        revision.AddSignature("Seal");
        string xmp = LayoutBase.MetadataStream(LayoutBase.Xmp(LayoutBase.Title, SignedDate, "uuid:5e3f1a2c-0000-4000-8000-0000000000b2", ForeignProducer));
        string info = $"<< /Title ({LayoutBase.Title}) /Producer ({ForeignProducer}) /CreationDate (D:20261120090000+07'00') /ModDate (D:20261122090000+07'00') >>";
        if (inPlace)
        {
            revision.Update.Define(LayoutBase.Metadata, xmp).Define(LayoutBase.Info, info);
        }
        else
        {
            int metadata = revision.Allocate();
            int infoObject = revision.Allocate();
            revision.Update.Define(metadata, xmp).Define(infoObject, info);
            revision.EditCatalog(c => c.Set("Metadata", Ref(metadata)));
            revision.Update.TrailerExtra = $"/Info {infoObject} 0 R";
        }

        return new(once, revision.Sign());
    }

    /// <summary>(c) The signing revision adds /Extensions (ADBE level 8) and /Version /1.7 to the catalog, as Acrobat does.</summary>
    public static async Task<LayoutSample> CatalogExtensionsAsync()
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        revision.AddSignature("Seal");
        revision.EditCatalog(c => c
            .Set("Extensions", new PdfDictionary().Set("ADBE", new PdfDictionary().Set("BaseVersion", new PdfName("1.7")).Set("ExtensionLevel", new PdfInteger(8))))
            .Set("Version", new PdfName("1.7")));
        return new(once, revision.Sign());
    }

    /// <summary>(d) The new signature's widget is a separate kid of its field: the field has no /Subtype, the widget a /Parent.</summary>
    public static async Task<LayoutSample> WidgetAsKidAsync()
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        int signature = revision.Allocate();
        int field = revision.Allocate();
        int widget = revision.Allocate();
        int appearance = revision.Allocate();
        revision.Update
            .Define(signature, HandmadeIncrementalSigner.SignatureDictionary("/Name (Seal)"))
            .Define(field, $"<< /FT /Sig /T (Seal) /V {signature} 0 R /Kids [{widget} 0 R] >>")
            .Define(widget, $"<< /Type /Annot /Subtype /Widget /Parent {field} 0 R /Rect [320 10 560 60] /F 132 /P {LayoutBase.Page} 0 R /AP << /N {appearance} 0 R >> >>")
            .Define(appearance, SignatureAppearance("Seal"));
        revision.AppendField(field).AppendAnnotation(widget);
        return new(once, revision.Sign());
    }

    /// <summary>(e) The prepared field is signed and its appearance stream is replaced in place (same object number).</summary>
    public static async Task<LayoutSample> PreparedAppearanceReplacedInPlaceAsync()
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        FillPreparedField(revision, appearance: LayoutBase.PreparedAppearance);
        return new(once, revision.Sign());
    }

    /// <summary>(f) The appearance uses fonts the signing tool adds to the form's /DR /Font (Times-Roman and ZapfDingbats).</summary>
    public static async Task<LayoutSample> NewFontsInDefaultResourcesAsync()
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        int times = revision.Allocate();
        int dingbats = revision.Allocate();
        revision.Update
            .Define(times, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")
            .Define(dingbats, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>");
        revision.AddSignature("Seal", appearance: LayoutBase.Form(
            "BT /ZaDb 18 Tf 6 16 Td (4) Tj ET BT /TiRo 11 Tf 30 30 Td (Da ky boi: Seal) Tj 0 -14 Td (Ngay 22/11/2026) Tj ET", 240, 50,
            $"/TiRo {times} 0 R /ZaDb {dingbats} 0 R"));
        revision.EditCatalog(c =>
        {
            PdfDictionary form = c.GetDictionary("AcroForm")!.Clone();
            PdfDictionary resources = form.GetDictionary("DR")!.Clone();
            PdfDictionary fonts = resources.GetDictionary("Font")!.Clone().Set("TiRo", Ref(times)).Set("ZaDb", Ref(dingbats));
            c.Set("AcroForm", form.Set("DR", resources.Set("Font", fonts)));
        });
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (g) /Fields and /Annots as indirect arrays, redefined by a signing revision with the new signature appended.
    /// SoHoa writes both arrays directly when it signs (it inlines a base's indirect arrays), so a second tool's
    /// signature makes them indirect (new array objects) and a third signature redefines those objects: three signatures.
    /// </summary>
    public static async Task<(LayoutSample Sample, int Fields, int Annots)> IndirectArraysAsync()
    {
        byte[] once = await SignedBaseAsync(new LayoutBaseOptions { IndirectArrays = true });
        byte[] twice = IndirectArraysSigned(once, out int fields, out int annots);
        var third = new LayoutRevision(twice);
        (int _, int widget) = AddSignatureWithoutLists(third, "Officer2", "[40 10 280 60]");
        var fieldList = new PdfArray((PdfArray)third.Reader.GetObject(fields)) { Ref(widget) };
        var annotList = new PdfArray((PdfArray)third.Reader.GetObject(annots)) { Ref(widget) };
        third.Update.Define(fields, Body(fieldList)).Define(annots, Body(annotList));
        return (new(once, third.Sign("officer")), fields, annots);
    }

    /// <summary>
    /// The second signature of <see cref="IndirectArraysAsync"/>: its revision writes the form's /Fields and the page's
    /// /Annots as new indirect arrays (<paramref name="fields"/>, <paramref name="annots"/>), its widget appended.
    /// </summary>
    public static byte[] IndirectArraysSigned(byte[] once, out int fields, out int annots)
    {
        var second = new LayoutRevision(once);
        (int _, int widget) = AddSignatureWithoutLists(second, "Seal", "[320 10 560 60]");
        int fieldsObject = second.Allocate();
        int annotsObject = second.Allocate();
        var fieldList = new PdfArray(second.Reader.GetCatalog().GetDictionary("AcroForm")!.GetArray("Fields")!) { Ref(widget) };
        var annotList = new PdfArray(second.Object(LayoutBase.Page).GetArray("Annots")!) { Ref(widget) };
        second.Update.Define(fieldsObject, Body(fieldList)).Define(annotsObject, Body(annotList));
        second.EditCatalog(c => c.Set("AcroForm", c.GetDictionary("AcroForm")!.Clone().Set("Fields", Ref(fieldsObject))));
        second.EditPage(p => p.Set("Annots", Ref(annotsObject)));
        (fields, annots) = (fieldsObject, annotsObject);
        return second.Sign();
    }

    /// <summary>(h) The signing revision also holds an object of generation 1 that nothing refers to (as poppler writes them).</summary>
    public static async Task<LayoutSample> UnusedObjectOfGenerationOneAsync()
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        revision.AddSignature("Seal");
        revision.Add("<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>", generation: 1);
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (h, freed) The signing revision also frees objects 12 and 13, which the base defines and nothing refers to (a
    /// tool collecting garbage as it saves).
    /// </summary>
    public static async Task<LayoutSample> UnusedObjectsFreedAsync()
    {
        byte[] once = await SignedBaseAsync();
        var revision = new LayoutRevision(once);
        revision.AddSignature("Seal");
        revision.Update.Free(LayoutBase.FieldsArray).Free(LayoutBase.AnnotsArray);
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (i) After the second signature (the prepared field filled), a DSS revision without a signature whose /Certs,
    /// /OCSPs, /CRLs and /VRI are indirect objects: the test PKI's certificates, an OCSP response for both signers and
    /// both CAs' CRLs, and one VRI entry (itself indirect) per signature.
    /// </summary>
    public static async Task<LayoutSample> DssWithIndirectListsAsync()
    {
        LayoutSample signed = await PreparedFieldFilledAsync();
        var revision = new LayoutRevision(signed.Pdf);
        ValidationMaterial material = ValidationMaterial.Create();
        int[] certs = material.Certificates.Select(c => revision.Add(TestPdfBuilder.Stream(LayoutBase.Latin1(c)))).ToArray();
        int[] ocsps = [revision.Add(TestPdfBuilder.Stream(LayoutBase.Latin1(material.Ocsp)))];
        int[] crls = material.Crls.Select(c => revision.Add(TestPdfBuilder.Stream(LayoutBase.Latin1(c)))).ToArray();
        int certList = revision.Add(References(certs));
        int ocspList = revision.Add(References(ocsps));
        int crlList = revision.Add(References(crls));
        var vri = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            int entry = revision.Add($"<< /Cert {References(certs)} /OCSP {References(ocsps)} /CRL {References(crls)} /TU (D:20261122100000+07'00') >>");
            vri.Add($"/{VriKey(signed.Pdf, i)} {entry} 0 R");
        }

        int vriMap = revision.Add($"<< {string.Join(' ', vri)} >>");
        int dss = revision.Add($"<< /Type /DSS /Certs {certList} 0 R /OCSPs {ocspList} 0 R /CRLs {crlList} 0 R /VRI {vriMap} 0 R >>");
        revision.EditCatalog(c => c.Set("DSS", Ref(dss)));
        return new(signed.SignedOnce, revision.Write());
    }

    /// <summary>Fills the prepared "Approver" field: a signature dictionary, /V, and /AP /N <paramref name="appearance"/> written with the seal's appearance.</summary>
    public static int FillPreparedField(LayoutRevision revision, int appearance, string? appearanceBody = null)
    {
        int signature = revision.Allocate();
        revision.Update
            .Define(signature, HandmadeIncrementalSigner.SignatureDictionary("/Name (Approver)"))
            .Define(appearance, appearanceBody ?? SignatureAppearance("Approver"));
        PdfDictionary field = revision.Object(LayoutBase.PreparedField)
            .Set("V", Ref(signature))
            .Set("AP", new PdfDictionary().Set("N", Ref(appearance)));
        revision.Update.Define(LayoutBase.PreparedField, Body(field));
        return signature;
    }

    /// <summary>A signature dictionary, a merged field and widget and its appearance, not yet listed in /Fields or /Annots.</summary>
    public static (int Signature, int Widget) AddSignatureWithoutLists(LayoutRevision revision, string name, string rect)
    {
        int signature = revision.Allocate();
        int widget = revision.Allocate();
        int appearance = revision.Allocate();
        revision.Update
            .Define(signature, HandmadeIncrementalSigner.SignatureDictionary($"/Name ({name})"))
            .Define(widget, $"<< /Type /Annot /Subtype /Widget /FT /Sig /T ({name}) /V {signature} 0 R /Rect {rect} /F 132 /P {LayoutBase.Page} 0 R /AP << /N {appearance} 0 R >> >>")
            .Define(appearance, SignatureAppearance(name));
        return (signature, widget);
    }

    public static string References(IEnumerable<int> numbers) => "[" + string.Join(' ', numbers.Select(n => $"{n} 0 R")) + "]";

    /// <summary>The VRI key of signature <paramref name="index"/> (file order): the upper-case hex SHA-1 of its /Contents bytes.</summary>
    public static string VriKey(byte[] pdf, int index) => Convert.ToHexString(SHA1.HashData(SigningSupport.Extract(pdf, index).Contents));
}

/// <summary>The test PKI's validation data as a DSS holds it: certificates, one OCSP response for both signers, both CAs' CRLs (DER).</summary>
internal sealed record ValidationMaterial(IReadOnlyList<byte[]> Certificates, byte[] Ocsp, IReadOnlyList<byte[]> Crls)
{
    public static ValidationMaterial Create()
    {
        TestPki pki = TestEnvironment.Pki;
        string F(string name) => Path.Combine(pki.Directory, name);
        byte[][] certificates = new[] { "root", "issuing", "officer", "seal" }
            .Select(n => X509CertificateLoader.LoadCertificateFromFile(F(n + ".pem")).RawData).ToArray();
        string dir = TestEnvironment.NewDirectory("ocsp");
        string request = Path.Combine(dir, "req.der");
        string response = Path.Combine(dir, "resp.der");
        ExternalTool.Succeed("openssl", "ocsp", "-issuer", pki.IssuingCertificate, "-cert", F("officer.pem"), "-cert", F("seal.pem"), "-no_nonce", "-reqout", request);
        ExternalTool.Succeed("openssl", "ocsp", "-index", F("issuing-db/index.txt"), "-CA", pki.IssuingCertificate, "-rsigner", pki.IssuingCertificate,
            "-rkey", F("issuing.key"), "-reqin", request, "-respout", response, "-ndays", "7");
        return new(certificates, File.ReadAllBytes(response), [File.ReadAllBytes(F("root.crl.der")), File.ReadAllBytes(F("issuing.crl.der"))]);
    }
}

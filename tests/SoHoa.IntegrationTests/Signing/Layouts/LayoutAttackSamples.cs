using System.Globalization;
using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using SoHoa.Tests.Pdf.Syntax;
using static SoHoa.IntegrationTests.Signing.Layouts.LayoutRevision;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>
/// The malicious twins of <see cref="LayoutSamples"/>: the same shapes of update, but each re-points or overwrites
/// something the page signed first uses, so the page a person sees says something else. Each must be refused.
/// </summary>
internal static class LayoutAttackSamples
{
    /// <summary>Drawn over the amount line (72 680): a white box and the forged amount.</summary>
    public static readonly string ForgedPageContent =
        $"q 1 1 1 rg 66 672 300 26 re f Q BT /F1 14 Tf 72 680 Td ({LayoutBase.ForgedAmount}) Tj ET";

    public const string ForgedTitle = "Giay xac nhan so tien 9 ty";

    /// <summary>
    /// (a') The page content also draws the prepared field's appearance (<c>/Fm1 Do</c> at 72 540), and the signing
    /// revision redefines that stream in place: the page itself now shows "Dieu chinh: So tien: 9.000.000.000 VND" on a
    /// white box where it showed the empty "Ky ten tai day" box.
    /// </summary>
    public static async Task<LayoutSample> AppearanceDrawnByPageReplacedAsync()
    {
        byte[] once = await LayoutSamples.SignedBaseAsync(new LayoutBaseOptions { PageDrawsFieldAppearance = true });
        var revision = new LayoutRevision(once);
        LayoutSamples.FillPreparedField(revision, LayoutBase.PreparedAppearance,
            LayoutBase.Form($"1 1 1 rg 0 0 240 60 re f BT 0 g /Helv 9 Tf 4 26 Td (Dieu chinh: {LayoutBase.ForgedAmount}) Tj ET", 240, 60));
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (b') The title changed: in the XMP's dc:title or the Info's /Title by a revision that signs nothing, or the Info's
    /// /Title by a signing revision. The viewer's title bar (/DisplayDocTitle) shows "Giay xac nhan so tien 9 ty".
    /// </summary>
    public static async Task<LayoutSample> TitleChangedAsync(string where)
    {
        byte[] once = await LayoutSamples.SignedBaseAsync();
        var revision = new LayoutRevision(once);
        string info = $"<< /Title ({ForgedTitle}) /Producer ({LayoutSamples.ForeignProducer}) /CreationDate (D:20261120090000+07'00') /ModDate (D:20261122090000+07'00') >>";
        switch (where)
        {
            case "xmp":
                revision.Update.Define(LayoutBase.Metadata, LayoutBase.MetadataStream(LayoutBase.Xmp(ForgedTitle, LayoutSamples.SignedDate, "uuid:5e3f1a2c-0000-4000-8000-0000000000c3", LayoutSamples.ForeignProducer)));
                return new(once, revision.Write());
            case "info":
                revision.Update.Define(LayoutBase.Info, info);
                return new(once, revision.Write());
            case "info-in-signing-revision":
                revision.AddSignature("Seal");
                revision.Update.Define(LayoutBase.Info, info);
                return new(once, revision.Sign());
            default:
                throw new ArgumentOutOfRangeException(nameof(where), where, "xmp, info or info-in-signing-revision");
        }
    }

    /// <summary>
    /// (d') A new signature field signed by nobody (no /V), its widget a separate kid as in (d), whose appearance paints a
    /// white box over the amount line and the forged amount: the page shows "So tien: 9.000.000.000 VND". Added by a
    /// revision of its own, or by the revision of a real second signature.
    /// </summary>
    public static async Task<LayoutSample> SneakySignatureFieldAsync(bool withRealSignature)
    {
        byte[] once = await LayoutSamples.SignedBaseAsync();
        var revision = new LayoutRevision(once);
        if (withRealSignature)
        {
            revision.AddSignature("Seal");
        }

        int field = revision.Allocate();
        int widget = revision.Allocate();
        int appearance = revision.Allocate();
        revision.Update
            .Define(field, $"<< /FT /Sig /T (Approver2) /Kids [{widget} 0 R] >>")
            .Define(widget, $"<< /Type /Annot /Subtype /Widget /Parent {field} 0 R /Rect [66 672 366 698] /F 4 /P {LayoutBase.Page} 0 R /AP << /N {appearance} 0 R >> >>")
            .Define(appearance, LayoutBase.Form($"1 1 1 rg 0 0 300 26 re f BT 0 g /Helv 14 Tf 6 8 Td ({LayoutBase.ForgedAmount}) Tj ET", 300, 26));
        revision.AppendField(field).AppendAnnotation(widget);
        return new(once, withRealSignature ? revision.Sign() : revision.Write());
    }

    /// <summary>
    /// (g') The shape of (g), but the third signature's revision redefines the indirect /Annots array without the
    /// "DA TIEP NHAN" stamp (dropped: the page no longer shows it), or with a new stamp "DA HUY" in its place (replaced:
    /// the page says the paper was cancelled).
    /// </summary>
    public static async Task<LayoutSample> AnnotationDroppedFromIndirectArrayAsync(bool replace)
    {
        byte[] once = await LayoutSamples.SignedBaseAsync(new LayoutBaseOptions { IndirectArrays = true });
        byte[] twice = LayoutSamples.IndirectArraysSigned(once, out int fields, out int annots);
        var third = new LayoutRevision(twice);
        (int _, int widget) = LayoutSamples.AddSignatureWithoutLists(third, "Officer2", "[40 10 280 60]");
        var annotList = new PdfArray(((PdfArray)third.Reader.GetObject(annots)).Where(a => a is not PdfReference { ObjectNumber: LayoutBase.Stamp }));
        if (replace)
        {
            int cancelledAppearance = third.Add(LayoutBase.Form("0.8 0 0 RG 2 w 1 1 138 58 re S BT 0.8 0 0 rg /Helv 16 Tf 34 22 Td (DA HUY) Tj ET", 140, 60));
            annotList.Add(Ref(third.Add($"<< /Type /Annot /Subtype /Stamp /Rect [420 640 560 700] /F 4 /P {LayoutBase.Page} 0 R /NM (stamp-cancelled) /Contents (Da huy) /AP << /N {cancelledAppearance} 0 R >> >>")));
        }

        annotList.Add(Ref(widget));
        var fieldList = new PdfArray((PdfArray)third.Reader.GetObject(fields)) { Ref(widget) };
        third.Update.Define(fields, Body(fieldList)).Define(annots, Body(annotList));
        return new(once, third.Sign("officer"));
    }

    /// <summary>
    /// (h', freed) The twin of freeing unused objects: the signing revision frees the "DA TIEP NHAN" stamp annotation
    /// the signed page lists. A reader that honours free entries (qpdf, and the viewers built like it) reads the stamp
    /// as null, so the page no longer shows it; poppler 22.12 ignores the free entry and still draws the stamp.
    /// </summary>
    public static async Task<LayoutSample> StampFreedWhileSigningAsync()
    {
        byte[] once = await LayoutSamples.SignedBaseAsync();
        var revision = new LayoutRevision(once);
        revision.AddSignature("Seal");
        revision.Update.Free(LayoutBase.Stamp);
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (h') A dangling reference: the signed page draws object 40, which is undefined when SoHoa signs, as the second
    /// of its content streams (<c>/Contents [6 0 R 40 0 R]</c>) or as a form XObject (<c>/Fm9 Do</c>); a later revision
    /// defines 40 as a form that paints a white box and the forged amount over the signed one. Cover stories: none (a
    /// signing revision that also defines 40), a DSS revision whose indirect /Certs lists 40, a signing revision with a
    /// widget in no /Fields and no /Annots whose /AP /N is 40, and the new signature's own widget whose /AP /N is 40.
    /// </summary>
    public static async Task<LayoutSample> DanglingReferenceDefinedAsync(string cover, bool viaXObject)
    {
        byte[] once = await LayoutSamples.SignedBaseAsync(viaXObject ? new LayoutBaseOptions { DanglingXObject = true } : new LayoutBaseOptions { DanglingContent = true });
        if (PdfFileReader.Open(once).GetXrefEntry(LayoutBase.Dangling, null, out _) is not null)
        {
            throw new InvalidOperationException("SoHoa defined object 40 when it signed: the base is not dangling.");
        }

        var revision = new LayoutRevision(once);
        string forged = TestPdfBuilder.Stream(ForgedPageContent, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> ");
        revision.Update.Define(LayoutBase.Dangling, forged);
        switch (cover)
        {
            case "none":
                revision.AddSignature("Seal");
                return new(once, revision.Sign());
            case "dss-certs":
                int certificate = revision.Add(TestPdfBuilder.Stream(LayoutBase.Latin1(ValidationMaterial.Create().Certificates[2])));
                int certList = revision.Add(LayoutSamples.References([certificate, LayoutBase.Dangling]));
                int dss = revision.Add($"<< /Type /DSS /Certs {certList} 0 R >>");
                revision.EditCatalog(c => c.Set("DSS", Ref(dss)));
                return new(once, revision.Write());
            case "orphan-widget":
                revision.AddSignature("Seal");
                revision.Add($"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Hidden) /Rect [0 0 0 0] /F 2 /AP << /N {LayoutBase.Dangling} 0 R >> >>");
                return new(once, revision.Sign());
            case "own-signature-appearance":
                revision.AddSignature("Seal", rect: "[0 0 0 0]", appearanceObject: LayoutBase.Dangling);
                return new(once, revision.Sign());
            default:
                throw new ArgumentOutOfRangeException(nameof(cover), cover, "none, dss-certs, orphan-widget or own-signature-appearance");
        }
    }

    /// <summary>
    /// (i') Type confusion over the page content stream (object 6), which is redefined with the forged amount drawn over
    /// the signed one: listed in the indirect /Certs of a DSS the same revision adds, or redefined as an object carrying
    /// /Type /ObjStm or /Type /XRef that no cross-reference section uses as one.
    /// </summary>
    public static async Task<LayoutSample> ContentStreamInDisguiseAsync(string disguise)
    {
        byte[] once = await LayoutSamples.SignedBaseAsync();
        var revision = new LayoutRevision(once);
        string content = SignedContentWithForgery(revision.Reader);
        switch (disguise)
        {
            case "dss-certs":
                revision.Update.Define(LayoutBase.Content, TestPdfBuilder.Stream(content));
                int certificate = revision.Add(TestPdfBuilder.Stream(LayoutBase.Latin1(ValidationMaterial.Create().Certificates[2])));
                int certList = revision.Add(LayoutSamples.References([certificate, LayoutBase.Content]));
                revision.EditCatalog(c => c.Set("DSS", Ref(revision.Add($"<< /Type /DSS /Certs {certList} 0 R >>"))));
                break;
            case "objstm":
                revision.Update.Define(LayoutBase.Content, TestPdfBuilder.Stream(content, "/Type /ObjStm /N 0 /First 0 "));
                break;
            case "xref":
                revision.Update.Define(LayoutBase.Content, TestPdfBuilder.Stream(content, string.Create(CultureInfo.InvariantCulture, $"/Type /XRef /Size {revision.Reader.Trailer.GetInt("Size")} /W [1 4 2] ")));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(disguise), disguise, "dss-certs, objstm or xref");
        }

        return new(once, revision.Write());
    }

    /// <summary>
    /// (j') The page content stream redefined as an object that claims to be a signature (<c>/Type /Sig</c> with a
    /// /ByteRange, in the revision of a real second signature) or a document timestamp (<c>/Type /DocTimeStamp</c>).
    /// No /Filter: on a stream it would name a decoding filter, and the page would show nothing instead of the forgery.
    /// </summary>
    public static async Task<LayoutSample> ContentStreamClaimsSignatureAsync(bool timestamp)
    {
        byte[] once = await LayoutSamples.SignedBaseAsync();
        var revision = new LayoutRevision(once);
        string content = SignedContentWithForgery(revision.Reader);
        if (timestamp)
        {
            revision.Update.Define(LayoutBase.Content, TestPdfBuilder.Stream(content, "/Type /DocTimeStamp /SubFilter /ETSI.RFC3161 "));
            return new(once, revision.Write());
        }

        revision.AddSignature("Seal");
        revision.Update.Define(LayoutBase.Content, TestPdfBuilder.Stream(content, "/Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] "));
        return new(once, revision.Sign());
    }

    /// <summary>
    /// (k') An object-stream container swap. The base (two pages, "Page 1" and "Page 2") is rewritten by
    /// <c>qpdf --object-streams=generate</c>, so its page tree, second page and font live in an object stream; SoHoa signs
    /// it (redefining only the catalog and the first page). A later revision (a cross-reference stream, as a tool
    /// appending to such a file writes) redefines only that object stream's number with the same objects, one altered:
    /// the second page's /Contents pointing at the first page's stream (the page now says "Page 1"), or the font made
    /// Courier (every line drawn in another typeface). The compressed objects' xref entries are not touched.
    /// </summary>
    public static async Task<LayoutSample> ObjectStreamSwappedAsync(bool font)
    {
        string dir = TestEnvironment.NewDirectory("objstm-swap");
        string input = Path.Combine(dir, "in.pdf");
        string converted = Path.Combine(dir, "objstm.pdf");
        File.WriteAllBytes(input, TestPdfBuilder.BuildDocument(2));
        ExternalTool.Succeed("qpdf", "--object-streams=generate", input, converted);
        byte[] once = await SigningSupport.SignAsync(File.ReadAllBytes(converted), SigningSupport.Pki.OfficerPfx, PadesLevel.BaselineB);

        PdfFileReader reader = PdfFileReader.Open(once);
        IReadOnlyList<PdfReference> pages = reader.GetPageReferences();
        var secondPage = (PdfDictionary)reader.GetObject(pages[1].ObjectNumber);
        int fontNumber = ((PdfReference)secondPage.GetDictionary("Resources", reader)!.GetDictionary("Font", reader)!["F1"]!).ObjectNumber;
        int target = font ? fontNumber : pages[1].ObjectNumber;
        PdfXrefEntry entry = reader.GetXrefEntry(target, null, out _)!.Value;
        if (entry.Type != PdfXrefEntryType.Compressed)
        {
            throw new InvalidOperationException($"Object {target} is not in an object stream after SoHoa signed: the sample would not be a container swap.");
        }

        int container = entry.ObjectStreamNumber;
        PdfObject altered = font
            ? ((PdfDictionary)reader.GetObject(fontNumber)).Clone().Set("BaseFont", new PdfName("Courier"))
            : secondPage.Clone().Set("Contents", ((PdfDictionary)reader.GetObject(pages[0].ObjectNumber))["Contents"]!);
        var revision = new LayoutRevision(once, pages[0].ObjectNumber);
        revision.Update.XrefStream = true;
        revision.Update.Define(container, ObjectStreamWith(reader, container, target, altered));
        return new(once, revision.Write());
    }

    /// <summary>The signed page content (object 6) with the forged amount painted over the signed one.</summary>
    private static string SignedContentWithForgery(PdfFileReader reader) =>
        LayoutBase.Latin1(reader.DecodeStream((PdfStream)reader.GetObject(LayoutBase.Content))) + "\n" + ForgedPageContent;

    /// <summary>Object stream <paramref name="container"/> written again with the same objects in the same order, object <paramref name="target"/> replaced by <paramref name="altered"/>.</summary>
    private static string ObjectStreamWith(PdfFileReader reader, int container, int target, PdfObject altered)
    {
        var stream = (PdfStream)reader.GetObject(container);
        string decoded = LayoutBase.Latin1(reader.DecodeStream(stream));
        int count = (int)stream.Dictionary.GetInt("N")!.Value;
        string[] header = decoded[..(int)stream.Dictionary.GetInt("First")!.Value].Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = Enumerable.Range(0, count).Select(i => int.Parse(header[2 * i], CultureInfo.InvariantCulture)).ToArray();
        var objects = new StringBuilder();
        var offsets = new List<string>();
        foreach (int number in numbers)
        {
            offsets.Add(string.Create(CultureInfo.InvariantCulture, $"{number} {objects.Length}"));
            objects.Append(Body(number == target ? altered : reader.GetObject(number))).Append('\n');
        }

        string head = string.Join(' ', offsets) + "\n";
        return TestPdfBuilder.Stream(head + objects, string.Create(CultureInfo.InvariantCulture, $"/Type /ObjStm /N {count} /First {head.Length} "));
    }
}

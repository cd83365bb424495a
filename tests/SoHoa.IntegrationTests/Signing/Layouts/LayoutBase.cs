using System.Text;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>How the document an agency prepares for signing is laid out.</summary>
internal sealed record LayoutBaseOptions
{
    /// <summary>The page's content also draws the prepared field's appearance stream (as <c>/Fm1 Do</c>).</summary>
    public bool PageDrawsFieldAppearance { get; init; }

    /// <summary>The form's /Fields and the page's /Annots are indirect arrays (objects 12 and 13).</summary>
    public bool IndirectArrays { get; init; }

    /// <summary>
    /// The page's /Contents is <c>[6 0 R 40 0 R]</c>, and object <see cref="LayoutBase.Dangling"/> is not defined. Poppler
    /// then draws no content at all for the page ("Weird page contents"); other viewers skip the missing stream.
    /// </summary>
    public bool DanglingContent { get; init; }

    /// <summary>
    /// The page's content ends with <c>/Fm9 Do</c>, and its /Resources /XObject names <c>/Fm9 40 0 R</c>, which the file
    /// does not define: every viewer, poppler included, draws the page and skips the missing form.
    /// </summary>
    public bool DanglingXObject { get; init; }
}

/// <summary>
/// The document signed first (by SoHoa) in every layout sample: one page with an amount and an account number, a
/// "received" stamp annotation, an empty signature field "Approver" prepared with a /Rect and an /AP /N appearance,
/// XMP metadata and an information dictionary whose title the viewer shows (/DisplayDocTitle).
/// </summary>
internal static class LayoutBase
{
    public const int Catalog = 1;
    public const int Pages = 2;
    public const int Font = 3;
    public const int Info = 4;
    public const int Page = 5;
    public const int Content = 6;
    public const int Metadata = 7;
    public const int Stamp = 8;
    public const int PreparedField = 9;
    public const int PreparedAppearance = 10;
    public const int StampAppearance = 11;
    public const int FieldsArray = 12;
    public const int AnnotsArray = 13;

    /// <summary>Above the base's /Size, so SoHoa's first signature allocates its objects below it and leaves it undefined.</summary>
    public const int Dangling = 40;

    public const string Title = "Giay xac nhan so tien";

    /// <summary>What the signed page says; attacks replace it.</summary>
    public const string Amount = "So tien: 1.000.000 VND";

    public const string ForgedAmount = "So tien: 9.000.000.000 VND";

    public const string CreationDate = "2026-11-20T09:00:00+07:00";

    public const string DocumentId = "uuid:5e3f1a2c-0000-4000-8000-000000000001";

    public static byte[] Build(LayoutBaseOptions? options = null)
    {
        options ??= new LayoutBaseOptions();
        string fields = options.IndirectArrays ? $"{FieldsArray} 0 R" : $"[{PreparedField} 0 R]";
        string annots = options.IndirectArrays ? $"{AnnotsArray} 0 R" : $"[{Stamp} 0 R {PreparedField} 0 R]";
        string contents = options.DanglingContent ? $"[{Content} 0 R {Dangling} 0 R]" : $"{Content} 0 R";
        string forms = (options.PageDrawsFieldAppearance ? $" /Fm1 {PreparedAppearance} 0 R" : string.Empty) + (options.DanglingXObject ? $" /Fm9 {Dangling} 0 R" : string.Empty);
        string xobjects = forms.Length > 0 ? $" /XObject <<{forms} >>" : string.Empty;
        string drawField = (options.PageDrawsFieldAppearance ? "\nq 1 0 0 1 72 540 cm /Fm1 Do Q" : string.Empty) + (options.DanglingXObject ? "\nq /Fm9 Do Q" : string.Empty);
        var bodies = new List<string>
        {
            $"<< /Type /Catalog /Pages {Pages} 0 R /Metadata {Metadata} 0 R /ViewerPreferences << /DisplayDocTitle true >> /AcroForm << /Fields {fields} /DR << /Font << /Helv {Font} 0 R >> >> /DA (/Helv 0 Tf 0 g) >> >>",
            $"<< /Type /Pages /Kids [{Page} 0 R] /Count 1 >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Title ({Title}) /Producer (SoHoa layout samples) /CreationDate (D:20261120090000+07'00') /ModDate (D:20261120090000+07'00') >>",
            $"<< /Type /Page /Parent {Pages} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {Font} 0 R >>{xobjects} >> /Contents {contents} /Annots {annots} >>",
            TestPdfBuilder.Stream(
                $"BT /F1 20 Tf 72 720 Td ({Title}) Tj ET\nBT /F1 14 Tf 72 680 Td ({Amount}) Tj ET\nBT /F1 14 Tf 72 656 Td (Tai khoan: 0123 4567 89) Tj ET\n" +
                $"BT /F1 10 Tf 320 146 Td (Nguoi duyet ky ben duoi) Tj ET{drawField}"),
            MetadataStream(Xmp(Title, "2026-11-20T09:00:00+07:00", "uuid:5e3f1a2c-0000-4000-8000-0000000000a1", "SoHoa layout samples")),
            $"<< /Type /Annot /Subtype /Stamp /Rect [420 640 560 700] /F 4 /P {Page} 0 R /NM (stamp-received) /Contents (Da tiep nhan) /AP << /N {StampAppearance} 0 R >> >>",
            $"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approver) /Rect [320 80 560 140] /F 4 /P {Page} 0 R /AP << /N {PreparedAppearance} 0 R >> >>",
            Form("0.5 G 1 w 0.5 0.5 239 59 re S BT /Helv 10 Tf 8 26 Td (Ky ten tai day) Tj ET", 240, 60),
            Form("0.8 0 0 RG 2 w 1 1 138 58 re S BT 0.8 0 0 rg /Helv 16 Tf 14 22 Td (DA TIEP NHAN) Tj ET", 140, 60),
            $"[{PreparedField} 0 R]",
            $"[{Stamp} 0 R {PreparedField} 0 R]",
        };
        return TestPdfBuilder.Build(bodies, "/Root 1 0 R /Info 4 0 R /ID [<5E3F1A2C00004000800000000000000A> <5E3F1A2C00004000800000000000000A>]");
    }

    /// <summary>A form XObject drawing <paramref name="content"/> in a box of <paramref name="width"/> by <paramref name="height"/>, with Helvetica as /Helv.</summary>
    public static string Form(string content, int width, int height, string fonts = $"/Helv 3 0 R") =>
        TestPdfBuilder.Stream(content, $"/Type /XObject /Subtype /Form /BBox [0 0 {width} {height}] /Resources << /Font << {fonts} >> >> ");

    /// <summary>An XMP packet as Acrobat writes it: title, dates, document and instance ids, producer.</summary>
    public static string Xmp(string title, string modifyDate, string instanceId, string producer) =>
        "<?xpacket begin=\"\u00EF\u00BB\u00BF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" " +
        "xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n" +
        $"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n" +
        $"<xmp:CreateDate>{CreationDate}</xmp:CreateDate>\n<xmp:ModifyDate>{modifyDate}</xmp:ModifyDate>\n<xmp:MetadataDate>{modifyDate}</xmp:MetadataDate>\n" +
        $"<xmpMM:DocumentID>{DocumentId}</xmpMM:DocumentID>\n<xmpMM:InstanceID>{instanceId}</xmpMM:InstanceID>\n" +
        $"<pdf:Producer>{producer}</pdf:Producer>\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n" +
        new string(' ', 200) + "\n<?xpacket end=\"w\"?>";

    public static string MetadataStream(string xmp) => TestPdfBuilder.Stream(xmp, "/Type /Metadata /Subtype /XML ");

    /// <summary>Bytes as a Latin-1 string, so binary data (DER) goes into an object body byte for byte.</summary>
    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

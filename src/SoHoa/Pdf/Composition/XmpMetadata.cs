using System.Globalization;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// Writes the XMP packet of the document catalog: PDF/A identification (part 2, conformance B), the Dublin Core,
/// XMP and PDF properties that mirror the document information dictionary, and the SoHoa properties with the
/// PDF/A extension schema description that ISO 19005-2 §6.6.2.3.3 requires for any schema it does not predefine.
/// </summary>
internal static class XmpMetadata
{
    /// <summary>The namespace of the SoHoa XMP schema.</summary>
    public const string SoHoaNamespace = "urn:sohoa:xmp:1.0/";

    /// <summary>The preferred prefix of the SoHoa XMP schema.</summary>
    public const string SoHoaPrefix = "sohoa";

    /// <summary>The SoHoa properties: name, XMP value type, description.</summary>
    public static readonly (string Name, string ValueType, string Description)[] SoHoaProperties =
    [
        ("DossierCode", "Text", "Dossier code"),
        ("ProcedureCode", "Text", "Procedure code"),
        ("DocumentKind", "Text", "Document kind"),
        ("DocumentRole", "Text", "input or result"),
        ("AgencyCode", "Text", "Receiving agency code"),
        ("AgencyName", "Text", "Receiving agency name"),
        ("ConvertedBy", "Text", "Converting agency or officer"),
        ("ConvertedAt", "Date", "Conversion time"),
    ];

    /// <summary>The XMP date form of a time, to the second with its offset, as the info dictionary's dates are.</summary>
    public static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Builds the packet as UTF-8 (no byte order mark before the packet header; the header's begin attribute holds
    /// U+FEFF). It is written tersely, since it is stored in every document: one <c>rdf:Description</c>,
    /// simple properties as RDF property attributes, structures as attributes of empty elements, no padding.
    /// </summary>
    public static byte[] Build(PdfDocumentInfo info, string producer)
    {
        string date = Date(info.CreatedAt);
        List<(string Name, string Value)> values = SoHoaValues(info);
        var xmp = new StringBuilder();
        xmp.Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
        xmp.Append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        xmp.Append("<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" ");
        xmp.Append("xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
        if (values.Count > 0)
        {
            xmp.Append(CultureInfo.InvariantCulture, $" xmlns:{SoHoaPrefix}=\"{SoHoaNamespace}\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" ");
            xmp.Append("xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"");
        }

        xmp.Append("\npdfaid:part=\"2\" pdfaid:conformance=\"B\" dc:format=\"application/pdf\"");
        xmp.Append(CultureInfo.InvariantCulture, $" xmp:CreateDate=\"{date}\" xmp:ModifyDate=\"{date}\" xmp:MetadataDate=\"{date}\"");
        xmp.Append(" xmp:CreatorTool=\"").Append(Escape(producer)).Append("\" pdf:Producer=\"").Append(Escape(producer));
        xmp.Append("\" pdf:Keywords=\"").Append(Escape(info.Keywords)).Append('"');
        foreach ((string name, string value) in values)
        {
            xmp.Append(CultureInfo.InvariantCulture, $"\n{SoHoaPrefix}:{name}=\"{Escape(value)}\"");
        }

        xmp.Append(">\n<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">").Append(Escape(info.Title)).Append("</rdf:li></rdf:Alt></dc:title>\n");
        xmp.Append("<dc:creator><rdf:Seq><rdf:li>").Append(Escape(info.Author)).Append("</rdf:li></rdf:Seq></dc:creator>\n");
        xmp.Append("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">").Append(Escape(info.Subject)).Append("</rdf:li></rdf:Alt></dc:description>\n");
        if (values.Count > 0)
        {
            AppendExtensionSchema(xmp);
        }

        xmp.Append("</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(xmp.ToString());
    }

    private static List<(string Name, string Value)> SoHoaValues(PdfDocumentInfo info)
    {
        var values = new List<(string, string)>();
        if (info.Dossier is { } dossier)
        {
            values.Add(("DossierCode", dossier.DossierCode));
            values.Add(("ProcedureCode", dossier.ProcedureCode));
            values.Add(("DocumentKind", dossier.DocumentKind));
            values.Add(("DocumentRole", dossier.Role));
            values.Add(("AgencyCode", dossier.AgencyCode));
            values.Add(("AgencyName", dossier.AgencyName));
        }

        if (info.ConversionMark is { } mark)
        {
            values.Add(("ConvertedBy", mark.Officer is null ? mark.Agency : $"{mark.Officer}, {mark.Agency}"));
            values.Add(("ConvertedAt", Date(mark.ConvertedAt)));
        }

        return values;
    }

    /// <summary>The description of the SoHoa schema (ISO 19005-2 §6.6.2.3.3): a Bag holding one Schema structure whose properties are Property structures.</summary>
    private static void AppendExtensionSchema(StringBuilder xmp)
    {
        xmp.Append("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>SoHoa</pdfaSchema:schema>");
        xmp.Append(CultureInfo.InvariantCulture, $"<pdfaSchema:namespaceURI>{SoHoaNamespace}</pdfaSchema:namespaceURI><pdfaSchema:prefix>{SoHoaPrefix}</pdfaSchema:prefix>");
        xmp.Append("<pdfaSchema:property><rdf:Seq>\n");
        foreach ((string name, string valueType, string description) in SoHoaProperties)
        {
            xmp.Append(CultureInfo.InvariantCulture, $"<rdf:li pdfaProperty:name=\"{name}\" pdfaProperty:valueType=\"{valueType}\" pdfaProperty:category=\"external\" pdfaProperty:description=\"{Escape(description)}\"/>\n");
        }

        xmp.Append("</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>\n");
    }

    /// <summary>Escapes XML markup characters and drops characters XML 1.0 cannot hold.</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case < ' ' and not ('\t' or '\n' or '\r'):
                case '\uFFFE' or '\uFFFF':
                    break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }
}

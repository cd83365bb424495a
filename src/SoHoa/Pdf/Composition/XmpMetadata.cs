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

    /// <summary>Builds the packet as UTF-8 (no byte order mark before the packet header; the header's begin attribute holds U+FEFF).</summary>
    public static byte[] Build(PdfDocumentInfo info, string producer)
    {
        string date = Date(info.CreatedAt);
        var xmp = new StringBuilder();
        xmp.Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
        xmp.Append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
        xmp.Append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");

        xmp.Append("  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
        xmp.Append("   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n");
        xmp.Append("  </rdf:Description>\n");

        xmp.Append("  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
        xmp.Append("   <dc:format>application/pdf</dc:format>\n");
        xmp.Append("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">").Append(Escape(info.Title)).Append("</rdf:li></rdf:Alt></dc:title>\n");
        xmp.Append("   <dc:creator><rdf:Seq><rdf:li>").Append(Escape(info.Author)).Append("</rdf:li></rdf:Seq></dc:creator>\n");
        xmp.Append("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">").Append(Escape(info.Subject)).Append("</rdf:li></rdf:Alt></dc:description>\n");
        xmp.Append("  </rdf:Description>\n");

        xmp.Append("  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
        xmp.Append("   <xmp:CreateDate>").Append(date).Append("</xmp:CreateDate>\n");
        xmp.Append("   <xmp:ModifyDate>").Append(date).Append("</xmp:ModifyDate>\n");
        xmp.Append("   <xmp:MetadataDate>").Append(date).Append("</xmp:MetadataDate>\n");
        xmp.Append("   <xmp:CreatorTool>").Append(Escape(producer)).Append("</xmp:CreatorTool>\n");
        xmp.Append("  </rdf:Description>\n");

        xmp.Append("  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
        xmp.Append("   <pdf:Producer>").Append(Escape(producer)).Append("</pdf:Producer>\n");
        xmp.Append("   <pdf:Keywords>").Append(Escape(info.Keywords)).Append("</pdf:Keywords>\n");
        xmp.Append("  </rdf:Description>\n");

        var values = SoHoaValues(info);
        if (values.Count > 0)
        {
            xmp.Append(CultureInfo.InvariantCulture, $"  <rdf:Description rdf:about=\"\" xmlns:{SoHoaPrefix}=\"{SoHoaNamespace}\">\n");
            foreach ((string name, string value) in values)
            {
                xmp.Append(CultureInfo.InvariantCulture, $"   <{SoHoaPrefix}:{name}>{Escape(value)}</{SoHoaPrefix}:{name}>\n");
            }

            xmp.Append("  </rdf:Description>\n");
            AppendExtensionSchema(xmp);
        }

        xmp.Append(" </rdf:RDF>\n</x:xmpmeta>\n");
        xmp.Append("<?xpacket end=\"w\"?>");
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

    private static void AppendExtensionSchema(StringBuilder xmp)
    {
        xmp.Append("  <rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" ");
        xmp.Append("xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n");
        xmp.Append("   <pdfaExtension:schemas>\n    <rdf:Bag>\n     <rdf:li rdf:parseType=\"Resource\">\n");
        xmp.Append("      <pdfaSchema:schema>SoHoa digitization of administrative papers</pdfaSchema:schema>\n");
        xmp.Append(CultureInfo.InvariantCulture, $"      <pdfaSchema:namespaceURI>{SoHoaNamespace}</pdfaSchema:namespaceURI>\n");
        xmp.Append(CultureInfo.InvariantCulture, $"      <pdfaSchema:prefix>{SoHoaPrefix}</pdfaSchema:prefix>\n");
        xmp.Append("      <pdfaSchema:property>\n       <rdf:Seq>\n");
        foreach ((string name, string valueType, string description) in SoHoaProperties)
        {
            xmp.Append("        <rdf:li rdf:parseType=\"Resource\">\n");
            xmp.Append(CultureInfo.InvariantCulture, $"         <pdfaProperty:name>{name}</pdfaProperty:name>\n");
            xmp.Append(CultureInfo.InvariantCulture, $"         <pdfaProperty:valueType>{valueType}</pdfaProperty:valueType>\n");
            xmp.Append("         <pdfaProperty:category>external</pdfaProperty:category>\n");
            xmp.Append(CultureInfo.InvariantCulture, $"         <pdfaProperty:description>{Escape(description)}</pdfaProperty:description>\n");
            xmp.Append("        </rdf:li>\n");
        }

        xmp.Append("       </rdf:Seq>\n      </pdfaSchema:property>\n     </rdf:li>\n    </rdf:Bag>\n   </pdfaExtension:schemas>\n  </rdf:Description>\n");
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

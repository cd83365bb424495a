using System.Xml;
using System.Xml.Linq;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Compares two XMP packets for what a signing tool may change when it signs: the modification and metadata dates, the
/// instance id and its history, and the producer. Everything a person reads (title, author, subject, keywords, the
/// document's own identifiers) must stay as it was. A packet that is not well-formed XML never compares equal.
/// </summary>
internal static class XmpMetadataChange
{
    private const string Xmp = "http://ns.adobe.com/xap/1.0/";
    private const string XmpMm = "http://ns.adobe.com/xap/1.0/mm/";
    private const string Pdf = "http://ns.adobe.com/pdf/1.3/";

    private static readonly HashSet<XName> SigningToolProperties =
    [
        XName.Get("ModifyDate", Xmp), XName.Get("MetadataDate", Xmp),
        XName.Get("InstanceID", XmpMm), XName.Get("History", XmpMm),
        XName.Get("Producer", Pdf),
    ];

    /// <summary>True when <paramref name="after"/> differs from <paramref name="before"/> only in the signing tool's properties.</summary>
    public static bool OnlySigningToolPropertiesDiffer(byte[] before, byte[] after)
    {
        string? a = Canonical(before);
        string? b = Canonical(after);
        return a is not null && a == b;
    }

    /// <summary>The packet's elements and attributes, less the signing tool's properties and the white space between elements.</summary>
    private static string? Canonical(byte[] packet)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true, IgnoreProcessingInstructions = true, MaxCharactersInDocument = 16 * 1024 * 1024 };
            using var reader = XmlReader.Create(new MemoryStream(packet), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        document.Descendants().Where(e => SigningToolProperties.Contains(e.Name)).ToList().ForEach(e => e.Remove());
        document.Descendants().Attributes().Where(a => SigningToolProperties.Contains(a.Name)).ToList().ForEach(a => a.Remove());
        return document.Root?.ToString(SaveOptions.DisableFormatting);
    }
}

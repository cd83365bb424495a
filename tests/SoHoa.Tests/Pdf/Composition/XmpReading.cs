using System.Xml.Linq;

namespace SoHoa.Tests.Pdf.Composition;

/// <summary>
/// Reads XMP properties in every form RDF/XML allows the composer to write them: a simple property as an attribute
/// of its <c>rdf:Description</c> or as an element, a structure as the attributes of an empty element or as child
/// elements. Linked into the integration tests.
/// </summary>
internal static class XmpReading
{
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>The value of a simple property, or null when the packet has none.</summary>
    public static string? Simple(XDocument xmp, XName property) =>
        xmp.Descendants(Rdf + "Description").Select(d => d.Attribute(property)?.Value).FirstOrDefault(v => v is not null)
        ?? xmp.Descendants(property).FirstOrDefault()?.Value;

    /// <summary>The first item of an array property (rdf:Alt, rdf:Seq or rdf:Bag), or null when the packet has none.</summary>
    public static string? FirstItem(XDocument xmp, XName property) =>
        xmp.Descendants(property).FirstOrDefault()?.Descendants(Rdf + "li").FirstOrDefault()?.Value;

    /// <summary>Every simple property of the namespace on the packet's descriptions, by local name.</summary>
    public static Dictionary<string, string> PropertiesIn(XDocument xmp, XNamespace ns)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (XElement description in xmp.Descendants(Rdf + "Description"))
        {
            foreach (XAttribute attribute in description.Attributes().Where(a => a.Name.Namespace == ns))
            {
                properties.Add(attribute.Name.LocalName, attribute.Value);
            }

            foreach (XElement element in description.Elements().Where(e => e.Name.Namespace == ns))
            {
                properties.Add(element.Name.LocalName, element.Value);
            }
        }

        return properties;
    }

    /// <summary>The fields of a structure value (an <c>rdf:li</c> item or a property element), by name.</summary>
    public static Dictionary<XName, string> Fields(XElement structure) =>
        structure.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace != Rdf).Select(a => (a.Name, a.Value))
            .Concat(structure.Elements().Where(e => !e.HasElements).Select(e => (e.Name, e.Value)))
            .ToDictionary(f => f.Name, f => f.Value);
}

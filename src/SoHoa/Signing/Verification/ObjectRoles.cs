using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>
/// The part an object plays in one revision of a document, found by walking the document from that revision's
/// trailer: never from what the object says it is. An object can play several parts (a font drawn by a page and by a
/// signature's appearance); the change classifier then requires every one of them to allow a change.
/// </summary>
[Flags]
internal enum ObjectRole
{
    /// <summary>No part: not reached from the trailer.</summary>
    None = 0,

    /// <summary>Anything a viewer may show or use that no rule below singles out: pages, content, resources, outlines, names.</summary>
    Document = 1 << 0,

    /// <summary>The catalog (the trailer's /Root).</summary>
    Catalog = 1 << 1,

    /// <summary>The document information dictionary (the trailer's /Info).</summary>
    Info = 1 << 2,

    /// <summary>The catalog's XMP /Metadata stream.</summary>
    Metadata = 1 << 3,

    /// <summary>The interactive form (the catalog's /AcroForm).</summary>
    Form = 1 << 4,

    /// <summary>An indirect array of fields (the form's /Fields) or of annotations (a page's /Annots).</summary>
    FieldOrAnnotationList = 1 << 5,

    /// <summary>A signature field, or a widget of one, reached from the form's fields or a page's annotations.</summary>
    SignatureField = 1 << 6,

    /// <summary>The value (/V) of a signature field: the signature dictionary, and what it references.</summary>
    SignatureValue = 1 << 7,

    /// <summary>What a signature field's widgets draw (/AP) and the other entries of the field (/Lock, /SV, /MK).</summary>
    SignatureAppearance = 1 << 8,

    /// <summary>A form field other than a signature field, or a widget of one.</summary>
    FormField = 1 << 9,

    /// <summary>A form field's value and appearance.</summary>
    FormAppearance = 1 << 10,

    /// <summary>An annotation other than a widget, with its appearance and pop-up.</summary>
    Annotation = 1 << 11,

    /// <summary>The DSS and what its own keys reach (/Certs, /OCSPs, /CRLs, /VRI and the VRI entries' /Cert, /OCSP, /CRL, /TS).</summary>
    ValidationData = 1 << 12,

    /// <summary>What only helps a viewer draw or describe the document: the catalog's /Extensions, the form's default resources (/DR).</summary>
    Support = 1 << 13,
}

/// <summary>
/// The roles of every object reachable from one revision's trailer, with the signature or form field that owns each
/// field, value and appearance object. References to objects the revision does not define are reachable too: that is
/// how a dangling reference is recognised when a later revision defines the object.
/// </summary>
internal sealed class ObjectRoles
{
    private const int MaxFieldDepth = 32;
    private static readonly HashSet<string> DssLists = new(StringComparer.Ordinal) { "Certs", "OCSPs", "CRLs" };
    private static readonly HashSet<string> VriLists = new(StringComparer.Ordinal) { "Cert", "OCSP", "CRL" };

    private readonly Dictionary<int, HashSet<(ObjectRole Role, int Owner)>> _roles = [];
    private readonly IPdfObjectResolver _resolver;

    private ObjectRoles(IPdfObjectResolver resolver) => _resolver = resolver;

    /// <summary>The sub-structure of a DSS or an appearance that a walk is in, beyond the role itself.</summary>
    private enum Place
    {
        Plain,
        DssDictionary,
        DssList,
        VriMap,
        VriEntry,
    }

    /// <summary>Walks revision <paramref name="revision"/> of <paramref name="reader"/> from its trailer.</summary>
    public static ObjectRoles Of(PdfFileReader reader, int revision)
    {
        var roles = new ObjectRoles(reader.AsOfRevision(revision));
        roles.Walk(reader.GetTrailer(revision));
        return roles;
    }

    /// <summary>True when the revision reaches object <paramref name="number"/> (defined or not).</summary>
    public bool Reaches(int number) => _roles.ContainsKey(number);

    /// <summary>Every role object <paramref name="number"/> plays.</summary>
    public ObjectRole RolesOf(int number) =>
        _roles.TryGetValue(number, out HashSet<(ObjectRole Role, int Owner)>? set) ? set.Aggregate(ObjectRole.None, (all, r) => all | r.Role) : ObjectRole.None;

    /// <summary>The fields (object numbers) owning object <paramref name="number"/> in the field, value and appearance roles.</summary>
    public IReadOnlySet<int> OwnersOf(int number) =>
        _roles.TryGetValue(number, out HashSet<(ObjectRole Role, int Owner)>? set) ? set.Where(r => r.Owner > 0).Select(r => r.Owner).ToHashSet() : [];

    private void Walk(PdfDictionary trailer)
    {
        var pending = new Stack<(PdfReference Reference, ObjectRole Role, Place Place, int Owner)>();
        foreach (KeyValuePair<PdfName, PdfObject> entry in trailer)
        {
            ObjectRole role = entry.Key.Value switch
            {
                "Root" => ObjectRole.Catalog,
                "Info" => ObjectRole.Info,
                "Prev" or "XRefStm" or "Size" or "ID" or "W" or "Index" or "Length" or "Filter" or "DecodeParms" or "Type" => ObjectRole.None,
                _ => ObjectRole.Document,
            };
            if (role != ObjectRole.None)
            {
                Visit(entry.Value, role, Place.Plain, 0, pending, 0);
            }
        }

        while (pending.Count > 0)
        {
            (PdfReference reference, ObjectRole role, Place place, int owner) = pending.Pop();
            PdfObject value;
            try
            {
                value = _resolver.Resolve(reference);
            }
            catch (PdfSyntaxException)
            {
                continue;
            }

            VisitValue(value, reference.ObjectNumber, role, place, owner, pending, 0);
        }
    }

    /// <summary>Records a reference's role (to resolve later), or walks a direct object's entries now.</summary>
    private void Visit(PdfObject item, ObjectRole role, Place place, int owner, Stack<(PdfReference, ObjectRole, Place, int)> pending, int depth)
    {
        if (item is PdfReference reference)
        {
            if (!_roles.TryGetValue(reference.ObjectNumber, out HashSet<(ObjectRole Role, int Owner)>? set))
            {
                _roles[reference.ObjectNumber] = set = [];
            }

            if (set.Add((role, owner)))
            {
                pending.Push((reference, role, place, owner));
            }

            return;
        }

        VisitValue(item, 0, role, place, owner, pending, depth);
    }

    private void VisitValue(PdfObject value, int number, ObjectRole role, Place place, int owner, Stack<(PdfReference, ObjectRole, Place, int)> pending, int depth)
    {
        if (depth > PdfParser.MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case PdfArray array:
                foreach (PdfObject element in array)
                {
                    (ObjectRole r, Place p, int o) = ElementRole(element, role, place, owner);
                    Visit(element, r, p, o, pending, depth + 1);
                }

                break;
            case PdfStream stream:
                // A stream's dictionary holds its /Length and filters, and for XObjects their resources: same role.
                VisitEntries(stream.Dictionary, number, role, Place.Plain, owner, pending, depth + 1);
                break;
            case PdfDictionary dictionary:
                VisitEntries(dictionary, number, role, place, owner, pending, depth + 1);
                break;
        }
    }

    private void VisitEntries(PdfDictionary dictionary, int number, ObjectRole role, Place place, int owner, Stack<(PdfReference, ObjectRole, Place, int)> pending, int depth)
    {
        foreach (KeyValuePair<PdfName, PdfObject> entry in dictionary)
        {
            (ObjectRole r, Place p, int o) = EntryRole(dictionary, number, entry.Key.Value, entry.Value, role, place, owner);
            if (r != ObjectRole.None)
            {
                Visit(entry.Value, r, p, o, pending, depth);
            }
        }
    }

    /// <summary>The role of the value under key <paramref name="key"/> of a dictionary playing <paramref name="role"/>.</summary>
    private (ObjectRole, Place, int) EntryRole(PdfDictionary dictionary, int number, string key, PdfObject value, ObjectRole role, Place place, int owner)
    {
        const ObjectRole document = ObjectRole.Document;
        switch (role)
        {
            case ObjectRole.Catalog:
                return key switch
                {
                    "AcroForm" => (ObjectRole.Form, Place.Plain, 0),
                    "DSS" => (ObjectRole.ValidationData, Place.DssDictionary, 0),
                    "Metadata" => (ObjectRole.Metadata, Place.Plain, 0),
                    "Extensions" => (ObjectRole.Support, Place.Plain, 0),
                    _ => (document, Place.Plain, 0),
                };
            case ObjectRole.Form:
                return key switch
                {
                    "Fields" => (ObjectRole.FieldOrAnnotationList, Place.Plain, 0),
                    "DR" => (ObjectRole.Support, Place.Plain, 0),
                    _ => (document, Place.Plain, 0),
                };
            case ObjectRole.Document when key == "Annots" && dictionary.GetName("Type")?.Value == "Page":
                return (ObjectRole.FieldOrAnnotationList, Place.Plain, 0);
            case ObjectRole.SignatureField or ObjectRole.FormField:
                bool signature = role == ObjectRole.SignatureField;
                return key switch
                {
                    "Kids" => (ObjectRole.FieldOrAnnotationList, Place.Plain, 0),
                    "Parent" => ElementRole(value, ObjectRole.FieldOrAnnotationList, Place.Plain, 0),
                    "P" => (document, Place.Plain, 0),
                    "V" => (signature ? ObjectRole.SignatureValue : ObjectRole.FormAppearance, Place.Plain, owner),
                    "AP" => (signature ? ObjectRole.SignatureAppearance : ObjectRole.FormAppearance, Place.Plain, owner),
                    // A signature field's other entries (/Lock, /SV, /MK) belong to it; a form field's (actions) are the document's.
                    _ => signature ? (ObjectRole.SignatureAppearance, Place.Plain, owner) : (document, Place.Plain, 0),
                };
            case ObjectRole.SignatureValue when key == "Data":
                // A signature reference's /Data points back into the document, which is walked from the trailer anyway.
                return (ObjectRole.None, Place.Plain, 0);
            case ObjectRole.Annotation:
                return key switch
                {
                    "P" => (document, Place.Plain, 0),
                    "Parent" or "Popup" or "IRT" => ElementRole(value, ObjectRole.FieldOrAnnotationList, Place.Plain, 0),
                    _ => (ObjectRole.Annotation, Place.Plain, number),
                };
            case ObjectRole.ValidationData:
                return place switch
                {
                    Place.DssDictionary when DssLists.Contains(key) => (ObjectRole.ValidationData, Place.DssList, 0),
                    Place.DssDictionary when key == "VRI" => (ObjectRole.ValidationData, Place.VriMap, 0),
                    Place.DssDictionary when key == "Type" => (ObjectRole.None, Place.Plain, 0),
                    Place.VriMap => (ObjectRole.ValidationData, Place.VriEntry, 0),
                    Place.VriEntry when VriLists.Contains(key) => (ObjectRole.ValidationData, Place.DssList, 0),
                    Place.VriEntry when key is "TS" => (ObjectRole.ValidationData, Place.Plain, 0),
                    Place.VriEntry when key is "TU" or "Type" => (ObjectRole.None, Place.Plain, 0),
                    Place.Plain => (ObjectRole.ValidationData, Place.Plain, 0),
                    _ => (document, Place.Plain, 0),
                };
            default:
                // Document, Info, Metadata, Support, lists' contents, values and appearances keep their role all the way down.
                return role == ObjectRole.FieldOrAnnotationList ? ElementRole(value, role, place, owner) : (role, Place.Plain, owner);
        }
    }

    /// <summary>The role of an element of an array playing <paramref name="role"/>: a list's entries are fields, widgets or annotations.</summary>
    private (ObjectRole, Place, int) ElementRole(PdfObject element, ObjectRole role, Place place, int owner)
    {
        if (role == ObjectRole.ValidationData)
        {
            return place == Place.DssList ? (role, Place.Plain, 0) : place == Place.Plain ? (role, Place.Plain, 0) : (ObjectRole.Document, Place.Plain, 0);
        }

        if (role != ObjectRole.FieldOrAnnotationList)
        {
            return (role, place, owner);
        }

        PdfDictionary? dictionary = Resolve(element) as PdfDictionary;
        if (dictionary is null)
        {
            return (ObjectRole.Document, Place.Plain, 0);
        }

        int number = (element as PdfReference)?.ObjectNumber ?? 0;
        bool widget = dictionary.GetName("Subtype")?.Value == "Widget";
        if (!widget && FieldType(dictionary) is null)
        {
            return IsAnnotation(dictionary) ? (ObjectRole.Annotation, Place.Plain, number) : (ObjectRole.Document, Place.Plain, 0);
        }

        int field = OwningField(number, dictionary);
        return FieldType(dictionary) == "Sig" ? (ObjectRole.SignatureField, Place.Plain, field) : (ObjectRole.FormField, Place.Plain, field);
    }

    /// <summary>The field type (/FT), inherited from the field's ancestors when the object has none of its own.</summary>
    public string? FieldType(PdfDictionary field)
    {
        PdfDictionary? current = field;
        for (int i = 0; current is not null && i < MaxFieldDepth; i++)
        {
            if (current.GetName("FT")?.Value is { } type)
            {
                return type;
            }

            current = current["Parent"] is { } parent ? Resolve(parent) as PdfDictionary : null;
        }

        return null;
    }

    /// <summary>The terminal field an object belongs to: itself when it has a name (/T) or no parent, else its parent (a widget kid).</summary>
    public int OwningField(int number, PdfDictionary dictionary)
    {
        if (dictionary.ContainsKey("T") || dictionary["Parent"] is not PdfReference parent)
        {
            return number;
        }

        return parent.ObjectNumber;
    }

    /// <summary>An annotation other than a widget: one with a /Subtype naming an annotation type, or /Type /Annot.</summary>
    public static bool IsAnnotation(PdfDictionary dictionary)
    {
        string? subtype = dictionary.GetName("Subtype")?.Value;
        return subtype != "Widget" && !dictionary.ContainsKey("FT") && (dictionary.GetName("Type")?.Value == "Annot" || subtype is "Text" or "Link" or "FreeText" or "Line" or "Square"
            or "Circle" or "Polygon" or "PolyLine" or "Highlight" or "Underline" or "Squiggly" or "StrikeOut" or "Stamp" or "Caret" or "Ink" or "Popup" or "FileAttachment" or "Redact");
    }

    private PdfObject Resolve(PdfObject item)
    {
        try
        {
            return _resolver.Resolve(item);
        }
        catch (PdfSyntaxException)
        {
            return PdfNull.Instance;
        }
    }
}

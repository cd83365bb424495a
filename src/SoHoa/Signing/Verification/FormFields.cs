using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Walks an interactive form's field tree (the AcroForm's /Fields and their /Kids) in document order, naming each
/// field as ISO 32000-1 §12.7.3.2 does: the partial names (/T) of its ancestors and its own, joined by dots. A widget
/// without a /T of its own is part of its parent field and has the parent's name. Each object is visited once, and
/// the tree is followed 32 levels deep at most, so a looping or absurdly deep form ends the walk rather than the process.
/// </summary>
internal static class FormFields
{
    private const int MaxDepth = 32;

    /// <summary>
    /// The signature fields whose widgets the pages' /Annots hold, as of <paramref name="revision"/>, with their fully
    /// qualified names: some signers (poppler's pdfsig among them) add a signature's widget to its page without listing
    /// its field in the form's /Fields, and a viewer still shows and validates it.
    /// </summary>
    public static IEnumerable<(string Name, PdfDictionary Field)> SignatureFieldsOnPages(PdfFileReader reader, int revision)
    {
        IPdfObjectResolver resolver = reader.AsOfRevision(revision);
        IReadOnlyList<PdfReference> pages;
        try
        {
            pages = reader.GetPageReferences(revision);
        }
        catch (PdfSyntaxException)
        {
            yield break;
        }

        foreach (PdfReference page in pages)
        {
            foreach (PdfObject annotation in (resolver.Resolve(page) as PdfDictionary)?.GetArray("Annots", resolver) ?? [])
            {
                if (resolver.Resolve(annotation) is not PdfDictionary widget || widget.GetName("Subtype", resolver)?.Value != "Widget")
                {
                    continue;
                }

                // The dictionary holding the value: the widget itself when it has one (pdfsig writes /V on a kid widget), is
                // named or has no parent; else its parent, the field.
                PdfDictionary field = widget.ContainsKey("V") || widget.ContainsKey("T") || widget.GetDictionary("Parent", resolver) is not { } parent ? widget : parent;
                if (Inherited(field, "FT", resolver) is PdfName { Value: "Sig" })
                {
                    yield return (QualifiedName(field, resolver), field);
                }
            }
        }
    }

    /// <summary>True when <paramref name="field"/> is a signature field or a widget of one: its /FT, or an ancestor's, is /Sig.</summary>
    public static bool IsSignatureField(PdfDictionary field, IPdfObjectResolver resolver) => Inherited(field, "FT", resolver) is PdfName { Value: "Sig" };

    private static PdfObject? Inherited(PdfDictionary field, string key, IPdfObjectResolver resolver)
    {
        PdfDictionary? current = field;
        for (int depth = 0; current is not null && depth <= MaxDepth; depth++)
        {
            if (current.Get(key, resolver) is { } value)
            {
                return value;
            }

            current = current.GetDictionary("Parent", resolver);
        }

        return null;
    }

    private static string QualifiedName(PdfDictionary field, IPdfObjectResolver resolver)
    {
        var parts = new List<string>();
        PdfDictionary? current = field;
        for (int depth = 0; current is not null && depth <= MaxDepth; depth++)
        {
            if (current.GetString("T", resolver)?.ToText() is { } partial)
            {
                parts.Insert(0, partial);
            }

            current = current.GetDictionary("Parent", resolver);
        }

        return parts.Count == 0 ? "(unnamed)" : string.Join('.', parts);
    }

    /// <summary>Every field and widget under <paramref name="fields"/>, with its reference (null for a direct object) and fully qualified name.</summary>
    public static IEnumerable<(PdfReference? Reference, string Name, PdfDictionary Field)> Walk(PdfArray fields, IPdfObjectResolver resolver)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<(PdfObject Item, string? Parent, int Depth)>(fields.Reverse().Select(f => (f, (string?)null, 0)));
        while (stack.Count > 0)
        {
            (PdfObject item, string? parent, int depth) = stack.Pop();
            PdfReference? reference = item as PdfReference;
            if (depth > MaxDepth || (reference is not null && !seen.Add(reference.ObjectNumber)) || resolver.Resolve(item) is not PdfDictionary field)
            {
                continue;
            }

            string? partial = field.GetString("T", resolver)?.ToText();
            string name = partial is null ? parent ?? "(unnamed)" : parent is null ? partial : parent + "." + partial;
            yield return (reference, name, field);
            foreach (PdfObject kid in (field.GetArray("Kids", resolver) ?? []).Reverse())
            {
                stack.Push((kid, name, depth + 1));
            }
        }
    }
}

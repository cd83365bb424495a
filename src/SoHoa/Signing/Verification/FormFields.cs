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

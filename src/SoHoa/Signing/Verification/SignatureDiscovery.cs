using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>A signature found in the file: its field's name, the reference to its value, the value (the signature dictionary) and the field.</summary>
internal sealed record FoundSignature(string Name, PdfReference Reference, PdfDictionary Signature, PdfDictionary Field);

/// <summary>Finds the signatures of a PDF, through the form and through the pages' /Annots, in every revision.</summary>
internal static class SignatureDiscovery
{
    /// <summary>
    /// The signature fields of every revision's form, not only the latest: a later revision that drops a field from
    /// the form (or points /Root at a shadow catalog) must not make its signature disappear from the report.
    /// </summary>
    public static List<FoundSignature> Find(PdfFileReader reader)
    {
        var found = new List<FoundSignature>();
        var seenValues = new HashSet<int>();
        for (int r = reader.Revisions.Count - 1; r >= 0; r--)
        {
            PdfDictionary catalog;
            try
            {
                catalog = reader.GetCatalog(r);
            }
            catch (PdfSyntaxException) when (r < reader.Revisions.Count - 1)
            {
                continue;
            }

            IPdfObjectResolver resolver = reader.AsOfRevision(r);
            IEnumerable<(string Name, PdfDictionary Field)> inForm = catalog.GetDictionary("AcroForm", resolver)?.GetArray("Fields", resolver) is { } fields
                ? FormFields.Walk(fields, resolver).Where(f => FormFields.IsSignatureField(f.Field, resolver)).Select(f => (f.Name, f.Field))
                : [];
            foreach ((string name, PdfDictionary field) in inForm.Concat(FormFields.SignatureFieldsOnPages(reader, r)))
            {
                // The value as the latest revision defines it: that is what a viewer shows and what must be checked.
                if (field["V"] is PdfReference valueReference && seenValues.Add(valueReference.ObjectNumber) && reader.Resolve(valueReference) is PdfDictionary value)
                {
                    found.Add(new FoundSignature(name, valueReference, value, field));
                }
            }
        }

        return found;
    }

    /// <summary>True when the signature dictionary is a document timestamp (SubFilter ETSI.RFC3161, or /Type /DocTimeStamp).</summary>
    public static bool IsDocumentTimestamp(PdfDictionary signature, IPdfObjectResolver resolver) =>
        signature.GetName("SubFilter", resolver)?.Value == "ETSI.RFC3161" || signature.GetName("Type", resolver)?.Value == "DocTimeStamp";
}

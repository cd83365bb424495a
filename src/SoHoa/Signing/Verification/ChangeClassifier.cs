using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Sorts the objects that revisions after a signature add or redefine into kinds of change (housekeeping, DSS and
/// document timestamps, signing, form filling, annotations, anything else), then judges each against the rules that
/// hold for that signature (<see cref="ModificationRules"/>). Incremental saving and shadow attacks rely on changes of the
/// last kind, which are never allowed.
/// </summary>
internal sealed class ChangeClassifier(PdfFileReader reader)
{
    /// <summary>Every change made after revision <paramref name="signedRevision"/>, judged by <paramref name="rules"/>.</summary>
    public IReadOnlyList<LaterChange> ChangesAfter(int signedRevision, ModificationRules rules)
    {
        var changes = new List<LaterChange>();
        HashSet<int> validationData = _validationData ??= ValidationDataObjects();
        for (int r = signedRevision + 1; r < reader.Revisions.Count; r++)
        {
            PdfRevision revision = reader.Revisions[r];
            foreach (string key in new[] { "Root", "Info", "Encrypt" })
            {
                PdfObject? before = reader.Revisions[r - 1].Trailer[key];
                PdfObject? after = revision.Trailer[key];
                if ((before is null) != (after is null) || (before is not null && !Same(before, after!)))
                {
                    int number = (after as PdfReference)?.ObjectNumber ?? (before as PdfReference)?.ObjectNumber ?? 0;
                    changes.Add(Judge(r, number, new Change($"trailer /{key} changed", ChangeKind.Other), rules));
                }
            }

            foreach (int freed in revision.FreedObjectNumbers.Order())
            {
                changes.Add(Judge(r, freed, new Change("object deleted", ChangeKind.Other), rules));
            }

            foreach (int number in revision.DefinedObjectNumbers.Order())
            {
                changes.Add(Judge(r, number, Classify(number, r, validationData), rules));
            }
        }

        return changes;
    }

    /// <summary>Whether a change of <paramref name="change"/>'s kind in revision <paramref name="revision"/> is allowed, and the rule that says so.</summary>
    private static LaterChange Judge(int revision, int number, Change change, ModificationRules rules)
    {
        (bool allowed, string reason) = rules.Judge(change.Kind, change.Field, revision);
        return new LaterChange(revision, number, change.What, allowed) { Reason = reason };
    }

    private Change Classify(int number, int revision, HashSet<int> validationData)
    {
        PdfObject current;
        PdfObject? previous;
        try
        {
            current = reader.GetObject(number, revision);
            previous = reader.GetXrefEntry(number, revision - 1, out _) is { IsInUse: true } ? reader.GetObject(number, revision - 1) : null;
        }
        catch (PdfSyntaxException ex)
        {
            return new("unreadable object: " + ex.Message, ChangeKind.Other);
        }

        if (previous is not null && Same(current, previous))
        {
            return new("unchanged copy", ChangeKind.Housekeeping);
        }

        PdfDictionary? dictionary = current as PdfDictionary ?? (current as PdfStream)?.Dictionary;
        string? type = dictionary?.GetName("Type")?.Value;
        if (current is PdfStream && type is "XRef" or "ObjStm")
        {
            return new(type == "XRef" ? "cross-reference stream" : "object stream", ChangeKind.Housekeeping);
        }

        if (validationData.Contains(number))
        {
            return new("DSS validation data", previous is null || type == "DSS" ? ChangeKind.ValidationData : ChangeKind.Other);
        }

        if (previous is null && AppearanceObjects(revision).TryGetValue(number, out Change? appearance))
        {
            return appearance;
        }

        if (dictionary is null)
        {
            return new(previous is null ? "new object" : "changed object", ChangeKind.Other);
        }

        if (type is "Sig" or "DocTimeStamp" || dictionary.ContainsKey("ByteRange"))
        {
            ChangeKind kind = previous is not null ? ChangeKind.Other : type == "DocTimeStamp" ? ChangeKind.ValidationData : ChangeKind.Signing;
            return new(type == "DocTimeStamp" ? "document timestamp" : "signature dictionary", kind);
        }

        if (IsSignatureWidget(dictionary))
        {
            bool signing = previous is null || (previous is PdfDictionary before && !before.ContainsKey("V") && OnlyKeysDiffer(before, dictionary, "V", "AP"));
            return new("signature field", signing ? SignatureKind(dictionary, reader.AsOfRevision(revision)) : ChangeKind.Other);
        }

        if (number == reader.Trailer.GetReference("Root")?.ObjectNumber)
        {
            ChangeKind? form = previous is PdfDictionary before && OnlyKeysDiffer(before, dictionary, "AcroForm", "DSS") ? FormChange(before, dictionary, revision) : null;
            return new("document catalog", form ?? ChangeKind.Other);
        }

        if (type == "Page")
        {
            ChangeKind kind = previous is PdfDictionary before && OnlyKeysDiffer(before, dictionary, "Annots")
                ? AnnotationsChange(before.Get("Annots", reader.AsOfRevision(revision - 1)), dictionary.Get("Annots", reader.AsOfRevision(revision)), revision)
                : ChangeKind.Other;
            return new(kind == ChangeKind.Annotation ? "page annotations" : "page", kind);
        }

        if (dictionary.ContainsKey("Fields") && dictionary.ContainsKey("SigFlags"))
        {
            PdfDictionary before = previous as PdfDictionary ?? new PdfDictionary();
            ChangeKind? form = previous is null or PdfDictionary && OnlyKeysDiffer(before, dictionary, "Fields", "SigFlags")
                ? AppendedSignatures(before.Get("Fields", reader.AsOfRevision(revision - 1)), dictionary.Get("Fields", reader.AsOfRevision(revision)), revision)
                : null;
            return new("interactive form", form ?? ChangeKind.Other);
        }

        if (previous is PdfDictionary filled && IsFormField(filled) && FieldName(number, revision - 1) is { } field && OnlyKeysDiffer(filled, dictionary, "V", "AP", "AS"))
        {
            return new($"form field '{field}' filled in", ChangeKind.FormFilling, field);
        }

        if (IsAnnotation(dictionary) && (previous is null || (previous is PdfDictionary annotation && IsAnnotation(annotation))))
        {
            return new($"annotation ({dictionary.GetName("Subtype")?.Value}) {(previous is null ? "added" : "changed")}", ChangeKind.Annotation);
        }

        return new(Describe(dictionary, current), ChangeKind.Other);
    }

    /// <summary>
    /// What a change of a page's /Annots is: signing when it only appends signature widgets; annotating when, besides
    /// that, it adds or removes annotations other than widgets; anything else (a widget removed, a non-annotation added) otherwise.
    /// </summary>
    private ChangeKind AnnotationsChange(PdfObject? before, PdfObject? after, int revision)
    {
        if (AppendedSignatures(before, after, revision) is { } signing)
        {
            return signing;
        }

        if (after is not (PdfArray or null) || before is not (PdfArray or null))
        {
            return ChangeKind.Other;
        }

        IPdfObjectResolver was = reader.AsOfRevision(revision - 1);
        IPdfObjectResolver now = reader.AsOfRevision(revision);
        List<PdfObject> old = [.. before as PdfArray ?? []];
        List<PdfObject> current = [.. after as PdfArray ?? []];
        List<PdfObject> removed = old.Where(o => !current.Any(c => Same(o, c))).ToList();
        List<PdfObject> added = current.Where(c => !old.Any(o => Same(o, c))).ToList();
        bool removedOnlyAnnotations = removed.All(o => was.Resolve(o) is PdfDictionary d && IsAnnotation(d));
        bool addedOnlyAnnotationsOrSignatures = added.All(c => now.Resolve(c) is PdfDictionary d && (IsAnnotation(d) || IsSignatureWidget(d)));
        return removedOnlyAnnotations && addedOnlyAnnotationsOrSignatures && (removed.Count > 0 || added.Count > 0) ? ChangeKind.Annotation : ChangeKind.Other;
    }

    /// <summary>
    /// The kind of change the catalog's /AcroForm makes: none, or only signature fields appended (a document timestamp's
    /// field is validation data, any other a signature); null for anything else. An indirect form is judged as an object
    /// of its own, so the catalog may only keep pointing at the same one, or at one new in this revision.
    /// </summary>
    private ChangeKind? FormChange(PdfDictionary before, PdfDictionary after, int revision)
    {
        PdfObject? formBefore = before["AcroForm"];
        PdfObject? formAfter = after["AcroForm"];
        if (formAfter is null)
        {
            return formBefore is null ? ChangeKind.ValidationData : null;
        }

        if (formAfter is PdfReference reference)
        {
            bool kept = formBefore is not null && Same(formBefore, formAfter);
            bool added = formBefore is null && reader.GetXrefEntry(reference.ObjectNumber, revision - 1, out _) is not { IsInUse: true };
            return kept || added ? ChangeKind.ValidationData : null;
        }

        var previousForm = reader.AsOfRevision(revision - 1).Resolve(formBefore ?? new PdfDictionary()) as PdfDictionary ?? new PdfDictionary();
        var currentForm = (PdfDictionary)formAfter;
        return OnlyKeysDiffer(previousForm, currentForm, "Fields", "SigFlags")
            ? AppendedSignatures(previousForm.Get("Fields", reader.AsOfRevision(revision - 1)), currentForm.Get("Fields", reader.AsOfRevision(revision)), revision)
            : null;
    }

    /// <summary>
    /// The kind of change from the array <paramref name="before"/> to <paramref name="after"/> (a form's /Fields, a page's
    /// /Annots) when it keeps every entry and only appends signature widgets: validation data when all of those are
    /// document timestamps' (or none were appended), signing otherwise; null for any other change.
    /// </summary>
    private ChangeKind? AppendedSignatures(PdfObject? before, PdfObject? after, int revision)
    {
        PdfArray old = before as PdfArray ?? [];
        if (after is not PdfArray current || current.Count < old.Count)
        {
            return before is null && after is null ? ChangeKind.ValidationData : null;
        }

        for (int i = 0; i < old.Count; i++)
        {
            if (!Same(old[i], current[i]))
            {
                return null;
            }
        }

        IPdfObjectResolver resolver = reader.AsOfRevision(revision);
        ChangeKind kind = ChangeKind.ValidationData;
        for (int i = old.Count; i < current.Count; i++)
        {
            if (resolver.Resolve(current[i]) is not PdfDictionary added || !IsSignatureWidget(added))
            {
                return null;
            }

            kind = (ChangeKind)Math.Max((int)kind, (int)SignatureKind(added, resolver));
        }

        return kind;
    }

    /// <summary>A signature widget whose value is a document timestamp is validation data; any other, a signature.</summary>
    private static ChangeKind SignatureKind(PdfDictionary widget, IPdfObjectResolver resolver) =>
        widget["V"] is { } value && resolver.Resolve(value) is PdfDictionary signature
            && (signature.GetName("Type")?.Value == "DocTimeStamp" || signature.GetName("SubFilter")?.Value == "ETSI.RFC3161")
            ? ChangeKind.ValidationData
            : ChangeKind.Signing;

    private readonly Dictionary<int, Dictionary<int, Change>> _appearanceObjects = [];
    private HashSet<int>? _validationData;

    private readonly Dictionary<int, Dictionary<int, string>> _fieldNames = [];

    /// <summary>
    /// The objects new in <paramref name="revision"/> that only the appearance streams (/AP) of that revision's new or
    /// changed widgets and annotations reach (form XObjects, their fonts and font files), each of the kind of change its
    /// owner makes: signing, form filling or annotating. Objects that existed before are never included, so an
    /// appearance cannot redefine anything a page already shows.
    /// </summary>
    private Dictionary<int, Change> AppearanceObjects(int revision)
    {
        if (_appearanceObjects.TryGetValue(revision, out Dictionary<int, Change>? cached))
        {
            return cached;
        }

        var result = new Dictionary<int, Change>();
        IPdfObjectResolver resolver = reader.AsOfRevision(revision);
        IReadOnlySet<int> defined = reader.Revisions[revision].DefinedObjectNumbers;
        bool IsNew(int n) => defined.Contains(n) && reader.GetXrefEntry(n, revision - 1, out _) is not { IsInUse: true };
        void Walk(PdfObject? item, int depth, Change owner)
        {
            if (item is null || depth > 12)
            {
                return;
            }

            if (item is PdfReference r)
            {
                if (!IsNew(r.ObjectNumber) || !result.TryAdd(r.ObjectNumber, owner))
                {
                    return;
                }

                item = resolver.Resolve(r);
            }

            switch (item)
            {
                case PdfStream stream:
                    Walk(stream.Dictionary, depth + 1, owner);
                    break;
                case PdfDictionary d:
                    foreach (KeyValuePair<PdfName, PdfObject> entry in d)
                    {
                        Walk(entry.Value, depth + 1, owner);
                    }

                    break;
                case PdfArray a:
                    foreach (PdfObject element in a)
                    {
                        Walk(element, depth + 1, owner);
                    }

                    break;
            }
        }

        foreach (int candidate in defined.Order())
        {
            if (resolver.Resolve(new PdfReference(candidate, 0)) is not PdfDictionary owner || owner["AP"] is not { } ap || resolver.Resolve(ap) is not PdfDictionary appearances)
            {
                continue;
            }

            Change? kind = IsSignatureWidget(owner) ? new("signature appearance", SignatureKind(owner, resolver))
                : IsFormField(owner) && FieldName(candidate, revision) is { } field ? new($"appearance of form field '{field}'", ChangeKind.FormFilling, field)
                : IsAnnotation(owner) ? new("annotation appearance", ChangeKind.Annotation)
                : null;
            if (kind is not null)
            {
                foreach (string state in new[] { "N", "R", "D" })
                {
                    Walk(appearances[state], 0, kind);
                }
            }
        }

        _appearanceObjects[revision] = result;
        return result;
    }

    /// <summary>The fully qualified name of the form field that object <paramref name="number"/> is (or is a widget of) in the form as of <paramref name="revision"/>.</summary>
    private string? FieldName(int number, int revision)
    {
        if (!_fieldNames.TryGetValue(revision, out Dictionary<int, string>? names))
        {
            names = [];
            IPdfObjectResolver resolver = reader.AsOfRevision(revision);
            try
            {
                if (reader.GetCatalog(revision).GetDictionary("AcroForm", resolver)?.GetArray("Fields", resolver) is { } fields)
                {
                    foreach ((PdfReference? reference, string name, _) in FormFields.Walk(fields, resolver))
                    {
                        if (reference is not null)
                        {
                            names.TryAdd(reference.ObjectNumber, name);
                        }
                    }
                }
            }
            catch (PdfSyntaxException)
            {
                // An unreadable form names no field.
            }

            _fieldNames[revision] = names;
        }

        return names.GetValueOrDefault(number);
    }

    private HashSet<int> ValidationDataObjects()
    {
        var numbers = new HashSet<int>();
        if (reader.GetCatalog()["DSS"] is not { } dss)
        {
            return numbers;
        }

        if (dss is PdfReference dssReference)
        {
            numbers.Add(dssReference.ObjectNumber);
        }

        void Collect(PdfObject? item, int depth)
        {
            if (item is null || depth > 6)
            {
                return;
            }

            if (item is PdfReference r)
            {
                if (!numbers.Add(r.ObjectNumber))
                {
                    return;
                }

                item = reader.Resolve(r);
            }

            switch (item)
            {
                case PdfArray array:
                    foreach (PdfObject element in array)
                    {
                        Collect(element, depth + 1);
                    }

                    break;
                case PdfDictionary dictionary when item is not PdfStream:
                    foreach (KeyValuePair<PdfName, PdfObject> entry in dictionary)
                    {
                        if (entry.Key.Value is "Certs" or "OCSPs" or "CRLs" or "VRI" or "Cert" or "OCSP" or "CRL" || depth >= 1)
                        {
                            Collect(entry.Value, depth + 1);
                        }
                    }

                    break;
            }
        }

        Collect(reader.Resolve(dss), 0);
        return numbers;
    }

    private static bool IsSignatureWidget(PdfDictionary dictionary) =>
        dictionary.GetName("FT")?.Value == "Sig" && (dictionary.GetName("Subtype")?.Value == "Widget" || dictionary.ContainsKey("T"));

    /// <summary>A field other than a signature field, or a widget of one (which inherits its /FT from its parent).</summary>
    private static bool IsFormField(PdfDictionary dictionary) =>
        dictionary.GetName("FT")?.Value is { } fieldType ? fieldType != "Sig" : dictionary.GetName("Subtype")?.Value == "Widget" && dictionary.ContainsKey("Parent");

    /// <summary>An annotation other than a widget: widgets belong to form fields.</summary>
    private static bool IsAnnotation(PdfDictionary dictionary)
    {
        string? subtype = dictionary.GetName("Subtype")?.Value;
        return subtype != "Widget" && !dictionary.ContainsKey("FT") && (dictionary.GetName("Type")?.Value == "Annot" || subtype is "Text" or "Link" or "FreeText" or "Line" or "Square"
            or "Circle" or "Polygon" or "PolyLine" or "Highlight" or "Underline" or "Squiggly" or "StrikeOut" or "Stamp" or "Caret" or "Ink" or "Popup" or "FileAttachment" or "Redact");
    }

    private static bool OnlyKeysDiffer(PdfDictionary before, PdfDictionary after, params string[] allowed)
    {
        var keys = before.Keys.Select(k => k.Value).Union(after.Keys.Select(k => k.Value), StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (allowed.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            PdfObject? a = before[key];
            PdfObject? b = after[key];
            if (a is null || b is null ? a != b : !Same(a, b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(PdfObject a, PdfObject b)
    {
        if (a is PdfStream sa && b is PdfStream sb)
        {
            return Same(sa.Dictionary, sb.Dictionary) && sa.RawData.Span.SequenceEqual(sb.RawData.Span);
        }

        return PdfSerializer.ToBytes(a).AsSpan().SequenceEqual(PdfSerializer.ToBytes(b));
    }

    private static string Describe(PdfDictionary dictionary, PdfObject current)
    {
        string? type = dictionary.GetName("Type")?.Value;
        string? subtype = dictionary.GetName("Subtype")?.Value;
        return (type, subtype, current) switch
        {
            ("Font", _, _) or (_, "Type0" or "TrueType" or "Type1" or "CIDFontType2", _) => "font",
            ("Annot", _, _) or (_, "Widget" or "Link" or "FreeText" or "Text" or "Stamp" or "Square", _) => $"annotation ({subtype})",
            ("XObject", _, _) or (_, "Image" or "Form", _) => $"XObject ({subtype})",
            ("Pages", _, _) => "page tree",
            (_, _, PdfStream) => "content stream or other stream",
            _ when dictionary.ContainsKey("FT") => "form field",
            _ => type is null ? "object" : type + " object",
        };
    }
}

using SoHoa.Pdf.Syntax;
using static SoHoa.Signing.Verification.ChangeVerdicts;

namespace SoHoa.Signing.Verification;

/// <summary>
/// How each structure the revision before used may change: the catalog, the form and its /Fields, a page's /Annots and
/// indirect field or annotation lists, a signature field prepared before, the information dictionary and XMP metadata.
/// Each answers with the kind of the change (<see cref="ChangeKind"/>); <see cref="ModificationRules"/> then judges it.
/// </summary>
internal sealed class StructureChanges
{
    private readonly PdfFileReader _reader;
    private readonly IReadOnlyDictionary<int, CheckedSignature> _signatures;
    private readonly ObjectEquality _equality;

    /// <summary>Creates the rules for the file <paramref name="reader"/> read, knowing which signatures were checked.</summary>
    public StructureChanges(PdfFileReader reader, IReadOnlyDictionary<int, CheckedSignature> signatures, ObjectEquality equality)
    {
        _reader = reader;
        _signatures = signatures;
        _equality = equality;
    }

    /// <summary>
    /// The catalog may gain or change a DSS (validation data), form fields (signing), and in a signing revision the
    /// signing tool's /Metadata, /Extensions and /Version; anything else about it is never allowed.
    /// </summary>
    public Change CatalogChange(PdfDictionary before, PdfDictionary after, RevisionView was, RevisionView now)
    {
        if (!_equality.OnlyKeysDiffer(before, after, "AcroForm", "DSS", "Metadata", "Extensions", "Version"))
        {
            return new("document catalog", ChangeKind.Other);
        }

        var verdicts = new List<Change> { new("document catalog", ChangeKind.ValidationData) };
        foreach (string key in new[] { "AcroForm", "DSS", "Metadata", "Extensions", "Version" })
        {
            PdfObject? old = before[key];
            PdfObject? current = after[key];
            if ((old is null && current is null) || (old is not null && current is not null && _equality.Same(old, current)))
            {
                continue;
            }

            verdicts.Add(key switch
            {
                "AcroForm" => was.Resolve(old) is var form && now.Resolve(current) is PdfDictionary newForm
                    ? FormChange(form as PdfDictionary ?? new PdfDictionary(), newForm, was, now) with { What = "document catalog's form" }
                    : new("document catalog: interactive form removed", ChangeKind.Other),
                "DSS" => new("document catalog's DSS", ChangeKind.ValidationData),
                "Metadata" => MetadataChange(was.Resolve(old), now.Resolve(current), now) with { What = "document catalog's metadata" },
                _ => now.Support($"document catalog's /{key}"),
            });
        }

        return Worst(verdicts);
    }

    /// <summary>A form may gain signature fields (/Fields appended, /SigFlags), and in a signing revision default resources (/DR) added.</summary>
    public Change FormChange(PdfDictionary before, PdfDictionary after, RevisionView was, RevisionView now)
    {
        if (!_equality.OnlyKeysDiffer(before, after, "Fields", "SigFlags", "DR"))
        {
            return new("interactive form", ChangeKind.Other);
        }

        Change fields = AppendedFields(was.Resolve(before["Fields"]), now.Resolve(after["Fields"]), was, now);
        Change resources = before["DR"] is { } dr && after["DR"] is { } newDr && _equality.Same(dr, newDr) ? new("interactive form", ChangeKind.ValidationData)
            : _equality.OnlyAdded(was.Resolve(before["DR"]) as PdfDictionary, now.Resolve(after["DR"]) as PdfDictionary, was, now) ? now.Support("form's default resources")
            : new("form's default resources changed", ChangeKind.Other);
        return Worst([fields with { What = "interactive form" }, resources]);
    }

    /// <summary>A page may only change its /Annots: signature widgets appended (signing), annotations added or removed.</summary>
    public Change PageChange(PdfDictionary before, PdfDictionary after, RevisionView was, RevisionView now) =>
        _equality.OnlyKeysDiffer(before, after, "Annots")
            ? AnnotationsChange(was.Resolve(before["Annots"]), now.Resolve(after["Annots"]), was, now) with { What = "page annotations" }
            : new("page", ChangeKind.Other);

    /// <summary>An indirect /Fields or /Annots array written again: judged like the form's or page's entry it is.</summary>
    public Change ListChange(PdfObject previous, PdfObject current, RevisionView was, RevisionView now) =>
        AnnotationsChange(previous, current, was, now) with { What = "field or annotation list" };

    /// <summary>A form's /Fields may only keep its entries and append signature fields.</summary>
    private Change AppendedFields(PdfObject? before, PdfObject? after, RevisionView was, RevisionView now)
    {
        PdfArray old = before as PdfArray ?? [];
        if (after is not PdfArray current || current.Count < old.Count || Enumerable.Range(0, old.Count).Any(i => !_equality.Same(old[i], current[i])))
        {
            return before is null && after is null ? new("interactive form", ChangeKind.ValidationData) : new("form fields replaced or removed", ChangeKind.Other);
        }

        return Worst(current.Skip(old.Count).Select(added => AddedWidgetOrField(added, was, now))
            .Prepend(new Change("interactive form", ChangeKind.ValidationData)));
    }

    /// <summary>
    /// A page's (or a list's) annotations may keep their entries and append signature widgets (signing) and, as
    /// annotating, add or remove annotations other than widgets; nothing else.
    /// </summary>
    private Change AnnotationsChange(PdfObject? before, PdfObject? after, RevisionView was, RevisionView now)
    {
        if (after is not (PdfArray or PdfNull or null) || before is not (PdfArray or PdfNull or null))
        {
            return new("annotations", ChangeKind.Other);
        }

        List<PdfObject> old = [.. before as PdfArray ?? []];
        List<PdfObject> current = [.. after as PdfArray ?? []];
        var verdicts = new List<Change> { new("annotations", ChangeKind.ValidationData) };
        foreach (PdfObject removed in _equality.NotIn(old, current))
        {
            verdicts.Add(was.Resolve(removed) is PdfDictionary d && ObjectRoles.IsAnnotation(d)
                ? new("annotation removed", ChangeKind.Annotation)
                : new("widget or other entry removed from the annotations", ChangeKind.Other));
        }

        foreach (PdfObject added in _equality.NotIn(current, old))
        {
            verdicts.Add(now.Resolve(added) is PdfDictionary d && ObjectRoles.IsAnnotation(d)
                ? new("annotation added", ChangeKind.Annotation)
                : AddedWidgetOrField(added, was, now));
        }

        return Worst(verdicts);
    }

    /// <summary>A field or widget appended to a form or a page: a signature field's, judged by <see cref="RevisionView.SignatureOwnerKind"/>; nothing else.</summary>
    private static Change AddedWidgetOrField(PdfObject added, RevisionView was, RevisionView now)
    {
        if (now.Resolve(added) is not PdfDictionary dictionary || now.Roles.FieldType(dictionary) != "Sig")
        {
            return new("a field or widget other than a signature's added", ChangeKind.Other);
        }

        int field = now.Roles.OwningField((added as PdfReference)?.ObjectNumber ?? 0, dictionary);
        return was.ValueOf(field) is not null ? new("widget of a signature made earlier added", ChangeKind.Other) : now.SignatureOwnerKind(field);
    }

    /// <summary>A signature field prepared before (no /V), or a widget of it, changed by the revision that signs it: value and appearance only.</summary>
    public Change FieldSigned(int number, int field, PdfObject previous, PdfObject current, RevisionView was, RevisionView now)
    {
        if (was.ValueOf(field) is not null || now.SignedIn(field) is not { } kind)
        {
            return new("signature field changed without being signed in this revision", ChangeKind.Other);
        }

        bool onlyValueAndAppearance = previous is PdfDictionary before && current is PdfDictionary after
            && _equality.OnlyKeysDiffer(before, after, "V", "AP", "AS", "MK", "M");
        return onlyValueAndAppearance ? new("signature field signed", kind) : new("signature field changed beyond its value and appearance", ChangeKind.Other);
    }

    /// <summary>A new signature dictionary counts as signing only when a checked signature of this revision is it.</summary>
    public Change SignatureValue(int number, RevisionView now) =>
        _signatures.TryGetValue(number, out CheckedSignature? signature) && signature.Revision == now.Index
            ? new(signature.IsDocumentTimestamp ? "document timestamp" : "signature dictionary", signature.IsDocumentTimestamp ? ChangeKind.ValidationData : ChangeKind.Signing)
            : new("signature dictionary that no checked signature of this revision covers", ChangeKind.Other);

    /// <summary>An object owned by signature fields (a widget, an appearance, a lock): as its fields are judged.</summary>
    public static Change Owned(int number, RevisionView now, string what) =>
        Worst(now.Roles.OwnersOf(number).Select(f => now.SignatureOwnerKind(f) with { What = what }));

    /// <summary>The information dictionary may only change /ModDate and /Producer, and only in a revision that signs.</summary>
    public Change InfoChange(PdfDictionary? before, PdfDictionary? after, RevisionView now) =>
        before is not null && after is not null && _equality.OnlyKeysDiffer(before, after, "ModDate", "Producer")
            ? now.Support("document information (/ModDate, /Producer)")
            : new("document information changed", ChangeKind.Other);

    /// <summary>XMP metadata may only change what a signing tool records (dates, instance id, producer), and only in a revision that signs.</summary>
    public Change MetadataChange(PdfObject? before, PdfObject? after, RevisionView now)
    {
        if (before is PdfStream was && after is PdfStream current && XmpMetadataChange.OnlySigningToolPropertiesDiffer(_reader.DecodeStream(was), _reader.DecodeStream(current)))
        {
            return now.Support("XMP metadata (dates, instance id, producer)");
        }

        return new("XMP metadata changed", ChangeKind.Other);
    }
}

using SoHoa.Pdf.Syntax;
using static SoHoa.Signing.Verification.ChangeVerdicts;

namespace SoHoa.Signing.Verification;

/// <summary>A signature whose byte range was checked: the revision it signs, and whether it is a document timestamp.</summary>
internal sealed record CheckedSignature(int Revision, bool IsDocumentTimestamp);

/// <summary>
/// Sorts what each revision after a signature adds, redefines or deletes into kinds of change (housekeeping, DSS and
/// document timestamps, signing, form filling, annotations, anything else), then judges each against the rules of that
/// signature (<see cref="ModificationRules"/>).
/// <para>
/// A change is judged by the part its object played in the revision before (<see cref="ObjectRoles"/>, found by walking
/// that revision from its trailer), never by what the new object says it is. So: an object the revision before used may
/// only change as the rule for its part allows (a catalog may gain a DSS or form fields, a page signature widgets or
/// annotations, an empty signature field its value and appearance when it is signed in that same update); an object the
/// revision before referred to without defining it may never be defined (a dangling reference); a new object is judged
/// by where the new revision reaches it from (a DSS's own keys, a signature field signed in that update, a filled form
/// field); and an object stream holding earlier objects may never be replaced. Housekeeping is only what the
/// cross-reference machinery uses, unchanged copies, and objects nothing reaches.
/// </para>
/// </summary>
internal sealed class ChangeClassifier
{
    private readonly PdfFileReader _reader;
    private readonly IReadOnlyDictionary<int, CheckedSignature> _signatures;
    private readonly ObjectEquality _equality = new();
    private readonly StructureChanges _structures;
    private readonly Func<Definition, Change?>[] _rules;
    private readonly Dictionary<int, RevisionView> _views = [];
    private readonly Dictionary<int, IReadOnlyList<(int Number, Change Change)>> _changes = [];

    /// <summary>Creates a classifier for the file <paramref name="reader"/> read, knowing which signatures were checked.</summary>
    public ChangeClassifier(PdfFileReader reader, IReadOnlyDictionary<int, CheckedSignature> signatures)
    {
        _reader = reader;
        _signatures = signatures;
        _structures = new StructureChanges(reader, signatures, _equality);

        // The rules for an object a revision defines, tried in this order; the first that applies decides. The order is
        // part of the defence: a used object written under another generation is refused even when its bytes are the
        // same, an object stream of earlier objects even when nothing reaches it any more, and only then is an object
        // judged by the part it played before (redefined) or, when new, by where the new revision reaches it from.
        _rules = [GenerationChanged, UnchangedCopy, ObjectStreamReplaced, DanglingReferenceDefined, Redefined, Unreached, Added];
    }

    /// <summary>Every change made after revision <paramref name="signedRevision"/>, judged by <paramref name="rules"/>.</summary>
    public IReadOnlyList<LaterChange> ChangesAfter(int signedRevision, ModificationRules rules)
    {
        var judged = new List<LaterChange>();
        for (int r = signedRevision + 1; r < _reader.Revisions.Count; r++)
        {
            foreach ((int number, Change change) in ChangesIn(r))
            {
                (bool allowed, string reason) = rules.Judge(change.Kind, change.Field, r);
                judged.Add(new LaterChange(r, number, change.What, allowed) { Reason = reason });
            }
        }

        return judged;
    }

    /// <summary>What revision <paramref name="revision"/> changed: the same for every signature that asks.</summary>
    private IReadOnlyList<(int Number, Change Change)> ChangesIn(int revision)
    {
        if (_changes.TryGetValue(revision, out IReadOnlyList<(int, Change)>? cached))
        {
            return cached;
        }

        var changes = new List<(int, Change)>();
        RevisionView before = View(revision - 1);
        RevisionView after = View(revision);
        try
        {
            changes.AddRange(TrailerChanges(before, after));
            foreach (int freed in _reader.Revisions[revision].FreedObjectNumbers.Order())
            {
                bool used = before.Roles.Reaches(freed) || before.ObjectStreams.Contains(freed);
                changes.Add((freed, used ? new("object deleted", ChangeKind.Other) : new("unused object deleted", ChangeKind.Housekeeping)));
            }

            foreach (int number in _reader.Revisions[revision].DefinedObjectNumbers.Order())
            {
                changes.Add((number, Classify(number, before, after)));
            }
        }
        catch (PdfSyntaxException ex)
        {
            changes.Add((0, new("unreadable revision: " + ex.Message, ChangeKind.Other)));
        }

        _changes[revision] = changes;
        return changes;
    }

    private IEnumerable<(int, Change)> TrailerChanges(RevisionView before, RevisionView after)
    {
        foreach (string key in new[] { "Root", "Encrypt", "Info" })
        {
            PdfObject? was = before.Trailer[key];
            PdfObject? now = after.Trailer[key];
            if ((was is null) == (now is null) && (was is null || _equality.Same(was, now!)))
            {
                continue;
            }

            int number = (now as PdfReference)?.ObjectNumber ?? (was as PdfReference)?.ObjectNumber ?? 0;
            Change change = key == "Info" && was is not null && now is not null
                ? _structures.InfoChange(before.Resolve(was) as PdfDictionary, after.Resolve(now) as PdfDictionary, after) with { What = "trailer /Info changed" }
                : new($"trailer /{key} changed", ChangeKind.Other);
            yield return (number, change);
        }
    }

    /// <summary>The revision <paramref name="index"/> as the classifier sees it; read once for every signature that asks.</summary>
    private RevisionView View(int index)
    {
        if (!_views.TryGetValue(index, out RevisionView? view))
        {
            _views[index] = view = new RevisionView(_reader, _signatures, index);
        }

        return view;
    }

    /// <summary>What object <paramref name="number"/>, defined by <paramref name="after"/>, changed: the verdict of the first rule that applies.</summary>
    private Change Classify(int number, RevisionView before, RevisionView after)
    {
        PdfObject current;
        PdfObject? previous;
        try
        {
            current = _reader.GetObject(number, after.Index);
            previous = _reader.GetXrefEntry(number, before.Index, out _) is { IsInUse: true } ? _reader.GetObject(number, before.Index) : null;
        }
        catch (PdfSyntaxException ex)
        {
            return new("unreadable object: " + ex.Message, ChangeKind.Other);
        }

        var definition = new Definition(number, current, previous, before, after);
        foreach (Func<Definition, Change?> rule in _rules)
        {
            if (rule(definition) is { } change)
            {
                return change;
            }
        }

        // Unreachable: Added applies to every object.
        return new(Describe(current), ChangeKind.Other);
    }

    /// <summary>
    /// Written again under another generation, an object no longer answers the references the document holds to it:
    /// the same bytes would hide it, so a used object may not change generation.
    /// </summary>
    private Change? GenerationChanged(Definition d) =>
        d.Previous is not null && d.Before.Roles.Reaches(d.Number) && d.After.Roles.Reaches(d.Number)
            && _reader.GetXrefEntry(d.Number, d.After.Index, out _)?.Generation != _reader.GetXrefEntry(d.Number, d.Before.Index, out _)?.Generation
            ? new($"{Describe(d.Current)} written again under another generation, so the references to it now find nothing", ChangeKind.Other)
            : null;

    /// <summary>An object written again exactly as it was changes nothing.</summary>
    private Change? UnchangedCopy(Definition d) =>
        d.Previous is not null && _equality.Same(d.Current, d.Previous) ? new("unchanged copy", ChangeKind.Housekeeping) : null;

    /// <summary>Replacing an object stream that holds objects of earlier revisions would change those objects unseen.</summary>
    private static Change? ObjectStreamReplaced(Definition d) =>
        d.Before.ObjectStreams.Contains(d.Number) ? new($"object stream {d.Number}, which holds objects of earlier revisions, replaced", ChangeKind.Other) : null;

    /// <summary>An object the revision before referred to without defining it may never be defined: that would change what the signed document shows.</summary>
    private static Change? DanglingReferenceDefined(Definition d) =>
        d.Previous is null && d.Before.Roles.Reaches(d.Number)
            ? new($"{Describe(d.Current)} defined, which the revision before referred to without defining (dangling reference)", ChangeKind.Other)
            : null;

    /// <summary>Objects nothing in the new revision reaches: the cross-reference machinery, or unused objects; neither changes what is shown.</summary>
    private Change? Unreached(Definition d)
    {
        if (d.After.Roles.Reaches(d.Number))
        {
            return null;
        }

        string what = d.After.Machinery.Contains(d.Number) ? (IsXrefStream(d.Current) ? "cross-reference stream" : "object stream") : "unused object: nothing in the document refers to it";
        return new(what, ChangeKind.Housekeeping);
    }

    /// <summary>A new object, judged by every part the new revision reaches it in.</summary>
    private Change? Added(Definition d)
    {
        (int number, PdfObject current, RevisionView before, RevisionView after) = (d.Number, d.Current, d.Before, d.After);
        ObjectRole roles = after.Roles.RolesOf(number);
        if (roles.HasFlag(ObjectRole.Document) || roles.HasFlag(ObjectRole.Catalog))
        {
            return new($"new {Describe(current)} that the document uses", ChangeKind.Other);
        }

        var verdicts = new List<Change>();
        foreach (ObjectRole role in Flags(roles))
        {
            verdicts.Add(role switch
            {
                ObjectRole.Info => after.Support("document information"),
                ObjectRole.Metadata => after.Support("XMP metadata"),
                ObjectRole.Form or ObjectRole.FieldOrAnnotationList => new("form or annotation list, judged with the object that refers to it", ChangeKind.Housekeeping),
                ObjectRole.SignatureValue => after.Roles.OwnersOf(number).Any(f => after.ValueOf(f) == number) ? _structures.SignatureValue(number, after) : StructureChanges.Owned(number, after, "signature reference"),
                ObjectRole.SignatureField => StructureChanges.Owned(number, after, "signature field"),
                ObjectRole.SignatureAppearance => StructureChanges.Owned(number, after, "signature appearance"),
                ObjectRole.FormField => new("new form field", ChangeKind.Other),
                ObjectRole.FormAppearance => Worst(after.Roles.OwnersOf(number).Select(f => before.Roles.Reaches(f) && after.FieldName(f) is { } field
                    ? new Change($"appearance of form field '{field}'", ChangeKind.FormFilling, field)
                    : new Change("appearance of a new form field", ChangeKind.Other))),
                ObjectRole.Annotation => new("annotation or its appearance", ChangeKind.Annotation),
                ObjectRole.ValidationData => new(Describe(current) is "object" ? "DSS validation data" : $"DSS validation data ({Describe(current)})", ChangeKind.ValidationData),
                ObjectRole.Support => after.Support(Describe(current)),
                _ => new(Describe(current), ChangeKind.Other),
            });
        }

        return Worst(verdicts);
    }

    /// <summary>An object the revision before used, judged by the rule of every part it played there.</summary>
    private Change? Redefined(Definition d)
    {
        if (d.Previous is not { } previous || !d.Before.Roles.Reaches(d.Number))
        {
            return null;
        }

        (int number, PdfObject current, RevisionView before, RevisionView after) = (d.Number, d.Current, d.Before, d.After);
        if (before.Trailer["Root"] is PdfReference root && root.ObjectNumber == number && after.Trailer["Root"] is PdfReference { ObjectNumber: var same } && same == number)
        {
            return previous is PdfDictionary wasCatalog && current is PdfDictionary catalog ? _structures.CatalogChange(wasCatalog, catalog, before, after) : new("document catalog", ChangeKind.Other);
        }

        ObjectRole roles = before.Roles.RolesOf(number);
        if (roles.HasFlag(ObjectRole.Document))
        {
            return previous is PdfDictionary page && page.GetName("Type")?.Value == "Page" && current is PdfDictionary now && roles == ObjectRole.Document
                ? _structures.PageChange(page, now, before, after)
                : new(Describe(current) + " changed", ChangeKind.Other);
        }

        var verdicts = new List<Change>();
        foreach (ObjectRole role in Flags(roles))
        {
            verdicts.Add(role switch
            {
                ObjectRole.Info => _structures.InfoChange(previous as PdfDictionary, current as PdfDictionary, after),
                ObjectRole.Metadata => _structures.MetadataChange(previous, current, after),
                ObjectRole.Form => previous is PdfDictionary form && current is PdfDictionary nowForm ? _structures.FormChange(form, nowForm, before, after) : new("interactive form", ChangeKind.Other),
                ObjectRole.FieldOrAnnotationList => _structures.ListChange(previous, current, before, after),
                ObjectRole.SignatureField => Worst(before.Roles.OwnersOf(number).Select(f => _structures.FieldSigned(number, f, previous, current, before, after))),
                ObjectRole.SignatureAppearance => Worst(before.Roles.OwnersOf(number).Select(f => before.ValueOf(f) is null && after.SignedIn(f) is { } kind
                    ? new Change("signature appearance prepared before, drawn by its signature", kind)
                    : new Change("appearance of a signature field that this revision does not sign", ChangeKind.Other))),
                ObjectRole.SignatureValue => new("signature dictionary changed", ChangeKind.Other),
                ObjectRole.FormField => previous is PdfDictionary field && current is PdfDictionary filled && _equality.OnlyKeysDiffer(field, filled, "V", "AP", "AS")
                    && before.FieldName(before.Roles.OwnersOf(number).DefaultIfEmpty(number).First()) is { } name
                    ? new($"form field '{name}' filled in", ChangeKind.FormFilling, name)
                    : new("form field changed", ChangeKind.Other),
                ObjectRole.FormAppearance => Worst(before.Roles.OwnersOf(number).Select(f => before.FieldName(f) is { } field
                    ? new Change($"appearance of form field '{field}'", ChangeKind.FormFilling, field)
                    : new Change("form field appearance", ChangeKind.Other))),
                ObjectRole.Annotation => current is PdfDictionary annotation && previous is PdfDictionary was && ObjectRoles.IsAnnotation(annotation) != ObjectRoles.IsAnnotation(was)
                    ? new("annotation changed into something else", ChangeKind.Other)
                    : new("annotation changed", ChangeKind.Annotation),
                ObjectRole.ValidationData => (after.Roles.RolesOf(number) & ~ObjectRole.ValidationData) == ObjectRole.None
                    ? new("DSS validation data", ChangeKind.ValidationData)
                    : new("DSS validation data that the document also uses", ChangeKind.Other),
                ObjectRole.Support => after.Support(Describe(current)),
                _ => new(Describe(current) + " changed", ChangeKind.Other),
            });
        }

        return Worst(verdicts);
    }

    /// <summary>One object a revision defines: its number, what it is now, what it was in the revision before (null when it was not defined), and both revisions.</summary>
    private sealed record Definition(int Number, PdfObject Current, PdfObject? Previous, RevisionView Before, RevisionView After);
}

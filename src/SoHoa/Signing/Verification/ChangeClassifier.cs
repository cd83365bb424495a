using SoHoa.Pdf.Syntax;

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
    private readonly Dictionary<int, ObjectRoles> _roles = [];
    private readonly Dictionary<int, IReadOnlyList<(int Number, Change Change)>> _changes = [];
    private readonly Dictionary<int, Dictionary<int, string>> _fieldNames = [];

    /// <summary>Creates a classifier for the file <paramref name="reader"/> read, knowing which signatures were checked.</summary>
    public ChangeClassifier(PdfFileReader reader, IReadOnlyDictionary<int, CheckedSignature> signatures)
    {
        _reader = reader;
        _signatures = signatures;
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
        var before = new RevisionView(this, revision - 1);
        var after = new RevisionView(this, revision);
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
            if ((was is null) == (now is null) && (was is null || Same(was, now!)))
            {
                continue;
            }

            int number = (now as PdfReference)?.ObjectNumber ?? (was as PdfReference)?.ObjectNumber ?? 0;
            Change change = key == "Info" && was is not null && now is not null
                ? InfoChange(before.Resolve(was) as PdfDictionary, after.Resolve(now) as PdfDictionary, after) with { What = "trailer /Info changed" }
                : new($"trailer /{key} changed", ChangeKind.Other);
            yield return (number, change);
        }
    }

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

        // Written again under another generation, an object no longer answers the references the document holds to it:
        // the same bytes would hide it, so a used object may not change generation.
        if (previous is not null && before.Roles.Reaches(number) && after.Roles.Reaches(number)
            && _reader.GetXrefEntry(number, after.Index, out _)?.Generation != _reader.GetXrefEntry(number, before.Index, out _)?.Generation)
        {
            return new($"{Describe(current)} written again under another generation, so the references to it now find nothing", ChangeKind.Other);
        }

        if (previous is not null && Same(current, previous))
        {
            return new("unchanged copy", ChangeKind.Housekeeping);
        }

        if (before.ObjectStreams.Contains(number))
        {
            return new($"object stream {number}, which holds objects of earlier revisions, replaced", ChangeKind.Other);
        }

        if (before.Roles.Reaches(number))
        {
            return previous is null
                ? new($"{Describe(current)} defined, which the revision before referred to without defining (dangling reference)", ChangeKind.Other)
                : Redefined(number, previous, current, before, after);
        }

        if (!after.Roles.Reaches(number))
        {
            string what = after.Machinery.Contains(number) ? (IsXrefStream(current) ? "cross-reference stream" : "object stream") : "unused object: nothing in the document refers to it";
            return new(what, ChangeKind.Housekeeping);
        }

        return Added(number, current, before, after);
    }

    /// <summary>A new object, judged by every part the new revision reaches it in.</summary>
    private Change Added(int number, PdfObject current, RevisionView before, RevisionView after)
    {
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
                ObjectRole.SignatureValue => after.Roles.OwnersOf(number).Any(f => after.ValueOf(f) == number) ? SignatureValue(number, after) : Owned(number, after, "signature reference"),
                ObjectRole.SignatureField => Owned(number, after, "signature field"),
                ObjectRole.SignatureAppearance => Owned(number, after, "signature appearance"),
                ObjectRole.FormField => new("new form field", ChangeKind.Other),
                ObjectRole.FormAppearance => Worst(after.Roles.OwnersOf(number).Select(f => before.Roles.Reaches(f) && FieldName(f, after.Index) is { } field
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
    private Change Redefined(int number, PdfObject previous, PdfObject current, RevisionView before, RevisionView after)
    {
        if (before.Trailer["Root"] is PdfReference root && root.ObjectNumber == number && after.Trailer["Root"] is PdfReference { ObjectNumber: var same } && same == number)
        {
            return previous is PdfDictionary wasCatalog && current is PdfDictionary catalog ? CatalogChange(wasCatalog, catalog, before, after) : new("document catalog", ChangeKind.Other);
        }

        ObjectRole roles = before.Roles.RolesOf(number);
        if (roles.HasFlag(ObjectRole.Document))
        {
            return previous is PdfDictionary page && page.GetName("Type")?.Value == "Page" && current is PdfDictionary now && roles == ObjectRole.Document
                ? PageChange(page, now, before, after)
                : new(Describe(current) + " changed", ChangeKind.Other);
        }

        var verdicts = new List<Change>();
        foreach (ObjectRole role in Flags(roles))
        {
            verdicts.Add(role switch
            {
                ObjectRole.Info => InfoChange(previous as PdfDictionary, current as PdfDictionary, after),
                ObjectRole.Metadata => MetadataChange(previous, current, after),
                ObjectRole.Form => previous is PdfDictionary form && current is PdfDictionary nowForm ? FormChange(form, nowForm, before, after) : new("interactive form", ChangeKind.Other),
                ObjectRole.FieldOrAnnotationList => ListChange(previous, current, before, after),
                ObjectRole.SignatureField => Worst(before.Roles.OwnersOf(number).Select(f => FieldSigned(number, f, previous, current, before, after))),
                ObjectRole.SignatureAppearance => Worst(before.Roles.OwnersOf(number).Select(f => before.ValueOf(f) is null && after.SignedIn(f) is { } kind
                    ? new Change("signature appearance prepared before, drawn by its signature", kind)
                    : new Change("appearance of a signature field that this revision does not sign", ChangeKind.Other))),
                ObjectRole.SignatureValue => new("signature dictionary changed", ChangeKind.Other),
                ObjectRole.FormField => previous is PdfDictionary field && current is PdfDictionary filled && OnlyKeysDiffer(field, filled, "V", "AP", "AS")
                    && FieldName(before.Roles.OwnersOf(number).DefaultIfEmpty(number).First(), before.Index) is { } name
                    ? new($"form field '{name}' filled in", ChangeKind.FormFilling, name)
                    : new("form field changed", ChangeKind.Other),
                ObjectRole.FormAppearance => Worst(before.Roles.OwnersOf(number).Select(f => FieldName(f, before.Index) is { } field
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

    /// <summary>
    /// The catalog may gain or change a DSS (validation data), form fields (signing), and in a signing revision the
    /// signing tool's /Metadata, /Extensions and /Version; anything else about it is never allowed.
    /// </summary>
    private Change CatalogChange(PdfDictionary before, PdfDictionary after, RevisionView was, RevisionView now)
    {
        if (!OnlyKeysDiffer(before, after, "AcroForm", "DSS", "Metadata", "Extensions", "Version"))
        {
            return new("document catalog", ChangeKind.Other);
        }

        var verdicts = new List<Change> { new("document catalog", ChangeKind.ValidationData) };
        foreach (string key in new[] { "AcroForm", "DSS", "Metadata", "Extensions", "Version" })
        {
            PdfObject? old = before[key];
            PdfObject? current = after[key];
            if ((old is null && current is null) || (old is not null && current is not null && Same(old, current)))
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
    private Change FormChange(PdfDictionary before, PdfDictionary after, RevisionView was, RevisionView now)
    {
        if (!OnlyKeysDiffer(before, after, "Fields", "SigFlags", "DR"))
        {
            return new("interactive form", ChangeKind.Other);
        }

        Change fields = AppendedFields(was.Resolve(before["Fields"]), now.Resolve(after["Fields"]), was, now);
        Change resources = before["DR"] is { } dr && after["DR"] is { } newDr && Same(dr, newDr) ? new("interactive form", ChangeKind.ValidationData)
            : OnlyAdded(was.Resolve(before["DR"]) as PdfDictionary, now.Resolve(after["DR"]) as PdfDictionary, was, now) ? now.Support("form's default resources")
            : new("form's default resources changed", ChangeKind.Other);
        return Worst([fields with { What = "interactive form" }, resources]);
    }

    /// <summary>A page may only change its /Annots: signature widgets appended (signing), annotations added or removed.</summary>
    private Change PageChange(PdfDictionary before, PdfDictionary after, RevisionView was, RevisionView now) =>
        OnlyKeysDiffer(before, after, "Annots")
            ? AnnotationsChange(was.Resolve(before["Annots"]), now.Resolve(after["Annots"]), was, now) with { What = "page annotations" }
            : new("page", ChangeKind.Other);

    /// <summary>An indirect /Fields or /Annots array written again: judged like the form's or page's entry it is.</summary>
    private Change ListChange(PdfObject previous, PdfObject current, RevisionView was, RevisionView now) =>
        AnnotationsChange(previous, current, was, now) with { What = "field or annotation list" };

    /// <summary>A form's /Fields may only keep its entries and append signature fields.</summary>
    private Change AppendedFields(PdfObject? before, PdfObject? after, RevisionView was, RevisionView now)
    {
        PdfArray old = before as PdfArray ?? [];
        if (after is not PdfArray current || current.Count < old.Count || Enumerable.Range(0, old.Count).Any(i => !Same(old[i], current[i])))
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
        foreach (PdfObject removed in old.Where(o => !current.Any(c => Same(o, c))))
        {
            verdicts.Add(was.Resolve(removed) is PdfDictionary d && ObjectRoles.IsAnnotation(d)
                ? new("annotation removed", ChangeKind.Annotation)
                : new("widget or other entry removed from the annotations", ChangeKind.Other));
        }

        foreach (PdfObject added in current.Where(c => !old.Any(o => Same(o, c))))
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
    private static Change FieldSigned(int number, int field, PdfObject previous, PdfObject current, RevisionView was, RevisionView now)
    {
        if (was.ValueOf(field) is not null || now.SignedIn(field) is not { } kind)
        {
            return new("signature field changed without being signed in this revision", ChangeKind.Other);
        }

        bool onlyValueAndAppearance = previous is PdfDictionary before && current is PdfDictionary after
            && OnlyKeysDiffer(before, after, "V", "AP", "AS", "MK", "M");
        return onlyValueAndAppearance ? new("signature field signed", kind) : new("signature field changed beyond its value and appearance", ChangeKind.Other);
    }

    /// <summary>A new signature dictionary counts as signing only when a checked signature of this revision is it.</summary>
    private Change SignatureValue(int number, RevisionView now) =>
        _signatures.TryGetValue(number, out CheckedSignature? signature) && signature.Revision == now.Index
            ? new(signature.IsDocumentTimestamp ? "document timestamp" : "signature dictionary", signature.IsDocumentTimestamp ? ChangeKind.ValidationData : ChangeKind.Signing)
            : new("signature dictionary that no checked signature of this revision covers", ChangeKind.Other);

    /// <summary>An object owned by signature fields (a widget, an appearance, a lock): as its fields are judged.</summary>
    private static Change Owned(int number, RevisionView now, string what) =>
        Worst(now.Roles.OwnersOf(number).Select(f => now.SignatureOwnerKind(f) with { What = what }));

    /// <summary>The information dictionary may only change /ModDate and /Producer, and only in a revision that signs.</summary>
    private static Change InfoChange(PdfDictionary? before, PdfDictionary? after, RevisionView now) =>
        before is not null && after is not null && OnlyKeysDiffer(before, after, "ModDate", "Producer")
            ? now.Support("document information (/ModDate, /Producer)")
            : new("document information changed", ChangeKind.Other);

    /// <summary>XMP metadata may only change what a signing tool records (dates, instance id, producer), and only in a revision that signs.</summary>
    private Change MetadataChange(PdfObject? before, PdfObject? after, RevisionView now)
    {
        if (before is PdfStream was && after is PdfStream current && XmpMetadataChange.OnlySigningToolPropertiesDiffer(_reader.DecodeStream(was), _reader.DecodeStream(current)))
        {
            return now.Support("XMP metadata (dates, instance id, producer)");
        }

        return new("XMP metadata changed", ChangeKind.Other);
    }

    /// <summary>True when <paramref name="after"/> keeps every entry of <paramref name="before"/> (one level of sub-dictionaries deep) and only adds.</summary>
    private static bool OnlyAdded(PdfDictionary? before, PdfDictionary? after, RevisionView was, RevisionView now)
    {
        if (after is null)
        {
            return before is null;
        }

        foreach (KeyValuePair<PdfName, PdfObject> entry in before ?? [])
        {
            if (after[entry.Key.Value] is not { } kept)
            {
                return false;
            }

            if (!Same(entry.Value, kept)
                && !(was.Resolve(entry.Value) is PdfDictionary oldSub && now.Resolve(kept) is PdfDictionary newSub && oldSub.All(e => newSub[e.Key.Value] is { } v && Same(e.Value, v))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The fully qualified name of the form field that object <paramref name="number"/> is (or is a widget of) as of <paramref name="revision"/>.</summary>
    private string? FieldName(int number, int revision)
    {
        if (!_fieldNames.TryGetValue(revision, out Dictionary<int, string>? names))
        {
            names = [];
            IPdfObjectResolver resolver = _reader.AsOfRevision(revision);
            try
            {
                if (_reader.GetCatalog(revision).GetDictionary("AcroForm", resolver)?.GetArray("Fields", resolver) is { } fields)
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

    private static IEnumerable<ObjectRole> Flags(ObjectRole roles) =>
        Enum.GetValues<ObjectRole>().Where(r => r != ObjectRole.None && roles.HasFlag(r));

    /// <summary>The verdict that allows least: any change of the kind Other, else the most restricted kind.</summary>
    private static Change Worst(IEnumerable<Change> verdicts) =>
        verdicts.DefaultIfEmpty(new Change("object", ChangeKind.Other)).MaxBy(v => (int)v.Kind)!;

    private static bool IsXrefStream(PdfObject value) => value is PdfStream { Dictionary: var d } && d.GetName("Type")?.Value == "XRef";

    private static bool OnlyKeysDiffer(PdfDictionary before, PdfDictionary after, params string[] allowed)
    {
        foreach (string key in before.Keys.Select(k => k.Value).Union(after.Keys.Select(k => k.Value), StringComparer.Ordinal))
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

    private static string Describe(PdfObject current)
    {
        PdfDictionary? dictionary = current as PdfDictionary ?? (current as PdfStream)?.Dictionary;
        string? type = dictionary?.GetName("Type")?.Value;
        string? subtype = dictionary?.GetName("Subtype")?.Value;
        return (type, subtype, current) switch
        {
            (_, _, not (PdfDictionary or PdfStream)) => "object",
            ("Font", _, _) or (_, "Type0" or "TrueType" or "Type1" or "CIDFontType2", _) => "font",
            ("Annot", _, _) or (_, "Widget" or "Link" or "FreeText" or "Text" or "Stamp" or "Square", _) => $"annotation ({subtype})",
            ("XObject", _, _) or (_, "Image" or "Form", _) => $"XObject ({subtype})",
            ("Pages", _, _) => "page tree",
            ("Page", _, _) => "page",
            (_, _, PdfStream) => "content stream or other stream",
            _ when dictionary!.ContainsKey("FT") => "form field",
            _ => type is null ? "object" : type + " object",
        };
    }

    /// <summary>One revision as the classifier sees it: its trailer, roles, object streams and the signatures it makes.</summary>
    private sealed class RevisionView
    {
        private readonly ChangeClassifier _owner;
        private readonly IPdfObjectResolver _resolver;
        private HashSet<int>? _objectStreams;
        private HashSet<int>? _machinery;

        public RevisionView(ChangeClassifier owner, int index)
        {
            _owner = owner;
            Index = index;
            _resolver = owner._reader.AsOfRevision(index);
            Trailer = owner._reader.GetTrailer(index);
            if (!owner._roles.TryGetValue(index, out ObjectRoles? roles))
            {
                owner._roles[index] = roles = ObjectRoles.Of(owner._reader, index);
            }

            Roles = roles;
        }

        public int Index { get; }

        public PdfDictionary Trailer { get; }

        public ObjectRoles Roles { get; }

        /// <summary>The object streams that hold an object as of this revision: replacing one changes those objects.</summary>
        public HashSet<int> ObjectStreams => _objectStreams ??= ContainersAsOf();

        /// <summary>The cross-reference and object streams this revision's own cross-reference section uses.</summary>
        public HashSet<int> Machinery => _machinery ??= MachineryOf();

        public PdfObject Resolve(PdfObject? item) => item is null ? PdfNull.Instance : _resolver.Resolve(item);

        /// <summary>
        /// The object number of field <paramref name="field"/>'s value (/V) as of this revision, or of a kid widget's when the
        /// field has none (pdfsig signs a prepared field by writing /V on its widget); null when there is none.
        /// </summary>
        public int? ValueOf(int field)
        {
            if (field <= 0 || _owner._reader.GetXrefEntry(field, Index, out _) is not { IsInUse: true } || Resolve(new PdfReference(field, 0)) is not PdfDictionary d)
            {
                return null;
            }

            static int? Value(PdfDictionary dictionary) => dictionary["V"] switch { PdfReference v => v.ObjectNumber, null or PdfNull => null, _ => -1 };
            return Value(d) ?? (d.GetArray("Kids", _resolver) ?? []).Select(k => Resolve(k)).OfType<PdfDictionary>().Select(Value).FirstOrDefault(v => v is not null);
        }

        /// <summary>The kind of the signature that signs field <paramref name="field"/> in this revision; null when none does.</summary>
        public ChangeKind? SignedIn(int field) =>
            ValueOf(field) is { } value && _owner._signatures.TryGetValue(value, out CheckedSignature? signature) && signature.Revision == Index
                ? signature.IsDocumentTimestamp ? ChangeKind.ValidationData : ChangeKind.Signing
                : null;

        /// <summary>
        /// A signature field new or changed in this revision: signing when this revision signs it; an empty field is
        /// allowed as signing only when nothing of it can be seen, since a visible one could draw over the signed page.
        /// </summary>
        public Change SignatureOwnerKind(int field)
        {
            if (SignedIn(field) is { } kind)
            {
                return new("signature field", kind);
            }

            if (ValueOf(field) is not null)
            {
                return new("signature field whose value no checked signature of this revision is", ChangeKind.Other);
            }

            return Visible(field)
                ? new("empty signature field whose appearance draws over the page (sneaky signature field)", ChangeKind.Other)
                : new("empty signature field, invisible", ChangeKind.Signing);
        }

        /// <summary>Support changes (metadata, extensions, default resources) are allowed only in a revision that signs or timestamps.</summary>
        public Change Support(string what)
        {
            IEnumerable<CheckedSignature> made = _owner._signatures.Values.Where(s => s.Revision == Index);
            return made.Any(s => !s.IsDocumentTimestamp) ? new(what + ", by the signing tool", ChangeKind.Signing)
                : made.Any() ? new(what + ", by the timestamping tool", ChangeKind.ValidationData)
                : new(what + " changed in a revision that signs nothing", ChangeKind.Other);
        }

        /// <summary>True when a widget of the field (the field itself or a kid) has an appearance on a non-empty, shown rectangle.</summary>
        private bool Visible(int field)
        {
            if (Resolve(new PdfReference(field, 0)) is not PdfDictionary dictionary)
            {
                return false;
            }

            IEnumerable<PdfDictionary> widgets = (dictionary.GetArray("Kids", _resolver) ?? []).Select(k => Resolve(k)).OfType<PdfDictionary>().Prepend(dictionary);
            return widgets.Any(w =>
            {
                const long HiddenOrNoView = 2 | 32;
                bool hidden = ((w.GetInt("F", _resolver) ?? 0) & HiddenOrNoView) != 0;
                PdfArray? rect = w.GetArray("Rect", _resolver);
                bool area = rect is { Count: 4 } && Math.Abs((rect.GetNumber(2) ?? 0) - (rect.GetNumber(0) ?? 0)) > 0 && Math.Abs((rect.GetNumber(3) ?? 0) - (rect.GetNumber(1) ?? 0)) > 0;
                return !hidden && area && w.GetDictionary("AP", _resolver)?["N"] is not null;
            });
        }

        private HashSet<int> ContainersAsOf()
        {
            var latest = new Dictionary<int, PdfXrefEntry>();
            for (int r = 0; r <= Index; r++)
            {
                foreach ((int number, PdfXrefEntry entry) in _owner._reader.Revisions[r].Entries)
                {
                    latest[number] = entry;
                }
            }

            return latest.Values.Where(e => e.Type == PdfXrefEntryType.Compressed).Select(e => e.ObjectStreamNumber).ToHashSet();
        }

        private HashSet<int> MachineryOf()
        {
            PdfRevision revision = _owner._reader.Revisions[Index];
            var offsets = new HashSet<long>(revision.SectionOffsets);
            if (revision.Trailer.GetInt("XRefStm") is { } hybrid)
            {
                offsets.Add(hybrid);
            }

            return revision.Entries.Where(e => e.Value.Type == PdfXrefEntryType.InUse && offsets.Contains(e.Value.Offset)).Select(e => e.Key)
                .Concat(revision.Entries.Values.Where(e => e.Type == PdfXrefEntryType.Compressed).Select(e => e.ObjectStreamNumber))
                .ToHashSet();
        }
    }
}

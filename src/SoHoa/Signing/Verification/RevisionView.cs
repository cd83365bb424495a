using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>One revision as the classifier sees it: its trailer, roles, object streams and the signatures it makes.</summary>
internal sealed class RevisionView
{
    private readonly PdfFileReader _reader;
    private readonly IReadOnlyDictionary<int, CheckedSignature> _signatures;
    private readonly IPdfObjectResolver _resolver;
    private HashSet<int>? _objectStreams;
    private HashSet<int>? _machinery;
    private Dictionary<int, string>? _fieldNames;

    /// <summary>Reads revision <paramref name="index"/> of the file <paramref name="reader"/> read, knowing which signatures were checked.</summary>
    public RevisionView(PdfFileReader reader, IReadOnlyDictionary<int, CheckedSignature> signatures, int index)
    {
        _reader = reader;
        _signatures = signatures;
        Index = index;
        _resolver = reader.AsOfRevision(index);
        Trailer = reader.GetTrailer(index);
        Roles = ObjectRoles.Of(reader, index);
    }

    /// <summary>The revision's index, from 0.</summary>
    public int Index { get; }

    /// <summary>The revision's trailer.</summary>
    public PdfDictionary Trailer { get; }

    /// <summary>The part each object plays in the revision, found by walking it from its trailer.</summary>
    public ObjectRoles Roles { get; }

    /// <summary>The object streams that hold an object as of this revision: replacing one changes those objects.</summary>
    public HashSet<int> ObjectStreams => _objectStreams ??= ContainersAsOf();

    /// <summary>The cross-reference and object streams this revision's own cross-reference section uses.</summary>
    public HashSet<int> Machinery => _machinery ??= MachineryOf();

    /// <summary>The object <paramref name="item"/> refers to as of this revision (PdfNull for none).</summary>
    public PdfObject Resolve(PdfObject? item) => item is null ? PdfNull.Instance : _resolver.Resolve(item);

    /// <summary>
    /// The object number of field <paramref name="field"/>'s value (/V) as of this revision, or of a kid widget's when the
    /// field has none (pdfsig signs a prepared field by writing /V on its widget); null when there is none.
    /// </summary>
    public int? ValueOf(int field)
    {
        if (field <= 0 || _reader.GetXrefEntry(field, Index, out _) is not { IsInUse: true } || Resolve(new PdfReference(field, 0)) is not PdfDictionary d)
        {
            return null;
        }

        static int? Value(PdfDictionary dictionary) => dictionary["V"] switch { PdfReference v => v.ObjectNumber, null or PdfNull => null, _ => -1 };
        return Value(d) ?? (d.GetArray("Kids", _resolver) ?? []).Select(k => Resolve(k)).OfType<PdfDictionary>().Select(Value).FirstOrDefault(v => v is not null);
    }

    /// <summary>The kind of the signature that signs field <paramref name="field"/> in this revision; null when none does.</summary>
    public ChangeKind? SignedIn(int field) =>
        ValueOf(field) is { } value && _signatures.TryGetValue(value, out CheckedSignature? signature) && signature.Revision == Index
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
        IEnumerable<CheckedSignature> made = _signatures.Values.Where(s => s.Revision == Index);
        return made.Any(s => !s.IsDocumentTimestamp) ? new(what + ", by the signing tool", ChangeKind.Signing)
            : made.Any() ? new(what + ", by the timestamping tool", ChangeKind.ValidationData)
            : new(what + " changed in a revision that signs nothing", ChangeKind.Other);
    }

    /// <summary>The fully qualified name of the form field that object <paramref name="number"/> is (or is a widget of) as of this revision.</summary>
    public string? FieldName(int number)
    {
        if (_fieldNames is null)
        {
            // Kept only once read whole: an error other than a syntax error leaves nothing half read behind.
            var names = new Dictionary<int, string>();
            try
            {
                if (_reader.GetCatalog(Index).GetDictionary("AcroForm", _resolver)?.GetArray("Fields", _resolver) is { } fields)
                {
                    foreach ((PdfReference? reference, string name, _) in FormFields.Walk(fields, _resolver))
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

            _fieldNames = names;
        }

        return _fieldNames.GetValueOrDefault(number);
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
            foreach ((int number, PdfXrefEntry entry) in _reader.Revisions[r].Entries)
            {
                latest[number] = entry;
            }
        }

        return latest.Values.Where(e => e.Type == PdfXrefEntryType.Compressed).Select(e => e.ObjectStreamNumber).ToHashSet();
    }

    private HashSet<int> MachineryOf()
    {
        PdfRevision revision = _reader.Revisions[Index];
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

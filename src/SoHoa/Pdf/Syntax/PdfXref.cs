namespace SoHoa.Pdf.Syntax;

/// <summary>Type of a cross-reference entry.</summary>
internal enum PdfXrefEntryType
{
    /// <summary>Free (deleted / unused) object.</summary>
    Free = 0,

    /// <summary>Uncompressed object stored at a byte offset.</summary>
    InUse = 1,

    /// <summary>Object stored inside an object stream.</summary>
    Compressed = 2,
}

/// <summary>How a cross-reference section is stored.</summary>
internal enum PdfXrefKind
{
    /// <summary>Classic <c>xref</c> table with <c>trailer</c>.</summary>
    Table,

    /// <summary>Cross-reference stream (/Type /XRef).</summary>
    Stream,

    /// <summary>Classic table whose trailer also points to a cross-reference stream via /XRefStm.</summary>
    Hybrid,
}

/// <summary>One cross-reference entry. For <see cref="PdfXrefEntryType.InUse"/>: offset + generation; for compressed: object stream number + index.</summary>
internal readonly record struct PdfXrefEntry(PdfXrefEntryType Type, long Field2, int Field3)
{
    /// <summary>Gets the byte offset of an in-use object.</summary>
    public long Offset => Type == PdfXrefEntryType.InUse ? Field2 : -1;

    /// <summary>Gets the generation (0 for compressed objects).</summary>
    public int Generation => Type == PdfXrefEntryType.Compressed ? 0 : Field3;

    /// <summary>Gets the containing object stream number of a compressed object.</summary>
    public int ObjectStreamNumber => Type == PdfXrefEntryType.Compressed ? (int)Field2 : -1;

    /// <summary>Gets the index within the object stream of a compressed object.</summary>
    public int IndexInStream => Type == PdfXrefEntryType.Compressed ? Field3 : -1;

    /// <summary>Gets a value indicating whether the entry denotes an existing object.</summary>
    public bool IsInUse => Type != PdfXrefEntryType.Free;
}

/// <summary>One revision of the file: the original, or one incremental update (oldest has index 0).</summary>
internal sealed class PdfRevision
{
    /// <summary>Creates a revision record.</summary>
    public PdfRevision(int index, long xrefOffset, PdfXrefKind kind, PdfDictionary trailer, IReadOnlyDictionary<int, PdfXrefEntry> entries, long endOffset, IReadOnlyList<long> sectionOffsets)
    {
        Index = index;
        XrefOffset = xrefOffset;
        Kind = kind;
        Trailer = trailer;
        Entries = entries;
        EndOffset = endOffset;
        SectionOffsets = sectionOffsets;
        DefinedObjectNumbers = entries.Where(e => e.Value.IsInUse).Select(e => e.Key).ToHashSet();
        FreedObjectNumbers = entries.Where(e => !e.Value.IsInUse && e.Key != 0).Select(e => e.Key).ToHashSet();
    }

    /// <summary>Gets the 0-based index (0 = oldest).</summary>
    public int Index { get; }

    /// <summary>Gets the offset of this revision's cross-reference section (what its <c>startxref</c> states).</summary>
    public long XrefOffset { get; }

    /// <summary>Gets the offsets of all xref sections merged into this revision (more than one only for linearized files).</summary>
    public IReadOnlyList<long> SectionOffsets { get; }

    /// <summary>Gets how the cross-reference section is stored.</summary>
    public PdfXrefKind Kind { get; }

    /// <summary>Gets the trailer dictionary (for an xref stream: the stream dictionary).</summary>
    public PdfDictionary Trailer { get; }

    /// <summary>Gets all entries of this revision's cross-reference section(s), by object number.</summary>
    public IReadOnlyDictionary<int, PdfXrefEntry> Entries { get; }

    /// <summary>Gets the object numbers this revision defines or redefines (in-use entries).</summary>
    public IReadOnlySet<int> DefinedObjectNumbers { get; }

    /// <summary>Gets the object numbers this revision marks free (excluding object 0).</summary>
    public IReadOnlySet<int> FreedObjectNumbers { get; }

    /// <summary>Gets the offset just past this revision's <c>%%EOF</c> line (the file prefix up to here is this revision).</summary>
    public long EndOffset { get; }
}

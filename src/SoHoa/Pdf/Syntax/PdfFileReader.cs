using System.Text;

namespace SoHoa.Pdf.Syntax;

/// <summary>Reads a whole PDF file from memory: header, cross-reference chain (tables, streams, hybrid), revisions and objects.</summary>
internal sealed class PdfFileReader : IPdfObjectResolver
{
    /// <summary>Largest accepted /Size (object count); ISO 32000-1 Annex C limits object numbers to 8,388,607.</summary>
    public const int MaxObjectCount = 8_388_608;

    /// <summary>Largest accepted number of cross-reference sections.</summary>
    public const int MaxSections = 10_000;

    /// <summary>The default of how many bytes all the streams of one document may decode to, together.</summary>
    public const long DefaultDecodeBudget = 512L * 1024 * 1024;

    private const int MaxReferenceHops = 32;
    private const int MaxNestedResolutions = 64;
    private readonly PdfReadContext context;
    private readonly PdfCappedDiagnostics diagnostics;
    private readonly Dictionary<(int Number, PdfXrefEntry Entry), PdfIndirectObject> cache = [];
    private readonly Dictionary<(int Number, PdfXrefEntry Entry), PdfObjectStream> objectStreams = [];
    private readonly HashSet<(int Number, PdfXrefEntry Entry)> resolving = [];
    private List<PdfRevision> revisions = [];

    /// <summary>Creates a reader over the data; call Load before use.</summary>
    private PdfFileReader(ReadOnlyMemory<byte> data, long decodeBudget)
    {
        context = new PdfReadContext(data, decodeBudget);
        diagnostics = context.Diagnostics;
    }

    /// <summary>Gets the complete file bytes.</summary>
    public ReadOnlyMemory<byte> Data => context.Data;

    /// <summary>Gets the version from the <c>%PDF-x.y</c> header.</summary>
    public string HeaderVersion { get; private set; } = string.Empty;

    /// <summary>Gets the offset stated by the last <c>startxref</c> in the file.</summary>
    public long StartXrefOffset { get; private set; }

    /// <summary>Gets the revisions, oldest first.</summary>
    public IReadOnlyList<PdfRevision> Revisions => revisions;

    /// <summary>Gets the newest revision.</summary>
    public PdfRevision LatestRevision => revisions[^1];

    /// <summary>Gets the newest trailer dictionary.</summary>
    public PdfDictionary Trailer => LatestRevision.Trailer;

    /// <summary>Gets non-fatal problems found so far (grows as objects are resolved lazily).</summary>
    public IReadOnlyList<PdfDiagnostic> Diagnostics => diagnostics;

    /// <summary>Gets a value indicating whether the newest trailer has /Encrypt (strings and streams are then not decrypted).</summary>
    public bool IsEncrypted => Trailer.ContainsKey("Encrypt");

    /// <summary>Gets the largest object number mentioned by any revision, or the trailer /Size - 1 if larger.</summary>
    public int MaxObjectNumber { get; private set; }

    /// <summary>Opens a PDF held in memory, reading the full cross-reference chain.</summary>
    /// <param name="data">The file.</param>
    /// <param name="decodeBudget">
    /// How many bytes all of this document's streams may decode to, together (object streams, cross-reference streams,
    /// and <see cref="DecodeStream(PdfStream)"/>), with its cross-reference entries and parsed objects counted at about what
    /// they take in memory (<see cref="PdfDecodeBudget"/>): a hostile file that needs more fails with a
    /// <see cref="PdfSyntaxException"/> instead of exhausting memory. Each stream is also held to
    /// <see cref="PdfFilters.DefaultMaxDecodedLength"/>.
    /// </param>
    public static PdfFileReader Open(ReadOnlyMemory<byte> data, long decodeBudget = DefaultDecodeBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decodeBudget);
        var reader = new PdfFileReader(data, decodeBudget);
        try
        {
            reader.Load();
        }
        catch (Exception ex) when (IsParsingBug(ex))
        {
            throw new PdfSyntaxException($"Malformed PDF: {ex.Message}", ex);
        }

        return reader;
    }

    /// <summary>Returns the xref entry of an object as of <paramref name="revision"/> (default latest), and which revision set it.</summary>
    public PdfXrefEntry? GetXrefEntry(int objectNumber, int? revision, out int definingRevision)
    {
        var r = CheckRevision(revision);
        for (; r >= 0; r--)
        {
            if (revisions[r].Entries.TryGetValue(objectNumber, out var entry))
            {
                definingRevision = r;
                return entry;
            }
        }

        definingRevision = -1;
        return null;
    }

    /// <summary>Returns an indirect object (value plus location and defining revision) as of <paramref name="revision"/>, or null if free/undefined.</summary>
    public PdfIndirectObject? GetIndirectObject(int objectNumber, int? revision = null)
    {
        var rev = CheckRevision(revision);
        try
        {
            return GetIndirectObjectCore(objectNumber, rev);
        }
        catch (Exception ex) when (IsParsingBug(ex))
        {
            throw new PdfSyntaxException($"Malformed object {objectNumber}: {ex.Message}", ex);
        }
    }

    /// <summary>Returns the value of an object as of <paramref name="revision"/> (default latest); <see cref="PdfNull"/> if free/undefined.</summary>
    public PdfObject GetObject(int objectNumber, int? revision = null) =>
        GetIndirectObject(objectNumber, revision)?.Value ?? PdfNull.Instance;

    /// <summary>Resolves a reference (following chains) against the latest revision.</summary>
    public PdfObject Resolve(PdfObject obj) => Resolve(obj, null);

    /// <summary>Resolves a reference (following chains) as of <paramref name="revision"/>.</summary>
    public PdfObject Resolve(PdfObject obj, int? revision)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var rev = CheckRevision(revision);
        for (var hops = 0; obj is PdfReference reference; hops++)
        {
            if (hops >= MaxReferenceHops)
            {
                throw new PdfSyntaxException($"Reference chain longer than {MaxReferenceHops} starting at {reference}");
            }

            var io = GetIndirectObject(reference.ObjectNumber, rev);
            if (io is null)
            {
                return PdfNull.Instance;
            }

            if (io.Reference.Generation != reference.Generation)
            {
                diagnostics.Add(new PdfDiagnostic(io.StartOffset, $"Reference {reference} does not match generation {io.Reference.Generation}; treated as null"));
                return PdfNull.Instance;
            }

            obj = io.Value;
        }

        return obj;
    }

    /// <summary>Returns a resolver that sees the file as of revision <paramref name="revision"/>.</summary>
    public IPdfObjectResolver AsOfRevision(int revision)
    {
        CheckRevision(revision);
        return new RevisionResolver(this, revision);
    }

    /// <summary>Gets the trailer of a revision (default latest).</summary>
    public PdfDictionary GetTrailer(int? revision = null) => revisions[CheckRevision(revision)].Trailer;

    /// <summary>Gets the document catalog (/Root) as of a revision.</summary>
    public PdfDictionary GetCatalog(int? revision = null)
    {
        var rev = CheckRevision(revision);
        var root = revisions[rev].Trailer["Root"];
        return root is null
            ? throw new PdfSyntaxException("Trailer has no /Root")
            : Resolve(root, rev) as PdfDictionary ?? throw new PdfSyntaxException("Trailer /Root is not a dictionary");
    }

    /// <summary>Decodes a stream's data, resolving indirect /Filter or /DecodeParms against the latest revision.</summary>
    public byte[] DecodeStream(PdfStream stream) => DecodeStream(stream, PdfFilters.DefaultMaxDecodedLength);

    /// <summary>
    /// Decodes a stream's data, failing when a filter stage produces more than <paramref name="maxDecodedLength"/> bytes
    /// (a caller that knows how much it needs, an image of a declared size, says so and stops a bomb early).
    /// </summary>
    public byte[] DecodeStream(PdfStream stream, int maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecodedLength);
        try
        {
            return context.Decode(stream, this, maxDecodedLength);
        }
        catch (Exception ex) when (IsParsingBug(ex))
        {
            throw new PdfSyntaxException($"Malformed stream: {ex.Message}", stream.DataOffset, ex);
        }
    }

    /// <summary>How many more bytes this document's streams may decode to (see <see cref="PdfDecodeBudget"/>).</summary>
    public long DecodeBudgetLeft => context.Budget.Left;

    /// <summary>Returns the references of all page objects in document order, as of a revision.</summary>
    public IReadOnlyList<PdfReference> GetPageReferences(int? revision = null)
    {
        var rev = CheckRevision(revision);
        var pagesRef = GetCatalog(rev)["Pages"] as PdfReference
            ?? throw new PdfSyntaxException("Catalog /Pages is missing or not an indirect reference");
        return PdfPageTree.CollectPages(this, pagesRef, rev, diagnostics);
    }

    /// <summary>Returns whether an exception is an internal failure on malformed input that must surface as PdfSyntaxException.</summary>
    private static bool IsParsingBug(Exception ex) =>
        ex is IndexOutOfRangeException or ArgumentException or InvalidOperationException or OverflowException
            or InvalidCastException or FormatException or InvalidDataException or NullReferenceException;

    /// <summary>Stamps the defining revision index on a parsed object.</summary>
    private static PdfIndirectObject WithRevision(PdfIndirectObject io, int revision) => io with { RevisionIndex = revision };

    /// <summary>Validates a revision index (null = latest) and returns it.</summary>
    private int CheckRevision(int? revision)
    {
        var r = revision ?? revisions.Count - 1;
        return r < 0 || r >= revisions.Count ? throw new ArgumentOutOfRangeException(nameof(revision), $"Revision {r} does not exist (file has {revisions.Count}).") : r;
    }

    /// <summary>Reads the header, startxref and the whole cross-reference chain.</summary>
    private void Load()
    {
        var span = context.Data.Span;
        var headerAt = span[..Math.Min(span.Length, 1024)].IndexOf("%PDF-"u8);
        if (headerAt < 0)
        {
            throw new PdfSyntaxException("Not a PDF file: '%PDF-' header not found in the first 1024 bytes", 0);
        }

        if (headerAt > 0)
        {
            diagnostics.Add(new PdfDiagnostic(headerAt, "Header does not start at offset 0; offsets are taken as absolute"));
        }

        var v = headerAt + 5;
        while (v < span.Length && v < headerAt + 12 && (char.IsAsciiDigit((char)span[v]) || span[v] == '.'))
        {
            v++;
        }

        HeaderVersion = Encoding.ASCII.GetString(span[(headerAt + 5)..v]);

        var chain = new PdfXrefChainReader(context);
        StartXrefOffset = chain.ReadStartXref();
        var sections = chain.ReadSections(StartXrefOffset);
        revisions = PdfRevisionGrouping.Group(sections, diagnostics, out var maxObjectNumber);
        MaxObjectNumber = maxObjectNumber;
    }

    /// <summary>Loads (or returns cached) an object version as of a revision, with cycle and depth guards.</summary>
    private PdfIndirectObject? GetIndirectObjectCore(int objectNumber, int rev)
    {
        if (objectNumber <= 0)
        {
            return null;
        }

        var found = GetXrefEntry(objectNumber, rev, out var definingRevision);
        if (found is not PdfXrefEntry entry || !entry.IsInUse)
        {
            return null;
        }

        var key = (objectNumber, entry);
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (resolving.Count >= MaxNestedResolutions)
        {
            throw new PdfSyntaxException($"Object resolution nested deeper than {MaxNestedResolutions} levels (chained indirect /Length or object streams?) at object {objectNumber}", entry.Offset);
        }

        if (!resolving.Add(key))
        {
            throw new PdfSyntaxException($"Reference cycle while resolving object {objectNumber}", entry.Offset);
        }

        try
        {
            PdfIndirectObject io;
            if (entry.Type == PdfXrefEntryType.InUse)
            {
                var parser = context.FileParser();
                parser.LengthResolver = r => ResolveLength(r, rev);

                // The header is checked before the body is parsed: many entries pointing at one large object cost one parse.
                io = parser.ParseIndirectObject(entry.Offset, objectNumber);

                if (io.Reference.Generation != entry.Generation)
                {
                    diagnostics.Add(new PdfDiagnostic(entry.Offset, $"Object {objectNumber} has generation {io.Reference.Generation} but its xref entry says {entry.Generation}"));
                }
            }
            else
            {
                io = LoadCompressed(objectNumber, entry, rev);
            }

            io = WithRevision(io, definingRevision);
            cache[key] = io;
            return io;
        }
        finally
        {
            resolving.Remove(key);
        }
    }

    /// <summary>Resolves an indirect stream /Length; null when it cannot be resolved.</summary>
    private long? ResolveLength(PdfReference reference, int rev)
    {
        try
        {
            return Resolve(reference, rev) as PdfInteger is { } i ? i.Value : null;
        }
        catch (PdfSyntaxException ex)
        {
            diagnostics.Add(new PdfDiagnostic(ex.Offset, $"Could not resolve stream /Length {reference}: {ex.Message}"));
            return null;
        }
    }

    /// <summary>Parses a compressed object out of its object stream.</summary>
    private PdfIndirectObject LoadCompressed(int objectNumber, PdfXrefEntry entry, int rev) =>
        LoadObjectStream(entry.ObjectStreamNumber, rev).ParseObject(context, objectNumber, entry);

    /// <summary>Decodes an object stream and parses its /N header pairs.</summary>
    private PdfObjectStream LoadObjectStream(int streamNumber, int rev)
    {
        var found = GetXrefEntry(streamNumber, rev, out _);
        if (found is not PdfXrefEntry entry || entry.Type != PdfXrefEntryType.InUse)
        {
            throw new PdfSyntaxException($"Object stream {streamNumber} is missing or is itself compressed");
        }

        if (objectStreams.TryGetValue((streamNumber, entry), out var cached))
        {
            return cached;
        }

        var io = GetIndirectObjectCore(streamNumber, rev)
            ?? throw new PdfSyntaxException($"Object stream {streamNumber} is missing", entry.Offset);
        if (io.Value is not PdfStream stream)
        {
            throw new PdfSyntaxException($"Object {streamNumber} referenced as an object stream is not a stream", entry.Offset);
        }

        var content = PdfObjectStream.Read(context, stream, streamNumber, entry.Offset, AsOfRevision(rev));
        objectStreams[(streamNumber, entry)] = content;
        return content;
    }

    /// <summary>Resolver bound to one revision.</summary>
    private sealed class RevisionResolver(PdfFileReader reader, int revision) : IPdfObjectResolver
    {
        /// <inheritdoc/>
        public PdfObject Resolve(PdfObject obj) => reader.Resolve(obj, revision);
    }
}

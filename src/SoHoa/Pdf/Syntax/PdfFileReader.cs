using System.Collections.ObjectModel;
using System.Globalization;
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
    private const int MaxObjectsPerObjectStream = 1_000_000;
    private readonly ReadOnlyMemory<byte> data;
    private readonly CappedDiagnostics diagnostics = [];
    private readonly List<PdfRevision> revisions = [];
    private readonly Dictionary<(int Number, PdfXrefEntry Entry), PdfIndirectObject> cache = [];
    private readonly Dictionary<(int Number, PdfXrefEntry Entry), ObjectStreamContent> objectStreams = [];
    private readonly HashSet<(int Number, PdfXrefEntry Entry)> resolving = [];

    private readonly PdfDecodeBudget budget;
    private readonly PdfKeywordIndex endStreams;
    private readonly PdfKeywordIndex eofMarkers;

    /// <summary>Creates a reader over the data; call Load before use.</summary>
    private PdfFileReader(ReadOnlyMemory<byte> data, long decodeBudget)
    {
        this.data = data;
        budget = new PdfDecodeBudget(decodeBudget);
        endStreams = new PdfKeywordIndex(data, "endstream"u8.ToArray());
        eofMarkers = new PdfKeywordIndex(data, "%%EOF"u8.ToArray());
    }

    /// <summary>Gets the complete file bytes.</summary>
    public ReadOnlyMemory<byte> Data => data;

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
            return Decode(stream, this, maxDecodedLength);
        }
        catch (Exception ex) when (IsParsingBug(ex))
        {
            throw new PdfSyntaxException($"Malformed stream: {ex.Message}", stream.DataOffset, ex);
        }
    }

    /// <summary>How many more bytes this document's streams may decode to (see <see cref="PdfDecodeBudget"/>).</summary>
    public long DecodeBudgetLeft => budget.Left;

    /// <summary>Decodes a stream within what is left of the document's decode budget, charging it as the data inflates.</summary>
    private byte[] Decode(PdfStream stream, IPdfObjectResolver? resolver, int maxForStream)
    {
        budget.ThrowIfSpent(stream.DataOffset);
        return PdfFilters.Decode(stream, resolver, maxForStream, budget);
    }

    /// <summary>A parser over the file that charges the document's budget and shares its index of 'endstream'.</summary>
    private PdfParser FileParser() => new(data, diagnostics) { Budget = budget, EndStreamIndex = endStreams };

    /// <summary>Returns the references of all page objects in document order, as of a revision.</summary>
    public IReadOnlyList<PdfReference> GetPageReferences(int? revision = null)
    {
        var rev = CheckRevision(revision);
        var pagesRef = GetCatalog(rev)["Pages"] as PdfReference
            ?? throw new PdfSyntaxException("Catalog /Pages is missing or not an indirect reference");
        var result = new List<PdfReference>();
        var visited = new HashSet<PdfReference>();
        CollectPages(pagesRef, rev, 0, visited, result);
        return result;
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

    /// <summary>Depth-first page-tree walk collecting leaf page references, guarding against cycles and depth.</summary>
    private void CollectPages(PdfReference node, int rev, int depth, HashSet<PdfReference> visited, List<PdfReference> result)
    {
        if (depth > PdfParser.MaxDepth)
        {
            throw new PdfSyntaxException($"Page tree deeper than {PdfParser.MaxDepth} levels");
        }

        if (!visited.Add(node))
        {
            throw new PdfSyntaxException($"Page tree contains a cycle through {node}");
        }

        if (Resolve(node, rev) is not PdfDictionary dict)
        {
            diagnostics.Add(new PdfDiagnostic(-1, $"Page tree node {node} is not a dictionary; skipped"));
            return;
        }

        var type = dict.GetName("Type", AsOfRevision(rev))?.Value;
        var kids = dict.GetArray("Kids", AsOfRevision(rev));
        if (type == "Pages" || (type != "Page" && kids is not null))
        {
            foreach (var kid in kids ?? [])
            {
                if (kid is PdfReference kidRef)
                {
                    CollectPages(kidRef, rev, depth + 1, visited, result);
                }
                else
                {
                    diagnostics.Add(new PdfDiagnostic(-1, $"Page tree node {node} has a direct (non-reference) kid; skipped"));
                }
            }
        }
        else
        {
            result.Add(node);
        }
    }

    /// <summary>Reads the header, startxref and the whole cross-reference chain.</summary>
    private void Load()
    {
        var span = data.Span;
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

        var sx = span.LastIndexOf("startxref"u8);
        if (sx < 0)
        {
            throw new PdfSyntaxException("'startxref' not found (file truncated?)", span.Length);
        }

        var lexer = new PdfLexer(data) { Position = sx + 9 };
        var tok = lexer.NextToken();
        if (tok.Kind != PdfTokenKind.Integer)
        {
            throw new PdfSyntaxException($"Expected an integer offset after 'startxref' but found {tok.Describe()}", tok.Start);
        }

        if (tok.IntegerValue <= 0 || tok.IntegerValue >= span.Length)
        {
            throw new PdfSyntaxException($"startxref offset {tok.IntegerValue} lies outside the file (length {span.Length})", tok.Start);
        }

        StartXrefOffset = tok.IntegerValue;

        var sections = new List<XrefSection>();
        var visited = new HashSet<long>();
        long? next = StartXrefOffset;
        while (next is long offset)
        {
            if (!visited.Add(offset))
            {
                throw new PdfSyntaxException("Cross-reference /Prev chain loops back to an already read section", offset);
            }

            if (sections.Count >= MaxSections)
            {
                throw new PdfSyntaxException($"More than {MaxSections} cross-reference sections", offset);
            }

            var section = ReadSection(offset);
            sections.Add(section);
            next = null;
            var prev = section.Trailer["Prev"];
            if (prev is not null)
            {
                if (prev is not PdfInteger pi || pi.Value <= 0 || pi.Value >= span.Length)
                {
                    throw new PdfSyntaxException($"Invalid trailer /Prev {prev} (expected an offset inside the file)", offset);
                }

                next = pi.Value;
            }
        }

        BuildRevisions(sections);
    }

    /// <summary>Groups xref sections into revisions (oldest first), merging linearized first-page sections.</summary>
    private void BuildRevisions(List<XrefSection> newestFirst)
    {
        var groups = new List<List<XrefSection>>();
        foreach (var s in Enumerable.Reverse(newestFirst))
        {
            if (groups.Count > 0 && s.RevisionEnd <= groups[^1].Max(g => g.RevisionEnd))
            {
                // A section ending before an older one (linearized first-page section) belongs to that revision.
                diagnostics.Add(new PdfDiagnostic(s.Offset, "Cross-reference section ends before the previous one (linearized file?); merged into that revision"));
                groups[^1].Add(s);
            }
            else
            {
                groups.Add([s]);
            }
        }

        var maxNumber = 0L;
        foreach (var group in groups)
        {
            var entries = new Dictionary<int, PdfXrefEntry>();
            foreach (var s in group)
            {
                foreach (var (num, entry) in s.Entries)
                {
                    entries[num] = entry;
                    maxNumber = Math.Max(maxNumber, num);
                }
            }

            var newest = group[^1];
            var size = newest.Trailer.GetInt("Size");
            if (size is long sz)
            {
                maxNumber = Math.Max(maxNumber, sz - 1);
            }

            revisions.Add(new PdfRevision(
                revisions.Count,
                newest.Offset,
                newest.Kind,
                newest.Trailer,
                entries,
                group.Max(g => g.RevisionEnd),
                [.. group.Select(g => g.Offset)]));
        }

        MaxObjectNumber = (int)Math.Min(maxNumber, MaxObjectCount);
    }

    /// <summary>Reads the xref section (table, hybrid or stream) at an offset.</summary>
    private XrefSection ReadSection(long offset)
    {
        var lexer = new PdfLexer(data) { Position = offset };
        var first = lexer.PeekToken();
        XrefSection section;
        if (first.IsKeyword("xref"))
        {
            section = ReadTable(offset);
            if (section.Trailer["XRefStm"] is PdfInteger stmOffset)
            {
                if (stmOffset.Value <= 0 || stmOffset.Value >= data.Length)
                {
                    throw new PdfSyntaxException($"Trailer /XRefStm {stmOffset.Value} lies outside the file", offset);
                }

                var stm = ReadXrefStream(stmOffset.Value);
                foreach (var (num, entry) in stm.Entries)
                {
                    if (!section.Entries.TryGetValue(num, out var existing) || !existing.IsInUse)
                    {
                        section.Entries[num] = entry;
                    }
                }

                section = section with { Kind = PdfXrefKind.Hybrid };
            }
        }
        else if (first.Kind == PdfTokenKind.Integer)
        {
            section = ReadXrefStream(offset);
        }
        else
        {
            throw new PdfSyntaxException($"Expected 'xref' or a cross-reference stream object but found {first.Describe()}", offset);
        }

        CheckSize(section.Trailer, offset);
        return section with { RevisionEnd = FindRevisionEnd(section.SectionEnd) };
    }

    /// <summary>Rejects a missing, non-positive or absurd trailer /Size.</summary>
    private static void CheckSize(PdfDictionary trailer, long offset)
    {
        var size = trailer["Size"];
        if (size is not PdfInteger s || s.Value < 1 || s.Value > MaxObjectCount)
        {
            throw new PdfSyntaxException($"Trailer /Size {size?.ToString() ?? "missing"} is invalid (expected 1..{MaxObjectCount})", offset);
        }
    }

    /// <summary>Finds the offset just past the first %%EOF line after a section.</summary>
    private long FindRevisionEnd(long sectionEnd)
    {
        var span = data.Span;
        var at = eofMarkers.NextAt(sectionEnd);
        if (at < 0)
        {
            diagnostics.Add(new PdfDiagnostic(sectionEnd, "No '%%EOF' after cross-reference section; revision taken to end at end of file"));
            return span.Length;
        }

        var end = (int)at + 5;
        if (end < span.Length && span[end] == '\r')
        {
            end++;
        }

        if (end < span.Length && span[end] == '\n')
        {
            end++;
        }

        return end;
    }

    /// <summary>Parses a classic xref table and its trailer.</summary>
    private XrefSection ReadTable(long offset)
    {
        var lexer = new PdfLexer(data) { Position = offset };
        lexer.NextToken(); // 'xref'
        var entries = new Dictionary<int, PdfXrefEntry>();
        while (true)
        {
            var t = lexer.NextToken();
            if (t.IsKeyword("trailer"))
            {
                break;
            }

            var countTok = lexer.NextToken();
            if (t.Kind != PdfTokenKind.Integer || countTok.Kind != PdfTokenKind.Integer)
            {
                throw new PdfSyntaxException($"Expected cross-reference subsection header 'start count' or 'trailer' but found {t.Describe()}", t.Start);
            }

            var start = t.IntegerValue;
            var count = countTok.IntegerValue;
            // Compared without a sum, which a start near long.MaxValue would overflow.
            if (start < 0 || count < 0 || start > MaxObjectCount || count > MaxObjectCount - start || count > (data.Length - lexer.Position) / 18 + 1)
            {
                throw new PdfSyntaxException($"Invalid cross-reference subsection '{start} {count}'", t.Start);
            }

            budget.Charge(count * PdfDecodeBudget.XrefEntryCost, "Reading the document's cross-reference entries", t.Start);

            for (var i = 0; i < count; i++)
            {
                var a = lexer.NextToken();
                var b = lexer.NextToken();
                var k = lexer.NextToken();
                if (a.Kind != PdfTokenKind.Integer || b.Kind != PdfTokenKind.Integer || !(k.IsKeyword("n") || k.IsKeyword("f"))
                    || a.IntegerValue < 0 || b.IntegerValue is < 0 or > 65535)
                {
                    throw new PdfSyntaxException("Malformed cross-reference entry (expected 'nnnnnnnnnn ggggg n|f')", a.Start);
                }

                var num = (int)(start + i);
                var entry = k.IsKeyword("n")
                    ? new PdfXrefEntry(PdfXrefEntryType.InUse, a.IntegerValue, (int)b.IntegerValue)
                    : new PdfXrefEntry(PdfXrefEntryType.Free, a.IntegerValue, (int)b.IntegerValue);
                if (entry.IsInUse && (entry.Offset <= 0 || entry.Offset >= data.Length))
                {
                    diagnostics.Add(new PdfDiagnostic(a.Start, $"Cross-reference entry for object {num} points outside the file; treated as free"));
                    entry = new PdfXrefEntry(PdfXrefEntryType.Free, 0, 0);
                }

                entries.TryAdd(num, entry);
            }
        }

        var parser = FileParser();
        parser.Lexer.Position = lexer.Position;
        var trailer = parser.ParseObject() as PdfDictionary
            ?? throw new PdfSyntaxException("Expected trailer dictionary after 'trailer'", lexer.Position);
        return new XrefSection(offset, PdfXrefKind.Table, entries, trailer, parser.Lexer.Position);
    }

    /// <summary>Parses a cross-reference stream (/Type /XRef) into entries.</summary>
    private XrefSection ReadXrefStream(long offset)
    {
        var parser = FileParser();
        var io = parser.ParseIndirectObject(offset);
        if (io.Value is not PdfStream stream)
        {
            throw new PdfSyntaxException("Cross-reference offset points to an object that is not a stream", offset);
        }

        var dict = stream.Dictionary;
        if (!dict.IsOfType("XRef"))
        {
            throw new PdfSyntaxException("Cross-reference stream lacks /Type /XRef", offset);
        }

        CheckSize(dict, offset);
        var size = dict.GetInt("Size")!.Value;
        var w = dict.GetArray("W");
        if (w is null || w.Count < 3)
        {
            throw new PdfSyntaxException("Cross-reference stream /W must be an array of 3 integers", offset);
        }

        var widths = new int[3];
        for (var i = 0; i < 3; i++)
        {
            var wi = w.GetInt(i);
            if (wi is not (>= 0 and <= 8))
            {
                throw new PdfSyntaxException("Cross-reference stream /W entries must be integers 0..8", offset);
            }

            widths[i] = (int)wi.Value;
        }

        var entryWidth = widths[0] + widths[1] + widths[2];
        if (entryWidth == 0)
        {
            throw new PdfSyntaxException("Cross-reference stream /W entries are all zero", offset);
        }

        var ranges = new List<(long Start, long Count)>();
        if (dict.GetArray("Index") is PdfArray index)
        {
            if (index.Count % 2 != 0)
            {
                throw new PdfSyntaxException("Cross-reference stream /Index must have an even number of integers", offset);
            }

            for (var i = 0; i < index.Count; i += 2)
            {
                var s = index.GetInt(i);
                var c = index.GetInt(i + 1);
                if (s is not (>= 0 and <= MaxObjectCount) || c is not >= 0 || c > MaxObjectCount - s)
                {
                    throw new PdfSyntaxException("Invalid cross-reference stream /Index range", offset);
                }

                ranges.Add((s.Value, c.Value));
            }
        }
        else
        {
            ranges.Add((0, size));
        }

        var decoded = Decode(stream, null, 64 * 1024 * 1024);
        var total = ranges.Sum(r => r.Count);
        if (total * entryWidth > decoded.Length)
        {
            throw new PdfSyntaxException(
                string.Create(CultureInfo.InvariantCulture, $"Cross-reference stream data too short: {total} entries of {entryWidth} bytes need {total * entryWidth}, have {decoded.Length}"),
                offset);
        }

        budget.Charge(total * PdfDecodeBudget.XrefEntryCost, "Reading the document's cross-reference entries", offset);

        var entries = new Dictionary<int, PdfXrefEntry>();
        var pos = 0;
        foreach (var (start, count) in ranges)
        {
            for (var i = 0L; i < count; i++)
            {
                var type = widths[0] == 0 ? 1 : ReadField(decoded, pos, widths[0]);
                var f2 = ReadField(decoded, pos + widths[0], widths[1]);
                var f3 = ReadField(decoded, pos + widths[0] + widths[1], widths[2]);
                pos += entryWidth;
                var num = (int)(start + i);
                PdfXrefEntry entry;
                switch (type)
                {
                    case 0:
                        entry = new PdfXrefEntry(PdfXrefEntryType.Free, f2, (int)Math.Min(f3, 65535));
                        break;
                    case 1:
                        if (f2 <= 0 || f2 >= data.Length || f3 > 65535)
                        {
                            diagnostics.Add(new PdfDiagnostic(offset, $"Cross-reference stream entry for object {num} points outside the file; treated as free"));
                            entry = new PdfXrefEntry(PdfXrefEntryType.Free, 0, 0);
                        }
                        else
                        {
                            entry = new PdfXrefEntry(PdfXrefEntryType.InUse, f2, (int)f3);
                        }

                        break;
                    case 2:
                        if (f2 <= 0 || f2 >= MaxObjectCount || f3 >= MaxObjectsPerObjectStream)
                        {
                            throw new PdfSyntaxException($"Invalid compressed-object entry for object {num}", offset);
                        }

                        entry = new PdfXrefEntry(PdfXrefEntryType.Compressed, f2, (int)f3);
                        break;
                    default:
                        // Unknown types are to be treated as references to the null object (ISO 32000-1 §7.5.8.3).
                        entry = new PdfXrefEntry(PdfXrefEntryType.Free, 0, 0);
                        break;
                }

                entries.TryAdd(num, entry);
            }
        }

        return new XrefSection(offset, PdfXrefKind.Stream, entries, dict, io.EndOffset);
    }

    /// <summary>Reads a big-endian unsigned field of the given width.</summary>
    private static long ReadField(byte[] buffer, int pos, int width)
    {
        long value = 0;
        for (var i = 0; i < width; i++)
        {
            value = (value << 8) | buffer[pos + i];
        }

        return value;
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
                var parser = FileParser();
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
    private PdfIndirectObject LoadCompressed(int objectNumber, PdfXrefEntry entry, int rev)
    {
        var content = LoadObjectStream(entry.ObjectStreamNumber, rev);
        var index = entry.IndexInStream;
        if (index >= content.Numbers.Length || content.Numbers[index] != objectNumber)
        {
            index = content.IndexOf(objectNumber);
            if (index < 0)
            {
                throw new PdfSyntaxException($"Object {objectNumber} not found in object stream {entry.ObjectStreamNumber}", content.FileOffset);
            }

            diagnostics.Add(new PdfDiagnostic(content.FileOffset, $"Object {objectNumber} is not at index {entry.IndexInStream} of object stream {entry.ObjectStreamNumber}"));
        }

        // Charged per parse: an object stream whose header points many numbers at one large object pays for each.
        var parser = new PdfParser(content.Decoded, diagnostics) { RecordSourceSpans = false, Budget = budget };
        PdfObject value;
        try
        {
            value = parser.ParseObjectAt(content.First + content.Offsets[index]);
        }
        catch (PdfSyntaxException ex)
        {
            throw new PdfSyntaxException($"Object {objectNumber} in object stream {entry.ObjectStreamNumber}: {ex.Message}", content.FileOffset, ex);
        }

        if (value is PdfStream)
        {
            throw new PdfSyntaxException($"Object stream {entry.ObjectStreamNumber} contains a stream", content.FileOffset);
        }

        return new PdfIndirectObject(new PdfReference(objectNumber, 0), value, -1, -1) { ObjectStreamNumber = entry.ObjectStreamNumber };
    }

    /// <summary>Decodes an object stream and parses its /N header pairs.</summary>
    private ObjectStreamContent LoadObjectStream(int streamNumber, int rev)
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

        var resolver = AsOfRevision(rev);
        if (!stream.Dictionary.IsOfType("ObjStm"))
        {
            diagnostics.Add(new PdfDiagnostic(entry.Offset, $"Object stream {streamNumber} lacks /Type /ObjStm"));
        }

        var n = stream.Dictionary.GetInt("N", resolver);
        var first = stream.Dictionary.GetInt("First", resolver);
        if (n is not (>= 0 and <= MaxObjectsPerObjectStream) || first is not >= 0)
        {
            throw new PdfSyntaxException($"Object stream {streamNumber} has invalid /N or /First", entry.Offset);
        }

        var decoded = Decode(stream, resolver, PdfFilters.DefaultMaxDecodedLength);
        if (first > decoded.Length || n * 4 > decoded.Length)
        {
            throw new PdfSyntaxException($"Object stream {streamNumber}: /First {first} or /N {n} inconsistent with {decoded.Length} decoded bytes", entry.Offset);
        }

        budget.Charge(8L * n.Value, "Reading the document's object streams", entry.Offset);

        var numbers = new int[n.Value];
        var offsets = new int[n.Value];
        var lexer = new PdfLexer(decoded.AsMemory(0, (int)first.Value));
        for (var i = 0; i < n; i++)
        {
            var a = lexer.NextToken();
            var b = lexer.NextToken();
            if (a.Kind != PdfTokenKind.Integer || b.Kind != PdfTokenKind.Integer
                || a.IntegerValue is <= 0 or >= MaxObjectCount || b.IntegerValue < 0 || b.IntegerValue >= decoded.Length - first)
            {
                throw new PdfSyntaxException($"Object stream {streamNumber}: malformed header pair {i}", entry.Offset);
            }

            numbers[i] = (int)a.IntegerValue;
            offsets[i] = (int)b.IntegerValue;
        }

        var content = new ObjectStreamContent(decoded, (int)first.Value, numbers, offsets, entry.Offset);
        objectStreams[(streamNumber, entry)] = content;
        return content;
    }

    /// <summary>A parsed cross-reference section before grouping into revisions.</summary>
    private sealed record XrefSection(long Offset, PdfXrefKind Kind, Dictionary<int, PdfXrefEntry> Entries, PdfDictionary Trailer, long SectionEnd)
    {
        /// <summary>Gets the offset just past the following %%EOF line.</summary>
        public long RevisionEnd { get; init; }
    }

    /// <summary>Decoded object stream with its header.</summary>
    private sealed record ObjectStreamContent(byte[] Decoded, int First, int[] Numbers, int[] Offsets, long FileOffset)
    {
        private Dictionary<int, int>? indexes;

        /// <summary>Returns the index of the first header pair for <paramref name="objectNumber"/>, or -1; built once, so that many misplaced entries cost no scan each.</summary>
        public int IndexOf(int objectNumber)
        {
            if (indexes is null)
            {
                indexes = new Dictionary<int, int>(Numbers.Length);
                for (var i = 0; i < Numbers.Length; i++)
                {
                    indexes.TryAdd(Numbers[i], i);
                }
            }

            return indexes.TryGetValue(objectNumber, out var index) ? index : -1;
        }
    }

    /// <summary>Keeps the first diagnostics and counts the rest, so that a file with millions of broken entries cannot fill memory with messages.</summary>
    private sealed class CappedDiagnostics : Collection<PdfDiagnostic>
    {
        private const int Cap = 1000;
        private bool full;

        /// <inheritdoc/>
        protected override void InsertItem(int index, PdfDiagnostic item)
        {
            if (Count < Cap)
            {
                base.InsertItem(index, item);
            }
            else if (!full)
            {
                full = true;
                base.InsertItem(Count, new PdfDiagnostic(-1, string.Create(CultureInfo.InvariantCulture, $"More than {Cap} problems; the rest are not listed")));
            }
        }
    }

    /// <summary>Resolver bound to one revision.</summary>
    private sealed class RevisionResolver(PdfFileReader reader, int revision) : IPdfObjectResolver
    {
        /// <inheritdoc/>
        public PdfObject Resolve(PdfObject obj) => reader.Resolve(obj, revision);
    }
}

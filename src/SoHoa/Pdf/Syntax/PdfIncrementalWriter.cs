using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace SoHoa.Pdf.Syntax;

/// <summary>Result of <see cref="PdfIncrementalWriter.Write"/>: the complete new file and where things were written.</summary>
internal sealed class PdfIncrementalUpdate
{
    /// <summary>Creates the result.</summary>
    public PdfIncrementalUpdate(byte[] bytes, long updateStart, long xrefOffset, IReadOnlyDictionary<int, PdfByteSpan> objectSpans, IReadOnlyDictionary<PdfObject, PdfByteSpan> trackedSpans)
    {
        Bytes = bytes;
        UpdateStart = updateStart;
        XrefOffset = xrefOffset;
        ObjectSpans = objectSpans;
        TrackedSpans = trackedSpans;
    }

    /// <summary>Gets the complete output: original bytes (exact prefix), optional EOL, then the update.</summary>
    public byte[] Bytes { get; }

    /// <summary>Gets the offset where the appended update begins (after the original and any added EOL).</summary>
    public long UpdateStart { get; }

    /// <summary>Gets the offset of the new cross-reference section (the new <c>startxref</c> value).</summary>
    public long XrefOffset { get; }

    /// <summary>Gets the span (from <c>n g obj</c> to after <c>endobj</c>) of each written object, by object number.</summary>
    public IReadOnlyDictionary<int, PdfByteSpan> ObjectSpans { get; }

    /// <summary>Gets the output spans of objects registered with <see cref="PdfIncrementalWriter.Track"/> (by identity).</summary>
    public IReadOnlyDictionary<PdfObject, PdfByteSpan> TrackedSpans { get; }
}

/// <summary>Appends an incremental update (new and replaced objects, xref section, trailer) to an existing PDF.</summary>
internal sealed class PdfIncrementalWriter : IPdfObjectSink
{
    private static readonly HashSet<string> ReservedTrailerKeys = new(StringComparer.Ordinal)
    {
        "Size", "Prev", "XRefStm", "Type", "W", "Index", "Length", "Filter", "DecodeParms",
    };

    private readonly PdfFileReader reader;
    private readonly SortedDictionary<int, (int Generation, PdfObject? Value)> pending = [];
    private readonly List<PdfObject> tracked = [];
    private readonly PdfDictionary trailerOverrides = new();
    private int nextNumber;

    /// <summary>Creates a writer for an update on top of the file read by <paramref name="reader"/>.</summary>
    public PdfIncrementalWriter(PdfFileReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        this.reader = reader;
        var size = reader.Trailer.GetInt("Size") ?? 0;
        nextNumber = (int)Math.Max(size, reader.MaxObjectNumber + 1L);
        UseXrefStream = reader.LatestRevision.Kind == PdfXrefKind.Stream;
    }

    /// <summary>Gets or sets a value indicating whether to write the new xref as a stream (defaults to matching the previous revision).</summary>
    public bool UseXrefStream { get; set; }

    /// <summary>Gets or sets a value indicating whether to keep both /ID elements (default: keep the first, generate a new second).</summary>
    public bool KeepBothIds { get; set; }

    /// <summary>Reserves a new object number (generation 0); its value must be set with <see cref="Set"/> before writing.</summary>
    public PdfReference AllocateReference()
    {
        if (nextNumber >= PdfFileReader.MaxObjectCount)
        {
            throw new InvalidOperationException("Object number limit reached.");
        }

        var r = new PdfReference(nextNumber++, 0);
        pending[r.ObjectNumber] = (0, null);
        return r;
    }

    /// <summary>Adds a new indirect object and returns its reference.</summary>
    public PdfReference Add(PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var r = AllocateReference();
        pending[r.ObjectNumber] = (0, value);
        return r;
    }

    /// <summary>Sets the value of an allocated reference or replaces an existing object (same number and generation).</summary>
    public void Set(PdfReference reference, PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(value);
        if (pending.TryGetValue(reference.ObjectNumber, out var p))
        {
            if (p.Generation != reference.Generation)
            {
                throw new ArgumentException($"Generation mismatch for {reference}.", nameof(reference));
            }

            pending[reference.ObjectNumber] = (p.Generation, value);
            return;
        }

        var entry = reader.GetXrefEntry(reference.ObjectNumber, null, out _);
        if (entry is not PdfXrefEntry e || !e.IsInUse || e.Generation != reference.Generation)
        {
            throw new ArgumentException($"Object {reference} does not exist in the latest revision; use Add for new objects.", nameof(reference));
        }

        pending[reference.ObjectNumber] = (e.Generation, value);
    }

    /// <summary>Replaces an existing object by number (keeping its generation) and returns its reference.</summary>
    public PdfReference Replace(int objectNumber, PdfObject value)
    {
        var entry = reader.GetXrefEntry(objectNumber, null, out _);
        if (entry is not PdfXrefEntry e || !e.IsInUse)
        {
            throw new ArgumentException($"Object {objectNumber} does not exist in the latest revision.", nameof(objectNumber));
        }

        var r = new PdfReference(objectNumber, e.Generation);
        Set(r, value);
        return r;
    }

    /// <summary>Sets an extra or overriding trailer entry (e.g. /Root or /Info); /Size and /Prev are computed and cannot be set.</summary>
    public void SetTrailerEntry(string key, PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (ReservedTrailerKeys.Contains(key))
        {
            throw new ArgumentException($"Trailer key /{key} is computed by the writer.", nameof(key));
        }

        trailerOverrides.Set(key, value);
    }

    /// <summary>Requests the output span of <paramref name="obj"/> (matched by identity) in the result's TrackedSpans.</summary>
    public void Track(PdfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        tracked.Add(obj);
    }

    /// <summary>Builds the updated file.</summary>
    public PdfIncrementalUpdate Write()
    {
        if (reader.IsEncrypted)
        {
            throw new NotSupportedException("Incremental updates of encrypted PDFs are not supported.");
        }

        foreach (var (num, (_, value)) in pending)
        {
            if (value is null)
            {
                throw new InvalidOperationException($"Object {num} was allocated but never set.");
            }
        }

        var original = reader.Data.Span;
        var buffer = new ArrayBufferWriter<byte>(original.Length + 4096);
        buffer.Write(original);
        if (original.Length > 0 && original[^1] is not (byte)'\n' and not (byte)'\r')
        {
            buffer.Write("\n"u8);
        }

        var updateStart = buffer.WrittenCount;
        var ser = new PdfSerializer(buffer, updateStart);
        foreach (var t in tracked)
        {
            ser.Track(t);
        }

        var spans = new Dictionary<int, PdfByteSpan>();
        var written = new SortedDictionary<int, (long Offset, int Generation)>();
        foreach (var (num, (gen, value)) in pending)
        {
            var span = ser.WriteIndirectObject(num, gen, value!);
            spans[num] = span;
            written[num] = (span.Start, gen);
        }

        var bodyHash = SHA256.HashData(buffer.WrittenSpan[updateStart..])[..16];
        var trailer = BuildTrailer(bodyHash);
        long xrefOffset;
        if (UseXrefStream)
        {
            xrefOffset = WriteXrefStream(ser, written, trailer);
        }
        else
        {
            xrefOffset = ser.Position;
            WriteXrefTable(ser, written);
            trailer.Set(PdfName.Size, new PdfInteger(Math.Max(nextNumber, written.Count == 0 ? 1 : written.Keys.Max() + 1)));
            MoveSizeFirst(trailer);
            ser.WriteRaw("trailer\n"u8);
            ser.WriteObject(trailer);
            ser.WriteRaw("\n"u8);
        }

        ser.WriteAscii(string.Create(CultureInfo.InvariantCulture, $"startxref\n{xrefOffset}\n%%EOF\n"));
        return new PdfIncrementalUpdate(buffer.WrittenSpan.ToArray(), updateStart, xrefOffset, spans, new Dictionary<PdfObject, PdfByteSpan>(ser.TrackedSpans, ReferenceEqualityComparer.Instance));
    }

    /// <summary>Reorders a trailer so /Size comes first (conventional layout).</summary>
    private static void MoveSizeFirst(PdfDictionary trailer)
    {
        var size = trailer["Size"]!;
        var copy = trailer.Clone();
        foreach (var k in copy.Keys.ToList())
        {
            trailer.Remove(k.Value);
        }

        trailer.Set(PdfName.Size, size);
        foreach (var (k, v) in copy)
        {
            if (k.Value != "Size")
            {
                trailer.Set(k, v);
            }
        }
    }

    /// <summary>Writes a classic xref table with one subsection per run of consecutive object numbers.</summary>
    private static void WriteXrefTable(PdfSerializer ser, SortedDictionary<int, (long Offset, int Generation)> written)
    {
        ser.WriteRaw("xref\n"u8);
        foreach (var run in Runs(written.Keys))
        {
            ser.WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{run.Start} {run.Count}\n"));
            for (var i = 0; i < run.Count; i++)
            {
                var (offset, gen) = written[run.Start + i];
                ser.WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{offset:D10} {gen:D5} n\r\n"));
            }
        }
    }

    /// <summary>Splits sorted object numbers into runs of consecutive numbers.</summary>
    private static List<(int Start, int Count)> Runs(IEnumerable<int> sortedNumbers)
    {
        var runs = new List<(int Start, int Count)>();
        foreach (var n in sortedNumbers)
        {
            if (runs.Count > 0 && runs[^1].Start + runs[^1].Count == n)
            {
                runs[^1] = (runs[^1].Start, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((n, 1));
            }
        }

        return runs;
    }

    /// <summary>Writes the update's cross-reference stream (including its own entry) and returns its offset.</summary>
    private long WriteXrefStream(PdfSerializer ser, SortedDictionary<int, (long Offset, int Generation)> written, PdfDictionary trailer)
    {
        var xrefNumber = nextNumber;
        var xrefOffset = ser.Position;
        var all = new SortedDictionary<int, (long Offset, int Generation)>(written) { [xrefNumber] = (xrefOffset, 0) };
        var (raw, widths) = PdfXrefStreamRows.Encode(all.Values.Select(v => new PdfXrefEntry(PdfXrefEntryType.InUse, v.Offset, v.Generation)).ToArray());
        var index = new PdfArray();
        foreach (var (start, count) in Runs(all.Keys))
        {
            index.Add(new PdfInteger(start));
            index.Add(new PdfInteger(count));
        }

        var dict = new PdfDictionary()
            .Set(PdfName.Type, PdfName.XRef)
            .Set(PdfName.Size, new PdfInteger(xrefNumber + 1))
            .Set(PdfName.Index, index)
            .Set(PdfName.W, PdfArray.OfIntegers(widths[0], widths[1], widths[2]));
        foreach (var (k, v) in trailer)
        {
            dict.Set(k, v);
        }

        var stream = PdfStream.CreateFlate(raw, dict);
        ser.WriteIndirectObject(xrefNumber, 0, stream);
        return xrefOffset;
    }

    /// <summary>Builds the new trailer entries: /Root, /Info, /ID, overrides and /Prev.</summary>
    private PdfDictionary BuildTrailer(byte[] bodyHash)
    {
        var old = reader.Trailer;
        var trailer = new PdfDictionary();
        if (old["Root"] is { } root)
        {
            trailer.Set(PdfName.Root, root);
        }

        if (old["Info"] is { } info)
        {
            trailer.Set(PdfName.Info, info);
        }

        var id = old.GetArray("ID");
        if (id is { Count: 2 } && id[0] is PdfString id0 && id[1] is PdfString)
        {
            trailer.Set(PdfName.ID, KeepBothIds ? id : PdfArray.Of(id0, PdfString.FromHexBytes(bodyHash)));
        }
        else
        {
            var seed = new byte[bodyHash.Length + 8];
            bodyHash.CopyTo(seed, 0);
            BitConverter.TryWriteBytes(seed.AsSpan(bodyHash.Length), reader.Data.Length);
            var fresh = SHA256.HashData(seed)[..16];
            trailer.Set(PdfName.ID, PdfArray.Of(PdfString.FromHexBytes(fresh), PdfString.FromHexBytes(bodyHash)));
        }

        foreach (var (k, v) in trailerOverrides)
        {
            trailer.Set(k, v);
        }

        trailer.Set(PdfName.Prev, new PdfInteger(reader.StartXrefOffset));
        if (trailer["Root"] is null)
        {
            throw new PdfSyntaxException("Original trailer has no /Root and none was set");
        }

        return trailer;
    }
}

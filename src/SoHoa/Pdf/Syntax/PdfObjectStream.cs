namespace SoHoa.Pdf.Syntax;

/// <summary>
/// A decoded object stream (/Type /ObjStm, ISO 32000-1 §7.5.7) with its header of object numbers and offsets, and the
/// parsing of one compressed object out of it.
/// </summary>
internal sealed record PdfObjectStream(byte[] Decoded, int First, int[] Numbers, int[] Offsets, long FileOffset)
{
    /// <summary>Largest accepted /N, and largest index a compressed-object entry may name.</summary>
    public const int MaxObjects = 1_000_000;

    private Dictionary<int, int>? indexes;

    /// <summary>Decodes <paramref name="stream"/>, object <paramref name="streamNumber"/> at <paramref name="fileOffset"/>, and parses its /N header pairs.</summary>
    public static PdfObjectStream Read(PdfReadContext context, PdfStream stream, int streamNumber, long fileOffset, IPdfObjectResolver resolver)
    {
        if (!stream.Dictionary.IsOfType("ObjStm"))
        {
            context.Diagnostics.Add(new PdfDiagnostic(fileOffset, $"Object stream {streamNumber} lacks /Type /ObjStm"));
        }

        var n = stream.Dictionary.GetInt("N", resolver);
        var first = stream.Dictionary.GetInt("First", resolver);
        if (n is not (>= 0 and <= MaxObjects) || first is not >= 0)
        {
            throw new PdfSyntaxException($"Object stream {streamNumber} has invalid /N or /First", fileOffset);
        }

        var decoded = context.Decode(stream, resolver, PdfFilters.DefaultMaxDecodedLength);
        if (first > decoded.Length || n * 4 > decoded.Length)
        {
            throw new PdfSyntaxException($"Object stream {streamNumber}: /First {first} or /N {n} inconsistent with {decoded.Length} decoded bytes", fileOffset);
        }

        context.Budget.Charge(8L * n.Value, "Reading the document's object streams", fileOffset);

        var numbers = new int[n.Value];
        var offsets = new int[n.Value];
        var lexer = new PdfLexer(decoded.AsMemory(0, (int)first.Value));
        for (var i = 0; i < n; i++)
        {
            var a = lexer.NextToken();
            var b = lexer.NextToken();
            if (a.Kind != PdfTokenKind.Integer || b.Kind != PdfTokenKind.Integer
                || a.IntegerValue is <= 0 or >= PdfFileReader.MaxObjectCount || b.IntegerValue < 0 || b.IntegerValue >= decoded.Length - first)
            {
                throw new PdfSyntaxException($"Object stream {streamNumber}: malformed header pair {i}", fileOffset);
            }

            numbers[i] = (int)a.IntegerValue;
            offsets[i] = (int)b.IntegerValue;
        }

        return new PdfObjectStream(decoded, (int)first.Value, numbers, offsets, fileOffset);
    }

    /// <summary>Parses compressed object <paramref name="objectNumber"/>, which <paramref name="entry"/> places in this stream.</summary>
    public PdfIndirectObject ParseObject(PdfReadContext context, int objectNumber, PdfXrefEntry entry)
    {
        var index = entry.IndexInStream;
        if (index >= Numbers.Length || Numbers[index] != objectNumber)
        {
            index = IndexOf(objectNumber);
            if (index < 0)
            {
                throw new PdfSyntaxException($"Object {objectNumber} not found in object stream {entry.ObjectStreamNumber}", FileOffset);
            }

            context.Diagnostics.Add(new PdfDiagnostic(FileOffset, $"Object {objectNumber} is not at index {entry.IndexInStream} of object stream {entry.ObjectStreamNumber}"));
        }

        // Charged per parse: an object stream whose header points many numbers at one large object pays for each.
        var parser = new PdfParser(Decoded, context.Diagnostics) { RecordSourceSpans = false, Budget = context.Budget };
        PdfObject value;
        try
        {
            value = parser.ParseObjectAt(First + Offsets[index]);
        }
        catch (PdfSyntaxException ex)
        {
            throw new PdfSyntaxException($"Object {objectNumber} in object stream {entry.ObjectStreamNumber}: {ex.Message}", FileOffset, ex);
        }

        if (value is PdfStream)
        {
            throw new PdfSyntaxException($"Object stream {entry.ObjectStreamNumber} contains a stream", FileOffset);
        }

        return new PdfIndirectObject(new PdfReference(objectNumber, 0), value, -1, -1) { ObjectStreamNumber = entry.ObjectStreamNumber };
    }

    /// <summary>Returns the index of the first header pair for <paramref name="objectNumber"/>, or -1; built once, so that many misplaced entries cost no scan each.</summary>
    private int IndexOf(int objectNumber)
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

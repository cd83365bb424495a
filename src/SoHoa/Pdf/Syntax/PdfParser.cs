using System.Globalization;

namespace SoHoa.Pdf.Syntax;

/// <summary>An indirect object <c>n g obj ... endobj</c> with where it was found.</summary>
internal sealed record PdfIndirectObject(PdfReference Reference, PdfObject Value, long StartOffset, long EndOffset)
{
    /// <summary>Gets the object stream number holding this object, or null if stored directly in the file.</summary>
    public int? ObjectStreamNumber { get; init; }

    /// <summary>Gets the index of the revision whose cross-reference section defined this version (-1 if parsed standalone).</summary>
    public int RevisionIndex { get; init; } = -1;

    /// <summary>Gets the byte span from the start of <c>n g obj</c> to the end of <c>endobj</c> (StartOffset/EndOffset are -1 for compressed objects).</summary>
    public PdfByteSpan Span => new(StartOffset, EndOffset - StartOffset);
}

/// <summary>Recursive-descent parser for PDF objects over an in-memory buffer.</summary>
internal sealed class PdfParser
{
    /// <summary>Maximum nesting depth of arrays/dictionaries.</summary>
    public const int MaxDepth = 100;

    private static readonly byte[] EndStreamKeyword = "endstream"u8.ToArray();
    private readonly PdfLexer lexer;
    private readonly ReadOnlyMemory<byte> data;
    private readonly IList<PdfDiagnostic>? diagnostics;

    /// <summary>Creates a parser; non-fatal problems are appended to <paramref name="diagnostics"/> when given.</summary>
    public PdfParser(ReadOnlyMemory<byte> data, IList<PdfDiagnostic>? diagnostics = null)
    {
        this.data = data;
        this.diagnostics = diagnostics;
        lexer = new PdfLexer(data);
    }

    /// <summary>Gets the underlying lexer (its position is the parser's position).</summary>
    public PdfLexer Lexer => lexer;

    /// <summary>Gets or sets a callback resolving an indirect stream /Length (null result: unknown).</summary>
    public Func<PdfReference, long?>? LengthResolver { get; set; }

    /// <summary>Gets or sets a value indicating whether strings/arrays/dictionaries get their <c>Source</c> span recorded.</summary>
    public bool RecordSourceSpans { get; set; } = true;

    /// <summary>Gets or sets the budget charged with every object parsed (null: no limit beyond the input's size).</summary>
    public PdfDecodeBudget? Budget { get; set; }

    /// <summary>Gets or sets where 'endstream' occurs in the input, to find the end of a stream whose /Length is wrong without a scan each time.</summary>
    public PdfKeywordIndex? EndStreamIndex { get; set; }

    /// <summary>Parses one object at the current position.</summary>
    public PdfObject ParseObject() => ParseFromToken(lexer.NextToken(), 0);

    /// <summary>Parses one object at <paramref name="offset"/>.</summary>
    public PdfObject ParseObjectAt(long offset)
    {
        lexer.Position = offset;
        return ParseObject();
    }

    /// <summary>Parses <c>n g obj ... endobj</c> at <paramref name="offset"/>, including stream data.</summary>
    /// <param name="offset">Where <c>n g obj</c> starts.</param>
    /// <param name="expectedObjectNumber">When given, the number the header must carry; checked before the body is parsed.</param>
    public PdfIndirectObject ParseIndirectObject(long offset, int? expectedObjectNumber = null)
    {
        if (offset < 0 || offset >= data.Length)
        {
            throw new PdfSyntaxException($"Object offset {offset} lies outside the file (length {data.Length})", offset);
        }

        lexer.Position = offset;
        var t1 = lexer.NextToken();
        var t2 = lexer.NextToken();
        var t3 = lexer.NextToken();
        if (t1.Kind != PdfTokenKind.Integer || t2.Kind != PdfTokenKind.Integer || !t3.IsKeyword("obj")
            || t1.IntegerValue is < 0 or > int.MaxValue || t2.IntegerValue is < 0 or > 65535)
        {
            throw new PdfSyntaxException("Expected 'n g obj' (indirect object header)", t1.Start);
        }

        if (expectedObjectNumber is int expected && t1.IntegerValue != expected)
        {
            throw new PdfSyntaxException(string.Create(CultureInfo.InvariantCulture, $"Cross-reference entry for object {expected} points to object {t1.IntegerValue}"), offset);
        }

        var reference = new PdfReference((int)t1.IntegerValue, (int)t2.IntegerValue);
        PdfObject value;
        var first = lexer.PeekToken();
        if (first.IsKeyword("endobj"))
        {
            Report(first.Start, $"Object {Describe(reference)} is empty; treated as null");
            value = PdfNull.Instance;
        }
        else
        {
            value = ParseObject();
        }

        var afterValue = lexer.Position;
        var next = lexer.NextToken();
        if (next.IsKeyword("stream"))
        {
            if (value is not PdfDictionary dict)
            {
                throw new PdfSyntaxException($"'stream' keyword after a non-dictionary in object {Describe(reference)}", next.Start);
            }

            value = ReadStreamData(dict, reference, next.End);
            afterValue = lexer.Position;
            next = lexer.NextToken();
        }

        long end;
        if (next.IsKeyword("endobj"))
        {
            end = next.End;
        }
        else
        {
            Report(next.Start, $"Object {Describe(reference)}: expected 'endobj' but found {next.Describe()}");
            end = afterValue;
            lexer.Position = afterValue;
        }

        return new PdfIndirectObject(reference, value, t1.Start, end);
    }

    /// <summary>Formats 'n g' for messages.</summary>
    private static string Describe(PdfReference r) => string.Create(CultureInfo.InvariantCulture, $"{r.ObjectNumber} {r.Generation}");

    /// <summary>Records a diagnostic when a sink was given.</summary>
    private void Report(long offset, string message) => diagnostics?.Add(new PdfDiagnostic(offset, message));

    /// <summary>Reads stream data after the 'stream' keyword, checking /Length against 'endstream'.</summary>
    private PdfStream ReadStreamData(PdfDictionary dict, PdfReference reference, long afterKeyword)
    {
        var span = data.Span;
        var p = (int)afterKeyword;

        // Tolerate spaces between 'stream' and its EOL.
        while (p < span.Length && span[p] == ' ')
        {
            p++;
        }

        if (p < span.Length && span[p] == '\r')
        {
            p++;
            if (p < span.Length && span[p] == '\n')
            {
                p++;
            }
            else
            {
                Report(p, $"Object {Describe(reference)}: 'stream' followed by CR without LF");
            }
        }
        else if (p < span.Length && span[p] == '\n')
        {
            p++;
        }
        else
        {
            Report(p, $"Object {Describe(reference)}: 'stream' not followed by an end-of-line marker");
        }

        var dataStart = p;
        long? declared = null;
        switch (dict["Length"])
        {
            case PdfInteger li:
                declared = li.Value;
                break;
            case PdfReference lr:
                declared = LengthResolver?.Invoke(lr);
                if (declared is null)
                {
                    Report(dataStart, $"Object {Describe(reference)}: indirect /Length {lr} could not be resolved");
                }

                break;
        }

        if (declared is long len && len >= 0 && dataStart + len <= span.Length)
        {
            var q = (int)(dataStart + len);
            var k = q;
            while (k < span.Length && k - q < 4 && PdfLexer.IsWhitespace(span[k]))
            {
                k++;
            }

            if (span[k..].StartsWith(EndStreamKeyword))
            {
                lexer.Position = k + EndStreamKeyword.Length;
                return new PdfStream(dict, data.Slice(dataStart, (int)len), dataStart);
            }
        }

        var found = EndStreamIndex is { } index
            ? (int)Math.Max(-1, index.NextAt(dataStart) - dataStart)
            : span[dataStart..].IndexOf(EndStreamKeyword);
        if (found < 0)
        {
            throw new PdfSyntaxException($"Object {Describe(reference)}: 'endstream' not found for stream data", dataStart);
        }

        var e = dataStart + found;
        if (e > dataStart && span[e - 1] == '\n')
        {
            e--;
            if (e > dataStart && span[e - 1] == '\r')
            {
                e--;
            }
        }
        else if (e > dataStart && span[e - 1] == '\r')
        {
            e--;
        }

        var actual = e - dataStart;
        Report(dataStart, string.Create(
            CultureInfo.InvariantCulture,
            $"Object {Describe(reference)}: stream /Length {(declared?.ToString(CultureInfo.InvariantCulture) ?? "missing")} is wrong; 'endstream' found after {actual} bytes"));
        lexer.Position = dataStart + found + EndStreamKeyword.Length;
        return new PdfStream(dict, data.Slice(dataStart, actual), dataStart) { LengthWasRepaired = true };
    }

    /// <summary>Parses an object starting with an already-read token.</summary>
    private PdfObject ParseFromToken(PdfToken token, int depth)
    {
        Budget?.Charge(PdfDecodeBudget.ObjectCost + (2L * (token.Bytes?.Length ?? 0)), "Parsing the document's objects", token.Start);
        switch (token.Kind)
        {
            case PdfTokenKind.Integer:
                return ParseIntegerOrReference(token);
            case PdfTokenKind.Real:
                return new PdfReal(token.RealValue);
            case PdfTokenKind.LiteralString or PdfTokenKind.HexString:
                var s = new PdfString(token.Bytes, token.Kind == PdfTokenKind.HexString);
                if (RecordSourceSpans)
                {
                    s.Source = new PdfByteSpan(token.Start, token.End - token.Start);
                }

                return s;
            case PdfTokenKind.Name:
                return PdfName.FromBytes(token.Bytes);
            case PdfTokenKind.ArrayStart:
                return ParseArray(token, depth + 1);
            case PdfTokenKind.DictionaryStart:
                return ParseDictionary(token, depth + 1);
            case PdfTokenKind.Keyword when token.Text == "true":
                return PdfBoolean.True;
            case PdfTokenKind.Keyword when token.Text == "false":
                return PdfBoolean.False;
            case PdfTokenKind.Keyword when token.Text == "null":
                return PdfNull.Instance;
            case PdfTokenKind.EndOfInput:
                throw new PdfSyntaxException("Unexpected end of input (expected an object)", token.Start);
            default:
                throw new PdfSyntaxException($"Unexpected {token.Describe()} (expected an object)", token.Start);
        }
    }

    /// <summary>Parses an integer or, with two-token look-ahead, an 'n g R' reference.</summary>
    private PdfObject ParseIntegerOrReference(PdfToken token)
    {
        if (token.IntegerValue is >= 0 and <= int.MaxValue)
        {
            var save = lexer.Position;
            var gen = lexer.NextToken();
            if (gen.Kind == PdfTokenKind.Integer && gen.IntegerValue is >= 0 and <= 65535)
            {
                var r = lexer.NextToken();
                if (r.IsKeyword("R"))
                {
                    return new PdfReference((int)token.IntegerValue, (int)gen.IntegerValue);
                }
            }

            lexer.Position = save;
        }

        return new PdfInteger(token.IntegerValue);
    }

    /// <summary>Parses array items up to ']'.</summary>
    private PdfArray ParseArray(PdfToken open, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new PdfSyntaxException($"Objects nested deeper than {MaxDepth} levels", open.Start);
        }

        var array = new PdfArray();
        while (true)
        {
            var t = lexer.NextToken();
            if (t.Kind == PdfTokenKind.ArrayEnd)
            {
                if (RecordSourceSpans)
                {
                    array.Source = new PdfByteSpan(open.Start, t.End - open.Start);
                }

                return array;
            }

            if (t.Kind == PdfTokenKind.EndOfInput)
            {
                throw new PdfSyntaxException("Unterminated array (expected ']')", open.Start);
            }

            array.Add(ParseFromToken(t, depth));
        }
    }

    /// <summary>Parses dictionary entries up to '>>'.</summary>
    private PdfDictionary ParseDictionary(PdfToken open, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new PdfSyntaxException($"Objects nested deeper than {MaxDepth} levels", open.Start);
        }

        var dict = new PdfDictionary();
        while (true)
        {
            var t = lexer.NextToken();
            if (t.Kind == PdfTokenKind.DictionaryEnd)
            {
                if (RecordSourceSpans)
                {
                    dict.Source = new PdfByteSpan(open.Start, t.End - open.Start);
                }

                return dict;
            }

            if (t.Kind == PdfTokenKind.EndOfInput)
            {
                throw new PdfSyntaxException("Unterminated dictionary (expected '>>')", open.Start);
            }

            if (t.Kind != PdfTokenKind.Name)
            {
                throw new PdfSyntaxException($"Unexpected {t.Describe()} (expected a name key or '>>')", t.Start);
            }

            var key = PdfName.FromBytes(t.Bytes);
            var v = lexer.NextToken();
            if (v.Kind == PdfTokenKind.DictionaryEnd)
            {
                Report(v.Start, $"Dictionary key /{key.Value} has no value");
                lexer.Position = v.Start;
                continue;
            }

            dict.Set(key, ParseFromToken(v, depth));
        }
    }
}

namespace SoHoa.Pdf.Syntax;

/// <summary>Parses a classic <c>xref</c> table and the trailer dictionary after it (ISO 32000-1 §7.5.4, §7.5.5).</summary>
internal static class PdfXrefTableReader
{
    /// <summary>Reads the table starting with the <c>xref</c> keyword at <paramref name="offset"/>.</summary>
    public static PdfXrefSection Read(PdfReadContext context, long offset)
    {
        var data = context.Data;
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
            if (start < 0 || count < 0 || start > PdfFileReader.MaxObjectCount || count > PdfFileReader.MaxObjectCount - start || count > (data.Length - lexer.Position) / 18 + 1)
            {
                throw new PdfSyntaxException($"Invalid cross-reference subsection '{start} {count}'", t.Start);
            }

            context.Budget.Charge(count * PdfDecodeBudget.XrefEntryCost, "Reading the document's cross-reference entries", t.Start);

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
                    context.Diagnostics.Add(new PdfDiagnostic(a.Start, $"Cross-reference entry for object {num} points outside the file; treated as free"));
                    entry = new PdfXrefEntry(PdfXrefEntryType.Free, 0, 0);
                }

                entries.TryAdd(num, entry);
            }
        }

        var parser = context.FileParser();
        parser.Lexer.Position = lexer.Position;
        var trailer = parser.ParseObject() as PdfDictionary
            ?? throw new PdfSyntaxException("Expected trailer dictionary after 'trailer'", lexer.Position);
        return new PdfXrefSection(offset, PdfXrefKind.Table, entries, trailer, parser.Lexer.Position);
    }
}

namespace SoHoa.Pdf.Syntax;

/// <summary>
/// Follows a file's cross-reference chain from its last <c>startxref</c> through each /Prev, reading every section
/// (table, hybrid or stream) and where its revision ends, guarded against loops and absurd section counts.
/// </summary>
internal sealed class PdfXrefChainReader(PdfReadContext context)
{
    /// <summary>Reads the offset stated by the last <c>startxref</c> in the file.</summary>
    public long ReadStartXref()
    {
        var span = context.Data.Span;
        var sx = span.LastIndexOf("startxref"u8);
        if (sx < 0)
        {
            throw new PdfSyntaxException("'startxref' not found (file truncated?)", span.Length);
        }

        var lexer = new PdfLexer(context.Data) { Position = sx + 9 };
        var tok = lexer.NextToken();
        if (tok.Kind != PdfTokenKind.Integer)
        {
            throw new PdfSyntaxException($"Expected an integer offset after 'startxref' but found {tok.Describe()}", tok.Start);
        }

        if (tok.IntegerValue <= 0 || tok.IntegerValue >= span.Length)
        {
            throw new PdfSyntaxException($"startxref offset {tok.IntegerValue} lies outside the file (length {span.Length})", tok.Start);
        }

        return tok.IntegerValue;
    }

    /// <summary>Reads the sections from <paramref name="startXref"/> back through /Prev, newest first.</summary>
    public List<PdfXrefSection> ReadSections(long startXref)
    {
        var length = context.Data.Length;
        var sections = new List<PdfXrefSection>();
        var visited = new HashSet<long>();
        long? next = startXref;
        while (next is long offset)
        {
            if (!visited.Add(offset))
            {
                throw new PdfSyntaxException("Cross-reference /Prev chain loops back to an already read section", offset);
            }

            if (sections.Count >= PdfFileReader.MaxSections)
            {
                throw new PdfSyntaxException($"More than {PdfFileReader.MaxSections} cross-reference sections", offset);
            }

            var section = ReadSection(offset);
            sections.Add(section);
            next = null;
            var prev = section.Trailer["Prev"];
            if (prev is not null)
            {
                if (prev is not PdfInteger pi || pi.Value <= 0 || pi.Value >= length)
                {
                    throw new PdfSyntaxException($"Invalid trailer /Prev {prev} (expected an offset inside the file)", offset);
                }

                next = pi.Value;
            }
        }

        return sections;
    }

    /// <summary>Reads the xref section (table, hybrid or stream) at an offset.</summary>
    private PdfXrefSection ReadSection(long offset)
    {
        var lexer = new PdfLexer(context.Data) { Position = offset };
        var first = lexer.PeekToken();
        PdfXrefSection section;
        if (first.IsKeyword("xref"))
        {
            section = PdfXrefTableReader.Read(context, offset);
            if (section.Trailer["XRefStm"] is PdfInteger stmOffset)
            {
                if (stmOffset.Value <= 0 || stmOffset.Value >= context.Data.Length)
                {
                    throw new PdfSyntaxException($"Trailer /XRefStm {stmOffset.Value} lies outside the file", offset);
                }

                var stm = PdfXrefStreamReader.Read(context, stmOffset.Value);
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
            section = PdfXrefStreamReader.Read(context, offset);
        }
        else
        {
            throw new PdfSyntaxException($"Expected 'xref' or a cross-reference stream object but found {first.Describe()}", offset);
        }

        PdfXrefSection.CheckSize(section.Trailer, offset);
        return section with { RevisionEnd = FindRevisionEnd(section.SectionEnd) };
    }

    /// <summary>Finds the offset just past the first %%EOF line after a section.</summary>
    private long FindRevisionEnd(long sectionEnd)
    {
        var span = context.Data.Span;
        var at = context.EofMarkers.NextAt(sectionEnd);
        if (at < 0)
        {
            context.Diagnostics.Add(new PdfDiagnostic(sectionEnd, "No '%%EOF' after cross-reference section; revision taken to end at end of file"));
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
}

namespace SoHoa.Pdf.Syntax;

/// <summary>
/// What every part of reading one file shares: its bytes, its diagnostics, its decode budget and its indexes of
/// <c>endstream</c> and <c>%%EOF</c>.
/// </summary>
internal sealed class PdfReadContext
{
    /// <summary>Creates the context of one file, with a budget of <paramref name="decodeBudget"/> decoded bytes.</summary>
    public PdfReadContext(ReadOnlyMemory<byte> data, long decodeBudget)
    {
        Data = data;
        Budget = new PdfDecodeBudget(decodeBudget);
        EndStreams = new PdfKeywordIndex(data, "endstream"u8.ToArray());
        EofMarkers = new PdfKeywordIndex(data, "%%EOF"u8.ToArray());
    }

    /// <summary>Gets the complete file bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the non-fatal problems found so far.</summary>
    public PdfCappedDiagnostics Diagnostics { get; } = [];

    /// <summary>Gets how many bytes this document's streams, entries and objects may still take.</summary>
    public PdfDecodeBudget Budget { get; }

    /// <summary>Gets where <c>endstream</c> occurs in the file.</summary>
    public PdfKeywordIndex EndStreams { get; }

    /// <summary>Gets where <c>%%EOF</c> occurs in the file.</summary>
    public PdfKeywordIndex EofMarkers { get; }

    /// <summary>A parser over the file that charges the document's budget and shares its index of 'endstream'.</summary>
    public PdfParser FileParser() => new(Data, Diagnostics) { Budget = Budget, EndStreamIndex = EndStreams };

    /// <summary>Decodes a stream within what is left of the document's decode budget, charging it as the data inflates.</summary>
    public byte[] Decode(PdfStream stream, IPdfObjectResolver? resolver, int maxForStream)
    {
        Budget.ThrowIfSpent(stream.DataOffset);
        return PdfFilters.Decode(stream, resolver, maxForStream, Budget);
    }
}

namespace SoHoa.Pdf.Syntax;

/// <summary>A parsed cross-reference section (table, stream or hybrid) before grouping into revisions.</summary>
internal sealed record PdfXrefSection(long Offset, PdfXrefKind Kind, Dictionary<int, PdfXrefEntry> Entries, PdfDictionary Trailer, long SectionEnd)
{
    /// <summary>Gets the offset just past the following %%EOF line.</summary>
    public long RevisionEnd { get; init; }

    /// <summary>Rejects a missing, non-positive or absurd trailer /Size.</summary>
    public static void CheckSize(PdfDictionary trailer, long offset)
    {
        var size = trailer["Size"];
        if (size is not PdfInteger s || s.Value < 1 || s.Value > PdfFileReader.MaxObjectCount)
        {
            throw new PdfSyntaxException($"Trailer /Size {size?.ToString() ?? "missing"} is invalid (expected 1..{PdfFileReader.MaxObjectCount})", offset);
        }
    }
}

namespace SoHoa.Pdf.Syntax;

/// <summary>
/// The binary rows of a cross-reference stream (ISO 32000-1 §7.5.8.2): one row an entry, each field big-endian and
/// as narrow as the largest value in its column allows, with the widths that go into the stream's /W array.
/// </summary>
internal static class PdfXrefStreamRows
{
    /// <summary>Encodes <paramref name="entries"/>, in the order given, and returns the rows and the three field widths.</summary>
    public static (byte[] Rows, int[] Widths) Encode(IReadOnlyCollection<PdfXrefEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int[] widths = [1, BytesFor(entries.Max(e => e.Field2)), BytesFor(entries.Max(e => e.Field3))];
        int rowLength = widths.Sum();
        byte[] rows = new byte[entries.Count * rowLength];
        int at = 0;
        foreach (PdfXrefEntry entry in entries)
        {
            rows[at] = (byte)entry.Type;
            WriteField(rows.AsSpan(at + 1, widths[1]), entry.Field2);
            WriteField(rows.AsSpan(at + 1 + widths[1], widths[2]), entry.Field3);
            at += rowLength;
        }

        return (rows, widths);
    }

    private static int BytesFor(long value)
    {
        int bytes = 1;
        while (bytes < 8 && value >= 1L << (8 * bytes))
        {
            bytes++;
        }

        return bytes;
    }

    private static void WriteField(Span<byte> field, long value)
    {
        for (int i = field.Length - 1; i >= 0; i--, value >>= 8)
        {
            field[i] = (byte)value;
        }
    }
}

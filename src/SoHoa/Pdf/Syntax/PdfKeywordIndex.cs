namespace SoHoa.Pdf.Syntax;

/// <summary>
/// Where a keyword (<c>endstream</c>, <c>%%EOF</c>) occurs in a buffer, found in one pass the first time it is asked,
/// so that looking for the next occurrence many times (a stream with a wrong /Length, each of thousands of sections)
/// costs a binary search instead of a scan of the rest of the file each time.
/// </summary>
internal sealed class PdfKeywordIndex(ReadOnlyMemory<byte> data, byte[] keyword)
{
    private int[]? positions;

    /// <summary>Returns the offset of the first occurrence at or after <paramref name="from"/>, or -1.</summary>
    public long NextAt(long from)
    {
        positions ??= FindAll();
        int i = Array.BinarySearch(positions, (int)Math.Clamp(from, 0, data.Length));
        if (i < 0)
        {
            i = ~i;
        }

        return i < positions.Length ? positions[i] : -1;
    }

    private int[] FindAll()
    {
        var found = new List<int>();
        ReadOnlySpan<byte> span = data.Span;
        int at = 0;
        while (at <= span.Length - keyword.Length)
        {
            int i = span[at..].IndexOf(keyword);
            if (i < 0)
            {
                break;
            }

            found.Add(at + i);
            at += i + 1;
        }

        return [.. found];
    }
}

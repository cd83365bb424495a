using System.Globalization;

namespace SoHoa.Pdf.Syntax;

/// <summary>Parses a cross-reference stream (/Type /XRef, ISO 32000-1 §7.5.8): its /W and /Index, and its binary rows into entries.</summary>
internal static class PdfXrefStreamReader
{
    /// <summary>Parses a cross-reference stream (/Type /XRef) into entries.</summary>
    public static PdfXrefSection Read(PdfReadContext context, long offset)
    {
        var parser = context.FileParser();
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

        PdfXrefSection.CheckSize(dict, offset);
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
                if (s is not (>= 0 and <= PdfFileReader.MaxObjectCount) || c is not >= 0 || c > PdfFileReader.MaxObjectCount - s)
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

        var decoded = context.Decode(stream, null, 64 * 1024 * 1024);
        var total = ranges.Sum(r => r.Count);
        if (total * entryWidth > decoded.Length)
        {
            throw new PdfSyntaxException(
                string.Create(CultureInfo.InvariantCulture, $"Cross-reference stream data too short: {total} entries of {entryWidth} bytes need {total * entryWidth}, have {decoded.Length}"),
                offset);
        }

        context.Budget.Charge(total * PdfDecodeBudget.XrefEntryCost, "Reading the document's cross-reference entries", offset);

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
                        if (f2 <= 0 || f2 >= context.Data.Length || f3 > 65535)
                        {
                            context.Diagnostics.Add(new PdfDiagnostic(offset, $"Cross-reference stream entry for object {num} points outside the file; treated as free"));
                            entry = new PdfXrefEntry(PdfXrefEntryType.Free, 0, 0);
                        }
                        else
                        {
                            entry = new PdfXrefEntry(PdfXrefEntryType.InUse, f2, (int)f3);
                        }

                        break;
                    case 2:
                        if (f2 <= 0 || f2 >= PdfFileReader.MaxObjectCount || f3 >= PdfObjectStream.MaxObjects)
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

        return new PdfXrefSection(offset, PdfXrefKind.Stream, entries, dict, io.EndOffset);
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
}

using System.Buffers.Binary;

namespace SoHoa.Pdf.Composition;

/// <summary>Reads a TrueType font's Unicode to glyph map from its 'cmap' table.</summary>
internal static class TrueTypeCmap
{
    /// <summary>Reads the Windows Unicode subtable: format 12 (full repertoire) when present, else format 4 (BMP), else nothing.</summary>
    public static Dictionary<int, ushort> ReadUnicode(ReadOnlySpan<byte> cmap)
    {
        var map = new Dictionary<int, ushort>();
        int count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        int format4 = -1;
        int format12 = -1;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> record = cmap[(4 + (8 * i))..];
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            int offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]));
            int format = BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]);
            if (platform == 3 && encoding == 10 && format == 12)
            {
                format12 = offset;
            }
            else if ((platform == 3 && encoding is 0 or 1) || platform == 0)
            {
                if (format == 4)
                {
                    format4 = offset;
                }
            }
        }

        if (format12 >= 0)
        {
            ReadOnlySpan<byte> table = cmap[format12..];
            uint groups = BinaryPrimitives.ReadUInt32BigEndian(table[12..]);
            for (int g = 0; g < groups; g++)
            {
                ReadOnlySpan<byte> group = table[(16 + (12 * g))..];
                uint start = BinaryPrimitives.ReadUInt32BigEndian(group);
                uint end = BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
                uint glyph = BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
                for (uint c = start; c <= end && c <= 0x10FFFF; c++)
                {
                    map[(int)c] = (ushort)(glyph + c - start);
                }
            }

            return map;
        }

        if (format4 < 0)
        {
            // Such a font (Tesseract's glyphless one has only an empty format 6 table) is usable by glyph id only.
            return map;
        }

        ReadOnlySpan<byte> f4 = cmap[format4..];
        int segments = BinaryPrimitives.ReadUInt16BigEndian(f4[6..]) / 2;
        int ends = 14;
        int starts = ends + (2 * segments) + 2;
        int deltas = starts + (2 * segments);
        int rangeOffsets = deltas + (2 * segments);
        for (int s = 0; s < segments; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(f4[(ends + (2 * s))..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(f4[(starts + (2 * s))..]);
            short delta = BinaryPrimitives.ReadInt16BigEndian(f4[(deltas + (2 * s))..]);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(f4[(rangeOffsets + (2 * s))..]);
            for (int c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    int at = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(f4[at..]);
                    if (glyph != 0)
                    {
                        glyph = (glyph + delta) & 0xFFFF;
                    }
                }

                if (glyph != 0)
                {
                    map[c] = (ushort)glyph;
                }
            }
        }

        return map;
    }
}

using System.Buffers.Binary;

namespace SoHoa.Signing.Appearance;

/// <summary>
/// A glyf-outline TrueType font cut down to the glyphs of a given text, renumbered from 0 (composite glyphs and their
/// components included), for embedding as a CIDFontType2 with Identity CIDs: a few kilobytes instead of the whole font.
/// </summary>
internal sealed class TrueTypeSubset
{
    private static readonly string[] KeptTables = ["cvt ", "fpgm", "prep"];

    private TrueTypeSubset(byte[] font, Dictionary<char, int> glyphOfChar, int[] widths, int unitsPerEm, (int Ascent, int Descent) metrics, int[] bbox)
    {
        FontFile = font;
        GlyphOfChar = glyphOfChar;
        Widths = widths;
        UnitsPerEm = unitsPerEm;
        Ascent = metrics.Ascent;
        Descent = metrics.Descent;
        BoundingBox = bbox;
    }

    /// <summary>The subset font file (FontFile2).</summary>
    public byte[] FontFile { get; }

    /// <summary>The new glyph id of each character of the text.</summary>
    public IReadOnlyDictionary<char, int> GlyphOfChar { get; }

    /// <summary>Advance widths of the new glyphs, in font units.</summary>
    public IReadOnlyList<int> Widths { get; }

    public int UnitsPerEm { get; }

    public int Ascent { get; }

    public int Descent { get; }

    public IReadOnlyList<int> BoundingBox { get; }

    /// <summary>Subsets <paramref name="font"/> to the characters of <paramref name="text"/>.</summary>
    /// <exception cref="SoHoaException">The font is not a TrueType font with glyf outlines and a Unicode BMP cmap.</exception>
    public static TrueTypeSubset Create(byte[] font, string text)
    {
        try
        {
            return Build(font, text);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or InvalidDataException)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, "The appearance font is not a TrueType font with glyf outlines and a Unicode cmap: " + ex.Message);
        }
    }

    private static TrueTypeSubset Build(byte[] font, string text)
    {
        ReadOnlySpan<byte> f = font;
        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        int count = U16(f, 4);
        for (int i = 0; i < count; i++)
        {
            int entry = 12 + (16 * i);
            tables[System.Text.Encoding.ASCII.GetString(font, entry, 4)] = ((int)U32(f, entry + 8), (int)U32(f, entry + 12));
        }

        if (!tables.ContainsKey("glyf"))
        {
            throw new InvalidDataException("no glyf table (CFF fonts are not supported)");
        }

        ReadOnlySpan<byte> head = Table(f, tables, "head");
        ReadOnlySpan<byte> hhea = Table(f, tables, "hhea");
        ReadOnlySpan<byte> maxp = Table(f, tables, "maxp");
        ReadOnlySpan<byte> hmtx = Table(f, tables, "hmtx");
        byte[] loca = Table(f, tables, "loca").ToArray();
        ReadOnlySpan<byte> glyf = Table(f, tables, "glyf");
        int unitsPerEm = U16(head, 18);
        bool longLoca = U16(head, 50) == 1;
        int numGlyphs = U16(maxp, 4);
        int numberOfHMetrics = U16(hhea, 34);
        (int Start, int End) Glyph(int gid) => longLoca
            ? ((int)U32(loca, 4 * gid), (int)U32(loca, (4 * gid) + 4))
            : (U16(loca, 2 * gid) * 2, U16(loca, (2 * gid) + 2) * 2);

        Dictionary<char, int> oldGlyphOfChar = ReadCmap(Table(f, tables, "cmap"), text);
        var used = new SortedSet<int> { 0 };
        var pending = new Stack<int>(oldGlyphOfChar.Values);
        while (pending.Count > 0)
        {
            int gid = pending.Pop();
            if (gid >= numGlyphs || !used.Add(gid) && gid != 0)
            {
                continue;
            }

            (int start, int end) = Glyph(gid);
            if (end > start && (short)U16(glyf, start) < 0)
            {
                foreach ((int component, _) in Components(glyf[start..end]))
                {
                    if (!used.Contains(component))
                    {
                        pending.Push(component);
                    }
                }
            }
        }

        int[] order = [.. used];
        var newId = new Dictionary<int, int>();
        for (int i = 0; i < order.Length; i++)
        {
            newId[order[i]] = i;
        }

        var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (order.Length + 1)];
        var newHmtx = new byte[4 * order.Length];
        int[] widths = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            int gid = order[i];
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * i), (uint)newGlyf.Length);
            (int start, int end) = Glyph(gid);
            byte[] data = glyf[start..end].ToArray();
            if (data.Length > 0 && (short)U16(data, 0) < 0)
            {
                foreach ((_, int at) in Components(data))
                {
                    BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), (ushort)newId[U16(data, at)]);
                }
            }

            newGlyf.Write(data);
            while (newGlyf.Length % 4 != 0)
            {
                newGlyf.WriteByte(0);
            }

            int advance = U16(hmtx, 4 * Math.Min(gid, numberOfHMetrics - 1));
            short lsb = gid < numberOfHMetrics ? (short)U16(hmtx, (4 * gid) + 2) : (short)U16(hmtx, (4 * numberOfHMetrics) + (2 * (gid - numberOfHMetrics)));
            BinaryPrimitives.WriteUInt16BigEndian(newHmtx.AsSpan(4 * i), (ushort)advance);
            BinaryPrimitives.WriteInt16BigEndian(newHmtx.AsSpan((4 * i) + 2), lsb);
            widths[i] = advance;
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * order.Length), (uint)newGlyf.Length);
        byte[] newHead = head.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(newHead.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16BigEndian(newHead.AsSpan(50), 1);
        byte[] newHhea = hhea.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(newHhea.AsSpan(34), (ushort)order.Length);
        byte[] newMaxp = maxp.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(newMaxp.AsSpan(4), (ushort)order.Length);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["glyf"] = newGlyf.ToArray(),
            ["head"] = newHead,
            ["hhea"] = newHhea,
            ["hmtx"] = newHmtx,
            ["loca"] = newLoca,
            ["maxp"] = newMaxp,
        };
        foreach (string kept in KeptTables.Where(tables.ContainsKey))
        {
            output[kept] = Table(f, tables, kept).ToArray();
        }

        var glyphOfChar = oldGlyphOfChar.ToDictionary(p => p.Key, p => newId[p.Value]);
        int[] bbox = [(short)U16(head, 36), (short)U16(head, 38), (short)U16(head, 40), (short)U16(head, 42)];
        return new TrueTypeSubset(Write(output), glyphOfChar, widths, unitsPerEm, ((short)U16(hhea, 4), (short)U16(hhea, 6)), bbox);
    }

    /// <summary>The component glyph ids of a composite glyph, with the offset of each id in <paramref name="glyph"/>.</summary>
    private static List<(int Glyph, int Offset)> Components(ReadOnlySpan<byte> glyph)
    {
        var components = new List<(int, int)>();
        int at = 10;
        while (true)
        {
            int flags = U16(glyph, at);
            components.Add((U16(glyph, at + 2), at + 2));
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            at += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            if ((flags & 0x0020) == 0)
            {
                return components;
            }
        }
    }

    /// <summary>Maps each character of <paramref name="text"/> to its glyph through the Unicode BMP (format 4) cmap subtable.</summary>
    private static Dictionary<char, int> ReadCmap(ReadOnlySpan<byte> cmap, string text)
    {
        int count = U16(cmap, 2);
        int subtable = -1;
        for (int i = 0; i < count; i++)
        {
            int platform = U16(cmap, 4 + (8 * i));
            int encoding = U16(cmap, 6 + (8 * i));
            int offset = (int)U32(cmap, 8 + (8 * i));
            if (U16(cmap, offset) == 4 && ((platform == 3 && encoding == 1) || platform == 0))
            {
                subtable = offset;
                break;
            }
        }

        if (subtable < 0)
        {
            throw new InvalidDataException("no Unicode BMP (format 4) cmap");
        }

        ReadOnlySpan<byte> t = cmap[subtable..];
        int segments = U16(t, 6) / 2;
        int ends = 14;
        int starts = ends + (2 * segments) + 2;
        int deltas = starts + (2 * segments);
        int rangeOffsets = deltas + (2 * segments);
        var result = new Dictionary<char, int>();
        foreach (char c in text.Distinct())
        {
            int gid = 0;
            for (int s = 0; s < segments; s++)
            {
                if (c > U16(t, ends + (2 * s)))
                {
                    continue;
                }

                int start = U16(t, starts + (2 * s));
                if (c >= start)
                {
                    int delta = U16(t, deltas + (2 * s));
                    int rangeOffset = U16(t, rangeOffsets + (2 * s));
                    if (rangeOffset == 0)
                    {
                        gid = (c + delta) & 0xFFFF;
                    }
                    else
                    {
                        int glyphAt = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                        int raw = U16(t, glyphAt);
                        gid = raw == 0 ? 0 : (raw + delta) & 0xFFFF;
                    }
                }

                break;
            }

            result[c] = gid;
        }

        return result;
    }

    private static byte[] Write(SortedDictionary<string, byte[]> tables)
    {
        int count = tables.Count;
        int entrySelector = (int)Math.Floor(Math.Log2(count));
        int searchRange = (1 << entrySelector) * 16;
        var output = new MemoryStream();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)((count * 16) - searchRange));
        output.Write(header);
        int offset = 12 + (16 * count);
        var directory = new byte[16 * count];
        int i = 0;
        foreach ((string tag, byte[] data) in tables)
        {
            System.Text.Encoding.ASCII.GetBytes(tag, directory.AsSpan(16 * i));
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan((16 * i) + 4), Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan((16 * i) + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(directory.AsSpan((16 * i) + 12), (uint)data.Length);
            offset += (data.Length + 3) & ~3;
            i++;
        }

        output.Write(directory);
        foreach (byte[] data in tables.Values)
        {
            output.Write(data);
            output.Write(new byte[((data.Length + 3) & ~3) - data.Length]);
        }

        return output.ToArray();
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        Span<byte> word = stackalloc byte[4];
        for (int i = 0; i < data.Length; i += 4)
        {
            word.Clear();
            data.AsSpan(i, Math.Min(4, data.Length - i)).CopyTo(word);
            sum += BinaryPrimitives.ReadUInt32BigEndian(word);
        }

        return sum;
    }

    private static ReadOnlySpan<byte> Table(ReadOnlySpan<byte> font, Dictionary<string, (int Offset, int Length)> tables, string tag)
    {
        (int offset, int length) = tables[tag];
        return font.Slice(offset, length);
    }

    private static int U16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
}

using System.Buffers.Binary;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// The parts of a TrueType font that a PDF needs to show text with it: the Unicode to glyph map, glyph advances,
/// the metrics for the font descriptor, and a subsetter that keeps only the glyphs a document uses
/// (renumbered from 0, composite glyphs with their components, hinting removed), so that a one-line stamp
/// embeds a few kilobytes of font rather than the whole file.
/// </summary>
internal sealed class TrueTypeFont
{
    // Composite glyph component flags (OpenType 'glyf').
    private const ushort ArgsAreWords = 0x0001;
    private const ushort HasScale = 0x0008;
    private const ushort MoreComponents = 0x0020;
    private const ushort HasXYScale = 0x0040;
    private const ushort HasTwoByTwo = 0x0080;
    private const ushort HasInstructions = 0x0100;

    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables;
    private readonly Dictionary<int, ushort> _cmap;
    private readonly int[] _glyphOffsets;
    private readonly ushort[] _advances;

    private TrueTypeFont(byte[] data, Dictionary<string, (int Offset, int Length)> tables)
    {
        _data = data;
        _tables = tables;
        ReadOnlySpan<byte> head = Table("head");
        UnitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
        BoundingBox = [ReadInt16(head, 36), ReadInt16(head, 38), ReadInt16(head, 40), ReadInt16(head, 42)];
        bool longOffsets = ReadInt16(head, 50) == 1;
        GlyphCount = BinaryPrimitives.ReadUInt16BigEndian(Table("maxp")[4..]);
        ReadOnlySpan<byte> hhea = Table("hhea");
        Ascent = ReadInt16(hhea, 4);
        Descent = ReadInt16(hhea, 6);
        int metricCount = BinaryPrimitives.ReadUInt16BigEndian(hhea[34..]);
        if (UnitsPerEm is < 16 or > 16384 || GlyphCount == 0 || metricCount == 0 || metricCount > GlyphCount)
        {
            throw new InvalidDataException("The font's head, maxp or hhea table is inconsistent.");
        }

        ReadOnlySpan<byte> hmtx = Table("hmtx");
        _advances = new ushort[GlyphCount];
        for (int g = 0; g < GlyphCount; g++)
        {
            _advances[g] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * Math.Min(g, metricCount - 1))..]);
        }

        ReadOnlySpan<byte> loca = Table("loca");
        _glyphOffsets = new int[GlyphCount + 1];
        int glyfLength = _tables["glyf"].Length;
        for (int g = 0; g <= GlyphCount; g++)
        {
            int offset = longOffsets ? checked((int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * g)..])) : 2 * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * g)..]);
            if (offset > glyfLength || (g > 0 && offset < _glyphOffsets[g - 1]))
            {
                throw new InvalidDataException("The font's loca table points outside its glyf table.");
            }

            _glyphOffsets[g] = offset;
        }

        // A subset made for a PDF has no cmap: the PDF maps codes to glyphs itself.
        _cmap = _tables.ContainsKey("cmap") ? TrueTypeCmap.ReadUnicode(Table("cmap")) : [];
        PostScriptName = _tables.ContainsKey("name") ? TrueTypeNames.PostScriptName(Table("name")) : null;
        CapHeight = Ascent;
        if (_tables.ContainsKey("OS/2") && Table("OS/2").Length >= 90 && BinaryPrimitives.ReadUInt16BigEndian(Table("OS/2")) >= 2)
        {
            CapHeight = ReadInt16(Table("OS/2"), 88);
        }
    }

    /// <summary>Font design units per em.</summary>
    public int UnitsPerEm { get; }

    /// <summary>How many glyphs the font has.</summary>
    public int GlyphCount { get; }

    /// <summary>The bounding box of all glyphs, in font units: xMin, yMin, xMax, yMax.</summary>
    public int[] BoundingBox { get; }

    /// <summary>The typographic ascent in font units.</summary>
    public int Ascent { get; }

    /// <summary>The typographic descent in font units (negative).</summary>
    public int Descent { get; }

    /// <summary>The tags of the font's tables.</summary>
    public IReadOnlyCollection<string> TableTags => _tables.Keys;

    /// <summary>The height of capital letters in font units.</summary>
    public int CapHeight { get; }

    /// <summary>The font's PostScript name (its name for a PDF's BaseFont); null when its 'name' table gives none.</summary>
    public string? PostScriptName { get; }

    /// <summary>Parses a TrueType (glyf outline) font file.</summary>
    public static TrueTypeFont Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            uint version = BinaryPrimitives.ReadUInt32BigEndian(data);
            if (version != 0x00010000 && version != 0x74727565)
            {
                throw new InvalidDataException("Not a TrueType font (only glyf outlines are supported).");
            }

            int count = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4));
            var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> record = data.AsSpan(12 + (16 * i), 16);
                string tag = Encoding.ASCII.GetString(record[..4]);
                int offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
                int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
                if (offset < 0 || length < 0 || offset > data.Length - length)
                {
                    throw new InvalidDataException($"The font's '{tag}' table lies outside the file.");
                }

                tables[tag] = (offset, length);
            }

            foreach (string required in new[] { "head", "hhea", "maxp", "hmtx", "loca", "glyf" })
            {
                if (!tables.ContainsKey(required))
                {
                    throw new InvalidDataException($"The font has no '{required}' table.");
                }
            }

            return new TrueTypeFont(data, tables);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("The font file is truncated or malformed.", ex);
        }
    }

    /// <summary>The glyph for a Unicode code point, or 0 (.notdef) when the font has none.</summary>
    public int GlyphOf(int codePoint) => _cmap.TryGetValue(codePoint, out ushort glyph) && glyph < GlyphCount ? glyph : 0;

    /// <summary>The advance width of a glyph in font units.</summary>
    public int AdvanceOf(int glyph) => _advances[glyph];

    /// <summary>
    /// Builds a font holding .notdef and <paramref name="glyphs"/> (and the components they are built of), numbered
    /// 0, 1, 2… in the order given by <paramref name="newGlyphOf"/>. Tables a PDF viewer does not need for a
    /// CIDFontType2 (cmap, OS/2, name, post, kern, layout tables) are left out, hinting (the programs in fpgm, prep
    /// and cvt, which stay as empty tables, and each glyph's instructions) is removed, and loca takes short offsets when the glyphs allow.
    /// </summary>
    public byte[] Subset(IEnumerable<int> glyphs, out IReadOnlyDictionary<int, int> newGlyphOf)
    {
        ArgumentNullException.ThrowIfNull(glyphs);
        var order = new List<int> { 0 };
        var index = new Dictionary<int, int> { [0] = 0 };
        var pending = new Queue<int>(glyphs);
        while (pending.Count > 0)
        {
            int glyph = pending.Dequeue();
            if (glyph < 0 || glyph >= GlyphCount)
            {
                throw new ArgumentOutOfRangeException(nameof(glyphs), glyph, "No such glyph in the font.");
            }

            if (index.TryAdd(glyph, order.Count))
            {
                order.Add(glyph);
                foreach (int component in ComponentsOf(glyph))
                {
                    pending.Enqueue(component);
                }
            }
        }

        newGlyphOf = index;
        using var glyf = new MemoryStream();
        int[] offsets = new int[order.Count + 1];
        byte[] hmtx = new byte[4 * order.Count];
        for (int n = 0; n < order.Count; n++)
        {
            int old = order[n];
            offsets[n] = (int)glyf.Position;
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * n), _advances[old]);
            BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan((4 * n) + 2), LeftSideBearingOf(old));
            byte[] outline = RewriteGlyph(old, index);
            glyf.Write(outline);
            if (glyf.Position % 4 != 0)
            {
                glyf.Write(new byte[4 - (glyf.Position % 4)]);
            }
        }

        offsets[order.Count] = (int)glyf.Position;

        // Short offsets (half the offset in two bytes) whenever the glyphs fit in 128 KB, as a small subset does.
        bool longOffsets = offsets[^1] / 2 > ushort.MaxValue;
        byte[] loca = new byte[(longOffsets ? 4 : 2) * offsets.Length];
        for (int n = 0; n < offsets.Length; n++)
        {
            if (longOffsets)
            {
                BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * n), (uint)offsets[n]);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(loca.AsSpan(2 * n), (ushort)(offsets[n] / 2));
            }
        }

        byte[] head = Table("head").ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set below
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), (short)(longOffsets ? 1 : 0));
        byte[] hhea = Table("hhea").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)order.Count);
        byte[] maxp = Table("maxp").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)order.Count);

        // The tables a PDF font program needs (ISO 32000-1 §9.9): no cmap (the PDF maps codes to glyphs), and no
        // OS/2, name or post, whose metrics and names the font descriptor already carries. The same clause lists
        // cvt, fpgm and prep as always present; with the glyphs' instructions gone they are empty.
        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["cvt "] = [],
            ["fpgm"] = [],
            ["prep"] = [],
            ["glyf"] = glyf.ToArray(),
            ["head"] = head,
            ["hhea"] = hhea,
            ["hmtx"] = hmtx,
            ["loca"] = loca,
            ["maxp"] = maxp,
        };
        return SfntFile.Assemble(tables);
    }

    /// <summary>The glyphs a composite glyph is built of (none for a simple or empty glyph).</summary>
    internal IEnumerable<int> ComponentsOf(int glyph)
    {
        ReadOnlySpan<byte> outline = Outline(glyph);
        var components = new List<int>();
        if (outline.Length < 10 || ReadInt16(outline, 0) >= 0)
        {
            return components;
        }

        int at = 10;
        ushort flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(outline[at..]);
            components.Add(BinaryPrimitives.ReadUInt16BigEndian(outline[(at + 2)..]));
            at += ComponentLength(flags);
        }
        while ((flags & MoreComponents) != 0);
        return components;
    }

    private static int ComponentLength(ushort flags)
    {
        int length = 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2);
        if ((flags & HasScale) != 0)
        {
            length += 2;
        }
        else if ((flags & HasXYScale) != 0)
        {
            length += 4;
        }
        else if ((flags & HasTwoByTwo) != 0)
        {
            length += 8;
        }

        return length;
    }

    /// <summary>Copies a glyph with its instructions removed and, for a composite, its components renumbered.</summary>
    private byte[] RewriteGlyph(int glyph, Dictionary<int, int> index)
    {
        ReadOnlySpan<byte> outline = Outline(glyph);
        if (outline.Length == 0)
        {
            return [];
        }

        short contours = ReadInt16(outline, 0);
        if (contours >= 0)
        {
            int instructionsAt = 10 + (2 * contours);
            int instructionLength = BinaryPrimitives.ReadUInt16BigEndian(outline[instructionsAt..]);
            byte[] copy = new byte[outline.Length - instructionLength];
            outline[..(instructionsAt + 2)].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(instructionsAt), 0);
            outline[(instructionsAt + 2 + instructionLength)..].CopyTo(copy.AsSpan(instructionsAt + 2));
            return copy;
        }

        byte[] composite = outline.ToArray();
        int at = 10;
        ushort flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(composite.AsSpan(at));
            if ((flags & MoreComponents) == 0 && (flags & HasInstructions) != 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(composite.AsSpan(at), (ushort)(flags & ~HasInstructions));
            }

            int component = BinaryPrimitives.ReadUInt16BigEndian(composite.AsSpan(at + 2));
            BinaryPrimitives.WriteUInt16BigEndian(composite.AsSpan(at + 2), (ushort)index[component]);
            at += ComponentLength(flags);
        }
        while ((flags & MoreComponents) != 0);
        return composite[..at];
    }

    private short LeftSideBearingOf(int glyph)
    {
        int metricCount = BinaryPrimitives.ReadUInt16BigEndian(Table("hhea")[34..]);
        ReadOnlySpan<byte> hmtx = Table("hmtx");
        return glyph < metricCount
            ? ReadInt16(hmtx, (4 * glyph) + 2)
            : ReadInt16(hmtx, (4 * metricCount) + (2 * (glyph - metricCount)));
    }

    private ReadOnlySpan<byte> Outline(int glyph) =>
        Table("glyf")[_glyphOffsets[glyph].._glyphOffsets[glyph + 1]];

    private ReadOnlySpan<byte> Table(string tag)
    {
        (int offset, int length) = _tables[tag];
        return _data.AsSpan(offset, length);
    }

    private static short ReadInt16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt16BigEndian(data[at..]);
}

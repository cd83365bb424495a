using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SoHoa.Tests.Support;

/// <summary>Small, valid images made in code, for tests that need real file bytes but no particular picture.</summary>
internal static class TestImages
{
    /// <summary>A white 8-bit grayscale PNG of the given size, with a 300 DPI pHYs chunk.</summary>
    public static byte[] GrayPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // grayscale
        Chunk(png, "IHDR", header);
        byte[] physical = new byte[9];
        BinaryPrimitives.WriteInt32BigEndian(physical, 11811); // 300 DPI in pixels per metre
        BinaryPrimitives.WriteInt32BigEndian(physical.AsSpan(4), 11811);
        physical[8] = 1;
        Chunk(png, "pHYs", physical);
        byte[] raw = new byte[(width + 1) * height];
        for (int y = 0; y < height; y++)
        {
            raw.AsSpan((y * (width + 1)) + 1, width).Fill(255);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// An 8-bit (or 16-bit, each sample doubled) grayscale PNG whose pixels come from <paramref name="pixel"/>
    /// (0 black, 255 white), with a resolution chunk for <paramref name="dpi"/>.
    /// </summary>
    public static byte[] GrayPng(int width, int height, Func<int, int, byte> pixel, int bitDepth = 8, int dpi = 300) =>
        Png(width, height, colorType: 0, bitDepth, (x, y, _) => pixel(x, y), dpi);

    /// <summary>A bilevel (1-bit gray) PNG: <paramref name="ink"/> says which pixels are black.</summary>
    public static byte[] BilevelPng(int width, int height, Func<int, int, bool> ink, int dpi = 300) =>
        Png(width, height, colorType: 0, bitDepth: 1, (x, y, _) => ink(x, y) ? (byte)0 : (byte)1, dpi);

    /// <summary>An 8-bit RGB PNG: <paramref name="sample"/> gives channel c (0 red, 1 green, 2 blue) of pixel (x, y).</summary>
    public static byte[] RgbPng(int width, int height, Func<int, int, int, byte> sample, int dpi = 300) =>
        Png(width, height, colorType: 2, bitDepth: 8, sample, dpi);

    /// <summary>
    /// A PNG of colour type 0 (gray: 1, 8 or 16 bits, 16-bit samples written as the byte twice) or 2 (RGB, 8 bits)
    /// with a resolution chunk; <paramref name="sample"/> gives channel c of pixel (x, y), at the image's bit depth
    /// for 1-bit images.
    /// </summary>
    private static byte[] Png(int width, int height, int colorType, int bitDepth, Func<int, int, int, byte> sample, int dpi)
    {
        int channels = colorType == 2 ? 3 : 1;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = (byte)bitDepth;
        header[9] = (byte)colorType;
        Chunk(png, "IHDR", header);
        byte[] physical = new byte[9];
        int perMetre = (int)Math.Round(dpi / 0.0254);
        BinaryPrimitives.WriteInt32BigEndian(physical, perMetre);
        BinaryPrimitives.WriteInt32BigEndian(physical.AsSpan(4), perMetre);
        physical[8] = 1;
        Chunk(png, "pHYs", physical);
        int rowBytes = ((width * channels * bitDepth) + 7) / 8 + 1;
        byte[] raw = new byte[rowBytes * height];
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = raw.AsSpan((y * rowBytes) + 1, rowBytes - 1);
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    byte value = sample(x, y, c);
                    if (bitDepth == 1)
                    {
                        row[x / 8] |= (byte)((value & 1) << (7 - (x % 8)));
                        continue;
                    }

                    for (int b = 0; b < bitDepth / 8; b++)
                    {
                        row[(((x * channels) + c) * bitDepth / 8) + b] = value;
                    }
                }
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// A little-endian TIFF of <paramref name="pages"/> pages, each declaring <paramref name="width"/>×<paramref name="height"/>
    /// 8-bit gray pixels in one uncompressed strip; only the first page's strip is really present (the others point to it),
    /// which is all a header check reads.
    /// </summary>
    public static byte[] GrayTiff(int width, int height, int pages = 1, int photometric = 1, int samplesPerPixel = 1)
    {
        const int EntryCount = 9;
        const int IfdSize = 2 + (EntryCount * 12) + 4;
        long stripBytes = (long)width * height * samplesPerPixel;
        int stripLength = (int)Math.Min(stripBytes, 64 * 1024);
        int stripOffset = 8;
        int firstIfd = stripOffset + stripLength + (stripLength % 2);
        byte[] tiff = new byte[firstIfd + (pages * IfdSize)];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), (uint)firstIfd);
        tiff.AsSpan(stripOffset, stripLength).Fill(255);
        for (int p = 0; p < pages; p++)
        {
            int at = firstIfd + (p * IfdSize);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), EntryCount);
            int e = at + 2;
            void Entry(ushort tag, ushort type, uint value)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(e), tag);
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(e + 2), type);
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(e + 4), 1);
                if (type == 3)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(e + 8), (ushort)value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(e + 8), value);
                }

                e += 12;
            }

            Entry(256, 4, (uint)width);
            Entry(257, 4, (uint)height);
            Entry(258, 3, 8);
            Entry(259, 3, 1); // no compression
            Entry(262, 3, (uint)photometric);
            Entry(273, 4, (uint)stripOffset);
            Entry(277, 3, (uint)samplesPerPixel);
            Entry(278, 4, (uint)height);
            Entry(279, 4, (uint)stripBytes);
            uint next = p + 1 < pages ? (uint)(firstIfd + ((p + 1) * IfdSize)) : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 2 + (EntryCount * 12)), next);
        }

        return tiff;
    }

    /// <summary>The start of a JPEG whose frame header declares <paramref name="components"/> components, ended by EOI: enough for a header check.</summary>
    public static byte[] JpegHeader(int width, int height, int components) =>
    [
        0xFF, 0xD8, // SOI
        0xFF, 0xC0, 0x00, (byte)(8 + (components * 3)), 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components,
        .. Enumerable.Range(1, components).SelectMany(c => new byte[] { (byte)c, 0x11, 0 }),
        0xFF, 0xD9, // EOI
    ];

    /// <summary>A PNG header declaring <paramref name="width"/>×<paramref name="height"/> followed by almost nothing: a decompression bomb's shape.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        byte[] png = GrayPng(1, 1);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        return png;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}

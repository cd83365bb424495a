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

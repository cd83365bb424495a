using System.Buffers.Binary;
using SoHoa.Batches;

namespace SoHoa.Imaging;

/// <summary>What a page file's header says, read in managed code before any native decoder sees the bytes.</summary>
/// <param name="Format">The container format.</param>
/// <param name="Pages">Width, height and bits per sample of each page (one entry unless a TIFF has several).</param>
internal sealed record ImageHeader(PageFileFormat Format, IReadOnlyList<PageGeometry> Pages);

/// <summary>The size and sample layout of one page as its header states.</summary>
internal readonly record struct PageGeometry(int Width, int Height, int BitsPerSample, int SamplesPerPixel);

/// <summary>Reads PNG, JPEG and TIFF headers and refuses damaged, truncated, oversized or unsupported files with a reason.</summary>
internal static class ImageHeaderReader
{
    /// <summary>Checks <paramref name="data"/> and returns its header, or throws <see cref="InvalidPageException"/> saying what is wrong.</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> data, PageFileFormat format, ImagingOptions limits)
    {
        ImageHeader header = format switch
        {
            PageFileFormat.Png => ReadPng(data),
            PageFileFormat.Jpeg => ReadJpeg(data),
            PageFileFormat.Tiff => ReadTiff(data, limits.MaxPagesPerFile),
            _ => throw new InvalidPageException(InputRules.UnsupportedPageFormat, $"{format} pages are not supported yet; give the pages as PNG, JPEG or TIFF."),
        };

        for (int i = 0; i < header.Pages.Count; i++)
        {
            PageGeometry page = header.Pages[i];
            if (page.Width <= 0 || page.Height <= 0)
            {
                throw new InvalidPageException(InputRules.ImageSize, $"Page {i + 1} declares an empty size ({page.Width}×{page.Height}).");
            }

            if ((long)page.Width * page.Height > limits.MaxPixelsPerPage)
            {
                throw new InvalidPageException(
                    InputRules.ImagePixels,
                    $"Page {i + 1} declares {page.Width}×{page.Height} pixels, more than the limit of {limits.MaxPixelsPerPage:N0}; refused before decoding.");
            }

            if (page.BitsPerSample is not (1 or 2 or 4 or 8 or 16))
            {
                throw new InvalidPageException(InputRules.ImageDepth, $"Page {i + 1} has {page.BitsPerSample} bits per sample; supported are 1, 2, 4, 8 and 16.");
            }

            if (page.SamplesPerPixel is < 1 or > 4)
            {
                throw new InvalidPageException(InputRules.ImageChannels, $"Page {i + 1} has {page.SamplesPerPixel} samples per pixel; supported are gray, gray+alpha, RGB and RGBA.");
            }
        }

        return header;
    }

    private static ImageHeader ReadPng(ReadOnlySpan<byte> data)
    {
        // Signature (8), IHDR length (4) + type (4) + 13 bytes of data + CRC (4).
        if (data.Length < 33 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidPageException(InputRules.ImageTruncated, "The PNG ends before its header (IHDR) is complete.");
        }

        int width = BinaryPrimitives.ReadInt32BigEndian(data[16..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(data[20..]);
        int bitDepth = data[24];
        int samples = data[25] switch
        {
            0 => 1, // gray
            2 => 3, // RGB
            3 => 1, // palette
            4 => 2, // gray + alpha
            6 => 4, // RGBA
            _ => throw new InvalidPageException(InputRules.ImageCorrupt, $"The PNG declares an unknown colour type {data[25]}."),
        };

        // A complete PNG ends with the IEND chunk: length 0, "IEND", CRC AE 42 60 82.
        if (!data.EndsWith((ReadOnlySpan<byte>)[0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82]))
        {
            throw new InvalidPageException(InputRules.ImageTruncated, "The PNG has no IEND chunk at its end: the file is truncated or damaged.");
        }

        return new ImageHeader(PageFileFormat.Png, [new PageGeometry(width, height, bitDepth, samples)]);
    }

    private static ImageHeader ReadJpeg(ReadOnlySpan<byte> data)
    {
        // Walk the marker segments up to the first start-of-frame, which holds the size.
        int at = 2;
        PageGeometry? geometry = null;
        while (at + 4 <= data.Length)
        {
            if (data[at] != 0xFF)
            {
                throw new InvalidPageException(InputRules.ImageCorrupt, $"The JPEG has no marker where one is expected (byte {at}).");
            }

            byte marker = data[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            bool startOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (startOfFrame)
            {
                if (at + 10 > data.Length)
                {
                    break;
                }

                int precision = data[at + 4];
                int height = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 7)..]);
                int components = data[at + 9];
                if (components == 4)
                {
                    throw new InvalidPageException(InputRules.ImageColorspace, "The JPEG is CMYK; convert it to RGB or grayscale before scanning it in.");
                }

                geometry = new PageGeometry(width, height, precision, components);
                break;
            }

            at += 2 + length;
        }

        if (geometry is null)
        {
            throw new InvalidPageException(InputRules.ImageTruncated, "The JPEG ends before its frame header: the file is truncated or damaged.");
        }

        // A complete JPEG ends with EOI (FF D9); scanners sometimes pad with zeros after it.
        ReadOnlySpan<byte> tail = data[Math.Max(0, data.Length - 64)..];
        if (tail.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0)
        {
            throw new InvalidPageException(InputRules.ImageTruncated, "The JPEG has no end-of-image marker: the file is truncated.");
        }

        return new ImageHeader(PageFileFormat.Jpeg, [geometry.Value]);
    }

    private static ImageHeader ReadTiff(ReadOnlySpan<byte> data, int maxPages)
    {
        if (data.Length < 8)
        {
            throw new InvalidPageException(InputRules.ImageTruncated, "The TIFF ends before its header is complete.");
        }

        bool little = data[0] == (byte)'I';
        uint Read32(ReadOnlySpan<byte> d, long at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(d[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(d[(int)at..]);
        ushort Read16(ReadOnlySpan<byte> d, long at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(d[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(d[(int)at..]);

        var pages = new List<PageGeometry>();
        var seen = new HashSet<uint>();
        uint offset = Read32(data, 4);
        while (offset != 0)
        {
            if (!seen.Add(offset))
            {
                throw new InvalidPageException(InputRules.ImageCorrupt, "The TIFF's page directory chain loops back on itself.");
            }

            if (pages.Count >= maxPages)
            {
                throw new InvalidPageException(InputRules.ImagePages, $"The TIFF has more than {maxPages} pages, the limit for one file.");
            }

            if (offset + 2L > data.Length)
            {
                throw new InvalidPageException(InputRules.ImageTruncated, $"The TIFF's page {pages.Count + 1} directory lies beyond the end of the file.");
            }

            int count = Read16(data, offset);
            long entries = offset + 2L;
            if (entries + (count * 12L) + 4 > data.Length)
            {
                throw new InvalidPageException(InputRules.ImageTruncated, $"The TIFF's page {pages.Count + 1} directory is cut off.");
            }

            int width = 0, height = 0, bits = 1, samples = 1, photometric = -1;
            for (int i = 0; i < count; i++)
            {
                long e = entries + (i * 12L);
                ushort tag = Read16(data, e);
                ushort type = Read16(data, e + 2);
                uint n = Read32(data, e + 4);
                uint value = type == 3 ? Read16(data, e + 8) : Read32(data, e + 8);
                if (type == 3 && n > 2 && tag == 258)
                {
                    // Several bits-per-sample values are stored elsewhere; they are equal in every image we accept.
                    uint at = Read32(data, e + 8);
                    value = at + 2L <= data.Length ? Read16(data, at) : 0u;
                }

                switch (tag)
                {
                    case 256: width = (int)Math.Min(value, int.MaxValue); break;
                    case 257: height = (int)Math.Min(value, int.MaxValue); break;
                    case 258: bits = (int)value; break;
                    case 262: photometric = (int)value; break;
                    case 277: samples = (int)value; break;
                }
            }

            if (photometric == 5)
            {
                throw new InvalidPageException(InputRules.ImageColorspace, $"TIFF page {pages.Count + 1} is CMYK; convert it to RGB or grayscale before scanning it in.");
            }

            pages.Add(new PageGeometry(width, height, bits, samples));
            offset = Read32(data, entries + (count * 12L));
        }

        if (pages.Count == 0)
        {
            throw new InvalidPageException(InputRules.ImageCorrupt, "The TIFF has no pages.");
        }

        return new ImageHeader(PageFileFormat.Tiff, pages);
    }
}

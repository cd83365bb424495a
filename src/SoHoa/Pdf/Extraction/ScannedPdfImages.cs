using System.Buffers.Binary;
using System.IO.Compression;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Pdf.Extraction;

/// <summary>
/// Takes the page images out of a scanned PDF without rendering it: per page, the largest image XObject, as an
/// image file a page decoder reads (JPEG bytes as they are, Flate samples as a PNG, CCITT fax data inside a TIFF),
/// with the resolution the page size gives it. It only reads: for a signed PDF these are copies for OCR, and the
/// pipeline keeps the PDF itself byte for byte.
/// </summary>
internal static class ScannedPdfImages
{
    /// <summary>One page's scan, as a self-contained image file.</summary>
    /// <param name="ImageFile">PNG, JPEG or TIFF bytes.</param>
    /// <param name="Dpi">The resolution the page's size implies, or 0 when the page size is unusable.</param>
    public sealed record PageImage(byte[] ImageFile, int Dpi)
    {
        /// <summary>The page's number in the PDF, from 1.</summary>
        public int Number { get; init; }
    }

    /// <summary>Extracts one image per page, in page order.</summary>
    /// <exception cref="ScannedPdfException">The PDF is damaged, encrypted, too large, or a page has no usable scan.</exception>
    public static IReadOnlyList<PageImage> Extract(byte[] pdf, int maxPages, long maxPixelsPerPage) => Extract(pdf, maxPages, maxPixelsPerPage, null);

    /// <summary>Extracts the image of each page <paramref name="include"/> accepts (numbered from 1; all when null), in page order.</summary>
    /// <exception cref="ScannedPdfException">The PDF is damaged, encrypted, too large, or an included page has no usable scan.</exception>
    public static IReadOnlyList<PageImage> Extract(byte[] pdf, int maxPages, long maxPixelsPerPage, Func<int, bool>? include)
    {
        PdfFileReader reader;
        IReadOnlyList<PdfReference> pages;
        try
        {
            reader = PdfFileReader.Open(pdf);
            if (reader.IsEncrypted)
            {
                throw new ScannedPdfException(InputRules.PdfEncrypted,
                    "The PDF is encrypted: SoHoa neither decrypts nor stores encrypted PDFs (PDF/A forbids encryption). Give it without a password; for a signed PDF ask its issuer for an unencrypted copy, since removing the password breaks the signature.");
            }

            pages = reader.GetPageReferences();
        }
        catch (PdfSyntaxException ex)
        {
            throw new ScannedPdfException(InputRules.PdfCorrupt, $"The PDF cannot be read: {ex.Message}");
        }

        if (pages.Count == 0)
        {
            throw new ScannedPdfException(InputRules.PdfPages, "The PDF has no pages.");
        }

        if (pages.Count > maxPages)
        {
            throw new ScannedPdfException(InputRules.ImagePages, $"The PDF has {pages.Count} pages, more than the limit of {maxPages} for one file.");
        }

        var images = new List<PageImage>(pages.Count);
        for (int i = 0; i < pages.Count; i++)
        {
            if (include is not null && !include(i + 1))
            {
                continue;
            }

            try
            {
                images.Add(ExtractPage(reader, pages[i], i + 1, maxPixelsPerPage) with { Number = i + 1 });
            }
            catch (PdfSyntaxException ex)
            {
                throw new ScannedPdfException(InputRules.PdfCorrupt, $"Page {i + 1} of the PDF cannot be read: {ex.Message}");
            }
        }

        return images;
    }

    private static PageImage ExtractPage(PdfFileReader reader, PdfReference pageRef, int number, long maxPixels)
    {
        var page = reader.Resolve(pageRef) as PdfDictionary ?? throw new ScannedPdfException(InputRules.PdfCorrupt, $"Page {number} of the PDF is not a dictionary.");
        PdfStream? best = null;
        long bestPixels = 0;
        if (page.GetDictionary("Resources", reader)?.GetDictionary("XObject", reader) is { } xobjects)
        {
            foreach (PdfName key in xobjects.Keys)
            {
                if (xobjects.Get(key.Value, reader) is PdfStream stream && stream.Dictionary.GetName("Subtype", reader)?.Value == "Image")
                {
                    long pixels = (stream.Dictionary.GetInt("Width", reader) ?? 0) * (stream.Dictionary.GetInt("Height", reader) ?? 0);
                    if (pixels > bestPixels)
                    {
                        (best, bestPixels) = (stream, pixels);
                    }
                }
            }
        }

        if (best is null)
        {
            throw new ScannedPdfException(InputRules.PdfNoImage, $"Page {number} of the PDF holds neither a scanned image nor text: there is nothing on it to read.");
        }

        PdfDictionary image = best.Dictionary;
        long width = image.GetInt("Width", reader) ?? 0;
        long height = image.GetInt("Height", reader) ?? 0;
        if (width <= 0 || height <= 0 || width > int.MaxValue || height > int.MaxValue || width * height > maxPixels)
        {
            throw new ScannedPdfException(InputRules.ImagePixels, $"Page {number} of the PDF holds a {width}×{height} image, outside the limit of {maxPixels:N0} pixels; refused before decoding.");
        }

        int dpi = DpiOf(page, reader, width, height);
        PdfObject? filter = image.Get("Filter", reader);
        string? single = filter switch
        {
            PdfName name => name.Value,
            PdfArray { Count: 1 } array when array.Get(0, reader) is PdfName name => name.Value,
            null => null,
            _ => "a chain of filters",
        };
        byte[] file = single switch
        {
            "DCTDecode" or "DCT" => best.RawData.ToArray(),
            "CCITTFaxDecode" or "CCF" => CcittAsTiff(best.RawData.Span, image, reader, (int)width, (int)height),
            null or "FlateDecode" or "Fl" => SamplesAsPng(best, image, reader, (int)width, (int)height, number),
            _ => throw new ScannedPdfException(InputRules.ImageFormat, $"Page {number} of the PDF holds an image compressed with {single}; supported are JPEG (DCT), Flate and CCITT fax."),
        };
        return new PageImage(file, dpi);
    }

    private static int DpiOf(PdfDictionary page, PdfFileReader reader, long width, long height)
    {
        if (page.GetArray("MediaBox", reader) is not { Count: 4 } box)
        {
            return 0;
        }

        double Number(int i) => reader.Resolve(box[i]) switch
        {
            PdfInteger n => n.Value,
            PdfReal r => r.Value,
            _ => 0,
        };
        double points = Math.Max(Math.Abs(Number(2) - Number(0)), Math.Abs(Number(3) - Number(1)));
        return points < 72 ? 0 : (int)Math.Round(Math.Max(width, height) / (points / 72));
    }

    /// <summary>Gray or RGB samples, 1 or 8 bits, as a PNG (unfiltered rows, zlib). PDF's 1-bit gray has 0 black, as PNG's has.</summary>
    private static byte[] SamplesAsPng(PdfStream stream, PdfDictionary image, PdfFileReader reader, int width, int height, int number)
    {
        int bits = (int)(image.GetInt("BitsPerComponent", reader) ?? 8);
        int components = ComponentsOf(image.Get("ColorSpace", reader), reader)
            ?? throw new ScannedPdfException(InputRules.ImageColorspace, $"Page {number} of the PDF has an image in a colour space other than gray or RGB.");
        if (bits is not (1 or 8) || (bits == 1 && components != 1))
        {
            throw new ScannedPdfException(InputRules.ImageDepth, $"Page {number} of the PDF has a {bits}-bit image with {components} components; supported are 1-bit gray and 8-bit gray or RGB.");
        }

        // In longs: a 150-megapixel RGB row overflows an int. The size the image needs bounds its decoding too, so that a
        // small stream inflating to far more than its declared size stops there instead of at the reader's limit (a PNG
        // predictor adds a byte to each row before it is undone, and some writers pad the end).
        long rowBytes = (((long)width * components * bits) + 7) / 8;
        long needed = rowBytes * height;
        byte[] samples = reader.DecodeStream(stream, (int)Math.Min(needed + height + 4096, PdfFilters.DefaultMaxDecodedLength));
        if (samples.LongLength < needed)
        {
            throw new ScannedPdfException(InputRules.ImageTruncated, $"Page {number} of the PDF has fewer image samples than its {width}×{height} size needs.");
        }

        // A /Decode of [1 0] (per component) says the samples are stored inverted, as Tesseract writes 1-bit scans.
        if (image.GetArray("Decode", reader) is { Count: > 0 } decode && reader.Resolve(decode[0]) is PdfInteger { Value: 1 } or PdfReal { Value: 1 })
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (byte)~samples[i];
            }
        }

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(samples.AsSpan((int)(y * rowBytes), (int)rowBytes));
            }
        }

        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = (byte)bits;
        header[9] = components == 3 ? (byte)2 : (byte)0;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, raw.ToArray());
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static int? ComponentsOf(PdfObject? colorSpace, PdfFileReader reader) => colorSpace switch
    {
        PdfName { Value: "DeviceGray" or "G" or "CalGray" } => 1,
        PdfName { Value: "DeviceRGB" or "RGB" or "CalRGB" } => 3,
        PdfArray { Count: 2 } array when array.Get(0, reader) is PdfName { Value: "ICCBased" } && array.Get(1, reader) is PdfStream icc =>
            icc.Dictionary.GetInt("N", reader) switch { 1 => 1, 3 => 3, _ => null },
        PdfArray { Count: >= 1 } array when array.Get(0, reader) is PdfName { Value: "CalGray" } => 1,
        PdfArray { Count: >= 1 } array when array.Get(0, reader) is PdfName { Value: "CalRGB" } => 3,
        null => 1,
        _ => null,
    };

    /// <summary>CCITT group 3 or 4 data wrapped in a one-strip TIFF (white is zero, as fax codes are read).</summary>
    private static byte[] CcittAsTiff(ReadOnlySpan<byte> data, PdfDictionary image, PdfFileReader reader, int width, int height)
    {
        PdfDictionary? parms = image.Get("DecodeParms", reader) switch
        {
            PdfDictionary d => d,
            PdfArray { Count: >= 1 } a => a.Get(0, reader) as PdfDictionary,
            _ => null,
        };
        long k = parms?.GetInt("K", reader) ?? 0;
        int columns = (int)(parms?.GetInt("Columns", reader) ?? width);
        int rows = (int)(parms?.GetInt("Rows", reader) ?? height);
        if (columns != width || (rows != 0 && rows != height))
        {
            throw new ScannedPdfException(InputRules.ImageCorrupt, $"The fax image declares {columns}×{rows} in its parameters but {width}×{height} as its size.");
        }

        (ushort compression, uint options) = k < 0 ? ((ushort)4, 0u) : ((ushort)3, k > 0 ? 1u : 0u);
        bool byteAligned = parms?.GetBool("EncodedByteAlign", reader) ?? false;
        if (byteAligned && compression == 3)
        {
            options |= 4; // fill bits before each EOL
        }

        var entries = new List<(ushort Tag, ushort Type, uint Value)>
        {
            (256, 4, (uint)width), (257, 4, (uint)height), (258, 3, 1), (259, 3, compression), (262, 3, 0),
            (273, 4, 0), (277, 3, 1), (278, 4, (uint)height), (279, 4, (uint)data.Length),
        };
        if (compression == 3)
        {
            entries.Add((292, 4, options));
        }

        int ifdSize = 2 + (entries.Count * 12) + 4;
        int dataOffset = 8 + ifdSize;
        byte[] tiff = new byte[dataOffset + data.Length];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries.Count);
        int at = 10;
        foreach ((ushort tag, ushort type, uint value) in entries)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), 1);
            uint stored = tag == 273 ? (uint)dataOffset : value;
            if (type == 3)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 8), (ushort)stored);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), stored);
            }

            at += 12;
        }

        data.CopyTo(tiff.AsSpan(dataOffset));
        return tiff;
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(data, Crc32(type, 0xFFFFFFFF)) ^ 0xFFFFFFFF);
        png.Write(word);
    }

    /// <summary>PNG's CRC-32 (ISO 3309), continued from <paramref name="crc"/>.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data, uint crc)
    {
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc;
    }
}

/// <summary>A PDF given as a scan that cannot be used, with the rule it broke.</summary>
internal sealed class ScannedPdfException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using SoHoa.Imaging;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Pdf.Composition;

/// <summary>How a page image is stored in the PDF.</summary>
internal enum ImageStorage
{
    /// <summary>The scan's JPEG bytes, unchanged (DCTDecode, possibly inside a lossless FlateDecode).</summary>
    Jpeg,

    /// <summary>Bilevel, CCITT Group 4.</summary>
    CcittG4,

    /// <summary>Gray or RGB samples, Flate-compressed, PNG-predicted when that is smaller (lossless).</summary>
    Flate,
}

/// <summary>An image XObject ready to write: its dictionary entries (other than /Length) and its encoded data.</summary>
/// <param name="Storage">How it is stored.</param>
/// <param name="Dictionary">The dictionary entries other than /Length.</param>
/// <param name="Data">The encoded stream data.</param>
internal sealed record ImageXObject(ImageStorage Storage, string Dictionary, byte[] Data)
{
    /// <summary>
    /// Chooses the smallest lossless form of a page image: JPEG as it came; RGB whose pixels are all gray stored as
    /// gray; gray whose pixels are all black or white stored as one bit per pixel; bilevel as CCITT G4; the rest
    /// Flate, with a PNG predictor chosen per row when that makes it smaller.
    /// </summary>
    public static ImageXObject From(VisibleImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Encoding == VisibleImageEncoding.Jpeg)
        {
            // The scan's JPEG is kept byte for byte: no recompression, no generation loss. Entropy-coded data
            // still deflates by a tenth or so on document scans; the Flate layer is lossless and taken only when it pays.
            string colour = image.Components == 3 ? "/DeviceRGB" : "/DeviceGray";
            string header = Header(image.Width, image.Height, colour, 8);
            byte[] jpeg = image.Data.ToArray();
            byte[] deflated = PdfFileBuilder.Deflate(jpeg);
            return deflated.Length < jpeg.Length * 0.98
                ? new(ImageStorage.Jpeg, header + " /Filter [/FlateDecode /DCTDecode]", deflated)
                : new(ImageStorage.Jpeg, header + " /Filter /DCTDecode", jpeg);
        }

        ValidateRaw(image);
        ReadOnlySpan<byte> samples = image.Data.Span;
        int components = image.Components;
        byte[]? reduced = null;
        if (image.BitsPerComponent == 8 && components == 3 && IsGray(samples))
        {
            reduced = RgbToGray(samples);
            components = 1;
            samples = reduced;
        }

        if (image.BitsPerComponent == 8 && components == 1 && IsBlackAndWhite(samples))
        {
            reduced = PackBits(samples, image.Width, image.Height);
            samples = reduced;
            return Bilevel(samples, image.Width, image.Height);
        }

        if (image.BitsPerComponent == 1)
        {
            return Bilevel(samples, image.Width, image.Height);
        }

        // Document scans are mostly flat paper with sharp text, where PNG prediction often costs more than it saves;
        // photos and shading gain from it. Both are tried at zlib's fastest level, and the smaller is compressed at its
        // default level. zlib's smallest level would save another 7-14% of a gray page but took 0.4-0.9 s a pass; done
        // twice, it was most of what `process` spent beyond OCR (profiled with perf, issue 15).
        string colourSpace = components == 3 ? "/DeviceRGB" : "/DeviceGray";
        string plainHeader = Header(image.Width, image.Height, colourSpace, 8) + " /Filter /FlateDecode";
        byte[] predictedSamples = PngPredict(samples, image.Width * components, components);
        bool predict = PdfFileBuilder.Deflate(predictedSamples, CompressionLevel.Fastest).Length < PdfFileBuilder.Deflate(samples, CompressionLevel.Fastest).Length;
        return predict
            ? new(
                ImageStorage.Flate,
                plainHeader + string.Create(CultureInfo.InvariantCulture, $" /DecodeParms << /Predictor 15 /Colors {components} /BitsPerComponent 8 /Columns {image.Width} >>"),
                PdfFileBuilder.Deflate(predictedSamples))
            : new(ImageStorage.Flate, plainHeader, PdfFileBuilder.Deflate(samples));
    }

    private static ImageXObject Bilevel(ReadOnlySpan<byte> packed, int width, int height) =>
        new(
            ImageStorage.CcittG4,
            Header(width, height, "/DeviceGray", 1) + string.Create(
                CultureInfo.InvariantCulture,
                $" /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns {width} /Rows {height} /BlackIs1 false >>"),
            CcittG4Encoder.Encode(packed, width, height));

    private static string Header(int width, int height, string colourSpace, int bits) => string.Create(
        CultureInfo.InvariantCulture,
        $"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {colourSpace} /BitsPerComponent {bits}");

    private static void ValidateRaw(VisibleImage image)
    {
        if (image.Width < 1 || image.Height < 1 || image.Components is not (1 or 3) || image.BitsPerComponent is not (1 or 8) ||
            (image.BitsPerComponent == 1 && image.Components != 1))
        {
            throw new ArgumentException($"Unsupported raw image: {image.Width}x{image.Height}, {image.Components} components of {image.BitsPerComponent} bits.", nameof(image));
        }

        long rowBytes = image.BitsPerComponent == 1 ? (image.Width + 7) / 8 : (long)image.Width * image.Components;
        if (image.Data.Length != rowBytes * image.Height)
        {
            throw new ArgumentException($"A {image.Width}x{image.Height} image needs {rowBytes * image.Height} bytes of samples, got {image.Data.Length}.", nameof(image));
        }
    }

    internal static bool IsGray(ReadOnlySpan<byte> rgb)
    {
        for (int i = 0; i + 2 < rgb.Length; i += 3)
        {
            if (rgb[i] != rgb[i + 1] || rgb[i] != rgb[i + 2])
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsBlackAndWhite(ReadOnlySpan<byte> gray)
    {
        foreach (byte sample in gray)
        {
            if (sample is not (0 or 255))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] RgbToGray(ReadOnlySpan<byte> rgb)
    {
        byte[] gray = new byte[rgb.Length / 3];
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = rgb[3 * i];
        }

        return gray;
    }

    /// <summary>Packs 0/255 samples into rows of bits, most significant first, padded to a byte (1 = white).</summary>
    private static byte[] PackBits(ReadOnlySpan<byte> gray, int width, int height)
    {
        int stride = (width + 7) / 8;
        byte[] packed = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = gray.Slice(y * width, width);
            Span<byte> output = packed.AsSpan(y * stride, stride);
            for (int x = 0; x < width; x++)
            {
                if (row[x] != 0)
                {
                    output[x >> 3] |= (byte)(0x80 >> (x & 7));
                }
            }

            // Padding bits are white, so the G4 coder sees no spurious edge.
            for (int x = width; x < stride * 8; x++)
            {
                output[x >> 3] |= (byte)(0x80 >> (x & 7));
            }
        }

        return packed;
    }

    /// <summary>
    /// PNG prediction as in /Predictor 15: every row starts with its filter type, chosen as the one whose output has
    /// the smallest sum of absolute values (the heuristic of the PNG specification, §12.8).
    /// </summary>
    internal static byte[] PngPredict(ReadOnlySpan<byte> samples, int rowBytes, int bytesPerPixel)
    {
        int rows = samples.Length / rowBytes;
        byte[] output = new byte[rows * (rowBytes + 1)];
        byte[] candidate = new byte[rowBytes];
        byte[] best = new byte[rowBytes];
        byte[] zero = new byte[rowBytes];
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<byte> row = samples.Slice(y * rowBytes, rowBytes);
            ReadOnlySpan<byte> above = y == 0 ? zero : samples.Slice((y - 1) * rowBytes, rowBytes);
            long bestCost = long.MaxValue;
            byte bestType = 0;
            for (byte type = 0; type <= 4; type++)
            {
                // One tight loop a filter type (the profile showed a switch in the loop over bytes cost 8% of process).
                long cost = Filter(type, row, above, bytesPerPixel, candidate);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestType = type;
                    (candidate, best) = (best, candidate);
                }
            }

            int at = y * (rowBytes + 1);
            output[at] = bestType;
            best.CopyTo(output, at + 1);
        }

        return output;
    }

    /// <summary>Writes <paramref name="row"/> filtered with PNG filter <paramref name="type"/> into <paramref name="into"/>; returns the sum of the absolute values of the signed bytes written.</summary>
    /// <remarks>Optimized at once: a short-lived <c>sohoa process</c> otherwise runs these loops in tier-0 code for most of a page.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int bpp, Span<byte> into)
    {
        long cost = 0;
        int n = row.Length;
        int first = Math.Min(bpp, n);
        switch (type)
        {
            case 0:
                for (int x = 0; x < n; x++)
                {
                    cost += Weight(into[x] = row[x]);
                }

                break;
            case 1:
                for (int x = 0; x < first; x++)
                {
                    cost += Weight(into[x] = row[x]);
                }

                for (int x = first; x < n; x++)
                {
                    cost += Weight(into[x] = (byte)(row[x] - row[x - bpp]));
                }

                break;
            case 2:
                for (int x = 0; x < n; x++)
                {
                    cost += Weight(into[x] = (byte)(row[x] - above[x]));
                }

                break;
            case 3:
                for (int x = 0; x < first; x++)
                {
                    cost += Weight(into[x] = (byte)(row[x] - (above[x] >> 1)));
                }

                for (int x = first; x < n; x++)
                {
                    cost += Weight(into[x] = (byte)(row[x] - ((row[x - bpp] + above[x]) >> 1)));
                }

                break;
            default:
                for (int x = 0; x < first; x++)
                {
                    cost += Weight(into[x] = (byte)(row[x] - PdfFilters.Paeth(0, above[x], 0)));
                }

                for (int x = first; x < n; x++)
                {
                    cost += Weight(into[x] = (byte)(row[x] - PdfFilters.Paeth(row[x - bpp], above[x], above[x - bpp])));
                }

                break;
        }

        return cost;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Weight(byte value) => value < 128 ? value : 256 - value;
}

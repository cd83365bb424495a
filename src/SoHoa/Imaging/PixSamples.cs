using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging;

/// <summary>
/// Copies a normalized image's samples out of Leptonica's memory into the row-by-row order the PDF layer embeds.
/// Leptonica keeps each row as 32-bit words with the first pixel in the most significant bits, so on a
/// little-endian machine every word's bytes are reversed; that is all the conversion there is, apart from
/// dropping the unused fourth byte of RGB pixels and turning 1-bit ink from 1 into PDF's 0.
/// </summary>
internal static class PixSamples
{
    /// <summary>Copies a 1-bit, 8-bit gray or 32-bit RGB image.</summary>
    /// <exception cref="ArgumentException">The image has another depth (the decoder normalizes every page to these three).</exception>
    public static unsafe VisibleImage ToVisibleImage(SafePixHandle pix)
    {
        int width = pix.Width;
        int height = pix.Height;
        int depth = pix.Depth;
        (int components, int bits, int rowBytes) = depth switch
        {
            1 => (1, 1, (width + 7) / 8),
            8 => (1, 8, width),
            32 => (3, 8, checked(width * 3)),
            _ => throw new ArgumentException($"A {depth}-bit image cannot be embedded; the decoder normalizes pages to 1, 8 or 32 bits.", nameof(pix)),
        };

        bool added = false;
        uint[] row = [];
        try
        {
            pix.DangerousAddRef(ref added);
            int wordsPerLine = LeptonicaNative.pixGetWpl(pix);
            uint* data = (uint*)LeptonicaNative.pixGetData(pix);
            if (data is null || (long)wordsPerLine * 4 < (depth == 32 ? width * 4L : rowBytes))
            {
                throw new ArgumentException("The image has no sample data.", nameof(pix));
            }

            row = ArrayPool<uint>.Shared.Rent(wordsPerLine);
            Span<uint> words = row.AsSpan(0, wordsPerLine);
            ReadOnlySpan<byte> line = MemoryMarshal.AsBytes(words);
            byte[] samples = GC.AllocateUninitializedArray<byte>(checked(rowBytes * height));
            byte lastByteMask = (byte)(width % 8 == 0 ? 0 : 0xFF >> (width % 8));
            for (int y = 0; y < height; y++)
            {
                var source = new ReadOnlySpan<uint>(data + ((long)y * wordsPerLine), wordsPerLine);
                if (BitConverter.IsLittleEndian)
                {
                    BinaryPrimitives.ReverseEndianness(source, words);
                }
                else
                {
                    source.CopyTo(words);
                }

                Span<byte> target = samples.AsSpan(y * rowBytes, rowBytes);
                switch (depth)
                {
                    case 8:
                        line[..width].CopyTo(target);
                        break;
                    case 1:
                        // Leptonica marks ink with 1, PDF's DeviceGray with 0; the bits past the row's end are white.
                        for (int i = 0; i < rowBytes; i++)
                        {
                            target[i] = (byte)~line[i];
                        }

                        target[^1] |= lastByteMask;
                        break;
                    default:
                        for (int x = 0, from = 0, to = 0; x < width; x++, from += 4, to += 3)
                        {
                            target[to] = line[from];
                            target[to + 1] = line[from + 1];
                            target[to + 2] = line[from + 2];
                        }

                        break;
                }
            }

            return new VisibleImage(VisibleImageEncoding.Raw, width, height, components, bits, samples);
        }
        finally
        {
            if (row.Length > 0)
            {
                ArrayPool<uint>.Shared.Return(row);
            }

            if (added)
            {
                pix.DangerousRelease();
            }
        }
    }
}

namespace SoHoa.Imaging;

/// <summary>Reads the binary PNM (P4, P5, P6) that Leptonica writes, to hand raw samples to the PDF layer.</summary>
internal static class Pnm
{
    /// <summary>Turns a PNM image into raw visible samples; 1-bit images are inverted so that 0 is black, as PDF's DeviceGray wants.</summary>
    public static VisibleImage ToVisibleImage(ReadOnlySpan<byte> pnm)
    {
        if (pnm.Length < 3 || pnm[0] != (byte)'P')
        {
            throw new FormatException("Not a PNM image.");
        }

        char kind = (char)pnm[1];
        int at = 2;
        int width = ReadNumber(pnm, ref at);
        int height = ReadNumber(pnm, ref at);
        int maxValue = kind == '4' ? 1 : ReadNumber(pnm, ref at);
        at++; // the single whitespace byte before the samples
        (int components, int bits, int rowBytes) = kind switch
        {
            '4' => (1, 1, (width + 7) / 8),
            '5' when maxValue == 255 => (1, 8, width),
            '6' when maxValue == 255 => (3, 8, width * 3),
            _ => throw new FormatException($"Unsupported PNM kind P{kind} with maximum {maxValue}."),
        };

        long needed = (long)rowBytes * height;
        if (pnm.Length - at < needed)
        {
            throw new FormatException("The PNM image is shorter than its header says.");
        }

        byte[] samples = pnm.Slice(at, (int)needed).ToArray();
        if (bits == 1)
        {
            // PBM uses 1 for black; PDF's DeviceGray uses 0 for black.
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (byte)~samples[i];
            }
        }

        return new VisibleImage(VisibleImageEncoding.Raw, width, height, components, bits, samples);
    }

    private static int ReadNumber(ReadOnlySpan<byte> pnm, ref int at)
    {
        while (at < pnm.Length && (char.IsWhiteSpace((char)pnm[at]) || pnm[at] == (byte)'#'))
        {
            if (pnm[at] == (byte)'#')
            {
                while (at < pnm.Length && pnm[at] != (byte)'\n')
                {
                    at++;
                }
            }

            at++;
        }

        int value = 0;
        int start = at;
        while (at < pnm.Length && char.IsAsciiDigit((char)pnm[at]))
        {
            value = checked((value * 10) + (pnm[at] - '0'));
            at++;
        }

        return at == start ? throw new FormatException("The PNM header is malformed.") : value;
    }
}

namespace SoHoa.Pdf.Composition;

/// <summary>
/// Encodes a bilevel image with ITU-T T.6 (CCITT Group 4, two-dimensional coding against the previous row), the
/// compression fax machines and document archives use for black-and-white pages: typically several times smaller
/// than Flate on a text page. The PDF reads it with <c>/CCITTFaxDecode</c> and <c>/K -1</c>.
/// </summary>
internal static class CcittG4Encoder
{
    // Each code is (bit count, bits); tables from ITU-T T.4 §4.1.2 (terminating and make-up codes) and T.4 §4.2.1.3 (modes).
    private static readonly (int Length, int Bits) Pass = (4, 0b0001);
    private static readonly (int Length, int Bits) Horizontal = (3, 0b001);

    // Vertical modes VL3, VL2, VL1, V0, VR1, VR2, VR3 (index = a1 - b1 + 3).
    private static readonly (int Length, int Bits)[] Vertical =
    [
        (7, 0b0000010), (6, 0b000010), (3, 0b010), (1, 0b1), (3, 0b011), (6, 0b000011), (7, 0b0000011),
    ];

    private static readonly string[] WhiteTerminating =
    [
        "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111", "10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
        "101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100", "0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
        "00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000", "00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
        "00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000", "01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
    ];

    // Make-up codes for 64, 128, ... 1728.
    private static readonly string[] WhiteMakeUp =
    [
        "11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101", "01101000", "01100111", "011001100", "011001101", "011010010", "011010011",
        "011010100", "011010101", "011010110", "011010111", "011011000", "011011001", "011011010", "011011011", "010011000", "010011001", "010011010", "011000", "010011011",
    ];

    private static readonly string[] BlackTerminating =
    [
        "0000110111", "010", "11", "10", "011", "0011", "0010", "00011", "000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
        "0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100", "00000110111", "00000101000", "00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101", "000001101000", "000001101001",
        "000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110", "000011010111", "000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101", "000001010110", "000001010111",
        "000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111", "000000111000", "000000100111", "000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110", "000001100111",
    ];

    private static readonly string[] BlackMakeUp =
    [
        "0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100", "000000110101", "0000001101100", "0000001101101", "0000001001010",
        "0000001001011", "0000001001100", "0000001001101", "0000001110010", "0000001110011", "0000001110100", "0000001110101", "0000001110110", "0000001110111", "0000001010010",
        "0000001010011", "0000001010100", "0000001010101", "0000001011010", "0000001011011", "0000001100100", "0000001100101",
    ];

    // Make-up codes for 1792 ... 2560, the same for both colours.
    private static readonly string[] ExtendedMakeUp =
    [
        "00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100", "000000010101", "000000010110", "000000010111", "000000011100",
        "000000011101", "000000011110", "000000011111",
    ];

    /// <summary>
    /// Encodes rows of 1-bit samples (most significant bit first, rows padded to a byte, 0 = black as in PDF's
    /// DeviceGray) and ends with EOFB. Decode with <c>/K -1 /Columns width /Rows height</c> and the default
    /// <c>/BlackIs1 false</c>.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> samples, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int stride = (width + 7) / 8;
        if (samples.Length < stride * height)
        {
            throw new ArgumentException($"A {width}x{height} bilevel image needs {stride * height} bytes, got {samples.Length}.", nameof(samples));
        }

        var writer = new BitWriter(stride * height / 8);
        byte[] white = new byte[stride];
        Array.Fill(white, (byte)0xFF);
        ReadOnlySpan<byte> reference = white;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = samples.Slice(y * stride, stride);
            EncodeRow(writer, row, reference, width);
            reference = row;
        }

        // EOFB: two EOL codes.
        writer.Write(12, 1);
        writer.Write(12, 1);
        return writer.ToArray();
    }

    /// <summary>True when the pixel is black (sample bit 0).</summary>
    private static bool Black(ReadOnlySpan<byte> row, int x) => ((row[x >> 3] >> (7 - (x & 7))) & 1) == 0;

    /// <summary>The first position at or after <paramref name="from"/> whose colour is not <paramref name="black"/>, or <paramref name="width"/>.</summary>
    private static int NextChange(ReadOnlySpan<byte> row, int from, int width, bool black)
    {
        int x = from;
        while (x < width)
        {
            // Skip whole bytes of the colour being run over.
            if ((x & 7) == 0 && x + 8 <= width && row[x >> 3] == (black ? 0x00 : 0xFF))
            {
                x += 8;
                continue;
            }

            if (Black(row, x) != black)
            {
                return x;
            }

            x++;
        }

        return width;
    }

    private static void EncodeRow(BitWriter writer, ReadOnlySpan<byte> row, ReadOnlySpan<byte> reference, int width)
    {
        // a0 starts on an imaginary white pixel before the row; a1, b1 are the first changes to the right of a0
        // (b1 of the colour opposite to a0's), b2 the change after b1 (T.4 §4.2.1.3).
        int a0 = -1;
        bool colour = false; // the colour of a0: white
        int a1 = NextChange(row, 0, width, false);
        int b1 = NextChange(reference, 0, width, false);
        while (true)
        {
            int b2 = b1 < width ? NextChange(reference, b1, width, !colour) : width;
            if (b2 < a1)
            {
                writer.Write(Pass);
                a0 = b2;
            }
            else if (Math.Abs(a1 - b1) <= 3)
            {
                writer.Write(Vertical[a1 - b1 + 3]);
                a0 = a1;
                colour = !colour;
            }
            else
            {
                int a2 = a1 < width ? NextChange(row, a1, width, !colour) : width;
                writer.Write(Horizontal);
                WriteRun(writer, a1 - Math.Max(a0, 0), colour);
                WriteRun(writer, a2 - a1, !colour);
                a0 = a2;
            }

            if (a0 >= width)
            {
                return;
            }

            // Pixels from a0 on keep a0's colour until a1; on the reference line b1 is the first change to the
            // opposite colour strictly right of a0.
            a1 = NextChange(row, a0 + 1, width, colour);
            b1 = NextReferenceChange(reference, a0, width, colour);
        }
    }

    /// <summary>The first changing element on the reference row right of <paramref name="a0"/> whose colour is <c>!colour</c>.</summary>
    private static int NextReferenceChange(ReadOnlySpan<byte> reference, int a0, int width, bool colour)
    {
        // Skip to the first pixel of a0's colour at or after a0, then to the first pixel of the other colour after
        // it: that pixel differs from the one before it, so it is a changing element, and it lies right of a0.
        int sameColour = NextChange(reference, a0, width, !colour);
        return sameColour < width ? NextChange(reference, sameColour, width, colour) : width;
    }

    private static void WriteRun(BitWriter writer, int run, bool black)
    {
        string[] terminating = black ? BlackTerminating : WhiteTerminating;
        string[] makeUp = black ? BlackMakeUp : WhiteMakeUp;
        while (run >= 2560 + 64)
        {
            writer.Write(ExtendedMakeUp[^1]);
            run -= 2560;
        }

        if (run >= 64)
        {
            int chunk = run / 64 * 64;
            writer.Write(chunk <= 1728 ? makeUp[(chunk / 64) - 1] : ExtendedMakeUp[(chunk - 1792) / 64]);
            run -= chunk;
        }

        writer.Write(terminating[run]);
    }

    /// <summary>Accumulates codes most significant bit first.</summary>
    private sealed class BitWriter(int capacity)
    {
        private readonly MemoryStream _bytes = new(Math.Max(capacity, 64));
        private int _pending;
        private int _pendingBits;

        public void Write((int Length, int Bits) code) => Write(code.Length, code.Bits);

        public void Write(string code)
        {
            foreach (char bit in code)
            {
                WriteBit(bit == '1');
            }
        }

        public void Write(int length, int bits)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                WriteBit(((bits >> i) & 1) != 0);
            }
        }

        public byte[] ToArray()
        {
            if (_pendingBits > 0)
            {
                _bytes.WriteByte((byte)(_pending << (8 - _pendingBits)));
                _pending = 0;
                _pendingBits = 0;
            }

            return _bytes.ToArray();
        }

        private void WriteBit(bool one)
        {
            _pending = (_pending << 1) | (one ? 1 : 0);
            if (++_pendingBits == 8)
            {
                _bytes.WriteByte((byte)_pending);
                _pending = 0;
                _pendingBits = 0;
            }
        }
    }
}

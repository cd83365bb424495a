using System.Globalization;
using System.Text;
using CsCheck;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>One change to a file's bytes.</summary>
internal abstract record PdfMutation
{
    /// <summary>Returns a changed copy of <paramref name="input"/>.</summary>
    public abstract byte[] Apply(byte[] input);

    /// <summary>Keeps a position inside a file that earlier mutations may have shortened.</summary>
    protected static int Clamp(int position, byte[] input) => Math.Clamp(position, 0, Math.Max(0, input.Length - 1));

    /// <summary>Replaces <paramref name="length"/> bytes at <paramref name="at"/> with <paramref name="insert"/>.</summary>
    protected static byte[] Splice(byte[] input, int at, int length, ReadOnlySpan<byte> insert)
    {
        at = Math.Clamp(at, 0, input.Length);
        length = Math.Clamp(length, 0, input.Length - at);
        byte[] output = new byte[input.Length - length + insert.Length];
        input.AsSpan(0, at).CopyTo(output);
        insert.CopyTo(output.AsSpan(at));
        input.AsSpan(at + length).CopyTo(output.AsSpan(at + insert.Length));
        return output;
    }
}

/// <summary>Flips one bit.</summary>
internal sealed record BitFlip(int At, int Bit) : PdfMutation
{
    public override byte[] Apply(byte[] input)
    {
        byte[] output = (byte[])input.Clone();
        if (output.Length > 0)
        {
            output[Clamp(At, output)] ^= (byte)(1 << Bit);
        }

        return output;
    }
}

/// <summary>Sets one byte.</summary>
internal sealed record ByteSet(int At, byte Value) : PdfMutation
{
    public override byte[] Apply(byte[] input)
    {
        byte[] output = (byte[])input.Clone();
        if (output.Length > 0)
        {
            output[Clamp(At, output)] = Value;
        }

        return output;
    }
}

/// <summary>Cuts the file at a position.</summary>
internal sealed record Truncate(int At) : PdfMutation
{
    public override byte[] Apply(byte[] input) => input[..Math.Clamp(At, 0, input.Length)];
}

/// <summary>Removes a run of bytes.</summary>
internal sealed record Delete(int At, int Length) : PdfMutation
{
    public override byte[] Apply(byte[] input) => Splice(input, At, Length, []);
}

/// <summary>Inserts PDF syntax (a keyword, a delimiter, a reference) at a position.</summary>
internal sealed record InsertText(int At, string Text) : PdfMutation
{
    public override byte[] Apply(byte[] input) => Splice(input, At, 0, Encoding.Latin1.GetBytes(Text));
}

/// <summary>Replaces the number starting at a position with another (huge, negative, fractional...).</summary>
internal sealed record ReplaceNumber(int At, string Value) : PdfMutation
{
    public override byte[] Apply(byte[] input)
    {
        int at = Math.Clamp(At, 0, input.Length);
        int end = at;
        while (end < input.Length && (char.IsAsciiDigit((char)input[end]) || input[end] is (byte)'-' or (byte)'+' or (byte)'.'))
        {
            end++;
        }

        return Splice(input, at, end - at, Encoding.ASCII.GetBytes(Value));
    }
}

/// <summary>Copies a run of bytes (an object, part of a cross-reference section) and inserts the copy elsewhere.</summary>
internal sealed record Duplicate(int From, int Length, int To) : PdfMutation
{
    public override byte[] Apply(byte[] input)
    {
        int from = Math.Clamp(From, 0, input.Length);
        int length = Math.Clamp(Length, 0, input.Length - from);
        return Splice(input, To, 0, input.AsSpan(from, length).ToArray());
    }
}

/// <summary>Appends the file's last bytes again: a second trailer, cross-reference section and %%EOF.</summary>
internal sealed record RepeatTail(int Length) : PdfMutation
{
    public override byte[] Apply(byte[] input)
    {
        int length = Math.Clamp(Length, 0, input.Length);
        return [.. input, .. input.AsSpan(input.Length - length)];
    }
}

/// <summary>
/// Seeded mutations of valid files, generated with CsCheck: each case is one to three mutations of one source,
/// positions biased towards the end of the file (cross-reference sections and trailers) and towards numbers
/// (offsets, lengths, counts, and object numbers turned into others, which makes reference loops and type confusion).
/// Case i of a source is generated from <c>new PCG(stream, i)</c>, so a run is the same on every machine and a
/// failing case is replayed from its stream and index.
/// </summary>
internal static class PdfMutations
{
    private static readonly string[] Numbers =
    [
        "-1", "0", "1", "-2147483649", "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "99999999999999999999999", "65535", "65536", "8388607", "8388608", "1.5", "-0.0", "1000000000",
    ];

    private static readonly string[] Syntax =
    [
        "endstream", "%%EOF\n", "startxref\n0\n", " 0 R ", " 1 0 R ", "<<", ">>", "[", "]", "(", ")", "<", "obj", "endobj", "stream\n",
        "xref\n0 1\n0000000000 65535 f \n", "/Prev 0 ", "/Length 9999999999 ", "9999999999 0 R ", "\n", "/Type /ObjStm ", "/Extends 1 0 R ",
        "/Filter /FlateDecode ", "/DecodeParms << /Predictor 12 /Columns 16000000 /Colors 32 /BitsPerComponent 16 >> ",
        "/Index [0 8388607] ", "/W [8 8 8] ", "/N 1000000 ", "/Size 8388608 ", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "/ByteRange [0 9223372036854775807 9223372036854775807 9223372036854775807] ", "/M (D:20261122000000+99'00') ", "/M (D:00010101000000Z) ",
    ];

    /// <summary>Generates the mutations of one case for a file of <paramref name="source"/>'s bytes.</summary>
    public static Gen<PdfMutation[]> For(byte[] source)
    {
        int length = Math.Max(1, source.Length);
        int[] numberStarts = NumberStarts(source);
        Gen<int> anywhere = Gen.Int[0, length - 1];
        Gen<int> position = Gen.Frequency((1, anywhere), (1, Gen.Int[Math.Max(0, length - 600), length - 1]));
        Gen<int> number = numberStarts.Length == 0 ? position : Gen.Int[0, numberStarts.Length - 1].Select(i => numberStarts[i]);
        Gen<PdfMutation> one = Gen.Frequency<PdfMutation>(
            (3, Gen.Select(position, Gen.Int[0, 7], (at, bit) => (PdfMutation)new BitFlip(at, bit))),
            (2, Gen.Select(position, Gen.Int[0, 255], (at, value) => (PdfMutation)new ByteSet(at, (byte)value))),
            (1, position.Select(at => (PdfMutation)new Truncate(at))),
            (1, Gen.Select(position, Gen.Int[1, 200], (at, count) => (PdfMutation)new Delete(at, count))),
            (2, Gen.Select(position, Gen.OneOf(Syntax), (at, text) => (PdfMutation)new InsertText(at, text))),
            (4, Gen.Select(number, Gen.OneOf(Numbers), (at, value) => (PdfMutation)new ReplaceNumber(at, value))),
            (2, Gen.Select(number, Gen.Int[0, 40], (at, value) => (PdfMutation)new ReplaceNumber(at, value.ToString(CultureInfo.InvariantCulture)))),
            (1, Gen.Select(anywhere, Gen.Int[1, 2000], position, (from, count, to) => (PdfMutation)new Duplicate(from, count, to))),
            (1, Gen.Int[20, 2000].Select(count => (PdfMutation)new RepeatTail(count))));
        return one.Array[1, 3];
    }

    /// <summary>Applies mutations in order.</summary>
    public static byte[] Apply(byte[] source, IEnumerable<PdfMutation> mutations) => mutations.Aggregate(source, (bytes, m) => m.Apply(bytes));

    /// <summary>Generates case <paramref name="index"/> of stream <paramref name="stream"/> for <paramref name="source"/>.</summary>
    public static (byte[] Bytes, string Description) Case(byte[] source, uint stream, int index)
    {
        var pcg = new PCG(stream, (ulong)index);
        PdfMutation[] mutations = For(source).Generate(pcg, null, out _);
        return (Apply(source, mutations), string.Join(", ", mutations.Select(m => m.ToString())));
    }

    /// <summary>Where the runs of digits start (numbers in dictionaries, offsets in cross-reference tables).</summary>
    private static int[] NumberStarts(byte[] source)
    {
        var starts = new List<int>();
        for (int i = 0; i < source.Length; i++)
        {
            if (char.IsAsciiDigit((char)source[i]) && (i == 0 || !char.IsAsciiDigit((char)source[i - 1])))
            {
                starts.Add(i);
            }
        }

        return [.. starts];
    }
}

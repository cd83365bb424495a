using System.Buffers;
using System.Globalization;
using System.Text;

namespace SoHoa.Pdf.Syntax;

/// <summary>Writes PDF objects in canonical syntax to an <see cref="IBufferWriter{T}"/>, tracking the output position.</summary>
internal sealed class PdfSerializer
{
    private static readonly byte[] HexDigits = "0123456789ABCDEF"u8.ToArray();
    private readonly IBufferWriter<byte> output;
    private readonly long basePosition;
    private readonly Dictionary<PdfObject, PdfByteSpan> trackedSpans = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<PdfObject> tracked = new(ReferenceEqualityComparer.Instance);
    private long written;

    /// <summary>Creates a serializer; <paramref name="basePosition"/> is the absolute offset of the first byte it writes.</summary>
    public PdfSerializer(IBufferWriter<byte> output, long basePosition = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
        this.basePosition = basePosition;
    }

    /// <summary>Gets the absolute position of the next byte to be written.</summary>
    public long Position => basePosition + written;

    /// <summary>Gets the output spans of objects registered with <see cref="Track"/> (by reference identity).</summary>
    public IReadOnlyDictionary<PdfObject, PdfByteSpan> TrackedSpans => trackedSpans;

    /// <summary>Serializes one object to a new byte array.</summary>
    public static byte[] ToBytes(PdfObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new PdfSerializer(buffer).WriteObject(obj);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes one object to a stream.</summary>
    public static void Write(PdfObject obj, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(obj));
    }

    /// <summary>Serializes one object to a buffer writer.</summary>
    public static void Write(PdfObject obj, IBufferWriter<byte> writer) => new PdfSerializer(writer).WriteObject(obj);

    /// <summary>Formats a real number in invariant culture without exponent.</summary>
    public static string FormatReal(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "PDF reals cannot be NaN or infinite.");
        }

        if (value == 0)
        {
            return "0";
        }

        if (Math.Abs(value) < 1e15)
        {
            var text = ((decimal)value).ToString(CultureInfo.InvariantCulture);
            return text == "-0" ? "0" : text;
        }

        return value.ToString("F0", CultureInfo.InvariantCulture);
    }

    /// <summary>Records the output span of <paramref name="obj"/> (by identity) when it is written.</summary>
    public void Track(PdfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        tracked.Add(obj);
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        written += bytes.Length;
    }

    /// <summary>Writes ASCII text.</summary>
    public void WriteAscii(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteRaw(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Writes <c>n g obj</c>, the object, and <c>endobj</c>, each followed by a newline; returns the object's span.</summary>
    public PdfByteSpan WriteIndirectObject(int number, int generation, PdfObject value)
    {
        var start = Position;
        WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{number} {generation} obj\n"));
        WriteObject(value);
        WriteRaw("\nendobj\n"u8);
        return new PdfByteSpan(start, Position - start);
    }

    /// <summary>Writes an object in canonical syntax.</summary>
    public void WriteObject(PdfObject obj) => WriteObject(obj, 0);

    /// <summary>Writes an object, guarding depth and recording tracked spans.</summary>
    private void WriteObject(PdfObject obj, int depth)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (depth > PdfParser.MaxDepth)
        {
            throw new InvalidOperationException($"Object graph nested deeper than {PdfParser.MaxDepth} levels (cycle?).");
        }

        var start = Position;
        switch (obj)
        {
            case PdfNull:
                WriteRaw("null"u8);
                break;
            case PdfBoolean b:
                WriteRaw(b.Value ? "true"u8 : "false"u8);
                break;
            case PdfInteger i:
                WriteAscii(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case PdfReal r:
                WriteAscii(FormatReal(r.Value));
                break;
            case PdfReference reference:
                WriteAscii(reference.ToString());
                break;
            case PdfName name:
                WriteName(name);
                break;
            case PdfString s:
                WriteString(s);
                break;
            case PdfArray array:
                WriteRaw("["u8);
                for (var k = 0; k < array.Count; k++)
                {
                    if (k > 0)
                    {
                        WriteRaw(" "u8);
                    }

                    WriteObject(array[k], depth + 1);
                }

                WriteRaw("]"u8);
                break;
            case PdfDictionary dict:
                WriteDictionary(dict, depth);
                break;
            case PdfStream stream:
                var d = stream.Dictionary.Clone();
                d.Set(PdfName.Length, new PdfInteger(stream.RawData.Length));
                WriteDictionary(d, depth);
                WriteRaw("\nstream\n"u8);
                WriteRaw(stream.RawData.Span);
                WriteRaw("\nendstream"u8);
                break;
            default:
                throw new ArgumentException($"Unknown PDF object type {obj.GetType().Name}", nameof(obj));
        }

        if (tracked.Contains(obj))
        {
            trackedSpans[obj] = new PdfByteSpan(start, Position - start);
        }
    }

    /// <summary>Writes a dictionary as '&lt;&lt; /Key value ... &gt;&gt;'.</summary>
    private void WriteDictionary(PdfDictionary dict, int depth)
    {
        WriteRaw("<<"u8);
        foreach (var (key, value) in dict)
        {
            WriteRaw(" "u8);
            WriteName(key);
            WriteRaw(" "u8);
            WriteObject(value, depth + 1);
        }

        WriteRaw(" >>"u8);
    }

    /// <summary>Writes a name with #xx escapes for delimiters, '#', white-space and non-ASCII bytes.</summary>
    private void WriteName(PdfName name)
    {
        var raw = name.RawBytes;
        var buf = new byte[1 + (raw.Length * 3)];
        var n = 0;
        buf[n++] = (byte)'/';
        foreach (var b in raw)
        {
            if (b < 0x21 || b > 0x7E || b == '#' || PdfLexer.IsDelimiter(b))
            {
                buf[n++] = (byte)'#';
                buf[n++] = HexDigits[b >> 4];
                buf[n++] = HexDigits[b & 15];
            }
            else
            {
                buf[n++] = b;
            }
        }

        WriteRaw(buf.AsSpan(0, n));
    }

    /// <summary>Writes a string in hex or as an escaped literal.</summary>
    private void WriteString(PdfString s)
    {
        var bytes = s.Span;
        if (s.IsHex)
        {
            var buf = new byte[2 + (bytes.Length * 2)];
            buf[0] = (byte)'<';
            for (var k = 0; k < bytes.Length; k++)
            {
                buf[1 + (2 * k)] = HexDigits[bytes[k] >> 4];
                buf[2 + (2 * k)] = HexDigits[bytes[k] & 15];
            }

            buf[^1] = (byte)'>';
            WriteRaw(buf);
            return;
        }

        var lit = new List<byte>(bytes.Length + 2) { (byte)'(' };
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    lit.Add((byte)'\\');
                    lit.Add(b);
                    break;
                case (byte)'\n': lit.Add((byte)'\\'); lit.Add((byte)'n'); break;
                case (byte)'\r': lit.Add((byte)'\\'); lit.Add((byte)'r'); break;
                case (byte)'\t': lit.Add((byte)'\\'); lit.Add((byte)'t'); break;
                case (byte)'\b': lit.Add((byte)'\\'); lit.Add((byte)'b'); break;
                case (byte)'\f': lit.Add((byte)'\\'); lit.Add((byte)'f'); break;
                case < 0x20 or >= 0x7F:
                    lit.Add((byte)'\\');
                    lit.Add((byte)('0' + ((b >> 6) & 7)));
                    lit.Add((byte)('0' + ((b >> 3) & 7)));
                    lit.Add((byte)('0' + (b & 7)));
                    break;
                default:
                    lit.Add(b);
                    break;
            }
        }

        lit.Add((byte)')');
        WriteRaw(lit.ToArray());
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// Writes a new PDF file object by object, then its classic cross-reference table and trailer.
/// Objects are numbered in allocation order; each is written once.
/// </summary>
internal sealed class PdfFileBuilder
{
    private readonly MemoryStream _output = new();
    private readonly Dictionary<int, long> _offsets = [];
    private int _lastObject;

    /// <summary>Starts a PDF 1.7 file (the binary comment marks it as binary for transfer tools).</summary>
    public PdfFileBuilder()
    {
        WriteAscii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8);
    }

    /// <summary>Reserves the next object number.</summary>
    public int Allocate() => ++_lastObject;

    /// <summary>Writes object <paramref name="number"/> whose body is the PDF syntax in <paramref name="body"/>.</summary>
    public void WriteObject(int number, string body)
    {
        Begin(number);
        WriteAscii(body);
        WriteAscii("\nendobj\n");
    }

    /// <summary>Writes a stream object; <paramref name="dictionary"/> holds the entries other than /Length (and /Filter when compressing).</summary>
    public void WriteStream(int number, string dictionary, ReadOnlySpan<byte> data, bool compress)
    {
        byte[]? compressed = compress ? Deflate(data) : null;
        ReadOnlySpan<byte> payload = compressed ?? data;
        Begin(number);
        WriteAscii("<< ");
        WriteAscii(dictionary);
        if (compress)
        {
            WriteAscii(" /Filter /FlateDecode");
        }

        WriteAscii(string.Create(CultureInfo.InvariantCulture, $" /Length {payload.Length} >>\nstream\n"));
        _output.Write(payload);
        WriteAscii("\nendstream\nendobj\n");
    }

    /// <summary>Writes the cross-reference table and trailer and returns the whole file.</summary>
    public byte[] Finish(int root, int info, byte[] fileId)
    {
        long xref = _output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {_lastObject + 1}\n0000000000 65535 f\r\n");
        for (int n = 1; n <= _lastObject; n++)
        {
            if (!_offsets.TryGetValue(n, out long offset))
            {
                throw new InvalidOperationException($"Object {n} was allocated but never written.");
            }

            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        string id = Convert.ToHexString(fileId);
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_lastObject + 1} /Root {root} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        WriteAscii(table.ToString());
        return _output.ToArray();
    }

    /// <summary>Compresses with zlib (PDF's FlateDecode); <paramref name="smallest"/> trades time for size (zlib level 9), as page images deserve.</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data, bool smallest = false)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, smallest ? CompressionLevel.SmallestSize : CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }

    private void Begin(int number)
    {
        if (number < 1 || number > _lastObject || !_offsets.TryAdd(number, _output.Position))
        {
            throw new InvalidOperationException($"Object {number} is not allocated or was already written.");
        }

        WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n"));
    }

    private void WriteAscii(string text) => _output.Write(Encoding.Latin1.GetBytes(text));

    private void WriteAscii(ReadOnlySpan<byte> bytes) => _output.Write(bytes);
}

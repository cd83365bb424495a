using System.Globalization;
using System.IO.Compression;
using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// Writes a new PDF file object by object. Streams are written as they come; every other object is gathered into
/// compressed object streams, and the file ends with a cross-reference stream that also carries the trailer
/// (ISO 32000-1 §7.5.7 and §7.5.8, both allowed by PDF/A-2). Objects are numbered in allocation order; each is
/// written once.
/// </summary>
internal sealed class PdfFileBuilder : IPdfObjectSink
{
    /// <summary>How many objects one object stream holds at most, so that a reader never inflates a huge one for one object.</summary>
    internal const int ObjectsPerObjectStream = 100;

    private readonly MemoryStream _output = new();
    private readonly Dictionary<int, PdfXrefEntry> _entries = [];
    private readonly List<(int Number, string Body)> _packed = [];
    private int _lastObject;

    /// <summary>Starts a PDF 1.7 file (the binary comment marks it as binary for transfer tools).</summary>
    public PdfFileBuilder()
    {
        WriteAscii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8);
    }

    /// <summary>Reserves the next object number.</summary>
    public int Allocate() => ++_lastObject;

    /// <summary>Adds object <paramref name="number"/>, whose body is the PDF syntax in <paramref name="body"/>, to an object stream.</summary>
    public void WriteObject(int number, string body)
    {
        Claim(number, default);
        _packed.Add((number, body));
    }

    /// <summary>Writes a stream object; <paramref name="dictionary"/> holds the entries other than /Length (and /Filter when compressing).</summary>
    public void WriteStream(int number, string dictionary, ReadOnlySpan<byte> data, bool compress)
    {
        Claim(number, new PdfXrefEntry(PdfXrefEntryType.InUse, _output.Position, 0));
        WriteStreamObject(number, compress ? dictionary + " /Filter /FlateDecode" : dictionary, compress ? Deflate(data, smallest: true) : data);
    }

    /// <summary>Adds <paramref name="value"/> as the next object: a stream is written as it comes, any other object goes into an object stream.</summary>
    public PdfReference Add(PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int number = Allocate();
        if (value is PdfStream)
        {
            Claim(number, new PdfXrefEntry(PdfXrefEntryType.InUse, _output.Position, 0));
            WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n"));
            _output.Write(PdfSerializer.ToBytes(value));
            WriteAscii("\nendobj\n"u8);
        }
        else
        {
            WriteObject(number, Encoding.Latin1.GetString(PdfSerializer.ToBytes(value)));
        }

        return new PdfReference(number, 0);
    }

    /// <summary>Writes the object streams and the cross-reference stream with the trailer entries, and returns the whole file.</summary>
    public byte[] Finish(int root, int info, byte[] fileId)
    {
        foreach ((int Number, string Body)[] chunk in _packed.Chunk(ObjectsPerObjectStream))
        {
            WriteObjectStream(chunk);
        }

        int xref = Allocate();
        long xrefOffset = _output.Position;
        _entries[xref] = new PdfXrefEntry(PdfXrefEntryType.InUse, xrefOffset, 0);
        var rows = new List<PdfXrefEntry> { new(PdfXrefEntryType.Free, 0, 65535) };
        for (int n = 1; n <= _lastObject; n++)
        {
            rows.Add(_entries.TryGetValue(n, out PdfXrefEntry entry) ? entry : throw new InvalidOperationException($"Object {n} was allocated but never written."));
        }

        (byte[] data, int[] widths) = PdfXrefStreamRows.Encode(rows);
        string id = Convert.ToHexString(fileId);
        WriteStreamObject(
            xref,
            string.Create(CultureInfo.InvariantCulture, $"/Type /XRef /Size {_lastObject + 1} /W [{widths[0]} {widths[1]} {widths[2]}] /Root {root} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] /Filter /FlateDecode"),
            Deflate(data, smallest: true));
        WriteAscii(string.Create(CultureInfo.InvariantCulture, $"startxref\n{xrefOffset}\n%%EOF\n"));
        return _output.ToArray();
    }

    /// <summary>Compresses with zlib (PDF's FlateDecode); <paramref name="smallest"/> trades time for size (zlib level 9: for the small streams, never a page image).</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data, bool smallest = false) => Deflate(data, smallest ? CompressionLevel.SmallestSize : CompressionLevel.Optimal);

    /// <summary>Compresses with zlib at <paramref name="level"/>.</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes one object stream: the object numbers and offsets, then the objects, compressed.</summary>
    private void WriteObjectStream((int Number, string Body)[] objects)
    {
        int stream = Allocate();
        var header = new StringBuilder();
        var bodies = new StringBuilder();
        for (int i = 0; i < objects.Length; i++)
        {
            (int number, string body) = objects[i];
            header.Append(CultureInfo.InvariantCulture, $"{number} {bodies.Length} ");
            bodies.Append(body).Append('\n');
            _entries[number] = new PdfXrefEntry(PdfXrefEntryType.Compressed, stream, i);
        }

        header[^1] = '\n';
        byte[] data = Encoding.Latin1.GetBytes(header.ToString() + bodies);
        _entries[stream] = new PdfXrefEntry(PdfXrefEntryType.InUse, _output.Position, 0);
        WriteStreamObject(
            stream,
            string.Create(CultureInfo.InvariantCulture, $"/Type /ObjStm /N {objects.Length} /First {header.Length} /Filter /FlateDecode"),
            Deflate(data, smallest: true));
    }

    private void WriteStreamObject(int number, string dictionary, ReadOnlySpan<byte> payload)
    {
        WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n<< {dictionary} /Length {payload.Length} >>\nstream\n"));
        _output.Write(payload);
        WriteAscii("\nendstream\nendobj\n");
    }

    /// <summary>Marks <paramref name="number"/> as written; <paramref name="entry"/> is its cross-reference entry when already known.</summary>
    private void Claim(int number, PdfXrefEntry entry)
    {
        if (number < 1 || number > _lastObject || !_entries.TryAdd(number, entry))
        {
            throw new InvalidOperationException($"Object {number} is not allocated or was already written.");
        }
    }

    private void WriteAscii(string text) => _output.Write(Encoding.Latin1.GetBytes(text));

    private void WriteAscii(ReadOnlySpan<byte> bytes) => _output.Write(bytes);
}

using System.Globalization;
using System.Text;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>
/// Writes crafted files byte by byte for the hostile-input tests: objects and streams where asked, entries for
/// compressed objects, and cross-reference streams (W [1 4 2]) chained by /Prev, with no check that any of it makes sense.
/// </summary>
internal sealed class RawPdf
{
    private readonly MemoryStream file = new();
    private readonly SortedDictionary<int, (int Type, long Field2, int Field3)> rows = [];

    public RawPdf() => Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");

    /// <summary>Gets the current length of the file.</summary>
    public long Position => file.Position;

    /// <summary>Writes object <paramref name="number"/> with <paramref name="body"/> and lists it.</summary>
    public RawPdf Object(int number, string body)
    {
        rows[number] = (1, file.Position, 0);
        Write(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n"));
        return this;
    }

    /// <summary>Writes stream object <paramref name="number"/>; <paramref name="dictionary"/> holds the entries besides /Length.</summary>
    public RawPdf Stream(int number, string dictionary, byte[] data)
    {
        rows[number] = (1, file.Position, 0);
        Write(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n<< {dictionary} /Length {data.Length} >>\nstream\n"));
        file.Write(data);
        Write("\nendstream\nendobj\n");
        return this;
    }

    /// <summary>Lists object <paramref name="number"/> as in use at <paramref name="offset"/> (for an object written by hand).</summary>
    public RawPdf InUse(int number, long offset)
    {
        rows[number] = (1, offset, 0);
        return this;
    }

    /// <summary>Lists object <paramref name="number"/> as compressed, at <paramref name="index"/> in object stream <paramref name="stream"/>.</summary>
    public RawPdf Compressed(int number, int stream, int index)
    {
        rows[number] = (2, stream, index);
        return this;
    }

    /// <summary>Writes the listed entries as cross-reference stream <paramref name="number"/> (with /Index), clears them, and returns its offset.</summary>
    public long XrefStream(int number, string trailer)
    {
        long offset = file.Position;
        rows[number] = (1, offset, 0);
        var data = new MemoryStream();
        var index = new StringBuilder();
        foreach ((int n, (int type, long field2, int field3)) in rows)
        {
            index.Append(CultureInfo.InvariantCulture, $"{n} 1 ");
            data.WriteByte((byte)type);
            data.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2, (byte)(field3 >> 8), (byte)field3]);
        }

        Stream(number, $"/Type /XRef /W [1 4 2] /Index [{index}] {trailer}", data.ToArray());
        rows.Clear();
        return offset;
    }

    /// <summary>Writes raw text.</summary>
    public RawPdf Write(string text)
    {
        file.Write(Encoding.Latin1.GetBytes(text));
        return this;
    }

    /// <summary>Ends the file with startxref pointing at <paramref name="xref"/>, and returns it.</summary>
    public byte[] Finish(long xref)
    {
        Write(string.Create(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n"));
        return file.ToArray();
    }
}

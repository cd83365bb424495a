using System.Buffers.Binary;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>Reads a TrueType font's PostScript name from its 'name' table (OpenType 'name', name id 6).</summary>
internal static class TrueTypeNames
{
    private const int PostScriptNameId = 6;

    /// <summary>
    /// The font's PostScript name, kept to the characters PostScript allows in it (printable ASCII but
    /// <c>[](){}&lt;&gt;/%</c> and space) and to 63 of them, as PDF writes it into BaseFont; null when the font has none.
    /// </summary>
    public static string? PostScriptName(ReadOnlySpan<byte> table)
    {
        if (table.Length < 6)
        {
            return null;
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(table[2..]);
        int strings = BinaryPrimitives.ReadUInt16BigEndian(table[4..]);
        for (int i = 0; i < count && 6 + (12 * (i + 1)) <= table.Length; i++)
        {
            ReadOnlySpan<byte> record = table.Slice(6 + (12 * i), 12);
            int platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            int encoding = BinaryPrimitives.ReadUInt16BigEndian(record[2..]);
            int nameId = BinaryPrimitives.ReadUInt16BigEndian(record[6..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
            int offset = strings + BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
            if (nameId != PostScriptNameId || offset + length > table.Length)
            {
                continue;
            }

            // Windows names are UTF-16BE; Macintosh Roman names are single bytes (the PostScript name is ASCII in both).
            string? name = (platform, encoding) switch
            {
                (3, 1) or (0, _) => Encoding.BigEndianUnicode.GetString(table.Slice(offset, length)),
                (1, 0) => Encoding.Latin1.GetString(table.Slice(offset, length)),
                _ => null,
            };
            string cleaned = string.Concat((name ?? string.Empty).Where(c => c is > ' ' and < '\u007f' && !"[](){}<>/%".Contains(c, StringComparison.Ordinal)).Take(63));
            if (cleaned.Length > 0)
            {
                return cleaned;
            }
        }

        return null;
    }
}

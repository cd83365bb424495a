using System.Buffers.Binary;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>Writes the tables of a TrueType font into one sfnt file (OpenType font file structure).</summary>
internal static class SfntFile
{
    /// <summary>Writes an sfnt file: table directory with checksums, tables padded to four bytes, head's checksum adjustment.</summary>
    public static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        int count = tables.Count;
        int power = 1;
        int log = 0;
        while (power * 2 <= count)
        {
            power *= 2;
            log++;
        }

        int directoryLength = 12 + (16 * count);
        int total = directoryLength + tables.Values.Sum(t => (t.Length + 3) & ~3);
        byte[] file = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(file, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(10), (ushort)((count * 16) - (power * 16)));
        int record = 12;
        int offset = directoryLength;
        int headOffset = -1;
        foreach ((string tag, byte[] table) in tables)
        {
            Encoding.ASCII.GetBytes(tag, file.AsSpan(record));
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(record + 4), Checksum(table));
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(record + 12), (uint)table.Length);
            table.CopyTo(file.AsSpan(offset));
            if (tag == "head")
            {
                headOffset = offset;
            }

            record += 16;
            offset += (table.Length + 3) & ~3;
        }

        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(file)));
        return file;
    }

    /// <summary>The sfnt checksum: the sum of the data as big-endian 32-bit words, the last one padded with zeros.</summary>
    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (int b = 0; b < 4; b++)
            {
                word = (word << 8) | (i + b < data.Length ? data[i + b] : 0u);
            }

            sum = unchecked(sum + word);
        }

        return sum;
    }
}

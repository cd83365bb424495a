using System.Buffers.Binary;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// An ICC version 2.1 display profile for sRGB (IEC 61966-2-1), generated from the published constants rather than
/// shipped as a file: the D50-adapted primaries of the ICC's own sRGB profile, a D50 white point, and the sRGB
/// transfer curve sampled at 64 points (linear interpolation between them stays within 0.0001 of the exact curve's
/// linear light, a fortieth of one 8-bit step). It is the DestOutputProfile of the PDF/A output intent; under 1 KB.
/// </summary>
internal static class SrgbIccProfile
{
    /// <summary>The D50 illuminant, the profile connection space white.</summary>
    public static readonly double[] D50 = [0.9642, 1.0, 0.8249];

    /// <summary>The red, green and blue colorants (XYZ, chromatically adapted to D50 with the Bradford transform).</summary>
    public static readonly double[][] Colorants =
    [
        [0.4360747, 0.2225045, 0.0139322],
        [0.3850649, 0.7168786, 0.0971045],
        [0.1430804, 0.0606169, 0.7141733],
    ];

    /// <summary>The profile description, also used as the output condition identifier.</summary>
    public const string Description = "sRGB IEC61966-2.1";

    private const int CurvePoints = 64;

    private static readonly Lazy<byte[]> Profile = new(Build);

    /// <summary>The profile bytes (the same array every time; do not modify).</summary>
    public static byte[] Bytes => Profile.Value;

    /// <summary>The sRGB transfer function: encoded value (0..1) to linear light (0..1).</summary>
    public static double ToLinear(double encoded) =>
        encoded <= 0.04045 ? encoded / 12.92 : Math.Pow((encoded + 0.055) / 1.055, 2.4);

    private static byte[] Build()
    {
        var tags = new List<(string Signature, byte[] Data)>
        {
            ("desc", TextDescription(Description)),
            ("cprt", Text("No copyright, use freely")),
            ("wtpt", Xyz(D50)),
            ("rXYZ", Xyz(Colorants[0])),
            ("gXYZ", Xyz(Colorants[1])),
            ("bXYZ", Xyz(Colorants[2])),
            ("rTRC", Curve()),
        };

        int tableLength = 4 + (12 * (tags.Count + 2)); // rTRC's data is shared by gTRC and bTRC
        int offset = 128 + tableLength;
        var entries = new List<(string Signature, int Offset, int Length)>();
        using var body = new MemoryStream();
        foreach ((string signature, byte[] data) in tags)
        {
            entries.Add((signature, offset + (int)body.Position, data.Length));
            body.Write(data);
            while (body.Position % 4 != 0)
            {
                body.WriteByte(0);
            }
        }

        (string _, int curveOffset, int curveLength) = entries[^1];
        entries.Add(("gTRC", curveOffset, curveLength));
        entries.Add(("bTRC", curveOffset, curveLength));

        byte[] profile = new byte[offset + body.Length];
        Span<byte> header = profile.AsSpan(0, 128);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)profile.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], 0x02100000); // version 2.1.0
        Ascii("mntr", header[12..]);
        Ascii("RGB ", header[16..]);
        Ascii("XYZ ", header[20..]);
        ReadOnlySpan<ushort> created = [2026, 1, 1, 0, 0, 0]; // fixed, so that every document holds the same bytes
        for (int i = 0; i < created.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(header[(24 + (2 * i))..], created[i]);
        }

        Ascii("acsp", header[36..]);
        BinaryPrimitives.WriteUInt32BigEndian(header[64..], 0); // perceptual rendering intent
        WriteXyzNumbers(D50, header[68..]);

        Span<byte> table = profile.AsSpan(128, tableLength);
        BinaryPrimitives.WriteUInt32BigEndian(table, (uint)entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            Span<byte> entry = table[(4 + (12 * i))..];
            Ascii(entries[i].Signature, entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)entries[i].Offset);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)entries[i].Length);
        }

        body.ToArray().CopyTo(profile.AsSpan(offset));
        return profile;
    }

    private static byte[] TextDescription(string text)
    {
        // textDescriptionType: ASCII part (count includes the NUL), empty Unicode part, empty ScriptCode part (67 bytes).
        byte[] data = new byte[8 + 4 + text.Length + 1 + 4 + 4 + 2 + 1 + 67];
        Ascii("desc", data);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)(text.Length + 1));
        Ascii(text, data.AsSpan(12));
        return data;
    }

    private static byte[] Text(string text)
    {
        byte[] data = new byte[8 + text.Length + 1];
        Ascii("text", data);
        Ascii(text, data.AsSpan(8));
        return data;
    }

    private static byte[] Xyz(double[] xyz)
    {
        byte[] data = new byte[20];
        Ascii("XYZ ", data);
        WriteXyzNumbers(xyz, data.AsSpan(8));
        return data;
    }

    private static byte[] Curve()
    {
        byte[] data = new byte[12 + (2 * CurvePoints)];
        Ascii("curv", data);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), CurvePoints);
        for (int i = 0; i < CurvePoints; i++)
        {
            double linear = ToLinear(i / (double)(CurvePoints - 1));
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(12 + (2 * i)), (ushort)Math.Round(linear * 65535));
        }

        return data;
    }

    private static void WriteXyzNumbers(double[] xyz, Span<byte> destination)
    {
        for (int i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[(4 * i)..], (int)Math.Round(xyz[i] * 65536));
        }
    }

    private static void Ascii(string text, Span<byte> destination) => Encoding.ASCII.GetBytes(text, destination);
}

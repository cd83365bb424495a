using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SoHoa.IntegrationTests.Support;

/// <summary>Pulls the byte ranges and the CMS out of a signed PDF with plain text matching, independently of SoHoa's own parser.</summary>
internal static partial class SignedPdf
{
    /// <summary>The signed bytes and the DER CMS of the last signature in the file.</summary>
    public static (byte[] SignedBytes, byte[] Cms) LastSignature(byte[] pdf)
    {
        string text = Encoding.Latin1.GetString(pdf);
        Match range = ByteRange().Matches(text).Last();
        long[] v = Enumerable.Range(1, 4).Select(i => long.Parse(range.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        byte[] signed = [.. pdf.AsSpan(0, (int)v[1]), .. pdf.AsSpan((int)v[2], (int)v[3])];
        string hex = text.Substring((int)v[1] + 1, (int)(v[2] - v[1] - 2)).TrimEnd('0');
        if (hex.Length % 2 == 1)
        {
            hex += "0";
        }

        return (signed, Convert.FromHexString(hex));
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();
}

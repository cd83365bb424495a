using System.Globalization;
using System.Text;

namespace SoHoa.Pdf;

/// <summary>Formats numbers, strings and dates in PDF syntax.</summary>
internal static class PdfText
{
    /// <summary>A real number with at most 4 decimals, invariant culture, never in exponent form.</summary>
    public static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A text string: ASCII as a literal string, anything else as UTF-16BE with a byte order mark, in hex.</summary>
    public static string String(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            var literal = new StringBuilder("(");
            foreach (char c in text)
            {
                if (c is '(' or ')' or '\\')
                {
                    literal.Append('\\');
                }

                literal.Append(c);
            }

            return literal.Append(')').ToString();
        }

        return "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";
    }

    /// <summary>A PDF date, <c>(D:YYYYMMDDHHmmSS+HH'mm')</c>.</summary>
    public static string Date(DateTimeOffset time)
    {
        TimeSpan offset = time.Offset;
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"(D:{time:yyyyMMddHHmmss}{sign}{offset.Hours:D2}'{offset.Minutes:D2}')");
    }

    /// <summary>The hex of a string's UTF-16BE code units, with characters outside the Basic Multilingual Plane replaced by U+FFFD.</summary>
    public static string Utf16Hex(string text)
    {
        var hex = new StringBuilder(text.Length * 4);
        foreach (char c in text)
        {
            char unit = char.IsSurrogate(c) ? '\uFFFD' : c;
            hex.Append(((int)unit).ToString("X4", CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    /// <summary>How many two-byte codes <see cref="Utf16Hex"/> writes for <paramref name="text"/>.</summary>
    public static int Utf16Length(string text) => text.Length;
}

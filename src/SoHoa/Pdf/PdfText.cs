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

    /// <summary>
    /// Appends a literal string of two-byte character codes, high byte first, for a Type0 font with Identity-H: the bytes
    /// as they are (content streams are binary and compressed), escaped as <see cref="AppendLiteralByte"/> does (ISO 32000-1
    /// §7.3.4.2).
    /// Each character of <paramref name="content"/> stands for one byte.
    /// </summary>
    public static void AppendTwoByteCodes(StringBuilder content, IEnumerable<int> codes)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(codes);
        content.Append('(');
        foreach (int code in codes)
        {
            AppendLiteralByte(content, (byte)(code >> 8));
            AppendLiteralByte(content, (byte)code);
        }

        content.Append(')');
    }

    /// <summary>The UTF-16 code units of a string as character codes, with characters outside the Basic Multilingual Plane replaced by U+FFFD.</summary>
    public static IEnumerable<int> Utf16Codes(string text) => text.Select(c => char.IsSurrogate(c) ? 0xFFFD : (int)c);

    /// <summary>Appends one byte of a literal string: the delimiters and the backslash escaped, CR and LF as escapes (a reader would turn a bare CR into LF).</summary>
    private static void AppendLiteralByte(StringBuilder content, byte value)
    {
        switch (value)
        {
            case (byte)'(' or (byte)')' or (byte)'\\':
                content.Append('\\').Append((char)value);
                break;
            case (byte)'\r':
                content.Append("\\r");
                break;
            case (byte)'\n':
                content.Append("\\n");
                break;
            default:
                content.Append((char)value);
                break;
        }
    }
}

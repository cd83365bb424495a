using System.Globalization;

namespace SoHoa.Pdf.Syntax;

/// <summary>PDF number syntax (ISO 32000-1 §7.3.3): an optional sign, digits and at most one point, no exponent.</summary>
internal static class PdfNumberSyntax
{
    /// <summary>Parses PDF number syntax (no exponent); integers overflowing long become reals.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out bool isReal, out long integer, out double real)
    {
        isReal = false;
        integer = 0;
        real = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == '-';
            i++;
        }

        var digits = 0;
        var dot = false;
        var overflow = false;
        double value = 0;
        double scale = 1;
        long whole = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (dot)
                {
                    return false;
                }

                dot = true;
            }
            else if (c is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
                var d = c - '0';
                if (dot)
                {
                    scale /= 10;
                    value += d * scale;
                }
                else
                {
                    value = (value * 10) + d;
                    if (!overflow)
                    {
                        if (whole > (long.MaxValue - d) / 10)
                        {
                            overflow = true;
                        }
                        else
                        {
                            whole = (whole * 10) + d;
                        }
                    }
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (dot || overflow)
        {
            isReal = true;
            if (dot && digits <= 15)
            {
                // Exact decimal parse for typical inputs avoids accumulated rounding.
                _ = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
                real = value;
                return true;
            }

            real = negative ? -value : value;
            return true;
        }

        integer = negative ? -whole : whole;
        return true;
    }
}

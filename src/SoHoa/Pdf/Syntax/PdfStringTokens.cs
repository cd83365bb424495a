namespace SoHoa.Pdf.Syntax;

/// <summary>
/// Reads the tokens whose bytes are decoded (ISO 32000-1 §7.3.4, §7.3.5): names with #xx escapes, hex strings, and
/// literal strings with balanced parentheses, escapes and end-of-line folding. Each reads from <c>position</c> and
/// leaves it just past the token.
/// </summary>
internal static class PdfStringTokens
{
    /// <summary>Returns the value of a hex digit, or -1.</summary>
    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Reads a name token, decoding #xx escapes.</summary>
    public static PdfToken ReadName(ReadOnlySpan<byte> span, ref int position, int start)
    {
        position++;
        var bytes = new List<byte>();
        while (position < span.Length && PdfLexer.IsRegular(span[position]))
        {
            var c = span[position];
            if (c == '#' && position + 2 < span.Length && HexValue(span[position + 1]) >= 0 && HexValue(span[position + 2]) >= 0)
            {
                bytes.Add((byte)((HexValue(span[position + 1]) << 4) | HexValue(span[position + 2])));
                position += 3;
            }
            else
            {
                bytes.Add(c);
                position++;
            }
        }

        return new PdfToken(PdfTokenKind.Name, start, position) { Bytes = [.. bytes] };
    }

    /// <summary>Reads a hex string token.</summary>
    public static PdfToken ReadHexString(ReadOnlySpan<byte> span, ref int position, int start)
    {
        position++;
        var bytes = new List<byte>();
        var high = -1;
        while (true)
        {
            if (position >= span.Length)
            {
                throw new PdfSyntaxException("Unterminated hex string (expected '>')", start);
            }

            var c = span[position++];
            if (c == '>')
            {
                break;
            }

            if (PdfLexer.IsWhitespace(c))
            {
                continue;
            }

            var v = HexValue(c);
            if (v < 0)
            {
                throw new PdfSyntaxException($"Invalid character 0x{c:X2} in hex string (expected hex digit or '>')", position - 1);
            }

            if (high < 0)
            {
                high = v;
            }
            else
            {
                bytes.Add((byte)((high << 4) | v));
                high = -1;
            }
        }

        if (high >= 0)
        {
            bytes.Add((byte)(high << 4));
        }

        return new PdfToken(PdfTokenKind.HexString, start, position) { Bytes = [.. bytes] };
    }

    /// <summary>Reads a literal string token with balanced parentheses and escapes.</summary>
    public static PdfToken ReadLiteralString(ReadOnlySpan<byte> span, ref int position, int start)
    {
        position++;
        var bytes = new List<byte>();
        var depth = 1;
        while (true)
        {
            if (position >= span.Length)
            {
                throw new PdfSyntaxException("Unterminated literal string (expected ')')", start);
            }

            var c = span[position++];
            switch (c)
            {
                case (byte)'(':
                    depth++;
                    bytes.Add(c);
                    break;
                case (byte)')':
                    if (--depth == 0)
                    {
                        return new PdfToken(PdfTokenKind.LiteralString, start, position) { Bytes = [.. bytes] };
                    }

                    bytes.Add(c);
                    break;
                case (byte)'\r':
                    // An unescaped EOL (CR, LF or CRLF) in a literal string reads as a single LF.
                    if (position < span.Length && span[position] == '\n')
                    {
                        position++;
                    }

                    bytes.Add((byte)'\n');
                    break;
                case (byte)'\\':
                    ReadEscape(span, ref position, bytes);
                    break;
                default:
                    bytes.Add(c);
                    break;
            }
        }
    }

    /// <summary>Decodes one backslash escape inside a literal string.</summary>
    private static void ReadEscape(ReadOnlySpan<byte> span, ref int position, List<byte> bytes)
    {
        if (position >= span.Length)
        {
            return;
        }

        var e = span[position++];
        switch (e)
        {
            case (byte)'n': bytes.Add((byte)'\n'); break;
            case (byte)'r': bytes.Add((byte)'\r'); break;
            case (byte)'t': bytes.Add((byte)'\t'); break;
            case (byte)'b': bytes.Add((byte)'\b'); break;
            case (byte)'f': bytes.Add((byte)'\f'); break;
            case (byte)'(' or (byte)')' or (byte)'\\': bytes.Add(e); break;
            case (byte)'\r':
                if (position < span.Length && span[position] == '\n')
                {
                    position++;
                }

                break;
            case (byte)'\n':
                break;
            case >= (byte)'0' and <= (byte)'7':
                var value = e - '0';
                for (var k = 0; k < 2 && position < span.Length && span[position] is >= (byte)'0' and <= (byte)'7'; k++)
                {
                    value = (value * 8) + (span[position++] - '0');
                }

                bytes.Add((byte)value);
                break;
            default:
                // Unknown escape: the backslash is ignored (ISO 32000-1 §7.3.4.2).
                bytes.Add(e);
                break;
        }
    }
}

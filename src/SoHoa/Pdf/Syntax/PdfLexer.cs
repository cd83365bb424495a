using System.Globalization;
using System.Text;

namespace SoHoa.Pdf.Syntax;

/// <summary>Kinds of PDF tokens.</summary>
internal enum PdfTokenKind
{
    /// <summary>No more input.</summary>
    EndOfInput,

    /// <summary>An integer number.</summary>
    Integer,

    /// <summary>A real number.</summary>
    Real,

    /// <summary>A literal string <c>( ... )</c>.</summary>
    LiteralString,

    /// <summary>A hexadecimal string <c>&lt; ... &gt;</c>.</summary>
    HexString,

    /// <summary>A name <c>/Name</c>.</summary>
    Name,

    /// <summary><c>[</c>.</summary>
    ArrayStart,

    /// <summary><c>]</c>.</summary>
    ArrayEnd,

    /// <summary><c>&lt;&lt;</c>.</summary>
    DictionaryStart,

    /// <summary><c>&gt;&gt;</c>.</summary>
    DictionaryEnd,

    /// <summary>A bare keyword (true, false, null, obj, endobj, stream, R, xref, trailer, ...), also <c>{</c> and <c>}</c>.</summary>
    Keyword,
}

/// <summary>One lexical token with its byte span and decoded value.</summary>
internal readonly record struct PdfToken(PdfTokenKind Kind, long Start, long End)
{
    /// <summary>Gets the value of an integer token.</summary>
    public long IntegerValue { get; init; }

    /// <summary>Gets the value of a real token.</summary>
    public double RealValue { get; init; }

    /// <summary>Gets the decoded bytes of a string or name token.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>Gets the text of a keyword token.</summary>
    public string? Text { get; init; }

    /// <summary>Returns whether this is the keyword <paramref name="keyword"/>.</summary>
    public bool IsKeyword(string keyword) => Kind == PdfTokenKind.Keyword && Text == keyword;

    /// <summary>Describes the token for error messages.</summary>
    public string Describe() => Kind switch
    {
        PdfTokenKind.Keyword => $"keyword '{Text}'",
        PdfTokenKind.Integer => string.Create(CultureInfo.InvariantCulture, $"integer {IntegerValue}"),
        PdfTokenKind.EndOfInput => "end of input",
        _ => Kind.ToString(),
    };
}

/// <summary>Tokenizer over a whole PDF file (or a decoded object stream) held in memory.</summary>
internal sealed class PdfLexer
{
    private readonly ReadOnlyMemory<byte> data;
    private int position;

    /// <summary>Creates a lexer positioned at offset 0.</summary>
    public PdfLexer(ReadOnlyMemory<byte> data) => this.data = data;

    /// <summary>Gets the input length.</summary>
    public int Length => data.Length;

    /// <summary>Gets the underlying data.</summary>
    public ReadOnlyMemory<byte> Data => data;

    /// <summary>Gets or sets the current offset (clamped to [0, Length]).</summary>
    public long Position
    {
        get => position;
        set => position = (int)Math.Clamp(value, 0, data.Length);
    }

    /// <summary>Returns whether <paramref name="b"/> is PDF white-space.</summary>
    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    /// <summary>Returns whether <paramref name="b"/> is a PDF delimiter.</summary>
    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    /// <summary>Returns whether <paramref name="b"/> is a regular character.</summary>
    public static bool IsRegular(byte b) => !IsWhitespace(b) && !IsDelimiter(b);

    /// <summary>Skips white-space and comments.</summary>
    public void SkipWhitespaceAndComments()
    {
        var span = data.Span;
        while (position < span.Length)
        {
            var b = span[position];
            if (IsWhitespace(b))
            {
                position++;
            }
            else if (b == (byte)'%')
            {
                while (position < span.Length && span[position] is not (byte)'\r' and not (byte)'\n')
                {
                    position++;
                }
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Returns the next token without consuming it.</summary>
    public PdfToken PeekToken()
    {
        var save = position;
        var token = NextToken();
        position = save;
        return token;
    }

    /// <summary>Reads the next token.</summary>
    public PdfToken NextToken()
    {
        SkipWhitespaceAndComments();
        var span = data.Span;
        var start = position;
        if (position >= span.Length)
        {
            return new PdfToken(PdfTokenKind.EndOfInput, start, start);
        }

        var b = span[position];
        switch (b)
        {
            case (byte)'[':
                position++;
                return new PdfToken(PdfTokenKind.ArrayStart, start, position);
            case (byte)']':
                position++;
                return new PdfToken(PdfTokenKind.ArrayEnd, start, position);
            case (byte)'{' or (byte)'}':
                position++;
                return new PdfToken(PdfTokenKind.Keyword, start, position) { Text = b == '{' ? "{" : "}" };
            case (byte)'/':
                return ReadName(span, start);
            case (byte)'(':
                return ReadLiteralString(span, start);
            case (byte)'<':
                if (position + 1 < span.Length && span[position + 1] == '<')
                {
                    position += 2;
                    return new PdfToken(PdfTokenKind.DictionaryStart, start, position);
                }

                return ReadHexString(span, start);
            case (byte)'>':
                if (position + 1 < span.Length && span[position + 1] == '>')
                {
                    position += 2;
                    return new PdfToken(PdfTokenKind.DictionaryEnd, start, position);
                }

                throw new PdfSyntaxException("Unexpected '>' (expected '>>')", start);
            case (byte)')':
                throw new PdfSyntaxException("Unexpected ')' outside a string", start);
            default:
                return ReadRegular(span, start);
        }
    }

    /// <summary>Finds the first occurrence of <paramref name="pattern"/> at or after <paramref name="start"/>, or -1.</summary>
    public long IndexOf(ReadOnlySpan<byte> pattern, long start)
    {
        if (start < 0 || start > data.Length)
        {
            return -1;
        }

        var i = data.Span[(int)start..].IndexOf(pattern);
        return i < 0 ? -1 : start + i;
    }

    /// <summary>Returns the value of a hex digit, or -1.</summary>
    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Reads a number or keyword made of regular characters.</summary>
    private PdfToken ReadRegular(ReadOnlySpan<byte> span, int start)
    {
        while (position < span.Length && IsRegular(span[position]))
        {
            position++;
        }

        var text = span[start..position];
        if (TryParseNumber(text, out var isReal, out var integer, out var real))
        {
            if (!double.IsFinite(real))
            {
                // Hundreds of digits: no PDF number is that large, and an infinite real could not be written back.
                throw new PdfSyntaxException(string.Create(CultureInfo.InvariantCulture, $"Number of {text.Length} characters is out of range"), start);
            }

            return isReal
                ? new PdfToken(PdfTokenKind.Real, start, position) { RealValue = real }
                : new PdfToken(PdfTokenKind.Integer, start, position) { IntegerValue = integer };
        }

        if (text.Length > 256)
        {
            throw new PdfSyntaxException($"Unrecognized token of {text.Length} bytes", start);
        }

        return new PdfToken(PdfTokenKind.Keyword, start, position) { Text = Encoding.Latin1.GetString(text) };
    }

    /// <summary>Parses PDF number syntax (no exponent); integers overflowing long become reals.</summary>
    private static bool TryParseNumber(ReadOnlySpan<byte> text, out bool isReal, out long integer, out double real)
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

    /// <summary>Reads a name token, decoding #xx escapes.</summary>
    private PdfToken ReadName(ReadOnlySpan<byte> span, int start)
    {
        position++;
        var bytes = new List<byte>();
        while (position < span.Length && IsRegular(span[position]))
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
    private PdfToken ReadHexString(ReadOnlySpan<byte> span, int start)
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

            if (IsWhitespace(c))
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
    private PdfToken ReadLiteralString(ReadOnlySpan<byte> span, int start)
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
                    ReadEscape(span, bytes);
                    break;
                default:
                    bytes.Add(c);
                    break;
            }
        }
    }

    /// <summary>Decodes one backslash escape inside a literal string.</summary>
    private void ReadEscape(ReadOnlySpan<byte> span, List<byte> bytes)
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

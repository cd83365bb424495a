using System.Globalization;
using System.Text;

namespace SoHoa.Pdf.Syntax;

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
                return PdfStringTokens.ReadName(span, ref position, start);
            case (byte)'(':
                return PdfStringTokens.ReadLiteralString(span, ref position, start);
            case (byte)'<':
                if (position + 1 < span.Length && span[position + 1] == '<')
                {
                    position += 2;
                    return new PdfToken(PdfTokenKind.DictionaryStart, start, position);
                }

                return PdfStringTokens.ReadHexString(span, ref position, start);
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

    /// <summary>Reads a number or keyword made of regular characters.</summary>
    private PdfToken ReadRegular(ReadOnlySpan<byte> span, int start)
    {
        while (position < span.Length && IsRegular(span[position]))
        {
            position++;
        }

        var text = span[start..position];
        if (PdfNumberSyntax.TryParse(text, out var isReal, out var integer, out var real))
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
}

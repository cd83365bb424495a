using System.Globalization;

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

using System.Text;

namespace SoHoa.Pdf.Syntax;

/// <summary>A PDF string: the decoded bytes (escapes already processed) plus whether it was written in hex form.</summary>
internal sealed class PdfString : PdfObject, IEquatable<PdfString>
{
    private static readonly char[] PdfDocHigh = BuildPdfDocTable();
    private readonly byte[] bytes;

    /// <summary>Creates a string from its decoded bytes.</summary>
    public PdfString(ReadOnlySpan<byte> bytes, bool isHex = false)
    {
        this.bytes = bytes.ToArray();
        IsHex = isHex;
    }

    /// <summary>Gets the decoded bytes of the string.</summary>
    public ReadOnlyMemory<byte> Bytes => bytes;

    /// <summary>Gets the decoded bytes as a span.</summary>
    public ReadOnlySpan<byte> Span => bytes;

    /// <summary>Gets a value indicating whether the string is (or will be written) in hexadecimal form.</summary>
    public bool IsHex { get; }

    /// <summary>Gets the span of the string token (including its delimiters) in the parsed file, if known.</summary>
    public PdfByteSpan? Source { get; internal set; }

    /// <summary>Creates a text string: PDFDocEncoding when possible, otherwise UTF-16BE with a byte-order mark.</summary>
    public static PdfString FromText(string text, bool asHex = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var doc = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (!TryEncodePdfDoc(text[i], out doc[i]))
            {
                var utf16 = Encoding.BigEndianUnicode.GetBytes(text);
                var result = new byte[utf16.Length + 2];
                result[0] = 0xFE;
                result[1] = 0xFF;
                utf16.CopyTo(result, 2);
                return new PdfString(result, asHex);
            }
        }

        return new PdfString(doc, asHex);
    }

    /// <summary>Creates a string holding raw bytes rendered in hex form (e.g. signature /Contents).</summary>
    public static PdfString FromHexBytes(ReadOnlySpan<byte> data) => new(data, isHex: true);

    /// <summary>Decodes the string as a PDF text string (UTF-16BE/UTF-8 with BOM, otherwise PDFDocEncoding).</summary>
    public string ToText()
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, (bytes.Length - 2) & ~1);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = DecodePdfDoc(bytes[i]);
        }

        return new string(chars);
    }

    /// <summary>Value equality on the decoded bytes (the hex flag is ignored).</summary>
    public bool Equals(PdfString? other) => other is not null && other.Span.SequenceEqual(bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfString);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    /// <summary>Maps a PDFDocEncoding byte to a character.</summary>
    private static char DecodePdfDoc(byte b) => b switch
    {
        >= 0x18 and <= 0x1F => PdfDocHigh[b - 0x18],
        >= 0x80 and <= 0xA0 => PdfDocHigh[b - 0x80 + 8],
        _ => (char)b,
    };

    /// <summary>Maps a character to PDFDocEncoding when possible.</summary>
    private static bool TryEncodePdfDoc(char c, out byte b)
    {
        if ((c < 0x18 && c is '\t' or '\n' or '\r') || (c >= 0x20 && c < 0x7F) || (c > 0xA0 && c <= 0xFF && c != 0xAD))
        {
            b = (byte)c;
            return true;
        }

        var index = Array.IndexOf(PdfDocHigh, c);
        if (index >= 0 && c != '\uFFFD')
        {
            b = (byte)(index < 8 ? 0x18 + index : 0x80 + index - 8);
            return true;
        }

        b = 0;
        return false;
    }

    /// <summary>Builds the PDFDocEncoding table for bytes 0x18-0x1F and 0x80-0xA0.</summary>
    private static char[] BuildPdfDocTable() =>
    [
        // 0x18..0x1F
        '\u02D8', '\u02C7', '\u02C6', '\u02D9', '\u02DD', '\u02DB', '\u02DA', '\u02DC',

        // 0x80..0x9F
        '\u2022', '\u2020', '\u2021', '\u2026', '\u2014', '\u2013', '\u0192', '\u2044',
        '\u2039', '\u203A', '\u2212', '\u2030', '\u201E', '\u201C', '\u201D', '\u2018',
        '\u2019', '\u201A', '\u2122', '\uFB01', '\uFB02', '\u0141', '\u0152', '\u0160',
        '\u0178', '\u017D', '\u0131', '\u0142', '\u0153', '\u0161', '\u017E', '\uFFFD',

        // 0xA0
        '\u20AC',
    ];
}

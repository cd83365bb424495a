using System.Text;

namespace SoHoa.Pdf.Syntax;

/// <summary>A PDF name (<c>/Type</c>); <see cref="Value"/> is the decoded name without the slash, #xx escapes resolved.</summary>
internal sealed class PdfName : PdfObject, IEquatable<PdfName>
{
    /// <summary>/Type.</summary>
    public static readonly PdfName Type = new("Type");

    /// <summary>/Subtype.</summary>
    public static readonly PdfName Subtype = new("Subtype");

    /// <summary>/Length.</summary>
    public static readonly PdfName Length = new("Length");

    /// <summary>/Filter.</summary>
    public static readonly PdfName Filter = new("Filter");

    /// <summary>/DecodeParms.</summary>
    public static readonly PdfName DecodeParms = new("DecodeParms");

    /// <summary>/FlateDecode.</summary>
    public static readonly PdfName FlateDecode = new("FlateDecode");

    /// <summary>/Root.</summary>
    public static readonly PdfName Root = new("Root");

    /// <summary>/Info.</summary>
    public static readonly PdfName Info = new("Info");

    /// <summary>/ID.</summary>
    public static readonly PdfName ID = new("ID");

    /// <summary>/Size.</summary>
    public static readonly PdfName Size = new("Size");

    /// <summary>/Prev.</summary>
    public static readonly PdfName Prev = new("Prev");

    /// <summary>/Encrypt.</summary>
    public static readonly PdfName Encrypt = new("Encrypt");

    /// <summary>/XRefStm.</summary>
    public static readonly PdfName XRefStm = new("XRefStm");

    /// <summary>/XRef.</summary>
    public static readonly PdfName XRef = new("XRef");

    /// <summary>/W.</summary>
    public static readonly PdfName W = new("W");

    /// <summary>/Index.</summary>
    public static readonly PdfName Index = new("Index");

    /// <summary>/ObjStm.</summary>
    public static readonly PdfName ObjStm = new("ObjStm");

    /// <summary>/N.</summary>
    public static readonly PdfName N = new("N");

    /// <summary>/First.</summary>
    public static readonly PdfName First = new("First");

    /// <summary>/Predictor.</summary>
    public static readonly PdfName Predictor = new("Predictor");

    /// <summary>/Columns.</summary>
    public static readonly PdfName Columns = new("Columns");

    /// <summary>/Colors.</summary>
    public static readonly PdfName Colors = new("Colors");

    /// <summary>/BitsPerComponent.</summary>
    public static readonly PdfName BitsPerComponent = new("BitsPerComponent");

    /// <summary>/Catalog.</summary>
    public static readonly PdfName Catalog = new("Catalog");

    /// <summary>/Pages.</summary>
    public static readonly PdfName Pages = new("Pages");

    /// <summary>/Page.</summary>
    public static readonly PdfName Page = new("Page");

    /// <summary>/Kids.</summary>
    public static readonly PdfName Kids = new("Kids");

    /// <summary>/Count.</summary>
    public static readonly PdfName Count = new("Count");

    /// <summary>/Parent.</summary>
    public static readonly PdfName Parent = new("Parent");

    /// <summary>/Contents.</summary>
    public static readonly PdfName Contents = new("Contents");

    /// <summary>/Resources.</summary>
    public static readonly PdfName Resources = new("Resources");

    /// <summary>/MediaBox.</summary>
    public static readonly PdfName MediaBox = new("MediaBox");

    /// <summary>/Annots.</summary>
    public static readonly PdfName Annots = new("Annots");

    /// <summary>/AcroForm.</summary>
    public static readonly PdfName AcroForm = new("AcroForm");

    /// <summary>/Fields.</summary>
    public static readonly PdfName Fields = new("Fields");

    /// <summary>/Sig.</summary>
    public static readonly PdfName Sig = new("Sig");

    /// <summary>/ByteRange.</summary>
    public static readonly PdfName ByteRange = new("ByteRange");

    private readonly byte[] raw;

    /// <summary>Creates a name from its decoded text (encoded as UTF-8 bytes).</summary>
    public PdfName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        raw = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Creates a name from already decoded text and bytes.</summary>
    private PdfName(string value, byte[] raw)
    {
        Value = value;
        this.raw = raw;
    }

    /// <summary>Gets the decoded name text (UTF-8 when valid, otherwise Latin-1).</summary>
    public string Value { get; }

    /// <summary>Gets the exact decoded bytes of the name (what the serializer writes back).</summary>
    public ReadOnlySpan<byte> RawBytes => raw;

    /// <summary>Creates a name from decoded bytes (after #xx processing), preserving them exactly.</summary>
    public static PdfName FromBytes(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        return new PdfName(text, bytes.ToArray());
    }

    /// <summary>Implicitly converts a string to a name.</summary>
    public static implicit operator PdfName(string value) => new(value);

    /// <summary>Named alternative for the implicit conversion.</summary>
    public static PdfName FromString(string value) => new(value);

    /// <summary>Value equality on the decoded text.</summary>
    public bool Equals(PdfName? other) => other is not null && string.Equals(other.Value, Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfName);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}

using System.Globalization;
using System.Text;

namespace SoHoa.Pdf.Syntax;

/// <summary>Base class of every PDF object (ISO 32000-1 §7.3).</summary>
internal abstract class PdfObject
{
    /// <summary>Returns the canonical PDF serialization of this object (for diagnostics and tests).</summary>
    public override string ToString() => Encoding.Latin1.GetString(PdfSerializer.ToBytes(this));
}

/// <summary>The PDF <c>null</c> object; use <see cref="Instance"/>.</summary>
internal sealed class PdfNull : PdfObject
{
    /// <summary>The single null instance.</summary>
    public static readonly PdfNull Instance = new();

    /// <summary>Prevents other instances.</summary>
    private PdfNull()
    {
    }
}

/// <summary>A PDF boolean (<c>true</c> / <c>false</c>).</summary>
internal sealed class PdfBoolean : PdfObject, IEquatable<PdfBoolean>
{
    /// <summary>The <c>true</c> instance.</summary>
    public static readonly PdfBoolean True = new(true);

    /// <summary>The <c>false</c> instance.</summary>
    public static readonly PdfBoolean False = new(false);

    /// <summary>Creates one of the two shared instances.</summary>
    private PdfBoolean(bool value) => Value = value;

    /// <summary>Gets the boolean value.</summary>
    public bool Value { get; }

    /// <summary>Returns the shared instance for <paramref name="value"/>.</summary>
    public static PdfBoolean Get(bool value) => value ? True : False;

    /// <summary>Value equality.</summary>
    public bool Equals(PdfBoolean? other) => other is not null && other.Value == Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfBoolean);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
}

/// <summary>A PDF integer number (stored as 64-bit).</summary>
internal sealed class PdfInteger(long value) : PdfObject, IEquatable<PdfInteger>
{
    /// <summary>Gets the integer value.</summary>
    public long Value { get; } = value;

    /// <summary>Value equality.</summary>
    public bool Equals(PdfInteger? other) => other is not null && other.Value == Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfInteger);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
}

/// <summary>A PDF real number.</summary>
internal sealed class PdfReal(double value) : PdfObject, IEquatable<PdfReal>
{
    /// <summary>Gets the numeric value.</summary>
    public double Value { get; } = value;

    /// <summary>Value equality.</summary>
    public bool Equals(PdfReal? other) => other is not null && other.Value.Equals(Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfReal);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
}

/// <summary>An indirect reference <c>n g R</c>.</summary>
internal sealed class PdfReference : PdfObject, IEquatable<PdfReference>
{
    /// <summary>Creates a reference; numbers must be non-negative.</summary>
    public PdfReference(int objectNumber, int generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(objectNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        ObjectNumber = objectNumber;
        Generation = generation;
    }

    /// <summary>Gets the object number.</summary>
    public int ObjectNumber { get; }

    /// <summary>Gets the generation number.</summary>
    public int Generation { get; }

    /// <summary>Value equality on (number, generation).</summary>
    public bool Equals(PdfReference? other) =>
        other is not null && other.ObjectNumber == ObjectNumber && other.Generation == Generation;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PdfReference);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ObjectNumber, Generation);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ObjectNumber} {Generation} R");
}

/// <summary>A half-open byte range [Start, Start + Length) in a file or output buffer.</summary>
internal readonly record struct PdfByteSpan(long Start, long Length)
{
    /// <summary>Gets the exclusive end offset.</summary>
    public long End => Start + Length;
}

/// <summary>A non-fatal problem found while parsing (e.g. a wrong stream /Length that was worked around).</summary>
internal sealed record PdfDiagnostic(long Offset, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"@{Offset}: {Message}");
}

/// <summary>Resolves indirect references to the objects they point to.</summary>
internal interface IPdfObjectResolver
{
    /// <summary>Returns <paramref name="obj"/> itself, or the object it references (<see cref="PdfNull"/> if missing).</summary>
    PdfObject Resolve(PdfObject obj);
}

/// <summary>The single exception type thrown for malformed or unsupported PDF syntax.</summary>
internal sealed class PdfSyntaxException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public PdfSyntaxException()
        : this("Malformed PDF.")
    {
    }

    /// <summary>Creates an exception with a message and no known offset.</summary>
    public PdfSyntaxException(string message)
        : this(message, -1)
    {
    }

    /// <summary>Creates an exception wrapping an inner error.</summary>
    public PdfSyntaxException(string message, Exception innerException)
        : this(message, -1, innerException)
    {
    }

    /// <summary>Creates an exception stating the byte offset where the problem was detected.</summary>
    public PdfSyntaxException(string message, long offset, Exception? innerException = null)
        : base(offset >= 0 ? string.Create(CultureInfo.InvariantCulture, $"{message} (at byte offset {offset})") : message, innerException)
    {
        Offset = offset;
    }

    /// <summary>Gets the byte offset the problem refers to, or -1 if unknown.</summary>
    public long Offset { get; }
}

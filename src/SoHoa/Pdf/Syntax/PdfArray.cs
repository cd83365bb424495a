using System.Collections;

namespace SoHoa.Pdf.Syntax;

/// <summary>A PDF array.</summary>
internal sealed class PdfArray : PdfObject, IReadOnlyList<PdfObject>
{
    private readonly List<PdfObject> items;

    /// <summary>Creates an empty array.</summary>
    public PdfArray() => items = [];

    /// <summary>Creates an array with the given items.</summary>
    public PdfArray(IEnumerable<PdfObject> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        this.items = [.. items];
    }

    /// <summary>Gets the number of items.</summary>
    public int Count => items.Count;

    /// <summary>Gets the span of the array (from '[' to after ']') in the parsed file, if known.</summary>
    public PdfByteSpan? Source { get; internal set; }

    /// <summary>Gets or sets the item at <paramref name="index"/>.</summary>
    public PdfObject this[int index]
    {
        get => items[index];
        set => items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Creates an array from the given items.</summary>
    public static PdfArray Of(params PdfObject[] items) => new(items);

    /// <summary>Creates an array of integers.</summary>
    public static PdfArray OfIntegers(params long[] values) => new(values.Select(v => (PdfObject)new PdfInteger(v)));

    /// <summary>Appends an item.</summary>
    public void Add(PdfObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        items.Add(item);
    }

    /// <summary>Removes the item at <paramref name="index"/>.</summary>
    public void RemoveAt(int index) => items.RemoveAt(index);

    /// <summary>Returns the item at <paramref name="index"/> resolved through <paramref name="resolver"/>, or null when out of range.</summary>
    public PdfObject? Get(int index, IPdfObjectResolver? resolver = null)
    {
        if ((uint)index >= (uint)items.Count)
        {
            return null;
        }

        var item = items[index];
        return resolver is null ? item : resolver.Resolve(item);
    }

    /// <summary>Returns the item as an integer, or null if it is missing or not an integer.</summary>
    public long? GetInt(int index, IPdfObjectResolver? resolver = null) => (Get(index, resolver) as PdfInteger)?.Value;

    /// <summary>Returns the item as a number (integer or real), or null.</summary>
    public double? GetNumber(int index, IPdfObjectResolver? resolver = null) => Get(index, resolver) switch
    {
        PdfInteger i => i.Value,
        PdfReal r => r.Value,
        _ => null,
    };

    /// <inheritdoc/>
    public IEnumerator<PdfObject> GetEnumerator() => items.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

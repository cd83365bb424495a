using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SoHoa.Pdf.Syntax;

/// <summary>A PDF dictionary preserving key insertion order.</summary>
internal sealed class PdfDictionary : PdfObject, IEnumerable<KeyValuePair<PdfName, PdfObject>>
{
    private readonly List<KeyValuePair<PdfName, PdfObject>> entries = [];
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    /// <summary>Gets the number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>Gets the keys in insertion order.</summary>
    public IEnumerable<PdfName> Keys => entries.Select(e => e.Key);

    /// <summary>Gets the span of the dictionary (from '&lt;&lt;' to after '&gt;&gt;') in the parsed file, if known.</summary>
    public PdfByteSpan? Source { get; internal set; }

    /// <summary>Gets or sets a value by key; getting a missing key returns null, setting replaces in place.</summary>
    public PdfObject? this[string key]
    {
        get => index.TryGetValue(key, out var i) ? entries[i].Value : null;
        set
        {
            if (value is null)
            {
                Remove(key);
            }
            else
            {
                Set(new PdfName(key), value);
            }
        }
    }

    /// <summary>Gets or sets a value by name key.</summary>
    public PdfObject? this[PdfName key]
    {
        get => this[key?.Value ?? throw new ArgumentNullException(nameof(key))];
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            if (value is null)
            {
                Remove(key.Value);
            }
            else
            {
                Set(key, value);
            }
        }
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, keeping the original position if present.</summary>
    public PdfDictionary Set(PdfName key, PdfObject value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (index.TryGetValue(key.Value, out var i))
        {
            entries[i] = new(entries[i].Key, value);
        }
        else
        {
            index[key.Value] = entries.Count;
            entries.Add(new(key, value));
        }

        return this;
    }

    /// <summary>Sets a string-named key.</summary>
    public PdfDictionary Set(string key, PdfObject value) => Set(new PdfName(key), value);

    /// <summary>Removes a key; returns whether it was present.</summary>
    public bool Remove(string key)
    {
        if (!index.TryGetValue(key, out var i))
        {
            return false;
        }

        entries.RemoveAt(i);
        index.Clear();
        for (var j = 0; j < entries.Count; j++)
        {
            index[entries[j].Key.Value] = j;
        }

        return true;
    }

    /// <summary>Returns whether the key is present.</summary>
    public bool ContainsKey(string key) => index.ContainsKey(key);

    /// <summary>Gets the raw (unresolved) value of a key.</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out PdfObject? value)
    {
        value = this[key];
        return value is not null;
    }

    /// <summary>Gets a value, resolving an indirect reference through <paramref name="resolver"/> when given.</summary>
    public PdfObject? Get(string key, IPdfObjectResolver? resolver = null)
    {
        var value = this[key];
        return value is null || resolver is null ? value : resolver.Resolve(value);
    }

    /// <summary>Gets a name value or null.</summary>
    public PdfName? GetName(string key, IPdfObjectResolver? resolver = null) => Get(key, resolver) as PdfName;

    /// <summary>Gets an integer value or null.</summary>
    public long? GetInt(string key, IPdfObjectResolver? resolver = null) => (Get(key, resolver) as PdfInteger)?.Value;

    /// <summary>Gets a numeric value (integer or real) or null.</summary>
    public double? GetNumber(string key, IPdfObjectResolver? resolver = null) => Get(key, resolver) switch
    {
        PdfInteger i => i.Value,
        PdfReal r => r.Value,
        _ => null,
    };

    /// <summary>Gets a boolean value or null.</summary>
    public bool? GetBool(string key, IPdfObjectResolver? resolver = null) => (Get(key, resolver) as PdfBoolean)?.Value;

    /// <summary>Gets a string value or null.</summary>
    public PdfString? GetString(string key, IPdfObjectResolver? resolver = null) => Get(key, resolver) as PdfString;

    /// <summary>Gets an array value or null.</summary>
    public PdfArray? GetArray(string key, IPdfObjectResolver? resolver = null) => Get(key, resolver) as PdfArray;

    /// <summary>Gets a dictionary value (a stream's dictionary is not returned) or null.</summary>
    public PdfDictionary? GetDictionary(string key, IPdfObjectResolver? resolver = null) => Get(key, resolver) as PdfDictionary;

    /// <summary>Gets a stream value or null.</summary>
    public PdfStream? GetStream(string key, IPdfObjectResolver? resolver = null) => Get(key, resolver) as PdfStream;

    /// <summary>Gets the unresolved value if it is an indirect reference, otherwise null.</summary>
    public PdfReference? GetReference(string key) => this[key] as PdfReference;

    /// <summary>Returns whether /Type (or the given key) equals <paramref name="name"/>.</summary>
    public bool IsOfType(string name, string key = "Type") => GetName(key)?.Value == name;

    /// <summary>Creates a shallow copy (values are shared).</summary>
    public PdfDictionary Clone()
    {
        var copy = new PdfDictionary();
        foreach (var (k, v) in entries)
        {
            copy.Set(k, v);
        }

        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<PdfName, PdfObject>> GetEnumerator() => entries.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Whether two PDF objects are the same, as their canonical serialization (<see cref="PdfSerializer"/>) says, and for two
/// streams their dictionaries and raw bytes. Each object is serialized once and remembered (by identity) for the life of
/// one classifier: the classifier compares the same catalog, form and annotation lists again and again, and a list diff
/// would otherwise serialize both sides for every pair.
/// </summary>
internal sealed class ObjectEquality
{
    private readonly Dictionary<PdfObject, string> _serialized = new(ReferenceEqualityComparer.Instance);

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same object, written the same way.</summary>
    public bool Same(PdfObject a, PdfObject b)
    {
        if (a is PdfStream sa && b is PdfStream sb)
        {
            return Same(sa.Dictionary, sb.Dictionary) && sa.RawData.Span.SequenceEqual(sb.RawData.Span);
        }

        return string.Equals(Serialized(a), Serialized(b), StringComparison.Ordinal);
    }

    /// <summary>The entries of <paramref name="items"/> that are the same as no entry of <paramref name="others"/>, in order.</summary>
    public IEnumerable<PdfObject> NotIn(IReadOnlyList<PdfObject> items, IReadOnlyList<PdfObject> others)
    {
        if (items.Count == 0 || others.Count == 0)
        {
            return items;
        }

        if (items.Any(i => i is PdfStream) || others.Any(o => o is PdfStream))
        {
            // Streams are compared by dictionary and raw bytes, not by their serialization: compare each pair.
            return items.Where(i => !others.Any(o => Same(i, o)));
        }

        // Same is equality of serializations here, so one set of the others' serializations answers each lookup.
        var present = others.Select(Serialized).ToHashSet(StringComparer.Ordinal);
        return items.Where(i => !present.Contains(Serialized(i)));
    }

    /// <summary>True when the two dictionaries differ at most in the keys <paramref name="allowed"/>.</summary>
    public bool OnlyKeysDiffer(PdfDictionary before, PdfDictionary after, params string[] allowed)
    {
        foreach (string key in before.Keys.Select(k => k.Value).Union(after.Keys.Select(k => k.Value), StringComparer.Ordinal))
        {
            if (allowed.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            PdfObject? a = before[key];
            PdfObject? b = after[key];
            if (a is null || b is null ? a != b : !Same(a, b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="after"/> keeps every entry of <paramref name="before"/> (one level of sub-dictionaries deep) and only adds.</summary>
    public bool OnlyAdded(PdfDictionary? before, PdfDictionary? after, RevisionView was, RevisionView now)
    {
        if (after is null)
        {
            return before is null;
        }

        foreach (KeyValuePair<PdfName, PdfObject> entry in before ?? [])
        {
            if (after[entry.Key.Value] is not { } kept)
            {
                return false;
            }

            if (!Same(entry.Value, kept)
                && !(was.Resolve(entry.Value) is PdfDictionary oldSub && now.Resolve(kept) is PdfDictionary newSub && oldSub.All(e => newSub[e.Key.Value] is { } v && Same(e.Value, v))))
            {
                return false;
            }
        }

        return true;
    }

    // Latin-1 maps each byte to one char and back, so two strings are equal exactly when the bytes are.
    private string Serialized(PdfObject value)
    {
        if (!_serialized.TryGetValue(value, out string? text))
        {
            text = Encoding.Latin1.GetString(PdfSerializer.ToBytes(value));
            _serialized[value] = text;
        }

        return text;
    }
}

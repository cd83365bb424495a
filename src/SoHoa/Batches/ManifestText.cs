using System.Globalization;
using System.Text;

namespace SoHoa.Batches;

/// <summary>
/// What a manifest's text may hold. A name or number goes into the PDF's metadata, the sidecar, the index and
/// result.json, and is shown to people: text that is not valid Unicode, control characters (a bell, a NUL, a line
/// break inside a name) and the bidirectional overrides and isolates that make text display in another order than it
/// is stored are refused, each with where it is. Everything else is taken, in NFC.
/// </summary>
internal static class ManifestText
{
    /// <summary>Returns <paramref name="value"/> in NFC, or null with <paramref name="problem"/> saying what in it is refused.</summary>
    public static string? Accept(string value, out string? problem)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                problem = Where(i, $"an unpaired surrogate (U+{(int)c:X4}), which is not Unicode text");
                return null;
            }

            if (char.IsControl(c))
            {
                problem = Where(i, $"the control character U+{(int)c:X4}");
                return null;
            }

            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                problem = Where(i, $"the bidirectional control U+{(int)c:X4}, which makes text display in another order than it is stored");
                return null;
            }
        }

        problem = null;
        return value.Normalize(NormalizationForm.FormC);
    }

    private static string Where(int index, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"holds {what} at character {index + 1}");
}

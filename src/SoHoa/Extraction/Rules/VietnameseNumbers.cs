using System.Collections.Frozen;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// Reads numbers written in Vietnamese words, on folded tokens (no diacritics, lower case): "mot nghin chin tram chin
/// muoi" is 1990, "hai muoi mot" 21, "muoi lam" 15, "hai nghin linh nam" 2005. Folding makes "mười" (ten) and "mươi"
/// (the tens after a digit) the same "muoi"; their place tells them apart, as it does for a reader.
/// </summary>
internal static class VietnameseNumbers
{
    private static readonly FrozenDictionary<string, int> Digits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["khong"] = 0, ["mot"] = 1, ["hai"] = 2, ["ba"] = 3, ["bon"] = 4, ["tu"] = 4, ["nam"] = 5, ["lam"] = 5, ["nham"] = 5,
        ["sau"] = 6, ["bay"] = 7, ["tam"] = 8, ["chin"] = 9,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Month names: a number, or the lunar names giêng (1) and chạp (12).</summary>
    private static readonly (string[] Words, int Month)[] MonthNames =
    [
        (["muoi", "hai"], 12), (["muoi", "mot"], 11), (["muoi"], 10), (["gieng"], 1), (["chap"], 12),
        (["mot"], 1), (["hai"], 2), (["ba"], 3), (["bon"], 4), (["tu"], 4), (["nam"], 5), (["sau"], 6), (["bay"], 7), (["tam"], 8), (["chin"], 9),
    ];

    /// <summary>True for a word that can be part of a number.</summary>
    public static bool IsNumberWord(string token) =>
        Digits.ContainsKey(token) || token is "muoi" or "tram" or "nghin" or "ngan" or "linh" or "le" or "mong";

    /// <summary>
    /// Reads a number of up to four digits from <paramref name="tokens"/> at <paramref name="start"/>. Returns the value
    /// and how many tokens it took, or null when no number starts there. Stops at the first token that cannot continue it.
    /// </summary>
    public static (int Value, int Count)? Read(IReadOnlyList<string> tokens, int start)
    {
        int thousands = 0, group = 0, i = start;
        int? pending = null;
        bool any = false;
        for (; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (Digits.TryGetValue(token, out int digit))
            {
                if (pending is not null)
                {
                    break; // two digits in a row: the second belongs to what follows (as "năm" in "tháng năm, năm ...")
                }

                pending = digit;
            }
            else if (token == "muoi")
            {
                group += pending is { } tens ? tens * 10 : 10;
                pending = null;
            }
            else if (token == "tram")
            {
                group += (pending ?? 1) * 100;
                pending = null;
            }
            else if (token is "nghin" or "ngan")
            {
                thousands = (group + (pending ?? 0)) * 1000;
                group = 0;
                pending = null;
            }
            else if (token is not ("linh" or "le"))
            {
                break;
            }

            any = true;
        }

        return any ? (thousands + group + (pending ?? 0), i - start) : null;
    }

    /// <summary>Reads a month name at <paramref name="start"/>: "mười hai" before "mười", "tư" as 4, digits too.</summary>
    public static (int Month, int Count)? ReadMonth(IReadOnlyList<string> tokens, int start)
    {
        if (start < tokens.Count && int.TryParse(tokens[start], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            return number is >= 1 and <= 12 ? (number, 1) : null;
        }

        foreach ((string[] words, int month) in MonthNames)
        {
            if (start + words.Length <= tokens.Count && words.Select((w, k) => tokens[start + k] == w).All(x => x))
            {
                return (month, words.Length);
            }
        }

        return null;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>Character and word edit distances between recognized text and ground truth.</summary>
internal static partial class TextDistance
{
    /// <summary>NFC, every run of white space (line breaks, form feeds) as one space, trimmed: layout is not what is scored.</summary>
    public static string Canonical(string text) => Whitespace().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim();

    /// <summary>The Levenshtein distance between two sequences (insertions, deletions and substitutions cost 1).</summary>
    public static int Levenshtein<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
        where T : IEquatable<T>
    {
        if (a.Count == 0)
        {
            return b.Count;
        }

        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (int j = 0; j <= b.Count; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Count; i++)
        {
            current[0] = i;
            T ai = a[i - 1];
            for (int j = 1; j <= b.Count; j++)
            {
                int substitute = previous[j - 1] + (ai.Equals(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Count];
    }

    /// <summary>Edits and reference length, in characters and in words, of <paramref name="recognized"/> against <paramref name="truth"/>.</summary>
    public static Score Score(string recognized, string truth)
    {
        string r = Canonical(recognized);
        string t = Canonical(truth);
        string[] rw = r.Length == 0 ? [] : r.Split(' ');
        string[] tw = t.Length == 0 ? [] : t.Split(' ');
        return new Score(Levenshtein(r.ToCharArray(), t.ToCharArray()), t.Length, Levenshtein(rw, tw), tw.Length, r.Length);
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

/// <summary>Error counts for one page (or a sum of pages).</summary>
internal readonly record struct Score(long CharEdits, long TruthChars, long WordEdits, long TruthWords, long OutputChars)
{
    public static Score operator +(Score a, Score b) =>
        new(a.CharEdits + b.CharEdits, a.TruthChars + b.TruthChars, a.WordEdits + b.WordEdits, a.TruthWords + b.TruthWords, a.OutputChars + b.OutputChars);

    public double Cer => TruthChars == 0 ? double.NaN : (double)CharEdits / TruthChars;

    public double Wer => TruthWords == 0 ? double.NaN : (double)WordEdits / TruthWords;
}

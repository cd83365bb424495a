using System.Globalization;
using System.Text;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// A full name after its label ("Họ, chữ đệm, tên:", "Họ và tên:", "Họ tên:", or a kind's own, such as "Ông:" in a
/// decision's list). The name runs to the end of the line, or to a comma; an honorific before it (Ông, Bà) is left out.
/// Names printed in capitals are written with each syllable capitalized, as names are written in Vietnamese.
/// A name is two to seven syllables of letters only; a syllable with two tone marks, or letters Vietnamese does not
/// use, is an OCR error, and lowers the confidence instead of being "fixed".
/// </summary>
internal static class NameRule
{
    /// <summary>A name is not checked by any rule: it is trusted a little less than its words.</summary>
    private const double Strength = 0.97;

    /// <summary>A name with an implausible syllable.</summary>
    private const double Implausible = 0.5;

    private static readonly string[] Honorifics = ["ông/bà", "ông", "bà", "anh", "chị", "em", "cháu"];

    public static ExtractedField? Find(DocumentText text, IReadOnlyList<string> labels, string rule)
    {
        foreach (Labels.Hit hit in Labels.Find(text, labels))
        {
            (int start, int end) = Labels.ValueSpan(hit, ",;(");
            string value = hit.Segment.Text[start..end];
            string[] words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int skip = words.Length > 0 && Honorifics.Contains(words[0].ToLower(CultureInfo.InvariantCulture).TrimEnd(':')) ? 1 : 0;
            if (skip == 1)
            {
                start = hit.Segment.StartOf(hit.Segment.WordAt(start) + 1);
                words = words[1..];
            }

            if (words.Length is < 2 or > 7 || !words.All(w => w.All(c => char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)))
            {
                continue;
            }

            string name = string.Join(' ', words.Select(Capitalize));
            double strength = words.All(IsPlausibleSyllable) ? Strength : Strength * Implausible;
            return Labels.Field(name.Normalize(NormalizationForm.FormC), hit.Segment, start, end, strength, rule);
        }

        return null;
    }

    /// <summary>"NGUYỄN" and "nguyễn" → "Nguyễn".</summary>
    public static string Capitalize(string syllable)
    {
        string lower = syllable.ToLower(CultureInfo.InvariantCulture);
        return lower.Length == 0 ? lower : char.ToUpper(lower[0], CultureInfo.InvariantCulture) + lower[1..];
    }

    /// <summary>At most one tone mark, at most seven letters, only the letters of the Vietnamese alphabet.</summary>
    internal static bool IsPlausibleSyllable(string syllable)
    {
        string decomposed = syllable.Normalize(NormalizationForm.FormD);
        int tones = decomposed.Count(c => c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323');
        int letters = decomposed.Count(char.IsLetter);
        bool alphabet = TextSegment.Fold(syllable).All(c => c is >= 'a' and <= 'z' && c is not ('f' or 'j' or 'w' or 'z'));
        return tones <= 1 && letters <= 7 && alphabet;
    }
}

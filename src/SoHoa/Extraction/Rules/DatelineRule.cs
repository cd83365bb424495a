using System.Text.RegularExpressions;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// The dateline of an administrative document (Decree 30/2020): "Hậu Giang, ngày 23 tháng 12 năm 2020" — the place
/// and the date of issue. The first dateline of the document counts; the dates inside the text ("Căn cứ … ngày 15
/// tháng 3 năm 2021") have no place before them and are not datelines.
/// </summary>
internal static partial class DatelineRule
{
    /// <summary>The place: a few capitalized words only, so the rule is strong.</summary>
    private const double Strength = 1.0;

    public static (ExtractedField Place, ExtractedField Date)? Find(DocumentText text)
    {
        foreach (TextSegment segment in text.Segments)
        {
            Match m = Dateline().Match(segment.Folded);
            if (!m.Success)
            {
                continue;
            }

            Group place = m.Groups["place"];
            string printed = segment.Text.Substring(place.Index, place.Length);
            string[] words = printed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is 0 or > 6 || !words.All(w => w.All(char.IsLetter) && char.IsUpper(w[0])))
            {
                continue;
            }

            if (DateRules.Digits(segment, m.Groups["date"].Index) is not { } date)
            {
                continue;
            }

            return (
                Labels.Field(printed, segment, place.Index, place.Index + place.Length, Strength, "issuePlace.dateline"),
                Labels.Field(DateRules.Iso(date.Date), segment, date.Start, date.End, DateRules.DigitStrength, "issuedOn.dateline"));
        }

        return null;
    }

    // Dust read as punctuation may stand before the place ('. Phụng Hiệp, ngày …'); it is not part of it.
    [GeneratedRegex(@"^[\s\p{P}\p{S}]*(?<place>[\p{L} ]{2,60}?)\s*,\s*(?<date>ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s*,?\s+nam\s+\d{4})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Dateline();
}

using System.Globalization;
using System.Text.RegularExpressions;
using SoHoa.Ocr;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// Dates as Vietnamese papers write them: in digits (<c>15/03/1990</c>, <c>15-3-1990</c>, <c>15.03.1990</c>), in the
/// dateline form (<c>ngày 15 tháng 3 năm 1990</c>), and in words (<c>Ngày mười lăm, tháng ba, năm một nghìn chín trăm
/// chín mươi</c>, which may wrap onto the next line). Only real calendar dates are read.
/// </summary>
internal static partial class DateRules
{
    /// <summary>A date in digits or the dateline form: the reading is as strong as its characters.</summary>
    public const double DigitStrength = 1.0;

    /// <summary>A date in words: many words, each of which OCR may misread into another number word.</summary>
    public const double WordStrength = 0.95;

    /// <summary>The first date in digits or dateline form in <paramref name="segment"/> from <paramref name="from"/>.</summary>
    public static (DateOnly Date, int Start, int End)? Digits(TextSegment segment, int from)
    {
        Match m = DigitDate().Match(segment.Text, from);
        if (m.Success && Date(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value) is { } date)
        {
            return (date, m.Index, m.Index + m.Length);
        }

        m = LongDate().Match(segment.Folded, from);
        return m.Success && Date(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value) is { } longDate
            ? (longDate, m.Index, m.Index + m.Length)
            : null;
    }

    /// <summary>A date after one of <paramref name="labels"/>, in digits or in words.</summary>
    public static ExtractedField? AfterLabel(DocumentText text, IReadOnlyList<string> labels, string field)
    {
        foreach (Labels.Hit hit in Labels.Find(text, labels, colon: false))
        {
            if (Digits(hit.Segment, hit.ValueStart) is { } found && found.Start - hit.ValueStart <= 2)
            {
                return Labels.Field(Iso(found.Date), hit.Segment, found.Start, found.End, DigitStrength, field + ".label");
            }

            if (InWords(text, hit) is { } words)
            {
                return words with { Rule = field + ".label-words" };
            }
        }

        return null;
    }

    /// <summary>
    /// A date in words that starts right after <paramref name="hit"/>'s label, or, with no hit, the first one in the
    /// document ("Ngày …, tháng …, năm …"). The year may continue on the next line.
    /// </summary>
    public static ExtractedField? InWords(DocumentText text, Labels.Hit? hit = null)
    {
        IReadOnlyList<TextSegment> segments = text.Segments;
        int first = hit is { } h ? IndexOf(segments, h.Segment) : 0;
        for (int s = first; s < segments.Count && (hit is null || s == first); s++)
        {
            // The tokens of this segment and the next two, so that a date wrapped over lines reads whole.
            var tokens = new List<string>();
            var words = new List<(int Page, OcrWord Word)>();
            int skip = hit is { } at && s == first ? segments[s].WordAt(at.ValueStart) : 0;
            foreach (TextSegment segment in segments.Skip(s).Take(3))
            {
                for (int w = segment == segments[s] ? skip : 0; w < segment.Words.Count; w++)
                {
                    tokens.Add(TextSegment.Fold(segment.Words[w].Text).Trim(',', '.', ';', ':'));
                    words.Add((segment.Page, segment.Words[w]));
                }
            }

            int segmentWords = segments[s].Words.Count - skip;
            for (int i = 0; i < segmentWords; i++)
            {
                if (tokens[i] == "ngay" && Read(tokens, i + 1) is { } read)
                {
                    return Labels.Field(Iso(read.Date), words[i..(i + 1 + read.Count)], WordStrength, "words");
                }

                if (hit is not null)
                {
                    break; // after a label, the date must come first
                }
            }
        }

        return null;
    }

    /// <summary>"mười lăm, tháng ba, năm một nghìn …" after the word "ngày": the date and how many tokens it took.</summary>
    internal static (DateOnly Date, int Count)? Read(IReadOnlyList<string> tokens, int start)
    {
        int i = start;
        if (i < tokens.Count && tokens[i] == "mong")
        {
            i++;
        }

        if (NumberOrDigits(tokens, i) is not { } day || i + day.Count >= tokens.Count || tokens[i + day.Count] != "thang")
        {
            return null;
        }

        i += day.Count + 1;
        if (VietnameseNumbers.ReadMonth(tokens, i) is not { } month || i + month.Count >= tokens.Count || tokens[i + month.Count] != "nam")
        {
            return null;
        }

        i += month.Count + 1;
        if (NumberOrDigits(tokens, i) is not { } year || year.Value < 1000)
        {
            return null;
        }

        i += year.Count;
        return day.Value is >= 1 and <= 31 && DateOnly.TryParseExact(
            string.Create(CultureInfo.InvariantCulture, $"{year.Value:0000}-{month.Month:00}-{day.Value:00}"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? (date, i - start)
            : null;
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (int Value, int Count)? NumberOrDigits(IReadOnlyList<string> tokens, int at) =>
        at < tokens.Count && int.TryParse(tokens[at], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? (n, 1) : VietnameseNumbers.Read(tokens, at);

    private static int IndexOf(IReadOnlyList<TextSegment> segments, TextSegment segment)
    {
        for (int i = 0; i < segments.Count; i++)
        {
            if (ReferenceEquals(segments[i], segment))
            {
                return i;
            }
        }

        return -1;
    }

    private static DateOnly? Date(string year, string month, string day) =>
        DateOnly.TryParseExact($"{year}-{month.PadLeft(2, '0')}-{day.PadLeft(2, '0')}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : null;

    [GeneratedRegex(@"(?<![\d/.-])(?<d>\d{1,2})\s?[/.-]\s?(?<m>\d{1,2})\s?[/.-]\s?(?<y>\d{4})(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DigitDate();

    [GeneratedRegex(@"(?<![\p{L}])ngay\s+(?<d>\d{1,2})\s+thang\s+(?<m>\d{1,2})\s*,?\s+nam\s+(?<y>\d{4})(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LongDate();
}

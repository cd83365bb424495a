using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SoHoa.Ocr;

namespace SoHoa.Extraction.Rules;

/// <summary>Finds printed labels ("Họ và tên:", "Số định danh cá nhân:") and the value after them, and builds the evidence of a field.</summary>
internal static class Labels
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>A label and the place in its segment where the value after it starts.</summary>
    public readonly record struct Hit(TextSegment Segment, int LabelStart, int ValueStart);

    /// <summary>
    /// Every place where one of <paramref name="labels"/> (written folded: lower case, no diacritics, such as
    /// <c>ho va ten</c>) is followed by a colon, in reading order. Commas and dots between the label's words may be
    /// missing or doubled (OCR); the colon may be read as a semicolon, but it must be there, so that "Họ, chữ đệm, tên
    /// người mẹ:" is not taken for "Họ, chữ đệm, tên:". With <paramref name="atStart"/>, only labels that open a segment;
    /// without <paramref name="colon"/>, the colon is optional (for values a rule validates, such as "sinh ngày 16/08/1958").
    /// </summary>
    public static IEnumerable<Hit> Find(DocumentText text, IEnumerable<string> labels, bool atStart = false, bool colon = true)
    {
        Regex[] patterns = [.. labels.Select(label => Pattern(label, atStart, colon))];
        foreach (TextSegment segment in text.Segments)
        {
            Hit? first = null;
            foreach (Regex pattern in patterns)
            {
                Match m = pattern.Match(segment.Folded);
                if (m.Success && (first is null || m.Index < first.Value.LabelStart))
                {
                    first = new Hit(segment, m.Index, m.Index + m.Length);
                }
            }

            if (first is { } hit)
            {
                yield return hit;
            }
        }
    }

    /// <summary>The value after a label: up to the first of <paramref name="stops"/> or the end of the segment, trimmed of spaces and closing punctuation.</summary>
    public static (int Start, int End) ValueSpan(Hit hit, string stops = "")
    {
        string text = hit.Segment.Text;
        int end = text.Length;
        for (int i = hit.ValueStart; i < text.Length; i++)
        {
            if (stops.Contains(text[i], StringComparison.Ordinal))
            {
                end = i;
                break;
            }
        }

        return Trim(text, hit.ValueStart, end);
    }

    /// <summary>Trims spaces and trailing punctuation off a span of <paramref name="text"/>.</summary>
    public static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is '.' or ',' or ';' or ':'))
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>A field from words of one segment: confidence is the lowest word confidence (0–1) times <paramref name="strength"/>.</summary>
    public static ExtractedField Field(string value, TextSegment segment, int start, int end, double strength, string rule) =>
        Field(value, [.. segment.WordsIn(start, end).Select(w => (segment.Page, w))], strength, rule);

    /// <summary>A field from words that may span segments; the page is the first word's, and the boxes are those on that page.</summary>
    public static ExtractedField Field(string value, IReadOnlyList<(int Page, OcrWord Word)> words, double strength, string rule)
    {
        if (words.Count == 0)
        {
            throw new ArgumentException("A field needs at least one word of evidence.", nameof(words));
        }

        int page = words[0].Page;
        double confidence = words.Min(w => w.Word.Confidence) / 100.0 * strength;
        return new ExtractedField(value, Math.Round(Math.Clamp(confidence, 0, 1), 3), page, [.. words.Where(w => w.Page == page).Select(w => w.Word.Box)], rule);
    }

    private static Regex Pattern(string label, bool atStart, bool colon) =>
        Patterns.GetOrAdd((atStart ? "^" : string.Empty) + (colon ? ":" : "?") + label, _ =>
        {
            string[] words = label.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
            string body = string.Join(@"[\s,.;]*", words.Select(Regex.Escape));
            string prefix = atStart ? @"^\s*" : @"(?<![\p{L}\p{N}])";
            return new Regex(prefix + body + (colon ? @"\s*[:;]\s*" : @"(?![\p{L}\p{N}])\s*[:;]?\s*"), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        });
}

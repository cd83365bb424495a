using System.Text.RegularExpressions;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// The paper's number: "Số:" opening a line (not "Quyển số:", not "Số định danh"), then the number as one token, which
/// OCR may have cut at a '/' or '-'. A number of the usual shape (<c>123/2020/QĐ-UBND</c>) is split into its parts.
/// </summary>
internal static partial class DocumentNumberRule
{
    /// <summary>A number of the usual shape: its parts agree with each other.</summary>
    private const double Shaped = 1.0;

    /// <summary>Any other token with a digit in it.</summary>
    private const double Unshaped = 0.92;

    public static ExtractedField? Find(DocumentText text)
    {
        foreach (Labels.Hit hit in Labels.Find(text, ["so"], atStart: true))
        {
            string line = hit.Segment.Text;
            int start = hit.ValueStart;
            int end = start;
            while (end < line.Length && line[end] != ' ')
            {
                end++;
            }

            // "241/QĐ- UBND" or "241 /QĐ-UBND": OCR may put a space around the separators.
            while (end + 1 < line.Length && (line[end - 1] is '/' or '-' || line[end + 1] is '/' or '-'))
            {
                end++;
                while (end < line.Length && line[end] != ' ')
                {
                    end++;
                }
            }

            (start, end) = Labels.Trim(line, start, end);
            string value = line[start..end].Replace(" ", string.Empty, StringComparison.Ordinal);
            if (value.Length is 0 or > 40 || !value.Any(char.IsAsciiDigit))
            {
                continue;
            }

            DocumentNumberParts? parts = Parse(value);
            return Labels.Field(value, hit.Segment, start, end, parts is null ? Unshaped : Shaped, "documentNumber.label") with { Parts = parts };
        }

        return null;
    }

    /// <summary>The parts of <c>number[/year][/TYPE[-ISSUER]]</c>, or null for a number of another shape.</summary>
    public static DocumentNumberParts? Parse(string value)
    {
        Match m = Shape().Match(value);
        if (!m.Success)
        {
            return null;
        }

        static string? Part(Group g) => g.Success ? g.Value : null;
        return new DocumentNumberParts(m.Groups["number"].Value, Part(m.Groups["year"]), Part(m.Groups["type"]), Part(m.Groups["issuer"]));
    }

    [GeneratedRegex(@"^(?<number>\d{1,6})(?:/(?<year>(?:19|20)\d{2}))?(?:/(?<type>\p{Lu}[\p{Lu}\p{Ll}]{0,5})(?:-(?<issuer>[\p{Lu}\d]+(?:-[\p{Lu}\d]+)*))?)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Shape();
}

using System.Text.RegularExpressions;
using SoHoa.Identifiers;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// A dossier code (Circular 01/2018/TT-VPCP art. 19) anywhere in the text, labelled "Mã hồ sơ:" or not: it has a shape
/// nothing else has. It must pass <see cref="DossierCode"/>'s rules. O read for 0 in the digit groups is corrected only
/// when the result is valid, and trusted less.
/// </summary>
internal static partial class DossierCodeRule
{
    private const double Exact = 1.0;
    private const double Corrected = 0.8;

    public static ExtractedField? Find(DocumentText text)
    {
        foreach (TextSegment segment in text.Segments)
        {
            foreach (Match m in Candidate().Matches(segment.Text))
            {
                string value = m.Value;
                bool exact = DossierCode.TryParse(value, out _).IsValid;
                if (!exact)
                {
                    value = Corrections(m);
                    if (!DossierCode.TryParse(value, out _).IsValid)
                    {
                        continue;
                    }
                }

                return Labels.Field(value, segment, m.Index, m.Index + m.Length, exact ? Exact : Corrected, exact ? "dossierCode.shape" : "dossierCode.shape+ocr-correction");
            }
        }

        return null;
    }

    /// <summary>The candidate with O/o read as 0 and l/I as 1 in every group that must be digits (not the agency's letter).</summary>
    private static string Corrections(Match m)
    {
        char[] chars = m.Value.ToCharArray();
        Group letter = m.Groups["letter"];
        for (int i = 0; i < chars.Length; i++)
        {
            if (i == letter.Index - m.Index)
            {
                continue;
            }

            chars[i] = chars[i] switch { 'O' or 'o' => '0', 'l' or 'I' => '1', _ => chars[i] };
        }

        return new string(chars);
    }

    [GeneratedRegex(@"(?<![\w.])[\dOoIl]{3}\.[\dOoIl]{2}\.[\dOoIl]{2}\.(?<letter>[A-Z])[\dOoIl]{2}-[\dOoIl]{6}-[\dOoIl]{4}(?![\w])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidate();
}

using SoHoa.Identifiers;

namespace SoHoa.Extraction.Rules;

/// <summary>
/// A personal ID after its label. The 12 digits must pass <see cref="PersonalId"/>'s rules. Letters OCR confuses with
/// digits (O/o/D → 0, l/I/i/| → 1, S/s → 5, B → 8, Z → 2) are corrected only when the corrected value is valid, and
/// such a reading is trusted less. Anything else is no reading at all.
/// </summary>
internal static class PersonalIdRule
{
    /// <summary>Printed as read and valid.</summary>
    private const double Exact = 1.0;

    /// <summary>Valid only after turning look-alike letters into digits.</summary>
    private const double Corrected = 0.8;

    public static ExtractedField? Find(DocumentText text, IReadOnlyList<string> labels)
    {
        foreach (Labels.Hit hit in Labels.Find(text, labels))
        {
            (int start, int end) = Labels.ValueSpan(hit);
            string value = hit.Segment.Text[start..end];

            // Take the value's first twelve digit-like characters; OCR may split the number with a space.
            var candidate = new System.Text.StringBuilder(12);
            int last = start;
            for (int i = 0; i < value.Length && candidate.Length < 12; i++)
            {
                char c = value[i];
                if (c == ' ' && candidate.Length > 0 && i + 1 < value.Length && IsDigitLike(value[i + 1]))
                {
                    continue;
                }

                if (!IsDigitLike(c))
                {
                    break;
                }

                candidate.Append(c);
                last = start + i + 1;
            }

            // Twelve digits followed by more is some other number, not an ID.
            bool longer = last - start < value.Length && IsDigitLike(value[last - start]);
            if (!longer && Validate(candidate.ToString()) is { } id)
            {
                bool exact = candidate.ToString().All(char.IsAsciiDigit);
                return Labels.Field(id, hit.Segment, start, last, exact ? Exact : Corrected, exact ? "personalId.label" : "personalId.label+ocr-correction");
            }
        }

        return null;
    }

    /// <summary>The valid ID <paramref name="candidate"/> reads as, or null: as printed, or after correcting look-alike letters.</summary>
    internal static string? Validate(string candidate)
    {
        if (candidate.Length != 12)
        {
            return null;
        }

        string digits = new([.. candidate.Select(ToDigit)]);
        return digits.All(char.IsAsciiDigit) && PersonalId.TryParse(digits, null, out _).IsValid ? digits : null;
    }

    private static bool IsDigitLike(char c) => char.IsAsciiDigit(c) || ToDigit(c) != c;

    private static char ToDigit(char c) => c switch
    {
        'O' or 'o' or 'D' or 'Q' => '0',
        'l' or 'I' or 'i' or '|' or '!' => '1',
        'S' or 's' => '5',
        'B' => '8',
        'Z' or 'z' => '2',
        _ => c,
    };
}

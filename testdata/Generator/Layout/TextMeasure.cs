using System.Globalization;
using System.Text;

namespace SoHoa.TestData.Generator.Layout;

/// <summary>
/// Estimates how wide a line of DejaVu text is, from advance widths measured once per character class
/// (a Vietnamese letter is as wide as its base letter). It errs on the wide side, so a wrapped line
/// always fits; the renderer never has to squeeze text.
/// </summary>
internal static class TextMeasure
{
    private const double SafetyFactor = 1.04;

    public static double WidthMm(string text, TextStyle style)
    {
        double ems = 0;
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            ems += Advance(c, style);
        }

        return ems * style.SizeMm * SafetyFactor;
    }

    private static double Advance(char c, TextStyle style)
    {
        double width = c switch
        {
            ' ' => 0.32,
            'i' or 'j' or 'l' or 'I' or 'J' => 0.34,
            'f' or 't' or 'r' => 0.45,
            'm' or 'w' => 0.92,
            'M' or 'W' => 1.0,
            _ when char.IsAsciiDigit(c) => 0.64,
            _ when char.IsUpper(c) => style.Family == FontFamily.Serif ? 0.75 : 0.68,
            _ when char.IsLower(c) => 0.58,
            _ when char.IsPunctuation(c) || char.IsSymbol(c) => 0.40,
            _ => 0.75,
        };
        return style.Bold ? width * 1.09 : width;
    }
}

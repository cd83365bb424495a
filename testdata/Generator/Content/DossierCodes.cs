using System.Globalization;

namespace SoHoa.TestData.Generator.Content;

/// <summary>Dossier codes of Circular 01/2018/TT-VPCP art. 19: <c>agency-yyMMdd-NNNN</c> (DESIGN.md §4).</summary>
internal static class DossierCodes
{
    public static string Create(Agency agency, DateOnly received, int dailySequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dailySequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dailySequence, 9999);
        return string.Create(CultureInfo.InvariantCulture, $"{agency.Code}-{received:yyMMdd}-{dailySequence:0000}");
    }
}

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace SoHoa.Identifiers;

/// <summary>
/// A Vietnamese personal identification number (số định danh cá nhân, printed on the CCCD card):
/// 12 digits <c>PPP G YY RRRRRR</c> with no checksum.
/// </summary>
/// <remarks>
/// PPP is the province where the birth was registered (Circular 07/2016/TT-BCA), G encodes century and sex,
/// YY the last two digits of the birth year, RRRRRR a random number.
/// </remarks>
public readonly record struct PersonalId
{
    private PersonalId(string value) => Value = value;

    /// <summary>The 12 digits.</summary>
    public string Value { get; }

    /// <summary>The three-digit province code of the birth registration.</summary>
    public string ProvinceCode => Value[..3];

    /// <summary>The year of birth the number encodes.</summary>
    public int BirthYear => BirthYearOf(Value[3] - '0', ((Value[4] - '0') * 10) + (Value[5] - '0'));

    /// <summary>True for a female holder (odd century digit).</summary>
    public bool IsFemale => ((Value[3] - '0') & 1) == 1;

    /// <summary>The 63 province codes of Circular 07/2016/TT-BCA.</summary>
    public static FrozenSet<string> ProvinceCodes { get; } = new[]
    {
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024",
        "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
        "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070",
        "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
        "094", "095", "096",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Checks <paramref name="text"/> and, when it is valid, returns the identifier. Messages show the ID masked (<see cref="Mask"/>), never whole.</summary>
    /// <param name="text">The candidate, exactly 12 digits (no spaces).</param>
    /// <param name="dateOfBirth">When known, the holder's date of birth, checked against the century and year.</param>
    /// <param name="id">The identifier when valid.</param>
    /// <param name="allowForeignRegistration">Accept a first group that is not a province code (births registered abroad carry a country code).</param>
    public static IdentifierCheck TryParse(
        string? text,
        DateOnly? dateOfBirth,
        [NotNullWhen(true)] out PersonalId? id,
        bool allowForeignRegistration = false)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
        {
            return IdentifierCheck.Invalid("required", "The personal ID is missing.");
        }

        if (text.Length != 12)
        {
            return IdentifierCheck.Invalid("length", $"The personal ID must have 12 digits; '{Mask(text)}' has {text.Length} characters.");
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return IdentifierCheck.Invalid("digits", $"The personal ID must contain digits only; '{Mask(text)}' contains '{c}'.");
            }
        }

        string province = text[..3];
        if (!allowForeignRegistration && !ProvinceCodes.Contains(province))
        {
            return IdentifierCheck.Invalid("province", $"'{province}' in personal ID '{Mask(text)}' is not a province code of Circular 07/2016/TT-BCA.");
        }

        if (dateOfBirth is { } born)
        {
            int century = text[3] - '0';
            int year = BirthYearOf(century, ((text[4] - '0') * 10) + (text[5] - '0'));
            if (year != born.Year)
            {
                return IdentifierCheck.Invalid(
                    "birth-year",
                    $"Personal ID '{Mask(text)}' encodes birth year {year} (century digit {century}, year digits {text[4..6]}), but the date of birth is {born:yyyy-MM-dd}.");
            }
        }

        id = new PersonalId(text);
        return IdentifierCheck.Valid;
    }

    /// <summary>Parses a valid personal ID or throws <see cref="SoHoaException"/> naming the broken rule.</summary>
    public static PersonalId Parse(string text, DateOnly? dateOfBirth = null)
    {
        IdentifierCheck check = TryParse(text, dateOfBirth, out PersonalId? id);
        return id ?? throw new SoHoaException(SoHoaErrorCode.InvalidIdentifier, check.Message!);
    }

    /// <summary>A masked form (<c>093*******34</c>) safe for logs and messages; use <see cref="Value"/> for the digits.</summary>
    public override string ToString() => Mask(Value);

    /// <summary>Masks all but the province code and the last two digits of a candidate ID, whatever its shape.</summary>
    public static string Mask(string? text) =>
        text is null ? string.Empty : text.Length <= 5 ? new string('*', text.Length) : text[..3] + new string('*', text.Length - 5) + text[^2..];

    private static int BirthYearOf(int centuryDigit, int yy) => ((19 + (centuryDigit / 2)) * 100) + yy;
}

using System.Globalization;

namespace SoHoa.TestData.Generator.Content;

/// <summary>
/// Builds personal identification numbers (số định danh cá nhân) as DESIGN.md §4 defines them:
/// <c>PPP G YY RRRRRR</c>, with the century and sex in G.
/// </summary>
internal static class PersonalIds
{
    public static string Create(string provinceCode, Sex sex, DateOnly dateOfBirth, int serial)
    {
        if (provinceCode.Length != 3 || !provinceCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"Province code '{provinceCode}' is not three digits.", nameof(provinceCode));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999_999);
        int century = dateOfBirth.Year / 100;
        if (century is < 19 or > 23)
        {
            throw new ArgumentOutOfRangeException(nameof(dateOfBirth), dateOfBirth, "Personal IDs cover the years 1900-2399.");
        }

        int g = ((century - 19) * 2) + (sex == Sex.Female ? 1 : 0);
        return string.Create(CultureInfo.InvariantCulture, $"{provinceCode}{g}{dateOfBirth.Year % 100:00}{serial:000000}");
    }
}

using System.Globalization;

namespace SoHoa.Signing.Verification;

/// <summary>PDF date strings (ISO 32000-1 7.9.4), as a signature's /M holds them.</summary>
internal static class PdfDates
{
    /// <summary>The date in <paramref name="text"/> (<c>D:YYYYMMDDHHmmSS</c> with an optional offset); null when it is none.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null || !text.StartsWith("D:", StringComparison.Ordinal) || text.Length < 16)
        {
            return null;
        }

        string digits = text[2..16];
        if (!DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return null;
        }

        TimeSpan offset = TimeSpan.Zero;
        string zone = text[16..];
        if (zone.Length >= 3 && zone[0] is '+' or '-' && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours))
        {
            int minutes = zone.Length >= 6 && int.TryParse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 0;
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }

        // An offset that moves the time outside DateTimeOffset's range (year 1 east of UTC, year 9999 west of it) is no date.
        // Compared as distances, since 'local - offset' itself would throw there.
        TimeSpan margin = offset.Duration() + TimeSpan.FromDays(1);
        bool outOfRange = offset >= TimeSpan.Zero ? local - DateTime.MinValue < margin : DateTime.MaxValue - local < margin;
        return outOfRange ? null : new DateTimeOffset(local, offset);
    }
}

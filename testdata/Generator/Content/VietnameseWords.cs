using System.Globalization;

namespace SoHoa.TestData.Generator.Content;

/// <summary>Numbers, dates and money written the way Vietnamese administrative documents write them.</summary>
internal static class VietnameseWords
{
    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    private static readonly string[] Months =
        ["một", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "mười hai"];
    private static readonly (long Value, string Name)[] Scales = [(1_000_000_000, "tỷ"), (1_000_000, "triệu"), (1_000, "nghìn"), (1, "")];

    /// <summary>Reads a non-negative number: 2005 → "hai nghìn không trăm linh năm".</summary>
    public static string Number(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0)
        {
            return Digits[0];
        }

        var words = new List<string>();
        long rest = value;
        foreach (var (scale, name) in Scales)
        {
            int group = (int)(rest / scale);
            rest %= scale;
            if (group == 0)
            {
                continue;
            }

            words.Add(ThreeDigits(group, full: words.Count > 0));
            if (name.Length > 0)
            {
                words.Add(name);
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>"Một trăm triệu đồng".</summary>
    public static string Money(long dong) => Capitalize(Number(dong)) + " đồng";

    /// <summary>100000000 → "100.000.000".</summary>
    public static string GroupedNumber(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    /// <summary>The short form used in fields: 15/03/1990.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>The dateline form of Decree 30/2020: "ngày 05 tháng 02 năm 2026" (day below 10 and months 1-2 take a zero).</summary>
    public static string LongDate(DateOnly date)
    {
        string day = date.Day.ToString(date.Day < 10 ? "00" : "0", CultureInfo.InvariantCulture);
        string month = date.Month.ToString(date.Month < 3 ? "00" : "0", CultureInfo.InvariantCulture);
        return $"ngày {day} tháng {month} năm {date.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>A date of birth in words: "Ngày mười lăm, tháng ba, năm một nghìn chín trăm chín mươi".</summary>
    public static string DateInWords(DateOnly date)
    {
        string day = date.Day <= 10 ? "mồng " + Number(date.Day) : Number(date.Day);
        return $"Ngày {day}, tháng {Months[date.Month - 1]}, năm {Number(date.Year)}";
    }

    public static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Upper case as printed for names on certificates; Vietnamese needs no special casing rules.</summary>
    public static string Upper(string text) => text.ToUpperInvariant();

    private static string ThreeDigits(int group, bool full)
    {
        int hundreds = group / 100, tens = group / 10 % 10, units = group % 10;
        var words = new List<string>();
        if (hundreds > 0 || full)
        {
            words.Add(Digits[hundreds]);
            words.Add("trăm");
        }

        switch (tens)
        {
            case 0 when units > 0 && words.Count > 0:
                words.Add("linh");
                words.Add(Digits[units]);
                break;
            case 0 when units > 0:
                words.Add(Digits[units]);
                break;
            case 1:
                words.Add("mười");
                if (units > 0)
                {
                    words.Add(units == 5 ? "lăm" : Digits[units]);
                }

                break;
            case > 1:
                words.Add(Digits[tens]);
                words.Add("mươi");
                if (units > 0)
                {
                    words.Add(units switch { 1 => "mốt", 4 => "tư", 5 => "lăm", _ => Digits[units] });
                }

                break;
        }

        return string.Join(' ', words);
    }
}

namespace SoHoa.TestData.Generator.Content;

/// <summary>An issuing agency with the header lines it prints and the place name of its dateline.</summary>
internal sealed record Agency(string Code, string Name, string Level, IReadOnlyList<string> HeaderLines, string PlaceName)
{
    /// <summary>The district People's Committee of the sample batch (DESIGN.md §3).</summary>
    public static readonly Agency PhungHiep = new(
        "000.00.01.H12", "UBND huyện Phụng Hiệp", "district", ["ỦY BAN NHÂN DÂN", "HUYỆN PHỤNG HIỆP"], "Phụng Hiệp");

    public string UpperName => string.Join(' ', HeaderLines);
}

/// <summary>An administrative procedure (thủ tục hành chính) with what a citizen hands in for it.</summary>
internal sealed record Procedure(string Code, string Name, IReadOnlyList<string> Papers, int WorkingDays);

/// <summary>
/// Procedures used by the generator. The codes have the national format of DESIGN.md §4; the pairing of code
/// and name is illustrative.
/// </summary>
internal static class Procedures
{
    public static readonly Procedure HouseholdBusiness = new("1.001612", "Đăng ký thành lập hộ kinh doanh",
    [
        "Giấy đề nghị đăng ký hộ kinh doanh",
        "Bản sao giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh",
        "Bản sao Giấy khai sinh của chủ hộ kinh doanh",
        "Bản sao hợp đồng thuê địa điểm kinh doanh",
    ], 3);

    public static readonly Procedure BirthRegistration = new("1.001193", "Đăng ký khai sinh",
    [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Bản sao Giấy chứng nhận kết hôn của cha, mẹ",
    ], 1);

    public static readonly Procedure SocialAllowance = new("1.001776", "Thực hiện trợ cấp xã hội hàng tháng",
    [
        "Tờ khai đề nghị trợ giúp xã hội",
        "Bản sao Giấy khai sinh",
        "Giấy xác nhận thông tin về cư trú",
    ], 7);

    public static readonly IReadOnlyList<Procedure> All = [HouseholdBusiness, BirthRegistration, SocialAllowance];

    /// <summary>The day a result is due, counting working days (Monday to Friday) after the day received.</summary>
    public static DateOnly DueDate(DateOnly received, int workingDays)
    {
        var day = received;
        for (int left = workingDays; left > 0;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }

        return day;
    }
}

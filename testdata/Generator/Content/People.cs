namespace SoHoa.TestData.Generator.Content;

/// <summary>Makes plausible Vietnamese people from a seeded generator.</summary>
internal static class People
{
    private static readonly string[] FamilyNames =
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];

    private static readonly string[] MaleMiddleNames = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Hoàng"];
    private static readonly string[] FemaleMiddleNames = ["Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Thị Ngọc", "Bích"];

    private static readonly string[] MaleGivenNames =
        ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Long", "Nam", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Trí", "Vinh", "Tuấn", "Lộc"];

    private static readonly string[] FemaleGivenNames =
        ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Uyên", "Yến"];

    private static readonly string[] Ethnicities = ["Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Khmer", "Hoa"];

    public static string FullName(SeededRandom random, Sex sex, string? familyName = null)
    {
        familyName ??= random.Pick(FamilyNames);
        return sex == Sex.Male
            ? $"{familyName} {random.Pick(MaleMiddleNames)} {random.Pick(MaleGivenNames)}"
            : $"{familyName} {random.Pick(FemaleMiddleNames)} {random.Pick(FemaleGivenNames)}";
    }

    public static Person Create(SeededRandom random, DateOnly bornFrom, DateOnly bornTo, Sex? sex = null, string? familyName = null)
    {
        var actualSex = sex ?? (random.Chance(50) ? Sex.Male : Sex.Female);
        var born = random.DateBetween(bornFrom, bornTo);
        var birthProvince = Places.PickProvince(random);
        var birthPlace = Places.PickAddress(random, birthProvince);
        var residence = random.Chance(60) ? birthPlace : Places.PickAddress(random, Places.HauGiang);
        return new Person(
            FullName(random, actualSex, familyName),
            actualSex,
            born,
            PersonalIds.Create(birthProvince.Code, actualSex, born, random.Next(1_000_000)),
            random.Pick(Ethnicities),
            birthPlace,
            residence);
    }

    /// <summary>A mobile number such as "0912 345 678".</summary>
    public static string PhoneNumber(SeededRandom random) =>
        $"0{random.Pick(["912", "903", "988", "939", "868", "776"])} {random.Between(100, 999)} {random.Between(100, 999)}";
}

namespace SoHoa.TestData.Generator.Content;

/// <summary>A province with its birth-registration code (Circular 07/2016/TT-BCA, DESIGN.md §4).</summary>
internal sealed record Province(string Code, string Name, IReadOnlyList<District> Districts);

internal sealed record District(string Name, IReadOnlyList<string> Communes);

/// <summary>An address down to the hamlet or street: "ấp Tân Phú, xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang".</summary>
internal sealed record Address(string Street, string Commune, District District, Province Province)
{
    public string CommuneLine => $"{Commune}, {District.Name}, {Province.Name}";

    public override string ToString() => $"{Street}, {CommuneLine}";
}

/// <summary>Real place names, weighted towards Hậu Giang where the sample agency sits.</summary>
internal static class Places
{
    public static readonly Province HauGiang = new("093", "tỉnh Hậu Giang",
    [
        new("huyện Phụng Hiệp", ["xã Hòa An", "xã Phương Bình", "xã Tân Bình", "xã Hiệp Hưng", "xã Long Thạnh", "xã Thạnh Hòa", "thị trấn Cây Dương"]),
        new("huyện Châu Thành A", ["thị trấn Một Ngàn", "xã Tân Hòa", "xã Trường Long Tây"]),
        new("thành phố Vị Thanh", ["xã Vị Tân", "xã Hỏa Lựu"]),
    ]);

    public static readonly IReadOnlyList<Province> Others =
    [
        new("092", "thành phố Cần Thơ", [new("quận Ninh Kiều", ["phường An Hòa", "phường Xuân Khánh", "phường Hưng Lợi"]), new("quận Cái Răng", ["phường Lê Bình", "phường Hưng Phú"])]),
        new("094", "tỉnh Sóc Trăng", [new("huyện Mỹ Tú", ["thị trấn Huỳnh Hữu Nghĩa", "xã Mỹ Hương"])]),
        new("086", "tỉnh Vĩnh Long", [new("huyện Long Hồ", ["xã Phước Hậu", "xã Lộc Hòa"])]),
        new("091", "tỉnh Kiên Giang", [new("huyện Châu Thành", ["xã Minh Lương", "xã Bình An"])]),
        new("001", "thành phố Hà Nội", [new("quận Đống Đa", ["phường Láng Hạ", "phường Văn Chương"])]),
        new("079", "Thành phố Hồ Chí Minh", [new("thành phố Thủ Đức", ["phường Linh Trung", "phường Hiệp Bình Chánh"])]),
    ];

    public static readonly District PhungHiep = HauGiang.Districts[0];

    private static readonly string[] Hamlets =
        ["ấp Tân Phú", "ấp Mỹ Phú", "ấp Long Hòa", "ấp Phương Quới", "ấp Hòa Long", "ấp Xẻo Môn", "ấp Tân Long", "ấp Thạnh Lợi"];

    private static readonly string[] Streets =
        ["đường Trần Hưng Đạo", "đường Nguyễn Trãi", "đường Lê Lợi", "đường Hùng Vương", "đường 30 Tháng 4", "đường Ngô Quyền"];

    /// <summary>A province: mostly Hậu Giang, sometimes elsewhere.</summary>
    public static Province PickProvince(SeededRandom random) => random.Chance(70) ? HauGiang : random.Pick(Others);

    public static Address PickAddress(SeededRandom random, Province province)
    {
        var district = random.Pick(province.Districts);
        return AddressIn(random, district, province);
    }

    public static Address AddressIn(SeededRandom random, District district, Province province)
    {
        string commune = random.Pick(district.Communes);
        string street = commune.StartsWith("xã ", StringComparison.Ordinal)
            ? random.Pick(Hamlets)
            : $"số {random.Between(1, 250)}, {random.Pick(Streets)}";
        return new Address(street, commune, district, province);
    }
}

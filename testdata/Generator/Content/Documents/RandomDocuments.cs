using System.Globalization;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>Invents a whole document of a given kind from a seeded generator, for corpora.</summary>
internal static class RandomDocuments
{
    private static readonly string[] Sectors =
    [
        "Bán lẻ lương thực, thực phẩm, đồ uống trong các cửa hàng kinh doanh tổng hợp",
        "Dịch vụ ăn uống",
        "Sửa chữa mô tô, xe máy",
        "Cắt tóc, làm đầu, gội đầu",
        "Bán lẻ vật liệu xây dựng",
        "Bán buôn nông, lâm sản nguyên liệu",
    ];

    private static readonly string[] ShopTypes = ["TẠP HÓA", "QUÁN ĂN", "SỬA XE", "VẬT LIỆU XÂY DỰNG", "NÔNG SẢN"];
    private static readonly string[] ShopWords = ["AN PHÁT", "THANH TÂM", "PHÚC LỘC", "HỒNG ÂN", "MINH KHANG", "KIM NGÂN"];

    public static ComposedDocument Create(DocumentKind kind, SeededRandom random, DateOnly today) => kind switch
    {
        DocumentKind.BirthCertificate => BirthCertificate.Compose(BirthCertificateFor(random, random.Chance(40) ? Child(random, today) : Adult(random), today)),
        DocumentKind.Decision => Decision.Compose(DecisionFor(random, today, random.Between(1, 6))),
        DocumentKind.DossierReceipt => DossierReceipt.Compose(ReceiptFor(random, random.Pick(Procedures.All), Adult(random), today, random.Between(1, 60))),
        DocumentKind.BusinessRegistration => BusinessRegistration.Compose(BusinessFor(random, Adult(random), today)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static Person Adult(SeededRandom random) =>
        People.Create(random, new DateOnly(1950, 1, 1), new DateOnly(2004, 12, 31));

    public static Person Child(SeededRandom random, DateOnly today) =>
        People.Create(random, today.AddYears(-10), today.AddDays(-60));

    public static string Official(SeededRandom random) => People.FullName(random, random.Chance(60) ? Sex.Male : Sex.Female);

    /// <summary>A certificate for <paramref name="child"/>, registered in the commune of birth; parents share the family name.</summary>
    public static BirthCertificateData BirthCertificateFor(SeededRandom random, Person child, DateOnly latest)
    {
        var familyName = child.FullName.Split(' ')[0];
        var fatherBorn = child.DateOfBirth.AddYears(-random.Between(22, 38));
        var father = People.Create(random, fatherBorn, fatherBorn.AddDays(300), Sex.Male, familyName);
        var mother = People.Create(random, fatherBorn.AddYears(1), fatherBorn.AddYears(5), Sex.Female);
        // Most births are registered within weeks; adults born before 2016 often re-register to get a personal ID.
        var lateFrom = child.DateOfBirth.AddYears(18);
        var registered = lateFrom < latest && random.Chance(30)
            ? random.DateBetween(lateFrom, latest)
            : Min(child.DateOfBirth.AddDays(random.Between(3, 55)), latest);

        return new BirthCertificateData(child, mother, random.Chance(85) ? father : null, random.Chance(50) ? father : mother,
            random.Between(1, 450), string.Create(CultureInfo.InvariantCulture, $"01/{registered.Year}"), registered,
            child.BirthPlace, Official(random));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    public static DecisionData DecisionFor(SeededRandom random, DateOnly issuedOn, int beneficiaries)
    {
        var people = Enumerable.Range(0, beneficiaries)
            .Select(_ => People.Create(random, new DateOnly(1935, 1, 1), new DateOnly(1960, 12, 31)))
            .ToList();
        var startsOn = new DateOnly(issuedOn.Year, issuedOn.Month, 1).AddMonths(1);
        return new DecisionData(Agency.PhungHiep, random.Between(100, 3500), issuedOn, people,
            random.Pick([500_000L, 540_000L, 750_000L, 1_080_000L]), startsOn, random.Between(10, 400), Official(random));
    }

    public static DossierReceiptData ReceiptFor(SeededRandom random, Procedure procedure, Person applicant, DateOnly received, int sequence)
    {
        var receivedAt = received.ToDateTime(new TimeOnly(random.Between(7, 16), random.Pick([0, 15, 30, 45])));
        var due = Procedures.DueDate(received, procedure.WorkingDays).ToDateTime(new TimeOnly(random.Pick([8, 10, 14, 16]), 0));
        string code = DossierCodes.Create(Agency.PhungHiep, received, sequence);
        return new DossierReceiptData(Agency.PhungHiep, code, procedure, applicant, People.PhoneNumber(random), receivedAt, due,
            sequence, Official(random));
    }

    public static BusinessRegistrationData BusinessFor(SeededRandom random, Person owner, DateOnly registeredOn)
    {
        string name = $"HỘ KINH DOANH {random.Pick(ShopTypes)} {random.Pick(ShopWords)}";
        string number = string.Create(CultureInfo.InvariantCulture, $"93H8{random.Next(1_000_000):000000}");
        var idIssued = random.DateBetween(new DateOnly(2021, 1, 1), registeredOn.AddDays(-30));
        return new BusinessRegistrationData(Agency.PhungHiep, number, registeredOn, name,
            Places.AddressIn(random, Places.PhungHiep, Places.HauGiang), People.PhoneNumber(random), random.Pick(Sectors),
            random.Pick([50_000_000L, 100_000_000L, 150_000_000L, 300_000_000L]), owner, idIssued, Official(random));
    }
}

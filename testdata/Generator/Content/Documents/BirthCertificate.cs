using System.Globalization;
using SoHoa.TestData.Generator.Layout;
using static SoHoa.TestData.Generator.Content.Documents.DocumentParts;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>The facts printed on a birth certificate (Giấy khai sinh).</summary>
internal sealed record BirthCertificateData(
    Person Child,
    Person Mother,
    Person? Father,
    Person Declarant,
    int Number,
    string Book,
    DateOnly RegisteredOn,
    Address RegistrationPlace,
    string Signer);

/// <summary>Giấy khai sinh, after the form of Circular 04/2020/TT-BTP, on one page.</summary>
internal static class BirthCertificate
{
    public static ComposedDocument Compose(BirthCertificateData data)
    {
        var child = data.Child;
        string number = data.Number.ToString(CultureInfo.InvariantCulture);
        string registrar = $"Ủy ban nhân dân {data.RegistrationPlace.CommuneLine}";
        var blocks = new List<Block>(CentredMotto())
        {
            Title("GIẤY KHAI SINH"),
            Line($"Số: {number}", spaceBeforeMm: 4),
            Line($"Quyển số: {data.Book}"),
            Line($"Họ, chữ đệm, tên: {VietnameseWords.Upper(child.FullName)}", spaceBeforeMm: 3),
            Line($"Ngày, tháng, năm sinh: {VietnameseWords.ShortDate(child.DateOfBirth)}"),
            Line($"ghi bằng chữ: {VietnameseWords.DateInWords(child.DateOfBirth)}"),
            Line($"Giới tính: {child.SexName}; Dân tộc: {child.Ethnicity}; Quốc tịch: {child.Nationality}"),
            Line($"Nơi sinh: Trạm Y tế {child.BirthPlace.CommuneLine}"),
            Line($"Quê quán: {child.BirthPlace.CommuneLine}"),
            Line($"Số định danh cá nhân: {child.PersonalId}"),
        };
        blocks.AddRange(Parent("mẹ", data.Mother));
        if (data.Father is not null)
        {
            blocks.AddRange(Parent("cha", data.Father));
        }

        blocks.Add(Line($"Họ, chữ đệm, tên người đi khai sinh: {data.Declarant.FullName}", spaceBeforeMm: 3));
        blocks.Add(Line($"Giấy tờ tùy thân: Căn cước công dân số {data.Declarant.PersonalId}"));
        blocks.Add(Line($"Nơi đăng ký khai sinh: {registrar}"));
        blocks.Add(Line($"Ngày, tháng, năm đăng ký: {VietnameseWords.ShortDate(data.RegisteredOn)}"));
        blocks.Add(new ColumnPair([],
            Signature(["NGƯỜI KÝ GIẤY KHAI SINH"], "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", data.Signer),
            SpaceBeforeMm: 6));

        return new ComposedDocument(DocumentKind.BirthCertificate, blocks,
            DocumentNumber: $"{number}/{data.RegisteredOn.Year.ToString(CultureInfo.InvariantCulture)}",
            IssuedOn: data.RegisteredOn,
            ValidUntil: null,
            Fields:
            [
                new("documentNumber", number),
                new("book", data.Book),
                new("fullName", child.FullName),
                new("dateOfBirth", Iso(child.DateOfBirth)),
                new("sex", child.SexName),
                new("ethnicity", child.Ethnicity),
                new("placeOfBirth", $"Trạm Y tế {child.BirthPlace.CommuneLine}"),
                new("personalId", child.PersonalId),
                new("motherName", data.Mother.FullName),
                .. data.Father is null ? [] : new KeyValuePair<string, string>[] { new("fatherName", data.Father.FullName) },
                new("registeredAt", registrar),
                new("registeredOn", Iso(data.RegisteredOn)),
            ]);
    }

    private static IEnumerable<Block> Parent(string relation, Person parent) =>
    [
        Line($"Họ, chữ đệm, tên người {relation}: {VietnameseWords.Upper(parent.FullName)}", spaceBeforeMm: 3),
        Line($"Năm sinh: {parent.DateOfBirth.Year.ToString(CultureInfo.InvariantCulture)}"),
        Line($"Dân tộc: {parent.Ethnicity}; Quốc tịch: {parent.Nationality}"),
        Line($"Nơi cư trú: {parent.Residence}"),
    ];
}

using System.Globalization;
using SoHoa.TestData.Generator.Layout;
using static SoHoa.TestData.Generator.Content.Documents.DocumentParts;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>The facts of a household business registration.</summary>
internal sealed record BusinessRegistrationData(
    Agency Agency,
    string Number,
    DateOnly RegisteredOn,
    string BusinessName,
    Address Address,
    string Phone,
    string Sector,
    long Capital,
    Person Owner,
    DateOnly OwnerIdIssuedOn,
    string Signer);

/// <summary>Giấy chứng nhận đăng ký hộ kinh doanh (Decree 01/2021/NĐ-CP).</summary>
internal static class BusinessRegistration
{
    public static ComposedDocument Compose(BusinessRegistrationData data)
    {
        var owner = data.Owner;
        var blocks = new List<Block>
        {
            OfficialHeader([VietnameseWords.Upper(data.Agency.Name), "PHÒNG TÀI CHÍNH - KẾ HOẠCH"], null, data.Agency.PlaceName, data.RegisteredOn),
            Title("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"),
            new Paragraph($"Số: {data.Number}", TextStyle.BodyBold, TextAlign.Center, SpaceBeforeMm: 2),
            new Paragraph($"Đăng ký lần đầu: {VietnameseWords.LongDate(data.RegisteredOn)}", TextStyle.BodyItalic, TextAlign.Center),
            Line($"1. Tên hộ kinh doanh: {data.BusinessName}", spaceBeforeMm: 5),
            Line($"2. Địa chỉ trụ sở hộ kinh doanh: {data.Address}"),
            Line($"Điện thoại: {data.Phone}"),
            Line($"3. Ngành, nghề kinh doanh: {data.Sector}"),
            Line($"4. Vốn kinh doanh: {VietnameseWords.GroupedNumber(data.Capital)} đồng"),
            Line($"Bằng chữ: {VietnameseWords.Money(data.Capital)}"),
            Line("5. Chủ hộ kinh doanh:", spaceBeforeMm: 2),
            Indented($"Họ và tên: {VietnameseWords.Upper(owner.FullName)}"),
            Indented($"Giới tính: {owner.SexName}"),
            Indented($"Sinh ngày: {VietnameseWords.ShortDate(owner.DateOfBirth)}"),
            Indented($"Dân tộc: {owner.Ethnicity}; Quốc tịch: {owner.Nationality}"),
            Indented("Loại giấy tờ pháp lý của cá nhân: Thẻ căn cước công dân"),
            Indented($"Số giấy tờ pháp lý của cá nhân: {owner.PersonalId}"),
            Indented($"Ngày cấp: {VietnameseWords.ShortDate(data.OwnerIdIssuedOn)}; Nơi cấp: Cục Cảnh sát quản lý hành chính về trật tự xã hội"),
            Indented($"Địa chỉ thường trú: {owner.Residence}"),
            new ColumnPair([],
                Signature(["TRƯỞNG PHÒNG"], "(Ký, ghi rõ họ tên và đóng dấu)", data.Signer),
                SpaceBeforeMm: 6),
        };

        return new ComposedDocument(DocumentKind.BusinessRegistration, blocks, data.Number, data.RegisteredOn, null,
        [
            new("documentNumber", data.Number),
            new("registeredOn", Iso(data.RegisteredOn)),
            new("issuePlace", data.Agency.PlaceName),
            new("businessName", data.BusinessName),
            new("address", data.Address.ToString()),
            new("sector", data.Sector),
            new("capital", data.Capital.ToString(CultureInfo.InvariantCulture)),
            new("fullName", owner.FullName),
            new("personalId", owner.PersonalId),
            new("dateOfBirth", Iso(owner.DateOfBirth)),
        ]);
    }
}

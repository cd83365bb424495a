using System.Globalization;
using SoHoa.TestData.Generator.Layout;
using static SoHoa.TestData.Generator.Content.Documents.DocumentParts;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>The facts of a dossier receipt.</summary>
internal sealed record DossierReceiptData(
    Agency Agency,
    string DossierCode,
    Procedure Procedure,
    Person Applicant,
    string Phone,
    DateTime ReceivedAt,
    DateTime DueAt,
    int Sequence,
    string Officer);

/// <summary>Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Circular 01/2018/TT-VPCP, form 01).</summary>
internal static class DossierReceipt
{
    public static ComposedDocument Compose(DossierReceiptData data)
    {
        string desk = $"Bộ phận Tiếp nhận và Trả kết quả {data.Agency.Name}";
        var blocks = new List<Block>
        {
            OfficialHeader([VietnameseWords.Upper(data.Agency.Name), "BỘ PHẬN TIẾP NHẬN", "VÀ TRẢ KẾT QUẢ"], null,
                data.Agency.PlaceName, DateOnly.FromDateTime(data.ReceivedAt)),
            Title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            new Paragraph($"Mã hồ sơ: {data.DossierCode}", TextStyle.Code, TextAlign.Center, SpaceBeforeMm: 2),
            Line(desk, spaceBeforeMm: 5),
            Line($"Tiếp nhận hồ sơ của: {data.Applicant.Honorific} {data.Applicant.FullName}"),
            Line($"Số định danh cá nhân: {data.Applicant.PersonalId}"),
            Line($"Địa chỉ: {data.Applicant.Residence}"),
            Line($"Số điện thoại: {data.Phone}"),
            Line($"Nội dung yêu cầu giải quyết: {data.Procedure.Name} (mã thủ tục {data.Procedure.Code})"),
            Line("1. Thành phần hồ sơ nộp gồm:", spaceBeforeMm: 2),
        };
        blocks.AddRange(data.Procedure.Papers.Select(paper => Indented($"- {paper};")));
        blocks.Add(Line("2. Số lượng hồ sơ: 01 (bộ)."));
        blocks.Add(Line($"3. Thời gian giải quyết hồ sơ theo quy định là: {data.Procedure.WorkingDays.ToString("00", CultureInfo.InvariantCulture)} ngày làm việc."));
        blocks.Add(Line($"4. Thời gian nhận hồ sơ: {Clock(data.ReceivedAt)}."));
        blocks.Add(Line($"5. Thời gian trả kết quả giải quyết hồ sơ: {Clock(data.DueAt)}."));
        blocks.Add(Line($"6. Đăng ký nhận kết quả tại: {desk}."));
        blocks.Add(Line($"Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: {data.Sequence.ToString("0000", CultureInfo.InvariantCulture)}.", spaceBeforeMm: 2));
        blocks.Add(new ColumnPair(
            Signature(["NGƯỜI NỘP HỒ SƠ"], "(Ký và ghi rõ họ tên)", data.Applicant.FullName),
            Signature(["NGƯỜI TIẾP NHẬN HỒ SƠ"], "(Ký và ghi rõ họ tên)", data.Officer),
            SpaceBeforeMm: 6));

        var received = DateOnly.FromDateTime(data.ReceivedAt);
        return new ComposedDocument(DocumentKind.DossierReceipt, blocks, null, received, null,
        [
            new("dossierCode", data.DossierCode),
            new("issuePlace", data.Agency.PlaceName),
            new("procedureCode", data.Procedure.Code),
            new("procedureName", data.Procedure.Name),
            new("fullName", data.Applicant.FullName),
            new("personalId", data.Applicant.PersonalId),
            new("receivedAt", data.ReceivedAt.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
            new("dueAt", data.DueAt.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
            new("officer", data.Officer),
        ]);
    }

    /// <summary>"08 giờ 30 phút, ngày 22/11/2026".</summary>
    private static string Clock(DateTime time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Hour:00} giờ {time.Minute:00} phút, ngày {time:dd/MM/yyyy}");
}

using System.Globalization;
using SoHoa.TestData.Generator.Layout;
using static SoHoa.TestData.Generator.Content.Documents.DocumentParts;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>A decision granting a monthly social allowance to one or more people.</summary>
internal sealed record DecisionData(
    Agency Agency,
    int Number,
    DateOnly IssuedOn,
    IReadOnlyList<Person> Beneficiaries,
    long MonthlyAmount,
    DateOnly StartsOn,
    int ProposalNumber,
    string Signer);

/// <summary>Quyết định of a People's Committee chairman: legal bases, then Điều 1, 2 and 3.</summary>
internal static class Decision
{
    private static readonly string[] LegalBases =
    [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội;",
        "Căn cứ Thông tư số 02/2021/TT-BLĐTBXH ngày 24 tháng 6 năm 2021 của Bộ Lao động - Thương binh và Xã hội hướng dẫn thực hiện một số điều của Nghị định số 20/2021/NĐ-CP;",
    ];

    public static ComposedDocument Compose(DecisionData data)
    {
        string number = $"{data.Number.ToString(CultureInfo.InvariantCulture)}/QĐ-UBND";
        string committee = string.Join(' ', data.Agency.HeaderLines);
        var blocks = new List<Block>
        {
            OfficialHeader(data.Agency.HeaderLines, $"Số: {number}", data.Agency.PlaceName, data.IssuedOn),
            Title("QUYẾT ĐỊNH"),
            new Paragraph("Về việc hưởng trợ cấp xã hội hàng tháng", TextStyle.Subtitle, TextAlign.Center),
            new Paragraph($"CHỦ TỊCH {committee}", TextStyle.Subtitle, TextAlign.Center, SpaceBeforeMm: 6),
        };
        blocks.Add(new Paragraph(LegalBases[0], TextStyle.BodyItalic, FirstLineIndentMm: 10, SpaceBeforeMm: 4));
        blocks.AddRange(LegalBases.Skip(1).Select(basis => Indented(basis, TextStyle.BodyItalic)));
        blocks.Add(Indented(
            $"Xét đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội tại Tờ trình số {data.ProposalNumber.ToString(CultureInfo.InvariantCulture)}/TTr-LĐTBXH {VietnameseWords.LongDate(data.IssuedOn.AddDays(-3))}.",
            TextStyle.BodyItalic));
        blocks.Add(new Paragraph("QUYẾT ĐỊNH:", TextStyle.Subtitle, TextAlign.Center, SpaceBeforeMm: 4));
        blocks.Add(Indented(data.Beneficiaries.Count == 1
            ? "Điều 1. Trợ cấp xã hội hàng tháng đối với:"
            : $"Điều 1. Trợ cấp xã hội hàng tháng đối với {data.Beneficiaries.Count.ToString(CultureInfo.InvariantCulture)} người có tên sau đây:"));
        for (int i = 0; i < data.Beneficiaries.Count; i++)
        {
            var person = data.Beneficiaries[i];
            blocks.Add(Indented($"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {person.Honorific}: {VietnameseWords.Upper(person.FullName)}, sinh ngày {VietnameseWords.ShortDate(person.DateOfBirth)}."));
            blocks.Add(Indented($"Số định danh cá nhân: {person.PersonalId}."));
            blocks.Add(Indented($"Nơi cư trú: {person.Residence}."));
        }

        blocks.Add(Indented($"Mức trợ cấp hàng tháng: {VietnameseWords.GroupedNumber(data.MonthlyAmount)} đồng ({VietnameseWords.Money(data.MonthlyAmount)}) mỗi người."));
        blocks.Add(Indented($"Thời điểm hưởng trợ cấp: kể từ {VietnameseWords.LongDate(data.StartsOn)}."));
        blocks.Add(Indented("Điều 2. Giao Phòng Lao động - Thương binh và Xã hội phối hợp với Ủy ban nhân dân các xã, thị trấn có liên quan chi trả trợ cấp đúng đối tượng, đủ mức và kịp thời; theo dõi, báo cáo khi có thay đổi."));
        blocks.Add(Indented($"Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, Trưởng phòng Lao động - Thương binh và Xã hội, Trưởng phòng Tài chính - Kế hoạch, Chủ tịch Ủy ban nhân dân các xã, thị trấn và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này kể từ {VietnameseWords.LongDate(data.IssuedOn)}./."));
        blocks.Add(new ColumnPair(
        [
            new Paragraph("Nơi nhận:", TextStyle.Small with { Bold = true, Italic = true }),
            new Paragraph("- Như Điều 3;", TextStyle.Small),
            new Paragraph("- Phòng LĐTBXH;", TextStyle.Small),
            new Paragraph("- Lưu: VT.", TextStyle.Small),
        ],
            Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], null, data.Signer),
            SpaceBeforeMm: 6));

        var first = data.Beneficiaries[0];
        return new ComposedDocument(DocumentKind.Decision, blocks, number, data.IssuedOn, null,
        [
            new("documentNumber", number),
            new("issuedOn", Iso(data.IssuedOn)),
            new("issuePlace", data.Agency.PlaceName),
            new("subject", "Về việc hưởng trợ cấp xã hội hàng tháng"),
            new("fullName", first.FullName),
            new("personalId", first.PersonalId),
            new("dateOfBirth", Iso(first.DateOfBirth)),
            new("beneficiaryCount", data.Beneficiaries.Count.ToString(CultureInfo.InvariantCulture)),
            new("monthlyAmount", data.MonthlyAmount.ToString(CultureInfo.InvariantCulture)),
            new("startsOn", Iso(data.StartsOn)),
            new("signer", data.Signer),
        ]);
    }
}

using SoHoa.Extraction;
using SoHoa.Ocr;

namespace SoHoa.Tests.Extraction;

[TestClass]
public sealed class DocumentNumberAndDatelineTests
{
    [TestMethod]
    [DataRow("Số: 123/2020/QĐ-UBND", "123/2020/QĐ-UBND", "123", "2020", "QĐ", "UBND")]
    [DataRow("Số: 241/QĐ-UBND", "241/QĐ-UBND", "241", null, "QĐ", "UBND")]
    [DataRow("Số: 20/2021/NĐ-CP", "20/2021/NĐ-CP", "20", "2021", "NĐ", "CP")]
    [DataRow("Số: 440", "440", "440", null, null, null)]
    [DataRow("Số: 241/QĐ- UBND", "241/QĐ-UBND", "241", null, "QĐ", "UBND", DisplayName = "OCR split the number at the hyphen")]
    public void Extract_DocumentNumber_ValueAndParts(string line, string value, string number, string? year, string? type, string? issuer)
    {
        ExtractedField found = FieldExtractor.Extract([OcrLines.Page(line)], "decision").DocumentNumber!;

        Assert.AreEqual(value, found.Value);
        Assert.AreEqual(new DocumentNumberParts(number, year, type, issuer), found.Parts);
    }

    [TestMethod]
    public void Extract_NumberWithoutTheUsualShape_NoParts()
    {
        ExtractedField found = FieldExtractor.Extract([OcrLines.Page("Số: 93H8411296")], "business-registration").DocumentNumber!;

        Assert.AreEqual("93H8411296", found.Value);
        Assert.IsNull(found.Parts);
    }

    [TestMethod]
    public void Extract_OtherNumbers_NotTheDocumentNumber()
    {
        OcrPage page = OcrLines.Page("Quyển số: 01/2019", "Số định danh cá nhân: 093090001234", "Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 0001.");

        Assert.IsNull(FieldExtractor.Extract([page], "birth-certificate").DocumentNumber);
    }

    [TestMethod]
    public void Extract_HeaderWithNumberAndDatelineOnOneOcrLine_SplitsTheColumns()
    {
        OcrPage page = OcrLines.Page(
            "HUYỆN PHỤNG HIỆP | Độc lập - Tự do - Hạnh phúc",
            "Số: 241/QĐ-UBND | Phụng Hiệp, ngày 22 tháng 11 năm 2026");

        DocumentFields fields = FieldExtractor.Extract([page], "decision");

        Assert.AreEqual("241/QĐ-UBND", fields.DocumentNumber!.Value);
        Assert.AreEqual("Phụng Hiệp", fields.IssuePlace!.Value);
        Assert.AreEqual("2026-11-22", fields.IssuedOn!.Value);
        Assert.AreEqual("issuedOn.dateline", fields.IssuedOn.Rule);
        CollectionAssert.AreEqual(new[] { OcrLines.BoxOf(page, "Phụng"), OcrLines.BoxOf(page, "Hiệp,") }, fields.IssuePlace.Boxes.ToArray());
    }

    [TestMethod]
    public void Extract_DustReadAsDashesBeforeTheDateline_Ignored()
    {
        OcrPage page = OcrLines.Page("Số: 2663/QĐ-UBND | -@31 —@4 Phụng Hiệp, ngày 22 tháng 11 năm 2026");

        DocumentFields fields = FieldExtractor.Extract([page], "decision");

        Assert.AreEqual("2663/QĐ-UBND", fields.DocumentNumber!.Value);
        Assert.AreEqual("Phụng Hiệp", fields.IssuePlace!.Value);
    }

    [TestMethod]
    public void Extract_DotOcrIsSureOfBeforeTheDateline_NotPartOfThePlace()
    {
        OcrPage page = OcrLines.Page("HOẠCH | .@77 Phụng Hiệp, ngày 22 tháng 11 năm 2026");

        DocumentFields fields = FieldExtractor.Extract([page], "business-registration");

        Assert.AreEqual("Phụng Hiệp", fields.IssuePlace!.Value);
        CollectionAssert.AreEqual(new[] { OcrLines.BoxOf(page, "Phụng"), OcrLines.BoxOf(page, "Hiệp,") }, fields.IssuePlace.Boxes.ToArray());
    }

    [TestMethod]
    public void Extract_DatesInsideTheText_NotADateline()
    {
        OcrPage page = OcrLines.Page(
            "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của",
            "Tờ trình số 152/TTr-LĐTBXH ngày 19 tháng 11 năm 2026.");

        DocumentFields fields = FieldExtractor.Extract([page], "decision");

        Assert.IsNull(fields.IssuedOn);
        Assert.IsNull(fields.IssuePlace);
    }

    [TestMethod]
    public void Extract_DatelineOfTheBrief_PlaceAndDate()
    {
        DocumentFields fields = FieldExtractor.Extract([OcrLines.Page("Hậu Giang, ngày 23 tháng 12 năm 2020")], null);

        Assert.AreEqual("Hậu Giang", fields.IssuePlace!.Value);
        Assert.AreEqual("2020-12-23", fields.IssuedOn!.Value);
    }

    [TestMethod]
    [DataRow("Mã hồ sơ: 000.00.01.H12-261122-0001", "000.00.01.H12-261122-0001", "dossierCode.shape")]
    [DataRow("Mã hồ sơ: 000.00.01.H12-26112O-000l", "000.00.01.H12-261120-0001", "dossierCode.shape+ocr-correction")]
    public void Extract_DossierCode_Valid(string line, string expected, string rule)
    {
        ExtractedField code = FieldExtractor.Extract([OcrLines.Page(line)], "dossier-receipt").DossierCode!;

        Assert.AreEqual(expected, code.Value);
        Assert.AreEqual(rule, code.Rule);
    }

    [TestMethod]
    [DataRow("Mã hồ sơ: 000.00.01.H12-261332-0001", DisplayName = "no 32nd of the 13th month")]
    [DataRow("Mã hồ sơ: 000.00.01.H12-261122-0000", DisplayName = "sequence 0000")]
    public void Extract_InvalidDossierCode_Absent(string line)
    {
        Assert.IsNull(FieldExtractor.Extract([OcrLines.Page(line)], "dossier-receipt").DossierCode);
    }

    [TestMethod]
    public void Extract_PageWithoutFields_EverythingAbsent()
    {
        DocumentFields fields = FieldExtractor.Extract([OcrLines.Page("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"), null], null);

        Assert.AreEqual(0, fields.Found().Count());
    }

    [TestMethod]
    public void Extract_FieldOnSecondPage_NamesThatPage()
    {
        DocumentFields fields = FieldExtractor.Extract([null, OcrLines.Page("Số định danh cá nhân: 093090001234")], null);

        Assert.AreEqual(2, fields.PersonalId!.Page);
    }
}

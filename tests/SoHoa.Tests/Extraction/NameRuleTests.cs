using System.Text;
using SoHoa.Extraction;
using SoHoa.Ocr;

namespace SoHoa.Tests.Extraction;

[TestClass]
public sealed class NameRuleTests
{
    [TestMethod]
    [DataRow("Họ, chữ đệm, tên: VŨ THANH HẢI", "Vũ Thanh Hải")]
    [DataRow("Họ và tên: NGUYỄN VĂN AN", "Nguyễn Văn An")]
    [DataRow("Họ tên: Đặng Thị Ngọc Yến", "Đặng Thị Ngọc Yến")]
    [DataRow("Họ chữ đệm tên; HỒ KIM LAN", "Hồ Kim Lan", DisplayName = "commas lost and the colon read as a semicolon")]
    public void Extract_NameAfterLabel_CapitalizedPerSyllable(string line, string expected)
    {
        ExtractedField name = FieldExtractor.Extract([OcrLines.Page(line)], null).FullName!;

        Assert.AreEqual(expected, name.Value);
        Assert.AreEqual("fullName.label", name.Rule);
    }

    [TestMethod]
    public void Extract_OnlyParentsNames_NoFullName()
    {
        OcrPage page = OcrLines.Page("Họ, chữ đệm, tên người mẹ: DƯƠNG THỊ NHUNG", "Họ, chữ đệm, tên người cha: VŨ VĂN THẮNG");

        Assert.IsNull(FieldExtractor.Extract([page], "birth-certificate").FullName);
    }

    [TestMethod]
    public void Extract_ChildBeforeParents_TakesTheChild()
    {
        OcrPage page = OcrLines.Page("Họ, chữ đệm, tên: VŨ THANH HẢI", "Họ, chữ đệm, tên người mẹ: DƯƠNG THỊ NHUNG");

        ExtractedField name = FieldExtractor.Extract([page], "birth-certificate").FullName!;

        Assert.AreEqual("Vũ Thanh Hải", name.Value);
        CollectionAssert.AreEqual(new[] { OcrLines.BoxOf(page, "VŨ"), OcrLines.BoxOf(page, "THANH"), OcrLines.BoxOf(page, "HẢI") }, name.Boxes.ToArray());
    }

    [TestMethod]
    public void Extract_DecompressedNfdInput_NfcValue()
    {
        string nfd = "Họ và tên: NGUYỄN VĂN AN".Normalize(NormalizationForm.FormD);

        ExtractedField name = FieldExtractor.Extract([OcrLines.Page(nfd)], null).FullName!;

        Assert.AreEqual("Nguyễn Văn An".Normalize(NormalizationForm.FormC), name.Value);
        Assert.IsTrue(name.Value.IsNormalized(NormalizationForm.FormC));
    }

    [TestMethod]
    public void Extract_ReceiptApplicant_HonorificLeftOut()
    {
        ExtractedField name = FieldExtractor.Extract([OcrLines.Page("Tiếp nhận hồ sơ của: Bà Dương Thu Chi")], "dossier-receipt").FullName!;

        Assert.AreEqual("Dương Thu Chi", name.Value);
        Assert.AreEqual(3, name.Boxes.Count);
    }

    [TestMethod]
    public void Extract_DecisionBeneficiary_NameAndBirthDateOfTheFirst()
    {
        OcrPage page = OcrLines.Page(
            "1. Bà: BÙI THANH HƯƠNG, sinh ngày 16/08/1958.",
            "Số định danh cá nhân: 093158462726.",
            "2. Ông: NGÔ THANH CƯỜNG, sinh ngày 08/10/1938.");

        DocumentFields fields = FieldExtractor.Extract([page], "decision");

        Assert.AreEqual("Bùi Thanh Hương", fields.FullName!.Value);
        Assert.AreEqual("1958-08-16", fields.DateOfBirth!.Value);
        Assert.AreEqual("093158462726", fields.PersonalId!.Value);
    }

    [TestMethod]
    [DataRow("Họ và tên: NGUYỄN")]
    [DataRow("Họ và tên: NGUYỄN V4N AN")]
    [DataRow("Họ và tên:")]
    public void Extract_NoPlausibleName_Absent(string line)
    {
        Assert.IsNull(FieldExtractor.Extract([OcrLines.Page(line)], null).FullName);
    }

    [TestMethod]
    public void Extract_SyllableWithTwoToneMarks_KeptBelowHighConfidence()
    {
        ExtractedField name = FieldExtractor.Extract([OcrLines.Page("Họ và tên: NGUYỄN VĂN ẤN̉")], null).FullName!;

        Assert.IsTrue(name.Confidence < FieldExtractor.HighConfidence, $"{name.Confidence}");
    }

    [TestMethod]
    public void Extract_LowConfidenceWord_LowersTheField()
    {
        ExtractedField name = FieldExtractor.Extract([OcrLines.Page("Họ và tên: NGUYỄN VĂN NHƯUNG@41")], null).FullName!;

        Assert.AreEqual(0.41 * 0.97, name.Confidence, 0.001);
    }
}

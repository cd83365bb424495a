using SoHoa.Extraction;
using SoHoa.Ocr;

namespace SoHoa.Tests.Extraction;

[TestClass]
public sealed class PersonalIdRuleTests
{
    [TestMethod]
    public void Extract_LabelledValidId_ReadsItWithItsBox()
    {
        OcrPage page = OcrLines.Page("Họ và tên: NGUYỄN VĂN AN", "Số định danh cá nhân: 093090001234");

        ExtractedField id = FieldExtractor.Extract([page], "birth-certificate").PersonalId!;

        Assert.AreEqual("093090001234", id.Value);
        Assert.AreEqual("personalId.label", id.Rule);
        Assert.AreEqual(1, id.Page);
        CollectionAssert.AreEqual(new[] { OcrLines.BoxOf(page, "093090001234") }, id.Boxes.ToArray());
        Assert.AreEqual(0.95, id.Confidence, 0.001);
    }

    [TestMethod]
    [DataRow("O9309OOO1234", "093090001234", DisplayName = "O read for 0")]
    [DataRow("093O9000l234", "093090001234", DisplayName = "O for 0 and l for 1")]
    [DataRow("O93O9OOO1B34", "093090001834", DisplayName = "B for 8")]
    [DataRow("093O9OOO12S4", "093090001254", DisplayName = "S for 5")]
    public void Extract_LookAlikeLettersThatValidate_CorrectedWithLowerConfidence(string printed, string expected)
    {
        ExtractedField id = FieldExtractor.Extract([OcrLines.Page($"Số định danh cá nhân: {printed}")], null).PersonalId!;

        Assert.AreEqual(expected, id.Value);
        Assert.AreEqual("personalId.label+ocr-correction", id.Rule);
        Assert.IsTrue(id.Confidence < FieldExtractor.HighConfidence, $"a corrected ID must not be high confidence ({id.Confidence})");
    }

    [TestMethod]
    [DataRow("O99O9OOO1234", DisplayName = "corrects to 099…, not a province code")]
    [DataRow("093090001234567", DisplayName = "15 digits is not an ID")]
    [DataRow("0930900X1234", DisplayName = "a letter with no digit look-alike")]
    [DataRow("099090001234", DisplayName = "digits, but 099 is not a province")]
    [DataRow("09309000123", DisplayName = "11 digits")]
    public void Extract_IdThatDoesNotValidate_Absent(string printed)
    {
        DocumentFields fields = FieldExtractor.Extract([OcrLines.Page($"Số định danh cá nhân: {printed}")], null);

        Assert.IsNull(fields.PersonalId);
    }

    [TestMethod]
    public void Extract_IdWithoutItsLabel_Absent()
    {
        DocumentFields fields = FieldExtractor.Extract([OcrLines.Page("Giấy tờ tùy thân: Căn cước công dân 093090001234")], "birth-certificate");

        Assert.IsNull(fields.PersonalId);
    }

    [TestMethod]
    public void Extract_IdSplitBySpace_ReadsBothWords()
    {
        OcrPage page = OcrLines.Page("Số định danh cá nhân: 093090 001234");

        ExtractedField id = FieldExtractor.Extract([page], null).PersonalId!;

        Assert.AreEqual("093090001234", id.Value);
        Assert.AreEqual(2, id.Boxes.Count);
    }

    [TestMethod]
    public void Extract_IdThatContradictsTheDateOfBirth_BothKeptWithHalfConfidence()
    {
        OcrPage page = OcrLines.Page("Sinh ngày: 15/03/1991", "Số định danh cá nhân: 093090001234");

        DocumentFields fields = FieldExtractor.Extract([page], "business-registration");

        Assert.AreEqual("093090001234", fields.PersonalId!.Value);
        Assert.AreEqual("1991-03-15", fields.DateOfBirth!.Value);
        Assert.IsTrue(fields.PersonalId.Confidence < 0.5 && fields.DateOfBirth.Confidence < 0.5);
    }
}

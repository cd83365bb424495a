using SoHoa.Extraction;
using SoHoa.Extraction.Rules;
using SoHoa.Ocr;

namespace SoHoa.Tests.Extraction;

[TestClass]
public sealed class DateRuleTests
{
    [TestMethod]
    [DataRow("mot nghin chin tram chin muoi", 1990)]
    [DataRow("hai nghin khong tram muoi chin", 2019)]
    [DataRow("hai nghin linh nam", 2005)]
    [DataRow("hai nghin le tu", 2004)]
    [DataRow("hai muoi mot", 21)]
    [DataRow("ba muoi mot", 31)]
    [DataRow("muoi lam", 15)]
    [DataRow("hai muoi lam", 25)]
    [DataRow("hai muoi tu", 24)]
    [DataRow("muoi", 10)]
    [DataRow("mot ngan chin tram bon muoi", 1940)]
    public void Read_NumberInWords_Value(string words, int expected)
    {
        string[] tokens = words.Split(' ');

        (int value, int count) = VietnameseNumbers.Read(tokens, 0)!.Value;

        Assert.AreEqual(expected, value);
        Assert.AreEqual(tokens.Length, count);
    }

    [TestMethod]
    [DataRow("Ngày mười lăm, tháng ba, năm một nghìn chín trăm chín mươi", "1990-03-15")]
    [DataRow("Ngày mồng năm, tháng tư, năm hai nghìn linh năm", "2005-04-05")]
    [DataRow("Ngày hai mươi mốt, tháng mười hai, năm hai nghìn lẻ tư", "2004-12-21")]
    [DataRow("Ngày hai mươi sáu, tháng năm, năm hai nghìn không trăm mười chín", "2019-05-26")]
    [DataRow("Ngày ba mươi, tháng mười, năm một nghìn chín trăm năm mươi lăm", "1955-10-30")]
    public void Extract_BirthDateInWords_Iso(string words, string expected)
    {
        ExtractedField date = FieldExtractor.Extract([OcrLines.Page($"ghi bằng chữ: {words}")], "birth-certificate").DateOfBirth!;

        Assert.AreEqual(expected, date.Value);
        Assert.AreEqual("dateOfBirth.label-words", date.Rule);
    }

    [TestMethod]
    public void Extract_DateInWordsWrappedOverTwoLines_ReadsBoth()
    {
        OcrPage page = OcrLines.Page("ghi bằng chữ: Ngày hai mươi sáu, tháng năm, năm hai nghìn không trăm", "mười chín", "Giới tính: Nam");

        ExtractedField date = FieldExtractor.Extract([page], "birth-certificate").DateOfBirth!;

        Assert.AreEqual("2019-05-26", date.Value);
        CollectionAssert.Contains(date.Boxes.ToArray(), OcrLines.BoxOf(page, "chín"));
    }

    [TestMethod]
    [DataRow("Ngày ba mươi, tháng hai, năm hai nghìn", DisplayName = "30 February")]
    [DataRow("Ngày mười lăm, tháng, năm một nghìn chín trăm", DisplayName = "no month")]
    public void Extract_NotARealDate_Absent(string words)
    {
        Assert.IsNull(FieldExtractor.Extract([OcrLines.Page($"ghi bằng chữ: {words}")], "birth-certificate").DateOfBirth);
    }

    [TestMethod]
    public void Extract_DigitsAndWordsAgree_OneFieldConfirmed()
    {
        OcrPage page = OcrLines.Page(
            "Ngày, tháng, năm sinh: 15/03/1990@80",
            "ghi bằng chữ: Ngày mười lăm, tháng ba, năm một nghìn chín trăm chín mươi");

        ExtractedField date = FieldExtractor.Extract([page], "birth-certificate").DateOfBirth!;

        Assert.AreEqual("1990-03-15", date.Value);
        Assert.AreEqual("dateOfBirth.label+words", date.Rule);
        Assert.IsTrue(date.Confidence > 0.8, $"two readings that agree confirm each other ({date.Confidence})");
        CollectionAssert.AreEqual(new[] { OcrLines.BoxOf(page, "15/03/1990") }, date.Boxes.ToArray());
    }

    [TestMethod]
    public void Extract_DigitsAndWordsDisagree_DigitsKeptBelowHighConfidence()
    {
        OcrPage page = OcrLines.Page(
            "Ngày, tháng, năm sinh: 16/03/1990",
            "ghi bằng chữ: Ngày mười lăm, tháng ba, năm một nghìn chín trăm chín mươi");

        ExtractedField date = FieldExtractor.Extract([page], "birth-certificate").DateOfBirth!;

        Assert.AreEqual("1990-03-16", date.Value);
        Assert.IsTrue(date.Confidence < FieldExtractor.HighConfidence);
    }

    [TestMethod]
    [DataRow("Sinh ngày: 26/05/1990", "1990-05-26")]
    [DataRow("Ngày sinh: 6-5-1990", "1990-05-06")]
    [DataRow("Ngày sinh: 06.05.1990", "1990-05-06")]
    [DataRow("Ngày sinh: ngày 6 tháng 5 năm 1990", "1990-05-06")]
    public void Extract_BirthDateInDigits_Iso(string line, string expected)
    {
        Assert.AreEqual(expected, FieldExtractor.Extract([OcrLines.Page(line)], "business-registration").DateOfBirth!.Value);
    }

    [TestMethod]
    public void Extract_RegistrationDateOfBirthCertificate_IsTheIssueDate()
    {
        ExtractedField issued = FieldExtractor.Extract([OcrLines.Page("Ngày, tháng, năm đăng ký: 20/07/2019")], "birth-certificate").IssuedOn!;

        Assert.AreEqual("2019-07-20", issued.Value);
        Assert.AreEqual("issuedOn.label", issued.Rule);
    }
}

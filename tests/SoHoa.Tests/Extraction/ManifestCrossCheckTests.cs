using SoHoa.Batches;
using SoHoa.Extraction;
using SoHoa.Identifiers;
using SoHoa.Ocr;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Extraction;

[TestClass]
public sealed class ManifestCrossCheckTests
{
    private static readonly string[] Certificate =
    [
        "Số: 123",
        "Họ, chữ đệm, tên: NGUYỄN VĂN AN",
        "Ngày, tháng, năm sinh: 15/03/1990",
        "Số định danh cá nhân: 093090001234",
        "Ngày, tháng, năm đăng ký: 23/12/2020",
    ];

    [TestMethod]
    public void Check_PaperAgreesWithManifest_NoReview()
    {
        DocumentJob job = Job("birth-certificate", "093090001234", "Nguyễn  văn AN", new DateOnly(1990, 3, 15), "123/2020", new DateOnly(2020, 12, 23));

        IReadOnlyList<FieldReview> review = ManifestCrossCheck.Check(job, FieldExtractor.Extract([OcrLines.Page(Certificate)], job.Document.Kind));

        Assert.AreEqual(0, review.Count, string.Join("; ", review));
    }

    [TestMethod]
    public void Check_DateOfBirthDisagrees_FlagsWithBothValuesAndPage()
    {
        DocumentJob job = Job("birth-certificate", "093090001234", "Nguyễn Văn An", new DateOnly(1990, 3, 16), "123/2020", new DateOnly(2020, 12, 23));

        FieldReview review = ManifestCrossCheck.Check(job, FieldExtractor.Extract([OcrLines.Page(Certificate)], job.Document.Kind)).Single();

        Assert.AreEqual("applicant.dateOfBirth", review.Field);
        Assert.AreEqual("1990-03-16", review.Manifest);
        Assert.AreEqual("1990-03-15", review.Paper);
        Assert.AreEqual(1, review.Page);
    }

    [TestMethod]
    public void Check_PersonalIdDisagrees_BothValuesMaskedAlike()
    {
        DocumentJob job = Job("birth-certificate", "093090005678", "Nguyễn Văn An", null, null, null);

        FieldReview review = ManifestCrossCheck.Check(job, FieldExtractor.Extract([OcrLines.Page(Certificate)], job.Document.Kind)).Single();

        Assert.AreEqual("applicant.personalId", review.Field);
        Assert.AreEqual("093*******78", review.Manifest);
        Assert.AreEqual("093*******34", review.Paper);
        Assert.IsFalse(review.ToString().Contains("093090001234", StringComparison.Ordinal), "a raw personal ID must never be in a review");
    }

    [TestMethod]
    public void Check_NameDiffersInDiacriticsOnly_FlaggedAndSaidSo()
    {
        DocumentJob job = Job("birth-certificate", "093090001234", "Nguyễn Văn Ân", null, null, null);

        FieldReview review = ManifestCrossCheck.Check(job, FieldExtractor.Extract([OcrLines.Page(Certificate)], job.Document.Kind)).Single();

        Assert.AreEqual("applicant.fullName", review.Field);
        Assert.AreEqual("Nguyễn Văn Ân", review.Manifest);
        Assert.AreEqual("Nguyễn Văn An", review.Paper);
        Assert.AreEqual("diacritics only", review.Note);
    }

    [TestMethod]
    public void Check_OtherName_FlaggedWithoutNote()
    {
        DocumentJob job = Job("birth-certificate", "093090001234", "Trần Văn Bình", null, null, null);

        FieldReview review = ManifestCrossCheck.Check(job, FieldExtractor.Extract([OcrLines.Page(Certificate)], job.Document.Kind)).Single();

        Assert.AreEqual("applicant.fullName", review.Field);
        Assert.IsNull(review.Note);
    }

    [TestMethod]
    public void Check_NumberAndIssueDateDisagree_BothFlagged()
    {
        DocumentJob job = Job("birth-certificate", "093090001234", null, null, "124/2020", new DateOnly(2020, 12, 24));

        IReadOnlyList<FieldReview> review = ManifestCrossCheck.Check(job, FieldExtractor.Extract([OcrLines.Page(Certificate)], job.Document.Kind));

        CollectionAssert.AreEqual(new[] { "document.documentNumber", "document.issuedOn" }, review.Select(r => r.Field).ToArray());
        Assert.AreEqual("124/2020", review[0].Manifest);
        Assert.AreEqual("123", review[0].Paper);
        Assert.AreEqual("2020-12-23", review[1].Paper);
    }

    [TestMethod]
    public void Check_DecisionListingSeveralPeople_ApplicantNotComparedWithTheFirst()
    {
        OcrPage page = OcrLines.Page("Số: 241/QĐ-UBND | Phụng Hiệp, ngày 20 tháng 11 năm 2026", "1. Bà: BÙI THANH HƯƠNG, sinh ngày 16/08/1958.", "Số định danh cá nhân: 093158462726.");
        DocumentJob job = Job("decision", "093090001234", "Nguyễn Văn An", new DateOnly(1990, 3, 15), "241/QĐ-UBND", new DateOnly(2026, 11, 20));

        Assert.AreEqual(0, ManifestCrossCheck.Check(job, FieldExtractor.Extract([page], job.Document.Kind)).Count);
    }

    [TestMethod]
    public void Check_FieldsAbsentFromThePaper_NothingToFlag()
    {
        DocumentJob job = Job("birth-certificate", "093090001234", "Nguyễn Văn An", new DateOnly(1990, 3, 15), "123/2020", new DateOnly(2020, 12, 23));

        Assert.AreEqual(0, ManifestCrossCheck.Check(job, DocumentFields.None).Count);
    }

    [TestMethod]
    [DataRow("123", "123/2020", true, DisplayName = "birth certificate: number without the book's year")]
    [DataRow("241/QĐ-UBND", "241/qđ-ubnd", true, DisplayName = "case")]
    [DataRow("241/QĐ-UBND", "241/2026/QĐ-UBND", true, DisplayName = "year only in the manifest")]
    [DataRow("241/QĐ-UBND", "241/QĐ-HĐND", false, DisplayName = "another issuer")]
    [DataRow("241/QĐ-UBND", "214/QĐ-UBND", false, DisplayName = "another number")]
    [DataRow("93H8411296", "93H8411269", false, DisplayName = "unshaped numbers compare whole")]
    public void SameNumber_Cases(string paper, string manifest, bool same)
    {
        Assert.AreEqual(same, ManifestCrossCheck.SameNumber(paper, manifest));
    }

    private static DocumentJob Job(string kind, string personalId, string? name, DateOnly? born, string? number, DateOnly? issued) =>
        TestJobs.Job(new DocumentEntry(0, kind, DocumentRole.Input, ["0001/01.png"], number, issued, null), [], personalId, name) with { ApplicantDateOfBirth = born };
}

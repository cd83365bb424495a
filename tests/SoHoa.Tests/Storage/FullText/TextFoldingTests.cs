using System.Text;
using Microsoft.Data.Sqlite;
using SoHoa.Storage.FullText;

namespace SoHoa.Tests.Storage.FullText;

/// <summary>How the full-text index folds and splits Vietnamese text, in .NET, before SQLite sees it.</summary>
[TestClass]
public sealed class TextFoldingTests
{
    [TestMethod]
    [DataRow("Giấy khai sinh Nguyễn Văn An", "giay khai sinh nguyen van an")]
    [DataRow("GIẤY KHAI SINH NGUYỄN VĂN AN", "giay khai sinh nguyen van an")]
    [DataRow("ỦY BAN NHÂN DÂN HUYỆN PHỤNG HIỆP", "uy ban nhan dan huyen phung hiep")]
    [DataRow("Trần Quốc Dũng, Đặng Thị Ngọc, ĐỖ ĐỨC", "tran quoc dung, dang thi ngoc, do duc")]
    [DataRow("Ư Ơ ư ơ Ă Â Ê Ô", "u o u o a a e o")]
    [DataRow("ả ã ạ á à ẳ ẵ ặ ắ ằ ẩ ẫ ậ ấ ầ", "a a a a a a a a a a a a a a a")]
    public void Fold_VietnameseCaseToneMarksAndDStroke_GiveBareLowerCaseLetters(string text, string folded)
    {
        Assert.AreEqual(folded, TextFolding.Fold(text));
    }

    [TestMethod]
    public void Fold_NfcAndNfdInput_GiveTheSameText()
    {
        const string text = "Họ, chữ đệm, tên: NGUYỄN VĂN AN; Đặng Thị Hạnh";
        string nfd = text.Normalize(NormalizationForm.FormD);
        Assert.AreNotEqual(text, nfd, "the test text has decomposable letters");

        Assert.AreEqual(TextFolding.Fold(text), TextFolding.Fold(nfd));
        Assert.AreEqual(TextFolding.Exact(text), TextFolding.Exact(nfd));
    }

    [TestMethod]
    public void Fold_DWithStroke_HasNoDecompositionSoIsFoldedByHand()
    {
        Assert.AreEqual("đ", "đ".Normalize(NormalizationForm.FormD), "Unicode leaves đ whole: folding must not rely on decomposition");
        Assert.AreEqual("d", TextFolding.Fold("đ"));
        Assert.AreEqual("d", TextFolding.Fold("Đ"));
    }

    [TestMethod]
    public void Exact_KeepsDiacriticsAndLowersCase()
    {
        Assert.AreEqual("nguyễn đức", TextFolding.Exact("NGUYỄN ĐỨC"));
        Assert.AreNotEqual(TextFolding.Exact("Nguyễn"), TextFolding.Exact("Nguyên"));
    }

    [TestMethod]
    public void Tokenize_PunctuationSeparatesWords_LettersDigitsAndMarksStayTogether()
    {
        const string text = "Số: 123/2020/QĐ-UBND, ngày 23 tháng 12";
        string[] tokens = TextFolding.Tokenize(text).Select(t => text.Substring(t.Start, t.Length)).ToArray();

        CollectionAssert.AreEqual(new[] { "Số", "123", "2020", "QĐ", "UBND", "ngày", "23", "tháng", "12" }, tokens);
    }

    [TestMethod]
    public void From_PageWithPersonalId_MasksItForDisplayAndKeysItInTheIndex()
    {
        IndexedPage page = IndexedPage.From(1, "Số định danh cá nhân: 093090001234\nNguyễn Văn An", digits => "pidkeyed" + digits.Length);

        Assert.AreEqual("Số định danh cá nhân: 093*******34\nNguyễn Văn An", page.Display);
        Assert.AreEqual("số định danh cá nhân pidkeyed12 nguyễn văn an", page.Exact);
        Assert.AreEqual("so dinh danh ca nhan pidkeyed12 nguyen van an", page.Folded);
    }

    [TestMethod]
    public void FromSidecar_BlankPageLeftOutOfThePdf_IsSkippedAndLaterPagesKeepThePdfsNumbers()
    {
        byte[] sidecar = Encoding.UTF8.GetBytes("""
            {"pages":[{"number":1,"inPdf":false,"text":""},{"number":2,"inPdf":true,"text":"Giấy khai sinh"},{"number":3,"inPdf":true,"text":""},{"number":4,"inPdf":true,"text":"Trang cuối"}]}
            """);

        List<IndexedPage> pages = IndexedPage.FromSidecar(sidecar, d => d)!;

        CollectionAssert.AreEqual(new[] { 1, 3 }, pages.Select(p => p.Page).ToArray());
        Assert.IsNull(IndexedPage.FromSidecar("not json"u8.ToArray(), d => d));
        Assert.AreEqual(0, IndexedPage.FromSidecar("{}"u8.ToArray(), d => d)!.Count);
    }

    [TestMethod]
    public void BundledSqlite_HasFts5()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_compileoption_used('ENABLE_FTS5')";

        Assert.AreEqual(1L, command.ExecuteScalar());
    }
}

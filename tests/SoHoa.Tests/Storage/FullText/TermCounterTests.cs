using SoHoa.Storage.FullText;

namespace SoHoa.Tests.Storage.FullText;

/// <summary>How search ranks a page in .NET: each term's occurrences on the page's display text, as the index matches them.</summary>
[TestClass]
public sealed class TermCounterTests
{
    /// <summary>What a term that occurs <paramref name="n"/> times adds: n (k1 + 1) / (n + k1), k1 = 1.2.</summary>
    private static double Saturated(int n) => n * 2.2 / (n + 1.2);

    [TestMethod]
    [DataRow("khai sinh", "GIẤY KHAI SINH. Nơi đăng ký khai sinh: xã Hòa An. Khai sinh lại", 3, 3)]
    [DataRow("khai sinh", "khai-sinh/khai_sinh", 2, 2)]
    [DataRow("\"van an\" hoa", "Nguyễn Văn An, xã Hòa An, Văn phòng, An Văn", 1, 1)]
    [DataRow("nguy* an", "Nguyễn Văn An, Nguyệt, ngu, NGUY", 3, 1)]
    [DataRow("dang duc", "ĐẶNG ĐỨC ĐỘ, Đặng", 2, 1)]
    [DataRow("093090001234 an", "Số định danh: 093*******34, An", 1, 1)]
    public void Score_CountsEachTermsOccurrencesAsTheIndexMatchesThem(string query, string page, int first, int second)
    {
        var counter = new TermCounter(SearchQuery.Parse(query));

        Assert.AreEqual(Saturated(first) + Saturated(second), counter.Score(page), 1e-9);
    }

    [TestMethod]
    public void Score_Exact_CountsOnlyTheSameDiacriticsButIgnoresCase()
    {
        var exact = new TermCounter(SearchQuery.Parse("nguyễn", exact: true));
        var folded = new TermCounter(SearchQuery.Parse("nguyễn"));
        const string page = "NGUYỄN Văn An, thôn Nguyên Bình, Nguyễn Thị Hạnh";

        Assert.AreEqual(Saturated(2), exact.Score(page), 1e-9);
        Assert.AreEqual(Saturated(3), folded.Score(page), 1e-9);
    }

    [TestMethod]
    public void Score_MoreOccurrences_WeighLessEachAndAPageWithoutTheTermsScoresNothing()
    {
        var counter = new TermCounter(SearchQuery.Parse("hoa an"));

        double once = counter.Score("Hòa An");
        double twice = counter.Score("Hòa An, Hòa An");
        double thrice = counter.Score("Hòa An, Hòa An, Hòa An");

        Assert.AreEqual(0, counter.Score("Phụng Hiệp, Hậu Giang"));
        Assert.IsTrue(once < twice && twice < thrice, $"{once} {twice} {thrice}");
        Assert.IsTrue(thrice - twice < twice - once, "saturating");
    }

    [TestMethod]
    public void Score_AgreesWithTheTokenizerOnEveryCharacterClass()
    {
        const string page = "Số: 123/2020/QĐ-UBND ngày 05.12.2026; ô\u0301 (NFD mark) và ×÷ ký hiệu ⅻ";
        string[] tokens = TextFolding.Tokenize(page).Select(t => TextFolding.Fold(page.Substring(t.Start, t.Length))).ToArray();

        foreach (string token in tokens.Distinct())
        {
            var counter = new TermCounter(SearchQuery.Parse(token));
            Assert.AreEqual(Saturated(tokens.Count(t => t == token)), counter.Score(page), 1e-9, token);
        }
    }
}

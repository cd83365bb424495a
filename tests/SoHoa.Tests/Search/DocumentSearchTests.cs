using System.Text;
using SoHoa.Search;
using SoHoa.Storage.FullText;

namespace SoHoa.Tests.Search;

/// <summary>Full-text search over a real folder store: folding, exact mode, phrases, prefixes, ranking and snippets.</summary>
[TestClass]
public sealed class DocumentSearchTests
{
    private const string BirthCertificate = """
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        GIẤY KHAI SINH
        Số: 123
        Họ, chữ đệm, tên: NGUYỄN VĂN AN
        Nơi sinh: Trạm Y tế xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang
        Số định danh cá nhân: 093090001234
        Họ, chữ đệm, tên người mẹ: VÕ THU OANH
        """;

    [TestMethod]
    public async Task Search_WithoutDiacritics_FindsTheVietnameseText()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync([BirthCertificate]);
        await store.AddAsync(["GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH\nChủ hộ: Trần Thị Mai"]);

        SearchResults results = await store.FindAsync("giay khai sinh nguyen van an");

        Assert.AreEqual(1, results.Hits.Count);
        Assert.AreEqual(id, results.Hits[0].Document.DocumentId);
        Assert.IsTrue(results.IndexComplete);
    }

    [TestMethod]
    public async Task Search_NfdQueryOrNfdText_MatchesTheOtherForm()
    {
        using var store = new SearchStore();
        string nfcDocument = await store.AddAsync(["Người đi khai sinh: Nguyễn Văn An"]);
        string nfdDocument = await store.AddAsync(["Nơi cư trú: ấp Tân Phú, xã Hỏa Lựu".Normalize(NormalizationForm.FormD)]);

        CollectionAssert.AreEqual(new[] { nfcDocument }, (await store.FindAsync("Nguyễn".Normalize(NormalizationForm.FormD), exact: true)).Hits.Select(h => h.Document.DocumentId).ToArray());
        CollectionAssert.AreEqual(new[] { nfdDocument }, (await store.FindAsync("Hỏa Lựu", exact: true)).Hits.Select(h => h.Document.DocumentId).ToArray());
        CollectionAssert.AreEqual(new[] { nfdDocument }, (await store.FindAsync("hoa luu")).Hits.Select(h => h.Document.DocumentId).ToArray());
    }

    [TestMethod]
    public async Task Search_DWithStroke_IsFoldedInTextAndQuery()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync(["ĐẶNG ĐỨC ĐỘ, Đồng Tháp"]);

        Assert.AreEqual(id, (await store.FindAsync("dang duc do dong")).Hits.Single().Document.DocumentId);
        Assert.AreEqual(id, (await store.FindAsync("đặng đức")).Hits.Single().Document.DocumentId);
        Assert.AreEqual(0, (await store.FindAsync("dang duc", exact: true)).Hits.Count, "exact mode keeps đ apart from d");
    }

    [TestMethod]
    public async Task Search_Exact_DoesNotMatchADifferentlyAccentedWordButIgnoresCase()
    {
        using var store = new SearchStore();
        string nguyen = await store.AddAsync(["Họ và tên: NGUYỄN VĂN AN"]);
        string nguyenWithoutTone = await store.AddAsync(["Thôn Nguyên Bình, xã An Lạc"]);

        CollectionAssert.AreEqual(new[] { nguyen }, (await store.FindAsync("nguyễn", exact: true)).Hits.Select(h => h.Document.DocumentId).ToArray());
        CollectionAssert.AreEquivalent(new[] { nguyen, nguyenWithoutTone }, (await store.FindAsync("nguyễn")).Hits.Select(h => h.Document.DocumentId).ToArray());
    }

    [TestMethod]
    public async Task Search_Phrase_NeedsTheWordsTogetherAndInOrder()
    {
        using var store = new SearchStore();
        string together = await store.AddAsync(["Người khai: Nguyễn Văn An, ấp Tân Phú"]);
        string apart = await store.AddAsync(["Xã Hòa An, người ký: Lê Văn Bình"]);

        CollectionAssert.AreEqual(new[] { together }, (await store.FindAsync("\"van an\"")).Hits.Select(h => h.Document.DocumentId).ToArray());
        CollectionAssert.AreEquivalent(new[] { together, apart }, (await store.FindAsync("van an")).Hits.Select(h => h.Document.DocumentId).ToArray());
    }

    [TestMethod]
    public async Task Search_Prefix_MatchesTheStartOfAWord()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync(["Họ và tên: Nguyễn Thị Hạnh"]);
        await store.AddAsync(["Xã Nguyệt Hóa"]);

        CollectionAssert.AreEqual(new[] { id }, (await store.FindAsync("nguye* hanh")).Hits.Select(h => h.Document.DocumentId).ToArray());
        Assert.AreEqual(2, (await store.FindAsync("nguy*")).Hits.Count);
        Assert.AreEqual(0, (await store.FindAsync("nguy")).Hits.Count, "without the star a word must match whole");
    }

    [TestMethod]
    public async Task Search_Ranking_PutsTheDocumentWhereTheTermsWeighMoreFirst()
    {
        using var store = new SearchStore();
        string filler = string.Join(' ', Enumerable.Repeat("Ủy ban nhân dân xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang.", 20));
        string once = await store.AddAsync(["Giấy khai sinh. " + filler]);
        string often = await store.AddAsync(["GIẤY KHAI SINH\nNơi đăng ký khai sinh: xã Hòa An\nNgười đi khai sinh: Nguyễn Văn An"]);
        string middle = await store.AddAsync(["Giấy khai sinh, bản sao. Khai sinh lại. " + string.Join(' ', Enumerable.Repeat("Hậu Giang.", 10))]);

        SearchResults results = await store.FindAsync("khai sinh");

        CollectionAssert.AreEqual(new[] { often, middle, once }, results.Hits.Select(h => h.Document.DocumentId).ToArray());
        Assert.IsTrue(results.Hits[0].Score < results.Hits[1].Score && results.Hits[1].Score < results.Hits[2].Score, "the score is minus how often the best page holds the terms: lower is better");
    }

    [TestMethod]
    public async Task Search_PlainWordsStandingTogether_RankAheadOfTheSameWordsApart()
    {
        using var store = new SearchStore();
        string apart = await store.AddAsync(["Đỗ Văn Mỹ, Mỹ Chi, chi nhánh Đồ Sơn, chị Mỹ, Đỗ Chí"]);
        string together = await store.AddAsync(["Người yêu cầu: bà Đỗ Mỹ Chi, ấp Tân Phú, xã Hòa An, huyện Phụng Hiệp, tỉnh Hậu Giang"]);

        SearchResults results = await store.FindAsync("do my chi");

        CollectionAssert.AreEqual(new[] { together, apart }, results.Hits.Select(h => h.Document.DocumentId).ToArray());
        Assert.IsTrue(results.Hits[1].Score < results.Hits[0].Score, "on occurrences alone the page with more of the words would come first");
    }

    [TestMethod]
    public async Task Search_PagesHoldingEveryPairOfTheWordsButApart_AreNotTakenForTheWordsTogether()
    {
        using var store = new SearchStore();
        // "do my" and "my chi" are both on this page, "do my chi" is not: the pair index alone would rank it first.
        string pairsApart = await store.AddAsync(["Đỗ Mỹ Lan, Đỗ Mỹ Lan, Đỗ Mỹ Lan, em gái Mỹ Chi, Mỹ Chi"]);
        string together = await store.AddAsync(["Người yêu cầu: bà Đỗ Mỹ Chi, ấp Tân Phú, xã Hòa An"]);

        SearchResults results = await store.FindAsync("do my chi");

        CollectionAssert.AreEqual(new[] { together, pairsApart }, results.Hits.Select(h => h.Document.DocumentId).ToArray());
        Assert.IsTrue(results.Hits[1].Score < results.Hits[0].Score, "on occurrences alone the page with the pairs apart would come first");
    }

    [TestMethod]
    public async Task Search_PagesHoldingTheTermsEquallyOften_RankTheLatestStoredFirst()
    {
        using var store = new SearchStore();
        var day = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
        string middle = await store.AddAsync(["Giấy khai sinh Nguyễn Văn An"], storedAt: day.AddDays(1));
        string latest = await store.AddAsync(["Giấy khai sinh Trần Quốc Dũng"], storedAt: day.AddDays(2));
        string earliest = await store.AddAsync(["Giấy khai sinh Lê Thị Hồng"], storedAt: day);

        SearchResults results = await store.FindAsync("khai sinh");

        CollectionAssert.AreEqual(new[] { latest, middle, earliest }, results.Hits.Select(h => h.Document.DocumentId).ToArray(), "by when stored, not by when indexed");
        Assert.AreEqual(1, results.Hits.Select(h => h.Score).Distinct().Count());
    }

    [TestMethod]
    public async Task Search_MorePagesThanTheRankWindow_RanksTheNewestAndSaysSo()
    {
        using var store = new SearchStore();
        string[] ids = await FivePapersWithARankWindowOf3Async(store);

        SearchResults broad = await store.Search.SearchAsync(new SearchRequest("giay") { Limit = 1 }, SearchStore.Officer);
        SearchResults narrow = await store.Search.SearchAsync(new SearchRequest("giay") { Kind = "decision" }, SearchStore.Officer);

        Assert.IsTrue(broad.Capped);
        Assert.AreEqual(3, broad.TotalDocuments, "at least 3: the ones ranked");
        CollectionAssert.AreEqual(new[] { ids[4] }, broad.Hits.Select(h => h.Document.DocumentId).ToArray(), "among the newest, the latest stored first");
        Assert.IsFalse(narrow.Capped);
    }

    [TestMethod]
    public async Task Search_LimitOverHalfTheRankWindow_WidensTheWindowToTwiceTheLimit()
    {
        using var store = new SearchStore();
        string[] ids = await FivePapersWithARankWindowOf3Async(store);

        SearchResults results = await store.Search.SearchAsync(new SearchRequest("giay") { Limit = 4 }, SearchStore.Officer);

        Assert.IsFalse(results.Capped, "a window of 8 pages holds all 5");
        Assert.AreEqual(5, results.TotalDocuments);
        CollectionAssert.AreEqual(ids[1..].Reverse().ToArray(), results.Hits.Select(h => h.Document.DocumentId).ToArray(), "the 4 latest stored, latest first");
    }

    [TestMethod]
    public async Task Search_Snippet_ShowsTheOriginalDiacriticsOfTheBestPageWithItsNumber()
    {
        using var store = new SearchStore();
        await store.AddAsync([null, "TỜ KHAI ĐĂNG KÝ KHAI SINH\nNgười yêu cầu: Trần Quốc Dũng", BirthCertificate]);

        SearchHit hit = (await store.FindAsync("nguyen van an")).Hits.Single();

        Assert.AreEqual(2, hit.Page, "page 1 was blank and left out of the PDF: the birth certificate is the PDF's second page");
        CollectionAssert.AreEqual(new[] { 2 }, hit.Pages.ToArray());
        StringAssert.Contains(hit.Snippet.Marked(), "Họ, chữ đệm, tên: «NGUYỄN» «VĂN» «AN»");
        StringAssert.Contains(hit.Snippet.Text, "Hòa An", "the snippet is the recognized text with its diacritics, not the folded form");
        Assert.IsFalse(hit.Snippet.Text.Contains('\n'), "line breaks become spaces");
    }

    [TestMethod]
    public async Task Search_SnippetOfALongPage_IsAWindowAroundTheMatches()
    {
        using var store = new SearchStore();
        string before = string.Join(' ', Enumerable.Range(1, 60).Select(i => "trước" + i));
        string after = string.Join(' ', Enumerable.Range(1, 60).Select(i => "sau" + i));
        await store.AddAsync([$"{before} Căn cước công dân số 093090001234 của Nguyễn Văn An {after}"]);

        SearchSnippet snippet = (await store.FindAsync("\"can cuoc\" 093090001234")).Hits.Single().Snippet;

        Assert.IsTrue(snippet.Text.StartsWith("… ", StringComparison.Ordinal) && snippet.Text.EndsWith(" …", StringComparison.Ordinal), snippet.Text);
        StringAssert.Contains(snippet.Marked(), "«Căn cước» công dân số «093*******34»");
        Assert.IsFalse(snippet.Text.Contains("093090001234"), "a personal ID is shown masked");
    }

    [TestMethod]
    public async Task Search_LimitAndTotal_CountDocumentsNotPages()
    {
        using var store = new SearchStore();
        for (int i = 0; i < 5; i++)
        {
            await store.AddAsync(["Giấy khai sinh trang một", "Giấy khai sinh trang hai"]);
        }

        SearchResults results = await store.Search.SearchAsync(new SearchRequest("khai sinh") { Limit = 3 }, SearchStore.Officer);

        Assert.AreEqual(3, results.Hits.Count);
        Assert.AreEqual(5, results.TotalDocuments);
        CollectionAssert.AreEqual(new[] { 1, 2 }, results.Hits[0].Pages.ToArray());
    }

    [TestMethod]
    public async Task Search_HostileQueries_RunOrAreRefusedClearly()
    {
        using var store = new SearchStore();
        await store.AddAsync([BirthCertificate]);
        string[] queries =
        [
            "\"", "\"\"\"", "NEAR(", "NEAR(an van, 2)", "*", "-", "", " ", "an*", "\"an", "an\"", "AND", "OR an", "NOT", "an AND OR", "(an", "an)",
            "{folded}: an", "exact:an", "^an", "an + van", "an:*", "\u0301", "'; DROP TABLE documents; --", "\0", "a\u001Fb\nc", "093090001234*", "**an**",
            new string('"', 100), "x*y*z*", "\"nguyen van an\"*", "an \uD800 van", "\uDC00", "an\uD800",
        ];

        foreach (string query in queries)
        {
            try
            {
                await store.FindAsync(query);
            }
            catch (SearchQueryException)
            {
                // A clear refusal is fine.
            }
        }

        Assert.AreEqual(1, (await store.FindAsync("nguyen")).Hits.Count, "the store still answers");
    }

    /// <summary>Five one-page papers that all match "giay", stored one after the other, in a store whose rank window is 3 pages.</summary>
    private static async Task<string[]> FivePapersWithARankWindowOf3Async(SearchStore store)
    {
        store.Store.FullText.Window = 3;
        string[] ids = new string[5];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = await store.AddAsync([$"Giấy khai sinh số {i}"]);
        }

        return ids;
    }
}

using System.Text;
using SoHoa.Storage.FullText;

namespace SoHoa.Tests.Storage.FullText;

/// <summary>The query language: words, phrases, prefixes, and everything else as plain text, never FTS5 syntax.</summary>
[TestClass]
public sealed class SearchQueryTests
{
    [TestMethod]
    public void Parse_WordsPhrasesAndPrefixes_GiveOneTermEach()
    {
        SearchQuery query = SearchQuery.Parse("giấy \"nguyễn văn an\" nguy* 123/2020");

        Assert.AreEqual(4, query.Terms.Count);
        CollectionAssert.AreEqual(new[] { "giấy" }, query.Terms[0].Tokens.ToArray());
        Assert.IsTrue(query.Terms[1].Quoted);
        CollectionAssert.AreEqual(new[] { "nguyễn", "văn", "an" }, query.Terms[1].Tokens.ToArray());
        Assert.IsTrue(query.Terms[2].Prefix);
        Assert.IsFalse(query.Terms[0].Prefix);
        CollectionAssert.AreEqual(new[] { "123", "2020" }, query.Terms[3].Tokens.ToArray(), "a word split by punctuation is a phrase of its parts");
    }

    [TestMethod]
    public void Parse_NfdQuery_IsReadAsNfc()
    {
        SearchQuery query = SearchQuery.Parse("Nguyễn".Normalize(NormalizationForm.FormD));

        Assert.AreEqual("Nguyễn", query.Terms[0].Tokens[0]);
    }

    [TestMethod]
    public void Parse_UnbalancedQuote_RunsThePhraseToTheEnd()
    {
        SearchQuery query = SearchQuery.Parse("khai \"nguyen van");

        Assert.AreEqual(2, query.Terms.Count);
        Assert.IsTrue(query.Terms[1].Quoted);
        CollectionAssert.AreEqual(new[] { "nguyen", "van" }, query.Terms[1].Tokens.ToArray());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("*")]
    [DataRow("-")]
    [DataRow("\"\"")]
    [DataRow("\"")]
    [DataRow("( ) : ^ + - * \"")]
    public void Parse_NoWordToSearch_IsAClearError(string text)
    {
        var error = Assert.ThrowsExactly<SearchQueryException>(() => SearchQuery.Parse(text));

        StringAssert.Contains(error.Message, "no word to search for");
        Assert.AreEqual(SoHoaErrorCode.InvalidQuery, error.Code);
    }

    [TestMethod]
    public void Parse_OperatorsAndPunctuation_AreWordsOrSeparators()
    {
        SearchQuery query = SearchQuery.Parse("NEAR(an van) OR -dung ^x col:word");

        string[] tokens = query.Terms.SelectMany(t => t.Tokens).ToArray();
        CollectionAssert.AreEqual(new[] { "NEAR", "an", "van", "OR", "dung", "x", "col", "word" }, tokens);
    }

    [TestMethod]
    public void Parse_PrefixOfOneLetter_IsRefusedWithTheRule()
    {
        var error = Assert.ThrowsExactly<SearchQueryException>(() => SearchQuery.Parse("nguyen a*"));

        StringAssert.Contains(error.Message, "at least 2 letters or digits");
    }

    [TestMethod]
    public void Parse_TooLongOrTooManyTerms_IsRefusedWithTheLimitAndNotTheText()
    {
        var tooLong = Assert.ThrowsExactly<SearchQueryException>(() => SearchQuery.Parse("093090001234 " + new string('a', SearchQuery.MaxLength)));
        var tooMany = Assert.ThrowsExactly<SearchQueryException>(() => SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, SearchQuery.MaxTerms + 1).Select(i => "w" + i))));

        StringAssert.Contains(tooLong.Message, SearchQuery.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsFalse(tooLong.Message.Contains("093090001234"), "the query is never quoted");
        StringAssert.Contains(tooMany.Message, "at most 16");
    }

    [TestMethod]
    public void PairWords_PlainWordsFolded_JoinedInNeighbouringPairs()
    {
        string[]? words = FtsExpression.PairWords(SearchQuery.Parse("Đỗ MỸ chi"), _ => "pid");

        CollectionAssert.AreEqual(new[] { "do", "my", "chi" }, words);
        Assert.AreEqual("\"do\uE000my\" AND \"my\uE000chi\"", FtsExpression.TogetherPairs(words!));
    }

    [TestMethod]
    [DataRow("nguyen", false, DisplayName = "one word")]
    [DataRow("nguyen van an", true, DisplayName = "exact mode")]
    [DataRow("\"nguyen van\" an", false, DisplayName = "a quoted phrase")]
    [DataRow("nguyen van ano*", false, DisplayName = "a prefix")]
    public void PairWords_NotPlainFoldedWords_NoPairs(string typed, bool exact)
    {
        Assert.IsNull(FtsExpression.PairWords(SearchQuery.Parse(typed, exact), _ => "pid"));
    }
}

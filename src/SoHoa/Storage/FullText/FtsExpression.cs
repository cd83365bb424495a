namespace SoHoa.Storage.FullText;

/// <summary>
/// Turns a parsed <see cref="SearchQuery"/> into FTS5 MATCH expressions. Every token is folded (or lower-cased, in exact
/// mode) and quoted, so nothing typed is read as FTS5 syntax; a 12-digit number becomes the keyed token the index holds.
/// </summary>
internal static class FtsExpression
{
    /// <summary>Every term must be on the page, each term's tokens together: <c>"giay" AND "123 2020" AND "nguy" *</c>.</summary>
    public static string AllTerms(SearchQuery query, Func<string, string> keyedId)
    {
        string[] terms = query.Terms.Select(t => Phrase(t.Tokens, t.Prefix, query.Exact, keyedId)).Where(p => p is not null).ToArray()!;
        return terms.Length == 0
            ? throw new SearchQueryException("The query has no word to search for once its marks are set aside.")
            : string.Join(" AND ", terms);
    }

    /// <summary>
    /// For a query of two or more plain words (none quoted; only the last may be a prefix): the words standing together
    /// in the order typed, as one phrase; null otherwise.
    /// </summary>
    public static string? Together(SearchQuery query, Func<string, string> keyedId)
    {
        IReadOnlyList<SearchTerm> terms = query.Terms;
        bool plainWords = terms.Count >= 2 && terms.All(t => !t.Quoted && t.Tokens.Count == 1) && terms.Take(terms.Count - 1).All(t => !t.Prefix);
        return plainWords ? Phrase(terms.Select(t => t.Tokens[0]).ToArray(), terms[^1].Prefix, query.Exact, keyedId) : null;
    }

    /// <summary>
    /// For a query of two or more plain words, none quoted and none a prefix, in folded mode: the words folded (a
    /// 12-digit number as its keyed token), which <see cref="TogetherPairs"/> joins in pairs; null otherwise.
    /// </summary>
    public static string[]? PairWords(SearchQuery query, Func<string, string> keyedId)
    {
        IReadOnlyList<SearchTerm> terms = query.Terms;
        if (query.Exact || terms.Count < 2 || terms.Any(t => t.Quoted || t.Prefix || t.Tokens.Count != 1))
        {
            return null;
        }

        string[] words = terms.Select(t => TextFolding.LooksLikePersonalId(t.Tokens[0]) ? keyedId(t.Tokens[0]) : TextFolding.Fold(t.Tokens[0])).Where(w => w.Length > 0).ToArray();
        return words.Length < 2 ? null : words;
    }

    /// <summary>
    /// Every pair of neighbouring <paramref name="words"/> as one token of the pair index (<see cref="IndexedPage.Pair"/>),
    /// all required: <c>"do\uE000my" AND "my\uE000chi"</c>. Pairs are rare where syllables are common, so FTS5 finds
    /// them without scanning the pages of every syllable, as a phrase of those syllables would.
    /// </summary>
    public static string TogetherPairs(string[] words) =>
        string.Join(" AND ", words.Zip(words.Skip(1), (a, b) => "\"" + IndexedPage.Pair(a, b).Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>One quoted FTS5 phrase of <paramref name="tokens"/>, or null when none is left (a token of marks alone folds to nothing).</summary>
    private static string? Phrase(IReadOnlyList<string> tokens, bool prefix, bool exact, Func<string, string> keyedId)
    {
        string[] forms = tokens
            .Select(t => TextFolding.LooksLikePersonalId(t) ? keyedId(t) : exact ? TextFolding.Exact(t) : TextFolding.Fold(t))
            .Where(t => t.Length > 0)
            .ToArray();
        if (forms.Length == 0)
        {
            return null;
        }

        string phrase = "\"" + string.Join(' ', forms).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return prefix && !TextFolding.LooksLikePersonalId(tokens[^1]) ? phrase + " *" : phrase;
    }
}

using System.Text;

namespace SoHoa.Storage.FullText;

/// <summary>One term of a query: a word, a word split by punctuation (<c>123/2020</c>), or a quoted phrase; all its tokens must follow each other.</summary>
/// <param name="Tokens">The tokens as typed (NFC), in order.</param>
/// <param name="Prefix">True when the last token is a prefix (<c>nguy*</c>).</param>
/// <param name="Quoted">True when the user quoted it as a phrase.</param>
public sealed record SearchTerm(IReadOnlyList<string> Tokens, bool Prefix, bool Quoted);

/// <summary>
/// A search query as people type it, parsed by SoHoa and never handed to SQLite as typed: words, <c>"quoted phrases"</c>
/// and prefixes (<c>word*</c>); every term must appear (there is no OR or NOT). Anything else (FTS5 operators such as
/// <c>NEAR(</c>, <c>AND</c>, <c>-</c>, <c>^</c>, parentheses, colons) is plain text: punctuation separates words, and
/// operator words are searched for as words. A quote left open runs to the end of the query.
/// </summary>
public sealed class SearchQuery
{
    /// <summary>The longest query accepted, in characters.</summary>
    public const int MaxLength = 500;

    /// <summary>The most terms a query may have.</summary>
    public const int MaxTerms = 16;

    /// <summary>The fewest letters or digits a prefix may have before its <c>*</c>.</summary>
    public const int MinPrefixLength = 2;

    private SearchQuery(string text, bool exact, IReadOnlyList<SearchTerm> terms)
    {
        Text = text;
        Exact = exact;
        Terms = terms;
    }

    /// <summary>The query as typed, in NFC.</summary>
    public string Text { get; }

    /// <summary>True to match diacritics exactly (case still ignored); false to ignore diacritics, case and đ/Đ.</summary>
    public bool Exact { get; }

    /// <summary>The terms, in the order typed.</summary>
    public IReadOnlyList<SearchTerm> Terms { get; }

    /// <summary>
    /// Parses <paramref name="text"/>; a <see cref="SearchQueryException"/> says what is wrong when it has no word to search
    /// for, is too long, or has a prefix too short. The message never quotes the query (it may hold a personal ID).
    /// </summary>
    public static SearchQuery Parse(string text, bool exact = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new SearchQueryException($"The query has {text.Length} characters; at most {MaxLength} are accepted.");
        }

        string normalized = TextFolding.Nfc(text);
        var terms = new List<SearchTerm>();
        int i = 0;
        while (i < normalized.Length)
        {
            char c = normalized[i];
            if (c == '"')
            {
                int end = normalized.IndexOf('"', i + 1);
                string phrase = end < 0 ? normalized[(i + 1)..] : normalized[(i + 1)..end];
                i = end < 0 ? normalized.Length : end + 1;
                Add(terms, phrase, quoted: true);
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else
            {
                int end = i;
                while (end < normalized.Length && !char.IsWhiteSpace(normalized[end]) && normalized[end] != '"')
                {
                    end++;
                }

                Add(terms, normalized[i..end], quoted: false);
                i = end;
            }
        }

        if (terms.Count == 0)
        {
            throw new SearchQueryException("The query has no word to search for: give at least one word of letters or digits (punctuation and operators alone are not searched).");
        }

        if (terms.Count > MaxTerms)
        {
            throw new SearchQueryException($"The query has {terms.Count} terms; at most {MaxTerms} are accepted.");
        }

        return new SearchQuery(normalized, exact, terms);
    }

    /// <summary>Adds the term that <paramref name="part"/> makes, if it has any token.</summary>
    private static void Add(List<SearchTerm> terms, string part, bool quoted)
    {
        string trimmed = part.TrimEnd();
        bool prefix = trimmed.EndsWith('*');
        List<TextFolding.Token> found = TextFolding.Tokenize(trimmed);
        if (found.Count == 0)
        {
            return;
        }

        // A prefix star belongs to the last token only when it follows it directly ("nguy*", not "nguy *").
        TextFolding.Token last = found[^1];
        prefix &= last.Start + last.Length == trimmed.Length - 1;
        if (prefix && last.Length < MinPrefixLength)
        {
            throw new SearchQueryException($"A prefix needs at least {MinPrefixLength} letters or digits before its '*'.");
        }

        terms.Add(new SearchTerm(found.Select(t => trimmed.Substring(t.Start, t.Length)).ToArray(), prefix, quoted));
    }
}

/// <summary>A search query that cannot be run, with what is wrong in words (the query itself is never quoted).</summary>
public sealed class SearchQueryException : SoHoaException
{
    /// <summary>Creates the exception with what is wrong.</summary>
    public SearchQueryException(string message)
        : base(SoHoaErrorCode.InvalidQuery, message)
    {
    }
}

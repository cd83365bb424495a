namespace SoHoa.Storage.FullText;

/// <summary>
/// Counts how often each term of a query occurs in a page's display text, as the index would match it (folded or exact,
/// a term's tokens one after the other, the last a prefix when the term is): what ranks the matching pages in .NET
/// instead of bm25 in SQLite, which reads every term's whole doclist before ranking a single page. Made once a search,
/// then run over every page it ranks, so a page is read once, character by character, without allocating.
/// </summary>
internal sealed class TermCounter
{
    /// <summary>The most different tokens a query's terms may have for pages to be scored (a bit each); past it every page scores 0.</summary>
    private const int MaxWanted = 64;

    /// <summary>Tokens longer than this are compared by their start only: no query token is this long.</summary>
    private const int MaxToken = 128;

    /// <summary>Where an occurrence saturates (bm25's k1): a term ten times on a page weighs little more than three times.</summary>
    private const double Saturation = 1.2;

    private readonly bool _exact;
    private readonly string[] _wanted;
    private readonly bool[] _prefix;
    private readonly int[][] _terms;

    /// <summary>Every term's tokens one after the other: the query's words standing together in the order typed.</summary>
    private readonly int[] _inOrder;

    public TermCounter(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        _exact = query.Exact;
        var wanted = new List<(string Form, bool Prefix)>();
        var terms = new List<int[]>();
        foreach (SearchTerm term in query.Terms)
        {
            string[] tokens = DisplayTokens(term, query.Exact);
            var indexes = new int[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
            {
                (string, bool) key = (tokens[i], term.Prefix && i == tokens.Length - 1);
                int at = wanted.IndexOf(key);
                indexes[i] = at >= 0 ? at : wanted.Count;
                if (at < 0)
                {
                    wanted.Add(key);
                }
            }

            if (indexes.Length > 0)
            {
                terms.Add(indexes);
            }
        }

        _wanted = wanted.Select(w => w.Form).ToArray();
        _prefix = wanted.Select(w => w.Prefix).ToArray();
        _terms = wanted.Count <= MaxWanted ? terms.ToArray() : [];
        _inOrder = [.. _terms.SelectMany(t => t)];
    }

    /// <summary>
    /// A term's tokens as they look in the display text: a 12-digit number is masked there, so it is its first three and
    /// last two digits; folded or exact as the query asks, tokens of marks alone left out.
    /// </summary>
    public static string[] DisplayTokens(SearchTerm term, bool exact) =>
        term.Tokens.SelectMany(t => TextFolding.LooksLikePersonalId(t) ? [t[..3], t[^2..]] : new[] { Form(t, exact) }).Where(t => t.Length > 0).ToArray();

    /// <summary>A token's form for matching: folded, or lower case with its diacritics in exact mode.</summary>
    public static string Form(string token, bool exact) => exact ? TextFolding.Exact(token) : TextFolding.Fold(token);

    /// <summary>
    /// How much of the query <paramref name="page"/> holds: for each term, its occurrences saturated as bm25 does
    /// (<c>n (k1 + 1) / (n + k1)</c>), summed. Higher is better; pages of one template differ by how often they repeat
    /// the terms. Without bm25's rarity weight: every page ranked holds every term.
    /// </summary>
    public double Score(string page) => Read(page).Score;

    /// <summary>
    /// The page's <see cref="Score"/>, and whether the query's terms stand together on it in the order typed, from one
    /// reading of the page.
    /// </summary>
    public (double Score, bool InOrder) Read(string page)
    {
        if (_terms.Length == 0)
        {
            return (0, false);
        }

        ulong[] masks = System.Buffers.ArrayPool<ulong>.Shared.Rent(Math.Max(16, page.Length / 2 + 1));
        try
        {
            int count = Tokens(page, masks);
            double score = 0;
            foreach (int[] term in _terms)
            {
                int occurrences = Occurrences(masks, count, term, firstOnly: false);
                score += occurrences * (Saturation + 1) / (occurrences + Saturation);
            }

            return (score, Occurrences(masks, count, _inOrder, firstOnly: true) > 0);
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(masks);
        }
    }

    /// <summary>
    /// Where each term occurs on <paramref name="page"/>, read the same way as <see cref="Read"/>: the page's tokens (as
    /// <see cref="TextFolding.Tokenize"/> splits them) and, for every occurrence, its first and last token and the
    /// term's number. What a snippet highlights; nothing is found when the query has more than 64 different tokens.
    /// </summary>
    public (List<TextFolding.Token> Tokens, List<(int First, int Last, int Term)> Occurrences) Locate(string page)
    {
        var tokens = new List<TextFolding.Token>();
        var occurrences = new List<(int First, int Last, int Term)>();
        ulong[] masks = System.Buffers.ArrayPool<ulong>.Shared.Rent(Math.Max(16, page.Length / 2 + 1));
        try
        {
            int count = Tokens(page, masks, tokens);
            for (int term = 0; term < _terms.Length; term++)
            {
                int[] sequence = _terms[term];
                for (int i = 0; i + sequence.Length <= count; i++)
                {
                    if (Follows(masks, i, sequence))
                    {
                        occurrences.Add((i, i + sequence.Length - 1, term));
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(masks);
        }

        return (tokens, occurrences);
    }

    /// <summary>How many times the wanted tokens of <paramref name="sequence"/> follow one another among the page's tokens (at most one with <paramref name="firstOnly"/>).</summary>
    private static int Occurrences(ulong[] masks, int count, int[] sequence, bool firstOnly)
    {
        int occurrences = 0;
        for (int i = 0; i + sequence.Length <= count; i++)
        {
            if (Follows(masks, i, sequence) && ++occurrences == 1 && firstOnly)
            {
                break;
            }
        }

        return occurrences;
    }

    /// <summary>True when the page's tokens from <paramref name="at"/> on are the wanted tokens of <paramref name="sequence"/>, in order.</summary>
    private static bool Follows(ulong[] masks, int at, int[] sequence)
    {
        int j = 0;
        while (j < sequence.Length && (masks[at + j] & (1UL << sequence[j])) != 0)
        {
            j++;
        }

        return j == sequence.Length;
    }

    /// <summary>
    /// Splits <paramref name="page"/> into tokens as <see cref="TextFolding.Tokenize"/> does and writes, for each, the bit
    /// set of the wanted tokens it matches (and, when <paramref name="bounds"/> is given, where it is); returns how many tokens.
    /// </summary>
    private int Tokens(string page, ulong[] masks, List<TextFolding.Token>? bounds = null)
    {
        Span<char> token = stackalloc char[MaxToken];
        int length = 0, count = 0, start = 0;
        bool inToken = false;
        ulong[] tokenChars = TextFolding.TokenCharBits;
        char[] fold = TextFolding.FoldChars;
        for (int i = 0; i <= page.Length; i++)
        {
            char c = i < page.Length ? page[i] : ' ';
            if ((tokenChars[c >> 6] & (1UL << (c & 63))) != 0)
            {
                start = inToken ? start : i;
                inToken = true;
                char form = _exact ? char.ToLowerInvariant(c) : fold[c];
                if (form != '\0' && length < MaxToken)
                {
                    token[length++] = form;
                }
            }
            else if (inToken)
            {
                masks[count++] = Match(token[..length]);
                bounds?.Add(new TextFolding.Token(start, i - start));
                (inToken, length) = (false, 0);
            }
        }

        return count;
    }

    private ulong Match(ReadOnlySpan<char> token)
    {
        ulong mask = 0;
        for (int w = 0; w < _wanted.Length && w < MaxWanted; w++)
        {
            if (_prefix[w] ? token.StartsWith(_wanted[w], StringComparison.Ordinal) : token.SequenceEqual(_wanted[w]))
            {
                mask |= 1UL << w;
            }
        }

        return mask;
    }
}

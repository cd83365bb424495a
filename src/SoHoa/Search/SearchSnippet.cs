using System.Text;
using SoHoa.Storage.FullText;

namespace SoHoa.Search;

/// <summary>Where a matched term is in a snippet's text.</summary>
/// <param name="Start">The first character, from 0.</param>
/// <param name="Length">How many characters.</param>
public readonly record struct SnippetHighlight(int Start, int Length);

/// <summary>
/// A short piece of a page's text around what matched, in the original diacritics (as recognized, NFC), whitespace
/// collapsed to single spaces, "…" where the page goes on; 12-digit numbers (personal IDs) are shown masked.
/// </summary>
/// <param name="Text">The text.</param>
/// <param name="Highlights">The matched terms in it, in order.</param>
public sealed record SearchSnippet(string Text, IReadOnlyList<SnippetHighlight> Highlights)
{
    /// <summary>How many tokens a snippet shows at most.</summary>
    public const int Width = 24;

    /// <summary>The text with each highlight between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public string Marked(string before = "«", string after = "»")
    {
        var marked = new StringBuilder(Text.Length + (Highlights.Count * (before.Length + after.Length)));
        int at = 0;
        foreach (SnippetHighlight highlight in Highlights)
        {
            marked.Append(Text, at, highlight.Start - at).Append(before).Append(Text, highlight.Start, highlight.Length).Append(after);
            at = highlight.Start + highlight.Length;
        }

        return marked.Append(Text, at, Text.Length - at).ToString();
    }

    /// <summary>
    /// The snippet of <paramref name="page"/> (the index's display text) for the query <paramref name="counter"/> was made
    /// for: the window of <see cref="Width"/> tokens that holds the most different terms, each occurrence highlighted.
    /// Terms are found again here, on tokens, the way the page was ranked, so the highlights sit on the original words.
    /// </summary>
    internal static SearchSnippet Build(string page, TermCounter counter)
    {
        (List<TextFolding.Token> tokens, List<(int First, int Last, int Term)> matches) = counter.Locate(page);
        if (tokens.Count == 0)
        {
            return new SearchSnippet(string.Empty, []);
        }

        matches.Sort((a, b) => a.First.CompareTo(b.First));
        int start = 0, bestTerms = -1;
        foreach ((int first, _, _) in matches)
        {
            int from = Math.Max(0, Math.Min(first - (Width / 4), tokens.Count - Width));
            int terms = matches.Where(m => m.First >= from && m.Last < from + Width).Select(m => m.Term).Distinct().Count();
            (start, bestTerms) = terms > bestTerms ? (from, terms) : (start, bestTerms);
        }

        int end = Math.Min(tokens.Count, start + Width) - 1;
        return Compose(page, tokens, start, end, matches.Where(m => m.First >= start && m.Last <= end).ToList());
    }

    private static SearchSnippet Compose(string page, List<TextFolding.Token> tokens, int start, int end, List<(int First, int Last, int Term)> shown)
    {
        var text = new StringBuilder(start > 0 ? "… " : string.Empty);
        var outStart = new int[end - start + 1];
        var outEnd = new int[end - start + 1];
        for (int t = start; t <= end; t++)
        {
            if (t > start)
            {
                // What lies between two tokens, whitespace runs (line breaks too) made one space.
                for (int i = tokens[t - 1].Start + tokens[t - 1].Length; i < tokens[t].Start; i++)
                {
                    if (!char.IsWhiteSpace(page[i]) || text[^1] != ' ')
                    {
                        text.Append(char.IsWhiteSpace(page[i]) ? ' ' : page[i]);
                    }
                }
            }

            outStart[t - start] = text.Length;
            text.Append(page, tokens[t].Start, tokens[t].Length);
            outEnd[t - start] = text.Length;
        }

        text.Append(end < tokens.Count - 1 ? " …" : string.Empty);
        var highlights = new List<SnippetHighlight>();
        int covered = 0;
        foreach ((int first, int last, _) in shown)
        {
            int from = outStart[first - start], to = outEnd[last - start];
            if (from >= covered)
            {
                highlights.Add(new SnippetHighlight(from, to - from));
                covered = to;
            }
        }

        return new SearchSnippet(text.ToString(), highlights);
    }
}

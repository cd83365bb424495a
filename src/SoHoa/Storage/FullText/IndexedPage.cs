using System.Text;
using System.Text.Json;

namespace SoHoa.Storage.FullText;

/// <summary>
/// One PDF page as the full-text index holds it: the text shown in snippets (NFC, as recognized, with every 12-digit
/// number masked as <c>093*******34</c>), and the two indexed forms, exact (lower case) and folded (no diacritics),
/// each token separated by one space, where a 12-digit number (a personal ID, or anything that looks like one) is a
/// token keyed with the index key instead of its digits. So the index never holds a raw personal ID, yet searching for
/// one finds it.
/// </summary>
/// <param name="Page">The page number in the stored PDF, from 1.</param>
/// <param name="Display">The text for snippets, IDs masked.</param>
/// <param name="Exact">The exact-diacritics form that is indexed.</param>
/// <param name="Folded">The folded form that is indexed.</param>
/// <param name="Pairs">Every two neighbouring folded tokens joined into one (<see cref="Pair"/>): a name typed without diacritics is found through its pairs, which are rare, where its syllables are on most pages.</param>
internal sealed record IndexedPage(int Page, string Display, string Exact, string Folded, string Pairs)
{
    /// <summary>
    /// Joins two folded tokens into the one token of their pair, with a private-use character that the index's tokenizer
    /// keeps inside a token (category Co) and that no recognized text holds.
    /// </summary>
    public static string Pair(string first, string second) => first + "\uE000" + second;

    /// <summary>
    /// The pages of a stored sidecar (schema <c>sohoa.document/v1</c>) that are in the PDF and have text, numbered as the
    /// PDF numbers them (blank pages left out of the PDF are skipped). Null when the sidecar is not readable JSON; none for
    /// a sidecar without pages (a reuse link).
    /// </summary>
    public static List<IndexedPage>? FromSidecar(ReadOnlyMemory<byte> sidecar, Func<string, string> keyedId)
    {
        var pages = new List<IndexedPage>();
        try
        {
            using var json = JsonDocument.Parse(sidecar);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("pages", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                return pages;
            }

            int pdfPage = 0;
            foreach (JsonElement page in list.EnumerateArray())
            {
                bool inPdf = !page.TryGetProperty("inPdf", out JsonElement flag) || flag.ValueKind != JsonValueKind.False;
                if (!inPdf)
                {
                    continue;
                }

                pdfPage++;
                if (page.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } content)
                {
                    pages.Add(From(pdfPage, content, keyedId));
                }
            }

            return pages;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The indexed forms of one page's <paramref name="text"/>.</summary>
    public static IndexedPage From(int page, string text, Func<string, string> keyedId)
    {
        string nfc = TextFolding.Nfc(text);
        char[] display = nfc.ToCharArray();
        var exact = new StringBuilder(nfc.Length);
        var folded = new StringBuilder(nfc.Length);
        var pairs = new StringBuilder(nfc.Length * 2);
        string? previous = null;
        foreach (TextFolding.Token token in TextFolding.Tokenize(nfc))
        {
            string word = nfc.Substring(token.Start, token.Length);
            string separator = exact.Length == 0 ? string.Empty : " ";
            string foldedWord;
            if (TextFolding.LooksLikePersonalId(word))
            {
                string key = keyedId(word);
                exact.Append(separator).Append(key);
                foldedWord = key;
                Array.Fill(display, '*', token.Start + 3, token.Length - 5);
            }
            else
            {
                exact.Append(separator).Append(TextFolding.Exact(word));
                foldedWord = TextFolding.Fold(word);
            }

            folded.Append(separator).Append(foldedWord);
            if (previous is not null && foldedWord.Length > 0)
            {
                pairs.Append(pairs.Length == 0 ? string.Empty : " ").Append(Pair(previous, foldedWord));
            }

            previous = foldedWord.Length > 0 ? foldedWord : previous;
        }

        return new IndexedPage(page, new string(display), exact.ToString(), folded.ToString(), pairs.ToString());
    }
}

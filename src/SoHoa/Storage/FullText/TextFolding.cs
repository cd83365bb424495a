using System.Globalization;
using System.Text;

namespace SoHoa.Storage.FullText;

/// <summary>
/// How the full-text index sees Vietnamese text, in .NET and not in SQLite (whose <c>unicode61</c> tokenizer does not
/// fold đ/Đ): NFC first; a token is a run of letters, digits and combining marks, anything else separates tokens (the
/// same classes the FTS5 table's tokenizer is given, so both split text into the same tokens); the exact form of a
/// token is its lower case, the folded form also drops the diacritics and turns đ/Đ into d.
/// </summary>
internal static class TextFolding
{
    /// <summary>A token of a text: where it starts and how long it is, in the NFC text.</summary>
    internal readonly record struct Token(int Start, int Length);

    /// <summary>What each UTF-16 character folds to ('\0' for a combining mark, which is dropped), made on first use.</summary>
    private static readonly Lazy<char[]> FoldTable = new(MakeFoldTable);

    /// <summary>Lower case without diacritics: "Nguyễn ĐỨC" → "nguyen duc". NFC and NFD input give the same result.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }

        // Character by character through a table: a search folds every word of up to twenty pages for its snippets.
        char[] table = FoldTable.Value;
        ReadOnlySpan<char> nfc = Nfc(text);
        Span<char> folded = nfc.Length <= 256 ? stackalloc char[nfc.Length] : new char[nfc.Length];
        int length = 0;
        foreach (char c in nfc)
        {
            if (table[c] != '\0')
            {
                folded[length++] = table[c];
            }
        }

        return new string(folded[..length]);
    }

    /// <summary>What each character of NFC text folds to in <see cref="Fold"/>: lower case without diacritics, '\0' for a combining mark (not to be written to).</summary>
    internal static char[] FoldChars => FoldTable.Value;

    private static char[] MakeFoldTable()
    {
        var table = new char[char.MaxValue + 1];
        for (int i = 0; i <= char.MaxValue; i++)
        {
            char c = (char)i;
            table[i] = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherNotAssigned || !c.ToString().IsNormalized(NormalizationForm.FormC))
            {
                // Nothing to decompose (or .NET will not), or a character NFC never leaves in a text: kept, lower-cased.
                table[i] = IsMark(c) ? '\0' : table[i];
                continue;
            }

            // đ and Đ are letters of their own, with no decomposition: folded by hand above.
            string decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            string bases = new(decomposed.Where(d => !IsMark(d)).ToArray());
            table[i] = IsMark(c) ? '\0' : bases.Length == 1 && c is not ('đ' or 'Đ') ? char.ToLowerInvariant(bases[0]) : table[i];
        }

        return table;
    }

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// <paramref name="text"/> in NFC, a lone surrogate (which .NET refuses to normalize) replaced by U+FFFD: a query or a
    /// sidecar string can hold one.
    /// </summary>
    public static string Nfc(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }

        var repaired = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                repaired.Append(text[i]).Append(text[++i]);
            }
            else
            {
                repaired.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return repaired.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Lower case, diacritics kept: the form the exact-diacritics column holds.</summary>
    public static string Exact(string text) => Nfc(text).ToLowerInvariant();

    /// <summary>True for a character that belongs to a token: a letter, a digit or a combining mark (FTS5 categories L*, N*, M*, Co).</summary>
    public static bool IsTokenChar(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
        UnicodeCategory.PrivateUse => true,
        _ => false,
    };

    /// <summary>Which UTF-16 characters <see cref="IsTokenChar"/> is true for, a bit each, made on first use.</summary>
    private static readonly Lazy<ulong[]> TokenChars = new(() =>
    {
        var bits = new ulong[(char.MaxValue + 1) / 64];
        for (int i = 0; i <= char.MaxValue; i++)
        {
            bits[i >> 6] |= IsTokenChar((char)i) ? 1UL << (i & 63) : 0;
        }

        return bits;
    });

    /// <summary><see cref="IsTokenChar"/> as a table, a bit a character (bit <c>c &amp; 63</c> of entry <c>c &gt;&gt; 6</c>): for code that reads whole pages (not to be written to).</summary>
    internal static ulong[] TokenCharBits => TokenChars.Value;

    /// <summary>The tokens of <paramref name="text"/> (which should be NFC), in order.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool inToken = i < text.Length && IsTokenChar(text[i]);
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                tokens.Add(new Token(start, i - start));
                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>True when <paramref name="token"/> is 12 digits: what a personal ID (or anything that looks like one) is.</summary>
    public static bool LooksLikePersonalId(ReadOnlySpan<char> token) => token.Length == 12 && token.ContainsAnyExceptInRange('0', '9') is false;
}

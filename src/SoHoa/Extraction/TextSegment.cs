using System.Text;
using SoHoa.Ocr;

namespace SoHoa.Extraction;

/// <summary>
/// A run of words on one line with no column gap inside: what the rules read. <see cref="Text"/> is the words joined by
/// single spaces (NFC); <see cref="Folded"/> has the same length, folded for matching labels (lower case, no diacritics,
/// đ as d), so a match in one is the same characters in the other, and every character maps back to its word's box.
/// </summary>
internal sealed class TextSegment
{
    private readonly int[] _starts;

    public TextSegment(int page, IReadOnlyList<OcrWord> words)
    {
        Page = page;
        Words = words;
        _starts = new int[words.Count];
        var text = new StringBuilder();
        for (int i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            _starts[i] = text.Length;
            text.Append(words[i].Text.Normalize(NormalizationForm.FormC));
        }

        Text = text.ToString();
        Folded = Fold(Text);
    }

    /// <summary>The page (from 1).</summary>
    public int Page { get; }

    /// <summary>The words, left to right.</summary>
    public IReadOnlyList<OcrWord> Words { get; }

    /// <summary>The words joined by single spaces, NFC.</summary>
    public string Text { get; }

    /// <summary><see cref="Text"/> folded character by character: same length, same positions.</summary>
    public string Folded { get; }

    /// <summary>The index of the word that holds character <paramref name="position"/> (a space belongs to the word after it).</summary>
    public int WordAt(int position)
    {
        int i = Array.BinarySearch(_starts, position);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }

    /// <summary>The words that characters <paramref name="start"/> up to <paramref name="end"/> (exclusive) touch.</summary>
    public IReadOnlyList<OcrWord> WordsIn(int start, int end)
    {
        if (end <= start)
        {
            return [];
        }

        int first = WordAt(start);
        int last = WordAt(end - 1);
        return [.. Words.Skip(first).Take(last - first + 1)];
    }

    /// <summary>The character offset where word <paramref name="index"/> starts.</summary>
    public int StartOf(int index) => _starts[index];

    /// <summary>Folds text for matching: each character to its base letter in lower case, đ to d; the length never changes.</summary>
    public static string Fold(string text)
    {
        var folded = new char[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            folded[i] = Fold(text[i]);
        }

        return new string(folded);
    }

    private static char Fold(char c)
    {
        if (c < 0x80)
        {
            return char.ToLowerInvariant(c);
        }

        if (c is 'đ' or 'Đ')
        {
            return 'd';
        }

        string decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return char.ToLowerInvariant(decomposed[0]);
    }
}

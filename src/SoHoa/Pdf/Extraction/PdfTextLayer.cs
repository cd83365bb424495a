using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace SoHoa.Pdf.Extraction;

/// <summary>
/// The text layer of a PDF (a born-digital paper, or a scan another system already made searchable), read with PdfPig:
/// per page its size in points and its words with their boxes, in Unicode NFC. It never changes the PDF: the words go
/// into the sidecar and the search index, the PDF is kept byte for byte.
/// </summary>
internal static class PdfTextLayer
{
    /// <summary>One page: its number from 1, its size in points, its words, and whether it draws any image.</summary>
    public sealed record Page(int Number, double Width, double Height, IReadOnlyList<Word> Words, bool HasImages)
    {
        /// <summary>True when the page has text of its own.</summary>
        public bool HasText => Words.Count > 0;

        /// <summary>The page's text: its words, a line break where a word starts lower than the one before.</summary>
        public string Text
        {
            get
            {
                var text = new StringBuilder();
                Word? previous = null;
                foreach (Word word in Words)
                {
                    if (previous is not null)
                    {
                        text.Append(StartsLine(previous, word) ? '\n' : ' ');
                    }

                    text.Append(word.Text);
                    previous = word;
                }

                return text.ToString();
            }
        }
    }

    /// <summary>True when <paramref name="word"/> starts a new line after <paramref name="previous"/>: its top is below the middle of the previous word.</summary>
    public static bool StartsLine(Word previous, Word word) => word.Top > previous.Top + ((previous.Bottom - previous.Top) / 2);

    /// <summary>A word, boxed in points from the page's top-left corner (as the sidecar's pixel boxes are, at 72 DPI).</summary>
    public sealed record Word(string Text, double Left, double Top, double Right, double Bottom);

    /// <summary>Every page's text layer, or null when PdfPig cannot read the file (the caller then treats it as having none).</summary>
    public static IReadOnlyList<Page>? Read(byte[] pdf, int maxPages)
    {
        try
        {
            using PdfDocument document = PdfDocument.Open(pdf);
            if (document.NumberOfPages > maxPages)
            {
                return null;
            }

            var pages = new List<Page>(document.NumberOfPages);
            foreach (UglyToad.PdfPig.Content.Page page in document.GetPages())
            {
                double height = page.Height;
                Word[] words = page.GetWords()
                    .Where(w => !string.IsNullOrWhiteSpace(w.Text))
                    .Select(w => new Word(w.Text.Normalize(NormalizationForm.FormC), w.BoundingBox.Left, height - w.BoundingBox.Top, w.BoundingBox.Right, height - w.BoundingBox.Bottom))
                    .ToArray();
                pages.Add(new Page(page.Number, page.Width, height, words, page.NumberOfImages > 0));
            }

            return pages;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // PdfPig's own exceptions, and anything a hostile file provokes in it: no text layer to speak of.
            return null;
        }
    }
}

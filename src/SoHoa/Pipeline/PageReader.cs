using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Imaging;
using SoHoa.Pdf.Extraction;
using SoHoa.Ocr;

namespace SoHoa.Pipeline;

/// <summary>
/// Decodes and cleans the pages of one file and recognizes those that are not blank: the one path from page bytes
/// to text that both <see cref="DigitizationPipeline"/> and <c>sohoa ocr</c> use, so they cannot drift apart.
/// Thread-safe.
/// </summary>
internal sealed class PageReader
{
    private readonly PageDecoder _decoder;
    private readonly IPageRecognizer _recognizer;

    /// <summary>Creates a reader from the two stages it connects.</summary>
    public PageReader(PageDecoder decoder, IPageRecognizer recognizer)
    {
        _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        _recognizer = recognizer ?? throw new ArgumentNullException(nameof(recognizer));
    }

    /// <summary>What recognizes, for the record kept with each document.</summary>
    public string Description => _recognizer.Description;

    /// <summary>
    /// Reads every page of <paramref name="bytes"/> in order. Each page's OCR image is freed as soon as the page
    /// is recognized; the visible image stays for the PDF. Blank pages are returned without text.
    /// </summary>
    /// <exception cref="InvalidPageException">The file is damaged, too large, or of an unsupported kind.</exception>
    public async Task<IReadOnlyList<ReadPage>> ReadAsync(byte[] bytes, string label, CancellationToken cancellationToken = default) =>
        await ReadEachAsync(bytes, label, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads the pages of <paramref name="bytes"/> one at a time, in order: a page is decoded only when the one before it
    /// has been taken, so a multi-page file costs the memory of one page, not of all. Each page's OCR image is freed
    /// as soon as the page is recognized; blank pages come without text.
    /// </summary>
    /// <exception cref="InvalidPageException">The file is damaged, too large, or of an unsupported kind.</exception>
    public IAsyncEnumerable<ReadPage> ReadEachAsync(byte[] bytes, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return RecognizeAsync(PageFileFormats.Sniff(bytes) == PageFileFormat.Pdf ? DecodeScannedPdf(bytes, label) : _decoder.DecodeEach(bytes, label), cancellationToken);
    }

    private async IAsyncEnumerable<ReadPage> RecognizeAsync(IEnumerable<CleanPage> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Pages are decoded and cleaned as they are enumerated: each page's decoding is a span of its own.
        using IEnumerator<CleanPage> decoded = pages.GetEnumerator();
        while (Telemetry.InSpan("sohoa.decode", decoded.MoveNext))
        {
            CleanPage page = decoded.Current;
            OcrPage? text;
            try
            {
                text = page.IsBlank ? null : await Telemetry.InSpanAsync("sohoa.recognize", () => _recognizer.RecognizeAsync(page, cancellationToken)).ConfigureAwait(false);
            }
            finally
            {
                page.Dispose();
            }

            yield return new ReadPage(page, text);
        }
    }

    /// <summary>The text layer of the PDF <paramref name="bytes"/>, or null when it cannot be read; never OCR.</summary>
    internal IReadOnlyList<PdfTextLayer.Page>? ReadTextLayer(byte[] bytes) => PdfTextLayer.Read(bytes, _decoder.Options.MaxPagesPerFile);

    /// <summary>Reads only the pages of the PDF <paramref name="bytes"/> that <paramref name="include"/> accepts (numbered from 1), in page order.</summary>
    /// <exception cref="InvalidPageException">The file is damaged, too large, or an included page holds no usable scan.</exception>
    internal async Task<IReadOnlyList<ReadPage>> ReadPdfPagesAsync(byte[] bytes, string label, Func<int, bool> include, CancellationToken cancellationToken = default) =>
        await RecognizeAsync(DecodeScannedPdf(bytes, label, include), cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A scanned PDF: each page's embedded scan is taken out (never re-rendered) and decoded like a page file, one page
    /// at a time as they are enumerated (the scans are taken out at once: they are the file's own compressed bytes).
    /// </summary>
    private IEnumerable<CleanPage> DecodeScannedPdf(byte[] pdf, string label, Func<int, bool>? include = null)
    {
        IReadOnlyList<ScannedPdfImages.PageImage> images;
        try
        {
            images = ScannedPdfImages.Extract(pdf, _decoder.Options.MaxPagesPerFile, _decoder.Options.MaxPixelsPerPage, include);
        }
        catch (ScannedPdfException ex)
        {
            throw new InvalidPageException(ex.Rule, $"'{label}': {ex.Message}");
        }

        string sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        return images.Select(image => _decoder.DecodeEmbedded(image.ImageFile, new PageSource(label, image.Number, sha256), image.Dpi));
    }
}

/// <summary>A page after cleanup and OCR.</summary>
/// <param name="Page">The cleaned page (its OCR image already freed; its visible image and cleanup record remain).</param>
/// <param name="Text">The recognized text, or null when the page is blank and OCR skipped it.</param>
internal sealed record ReadPage(CleanPage Page, OcrPage? Text);

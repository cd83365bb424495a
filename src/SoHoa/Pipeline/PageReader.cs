using System.Security.Cryptography;
using SoHoa.Batches;
using SoHoa.Imaging;
using SoHoa.Pdf.Extraction;
using SoHoa.Ocr;

namespace SoHoa.Pipeline;

/// <summary>
/// Decodes and cleans the pages of one file and recognizes those that are not blank: the one path from page bytes
/// to text that both <see cref="DigitizationPipeline"/> and <c>sohoa ocr</c> use, so they cannot drift apart.
/// Thread-safe.
/// </summary>
public sealed class PageReader
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

    /// <summary>Reads a page file whole, within the configured file size limit (see <see cref="PageDecoder.ReadFileAsync"/>).</summary>
    /// <exception cref="InvalidPageException">The file is missing or larger than the limit.</exception>
    public Task<byte[]> ReadFileAsync(string path, string label, CancellationToken cancellationToken = default) =>
        _decoder.ReadFileAsync(path, label, cancellationToken);

    /// <summary>
    /// Reads every page of <paramref name="bytes"/> in order. Each page's OCR image is freed as soon as the page
    /// is recognized; the visible image stays for the PDF. Blank pages are returned without text.
    /// </summary>
    /// <exception cref="InvalidPageException">The file is damaged, too large, or of an unsupported kind.</exception>
    public async Task<IReadOnlyList<ReadPage>> ReadAsync(byte[] bytes, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return await RecognizeAsync(PageFileFormats.Sniff(bytes) == PageFileFormat.Pdf ? DecodeScannedPdf(bytes, label) : _decoder.Decode(bytes, label), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ReadPage>> RecognizeAsync(IReadOnlyList<CleanPage> pages, CancellationToken cancellationToken)
    {
        var read = new List<ReadPage>(pages.Count);
        try
        {
            foreach (CleanPage page in pages)
            {
                OcrPage? text = page.IsBlank ? null : await _recognizer.RecognizeAsync(page, cancellationToken).ConfigureAwait(false);
                page.Dispose();
                read.Add(new ReadPage(page, text));
            }
        }
        finally
        {
            foreach (CleanPage page in pages)
            {
                page.Dispose();
            }
        }

        return read;
    }

    /// <summary>The text layer of the PDF <paramref name="bytes"/>, or null when it cannot be read; never OCR.</summary>
    internal IReadOnlyList<PdfTextLayer.Page>? ReadTextLayer(byte[] bytes) => PdfTextLayer.Read(bytes, _decoder.Options.MaxPagesPerFile);

    /// <summary>Reads only the pages of the PDF <paramref name="bytes"/> that <paramref name="include"/> accepts (numbered from 1), in page order.</summary>
    /// <exception cref="InvalidPageException">The file is damaged, too large, or an included page holds no usable scan.</exception>
    internal Task<IReadOnlyList<ReadPage>> ReadPdfPagesAsync(byte[] bytes, string label, Func<int, bool> include, CancellationToken cancellationToken = default) =>
        RecognizeAsync(DecodeScannedPdf(bytes, label, include), cancellationToken);

    /// <summary>A scanned PDF: each page's embedded scan is taken out (never re-rendered) and decoded like a page file.</summary>
    private List<CleanPage> DecodeScannedPdf(byte[] pdf, string label, Func<int, bool>? include = null)
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
        var pages = new List<CleanPage>(images.Count);
        try
        {
            for (int i = 0; i < images.Count; i++)
            {
                pages.Add(_decoder.DecodeEmbedded(images[i].ImageFile, new PageSource(label, images[i].Number, sha256), images[i].Dpi));
            }
        }
        catch
        {
            foreach (CleanPage page in pages)
            {
                page.Dispose();
            }

            throw;
        }

        return pages;
    }
}

/// <summary>A page after cleanup and OCR.</summary>
/// <param name="Page">The cleaned page (its OCR image already freed; its visible image and cleanup record remain).</param>
/// <param name="Text">The recognized text, or null when the page is blank and OCR skipped it.</param>
public sealed record ReadPage(CleanPage Page, OcrPage? Text);

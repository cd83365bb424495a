using System.Security.Cryptography;
using SoHoa.Imaging;
using SoHoa.Pdf.Extraction;

namespace SoHoa.Pipeline;

/// <summary>
/// The pages of a PDF that is kept byte for byte (a signed PDF, or a born-digital one): each page's text comes from
/// its text layer when it has one, from OCR of a copy of its scanned image when it has only that, and a page with
/// neither is kept and recorded as blank. Nothing here changes the PDF.
/// </summary>
internal static class KeptPdfPages
{
    /// <summary>The sidecar pages of <paramref name="pdf"/>, in page order, and where their text came from.</summary>
    /// <param name="reader">Cleans and OCRs the pages that have only a scan.</param>
    /// <param name="pdf">The PDF as received.</param>
    /// <param name="label">The file, for messages.</param>
    /// <param name="layer">Its text layer as <see cref="PdfTextLayer"/> read it; null when it could not be read (every page is then OCR'd, and each must hold a scan).</param>
    /// <param name="cancellationToken">Cancels the OCR.</param>
    /// <exception cref="InvalidPageException">The PDF has neither text nor scans, or a scan is damaged.</exception>
    public static async Task<(IReadOnlyList<SidecarPage> Pages, string TextSource)> ReadAsync(
        PageReader reader, byte[] pdf, string label, IReadOnlyList<PdfTextLayer.Page>? layer, CancellationToken cancellationToken)
    {
        if (layer is null)
        {
            IReadOnlyList<ReadPage> scanned = await reader.ReadAsync(pdf, label, cancellationToken).ConfigureAwait(false);
            return (scanned.Select((p, i) => SidecarPage.FromRead(p, i + 1, inPdf: true)).ToArray(), "ocr-of-page-images");
        }

        HashSet<int> scansOnly = layer.Where(p => !p.HasText && p.HasImages).Select(p => p.Number).ToHashSet();
        if (scansOnly.Count == 0 && !layer.Any(p => p.HasText))
        {
            throw new InvalidPageException(InputRules.PdfNoContent, $"'{label}' has neither a text layer nor scanned page images: there is nothing to read, so it is not stored.");
        }

        IReadOnlyList<ReadPage> ocr = scansOnly.Count > 0 ? await reader.ReadPdfPagesAsync(pdf, label, scansOnly.Contains, cancellationToken).ConfigureAwait(false) : [];
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        SidecarPage[] pages = layer.Select(page =>
            !page.HasText && ocr.FirstOrDefault(o => o.Page.Source.PageInFile == page.Number) is { } scanned
                ? SidecarPage.FromRead(scanned, page.Number, inPdf: true)
                : SidecarPage.FromTextLayer(page, label, sha256)).ToArray();
        bool fromLayer = pages.Any(p => p.TextSource == "text-layer");
        string source = fromLayer && ocr.Count > 0 ? "text-layer-and-ocr" : fromLayer ? "text-layer" : "ocr-of-page-images";
        return (pages, source);
    }
}

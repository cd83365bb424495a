using System.Globalization;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pdf;
using SoHoa.Pdf.Composition;

// Usage: SoHoa.PdfSize <out dir> <image>...
// For each image: the pipeline's cleanup and OCR, then the PDF/A the pipeline stores before signing,
// written as <out dir>/<image stem>.pdf; prints "<file> <pages> <bytes>".
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SoHoa.PdfSize <out dir> <image>...");
    return 2;
}

string output = Directory.CreateDirectory(args[0]).FullName;
var decoder = new PageDecoder(new ImagingOptions());
var ocrOptions = new OcrOptions { Languages = "vie" };
using var pool = new TesseractEnginePool(ocrOptions);
var composer = new SearchablePdfComposer(SearchablePdfComposer.DefaultGlyphlessFontPath(ocrOptions.ResolveDataPath()));
var convertedAt = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(7));
foreach (string image in args[1..])
{
    var pages = new List<PdfPageContent>();
    foreach (CleanPage page in await decoder.DecodeFileAsync(image, Path.GetFileName(image)).ConfigureAwait(false))
    {
        using (page)
        {
            OcrPage text = await pool.RecognizeAsync(page).ConfigureAwait(false);
            pages.Add(new PdfPageContent(page.Visible, page.Dpi, text));
        }
    }

    var info = new PdfDocumentInfo(Path.GetFileName(image), "UBND huyện Phụng Hiệp", "Bản điện tử chuyển đổi từ bản giấy", "benchmark", convertedAt)
    {
        Dossier = new PdfDossierMetadata("000.00.01.H12-261122-0001", "1.001612", "birth-certificate", "input", "000.00.01.H12", "UBND huyện Phụng Hiệp"),
        ConversionMark = new PaperConversionMark("UBND huyện Phụng Hiệp", null, convertedAt),
    };
    byte[] pdf = composer.Compose(pages, info);
    string path = Path.Combine(output, Path.GetFileNameWithoutExtension(image) + ".pdf");
    await File.WriteAllBytesAsync(path, pdf).ConfigureAwait(false);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{image} {pages.Count} {pdf.Length}"));
}

return 0;

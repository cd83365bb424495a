using SoHoa.Imaging;

namespace SoHoa.Ocr;

/// <summary>
/// Recognizes the text of a cleaned page. <see cref="Tesseract.TesseractEnginePool"/> is SoHoa's; another engine (a
/// remote OCR service) reads the page's samples with <see cref="CleanPage.CopyOcrImage"/> and returns its words in that
/// image's pixels, which the pipeline maps onto the page.
/// </summary>
public interface IPageRecognizer
{
    /// <summary>What recognizes, for the record kept with each document (such as <c>Tesseract 5.3.0 vie</c>).</summary>
    string Description { get; }

    /// <summary>Recognizes <paramref name="page"/>.</summary>
    /// <exception cref="SoHoaException">Recognition failed.</exception>
    Task<OcrPage> RecognizeAsync(CleanPage page, CancellationToken cancellationToken = default);
}

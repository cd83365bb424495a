using SoHoa.Imaging;

namespace SoHoa.Ocr;

/// <summary>Recognizes the text of a cleaned page. The Tesseract engine pool is the implementation; tests may inject faults.</summary>
public interface IPageRecognizer
{
    /// <summary>Recognizes <paramref name="page"/>.</summary>
    /// <exception cref="SoHoaException">Recognition failed.</exception>
    Task<OcrPage> RecognizeAsync(CleanPage page, CancellationToken cancellationToken = default);
}

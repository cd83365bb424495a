using SoHoa.Imaging;

namespace SoHoa.Ocr;

/// <summary>Recognizes the text of a cleaned page. The Tesseract engine pool is the implementation; tests may inject faults.</summary>
public interface IPageRecognizer
{
    /// <summary>What recognizes, for the record kept with each document (such as <c>Tesseract 5.3.0 vie</c>).</summary>
    string Description { get; }

    /// <summary>Recognizes <paramref name="page"/>.</summary>
    /// <exception cref="SoHoaException">Recognition failed.</exception>
    Task<OcrPage> RecognizeAsync(CleanPage page, CancellationToken cancellationToken = default);
}

using SoHoa.Imaging;
using SoHoa.Ocr;

namespace SoHoa.Pdf;

/// <summary>What one PDF page is made of: the scan, its resolution, and the recognized text to lay over it.</summary>
/// <param name="Image">The visible image.</param>
/// <param name="Dpi">The image resolution, which gives the page size.</param>
/// <param name="Text">The recognized words in image coordinates, or null for a page without a text layer.</param>
public sealed record PdfPageContent(VisibleImage Image, int Dpi, OcrPage? Text);

/// <summary>The document information written into the PDF.</summary>
/// <param name="Title">The title, such as the document kind and dossier code.</param>
/// <param name="Author">The agency that digitized the paper.</param>
/// <param name="Subject">A description.</param>
/// <param name="Keywords">Search keywords.</param>
/// <param name="CreatedAt">When the document was made.</param>
public sealed record PdfDocumentInfo(string Title, string Author, string Subject, string Keywords, DateTimeOffset CreatedAt);

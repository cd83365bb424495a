using SoHoa.Imaging;
using SoHoa.Ocr;

namespace SoHoa.Pdf;

/// <summary>What one PDF page is made of: the scan, its resolution, and the recognized text to lay over it.</summary>
/// <param name="Image">The visible image, encoded as the PDF keeps it.</param>
/// <param name="Dpi">The image resolution, which gives the page size.</param>
/// <param name="Text">The recognized words in image coordinates, or null for a page without a text layer.</param>
public sealed record PdfPageContent(EncodedImage Image, int Dpi, OcrPage? Text)
{
    /// <summary>A page of <paramref name="image"/>, encoded now (<see cref="EncodedImage.Encode"/>): the raw samples are not kept.</summary>
    public PdfPageContent(VisibleImage image, int dpi, OcrPage? text)
        : this(EncodedImage.Encode(image), dpi, text)
    {
    }
}

/// <summary>The document information written into the PDF.</summary>
/// <param name="Title">The title, such as the document kind and dossier code.</param>
/// <param name="Author">The agency that digitized the paper.</param>
/// <param name="Subject">A description.</param>
/// <param name="Keywords">Search keywords.</param>
/// <param name="CreatedAt">When the document was made.</param>
public sealed record PdfDocumentInfo(string Title, string Author, string Subject, string Keywords, DateTimeOffset CreatedAt)
{
    /// <summary>The dossier the document belongs to, written into the XMP metadata in the SoHoa schema; null to leave it out.</summary>
    public PdfDossierMetadata? Dossier { get; init; }

    /// <summary>
    /// The mark that the document was converted from paper (Decree 137/2024 art. 4), shown on the first page and
    /// recorded in the XMP metadata; null for a document that was not converted from paper.
    /// </summary>
    public PaperConversionMark? ConversionMark { get; init; }
}

/// <summary>What the XMP metadata says about the dossier a document belongs to (docs/architecture.md §5).</summary>
/// <param name="DossierCode">The dossier code (mã hồ sơ).</param>
/// <param name="ProcedureCode">The administrative procedure code (mã TTHC).</param>
/// <param name="DocumentKind">The kind of document, such as <c>birth-certificate</c>.</param>
/// <param name="Role"><c>input</c> for a paper the citizen handed in, <c>result</c> for what the agency issued.</param>
/// <param name="AgencyCode">The code of the agency that received the dossier.</param>
/// <param name="AgencyName">The name of that agency.</param>
public sealed record PdfDossierMetadata(string DossierCode, string ProcedureCode, string DocumentKind, string Role, string AgencyCode, string AgencyName);

/// <summary>The visible mark that a copy was converted from paper (Decree 137/2024 art. 4).</summary>
/// <param name="Agency">The converting agency.</param>
/// <param name="Officer">The converting officer, or null when only the agency is named.</param>
/// <param name="ConvertedAt">When the conversion happened; shown in its own offset, so pass Vietnam time (UTC+7).</param>
public sealed record PaperConversionMark(string Agency, string? Officer, DateTimeOffset ConvertedAt);

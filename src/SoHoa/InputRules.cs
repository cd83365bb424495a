namespace SoHoa;

/// <summary>
/// The rule names of <see cref="Batches.InputProblem.Rule"/> (in <c>result.json</c>, <c>sohoa</c>'s errors and the
/// exceptions that carry a rule), in one place: stable names a caller may match on. The identifier checks add their
/// own below <c>personal-id.</c> and <c>dossier-code.</c>; reuse refusals are <see cref="Reuse.ReuseRefusals"/>, and
/// the codes of signature problems are in <c>Signing/Verification/VerificationProblems.cs</c>.
/// </summary>
public static class InputRules
{
    // The batch and its manifest.
    /// <summary>The batch folder does not exist.</summary>
    public const string BatchFolder = "batch.folder";

    /// <summary>The batch has no batch.json.</summary>
    public const string ManifestMissing = "manifest.missing";

    /// <summary>batch.json is larger than the limit.</summary>
    public const string ManifestSize = "manifest.size";

    /// <summary>batch.json is not a plain file inside the batch (a link out of it).</summary>
    public const string ManifestPath = "manifest.path";

    /// <summary>batch.json cannot be read.</summary>
    public const string ManifestUnreadable = "manifest.unreadable";

    /// <summary>batch.json is not valid JSON.</summary>
    public const string ManifestJson = "manifest.json";

    /// <summary>The manifest, a dossier or a document is not a JSON object.</summary>
    public const string ManifestShape = "manifest.shape";

    /// <summary>The manifest names no schema, or one this version does not read.</summary>
    public const string ManifestSchema = "manifest.schema";

    /// <summary>A required manifest field is missing.</summary>
    public const string ManifestRequired = "manifest.required";

    /// <summary>A manifest field has the wrong JSON type.</summary>
    public const string ManifestType = "manifest.type";

    /// <summary>A manifest string holds text that is not valid Unicode.</summary>
    public const string ManifestText = "manifest.text";

    /// <summary>A manifest date is not written yyyy-MM-dd.</summary>
    public const string ManifestDate = "manifest.date";

    /// <summary>A reuse entry names neither or both of a document id and a kind.</summary>
    public const string ManifestReuse = "manifest.reuse";

    /// <summary>A document names both page files and a reuse of a stored document.</summary>
    public const string ManifestReuseAndFiles = "manifest.reuse-and-files";

    /// <summary>The agency code is not of the form 000.00.01.H12.</summary>
    public const string AgencyCodeFormat = "agency-code.format";

    /// <summary>The agency level is not ministry, province, district or commune.</summary>
    public const string AgencyLevel = "agency.level";

    /// <summary>Two dossiers of the batch have the same code.</summary>
    public const string DossierCodeDuplicate = "dossier-code.duplicate";

    /// <summary>The applicant's date of birth is after the dossier was received.</summary>
    public const string ApplicantDates = "applicant.dates";

    /// <summary>A document kind is not lower-case words joined by '-'.</summary>
    public const string DocumentKind = "document.kind";

    /// <summary>A document role is neither input nor result.</summary>
    public const string DocumentRole = "document.role";

    /// <summary>A document's issue and validity dates are out of order or in the future.</summary>
    public const string DocumentDates = "document.dates";

    /// <summary>A reused document id is not 32 lower-case hexadecimal digits.</summary>
    public const string ReuseDocumentId = "reuse.document-id";

    // Files.
    /// <summary>A file name is not a path inside the batch folder (absolute, '..', or a link out).</summary>
    public const string FilePath = "file.path";

    /// <summary>A file the manifest names does not exist.</summary>
    public const string FileMissing = "file.missing";

    /// <summary>A file is empty.</summary>
    public const string FileEmpty = "file.empty";

    /// <summary>A file cannot be read.</summary>
    public const string FileUnreadable = "file.unreadable";

    /// <summary>A file was replaced in its source after the batch was taken (a blob rewritten under its prefix).</summary>
    public const string FileChanged = "file.changed";

    /// <summary>A file is larger than the limit.</summary>
    public const string FileSize = "file.size";

    /// <summary>A file is not PNG, JPEG, TIFF or PDF, or not what its name says.</summary>
    public const string FileFormat = "file.format";

    /// <summary>A page file's format is recognized but not supported yet.</summary>
    public const string UnsupportedPageFormat = "format";

    // Pages and images.
    /// <summary>A page holds an image SoHoa cannot read.</summary>
    public const string ImageFormat = "image.format";

    /// <summary>An image's data is damaged.</summary>
    public const string ImageCorrupt = "image.corrupt";

    /// <summary>An image file ends early.</summary>
    public const string ImageTruncated = "image.truncated";

    /// <summary>An image declares an empty size.</summary>
    public const string ImageSize = "image.size";

    /// <summary>An image has more pixels than the limit.</summary>
    public const string ImagePixels = "image.pixels";

    /// <summary>An image's bits per sample are not supported.</summary>
    public const string ImageDepth = "image.depth";

    /// <summary>An image's samples per pixel are not supported.</summary>
    public const string ImageChannels = "image.channels";

    /// <summary>An image is CMYK or in another unsupported colour space.</summary>
    public const string ImageColorspace = "image.colorspace";

    /// <summary>A file has more pages than the limit.</summary>
    public const string ImagePages = "image.pages";

    /// <summary>Every page of the document is blank.</summary>
    public const string DocumentBlank = "document.blank";

    // PDF inputs.
    /// <summary>A PDF cannot be read.</summary>
    public const string PdfCorrupt = "pdf.corrupt";

    /// <summary>A PDF is encrypted.</summary>
    public const string PdfEncrypted = "pdf.encrypted";

    /// <summary>A PDF has no pages.</summary>
    public const string PdfPages = "pdf.pages";

    /// <summary>A page of a scanned PDF holds neither a scanned image nor text.</summary>
    public const string PdfNoImage = "pdf.no-image";

    /// <summary>A PDF has neither a text layer nor scanned page images.</summary>
    public const string PdfNoContent = "pdf.no-content";

    /// <summary>A born-digital PDF shares its document with other files; it must be a document of its own.</summary>
    public const string PdfAlone = "pdf.alone";

    /// <summary>A signed PDF shares its document with other files; it must be a document of its own.</summary>
    public const string SignedPdfAlone = "signed-pdf.alone";

    // Processing.
    /// <summary>A document asks for reuse, and the pipeline has no reuse service.</summary>
    public const string ReuseUnavailable = "reuse.unavailable";

    /// <summary>The reused document is of another kind than the entry asks for.</summary>
    public const string ReuseKindMismatch = "reuse.kind-mismatch";

    /// <summary>A visible signature's placement does not fit the page.</summary>
    public const string SignaturePlacement = "signature.placement";

    /// <summary>Processing failed for a reason that is not the input's (a bug, or a tool that broke).</summary>
    public const string ProcessingFailed = "processing.failed";

    /// <summary>Something the document needed was away (the store, the TSA, an OCSP responder, a token): try again later.</summary>
    public const string ProcessingUnavailable = "processing.unavailable";
}

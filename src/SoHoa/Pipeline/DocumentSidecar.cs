using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoHoa.Pipeline;

/// <summary>The sidecar JSON stored beside each PDF (schema <c>sohoa.document/v1</c>): identifiers, pipeline versions, hashes, and per page the text, words, boxes and confidences.</summary>
internal sealed record DocumentSidecar(
    string Schema,
    string DocumentId,
    string BatchId,
    string AgencyCode,
    string AgencyName,
    string DossierCode,
    string ProcedureCode,
    string Kind,
    string Role,
    string? DocumentNumber,
    DateOnly? IssuedOn,
    DateOnly? ValidUntil,
    DateTimeOffset DigitizedAt,
    string PdfSha256,
    SidecarPipeline Pipeline,
    IReadOnlyList<SidecarPage> Pages)
{
    public const string SchemaV1 = "sohoa.document/v1";

    /// <summary>For a PDF that arrived signed: its verification as received; null for a document digitized from page images.</summary>
    public SignedInput? SignedInput { get; init; }

    /// <summary>
    /// For a document reused in this dossier: the id of the earlier stored document whose PDF it is (its pages and text
    /// are in that document's sidecar); null for a document digitized here.
    /// </summary>
    public string? ReusedFrom { get; init; }

    /// <summary>When the reused document was verified and linked into this dossier.</summary>
    public DateTimeOffset? ReusedAt { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The versions of what made the document.</summary>
internal sealed record SidecarPipeline(string SoHoa, string Ocr);

/// <summary>One page of the sidecar.</summary>
internal sealed record SidecarPage(
    int Number,
    string SourceFile,
    int SourcePage,
    string SourceSha256,
    int Width,
    int Height,
    int Dpi,
    bool DpiEstimated,
    SidecarCleanup Cleanup,
    bool Blank,
    bool InPdf,
    double MeanConfidence,
    bool LowConfidence,
    string Text,
    IReadOnlyList<SidecarWord> Words);

/// <summary>What page cleanup did: the clockwise quarter turn that made the page upright (applied to the PDF image too), the skew removed for OCR, and the resolution OCR read.</summary>
internal sealed record SidecarCleanup(int Rotation, double Skew, int OcrDpi);

/// <summary>A word with its box (left, top, right, bottom in pixels) and confidence.</summary>
internal sealed record SidecarWord(string Text, int[] Box, double Confidence, int Line);

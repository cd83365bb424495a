using SoHoa.Batches;

namespace SoHoa.Pipeline;

/// <summary>What became of a batch: one entry per document of the manifest, and the problems not tied to one document.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="StartedAt">When processing started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Documents">Each document's outcome.</param>
/// <param name="Problems">Problems with the batch as a whole (an unreadable manifest) or with a whole dossier.</param>
public sealed record BatchResult(string BatchId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<DocumentResult> Documents, IReadOnlyList<InputProblem> Problems)
{
    /// <summary>How many documents ended with <paramref name="status"/>.</summary>
    public int Count(DocumentStatus status) => Documents.Count(d => d.Status == status);

    /// <summary>How many documents were kept but flagged for a person: signed inputs whose signatures are not all valid.</summary>
    public int Flagged => Documents.Count(d => d.SignedInput is { Valid: false });

    /// <summary>How many documents were stored but disagree with the manifest on a field read from the paper (<see cref="DocumentResult.Review"/>).</summary>
    public int NeedsReview => Documents.Count(d => d.Review.Count > 0);
}

/// <summary>What became of one document.</summary>
/// <param name="DossierCode">The dossier, as written in the manifest.</param>
/// <param name="DocumentIndex">The document's position in its dossier.</param>
/// <param name="Kind">The document kind.</param>
/// <param name="Status">The outcome.</param>
/// <param name="DocumentId">The document id when it was stored (now or earlier).</param>
/// <param name="PdfPath">The signed PDF, when stored.</param>
/// <param name="PageCount">The number of pages, when processed.</param>
/// <param name="LowConfidencePages">Pages (from 1) whose OCR confidence is low enough for a person to review.</param>
/// <param name="Problems">Why it was rejected or failed.</param>
public sealed record DocumentResult(
    string? DossierCode,
    int? DocumentIndex,
    string? Kind,
    DocumentStatus Status,
    string? DocumentId,
    string? PdfPath,
    int? PageCount,
    IReadOnlyList<int> LowConfidencePages,
    IReadOnlyList<InputProblem> Problems)
{
    /// <summary>
    /// For a PDF that arrived already signed: its verification as received and what SoHoa did with it; null for a
    /// document digitized from page images. Stored with <see cref="SignedInput.Valid"/> false means flagged for a person.
    /// </summary>
    public SignedInput? SignedInput { get; init; }

    /// <summary>For a document reused instead of brought again: the earlier stored document it links to; null otherwise.</summary>
    public string? ReusedFrom { get; init; }

    /// <summary>The rule of a document that failed because a service or device was away (store, TSA, OCSP, token): the same batch again may succeed.</summary>
    public const string UnavailableRule = InputRules.ProcessingUnavailable;

    /// <summary>True when the document failed only because something it needed was away for a while.</summary>
    public bool FailedTransiently => Status == DocumentStatus.Failed && Problems.Count > 0 && Problems.All(p => p.Rule == UnavailableRule);

    /// <summary>
    /// The fields on which the paper disagrees with the manifest, with both values (personal IDs masked): the document was
    /// stored, and a person should check it. Empty when they agree or nothing could be compared.
    /// </summary>
    public IReadOnlyList<Extraction.FieldReview> Review { get; init; } = [];
}

/// <summary>The outcome of a document.</summary>
public enum DocumentStatus
{
    /// <summary>Digitized, signed and stored.</summary>
    Stored,

    /// <summary>Already in the store from an earlier run; nothing was stored twice.</summary>
    AlreadyStored,

    /// <summary>The input is wrong; correcting it and resubmitting is needed.</summary>
    Rejected,

    /// <summary>Something failed that may work if retried (a tool, the disk, a service).</summary>
    Failed,

    /// <summary>Not brought again: an earlier stored document, verified and valid, was linked into this dossier.</summary>
    Reused,
}

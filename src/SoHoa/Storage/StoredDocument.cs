using SoHoa.Batches;

namespace SoHoa.Storage;

/// <summary>A document in the store, as its index entry describes it. It carries no personal ID: the index keys citizens by an HMAC.</summary>
/// <param name="DocumentId">The deterministic id: dossier, kind, role and the content of the scanned files.</param>
/// <param name="AgencyCode">The agency that digitized it.</param>
/// <param name="DossierCode">The dossier it came in.</param>
/// <param name="ProcedureCode">The procedure of that dossier.</param>
/// <param name="Kind">The document kind.</param>
/// <param name="Role">Handed in by the citizen, or issued by the agency.</param>
/// <param name="DocumentNumber">The number printed on the paper, if any.</param>
/// <param name="IssuedOn">When the paper was issued, if known.</param>
/// <param name="ValidUntil">The last day it is valid, or null when it does not expire.</param>
/// <param name="PdfPath">The signed PDF, relative to the store root.</param>
/// <param name="SidecarPath">The sidecar JSON, relative to the store root.</param>
/// <param name="PdfSha256">The SHA-256 of the stored PDF, lower-case hex.</param>
/// <param name="PageCount">How many pages it has.</param>
/// <param name="BatchId">The batch it was digitized in.</param>
/// <param name="StoredAt">When it was stored.</param>
public sealed record StoredDocument(
    string DocumentId,
    string AgencyCode,
    string DossierCode,
    string ProcedureCode,
    string Kind,
    DocumentRole Role,
    string? DocumentNumber,
    DateOnly? IssuedOn,
    DateOnly? ValidUntil,
    string PdfPath,
    string SidecarPath,
    string PdfSha256,
    int PageCount,
    string BatchId,
    DateTimeOffset StoredAt)
{
    /// <summary>The index key of the citizen the document belongs to (an HMAC of the personal ID, never the ID); null when not known.</summary>
    public string? OwnerKey { get; init; }

    /// <summary>The PAdES level of the stored PDF's last SoHoa signature (B-B, B-T, B-LT, B-LTA), if SoHoa signed it.</summary>
    public string? SignatureLevel { get; init; }

    /// <summary>
    /// For a document reused in this dossier instead of brought again: the id of the earlier stored document whose PDF
    /// this entry points at (<see cref="PdfPath"/> is that document's); null for a document digitized here.
    /// </summary>
    public string? ReusedFrom { get; init; }

    /// <summary>
    /// When the paper, as read at digitization, disagreed with its manifest: the names of the fields that did (such as
    /// <c>applicant.dateOfBirth,document.documentNumber</c>), never their values; the sidecar and the batch result have
    /// the rest. Null when they agreed, or when nothing was compared (a reuse link, a store older than this column).
    /// </summary>
    public string? PaperReview { get; init; }
}

/// <summary>What storing a document did.</summary>
public enum StoreOutcome
{
    /// <summary>The document was written and indexed.</summary>
    Stored,

    /// <summary>The same document (same id and PDF hash) was already in the store; nothing was written.</summary>
    AlreadyStored,
}

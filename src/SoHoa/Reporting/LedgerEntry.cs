using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>What became of one ledger entry: a document of a processed batch, or an audited open that served a procedure.</summary>
public enum LedgerOutcome
{
    /// <summary>Digitized, signed and stored by this batch.</summary>
    Stored,

    /// <summary>Already in the store (an earlier run of the same papers); still digitized.</summary>
    AlreadyStored,

    /// <summary>Linked from an earlier stored document named by the manifest; the citizen brought nothing.</summary>
    Reused,

    /// <summary>Refused: the input must be corrected.</summary>
    Rejected,

    /// <summary>Failed: a retry may succeed.</summary>
    Failed,

    /// <summary>An audited <c>open</c> of a stored document, for a procedure: a component reused outside a batch.</summary>
    Opened,
}

/// <summary>
/// One row of the report ledger: everything the digitization report needs about one document of one batch, or about
/// one audited open. Its key is (<see cref="DossierCode"/>, <see cref="Source"/>, <see cref="Item"/>): recording the
/// same batch again (processed twice, redelivered) replaces its rows instead of adding to them.
/// </summary>
/// <param name="DossierCode">The dossier as written (empty when the manifest gave none).</param>
/// <param name="Source"><c>batch/&lt;batch id&gt;</c> for a batch's document, <c>audit</c> for an audited open.</param>
/// <param name="Item">The document's position in its dossier, or the audit entry's sequence number.</param>
/// <param name="AgencyCode">The receiving agency (the batch's; for an open, the agency part of the dossier code, else empty).</param>
/// <param name="ProcedureCode">The procedure of the dossier (empty when unknown).</param>
/// <param name="ReceivedOn">The day the dossier was received (from the dossier code), else the day of the batch or the open in Vietnam (UTC+7).</param>
/// <param name="Identified">True when <see cref="DossierCode"/> is a valid dossier code; only identified dossiers are counted as received.</param>
/// <param name="Role">Handed in by the citizen (a component) or issued by the agency (a result).</param>
/// <param name="Kind">The document kind (empty when unknown).</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="DocumentId">The stored document's id (or the reuse link's, or the opened document's); null when nothing was stored.</param>
public sealed record LedgerEntry(
    string DossierCode,
    string Source,
    long Item,
    string AgencyCode,
    string ProcedureCode,
    DateOnly ReceivedOn,
    bool Identified,
    DocumentRole Role,
    string Kind,
    LedgerOutcome Outcome,
    string? DocumentId)
{
    /// <summary>The <see cref="Source"/> of audited opens.</summary>
    public const string AuditSource = "audit";

    /// <summary>The <see cref="Source"/> of a batch's documents.</summary>
    public static string BatchSource(string batchId) => "batch/" + batchId;

    /// <summary>Pages in the stored PDF (blank pages left out of a scan's PDF are not among them); null when not stored.</summary>
    public int? PdfPages { get; init; }

    /// <summary>Pages read from the input, blank ones included (from the sidecar); null when unknown.</summary>
    public int? ScannedPages { get; init; }

    /// <summary>Pages found blank (from the sidecar); null when unknown.</summary>
    public int? BlankPages { get; init; }

    /// <summary>Pages flagged for low OCR confidence; null when unknown.</summary>
    public int? LowConfidencePages { get; init; }

    /// <summary>True for a signed input stored with signatures that are not all valid (flagged for a person).</summary>
    public bool Flagged { get; init; }

    /// <summary>The PAdES level SoHoa signed at (B-B, B-T, B-LT, B-LTA), <c>none</c> when SoHoa could not sign (a certified input), null when unknown.</summary>
    public string? SignatureLevel { get; init; }

    /// <summary>The rule codes of the problems that rejected or failed it, space-separated and distinct; empty otherwise.</summary>
    public string Rules { get; init; } = string.Empty;

    /// <summary>True when the outcome counts as digitized (stored now or earlier).</summary>
    public bool IsDigitized => Outcome is LedgerOutcome.Stored or LedgerOutcome.AlreadyStored;

    /// <summary>True for an outcome that a later recording of the same entry may not undo (a success is not replaced by a failure).</summary>
    public bool IsSuccess => Outcome is LedgerOutcome.Stored or LedgerOutcome.AlreadyStored or LedgerOutcome.Reused or LedgerOutcome.Opened;
}

/// <summary>A problem of a batch that is tied to no document: an unreadable manifest, or a dossier entry that could not be read.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Ordinal">Its position among the batch's problems.</param>
/// <param name="AgencyCode">The batch's agency, empty when the manifest could not be read.</param>
/// <param name="On">The day of the batch in Vietnam (UTC+7).</param>
/// <param name="Rule">The rule code.</param>
public sealed record LedgerProblem(string BatchId, int Ordinal, string AgencyCode, DateOnly On, string Rule);

/// <summary>An agency the ledger has seen in a batch manifest.</summary>
/// <param name="Code">The agency code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Level">Its administrative level.</param>
public sealed record LedgerAgency(string Code, string Name, AgencyLevel Level);

/// <summary>Everything one batch contributes to the ledger, recorded in one step.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Agency">The receiving agency, null when the manifest could not be read.</param>
/// <param name="Entries">One entry per document of the batch result.</param>
/// <param name="Problems">The problems tied to no document.</param>
public sealed record LedgerBatch(string BatchId, LedgerAgency? Agency, IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<LedgerProblem> Problems);

/// <summary>Which entries a report reads.</summary>
/// <param name="From">The first day of receipt, or null.</param>
/// <param name="To">The last day of receipt, or null.</param>
/// <param name="AgencyCodes">Only entries of these agencies, or null for all.</param>
public sealed record LedgerQuery(DateOnly? From, DateOnly? To, IReadOnlySet<string>? AgencyCodes);

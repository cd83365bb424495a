using System.Security.Cryptography;
using SoHoa.Identifiers;
using SoHoa.Signing.Verification;
using SoHoa.Storage;

namespace SoHoa.Reuse;

/// <summary>Why a document is read: who reads it, for which procedure and dossier. Written into the audit log.</summary>
/// <param name="Actor">The officer or system reading.</param>
/// <param name="ProcedureCode">The procedure the read serves, if any.</param>
/// <param name="DossierCode">The dossier the read serves, if any.</param>
public sealed record ReadPurpose(string Actor, string? ProcedureCode = null, string? DossierCode = null);

/// <summary>A stored document as the reuse service judged it.</summary>
/// <param name="Document">The index entry.</param>
/// <param name="IsValidOnDate">True when the paper is valid on the day asked (issued by then, not expired).</param>
/// <param name="HashMatches">True when the stored PDF's bytes still have the hash recorded when it was stored.</param>
/// <param name="SignatureValid">True when every signature of the stored PDF verifies against the configured trust anchors.</param>
/// <param name="RefusalCode">Why it may not be reused (<see cref="ReuseRefusals"/>), or null when it may.</param>
/// <param name="Refusal">The same in words.</param>
public sealed record ReusableDocument(StoredDocument Document, bool IsValidOnDate, bool HashMatches, bool SignatureValid, string? RefusalCode, string? Refusal)
{
    /// <summary>True when the document may be reused: valid on the day, unaltered, and its signatures verify.</summary>
    public bool IsReusable => RefusalCode is null;
}

/// <summary>What a find returned: the documents that may be reused, and those left out with the reason.</summary>
/// <param name="Reusable">Valid on the day, unaltered and verified, newest first.</param>
/// <param name="LeftOut">The citizen's other documents of that kind, each with why it may not be reused.</param>
public sealed record ReuseFindResult(IReadOnlyList<ReusableDocument> Reusable, IReadOnlyList<ReusableDocument> LeftOut);

/// <summary>What opening a document for reuse gave: its bytes, or why they are refused.</summary>
/// <param name="Document">The judged document, when the id is known (and the citizen's, when one was named).</param>
/// <param name="Pdf">The PDF, only when every check passed.</param>
/// <param name="RefusalCode">Why it was refused, or null.</param>
/// <param name="Refusal">The same in words.</param>
public sealed record ReuseOpening(ReusableDocument? Document, byte[]? Pdf, string? RefusalCode, string? Refusal)
{
    /// <summary>True when the bytes were handed out.</summary>
    public bool Opened => Pdf is not null;
}

/// <summary>The stable codes of a refused reuse.</summary>
public static class ReuseRefusals
{
    /// <summary>No stored document has that id.</summary>
    public const string UnknownDocument = "reuse.unknown-document";

    /// <summary>The document belongs to another citizen than the one named.</summary>
    public const string OtherCitizen = "reuse.other-citizen";

    /// <summary>The stored PDF's bytes no longer have the hash recorded when it was stored.</summary>
    public const string HashMismatch = "integrity.hash-mismatch";

    /// <summary>The stored PDF cannot be read.</summary>
    public const string Unreadable = "integrity.unreadable";

    /// <summary>A signature of the stored PDF does not verify against the trust anchors.</summary>
    public const string SignatureInvalid = "signature.invalid";

    /// <summary>The paper expired before the day asked.</summary>
    public const string Expired = "validity.expired";

    /// <summary>The paper was issued after the day asked.</summary>
    public const string NotYetIssued = "validity.not-yet-issued";

    /// <summary>The citizen has no reusable document of the kind asked.</summary>
    public const string NoneOfKind = "reuse.none-of-kind";
}

/// <summary>
/// Hands out a citizen's stored documents for reuse in a later procedure, only after checking each: its bytes still
/// have their recorded hash, every signature verifies against the configured trust anchors (<see cref="PdfSignatureVerifier"/>),
/// and the paper is valid on the day asked, a day in Vietnam's time zone (UTC+7). Every find and every open is written
/// to the store's audit log, refused ones too. Works over any <see cref="IDocumentStore"/>.
/// </summary>
public sealed class ReuseService
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
    private readonly IDocumentStore _store;
    private readonly PdfSignatureVerifier _verifier;
    private readonly TimeProvider _time;

    /// <summary>Creates the service over <paramref name="store"/>, verifying signatures with <paramref name="verifier"/>.</summary>
    public ReuseService(IDocumentStore store, PdfSignatureVerifier verifier, TimeProvider? timeProvider = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Today in Vietnam (UTC+7), the day validity is judged on when none is given.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().ToOffset(VietnamOffset).DateTime);

    /// <summary>
    /// A citizen's documents (optionally of one kind), each judged; the reusable ones newest first, the others left out
    /// with the reason. An unknown citizen has none: that is not an error. The read is audited.
    /// </summary>
    public async Task<ReuseFindResult> FindAsync(PersonalId owner, string? kind, DateOnly? asOf, ReadPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        DateOnly day = asOf ?? Today;
        IReadOnlyList<StoredDocument> documents = await _store.FindAsync(owner, kind, cancellationToken).ConfigureAwait(false);
        var judged = new List<ReusableDocument>(documents.Count);
        foreach (StoredDocument document in documents)
        {
            judged.Add((await JudgeAsync(document, day, cancellationToken).ConfigureAwait(false)).Judged);
        }

        var result = new ReuseFindResult(judged.Where(d => d.IsReusable).ToArray(), judged.Where(d => !d.IsReusable).ToArray());
        string outcome = $"{judged.Count} found, {result.Reusable.Count} reusable" + (kind is null ? string.Empty : $" (kind {kind})");
        await AuditAsync(purpose, "find", _store.PersonKey(owner), null, outcome, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The PDF of document <paramref name="documentId"/>, only when it is unaltered, its signatures verify and it is valid
    /// on the day; when <paramref name="owner"/> is given, only when it is that citizen's. Otherwise the reason. Audited either way.
    /// </summary>
    public Task<ReuseOpening> OpenAsync(string documentId, ReadPurpose purpose, DateOnly? asOf = null, PersonalId? owner = null, CancellationToken cancellationToken = default) =>
        OpenAsync(documentId, purpose, asOf, owner, "open", cancellationToken);

    /// <summary>The newest reusable document of <paramref name="kind"/> of a citizen, opened as <see cref="OpenAsync(string, ReadPurpose, DateOnly?, PersonalId?, CancellationToken)"/> does; audited as a reuse.</summary>
    public async Task<ReuseOpening> OpenNewestAsync(PersonalId owner, string kind, ReadPurpose purpose, DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        DateOnly day = asOf ?? Today;
        foreach (StoredDocument document in await _store.FindAsync(owner, kind, cancellationToken).ConfigureAwait(false))
        {
            (ReusableDocument judged, byte[]? pdf) = await JudgeAsync(document, day, cancellationToken).ConfigureAwait(false);
            if (judged.IsReusable)
            {
                await AuditAsync(purpose, "reuse", judged.Document.OwnerKey, judged.Document.DocumentId, "opened", cancellationToken).ConfigureAwait(false);
                return new ReuseOpening(judged, pdf, null, null);
            }
        }

        string refusal = $"The citizen has no stored {kind} that is valid on {day:yyyy-MM-dd}, unaltered and verified.";
        await AuditAsync(purpose, "reuse", _store.PersonKey(owner), null, $"refused: {ReuseRefusals.NoneOfKind} ({kind})", cancellationToken).ConfigureAwait(false);
        return new ReuseOpening(null, null, ReuseRefusals.NoneOfKind, refusal);
    }

    /// <summary>Opens a document for a batch that reuses it by id: as <see cref="OpenAsync(string, ReadPurpose, DateOnly?, PersonalId?, CancellationToken)"/>, audited as a reuse.</summary>
    public Task<ReuseOpening> ReuseAsync(string documentId, PersonalId owner, ReadPurpose purpose, DateOnly? asOf = null, CancellationToken cancellationToken = default) =>
        OpenAsync(documentId, purpose, asOf, owner, "reuse", cancellationToken);

    private async Task<ReuseOpening> OpenAsync(string documentId, ReadPurpose purpose, DateOnly? asOf, PersonalId? owner, string action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(purpose);
        string? ownerKey = owner is { } o ? _store.PersonKey(o) : null;
        StoredDocument? document = await _store.GetAsync(documentId, cancellationToken).ConfigureAwait(false);
        ReuseOpening opening;
        if (document is null)
        {
            opening = new ReuseOpening(null, null, ReuseRefusals.UnknownDocument, $"No stored document has the id '{documentId}'.");
        }
        else if (ownerKey is not null && document.OwnerKey != ownerKey)
        {
            // Nothing about the document is handed back: it is another citizen's.
            opening = new ReuseOpening(null, null, ReuseRefusals.OtherCitizen, $"Document '{documentId}' does not belong to this dossier's applicant.");
        }
        else
        {
            (ReusableDocument judged, byte[]? pdf) = await JudgeAsync(document, asOf ?? Today, cancellationToken).ConfigureAwait(false);
            opening = judged.IsReusable ? new ReuseOpening(judged, pdf, null, null) : new ReuseOpening(judged, null, judged.RefusalCode, judged.Refusal);
        }

        string outcome = opening.Opened ? "opened" : $"refused: {opening.RefusalCode}";
        await AuditAsync(purpose, action, ownerKey ?? document?.OwnerKey, documentId, outcome, cancellationToken).ConfigureAwait(false);
        return opening;
    }

    /// <summary>Reads and checks one document: hash, then signatures, then validity on <paramref name="day"/>.</summary>
    private async Task<(ReusableDocument Judged, byte[]? Pdf)> JudgeAsync(StoredDocument document, DateOnly day, CancellationToken cancellationToken)
    {
        bool valid = (document.IssuedOn is null || document.IssuedOn <= day) && (document.ValidUntil is null || document.ValidUntil >= day);
        byte[] pdf;
        try
        {
            using Stream stream = await _store.OpenReadAsync(document.PdfPath, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            pdf = buffer.ToArray();
        }
        catch (SoHoaException ex)
        {
            return (new ReusableDocument(document, valid, false, false, ReuseRefusals.Unreadable, $"The stored PDF of '{document.DocumentId}' cannot be read: {ex.Message}"), null);
        }

        if (Convert.ToHexStringLower(SHA256.HashData(pdf)) != document.PdfSha256)
        {
            return (new ReusableDocument(document, valid, false, false, ReuseRefusals.HashMismatch,
                $"The stored PDF of '{document.DocumentId}' was changed after it was stored: its SHA-256 is not the one recorded."), null);
        }

        VerificationReport report = _verifier.Verify(pdf);
        if (!report.IsValid)
        {
            string codes = string.Join(", ", report.Problems.Concat(report.Signatures.SelectMany(s => s.Problems)).Where(p => p.IsError).Select(p => p.Code).Distinct());
            return (new ReusableDocument(document, valid, true, false, ReuseRefusals.SignatureInvalid,
                $"A signature of '{document.DocumentId}' does not verify against the configured trust anchors ({(codes.Length == 0 ? "changes after signing" : codes)})."), null);
        }

        if (!valid)
        {
            (string code, string why) = document.ValidUntil < day
                ? (ReuseRefusals.Expired, $"'{document.DocumentId}' expired on {document.ValidUntil:yyyy-MM-dd}, before {day:yyyy-MM-dd}.")
                : (ReuseRefusals.NotYetIssued, $"'{document.DocumentId}' was issued on {document.IssuedOn:yyyy-MM-dd}, after {day:yyyy-MM-dd}.");
            return (new ReusableDocument(document, false, true, true, code, why), null);
        }

        return (new ReusableDocument(document, true, true, true, null, null), pdf);
    }

    private Task AuditAsync(ReadPurpose purpose, string action, string? personKey, string? documentId, string outcome, CancellationToken cancellationToken) =>
        _store.AuditLog.AppendAsync(new AuditEntry(_time.GetUtcNow(), purpose.Actor, action, personKey, purpose.ProcedureCode, purpose.DossierCode, documentId, outcome), cancellationToken);
}

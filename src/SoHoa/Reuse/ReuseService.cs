using System.Security.Cryptography;
using SoHoa.Identifiers;
using SoHoa.Storage;

namespace SoHoa.Reuse;

/// <summary>A stored document offered for reuse, with what was checked about it.</summary>
/// <param name="Document">The index entry.</param>
/// <param name="PdfFullPath">Where the PDF is, for tools that open it.</param>
/// <param name="IsValidOnDate">True when the paper is still valid on the date asked.</param>
/// <param name="HashMatches">True when the stored PDF's bytes still have the hash recorded when it was stored.</param>
public sealed record ReusableDocument(StoredDocument Document, string? PdfFullPath, bool IsValidOnDate, bool HashMatches);

/// <summary>Why a document is read: who reads it, for which procedure and dossier. Written into the audit log.</summary>
/// <param name="Actor">The officer or system reading.</param>
/// <param name="ProcedureCode">The procedure the read serves, if any.</param>
/// <param name="DossierCode">The dossier the read serves, if any.</param>
public sealed record ReadPurpose(string Actor, string? ProcedureCode = null, string? DossierCode = null);

/// <summary>
/// Finds a citizen's stored documents for reuse in a later procedure, checks that each is still valid and
/// unaltered, and writes every read to the audit log.
/// </summary>
public sealed class ReuseService
{
    private readonly FolderDocumentStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the service over a folder store.</summary>
    public ReuseService(FolderDocumentStore store, TimeProvider? timeProvider = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Lists a citizen's documents (optionally of one kind) with their checks, and audits the read.</summary>
    /// <param name="owner">The citizen.</param>
    /// <param name="kind">Only this document kind, or all.</param>
    /// <param name="asOf">The day validity is judged on; today by default.</param>
    /// <param name="purpose">Who reads and why.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<ReusableDocument>> FindAsync(PersonalId owner, string? kind, DateOnly? asOf, ReadPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        DateOnly day = asOf ?? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        IReadOnlyList<StoredDocument> documents = await _store.FindAsync(owner, kind, cancellationToken).ConfigureAwait(false);
        var found = new List<ReusableDocument>(documents.Count);
        foreach (StoredDocument document in documents)
        {
            bool valid = (document.IssuedOn is null || document.IssuedOn <= day) && (document.ValidUntil is null || document.ValidUntil >= day);
            bool hashMatches;
            try
            {
                byte[] pdf = await _store.ReadPdfAsync(document, cancellationToken).ConfigureAwait(false);
                hashMatches = Convert.ToHexStringLower(SHA256.HashData(pdf)) == document.PdfSha256;
            }
            catch (IOException)
            {
                hashMatches = false;
            }

            found.Add(new ReusableDocument(document, _store.LocalPath(document.PdfPath), valid, hashMatches));
        }

        string outcome = $"{found.Count} found, {found.Count(d => d.IsValidOnDate && d.HashMatches)} reusable" + (kind is null ? string.Empty : $" (kind {kind})");
        await _store.AuditLog.AppendAsync(
            new AuditEntry(_time.GetUtcNow(), purpose.Actor, "find", _store.PersonKey(owner), purpose.ProcedureCode, purpose.DossierCode, outcome),
            cancellationToken).ConfigureAwait(false);
        return found;
    }
}

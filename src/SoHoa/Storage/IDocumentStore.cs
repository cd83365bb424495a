using SoHoa.Identifiers;

namespace SoHoa.Storage;

/// <summary>
/// Keeps signed documents and the index that finds them again: the folder store with its SQLite index (the embedded
/// default, <see cref="FolderDocumentStore"/>) or Azure Blobs and Tables (package SoHoa.Azure). Files are addressed by
/// store paths (<see cref="DocumentPaths"/>), never by local file names, and read as streams.
/// <para>
/// Writes are create-only and idempotent: storing a document whose id is already stored with the same PDF hash is
/// <see cref="StoreOutcome.AlreadyStored"/>; with another hash it is a conflict (a <see cref="SoHoaException"/> with
/// <see cref="SoHoaErrorCode.Storage"/>), never an overwrite. The PDF and sidecar are written before the index entry,
/// so a crash leaves at most files without an entry, which the next store of the same document completes.
/// </para>
/// </summary>
public interface IDocumentStore
{
    /// <summary>Where the store is, for messages: a folder, or an account and container. Never holds a secret.</summary>
    string Location { get; }

    /// <summary>The append-only, keyed hash chain of every read for reuse.</summary>
    IAuditLog AuditLog { get; }

    /// <summary>The key a citizen's documents are indexed under: HMAC-SHA256 of the personal ID under the deployment's index key.</summary>
    string PersonKey(PersonalId owner);

    /// <summary>The stored document with this id, or null when there is none.</summary>
    Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Stores a signed PDF and its sidecar at the document's paths, and indexes it under the citizen's key.</summary>
    Task<StoreOutcome> StoreAsync(StoredDocument document, PersonalId owner, ReadOnlyMemory<byte> pdf, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default);

    /// <summary>
    /// Indexes a document reused from an earlier dossier (<see cref="StoredDocument.ReusedFrom"/>): its entry points at the
    /// earlier document's PDF, so the bytes are not copied; only the link's sidecar is written.
    /// </summary>
    Task<StoreOutcome> LinkAsync(StoredDocument link, PersonalId owner, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default);

    /// <summary>Lists the documents of a citizen, optionally of one kind, newest first. Does not audit: reads for reuse go through the reuse service.</summary>
    Task<IReadOnlyList<StoredDocument>> FindAsync(PersonalId owner, string? kind, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file by its store path for reading; a <see cref="SoHoaException"/> when it is not there.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes a file that may be replaced (a batch's <c>result.json</c>) at a store path.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);
}

using SoHoa.Identifiers;

namespace SoHoa.Storage;

/// <summary>Keeps signed documents and the index that finds them again. Writes are atomic and idempotent.</summary>
public interface IDocumentStore
{
    /// <summary>The stored document with this id, or null when there is none.</summary>
    Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Stores a signed PDF and its sidecar, and indexes it under the citizen's keyed hash.</summary>
    Task<StoreOutcome> StoreAsync(StoredDocument document, PersonalId owner, ReadOnlyMemory<byte> pdf, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default);

    /// <summary>Lists the documents of a citizen, optionally of one kind, newest first. Does not audit: callers that read for reuse go through the reuse service.</summary>
    Task<IReadOnlyList<StoredDocument>> FindAsync(PersonalId owner, string? kind, CancellationToken cancellationToken = default);

    /// <summary>Reads a stored document's PDF.</summary>
    Task<byte[]> ReadPdfAsync(StoredDocument document, CancellationToken cancellationToken = default);

    /// <summary>The full path of a stored file, for tools that read it directly; null when the store has no files on disk.</summary>
    string? LocalPath(string relativePath);
}

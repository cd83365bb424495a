using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>
/// The reuse index's rows of stored documents: a row per citizen and document, and a row per document id (the one a
/// document is found by), each added only if absent, so that racing writers index a document once and a citizen never
/// keeps a row for another citizen's document.
/// </summary>
internal sealed class AzureDocumentIndex(TableClient table, ILogger logger)
{
    /// <summary>AlreadyStored when <paramref name="existing"/> has the same PDF; else the conflict, logged and thrown.</summary>
    public StoreOutcome SameOrConflict(StoredDocument existing, string pdfSha256)
    {
        if (existing.PdfSha256 == pdfSha256)
        {
            return StoreOutcome.AlreadyStored;
        }

        AzureLog.Conflict(logger, existing.DocumentId);
        throw Conflict(existing.DocumentId,
            $"is already stored with another PDF (SHA-256 {existing.PdfSha256[..12]}…, not {pdfSha256[..12]}…), probably signed by another worker at the same time; the stored one is kept.");
    }

    /// <summary>The error of a document stored otherwise than this writer meant.</summary>
    private static SoHoaException Conflict(string documentId, string what) => new(SoHoaErrorCode.Storage, $"Document {documentId} {what}");

    /// <summary>The document of one row, or null when there is none.</summary>
    public async Task<StoredDocument?> GetRowAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue ? IndexEntities.FromEntity(row.Value!) : null;
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The index row of document {rowKey} could not be read");
        }
    }

    /// <summary>
    /// Writes the citizen's row, then the id row (the one <see cref="AzureDocumentStore.GetAsync"/> reads, so a document is found only once
    /// both are there). A row already there is kept when it describes the same PDF; <see cref="StoreOutcome.Stored"/> when
    /// this call wrote the id row.
    /// </summary>
    public async Task<StoreOutcome> IndexAsync(StoredDocument document, CancellationToken cancellationToken)
    {
        string personKey = document.OwnerKey!;
        try
        {
            bool wroteCitizenRow = await AddAsync(IndexEntities.ToEntity(personKey, document), cancellationToken).ConfigureAwait(false);
            if (!wroteCitizenRow && await GetRowAsync(personKey, document.DocumentId, cancellationToken).ConfigureAwait(false) is { } citizenRow)
            {
                SameOrConflict(citizenRow, document.PdfSha256);
            }

            if (await AddAsync(IndexEntities.ToEntity(IndexEntities.ByIdPartition(document.DocumentId), document), cancellationToken).ConfigureAwait(false))
            {
                return StoreOutcome.Stored;
            }

            // Another writer indexed the same id between our check and our rows.
            StoredDocument winner = await GetRowAsync(IndexEntities.ByIdPartition(document.DocumentId), document.DocumentId, cancellationToken).ConfigureAwait(false)
                ?? throw new SoHoaException(SoHoaErrorCode.Storage, $"Document {document.DocumentId} could not be indexed.", isTransient: true);
            if (winner.OwnerKey != personKey)
            {
                // Never leave this citizen a row for another citizen's document.
                if (wroteCitizenRow)
                {
                    await table.DeleteEntityAsync(personKey, document.DocumentId, ETag.All, cancellationToken).ConfigureAwait(false);
                }

                throw Conflict(document.DocumentId, "is already stored for another citizen; the stored one is kept.");
            }

            return SameOrConflict(winner, document.PdfSha256);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"Document {document.DocumentId} could not be indexed");
        }
    }

    /// <summary>Adds a row; false when one with its keys is there already.</summary>
    private async Task<bool> AddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}

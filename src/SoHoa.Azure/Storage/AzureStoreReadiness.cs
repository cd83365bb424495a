using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;

namespace SoHoa.Azure.Storage;

/// <summary>
/// Whether the store's container and tables are there: checked (or made, when the options say so) once, on first use,
/// by one task every caller shares; and the report ledger's table, made even in a store that must already exist.
/// </summary>
internal sealed class AzureStoreReadiness(BlobContainerClient container, TableServiceClient tables, TableClient table, TableClient reportTable, bool createIfMissing, string location)
{
    private readonly Lock _gate = new();
    private Task? _ready;
    private Task? _ledgerReady;

    /// <summary>Checks that the container and table exist, making them when <see cref="AzureStoreOptions.CreateIfMissing"/>; done once, on first use otherwise.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => Shared(ref _ready, PrepareAsync, cancellationToken);

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (createIfMissing)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                await reportTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var missing = new List<string>();
            if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                missing.Add($"container '{container.Name}'");
            }

            bool found = false;
            await foreach (TableItem _ in tables.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName eq {table.Name}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found = true;
            }

            if (!found)
            {
                missing.Add($"table '{table.Name}'");
            }

            if (missing.Count > 0)
            {
                throw new SoHoaException(SoHoaErrorCode.Storage, $"There is no document store at '{location}': no {string.Join(" and no ", missing)}.");
            }
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The document store at '{location}' cannot be opened");
        }
    }

    /// <summary>
    /// The store as <see cref="EnsureReadyAsync"/> finds it, and the ledger's table, made if it is missing even when the
    /// store must exist: the ledger is the store's own bookkeeping, and a store made before the ledger existed has none.
    /// </summary>
    public Task EnsureLedgerReadyAsync(CancellationToken cancellationToken) => Shared(ref _ledgerReady, PrepareLedgerAsync, cancellationToken);

    /// <summary>
    /// Waits for the task in <paramref name="slot"/>, started with <paramref name="prepare"/> when there is none yet or the
    /// last one failed. Shared by every caller, so not cancelled by the first one's token; each caller waits with its own.
    /// </summary>
    private Task Shared(ref Task? slot, Func<CancellationToken, Task> prepare, CancellationToken cancellationToken)
    {
        Task ready;
        lock (_gate)
        {
            if (slot is null || slot.IsFaulted || slot.IsCanceled)
            {
                slot = prepare(CancellationToken.None);
            }

            ready = slot;
        }

        return ready.IsCompletedSuccessfully ? Task.CompletedTask : ready.WaitAsync(cancellationToken);
    }

    private async Task PrepareLedgerAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await reportTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The report ledger's table '{reportTable.Name}' cannot be opened");
        }
    }
}

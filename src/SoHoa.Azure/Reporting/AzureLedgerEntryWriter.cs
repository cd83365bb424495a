using Azure;
using Azure.Data.Tables;
using SoHoa.Reporting;

namespace SoHoa.Azure.Reporting;

/// <summary>
/// Writes report entries to the ledger table by the ledger's rule (<see cref="AzureReportLedger.Merge"/>): a dossier's
/// rows are read, merged, and written in one entity group transaction per partition and hundred rows, adding a row only
/// if it is still absent and replacing one only if its ETag is unchanged; a lost race reads again.
/// </summary>
internal sealed class AzureLedgerEntryWriter(TableClient table)
{
    /// <summary>
    /// Writes entries by the ledger's rule. An entry whose dossier code gave no day (dated by its batch) may have been
    /// recorded under the batch's earlier day, <paramref name="movedFrom"/>: that row is treated as the existing one and
    /// removed once the entry is written under its new day.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<LedgerEntry> entries, DateOnly? movedFrom, CancellationToken cancellationToken)
    {
        foreach (IGrouping<string, LedgerEntry> partition in entries.GroupBy(e => ReportEntities.EntryPartition(e.ReceivedOn), StringComparer.Ordinal))
        {
            foreach (LedgerEntry[] chunk in partition.Chunk(AzureLedgerRetries.TransactionLimit))
            {
                for (int attempt = 1; ; attempt++)
                {
                    if (await TryWriteAsync(partition.Key, chunk, movedFrom, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    if (attempt == AzureLedgerRetries.MaxAttempts)
                    {
                        throw AzureLedgerRetries.Contended("Report entries could not be written");
                    }

                    await AzureLedgerRetries.Backoff(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One try at writing entries of one partition in one transaction; false when another writer changed one of their rows first.</summary>
    private async Task<bool> TryWriteAsync(string partitionKey, IReadOnlyList<LedgerEntry> entries, DateOnly? movedFrom, CancellationToken cancellationToken)
    {
        Dictionary<string, TableEntity> existing = await ReadDossiersAsync(entries.Select(e => (e.ReceivedOn, e.DossierCode)), cancellationToken).ConfigureAwait(false);
        Dictionary<string, TableEntity> moved = movedFrom is { } oldDay
            ? await ReadDossiersAsync(entries.Where(e => Moves(e, oldDay)).Select(e => (oldDay, e.DossierCode)), cancellationToken).ConfigureAwait(false)
            : [];
        var actions = new List<TableTransactionAction>();
        var removals = new List<TableEntity>();
        foreach (LedgerEntry entry in entries)
        {
            TableEntity? here = existing.GetValueOrDefault(ReportEntities.EntryRow(entry));
            TableEntity? before = movedFrom is { } day && Moves(entry, day)
                ? moved.GetValueOrDefault(ReportEntities.EntryRow(day, entry.DossierCode, entry.Source, entry.Item))
                : null;
            TableEntity? current = here ?? before;
            LedgerEntry? was = current is null ? null : ReportEntities.EntryFrom(current);
            LedgerEntry? write = AzureReportLedger.Merge(was, entry);
            if (write is null || (here is not null && write == was))
            {
                // Kept as it is, where it is. A row under both days is what a writer that stopped between writing the
                // new one and removing the old one left: the new one is the entry, the old one goes.
                if (here is not null && before is not null)
                {
                    removals.Add(before);
                }

                continue;
            }

            TableEntity entity = ReportEntities.ToEntity(write);
            actions.Add(here is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, here.ETag));
            if (before is not null)
            {
                removals.Add(before);
            }
        }

        if (actions.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (AzureLedgerRetries.IsLostRace(ex))
            {
                return false;
            }
        }

        foreach (TableEntity old in removals)
        {
            try
            {
                await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, old.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed by another writer of the same batch since it was read: that writer moves it.
            }
        }

        return true;
        static bool Moves(LedgerEntry entry, DateOnly oldDay) => !entry.Identified && entry.ReceivedOn != oldDay;
    }

    /// <summary>Every row of the given dossiers on the given days, by RowKey (one range query per dossier and day).</summary>
    private async Task<Dictionary<string, TableEntity>> ReadDossiersAsync(IEnumerable<(DateOnly Day, string DossierCode)> dossiers, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach ((DateOnly day, string dossierCode) in dossiers.Distinct())
        {
            string partition = ReportEntities.EntryPartition(day);
            string prefix = ReportEntities.DossierPrefix(day, dossierCode);
            string bound = prefix[..^1] + (char)('|' + 1);
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {bound}");
            await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows[entity.RowKey] = entity;
            }
        }

        return rows;
    }
}

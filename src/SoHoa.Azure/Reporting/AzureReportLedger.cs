using Azure;
using Azure.Data.Tables;
using SoHoa.Azure.Storage;
using SoHoa.Reporting;

namespace SoHoa.Azure.Reporting;

/// <summary>
/// The Azure store's report ledger: a table of its own beside the reuse index (see <see cref="ReportEntities"/> for its
/// rows), written by any number of workers at once without a lock. Entries are written with optimistic concurrency: each
/// dossier's rows are read, the rule of <see cref="IReportLedger"/> is applied (a success is never replaced by a
/// failure; a level already known is kept when a later run could not tell it), and the result is written in entity
/// group transactions (at most 100 rows of one partition) that add a row only if it is still absent and replace one only
/// if its ETag is unchanged. A writer that lost a race reads again and applies the rule to what won.
/// <para>
/// A batch is recorded in several requests, not one transaction: entries, then problems, agency and the batch's own row.
/// A crash between them leaves a batch partly recorded, never counted twice; recording it again (a redelivery, or the
/// next <c>process</c> of the same batch) completes it. Likewise opens are recorded before the mark moves past them.
/// </para>
/// </summary>
public sealed class AzureReportLedger : IReportLedger
{
    private readonly TableClient _table;
    private readonly Func<CancellationToken, Task> _ensureReady;
    private readonly AzureLedgerEntryWriter _entries;
    private readonly AzureLedgerRangeReader _ranges;

    /// <summary>A ledger in <paramref name="table"/>; <paramref name="ensureReady"/> is awaited before each operation (it makes or checks the table).</summary>
    public AzureReportLedger(TableClient table, Func<CancellationToken, Task> ensureReady)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _ensureReady = ensureReady ?? throw new ArgumentNullException(nameof(ensureReady));
        _entries = new AzureLedgerEntryWriter(_table);
        _ranges = new AzureLedgerRangeReader(_table, _ensureReady);
    }

    /// <summary>The table's name.</summary>
    public string TableName => _table.Name;

    /// <inheritdoc/>
    public async Task RecordAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _ensureReady(cancellationToken).ConfigureAwait(false);
        string what = $"Batch {batch.BatchId} could not be recorded for the report";
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (await TryRecordAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
            {
                throw StorageFailures.Map(ex, what);
            }

            if (attempt == AzureLedgerRetries.MaxAttempts)
            {
                throw AzureLedgerRetries.Contended(what);
            }

            await AzureLedgerRetries.Backoff(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task RecordOpensAsync(IReadOnlyList<LedgerEntry> opens, AuditMark through, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opens);
        ArgumentNullException.ThrowIfNull(through);
        await _ensureReady(cancellationToken).ConfigureAwait(false);
        const string What = "Audited opens could not be recorded for the report";
        try
        {
            await WriteMonthsAsync(opens.Select(o => o.ReceivedOn), cancellationToken).ConfigureAwait(false);
            await _entries.WriteAsync(Deduplicated(opens), movedFrom: null, cancellationToken).ConfigureAwait(false);
            for (int attempt = 1; ; attempt++)
            {
                NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(
                    ReportEntities.StatePartition, ReportEntities.OpensRow, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (row.HasValue && row.Value!.GetInt64("Sequence") >= through.Sequence)
                {
                    return; // the mark never moves back
                }

                var mark = new TableEntity(ReportEntities.StatePartition, ReportEntities.OpensRow) { ["Sequence"] = through.Sequence };
                if (through.At is { } at)
                {
                    mark["AtTicks"] = at.UtcTicks;
                }

                if (await TryWriteAsync(mark, row.HasValue ? row.Value!.ETag : null, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                if (attempt == AzureLedgerRetries.MaxAttempts)
                {
                    throw AzureLedgerRetries.Contended(What);
                }
            }
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, What);
        }
    }

    /// <inheritdoc/>
    public async Task<AuditMark> OpensRecordedThroughAsync(CancellationToken cancellationToken = default)
    {
        await _ensureReady(cancellationToken).ConfigureAwait(false);
        try
        {
            NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(
                ReportEntities.StatePartition, ReportEntities.OpensRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue
                ? new AuditMark(row.Value!.GetInt64("Sequence") ?? 0, row.Value.GetInt64("AtTicks") is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null)
                : AuditMark.None;
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, "The report's audit mark could not be read");
        }
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _ranges.ReadRangeAsync(query, "e", ReportEntities.EntryFrom, "The report ledger's entries could not be read", cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<LedgerProblem> ReadProblemsAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _ranges.ReadRangeAsync(query, "p", ReportEntities.ProblemFrom, "The report ledger's problems could not be read", cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LedgerAgency>> ReadAgenciesAsync(CancellationToken cancellationToken = default)
    {
        await _ensureReady(cancellationToken).ConfigureAwait(false);
        var agencies = new List<LedgerAgency>();
        try
        {
            await foreach (TableEntity entity in _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {ReportEntities.AgenciesPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (ReportEntities.AgencyFrom(entity) is { } agency)
                {
                    agencies.Add(agency);
                }
            }
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, "The report ledger's agencies could not be read");
        }

        return agencies.OrderBy(a => a.Code, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// What a ledger keeps when <paramref name="incoming"/> is recorded over <paramref name="existing"/>: null to keep
    /// the existing entry (a success is never replaced by a failure), else the entry to write.
    /// </summary>
    internal static LedgerEntry? Merge(LedgerEntry? existing, LedgerEntry incoming)
    {
        if (existing is null)
        {
            return incoming;
        }

        if (existing.IsSuccess && !incoming.IsSuccess)
        {
            return null;
        }

        // A run that found the document already stored cannot tell the level it was signed at: the one known stays.
        return incoming.SignatureLevel is null && string.Equals(incoming.DocumentId ?? string.Empty, existing.DocumentId ?? string.Empty, StringComparison.Ordinal)
            ? incoming with { SignatureLevel = existing.SignatureLevel }
            : incoming;
    }

    /// <summary>One entry per key, as recording them one after the other would leave them.</summary>
    private static List<LedgerEntry> Deduplicated(IEnumerable<LedgerEntry> entries)
    {
        var byKey = new Dictionary<(string, string, long), int>();
        var kept = new List<LedgerEntry>();
        foreach (LedgerEntry entry in entries)
        {
            var key = (entry.DossierCode, entry.Source, entry.Item);
            if (byKey.TryGetValue(key, out int at))
            {
                kept[at] = Merge(kept[at], entry) ?? kept[at];
            }
            else
            {
                byKey[key] = kept.Count;
                kept.Add(entry);
            }
        }

        return kept;
    }

    /// <summary>One try at recording a batch; false when another writer recorded the same batch meanwhile (then all is read again).</summary>
    private async Task<bool> TryRecordAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> previous = await _table.GetEntityIfExistsAsync<TableEntity>(
            ReportEntities.BatchesPartition, ReportEntities.KeyPart(batch.BatchId), cancellationToken: cancellationToken).ConfigureAwait(false);
        DateOnly? previousDay = previous.HasValue && previous.Value!.GetInt32("Day") is { } day ? ReportEntities.FromDayNumber(day) : null;
        int previousProblems = previous.HasValue ? previous.Value!.GetInt32("Problems") ?? 0 : 0;

        // The day of the batch: its problems', and its entries' whose dossier code gave none.
        string source = LedgerEntry.BatchSource(batch.BatchId);
        DateOnly? batchDay = batch.Problems.Count > 0 ? batch.Problems[0].On
            : batch.Entries.FirstOrDefault(e => !e.Identified && string.Equals(e.Source, source, StringComparison.Ordinal))?.ReceivedOn;

        await WriteMonthsAsync(batch.Entries.Select(e => e.ReceivedOn).Concat(batch.Problems.Select(p => p.On)), cancellationToken).ConfigureAwait(false);
        await _entries.WriteAsync(Deduplicated(batch.Entries), previousDay, cancellationToken).ConfigureAwait(false);
        await ReplaceProblemsAsync(batch, previousDay, previousProblems, cancellationToken).ConfigureAwait(false);
        if (batch.Agency is { } agency)
        {
            await _table.UpsertEntityAsync(ReportEntities.ToEntity(agency), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        var row = new TableEntity(ReportEntities.BatchesPartition, ReportEntities.KeyPart(batch.BatchId))
        {
            ["BatchId"] = batch.BatchId,
            ["Problems"] = batch.Problems.Count,
        };
        if ((batchDay ?? previousDay) is { } recordedDay)
        {
            row["Day"] = ReportEntities.DayNumber(recordedDay);
        }

        if (previous.HasValue && previous.Value!.GetInt32("Problems") == batch.Problems.Count && previous.Value.GetInt32("Day") == row.GetInt32("Day"))
        {
            return true; // recorded as it was: nothing to move next time that is not already where this row says
        }

        return await TryWriteAsync(row, previous.HasValue ? previous.Value!.ETag : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="entity"/> (no <paramref name="etag"/>) or replaces the row with that ETag; false when another writer got there first.</summary>
    private async Task<bool> TryWriteAsync(TableEntity entity, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            if (etag is { } match)
            {
                await _table.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (AzureLedgerRetries.IsLostRace(ex))
        {
            return false;
        }
    }

    /// <summary>Notes the months that hold rows, so a report without a first day knows where to start.</summary>
    private async Task WriteMonthsAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        string[] months = days.Select(ReportEntities.Month).Distinct(StringComparer.Ordinal).ToArray();
        foreach (string[] chunk in months.Chunk(AzureLedgerRetries.TransactionLimit))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(ReportEntities.MonthsPartition, m))),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the batch's problems and removes those it recorded before that it no longer has (under its earlier day too).</summary>
    private async Task ReplaceProblemsAsync(LedgerBatch batch, DateOnly? previousDay, int previousCount, CancellationToken cancellationToken)
    {
        var written = new HashSet<(string, string)>();
        foreach (IGrouping<string, TableEntity> partition in batch.Problems.Select(ReportEntities.ToEntity).GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (TableEntity[] chunk in partition.DistinctBy(e => e.RowKey, StringComparer.Ordinal).Chunk(AzureLedgerRetries.TransactionLimit))
            {
                await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
                written.UnionWith(chunk.Select(e => (e.PartitionKey, e.RowKey)));
            }
        }

        if (previousDay is not { } day)
        {
            return;
        }

        string oldPartition = ReportEntities.ProblemPartition(day);
        for (int ordinal = 0; ordinal < previousCount; ordinal++)
        {
            string oldRow = ReportEntities.ProblemRow(day, batch.BatchId, ordinal);
            if (!written.Contains((oldPartition, oldRow)))
            {
                // A row already gone is no error (the SDK answers a 404 on delete without throwing).
                await _table.DeleteEntityAsync(oldPartition, oldRow, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using SoHoa.Azure.Storage;
using SoHoa.Reporting;

namespace SoHoa.Azure.Reporting;

/// <summary>
/// Reads the ledger's entry or problem rows a report asks for: the months that hold rows within its days, then each
/// month's partition in RowKey order, filtered by day and agency on the server.
/// </summary>
internal sealed class AzureLedgerRangeReader(TableClient table, Func<CancellationToken, Task> ensureReady)
{
    /// <summary>The rows of partitions <paramref name="prefix"/> + month within the query, month by month and in RowKey order.</summary>
    public async IAsyncEnumerable<T> ReadRangeAsync<T>(LedgerQuery query, string prefix, Func<TableEntity, T> read, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await ensureReady(cancellationToken).ConfigureAwait(false);
        if (query.AgencyCodes is { Count: 0 })
        {
            yield break;
        }

        string? first = query.From is { } from ? ReportEntities.Month(from) : null;
        string? last = query.To is { } to ? ReportEntities.Month(to) : null;
        List<string> months = await MonthsAsync(first, last, what, cancellationToken).ConfigureAwait(false);
        string? agencies = query.AgencyCodes is { } codes
            ? "(" + string.Join(" or ", codes.Order(StringComparer.Ordinal).Select(c => TableClient.CreateQueryFilter($"AgencyCode eq {c}"))) + ")"
            : null;
        foreach (string month in months)
        {
            var filter = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {prefix + month}") };
            if (month == first)
            {
                filter.Add(TableClient.CreateQueryFilter($"RowKey ge {ReportEntities.DayPrefix(query.From!.Value)}"));
            }

            if (month == last)
            {
                filter.Add(TableClient.CreateQueryFilter($"RowKey lt {ReportEntities.DayBound(query.To!.Value)}"));
            }

            if (agencies is not null)
            {
                filter.Add(agencies);
            }

            ConfiguredCancelableAsyncEnumerable<TableEntity>.Enumerator rows = table
                .QueryAsync<TableEntity>(string.Join(" and ", filter), maxPerPage: 1000, cancellationToken: cancellationToken)
                .ConfigureAwait(false).GetAsyncEnumerator();
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await rows.MoveNextAsync();
                    }
                    catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
                    {
                        throw StorageFailures.Map(ex, what);
                    }

                    if (!more)
                    {
                        break;
                    }

                    yield return read(rows.Current);
                }
            }
            finally
            {
                await rows.DisposeAsync();
            }
        }
    }

    /// <summary>The months that hold rows, from <paramref name="first"/> to <paramref name="last"/> (either open), in order.</summary>
    private async Task<List<string>> MonthsAsync(string? first, string? last, string what, CancellationToken cancellationToken)
    {
        var filter = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {ReportEntities.MonthsPartition}") };
        if (first is not null)
        {
            filter.Add(TableClient.CreateQueryFilter($"RowKey ge {first}"));
        }

        if (last is not null)
        {
            filter.Add(TableClient.CreateQueryFilter($"RowKey le {last}"));
        }

        var months = new List<string>();
        try
        {
            await foreach (TableEntity month in table.QueryAsync<TableEntity>(string.Join(" and ", filter), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                months.Add(month.RowKey);
            }
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, what);
        }

        months.Sort(StringComparer.Ordinal);
        return months;
    }
}

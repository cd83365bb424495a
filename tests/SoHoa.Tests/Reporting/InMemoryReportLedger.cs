using System.Runtime.CompilerServices;
using SoHoa.Reporting;

namespace SoHoa.Tests.Reporting;

/// <summary>
/// The ledger contract with nothing behind it: what any backend (the Azure Table ledger too) must do, written as
/// plainly as possible, so the constructed history can be counted on two implementations and compared.
/// </summary>
internal sealed class InMemoryReportLedger : IReportLedger
{
    private readonly Dictionary<(string Dossier, string Source, long Item), LedgerEntry> _entries = [];
    private readonly Dictionary<string, LedgerProblem[]> _problems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerAgency> _agencies = new(StringComparer.Ordinal);
    private AuditMark _mark = AuditMark.None;

    public Task RecordAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Agency is { } agency)
        {
            _agencies[agency.Code] = agency;
        }

        Upsert(batch.Entries);
        _problems[batch.BatchId] = [.. batch.Problems];
        return Task.CompletedTask;
    }

    public Task RecordOpensAsync(IReadOnlyList<LedgerEntry> opens, AuditMark through, CancellationToken cancellationToken = default)
    {
        Upsert(opens);
        if (through.Sequence > _mark.Sequence)
        {
            _mark = through;
        }

        return Task.CompletedTask;
    }

    public Task<AuditMark> OpensRecordedThroughAsync(CancellationToken cancellationToken = default) => Task.FromResult(_mark);

    public async IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(LedgerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (LedgerEntry entry in _entries.Values
            .Where(e => In(query, e.ReceivedOn, e.AgencyCode))
            .OrderBy(e => e.ReceivedOn).ThenBy(e => e.DossierCode, StringComparer.Ordinal).ThenBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Item))
        {
            yield return entry;
        }
    }

    public async IAsyncEnumerable<LedgerProblem> ReadProblemsAsync(LedgerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (LedgerProblem problem in _problems.Values.SelectMany(p => p).Where(p => In(query, p.On, p.AgencyCode)))
        {
            yield return problem;
        }
    }

    public Task<IReadOnlyList<LedgerAgency>> ReadAgenciesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LedgerAgency>>([.. _agencies.Values]);

    private static bool In(LedgerQuery query, DateOnly day, string agency) =>
        (query.From is null || day >= query.From) && (query.To is null || day <= query.To) && (query.AgencyCodes is null || query.AgencyCodes.Contains(agency));

    private void Upsert(IEnumerable<LedgerEntry> entries)
    {
        foreach (LedgerEntry entry in entries)
        {
            var key = (entry.DossierCode, entry.Source, entry.Item);
            if (_entries.TryGetValue(key, out LedgerEntry? existing))
            {
                if (existing.IsSuccess && !entry.IsSuccess)
                {
                    continue;
                }

                _entries[key] = entry.SignatureLevel is null && entry.DocumentId == existing.DocumentId ? entry with { SignatureLevel = existing.SignatureLevel } : entry;
            }
            else
            {
                _entries[key] = entry;
            }
        }
    }
}

namespace SoHoa.Reporting;

/// <summary>
/// What the digitization report counts from, kept by the store backend beside the documents: one entry per document of
/// every processed batch (written in the same step as the batch's <c>result.json</c>), one per audited open that served
/// a procedure, the agencies seen, and the problems tied to no document. The folder store keeps it in its SQLite index
/// (<see cref="SqliteReportLedger"/>); another backend implements this interface (an Azure Table keyed for the query).
/// <para>
/// Every write is idempotent: an entry's key is (dossier code, source, item), and writing a key again replaces the
/// entry, except that a success (stored, already stored, reused) is never replaced by a failure (rejected, failed), so
/// a redelivered batch that fails where it once succeeded does not take a digitized document out of the report. A
/// batch's problems replace the ones recorded for that batch before. Counting is done by <see cref="ReportCounter"/>
/// over what <see cref="ReadEntriesAsync"/> returns, the same for every backend.
/// </para>
/// </summary>
public interface IReportLedger
{
    /// <summary>Records one batch: its agency, its entries and its problems, replacing whatever the same batch recorded before.</summary>
    Task RecordAsync(LedgerBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records audited opens (entries with <see cref="LedgerEntry.AuditSource"/>) and moves the high-water mark to
    /// <paramref name="through"/>, the last audit entry read, in one step. The mark never moves back.
    /// </summary>
    Task RecordOpensAsync(IReadOnlyList<LedgerEntry> opens, AuditMark through, CancellationToken cancellationToken = default);

    /// <summary>The last audit entry whose opens were recorded (<see cref="AuditMark.None"/> when none).</summary>
    Task<AuditMark> OpensRecordedThroughAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries received within the query's days and agencies, ordered by day of receipt and then dossier code, so
    /// that every entry of a dossier comes in one run. Streams: nothing is held for the whole range.
    /// </summary>
    IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    /// <summary>The problems tied to no document, within the query's days and agencies.</summary>
    IAsyncEnumerable<LedgerProblem> ReadProblemsAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every agency seen, with the name and level its latest batch gave.</summary>
    Task<IReadOnlyList<LedgerAgency>> ReadAgenciesAsync(CancellationToken cancellationToken = default);
}

/// <summary>How far the audit log has been read into the ledger: the last entry's sequence and time.</summary>
/// <param name="Sequence">The audit sequence (0: nothing read yet).</param>
/// <param name="At">That entry's time, or null.</param>
public sealed record AuditMark(long Sequence, DateTimeOffset? At)
{
    /// <summary>Nothing read yet.</summary>
    public static AuditMark None { get; } = new(0, null);
}

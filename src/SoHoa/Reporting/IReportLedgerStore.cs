namespace SoHoa.Reporting;

/// <summary>
/// A document store that keeps the digitization report's ledger beside its documents, so that the ledger can be found
/// from the store alone (<see cref="ReportLedgers.ForStore"/>) without SoHoa knowing every backend. Implemented by the
/// stores of other packages (the Azure store keeps its ledger in a table of its own). The folder store is not marked
/// with it, because <c>Storage</c> comes before <c>Reporting</c> and may not use it; <see cref="ReportLedgers.ForStore"/>
/// knows it by name.
/// </summary>
public interface IReportLedgerStore
{
    /// <summary>The store's report ledger. Does no I/O that could fail; the ledger reaches its storage on first use.</summary>
    IReportLedger OpenReportLedger();
}

using SoHoa.Reporting;
using SoHoa.Storage;

namespace SoHoa.Tests.Reporting;

/// <summary>The SQLite ledger of the folder store counts the constructed history exactly.</summary>
[TestClass]
public sealed class SqliteReportLedgerCountingTests : ReportLedgerCountingTests
{
    protected override IReportLedger CreateLedger(FolderDocumentStore store) => SqliteReportLedger.Open(store);
}

/// <summary>The plain reference ledger (the contract any backend implements) counts it the same.</summary>
[TestClass]
public sealed class InMemoryReportLedgerCountingTests : ReportLedgerCountingTests
{
    protected override IReportLedger CreateLedger(FolderDocumentStore store) => new InMemoryReportLedger();
}

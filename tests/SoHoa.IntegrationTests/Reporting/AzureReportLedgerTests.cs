using Azure.Data.Tables;
using SoHoa.Azure.Storage;
using SoHoa.Batches;
using SoHoa.IntegrationTests.Storage.Azure;
using SoHoa.IntegrationTests.Support;
using SoHoa.Reporting;
using SoHoa.Storage;
using SoHoa.Tests.Reporting;
using SoHoa.Tests.Support;

namespace SoHoa.IntegrationTests.Reporting;

/// <summary>
/// The constructed history of <see cref="ReportHistory"/> counted from the Azure store's ledger on a real Azurite: the
/// same hand-computed figures as the SQLite ledger of the folder store (the test methods are those of
/// <see cref="ReportLedgerCountingTests"/>; the history's sidecars and audit log stay in a folder store).
/// </summary>
[TestClass]
public sealed class AzureReportLedgerCountingTests : ReportLedgerCountingTests
{
    private static AzuriteServer _azurite = null!;

    [ClassInitialize]
    public static void StartAzurite(TestContext context)
    {
        _ = context;
        _azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite"));
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    protected override IReportLedger CreateLedger(FolderDocumentStore store)
    {
        IReportLedger ledger = ReportLedgers.ForStore(AzureDocumentStore.Open(_azurite.StoreOptions(TestEnvironment.NewDirectory("keys"))))!;
        Assert.IsInstanceOfType<SoHoa.Azure.Reporting.AzureReportLedger>(ledger, "the Azure store hands out its own ledger");
        return ledger;
    }
}

/// <summary>
/// The Azure ledger's own contract on a real Azurite: idempotent writes, a success never replaced by a failure (also
/// between concurrent writers), a batch's problems and undated entries replaced when it is recorded again on another
/// day, the opens mark, day ranges across months in the order the counter needs, keys that Table storage forbids, more
/// rows than one transaction holds, and no personal ID anywhere. Where the SQLite ledger defines the answer, both are
/// given the same writes and must read back the same.
/// </summary>
[TestClass]
public sealed class AzureReportLedgerTests
{
    private const string District = "000.00.01.H12";
    private const string Commune = "000.01.01.H12";
    private static AzuriteServer _azurite = null!;

    [ClassInitialize]
    public static void StartAzurite(TestContext context)
    {
        _ = context;
        _azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite"));
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    [TestMethod]
    public async Task RecordAsync_SameBatchTwice_KeepsOneEntryPerDocument()
    {
        (IReportLedger ledger, AzureStoreOptions options) = NewLedger();
        LedgerBatch batch = Batch("B1", Stored(District + "-260105-0001", "B1", 0, "d1", "B-B"), Stored(District + "-260105-0001", "B1", 1, "d2", "B-B"));

        await ledger.RecordAsync(batch);
        await ledger.RecordAsync(batch);

        List<LedgerEntry> entries = await EntriesAsync(ledger, new LedgerQuery(null, null, null));
        CollectionAssert.AreEqual(batch.Entries.ToArray(), entries);
        Assert.AreEqual(2, (await RowsAsync(options)).Count(r => r.PartitionKey.StartsWith('e')), "two entry rows, not four");
    }

    [TestMethod]
    public async Task RecordAsync_FailureAfterSuccess_KeepsTheSuccessAndItsLevel()
    {
        (IReportLedger ledger, _) = NewLedger();
        string dossier = District + "-260105-0001";
        LedgerEntry stored = Stored(dossier, "B1", 0, "d1", "B-LT");
        await ledger.RecordAsync(Batch("B1", stored));

        await ledger.RecordAsync(Batch("B1", Failed(dossier, "B1", 0)));
        LedgerEntry afterFailure = (await EntriesAsync(ledger, new LedgerQuery(null, null, null))).Single();
        await ledger.RecordAsync(Batch("B1", stored with { Outcome = LedgerOutcome.AlreadyStored, SignatureLevel = null }));
        LedgerEntry afterRedelivery = (await EntriesAsync(ledger, new LedgerQuery(null, null, null))).Single();

        Assert.AreEqual(stored, afterFailure, "a failure does not take a stored document out of the report");
        Assert.AreEqual(LedgerOutcome.AlreadyStored, afterRedelivery.Outcome);
        Assert.AreEqual("B-LT", afterRedelivery.SignatureLevel, "a run that could not tell the level keeps the one known");
    }

    [TestMethod]
    public async Task RecordAsync_SuccessAfterFailure_ReplacesIt()
    {
        (IReportLedger ledger, _) = NewLedger();
        string dossier = District + "-260105-0001";
        await ledger.RecordAsync(Batch("B1", Failed(dossier, "B1", 0)));

        await ledger.RecordAsync(Batch("B1", Stored(dossier, "B1", 0, "d1", "B-B")));

        Assert.AreEqual(LedgerOutcome.Stored, (await EntriesAsync(ledger, new LedgerQuery(null, null, null))).Single().Outcome);
    }

    [TestMethod]
    public async Task RecordAsync_FailuresRacingASuccess_NeverReplaceIt()
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        string dossier = District + "-260105-0001";
        LedgerEntry[] stored = Enumerable.Range(0, 10).Select(i => Stored(dossier, "B1", i, "d" + i, "B-B")).ToArray();

        // Three workers, each with its own store and clients, keep recording the same entries as failures, each time with
        // other rules (so each write changes the rows); a fourth records the success once while they run. A writer that
        // read a failure and writes after the success landed must lose (its ETag no longer matches) and read again.
        using var stop = new CancellationTokenSource();
        Task<int>[] failing = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            IReportLedger ledger = AzureDocumentStore.Open(options).OpenReportLedger();
            int rounds = 0;
            for (; !stop.IsCancellationRequested || rounds < 10; rounds++)
            {
                LedgerEntry[] failed = Enumerable.Range(0, 10).Select(i => Failed(dossier, "B1", i) with { Rules = $"processing.failed w{w}r{rounds}" }).ToArray();
                await ledger.RecordAsync(Batch("B1", failed));
            }

            return rounds;
        })).ToArray();
        await Task.Delay(300);
        await AzureDocumentStore.Open(options).OpenReportLedger().RecordAsync(Batch("B1", stored));
        await Task.Delay(500);
        await stop.CancelAsync();
        int[] rounds = await Task.WhenAll(failing);

        List<LedgerEntry> entries = await EntriesAsync(AzureDocumentStore.Open(options).OpenReportLedger(), new LedgerQuery(null, null, null));
        CollectionAssert.AreEquivalent(stored, entries, $"every entry once, and each the success ({string.Join(", ", rounds)} failing rounds)");
    }

    [TestMethod]
    public async Task RecordAsync_BatchAgainOnAnotherDay_MovesItsUndatedEntriesAndProblemsAsSqliteDoes()
    {
        (IReportLedger azure, _) = NewLedger();
        using var folder = new TempDirectory();
        IReportLedger sqlite = SqliteReportLedger.Open(folder.Path);
        var firstDay = new DateOnly(2026, 1, 31);
        var nextDay = new DateOnly(2026, 2, 1);
        LedgerEntry undated = Failed("HS/KHONG#HOP?LE", "B2", 0) with { Identified = false, ReceivedOn = firstDay };
        LedgerEntry undatedStored = Stored("HS|2%", "B2", 0, "u2", "B-B") with { Identified = false, ReceivedOn = firstDay };
        LedgerEntry dated = Stored(Commune + "-260120-0001", "B2", 0, "c1", "B-B");
        LedgerBatch first = BatchWithProblems("B2", [undated, undatedStored, dated], Problem("B2", 0, firstDay, "manifest.dossier"), Problem("B2", 1, firstDay, "manifest.dossier"));
        LedgerBatch again = BatchWithProblems("B2",
            [undated with { ReceivedOn = nextDay, Outcome = LedgerOutcome.Rejected }, undatedStored with { ReceivedOn = nextDay, Outcome = LedgerOutcome.Failed, DocumentId = null }, dated],
            Problem("B2", 0, nextDay, "manifest.schema"));

        foreach (IReportLedger ledger in new[] { azure, sqlite })
        {
            await ledger.RecordAsync(first);
            await ledger.RecordAsync(again);
        }

        var all = new LedgerQuery(null, null, null);
        List<LedgerEntry> entries = await EntriesAsync(azure, all);
        CollectionAssert.AreEquivalent(await EntriesAsync(sqlite, all), entries);
        Assert.AreEqual(3, entries.Count, "moved, not copied");
        Assert.AreEqual(nextDay, entries.Single(e => e.DossierCode == "HS/KHONG#HOP?LE").ReceivedOn, "a failure over a failure moves to the new day");
        Assert.AreEqual(firstDay, entries.Single(e => e.DossierCode == "HS|2%").ReceivedOn, "a success is kept where it was");
        List<LedgerProblem> problems = await ToListAsync(azure.ReadProblemsAsync(all));
        CollectionAssert.AreEqual(await ToListAsync(sqlite.ReadProblemsAsync(all)), problems);
        Assert.AreEqual(new LedgerProblem("B2", 0, Commune, nextDay, "manifest.schema"), problems.Single(), "the batch's problems replaced, under its new day");
    }

    [TestMethod]
    public async Task RecordAsync_AfterAWriterStoppedBetweenMoveAndRemoval_LeavesOneEntry()
    {
        (IReportLedger ledger, AzureStoreOptions options) = NewLedger();
        var firstDay = new DateOnly(2026, 1, 31);
        var nextDay = new DateOnly(2026, 2, 1);
        LedgerEntry undated = Failed("HS-KHONG-HOP-LE", "B2", 0) with { Identified = false, ReceivedOn = firstDay };
        await ledger.RecordAsync(BatchWithProblems("B2", [undated], Problem("B2", 0, firstDay, "manifest.dossier")));

        // What a writer recording the batch on its next day leaves when it stops after writing the entry under the new
        // day and before removing the old row (and before the batch's row says the new day).
        LedgerEntry moved = undated with { ReceivedOn = nextDay };
        var table = new TableClient(options.ConnectionString, options.ResolvedReportTableName);
        await table.UpsertEntityAsync(new TableEntity(SoHoa.Azure.Reporting.ReportEntities.MonthsPartition, SoHoa.Azure.Reporting.ReportEntities.Month(nextDay)));
        await table.AddEntityAsync(SoHoa.Azure.Reporting.ReportEntities.ToEntity(moved));
        Assert.AreEqual(2, (await EntriesAsync(ledger, new LedgerQuery(null, null, null))).Count, "the state a stopped writer left");

        await ledger.RecordAsync(BatchWithProblems("B2", [moved], Problem("B2", 0, nextDay, "manifest.dossier")));

        CollectionAssert.AreEqual(new[] { moved }, await EntriesAsync(ledger, new LedgerQuery(null, null, null)));
    }

    [TestMethod]
    public async Task ReadEntriesAsync_DayRangesAndAgencies_ReadWhatSqliteReadsInDayThenDossierOrder()
    {
        (IReportLedger azure, _) = NewLedger();
        using var folder = new TempDirectory();
        IReportLedger sqlite = SqliteReportLedger.Open(folder.Path);
        var entries = new List<LedgerEntry>();
        foreach ((string agency, string day) in new[] { (District, "251231"), (District, "260101"), (Commune, "260131"), (District, "260201"), (Commune, "260228"), (District, "260301") })
        {
            for (int n = 1; n <= 3; n++)
            {
                string dossier = $"{agency}-{day}-000{n}";
                entries.Add(Stored(dossier, "B" + day, 0, $"{day}-{n}-a", "B-B") with { AgencyCode = agency });
                entries.Add(Failed(dossier, "B" + day, 1) with { AgencyCode = agency });
            }
        }

        foreach (IReportLedger ledger in new[] { azure, sqlite })
        {
            foreach (IGrouping<string, LedgerEntry> batch in entries.GroupBy(e => e.Source))
            {
                await ledger.RecordAsync(new LedgerBatch(batch.Key["batch/".Length..], null, batch.ToArray(), []));
            }
        }

        LedgerQuery[] queries =
        [
            new(null, null, null),
            new(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), null),
            new(new DateOnly(2026, 1, 2), new DateOnly(2026, 2, 28), null),
            new(null, new DateOnly(2026, 1, 1), null),
            new(new DateOnly(2026, 2, 1), null, new HashSet<string> { Commune }),
            new(null, null, new HashSet<string> { District, "000.00.09.H12" }),
            new(null, null, new HashSet<string>()),
            new(new DateOnly(2027, 1, 1), null, null),
        ];
        int[] expected = [36, 12, 18, 12, 6, 24, 0, 0];
        for (int i = 0; i < queries.Length; i++)
        {
            List<LedgerEntry> read = await EntriesAsync(azure, queries[i]);
            Assert.AreEqual(expected[i], read.Count, $"query {i}");
            CollectionAssert.AreEquivalent(await EntriesAsync(sqlite, queries[i]), read, $"query {i}");
            var order = read.Select(e => (e.ReceivedOn, e.DossierCode)).ToList();
            CollectionAssert.AreEqual(order.OrderBy(o => o.ReceivedOn).ThenBy(o => o.DossierCode, StringComparer.Ordinal).ToList(), order, $"query {i}: by day, then dossier");
        }
    }

    [TestMethod]
    public async Task RecordAsync_MoreEntriesThanOneTransactionHolds_WritesThemAll()
    {
        (IReportLedger ledger, _) = NewLedger();
        LedgerEntry[] entries = Enumerable.Range(0, 250)
            .Select(i => Stored($"{District}-260105-{i:D4}", "BIG", 0, "d" + i, "B-B"))
            .Concat([Stored($"{District}-260105-0000", "BIG", 0, "other", "B-T")]) // the same key again: the later one wins
            .ToArray();

        await ledger.RecordAsync(Batch("BIG", entries));

        List<LedgerEntry> read = await EntriesAsync(ledger, new LedgerQuery(new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 5), null));
        Assert.AreEqual(250, read.Count);
        Assert.AreEqual("other", read.Single(e => e.DossierCode == $"{District}-260105-0000").DocumentId);
    }

    [TestMethod]
    public async Task RecordOpensAsync_MarkMovesForwardOnlyAndOpensCountOnce()
    {
        (IReportLedger ledger, _) = NewLedger();
        var at = new DateTimeOffset(2026, 3, 20, 3, 0, 0, TimeSpan.Zero);
        LedgerEntry open = new(Commune + "-260202-0002", LedgerEntry.AuditSource, 7, Commune, "2.000488", new DateOnly(2026, 2, 2), true, DocumentRole.Input, string.Empty, LedgerOutcome.Opened, "d1a");

        Assert.AreEqual(AuditMark.None, await ledger.OpensRecordedThroughAsync());
        await ledger.RecordOpensAsync([open], new AuditMark(9, at));
        await ledger.RecordOpensAsync([open], new AuditMark(5, at.AddHours(-1)));
        await ledger.RecordOpensAsync([], new AuditMark(9, at));

        Assert.AreEqual(new AuditMark(9, at), await ledger.OpensRecordedThroughAsync(), "the mark never moves back");
        CollectionAssert.AreEqual(new[] { open }, await EntriesAsync(ledger, new LedgerQuery(null, null, null)));
        await ledger.RecordOpensAsync([], new AuditMark(12, at.AddHours(1)));
        Assert.AreEqual(new AuditMark(12, at.AddHours(1)), await ledger.OpensRecordedThroughAsync());
    }

    [TestMethod]
    public async Task ReadAgenciesAsync_LatestNameAndLevelOfEach()
    {
        (IReportLedger ledger, _) = NewLedger();
        await ledger.RecordAsync(new LedgerBatch("B1", new LedgerAgency(District, "Huyện cũ", AgencyLevel.District), [], []));
        await ledger.RecordAsync(new LedgerBatch("B2", new LedgerAgency(Commune, "UBND xã Tân Bình", AgencyLevel.Commune), [], []));
        await ledger.RecordAsync(new LedgerBatch("B3", new LedgerAgency(District, "UBND huyện Phụng Hiệp", AgencyLevel.District), [], []));

        IReadOnlyList<LedgerAgency> agencies = await ledger.ReadAgenciesAsync();

        CollectionAssert.AreEqual(
            new[] { new LedgerAgency(District, "UBND huyện Phụng Hiệp", AgencyLevel.District), new LedgerAgency(Commune, "UBND xã Tân Bình", AgencyLevel.Commune) },
            agencies.ToArray());
    }

    [TestMethod]
    public async Task RecordAsync_History_NoRowHoldsAPersonalId()
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        using var folder = new TempDirectory();
        FolderDocumentStore history = FolderDocumentStore.Open(folder.Path);
        await ReportHistory.RecordAsync(AzureDocumentStore.Open(options).OpenReportLedger(), history);

        List<TableEntity> rows = await RowsAsync(options);
        Assert.IsTrue(rows.Count > 20, $"{rows.Count} rows");
        foreach (TableEntity row in rows)
        {
            foreach (string text in row.Select(p => p.Value).OfType<string>().Concat([row.PartitionKey, row.RowKey]))
            {
                Assert.IsFalse(text.Contains("093090001234", StringComparison.Ordinal), $"{row.PartitionKey}/{row.RowKey}: {text}");
            }
        }
    }

    private static (IReportLedger Ledger, AzureStoreOptions Options) NewLedger()
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        return (AzureDocumentStore.Open(options).OpenReportLedger(), options);
    }

    private static async Task<List<TableEntity>> RowsAsync(AzureStoreOptions options)
    {
        var rows = new List<TableEntity>();
        await foreach (TableEntity row in new TableClient(options.ConnectionString, options.ResolvedReportTableName).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static Task<List<LedgerEntry>> EntriesAsync(IReportLedger ledger, LedgerQuery query) => ToListAsync(ledger.ReadEntriesAsync(query));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static LedgerBatch Batch(string batchId, params LedgerEntry[] entries) => new(batchId, null, entries, []);

    private static LedgerBatch BatchWithProblems(string batchId, LedgerEntry[] entries, params LedgerProblem[] problems) => new(batchId, null, entries, problems);

    private static LedgerProblem Problem(string batchId, int ordinal, DateOnly on, string rule) => new(batchId, ordinal, Commune, on, rule);

    private static LedgerEntry Stored(string dossier, string batchId, long item, string documentId, string level) =>
        new(dossier, LedgerEntry.BatchSource(batchId), item, District, "1.001612", DayOf(dossier), true, DocumentRole.Input, "id-card", LedgerOutcome.Stored, documentId)
        {
            PdfPages = 2,
            ScannedPages = 3,
            BlankPages = 1,
            LowConfidencePages = 0,
            SignatureLevel = level,
        };

    private static LedgerEntry Failed(string dossier, string batchId, long item) =>
        new(dossier, LedgerEntry.BatchSource(batchId), item, District, "1.001612", DayOf(dossier), true, DocumentRole.Input, "id-card", LedgerOutcome.Failed, null)
        {
            Rules = "processing.failed",
        };

    /// <summary>The day of receipt a valid dossier code gives (<c>…-yyMMdd-nnnn</c>); 1 January 2026 for any other.</summary>
    private static DateOnly DayOf(string dossier) =>
        dossier.Split('-') is [_, { Length: 6 } day, _] && int.TryParse(day, out int n) ? new DateOnly(2000 + (n / 10_000), n / 100 % 100, n % 100) : new DateOnly(2026, 1, 1);
}

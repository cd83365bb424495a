using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using SoHoa.Azure.Storage;
using SoHoa.IntegrationTests.Support;
using SoHoa.Storage;
using static SoHoa.IntegrationTests.Storage.Azure.AzureTestDocuments;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>
/// The audit log as daily append blobs on a real Azurite: many writers append without forking the chain, a writer that
/// stops between its append and the head update is caught up with, and every kind of tampering is found by VerifyAsync.
/// </summary>
[TestClass]
public sealed class AzureAuditLogTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 12, 1, 16, 30, 0, TimeSpan.Zero);
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
    public async Task AppendAsync_ManyWritersAtOnce_MakeOneChainThatVerifies()
    {
        AzureStoreOptions options = NewOptions();
        AzureDocumentStore[] writers = Enumerable.Range(0, 6).Select(_ => AzureDocumentStore.Open(options)).ToArray();
        const int EntriesEach = 15;

        // Six writers as six workers (own clients), two tasks each; their entries fall on two days, so days turn under load.
        Task[] tasks = writers.SelectMany((writer, w) => Enumerable.Range(0, 2).Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < EntriesEach; i++)
            {
                await writer.AuditLog.AppendAsync(Entry($"w{w}-t{t}-{i}", Day1.AddHours(i >= EntriesEach / 2 ? 10 : 0)));
            }
        }))).ToArray();
        await Task.WhenAll(tasks);

        AuditCheck check = await writers[0].AuditLog.VerifyAsync();
        Assert.IsTrue(check.Intact, check.Message);
        Assert.AreEqual(6 * 2 * EntriesEach, check.Entries);
        List<AuditRecord> records = await writers[0].AuditLog.ReadAsync(null, null).ToListAsync();
        CollectionAssert.AreEqual(Enumerable.Range(1, records.Count).Select(i => (long)i).ToArray(), records.Select(r => r.Sequence).ToArray());
        Assert.AreEqual(records.Count, records.Select(r => r.Entry.Outcome).Distinct().Count(), "every entry once, none twice");
        List<string> days = (await BlobNamesAsync(options)).Where(n => n.EndsWith(".log", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "audit/2026/12/01.log", "audit/2026/12/02.log" }, days);
    }

    [TestMethod]
    public async Task AppendAsync_EntriesOverSeveralDays_GoInDailyBlobsAndReadReadsOnlyTheDaysAsked()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 3, perDay: 4);

        List<AuditRecord> second = await log.ReadAsync(Day1.AddDays(1).Date, Day1.AddDays(2).Date.AddTicks(-1)).ToListAsync();
        List<AuditRecord> all = await log.ReadAsync(null, null).ToListAsync();

        Assert.AreEqual(12, all.Count);
        CollectionAssert.AreEqual(all.Skip(4).Take(4).ToArray(), second.ToArray());
        Assert.AreEqual(all[0].Hash, all[1].PreviousHash);
        Assert.AreEqual(all[3].Hash, all[4].PreviousHash, "the first entry of a day links to the last of the day before");
        CollectionAssert.AreEqual(new[] { "audit/2026/12/01.log", "audit/2026/12/02.log", "audit/2026/12/03.log" },
            (await BlobNamesAsync(options)).Where(n => n.EndsWith(".log", StringComparison.Ordinal)).ToArray());
        Assert.IsTrue((await AzureDocumentStore.Open(options).AuditLog.VerifyAsync()).Intact);
    }

    [TestMethod]
    public async Task AppendAsync_AfterAWriterStoppedBetweenItsAppendAndTheHead_CatchesUpAndGoesOn()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog crashed = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(crashed, days: 1, perDay: 3);
        BlobClient head = Container(options).GetBlobClient(AzureAuditLog.HeadName);
        byte[] before = await ReadBlobAsync(options, AzureAuditLog.HeadName);
        await crashed.AppendAsync(Entry("appended, then the writer died", Day1.AddMinutes(5)));
        await head.UploadAsync(new BinaryData(before), overwrite: true);
        Assert.IsTrue((await crashed.VerifyAsync()).Intact, "a head behind the log is no break: the line beyond it checks out");

        AuditRecord next = await AzureDocumentStore.Open(options).AuditLog.AppendAsync(Entry("the next writer", Day1.AddMinutes(6)));

        Assert.AreEqual(5, next.Sequence);
        AuditCheck check = await crashed.VerifyAsync();
        Assert.IsTrue(check.Intact, check.Message);
        Assert.AreEqual(5, check.Entries);
    }

    [TestMethod]
    public async Task AppendAsync_AfterAWriterSealedTheDayAndStopped_OpensTheNextDay()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 1, perDay: 2);
        await Container(options).GetAppendBlobClient("audit/2026/12/01.log").SealAsync();

        AuditRecord record = await AzureDocumentStore.Open(options).AuditLog.AppendAsync(Entry("after the seal", Day1.AddMinutes(1)));

        Assert.AreEqual(3, record.Sequence);
        Assert.IsTrue((await log.VerifyAsync()).Intact);
        CollectionAssert.Contains(await BlobNamesAsync(options), "audit/2026/12/02.log", "a closed day is never appended to again");
    }

    [TestMethod]
    public async Task AppendAsync_DayFullerThanOneAppendBlob_GoesOnInNextPartsAndStillChains()
    {
        AzureStoreOptions options = NewOptions();
        options.AuditEntriesPerBlob = 4;
        AzureDocumentStore[] writers = Enumerable.Range(0, 3).Select(_ => AzureDocumentStore.Open(options)).ToArray();

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (int i = 0; i < 7; i++)
            {
                await writer.AuditLog.AppendAsync(Entry($"w{w}-{i}", Day1.AddMinutes(i)));
            }
        })));
        await writers[0].AuditLog.AppendAsync(Entry("next day", Day1.AddDays(1)));

        AuditCheck check = await writers[1].AuditLog.VerifyAsync();
        Assert.IsTrue(check.Intact, check.Message);
        Assert.AreEqual(22, check.Entries);
        List<string> blobs = (await BlobNamesAsync(options)).Where(n => n.EndsWith(".log", StringComparison.Ordinal)).ToList();
        CollectionAssert.IsSubsetOf(new[] { "audit/2026/12/01.log", "audit/2026/12/01.1.log", "audit/2026/12/01.4.log", "audit/2026/12/02.log" }, blobs, string.Join(", ", blobs));
        Assert.AreEqual(21, (await writers[2].AuditLog.ReadAsync(Day1.Date, Day1.Date.AddDays(1).AddTicks(-1)).ToListAsync()).Count);
        await Container(options).DeleteBlobAsync("audit/2026/12/01.2.log");
        Assert.IsFalse((await writers[1].AuditLog.VerifyAsync()).Intact, "a removed part is found like a removed day");
    }

    [TestMethod]
    public async Task VerifyAsync_EditedLine_IsFound() =>
        await AssertTamperingFoundAsync(lines => lines[1] = lines[1].Replace("\"outcome\":\"opened", "\"outcome\":\"refused", StringComparison.Ordinal), brokenAt: 6, "does not check out");

    [TestMethod]
    public async Task VerifyAsync_RemovedLine_IsFound() =>
        await AssertTamperingFoundAsync(lines => lines.RemoveAt(1), brokenAt: 6, "missing");

    [TestMethod]
    public async Task VerifyAsync_ReorderedPair_IsFound() =>
        await AssertTamperingFoundAsync(lines => (lines[1], lines[2]) = (lines[2], lines[1]), brokenAt: 6, "missing");

    [TestMethod]
    public async Task VerifyAsync_TruncatedEnd_IsFound()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 3, perDay: 4);
        await RewriteAsync(options, "audit/2026/12/03.log", lines => lines.RemoveAt(lines.Count - 1));

        AuditCheck check = await log.VerifyAsync();

        Assert.IsFalse(check.Intact);
        StringAssert.Contains(check.Message, "cut off the end");
        var append = await Assert.ThrowsExactlyAsync<SoHoaException>(() => AzureDocumentStore.Open(options).AuditLog.AppendAsync(Entry("after the cut", Day1.AddDays(2))));
        StringAssert.Contains(append.Message, "audit verify", "nothing is appended to a log whose end was cut off");
    }

    [TestMethod]
    public async Task VerifyAsync_RemovedDayBlob_IsFound()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 3, perDay: 4);
        await Container(options).DeleteBlobAsync("audit/2026/12/02.log");

        AuditCheck check = await log.VerifyAsync();

        Assert.IsFalse(check.Intact);
        Assert.AreEqual(5, check.BrokenAt);
        StringAssert.Contains(check.Message, "Entry 5 is missing");
    }

    [TestMethod]
    public async Task VerifyAsync_RemovedLastDayBlob_IsFound()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 3, perDay: 4);
        await Container(options).DeleteBlobAsync("audit/2026/12/03.log");

        AuditCheck check = await log.VerifyAsync();

        Assert.IsFalse(check.Intact);
        StringAssert.Contains(check.Message, "cut off the end");
    }

    [TestMethod]
    public async Task VerifyAsync_RemovedHead_IsFoundAndNoSecondChainIsStarted()
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 1, perDay: 3);
        await Container(options).DeleteBlobAsync(AzureAuditLog.HeadName);

        AuditCheck check = await log.VerifyAsync();
        var append = await Assert.ThrowsExactlyAsync<SoHoaException>(() => AzureDocumentStore.Open(options).AuditLog.AppendAsync(Entry("over a removed head", Day1)));

        Assert.IsFalse(check.Intact);
        StringAssert.Contains(check.Message, "head blob");
        StringAssert.Contains(append.Message, "head blob");
    }

    [TestMethod]
    public async Task VerifyAsync_EntryWrittenWithAnotherKey_IsFound()
    {
        AzureStoreOptions options = NewOptions();
        await BuildAsync(AzureDocumentStore.Open(options).AuditLog, days: 1, perDay: 2);
        AzureStoreOptions otherKey = _azurite.StoreOptions(TestEnvironment.NewDirectory("otherkeys"), options.ContainerName);

        AuditCheck check = await AzureDocumentStore.Open(otherKey).AuditLog.VerifyAsync();

        Assert.IsFalse(check.Intact);
        Assert.AreEqual(1, check.BrokenAt);
    }

    private static async Task AssertTamperingFoundAsync(Action<List<string>> tamper, long brokenAt, string expected)
    {
        AzureStoreOptions options = NewOptions();
        IAuditLog log = AzureDocumentStore.Open(options).AuditLog;
        await BuildAsync(log, days: 3, perDay: 4);
        Assert.IsTrue((await log.VerifyAsync()).Intact);

        // The second day's blob holds entries 5 to 8: its line [1] is entry 6.
        await RewriteAsync(options, "audit/2026/12/02.log", tamper);
        AuditCheck check = await log.VerifyAsync();

        Assert.IsFalse(check.Intact, check.Message);
        Assert.AreEqual(brokenAt, check.BrokenAt, check.Message);
        StringAssert.Contains(check.Message, expected);
    }

    /// <summary>Rewrites a day blob with its lines changed, as someone with write access to the container could.</summary>
    private static async Task RewriteAsync(AzureStoreOptions options, string name, Action<List<string>> change)
    {
        string text = Encoding.UTF8.GetString(await ReadBlobAsync(options, name));
        List<string> lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        change(lines);
        AppendBlobClient blob = Container(options).GetAppendBlobClient(name);
        await blob.DeleteAsync();
        await blob.CreateAsync();
        if (lines.Count > 0)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
            await blob.AppendBlockAsync(content);
        }
    }

    private static async Task BuildAsync(IAuditLog log, int days, int perDay)
    {
        for (int day = 0; day < days; day++)
        {
            for (int i = 0; i < perDay; i++)
            {
                await log.AppendAsync(Entry($"day {day} entry {i}", Day1.AddDays(day).AddMinutes(i)));
            }
        }
    }

    private static AuditEntry Entry(string tag, DateTimeOffset at) =>
        new(at, "officer-1", "open", new string('a', 64), "1.000894", "000.00.01.H12-261205-0001", "0123456789abcdef0123456789abcdef", "opened " + tag);

    private static AzureStoreOptions NewOptions() => _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
}

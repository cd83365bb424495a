using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using SoHoa.Azure.Storage;
using SoHoa.Batches;
using SoHoa.Identifiers;
using SoHoa.IntegrationTests.Storage.Azure;
using SoHoa.Storage;

namespace SoHoa.Benchmarks.Storage;

/// <summary>
/// <c>store-azure [--documents N] [--kb N] [--writers N,N] [--rounds N] [--find-documents N] [--queries N]</c>, on a
/// real Azurite the benchmark starts on loopback (installed by .ci/install-deps --tests):
/// <list type="number">
/// <item>store throughput: the same N signed-PDF-sized documents (random bytes, N KB each, plus a 2 KB sidecar) stored
/// through <see cref="IDocumentStore.StoreAsync"/> into a fresh folder store and a fresh Azure store side by side, with
/// W writers at a time, the two backends taking turns round by round;</item>
/// <item>find: an Azure index of M documents of M/5 citizens (rows written as the store writes them, no blobs), then
/// <see cref="AzureDocumentStore.FindAsync"/> and <see cref="AzureDocumentStore.GetAsync"/> timed in process for random
/// citizens and documents: median, p99 and maximum;</item>
/// <item>audit: entries appended by one writer a second.</item>
/// </list>
/// </summary>
internal static class AzureStoreBenchmark
{
    private static readonly string[] Kinds = ["birth-certificate", "identity-card", "household-registration", "decision", "dossier-receipt"];

    public static async Task<int> RunAsync(string[] args)
    {
        int documents = Int(args, "--documents", 400);
        int kilobytes = Int(args, "--kb", 200);
        int[] writers = (CommandLine.Option(args, "--writers") ?? "1,8").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        int rounds = Int(args, "--rounds", 2);
        int findDocuments = Int(args, "--find-documents", 10_000);
        int queries = Int(args, "--queries", 2000);
        string work = Path.Combine(Path.GetTempPath(), "sohoa-store-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        using AzuriteServer azurite = AzuriteServer.Start(Directory.CreateDirectory(Path.Combine(work, "azurite")).FullName);
        try
        {
            Console.WriteLine($"store: {documents} documents of {kilobytes} KB (+2 KB sidecar) each, {rounds} round(s), folder and Azurite taking turns");
            (StoredDocument Document, byte[] Pdf)[] batch = Enumerable.Range(0, documents).Select(i => NewDocument(i, kilobytes)).ToArray();
            byte[] sidecar = RandomNumberGenerator.GetBytes(2048);
            foreach (int w in writers)
            {
                for (int round = 1; round <= rounds; round++)
                {
                    FolderDocumentStore folder = FolderDocumentStore.Open(Path.Combine(work, $"folder-{w}-{round}"));
                    AzureDocumentStore azure = AzureDocumentStore.Open(azurite.StoreOptions(Path.Combine(work, "keys")));
                    await azure.EnsureReadyAsync();
                    (string Name, IDocumentStore Store)[] turn = round % 2 == 1 ? [("folder", folder), ("azurite", azure)] : [("azurite", azure), ("folder", folder)];
                    foreach ((string name, IDocumentStore store) in turn)
                    {
                        TimeSpan elapsed = await StoreAllAsync(store, batch, sidecar, w);
                        Console.WriteLine($"  {w} writer(s), round {round}, {name,-8}: {documents / elapsed.TotalSeconds,7:0.0} documents/s ({documents * (kilobytes + 2) / 1024.0 / elapsed.TotalSeconds:0.0} MB/s)");
                    }
                }
            }

            AzureStoreOptions findOptions = azurite.StoreOptions(Path.Combine(work, "keys"));
            AzureDocumentStore index = AzureDocumentStore.Open(findOptions);
            await index.EnsureReadyAsync();
            int citizens = Math.Max(1, findDocuments / 5);
            PersonalId[] people = Enumerable.Range(0, citizens).Select(Citizen).ToArray();
            var fill = Stopwatch.StartNew();
            await FillAsync(findOptions, index, people, findDocuments);
            Console.WriteLine($"index: {findDocuments:N0} documents of {citizens:N0} citizens in Azurite's table ({2 * findDocuments:N0} rows, filled in {fill.Elapsed.TotalSeconds:0.0} s)");

            var random = new Random(20261204);
            for (int i = 0; i < 100; i++)
            {
                await index.FindAsync(people[random.Next(citizens)], null);
            }

            var finds = new double[queries];
            var gets = new double[queries];
            int found = 0;
            for (int i = 0; i < queries; i++)
            {
                long start = Stopwatch.GetTimestamp();
                found += (await index.FindAsync(people[random.Next(citizens)], i % 2 == 0 ? null : "birth-certificate")).Count;
                finds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                _ = await index.GetAsync(DocumentId(random.Next(findDocuments))) ?? throw new InvalidOperationException("a filled document is missing");
                gets[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Console.WriteLine($"find ({queries:N0} queries, half with a kind; {found / (double)queries:0.0} documents a query): {Percentiles(finds)}");
            Console.WriteLine($"get by id ({queries:N0} point reads): {Percentiles(gets)}");

            IAuditLog audit = index.AuditLog;
            var appends = Stopwatch.StartNew();
            const int Entries = 300;
            for (int i = 0; i < Entries; i++)
            {
                await audit.AppendAsync(new AuditEntry(DateTimeOffset.UtcNow, "bench", "open", index.PersonKey(people[i % citizens]), null, null, DocumentId(i), "opened"));
            }

            Console.WriteLine($"audit: {Entries / appends.Elapsed.TotalSeconds:0} entries/s appended by one writer; verify of {Entries}: {(await audit.VerifyAsync()).Message}");
            return 0;
        }
        finally
        {
            azurite.Stop();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<TimeSpan> StoreAllAsync(IDocumentStore store, (StoredDocument Document, byte[] Pdf)[] batch, byte[] sidecar, int writers)
    {
        var owner = PersonalId.Parse("093090001234");
        int next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < batch.Length; i = Interlocked.Increment(ref next))
            {
                if (await store.StoreAsync(batch[i].Document, owner, batch[i].Pdf, sidecar) != StoreOutcome.Stored)
                {
                    throw new InvalidOperationException("a document of the benchmark was already stored");
                }
            }
        })));
        return clock.Elapsed;
    }

    private static (StoredDocument, byte[]) NewDocument(int i, int kilobytes)
    {
        byte[] pdf = RandomNumberGenerator.GetBytes(kilobytes * 1024);
        string id = DocumentId(i);
        var received = new DateOnly(2026, 12, 4);
        string dossier = string.Create(CultureInfo.InvariantCulture, $"000.00.01.H12-261204-{i % 10000:D4}");
        return (new StoredDocument(id, "000.00.01.H12", dossier, "1.001612", Kinds[i % Kinds.Length], DocumentRole.Input, null, new DateOnly(2020, 12, 23), null,
            DocumentPaths.Pdf("000.00.01.H12", received, dossier, id), DocumentPaths.Sidecar("000.00.01.H12", received, dossier, id),
            Convert.ToHexStringLower(SHA256.HashData(pdf)), 2, "BENCH", DateTimeOffset.UtcNow), pdf);
    }

    /// <summary>Writes each document's two rows as the store does (the citizen's, then the id row), in entity-group batches.</summary>
    private static async Task FillAsync(AzureStoreOptions options, AzureDocumentStore store, PersonalId[] people, int count)
    {
        TableClient table = new TableServiceClient(options.ConnectionString).GetTableClient(options.ResolvedTableName);
        var start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<TableEntity>(2 * count);
        for (int i = 0; i < count; i++)
        {
            string id = DocumentId(i);
            string dossier = string.Create(CultureInfo.InvariantCulture, $"000.00.01.H12-{start.AddMinutes(i):yyMMdd}-{i % 10000:D4}");
            var document = new StoredDocument(id, "000.00.01.H12", dossier, "1.001612", Kinds[i % Kinds.Length], DocumentRole.Input, null, new DateOnly(2020, 12, 23), null,
                $"000.00.01.H12/2021/01/{dossier}/{id}.pdf", $"000.00.01.H12/2021/01/{dossier}/{id}.json", id + id, 2, "BENCH", start.AddMinutes(i))
            {
                OwnerKey = store.PersonKey(people[i % people.Length]),
            };
            rows.Add(IndexEntities.ToEntity(document.OwnerKey, document));
            rows.Add(IndexEntities.ToEntity(IndexEntities.ByIdPartition(id), document));
        }

        foreach (IGrouping<string, TableEntity> partition in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (TableEntity[] chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            }
        }
    }

    private static string DocumentId(int i) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))[..32];

    private static PersonalId Citizen(int i) => PersonalId.Parse(string.Create(CultureInfo.InvariantCulture, $"0930{90 + (i / 1_000_000) % 10:D2}{i % 1_000_000:D6}"));

    private static string Percentiles(double[] times)
    {
        Array.Sort(times);
        return $"median {times[times.Length / 2]:0.00} ms, p99 {times[(int)(times.Length * 0.99)]:0.00} ms, max {times[^1]:0.00} ms";
    }

    private static int Int(string[] args, string name, int fallback) =>
        CommandLine.Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}

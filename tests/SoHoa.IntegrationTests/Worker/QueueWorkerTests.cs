using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SoHoa.Azure.Queue;
using SoHoa.Azure.Storage;
using SoHoa.IntegrationTests.Storage.Azure;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>
/// `sohoa submit` and `sohoa worker --queue` as real processes on a real Azurite and the real pipeline: the sample batch
/// submitted and processed; two and three workers on one queue; a poison batch set aside with its reason; a worker killed at seeded
/// random points and restarted; a batch held longer than the visibility timeout not taken by a second worker. No queue
/// message carries personal data.
/// </summary>
[TestClass]
public sealed class QueueWorkerTests
{
    private static readonly string[] SampleCitizens = ["093090001234", "093196964405", "093145497582"];
    private static AzuriteServer _azurite = null!;

    [ClassInitialize]
    public static void StartAzurite(TestContext context)
    {
        _ = context;
        _azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite-queue"));
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    [TestMethod]
    public void Submit_SampleBatchThenWorker_StoresEveryDocumentOnce()
    {
        Deployment deployment = NewDeployment("sample");
        var cli = new SohoaCli(TestEnvironment.NewDirectory("submit-home"));

        // A batch with a wrong personal ID is refused before anything is uploaded.
        string bad = Path.Combine(TestEnvironment.NewDirectory("bad-batch"), "WORKER-0");
        WorkerProcesses.WriteBatch(bad, 0, 1);
        File.WriteAllText(Path.Combine(bad, "batch.json"), File.ReadAllText(Path.Combine(bad, "batch.json")).Replace(WorkerProcesses.Citizen, "993090001234"));
        ToolRun refused = cli.Run(["submit", bad, .. deployment.SubmitArguments]);
        Assert.AreEqual(1, refused.ExitCode, refused.Output);
        StringAssert.Contains(refused.StandardError, "not submitted");
        StringAssert.Contains(refused.StandardError, "is not a province code");

        ToolRun submitted = cli.Run(["submit", RepositoryPaths.SampleBatch, .. deployment.SubmitArguments]);
        Assert.AreEqual(0, submitted.ExitCode, submitted.Output);
        Assert.AreEqual("PH-20261122-001", submitted.StandardOutput.Trim());
        ToolRun again = cli.Run(["submit", RepositoryPaths.SampleBatch, .. deployment.SubmitArguments]);
        Assert.AreEqual(0, again.ExitCode, again.Output);
        StringAssert.Contains(again.StandardError, "0 of 10 files uploaded", "a resubmission with the same files uploads nothing");
        Assert.IsFalse(deployment.Container.GetBlobs(new GetBlobsOptions { Prefix = "batches-in/WORKER-0/" }).Any(), "the refused batch was uploaded");

        PeekedMessage[] messages = deployment.Queue.PeekMessages(32).Value;
        Assert.AreEqual(2, messages.Length);
        foreach (PeekedMessage message in messages)
        {
            AssertNoPersonalData(message.Body.ToString());
            using JsonDocument json = JsonDocument.Parse(message.Body.ToString());
            Assert.AreEqual("PH-20261122-001", json.RootElement.GetProperty("batch").GetString());
            Assert.AreEqual("batches-in/PH-20261122-001/", json.RootElement.GetProperty("prefix").GetString());
        }

        var log = new StringBuilder();
        string home = TestEnvironment.NewDirectory("worker-home");
        using Process worker = WorkerProcesses.Start(deployment.WorkerArguments(), exitWhenIdle: true, log: log, home: home);
        WorkerProcesses.WaitForExit(worker);

        Assert.AreEqual(0, worker.ExitCode, WorkerProcesses.Text(log));
        AssertStoredExactlyOnce(deployment, ["PH-20261122-001"], documents: 8);
        string[] onDisk = Directory.EnumerateFileSystemEntries(home, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(home, p))
            .Where(p => p.EndsWith(".png", StringComparison.Ordinal) || p.EndsWith("batch.json", StringComparison.Ordinal) || p.Contains("queue", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(0, onDisk.Length, "the worker wrote the batch (or a work folder) to its disk: " + string.Join(", ", onDisk));
        StringAssert.Contains(WorkerProcesses.Text(log), "0 stored, 8 already stored", "the second delivery stores nothing again");
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    public async Task Worker_SeveralProcessesOnOneQueue_StoreEveryDocumentExactlyOnce(int workers)
    {
        Deployment deployment = NewDeployment("many");
        int documents = 0;
        string[] names = new string[2 * workers];
        for (int b = 0; b < names.Length; b++)
        {
            (names[b], int count) = await SubmitAsync(deployment, b, documentsEach: 2);
            documents += count;
        }

        // The same batch id with other files is refused.
        string other = Path.Combine(TestEnvironment.NewDirectory("other"), "WORKER-0");
        WorkerProcesses.WriteBatch(other, 0, 1);
        SoHoaException refused = await Assert.ThrowsExceptionAsync<SoHoaException>(() => deployment.Submitter.SubmitAsync(other));
        StringAssert.Contains(refused.Message, "already submitted");

        StringBuilder[] logs = [.. Enumerable.Range(0, workers).Select(_ => new StringBuilder())];
        Process[] processes = [.. logs.Select(log => WorkerProcesses.Start(deployment.WorkerArguments(), exitWhenIdle: true, log: log))];
        try
        {
            WorkerProcesses.WaitForExit(processes);
            for (int w = 0; w < workers; w++)
            {
                Assert.AreEqual(0, processes[w].ExitCode, WorkerProcesses.Text(logs[w]));
            }
        }
        finally
        {
            Array.ForEach(processes, p => p.Dispose());
        }

        Assert.AreEqual(names.Length, logs.Sum(log => Taken(log).Count), "each batch is taken once, by one of the workers");
        AssertStoredExactlyOnce(deployment, names, documents);
    }

    [TestMethod]
    public async Task Worker_PoisonBatchAmongGoodOnes_SendsItToThePoisonQueueWithItsReason()
    {
        Deployment deployment = NewDeployment("poison");
        (string good0, int d0) = await SubmitAsync(deployment, 0, documentsEach: 1);
        (string good1, int d1) = await SubmitAsync(deployment, 1, documentsEach: 1);

        // Uploaded directly, as a faulty client would: submit refuses such a batch.
        await deployment.Container.GetBlobClient("batches-in/poison/batch.json").UploadAsync(BinaryData.FromString("{ this is not JSON"));
        await deployment.Queue.SendMessageAsync("""{"schema":"sohoa.queue-batch/v1","batch":"poison","prefix":"batches-in/poison/"}""");
        await deployment.Queue.SendMessageAsync("not a SoHoa message");

        var log = new StringBuilder();
        using Process worker = WorkerProcesses.Start(deployment.WorkerArguments(), exitWhenIdle: true, log: log);
        WorkerProcesses.WaitForExit(worker);

        Assert.AreEqual(0, worker.ExitCode, WorkerProcesses.Text(log));
        AssertStoredExactlyOnce(deployment, [good0, good1], d0 + d1);
        PeekedMessage[] poisoned = deployment.Poison.PeekMessages(32).Value;
        Assert.AreEqual(2, poisoned.Length, string.Join("\n", poisoned.Select(p => p.Body.ToString())));
        JsonElement[] reports = poisoned.Select(p => { AssertNoPersonalData(p.Body.ToString()); return JsonDocument.Parse(p.Body.ToString()).RootElement; }).ToArray();
        JsonElement batch = reports.Single(r => r.GetProperty("batch").ValueKind == JsonValueKind.String);
        Assert.AreEqual("poison", batch.GetProperty("batch").GetString());
        StringAssert.Contains(batch.GetProperty("reason").GetString(), "manifest");
        StringAssert.Contains(reports.Single(r => r.GetProperty("batch").ValueKind == JsonValueKind.Null).GetProperty("reason").GetString(), "not a SoHoa batch message");
        string failure = (await deployment.Container.GetBlobClient("batches-in/poison/failure.txt").DownloadContentAsync()).Value.Content.ToString();
        StringAssert.Contains(failure, "manifest");
    }

    [TestMethod]
    public async Task Worker_KilledFiftyTimesAtRandomPoints_LosesAndDuplicatesNothing()
    {
        Deployment deployment = NewDeployment("crash");
        const int Batches = 10;
        const int Kills = 50;
        const int Visibility = 3;
        var names = new List<string>();
        int documents = 0;
        async Task SubmitNextAsync()
        {
            (string name, int count) = await SubmitAsync(deployment, names.Count, documentsEach: 3);
            names.Add(name);
            documents += count;
        }

        // Batches arrive while the worker is being killed, one every five kills, so that the kills fall on work in hand.
        // A killed worker's batch comes back when its visibility timeout (3 s) runs out, with its dequeue count grown.
        var random = new Random(20261204);
        var log = new StringBuilder();
        int kills = 0;
        for (int lives = 0; kills < Kills && lives < 300; lives++)
        {
            while (names.Count <= Math.Min(kills / 5, Batches - 1))
            {
                await SubmitNextAsync();
            }

            using Process worker = WorkerProcesses.Start(deployment.WorkerArguments(Visibility), exitWhenIdle: true, maxDeliveries: 1000, log: log);
            if (worker.WaitForExit(random.Next(300, 2500)))
            {
                continue;
            }

            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
            kills++;
        }

        while (names.Count < Batches)
        {
            await SubmitNextAsync();
        }

        // Workers until the queue is empty: one exits when the only messages left are still invisible.
        var clock = Stopwatch.StartNew();
        while (deployment.Queue.GetProperties().Value.ApproximateMessagesCount > 0)
        {
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromMinutes(4), "the queue was not emptied within four minutes");
            using Process last = WorkerProcesses.Start(deployment.WorkerArguments(Visibility), exitWhenIdle: true, maxDeliveries: 1000, log: log);
            WorkerProcesses.WaitForExit(last);
            Assert.AreEqual(0, last.ExitCode, WorkerProcesses.Text(log));
            Thread.Sleep(500);
        }

        Assert.AreEqual(Kills, kills, $"the worker was not killed {Kills} times");
        Assert.IsTrue(Taken(log).Any(delivery => delivery > 1), "no kill fell on a batch in hand");
        AssertStoredExactlyOnce(deployment, [.. names], documents);
    }

    [TestMethod]
    public async Task Worker_BatchHeldLongerThanTheVisibilityTimeout_IsNotTakenBySecondWorker()
    {
        Deployment deployment = NewDeployment("renew");
        const int Visibility = 3;
        (string name, int documents) = await SubmitAsync(deployment, 0, documentsEach: 8);

        var holderLog = new StringBuilder();
        using Process holder = WorkerProcesses.Start(deployment.WorkerArguments(Visibility), exitWhenIdle: true, log: holderLog);
        WorkerProcesses.WaitUntil(() => Taken(holderLog).Count == 1 || holder.HasExited, TimeSpan.FromSeconds(60));
        var held = Stopwatch.StartNew();

        // Other workers keep looking while the first holds the batch; each finds the queue empty and exits.
        int looks = 0;
        var othersLog = new StringBuilder();
        while (!holder.HasExited)
        {
            using Process other = WorkerProcesses.Start(deployment.WorkerArguments(Visibility), exitWhenIdle: true, log: othersLog);
            WorkerProcesses.WaitForExit(other);
            Assert.AreEqual(0, other.ExitCode, WorkerProcesses.Text(othersLog));
            looks++;
        }

        WorkerProcesses.WaitForExit(holder);
        held.Stop();
        Assert.AreEqual(0, holder.ExitCode, WorkerProcesses.Text(holderLog));
        Assert.IsTrue(held.Elapsed > TimeSpan.FromSeconds(3 * Visibility), $"the batch was held {held.Elapsed.TotalSeconds:0.0} s, too short to need renewals");
        Assert.AreEqual(0, Taken(othersLog).Count, "another worker took the batch while it was held:\n" + WorkerProcesses.Text(othersLog));
        Assert.IsTrue(looks >= 2, $"only {looks} other workers looked while the batch was held");
        CollectionAssert.AreEqual(new[] { 1 }, Taken(holderLog).ToArray(), "the batch was delivered more than once");
        StringAssert.Contains(WorkerProcesses.Text(holderLog), $"{documents} stored, 0 already stored");
        AssertStoredExactlyOnce(deployment, [name], documents);
    }

    [TestMethod]
    public async Task Worker_Sigterm_LetsTheBatchGoAtOnceAndTheNextWorkerFinishesIt()
    {
        Deployment deployment = NewDeployment("sigterm");
        (string name, int documents) = await SubmitAsync(deployment, 0, documentsEach: 4);

        // A five-minute visibility timeout: only the release on let-go makes the batch visible again within this test.
        var firstLog = new StringBuilder();
        using Process first = WorkerProcesses.Start(deployment.WorkerArguments(300), exitWhenIdle: false, grace: 0, log: firstLog);
        WorkerProcesses.WaitUntil(() => Taken(firstLog).Count == 1, TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, Syscall.Kill(first.Id, 15), "SIGTERM could not be sent");
        WorkerProcesses.WaitForExit(first);
        Assert.AreEqual(0, first.ExitCode, "a stop request is a clean exit:\n" + WorkerProcesses.Text(firstLog));

        var nextLog = new StringBuilder();
        using Process next = WorkerProcesses.Start(deployment.WorkerArguments(300), exitWhenIdle: true, log: nextLog);
        WorkerProcesses.WaitForExit(next);

        Assert.AreEqual(0, next.ExitCode, WorkerProcesses.Text(nextLog));
        CollectionAssert.AreEqual(new[] { 2 }, Taken(nextLog).ToArray(), "the batch let go was not taken again at once:\n" + WorkerProcesses.Text(nextLog));
        AssertStoredExactlyOnce(deployment, [name], documents);
    }

    [TestMethod]
    public async Task Worker_AzuriteDownLongerThanTheSdkRetriesMidBatch_RecoversByItselfAndStoresEverythingOnce()
    {
        Deployment deployment = NewDeployment("outage");
        int documents = 0;
        string[] names = new string[3];
        for (int b = 0; b < names.Length; b++)
        {
            (names[b], int count) = await SubmitAsync(deployment, b, documentsEach: 2);
            documents += count;
        }

        var log = new StringBuilder();
        using Process worker = WorkerProcesses.Start([.. deployment.WorkerArguments(visibility: 15), "--retry-delay", "1"], exitWhenIdle: true, log: log);
        WorkerProcesses.WaitUntil(() => Taken(log).Count > 0, TimeSpan.FromMinutes(2));
        bool firstBatchDone = WorkerProcesses.Text(log).Contains(" done: ", StringComparison.Ordinal);
        // Longer than the SDK's own retries of one request (0.5 + 1 + 2 + 4 + 8 s), so that the worker has to recover.
        _azurite.Restart(down: TimeSpan.FromSeconds(25));
        WorkerProcesses.WaitForExit(worker);

        string text = WorkerProcesses.Text(log);
        Assert.IsFalse(firstBatchDone, "the outage began while the first batch was in hand");
        Assert.AreEqual(0, worker.ExitCode, text);
        Assert.IsTrue(new[] { "failed for a transient reason; trying them again", "let go after a transient failure", "is unavailable; trying again" }.Any(text.Contains), "the worker met the outage:\n" + text);
        AssertStoredExactlyOnce(deployment, names, documents);
    }

    /// <summary>A container, index table and queue of their own on the shared Azurite, with keys of their own.</summary>
    private static Deployment NewDeployment(string name)
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory(name + "-keys"));
        return new Deployment(options, "q" + Guid.NewGuid().ToString("N")[..12]);
    }

    private static async Task<(string Name, int Documents)> SubmitAsync(Deployment deployment, int index, int documentsEach)
    {
        string folder = Path.Combine(TestEnvironment.NewDirectory("queued"), $"WORKER-{index}");
        WorkerProcesses.WriteBatch(folder, index, documentsEach);
        SubmittedBatch submitted = await deployment.Submitter.SubmitAsync(folder);
        return (submitted.BatchName, submitted.Documents);
    }

    /// <summary>The deliveries of the batches a worker's log says it took, in order.</summary>
    private static List<int> Taken(StringBuilder log) =>
        Regex.Matches(WorkerProcesses.Text(log), @"Batch \S+ taken \(delivery (\d+)\)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    private static void AssertNoPersonalData(string message)
    {
        foreach (string id in SampleCitizens.Append(WorkerProcesses.Citizen))
        {
            Assert.IsFalse(message.Contains(id, StringComparison.Ordinal), "a personal ID in a queue message: " + message);
        }

        foreach (string field in new[] { "personalId", "applicant", "fullName" })
        {
            Assert.IsFalse(message.Contains(field, StringComparison.OrdinalIgnoreCase), "manifest content in a queue message: " + message);
        }
    }

    /// <summary>Every batch completed (its result.json beside it, no failure), the queues empty, each document indexed once with one PDF that verifies.</summary>
    private static void AssertStoredExactlyOnce(Deployment deployment, string[] batches, int documents)
    {
        foreach (string batch in batches)
        {
            BlobClient result = deployment.Container.GetBlobClient($"batches-in/{batch}/result.json");
            Assert.IsTrue(result.Exists().Value, $"batch {batch} has no result.json beside it");
            Assert.IsFalse(deployment.Container.GetBlobClient($"batches-in/{batch}/failure.txt").Exists().Value, $"batch {batch} failed");
            using JsonDocument json = JsonDocument.Parse(result.DownloadContent().Value.Content.ToString());
            Assert.AreEqual(0, json.RootElement.GetProperty("totals").GetProperty("failed").GetInt32(),
                $"batch {batch}: a document failed: " + string.Join("; ", json.RootElement.GetProperty("documents").EnumerateArray()
                    .Where(d => d.GetProperty("status").GetString() == "failed").Select(d => d.GetProperty("problems").ToString())));
        }

        Assert.AreEqual(0, deployment.Queue.GetProperties().Value.ApproximateMessagesCount, "messages are left in the queue");
        string[] pdfs = deployment.Container.GetBlobs().Select(b => b.Name).Where(n => n.EndsWith(".pdf", StringComparison.Ordinal) && !n.StartsWith("batches-in/", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(documents, pdfs.Length, "PDF blobs in the store");
        TableEntity[] rows = deployment.Index.Query<TableEntity>("PartitionKey ge 'doc-' and PartitionKey lt 'doc.'").ToArray();
        Assert.AreEqual(documents, rows.Length, "index rows by id");
        Assert.AreEqual(documents, rows.Select(r => r.GetString("PdfPath")).Distinct(StringComparer.Ordinal).Count(), "distinct PDFs in the index");
        PdfSignatureVerifier verifier = Verifier();
        foreach (string pdf in pdfs)
        {
            VerificationReport report = verifier.Verify(deployment.Container.GetBlobClient(pdf).DownloadContent().Value.Content.ToArray());
            Assert.IsTrue(report.IsValid, pdf + ": " + Describe(report));
        }
    }

    private static class Syscall
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }

    private sealed record Deployment(AzureStoreOptions Store, string QueueName)
    {
        public string[] SubmitArguments => ["--store", Store.ConnectionString!, "--container", Store.ContainerName, "--queue", QueueName];

        public AzureBatchSubmitter Submitter => AzureBatchSubmitter.Open(Store, new AzureQueueOptions { QueueName = QueueName });

        public QueueClient Queue => new QueueServiceClient(Store.ConnectionString).GetQueueClient(QueueName);

        public QueueClient Poison => new QueueServiceClient(Store.ConnectionString).GetQueueClient(QueueName + AzureQueueOptions.PoisonSuffix);

        public BlobContainerClient Container => new BlobServiceClient(Store.ConnectionString).GetBlobContainerClient(Store.ContainerName);

        public TableClient Index => new TableServiceClient(Store.ConnectionString).GetTableClient(Store.ResolvedTableName);

        public string[] WorkerArguments(int visibility = 300) =>
        [
            "--queue", QueueName, "--visibility-timeout", visibility.ToString(CultureInfo.InvariantCulture),
            "--store", Store.ConnectionString!, "--container", Store.ContainerName, "--index-key", Store.IndexKeyFile!, "--audit-key", Store.AuditKeyFile!,
        ];
    }
}

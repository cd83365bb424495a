using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SoHoa.Azure.Queue;
using SoHoa.Azure.Storage;
using SoHoa.Batches;
using SoHoa.Imaging;
using SoHoa.IntegrationTests.Storage.Azure;
using SoHoa.IntegrationTests.Support;
using SoHoa.Worker;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>
/// A batch taken from the queue is read straight from its blobs on a real Azurite, on the ETags listed when it was
/// taken: its files as uploaded; a blob replaced after the claim refused by name; a blob removed, or one not in the
/// listing, a missing file; the per-file and per-batch limits held; storage faults mapped and cancellation passed on.
/// </summary>
[TestClass]
public sealed class QueueBlobFilesTests
{
    private static AzuriteServer _azurite = null!;

    [ClassInitialize]
    public static void StartAzurite(TestContext context)
    {
        _ = context;
        _azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite-blobfiles"));
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    [TestMethod]
    public async Task Take_SubmittedBatch_ReadsEveryFileFromItsBlob()
    {
        Deployment deployment = await SubmitAsync("read", documents: 2);
        await using IClaimedBatch batch = (await deployment.Source.TakeAsync())!;

        Assert.IsNotInstanceOfType<FolderBatchFiles>(batch.Files, "the batch was downloaded to a folder");
        Assert.AreEqual("WORKER-0", batch.Files.Name);
        foreach (string file in new[] { "batch.json", "0.png", "1.png" })
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(deployment.Folder, file)), await ReadAsync(batch.Files, file), file);
        }

        BatchPlan plan = await BatchLoader.LoadAsync(batch.Files);
        Assert.AreEqual(2, plan.Jobs.Count, string.Join("\n", plan.Rejected.SelectMany(r => r.Problems)));
        Assert.AreEqual(0, plan.Rejected.Count);
    }

    [TestMethod]
    public async Task Read_BlobReplacedAfterTheClaim_IsRefusedNamingTheFile()
    {
        Deployment deployment = await SubmitAsync("replaced", documents: 2);
        await using IClaimedBatch batch = (await deployment.Source.TakeAsync())!;

        // The same bytes uploaded again still make a new ETag: what was taken is not what is there now.
        await deployment.Container.GetBlobClient("batches-in/WORKER-0/1.png").UploadAsync(new BinaryData(File.ReadAllBytes(Path.Combine(deployment.Folder, "0.png"))), overwrite: true);

        BatchFileException changed = await Assert.ThrowsExceptionAsync<BatchFileException>(() => batch.Files.OpenReadAsync("1.png"));
        Assert.AreEqual("file.changed", changed.Rule);
        StringAssert.Contains(changed.Message, "'1.png' was replaced");
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(deployment.Folder, "0.png")), await ReadAsync(batch.Files, "0.png"), "an unchanged file is still read");

        BatchPlan plan = await BatchLoader.LoadAsync(batch.Files);
        Assert.AreEqual(1, plan.Jobs.Count);
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("file.changed", problem.Rule);
        StringAssert.Contains(problem.Message, "1.png");
    }

    [TestMethod]
    public async Task Read_BlobRemovedAfterTheClaimOrNotListed_IsAMissingFile()
    {
        Deployment deployment = await SubmitAsync("missing", documents: 2);
        await using IClaimedBatch batch = (await deployment.Source.TakeAsync())!;
        await deployment.Container.GetBlobClient("batches-in/WORKER-0/1.png").DeleteAsync();
        await deployment.Container.GetBlobClient("batches-in/WORKER-0/late.png").UploadAsync(BinaryData.FromString("uploaded after the claim"));

        FileNotFoundException removed = await Assert.ThrowsExceptionAsync<FileNotFoundException>(() => batch.Files.OpenReadAsync("1.png"));
        StringAssert.Contains(removed.Message, "'1.png' was removed");
        await Assert.ThrowsExceptionAsync<FileNotFoundException>(() => batch.Files.OpenReadAsync("late.png"));
        await Assert.ThrowsExceptionAsync<FileNotFoundException>(() => batch.Files.OpenReadAsync("never.png"));
        BatchFileException outside = await Assert.ThrowsExceptionAsync<BatchFileException>(() => batch.Files.OpenReadAsync("../WORKER-1/0.png"));
        Assert.AreEqual("file.path", outside.Rule);

        BatchPlan plan = await BatchLoader.LoadAsync(batch.Files);
        Assert.AreEqual("file.missing", plan.Rejected.Single().Problems.Single().Rule);
    }

    [TestMethod]
    public async Task ReadHead_TransfersOnlyTheBytesAskedFor_OnTheListedETag()
    {
        Deployment deployment = await SubmitAsync("head", documents: 2);
        var downloads = new DownloadRecorder();
        var options = new BlobClientOptions();
        options.AddPolicy(downloads, HttpPipelinePosition.PerCall);
        BlobContainerClient container = new BlobServiceClient(deployment.Store.ConnectionString, options).GetBlobContainerClient(deployment.Store.ContainerName);
        (BlobBatchFiles? listed, string? refusal) = await BlobBatchFiles.ListAsync(container, "WORKER-0", "batches-in/WORKER-0/", long.MaxValue, new HashSet<string>(), CancellationToken.None);
        Assert.IsNotNull(listed, refusal);
        IBatchFiles files = listed;
        byte[] whole = File.ReadAllBytes(Path.Combine(deployment.Folder, "0.png"));

        BatchFileHead head = await files.ReadHeadAsync("0.png", 8);

        Assert.AreEqual(whole.Length, head.Length, "the whole blob's size, from the listing");
        CollectionAssert.AreEqual(whole[..8], head.Bytes.ToArray());
        Assert.AreEqual(8, downloads.Bodies.Single(), $"a {whole.Length:N0}-byte blob was downloaded to look at its first 8 bytes");

        BatchPlan plan = await BatchLoader.LoadAsync(files);
        Assert.AreEqual(2, plan.Jobs.Count, string.Join("\n", plan.Rejected.SelectMany(r => r.Problems)));
        long manifest = new FileInfo(Path.Combine(deployment.Folder, "batch.json")).Length;
        CollectionAssert.AreEqual(new long[] { 8, 8 }, downloads.Bodies.Skip(1).Where(length => length != manifest).ToArray(), "the loader looks at each page file with one ranged request: " + string.Join(", ", downloads.Bodies));

        await deployment.Container.GetBlobClient("batches-in/WORKER-0/1.png").UploadAsync(new BinaryData(whole), overwrite: true);
        BatchFileException changed = await Assert.ThrowsExceptionAsync<BatchFileException>(() => files.ReadHeadAsync("1.png", 8));
        Assert.AreEqual("file.changed", changed.Rule);
        await Assert.ThrowsExceptionAsync<FileNotFoundException>(() => files.ReadHeadAsync("never.png", 8));
    }

    [TestMethod]
    public async Task Read_FileLargerThanThePageLimit_IsRefusedFromItsLength()
    {
        Deployment deployment = await SubmitAsync("large", documents: 1);
        await using IClaimedBatch batch = (await deployment.Source.TakeAsync())!;
        long size = new FileInfo(Path.Combine(deployment.Folder, "0.png")).Length;
        var decoder = new PageDecoder(new ImagingOptions { MaxFileBytes = size - 1 });

        await using Stream stream = await batch.Files.OpenReadAsync("0.png");
        Assert.AreEqual(size, stream.Length, "the stream's length is the blob's");
        InvalidPageException refused = await Assert.ThrowsExceptionAsync<InvalidPageException>(() => decoder.ReadLimitedAsync(stream, "0.png", CancellationToken.None));
        Assert.AreEqual("file.size", refused.Rule);
        StringAssert.Contains(refused.Message, $"has {size:N0} bytes", "refused from the length it announced, before reading");
        Assert.AreEqual(0, stream.Position, "the blob was read before it was refused");
    }

    [TestMethod]
    public async Task Take_BatchLargerThanMaxBatchBytes_IsSetAsideWithoutBeingRead()
    {
        Deployment deployment = await SubmitAsync("toolarge", documents: 2, maxBatchBytes: 1000);

        Assert.IsNull(await deployment.Source.TakeAsync());

        QueueClient poison = new QueueServiceClient(deployment.Store.ConnectionString).GetQueueClient(deployment.QueueName + AzureQueueOptions.PoisonSuffix);
        PeekedMessage report = poison.PeekMessages(8).Value.Single();
        StringAssert.Contains(report.Body.ToString(), "more than the 1000");
        StringAssert.Contains((await deployment.Container.GetBlobClient("batches-in/WORKER-0/failure.txt").DownloadContentAsync()).Value.Content.ToString(), "more than the 1000");
    }

    [TestMethod]
    public async Task List_UnreachableStorage_IsTransientAndCancellationPassesThrough()
    {
        var unreachable = new BlobContainerClient(new Uri("http://127.0.0.1:9/devstoreaccount1/none"), new BlobClientOptions { Retry = { MaxRetries = 0 } });

        SoHoaException away = await Assert.ThrowsExceptionAsync<SoHoaException>(() =>
            BlobBatchFiles.ListAsync(unreachable, "WORKER-0", "batches-in/WORKER-0/", 1000, new HashSet<string>(), CancellationToken.None));
        Assert.IsTrue(away.IsTransient, away.Message);
        StringAssert.Contains(away.Message, "could not be listed");

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Exception? stopped = null;
        try
        {
            await BlobBatchFiles.ListAsync(unreachable, "WORKER-0", "batches-in/WORKER-0/", 1000, new HashSet<string>(), cancelled.Token);
        }
        catch (Exception ex)
        {
            stopped = ex;
        }

        Assert.IsInstanceOfType<OperationCanceledException>(stopped, "the caller's cancellation is not a storage failure");
    }

    [TestMethod]
    public async Task Read_FaultWhileStreaming_IsMappedLikeOnOpening()
    {
        static Exception Map(Exception ex) => BlobBatchFiles.Map(ex, "WORKER-0", "batches-in/WORKER-0/", "0.png");
        byte[] buffer = new byte[16];

        var changed = new BlobReadStream(new FaultyStream(new RequestFailedException(412, "condition not met")), 100, Map);
        Assert.AreEqual("file.changed", (await Assert.ThrowsExceptionAsync<BatchFileException>(() => changed.ReadAsync(buffer).AsTask())).Rule);

        var dropped = new BlobReadStream(new FaultyStream(new IOException("The response ended prematurely.")), 100, Map);
        SoHoaException away = await Assert.ThrowsExceptionAsync<SoHoaException>(() => dropped.ReadAsync(buffer).AsTask());
        Assert.IsTrue(away.IsTransient, away.Message);
        StringAssert.Contains(away.Message, "'0.png'");

        var refused = new BlobReadStream(new FaultyStream(new RequestFailedException(403, "forbidden")), 100, Map);
        Assert.IsFalse((await Assert.ThrowsExceptionAsync<SoHoaException>(() => refused.ReadAsync(buffer).AsTask())).IsTransient);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var stopped = new BlobReadStream(new FaultyStream(new OperationCanceledException(cancelled.Token)), 100, Map);
        await Assert.ThrowsExceptionAsync<OperationCanceledException>(() => stopped.ReadAsync(buffer, cancelled.Token).AsTask());
    }

    private static async Task<byte[]> ReadAsync(IBatchFiles files, string file)
    {
        await using Stream stream = await files.OpenReadAsync(file);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.AreEqual(copy.Length, stream.Length, file + ": the length announced");
        return copy.ToArray();
    }

    private static async Task<Deployment> SubmitAsync(string name, int documents, long maxBatchBytes = 2L * 1024 * 1024 * 1024)
    {
        AzureStoreOptions store = _azurite.StoreOptions(TestEnvironment.NewDirectory(name + "-keys"));
        string queue = "q" + Guid.NewGuid().ToString("N")[..12];
        string folder = Path.Combine(TestEnvironment.NewDirectory(name), "WORKER-0");
        WorkerProcesses.WriteBatch(folder, 0, documents);
        await AzureBatchSubmitter.Open(store, new AzureQueueOptions { QueueName = queue }).SubmitAsync(folder);
        var source = AzureQueueBatchSource.Open(store, new AzureQueueOptions { QueueName = queue, MaxBatchBytes = maxBatchBytes });
        return new Deployment(store, queue, folder, source);
    }

    private sealed record Deployment(AzureStoreOptions Store, string QueueName, string Folder, AzureQueueBatchSource Source)
    {
        public BlobContainerClient Container => new BlobServiceClient(Store.ConnectionString).GetBlobContainerClient(Store.ContainerName);
    }

    /// <summary>The size of each successful download's body, in the order the client got them.</summary>
    private sealed class DownloadRecorder : HttpPipelineSynchronousPolicy
    {
        public List<long> Bodies { get; } = [];

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get && message.Response.Status is 200 or 206 && !message.Request.Uri.ToString().Contains("comp=list", StringComparison.Ordinal)
                && message.Response.Headers.ContentLength is { } length)
            {
                lock (Bodies)
                {
                    Bodies.Add(length);
                }
            }
        }
    }

    /// <summary>A blob's content stream that fails on its first read, as a dropped connection or a replaced blob does.</summary>
    private sealed class FaultyStream(Exception fault) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw fault;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(fault);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

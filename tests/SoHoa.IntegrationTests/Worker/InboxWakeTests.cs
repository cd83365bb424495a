using System.Diagnostics;
using SoHoa.IntegrationTests.Support;
using SoHoa.Worker.Inbox;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>An idle worker on an inbox takes a batch when it is renamed in, not at its next poll.</summary>
[TestClass]
public sealed class InboxWakeTests
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromMinutes(10);

    [TestMethod]
    public async Task WaitForBatch_BatchRenamedIn_EndsTheWaitBeforeThePoll()
    {
        string root = TestEnvironment.NewDirectory("inbox-wake");
        using InboxBatchSource source = InboxBatchSource.Open(root);
        Assert.IsNull(await source.TakeAsync());
        using var stop = new CancellationTokenSource();
        Task waiting = source.WaitForBatchAsync(LongPoll, stop.Token);
        Assert.IsFalse(waiting.IsCompleted, "nothing has arrived yet");

        string staged = Directory.CreateDirectory(Path.Combine(root, "staging-b1")).FullName;
        File.WriteAllText(Path.Combine(staged, "batch.json"), "{}");
        Directory.Move(staged, Path.Combine(source.InboxDirectory, "b1"));

        // Ten minutes is the poll; the rename must end the wait long before (a minute is generous for a loaded machine).
        await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        await using var batch = await source.TakeAsync();
        Assert.IsNotNull(batch);
        Assert.AreEqual("b1", batch.Name);
    }

    [TestMethod]
    public async Task WaitForBatch_NothingArrives_WaitsTheTimeoutAndStopsOnCancellation()
    {
        string root = TestEnvironment.NewDirectory("inbox-idle");
        using InboxBatchSource source = InboxBatchSource.Open(root);

        var clock = Stopwatch.StartNew();
        await source.WaitForBatchAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"returned after {clock.Elapsed.TotalMilliseconds} ms with nothing in the inbox");

        using var stop = new CancellationTokenSource();
        Task waiting = source.WaitForBatchAsync(LongPoll, stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting);
    }
}

using System.Text.Json;
using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>
/// A worker takes its next batch while the last documents of the one before run, so that a core does not wait for
/// them; with one batch at a time it does not. Two real `sohoa worker` runs on the same two batches, two engines each.
/// </summary>
[TestClass]
public sealed class WorkerOverlapTests
{
    [TestMethod]
    public void Worker_TwoBatchesAtOnce_StartsTheNextBatchBeforeTheOneBeforeFinishes()
    {
        (DateTimeOffset Started, DateTimeOffset Finished)[] batches = RunTwoBatches("overlap", batchesAtOnce: 2);

        Assert.IsTrue(batches[1].Started < batches[0].Finished,
            $"the second batch started at {batches[1].Started:HH:mm:ss.fff}, after the first finished at {batches[0].Finished:HH:mm:ss.fff}");
        Assert.IsTrue(batches[1].Started > batches[0].Started.AddMilliseconds(500),
            "the second batch is taken only once the first has started all its documents, not with it");
    }

    [TestMethod]
    public void Worker_OneBatchAtOnce_StartsTheNextBatchAfterTheOneBeforeFinishes()
    {
        (DateTimeOffset Started, DateTimeOffset Finished)[] batches = RunTwoBatches("one-at-once", batchesAtOnce: 1);

        Assert.IsTrue(batches[1].Started >= batches[0].Finished,
            $"the second batch started at {batches[1].Started:HH:mm:ss.fff}, before the first finished at {batches[0].Finished:HH:mm:ss.fff}");
    }

    /// <summary>Two batches of four one-page documents through one worker with two engines; their result times, in the order they started.</summary>
    private static (DateTimeOffset Started, DateTimeOffset Finished)[] RunTwoBatches(string name, int batchesAtOnce)
    {
        string root = TestEnvironment.NewDirectory("inbox-" + name);
        string store = TestEnvironment.NewDirectory("store-" + name);
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        for (int b = 0; b < 2; b++)
        {
            string staged = Path.Combine(root, "staging", $"batch-{b}");
            WorkerProcesses.WriteBatch(staged, b, documentsEach: 4);
            Directory.Move(staged, Path.Combine(root, "inbox", $"batch-{b}"));
        }

        using var worker = WorkerProcesses.Start(
            ["--inbox", root, "--store", store, "--engines", "2", "--batches-at-once", batchesAtOnce.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            exitWhenIdle: true);
        WorkerProcesses.WaitForExit(worker);
        Assert.AreEqual(0, worker.ExitCode, "the worker exits cleanly when idle");

        string[] results = Directory.EnumerateFiles(Path.Combine(root, "done"), "result.json", SearchOption.AllDirectories).ToArray();
        Assert.AreEqual(2, results.Length, "both batches end in done/ with their result");
        var times = results.Select(Times).OrderBy(t => t.Started).ToArray();
        foreach (string result in results)
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(result));
            Assert.AreEqual(4, json.RootElement.GetProperty("totals").GetProperty("stored").GetInt32(), result + ": every document is stored");
        }

        return times;
    }

    private static (DateTimeOffset Started, DateTimeOffset Finished) Times(string result)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(result));
        return (json.RootElement.GetProperty("startedAt").GetDateTimeOffset(), json.RootElement.GetProperty("finishedAt").GetDateTimeOffset());
    }
}

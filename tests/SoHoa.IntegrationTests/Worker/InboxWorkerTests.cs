using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>
/// `sohoa worker --inbox` as real processes on the real pipeline: two or three workers share one inbox, a worker killed with
/// SIGKILL over and over loses and duplicates nothing, a poison batch is set aside while the others go on, and SIGTERM
/// stops a worker cleanly.
/// </summary>
[TestClass]
public sealed class InboxWorkerTests
{
    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    public void Worker_SeveralProcessesOnOneInbox_StoreEveryDocumentExactlyOnce(int workers)
    {
        (string root, string store) = Folders("many");
        int documents = AddBatches(root, batches: 2 * workers, documentsEach: 2);

        Process[] processes = [.. Enumerable.Range(0, workers).Select(_ => StartWorker(root, store, exitWhenIdle: true))];
        try
        {
            WaitForExit(processes);
            Assert.IsTrue(processes.All(p => p.ExitCode == 0), "a worker failed");
        }
        finally
        {
            Array.ForEach(processes, p => p.Dispose());
        }

        AssertStoredExactlyOnce(root, store, batches: 2 * workers, documents);
    }

    [TestMethod]
    public void Worker_KilledFiftyTimesAtRandomPoints_LosesAndDuplicatesNothing()
    {
        (string root, string store) = Folders("crash");
        // Batches arrive while the worker is being killed, one every five kills, so that the kills fall on work in hand.
        const int Batches = 10;
        int documents = AddBatches(root, Batches, documentsEach: 3, renameIn: false);
        var random = new Random(20261203);
        int kills = 0;
        for (int lives = 0; kills < 50 && lives < 200; lives++)
        {
            for (int b = 0; b <= Math.Min(kills / 5, Batches - 1); b++)
            {
                string staged = Path.Combine(root, "staging", $"batch-{b}");
                if (Directory.Exists(staged))
                {
                    Directory.Move(staged, Path.Combine(root, "inbox", $"batch-{b}"));
                }
            }

            using Process worker = StartWorker(root, store, exitWhenIdle: true, maxDeliveries: 1000);
            if (worker.WaitForExit(random.Next(300, 2500)))
            {
                continue;
            }

            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
            kills++;
        }

        foreach (string staged in Directory.EnumerateDirectories(Path.Combine(root, "staging")))
        {
            Directory.Move(staged, Path.Combine(root, "inbox", Path.GetFileName(staged)));
        }

        using Process last = StartWorker(root, store, exitWhenIdle: true, maxDeliveries: 1000);
        WaitForExit(last);

        Assert.AreEqual(50, kills, "the worker was not killed fifty times");
        Assert.AreEqual(0, last.ExitCode);
        AssertStoredExactlyOnce(root, store, Batches, documents);
        Assert.AreEqual(0, Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories).Count(), "a half-written file is visible in the store");
    }

    [TestMethod]
    public void Worker_PoisonBatchAmongGoodOnes_SetsItAsideWithItsReason()
    {
        (string root, string store) = Folders("poison");
        int documents = AddBatches(root, batches: 2, documentsEach: 1);
        string poison = Path.Combine(root, "inbox", "poison");
        Directory.CreateDirectory(poison);
        File.WriteAllText(Path.Combine(poison, "batch.json"), "{ this is not JSON");

        using Process worker = StartWorker(root, store, exitWhenIdle: true);
        WaitForExit(worker);

        Assert.AreEqual(0, worker.ExitCode);
        string failure = File.ReadAllText(Path.Combine(root, "failed", "poison", "failure.txt"));
        StringAssert.Contains(failure, "manifest");
        AssertStoredExactlyOnce(root, store, batches: 2, documents);
    }

    [TestMethod]
    public void Worker_Sigterm_StopsCleanlyAndTheBatchIsFinishedLater()
    {
        (string root, string store) = Folders("sigterm");
        int documents = AddBatches(root, batches: 1, documentsEach: 4);
        using Process worker = StartWorker(root, store, exitWhenIdle: false, grace: 0);
        WaitUntil(() => Directory.Exists(Path.Combine(root, "processing")) && Directory.EnumerateDirectories(Path.Combine(root, "processing")).Any(), TimeSpan.FromSeconds(60));

        Assert.AreEqual(0, Syscall.Kill(worker.Id, 15), "SIGTERM could not be sent");
        WaitForExit(worker);

        Assert.AreEqual(0, worker.ExitCode, "a stop request is a clean exit");
        using Process again = StartWorker(root, store, exitWhenIdle: true);
        WaitForExit(again);
        AssertStoredExactlyOnce(root, store, batches: 1, documents);
    }

    private static (string Root, string Store) Folders(string name) => (TestEnvironment.NewDirectory("inbox-" + name), TestEnvironment.NewDirectory("store-" + name));

    /// <summary>Writes batches outside the inbox and renames each in, as the inbox convention asks; returns how many documents they hold.</summary>
    private static int AddBatches(string root, int batches, int documentsEach, bool renameIn = true)
    {
        string staging = Path.Combine(root, "staging");
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        int documents = 0;
        for (int b = 0; b < batches; b++)
        {
            string batch = Path.Combine(staging, $"batch-{b}");
            documents += WorkerProcesses.WriteBatch(batch, b, documentsEach);
            if (renameIn)
            {
                Directory.Move(batch, Path.Combine(root, "inbox", $"batch-{b}"));
            }
        }

        return documents;
    }

    private static Process StartWorker(string root, string store, bool exitWhenIdle, int maxDeliveries = 5, int grace = 30) =>
        WorkerProcesses.Start(["--inbox", root, "--store", store], exitWhenIdle, maxDeliveries, grace);

    private static void WaitForExit(params Process[] processes) => WorkerProcesses.WaitForExit(processes);

    private static void WaitUntil(Func<bool> condition, TimeSpan limit) => WorkerProcesses.WaitUntil(condition, limit);

    /// <summary>Every batch done, none left in processing, each document indexed once with one PDF that verifies.</summary>
    private static void AssertStoredExactlyOnce(string root, string store, int batches, int documents)
    {
        Assert.AreEqual(batches, Directory.EnumerateDirectories(Path.Combine(root, "done")).Count(), "every batch ends in done/");
        Assert.AreEqual(0, Directory.EnumerateDirectories(Path.Combine(root, "processing")).Count(), "nothing is left in processing/");
        using var connection = new SqliteConnection($"Data Source={Path.Combine(store, "index.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), COUNT(DISTINCT pdf_path) FROM documents";
        using SqliteDataReader reader = count.ExecuteReader();
        reader.Read();
        Assert.AreEqual(documents, reader.GetInt32(0), "index entries");
        Assert.AreEqual(documents, reader.GetInt32(1), "distinct PDFs in the index");
        string[] pdfs = Directory.EnumerateFiles(store, "*.pdf", SearchOption.AllDirectories).ToArray();
        Assert.AreEqual(documents, pdfs.Length, "PDF files in the store");
        PdfSignatureVerifier verifier = Verifier();
        foreach (string pdf in pdfs)
        {
            VerificationReport report = verifier.Verify(File.ReadAllBytes(pdf));
            Assert.IsTrue(report.IsValid, pdf + ": " + Describe(report));
        }
    }

    private static class Syscall
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SoHoa.IntegrationTests.Support;
using SoHoa.IntegrationTests.Worker;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Signing.Verification;

namespace SoHoa.IntegrationTests.Pipeline;

/// <summary>
/// One pipeline given two batches at once (as a worker does when it takes the next batch during the last documents of
/// one) keeps <see cref="PipelineOptions.DocumentsInParallel"/> documents in flight over both, not that many per batch.
/// </summary>
[TestClass]
public sealed class DocumentsInFlightTests
{
    [TestMethod]
    public async Task ProcessBatch_TwoBatchesAtOnce_DocumentsInFlightBoundedOverBoth()
    {
        string store = TestEnvironment.NewDirectory("inflight-store");
        string[] batches = [.. Enumerable.Range(0, 2).Select(b =>
        {
            string folder = TestEnvironment.NewDirectory($"inflight-batch-{b}");
            WorkerProcesses.WriteBatch(folder, 100 + b, documentsEach: 4);
            return folder;
        })];
        using CertificateKey key = CertificateKey.FromPkcs12(TestEnvironment.Pki.OfficerPfx, TestPki.Password);
        await using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ISignatureKey>(key)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = store;
                o.Pipeline.DocumentsInParallel = 2;
                o.Ocr.EngineCount = 2;
            })
            .BuildServiceProvider();
        DigitizationPipeline pipeline = services.GetRequiredService<DigitizationPipeline>();

        var gate = new Lock();
        int inFlight = 0, most = 0, seen = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SoHoa",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (IsOurs(activity))
                {
                    lock (gate)
                    {
                        seen++;
                        most = Math.Max(most, ++inFlight);
                    }
                }
            },
            ActivityStopped = activity =>
            {
                if (IsOurs(activity))
                {
                    lock (gate)
                    {
                        inFlight--;
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        BatchResult[] results = await Task.WhenAll(batches.Select(b => pipeline.ProcessBatchAsync(b)));

        Assert.AreEqual(2, results.Length);
        Assert.IsTrue(results.All(r => r.Documents.Count == 4 && r.Documents.All(d => d.Status == DocumentStatus.Stored)),
            string.Join("; ", results.SelectMany(r => r.Documents).Select(d => $"{d.DossierCode} #{d.DocumentIndex}: {d.Status}")));
        Assert.AreEqual(8, seen, "every document of both batches was seen");
        Assert.AreEqual(2, most, "documents in flight over both batches: never more than DocumentsInParallel, and both slots used");
    }

    /// <summary>A document of one of this test's batches (other tests may run pipelines at the same time).</summary>
    private static bool IsOurs(Activity activity) =>
        activity.OperationName == "sohoa.document"
        && activity.Parent?.GetTagItem("sohoa.batch_id") is string batch
        && batch is "WORKER-100" or "WORKER-101";
}

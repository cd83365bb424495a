using System.Collections.Concurrent;
using System.Text;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>
/// Issue 15's observability: <c>sohoa worker</c> exports the library's traces and metrics and its own through
/// OpenTelemetry when the standard OTEL_* variables ask for it, to a loopback OTLP/HTTP receiver; nothing when they do
/// not; and never a personal ID.
/// </summary>
[TestClass]
public sealed class WorkerTelemetryTests
{
    [TestMethod]
    public void Worker_OtlpEndpointInTheEnvironment_ExportsTracesAndMetricsWithoutPersonalData()
    {
        var received = new ConcurrentBag<LoopbackRequest>();
        using var collector = new LoopbackHttpServer(request =>
        {
            received.Add(request);
            return new LoopbackResponse(200, "application/x-protobuf", []);
        });

        ToolRun run = RunWorker(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });

        Assert.AreEqual(0, run.ExitCode, run.Output);
        string traces = Text(received, "/v1/traces");
        string metrics = Text(received, "/v1/metrics");
        foreach (string span in new[] { "sohoa.batch", "sohoa.document", "sohoa.read", "sohoa.ocr", "sohoa.decode", "sohoa.clean", "sohoa.recognize", "sohoa.compose", "sohoa.sign", "sohoa.store", "sohoa-worker" })
        {
            StringAssert.Contains(traces, span, "a span or the service name is missing from the exported traces");
        }

        foreach (string metric in new[] { "sohoa.documents", "sohoa.pages", "sohoa.document.duration", "sohoa.stage.duration", "sohoa.worker.batches", "sohoa.worker.queue_lag" })
        {
            StringAssert.Contains(metrics, metric, "a metric is missing from the exported metrics");
        }

        // Tag values are spelled as in result.json: the string "stored", length-prefixed in the protobuf (not "Stored").
        StringAssert.Contains(metrics, "\u0006stored", "the status tag is not spelled as in result.json");

        Assert.IsFalse(received.Any(r => Encoding.Latin1.GetString(r.Body).Contains(WorkerProcesses.Citizen, StringComparison.Ordinal)), "a personal ID was exported");
    }

    [TestMethod]
    public void Worker_NoOtelVariables_ExportsNothing()
    {
        using var collector = new LoopbackHttpServer(_ => new LoopbackResponse(200, "application/x-protobuf", []));

        // The collector listens, but nothing names it: the worker must not guess an endpoint.
        ToolRun run = RunWorker(new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" });

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, collector.RequestCount);
        Assert.IsFalse(run.StandardOutput.Contains("Activity.TraceId", StringComparison.Ordinal), "no console exporter either");
    }

    /// <summary>One batch of two documents through <c>sohoa worker --inbox --exit-when-idle</c> with <paramref name="environment"/>.</summary>
    private static ToolRun RunWorker(Dictionary<string, string> environment)
    {
        string root = TestEnvironment.NewDirectory("otel-inbox");
        WorkerProcesses.WriteBatch(Path.Combine(root, "inbox", "batch-0"), 0, documentsEach: 2);
        environment["SOHOA_CERT_PASSWORD"] = TestPki.Password;
        return new SohoaCli(TestEnvironment.NewDirectory("otel-home")).Run(
            ["worker", "--inbox", root, "--store", TestEnvironment.NewDirectory("otel-store"), "--exit-when-idle", "--cert", Pki.OfficerPfx, "--trust", Pki.RootCertificate],
            environment);
    }

    private static string Text(IEnumerable<LoopbackRequest> requests, string path) =>
        string.Concat(requests.Where(r => r.Method == "POST" && r.Path == path).Select(r => Encoding.Latin1.GetString(r.Body)));
}

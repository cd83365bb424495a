using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// Issue 15: <c>sohoa process</c> tells how far it has come on standard error: a live Spectre.Console line on a terminal
/// (a real pseudo-terminal made by util-linux <c>script</c>), plain lines elsewhere; standard output keeps only the result.
/// </summary>
[TestClass]
public sealed class ProgressLineTests
{
    [TestMethod]
    public void Process_NotOnATerminal_PrintsAPlainLinePerDocumentAndNoEscapes()
    {
        (string batch, string store, string home) = Folders();

        ToolRun run = new SohoaCli(home).Run(["process", batch, "--store", store, "--json", "--cert", Pki.OfficerPfx],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = TestPki.Password });

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "ONE-1: 1/1 documents, 1 pages (last: 000.00.01.H12-261122-0042 #0 birth-certificate, stored)");
        Assert.IsFalse(run.Output.Contains('\u001b', StringComparison.Ordinal), "no terminal escapes in a log");
        using var json = SohoaCli.Json(run);
        Assert.AreEqual("ONE-1", json.RootElement.GetProperty("batchId").GetString(), "standard output holds the result alone");
    }

    [TestMethod]
    public void Process_OnATerminal_DrawsALiveProgressLine()
    {
        (string batch, string store, string home) = Folders();
        string command = string.Join(' ', new[] { "dotnet", RepositoryPaths.Cli, "process", batch, "--store", store, "--cert", Pki.OfficerPfx }.Select(a => "'" + a + "'"));

        // script runs the command on a pseudo-terminal of its own and copies what the terminal showed to its output.
        ToolRun run = ExternalTool.Run("script", ["-qfec", command, "/dev/null"],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = TestPki.Password, ["SOHOA_HOME"] = home, ["TERM"] = "xterm-256color", ["COLUMNS"] = "160" },
            TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardOutput, "\u001b[", "the line is redrawn with terminal escapes");
        StringAssert.Contains(run.StandardOutput, "ONE-1: 1/1 documents, 1 pages");
        StringAssert.Contains(run.StandardOutput, "100%");
        Assert.IsFalse(run.StandardOutput.Contains("(last: ", StringComparison.Ordinal), "no plain lines on a terminal");
        StringAssert.Contains(run.StandardOutput, "Batch ONE-1: 1 stored", "the summary follows the line");
    }

    private static (string Batch, string Store, string Home) Folders()
    {
        string batch = TestEnvironment.NewDirectory("progress-batch");
        string page = "page" + Path.GetExtension(SampleBatchTests.FirstFile());
        File.Copy(Path.Combine(RepositoryPaths.SampleBatch, SampleBatchTests.FirstFile()), Path.Combine(batch, page));
        File.WriteAllText(Path.Combine(batch, "batch.json"), SampleBatchTests.OneDocumentManifest(page));
        return (batch, TestEnvironment.NewDirectory("progress-store"), TestEnvironment.NewDirectory("progress-home"));
    }
}

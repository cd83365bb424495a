using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>A command line the CLI cannot parse is a usage error (exit 2, as README.md says), not bad input (exit 1).</summary>
[TestClass]
public sealed class CliUsageTests
{
    [TestMethod]
    [DataRow("find", "--no-such-option", DisplayName = "an unknown option")]
    [DataRow("verify", null, DisplayName = "a missing argument")]
    [DataRow("no-such-command", null, DisplayName = "an unknown command")]
    public void Run_UnparsableCommandLine_ExitsTwoAndSaysWhy(string command, string? extra)
    {
        string[] args = extra is null ? [command] : [command, extra];

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("usage")).Run(args);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        Assert.IsFalse(string.IsNullOrWhiteSpace(run.StandardError), "the error is printed");
    }

    [TestMethod]
    [DataRow("process", DisplayName = "process")]
    [DataRow("worker", DisplayName = "worker")]
    public void Run_EnginesOutOfRange_IsAUsageErrorThatSaysTheRange(string command)
    {
        string[] target = command == "process" ? [RepositoryPaths.SampleBatch] : ["--inbox", TestEnvironment.NewDirectory("inbox"), "--exit-when-idle"];
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("usage")).Run([command, .. target, "--store", TestEnvironment.NewDirectory("store"), "--engines", "0"]);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "--engines must be from 1 to 64; it is 0.");
    }

    [TestMethod]
    public void Search_WithoutAQueryOrRebuild_IsAUsageError()
    {
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("usage")).Run("search", "--store", TestEnvironment.NewDirectory("store"));

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "Give a query to search for, or --rebuild.");
    }

    [TestMethod]
    public void Search_OnAnAzureStore_SaysItIsNotAvailableThereAndExitsTwo()
    {
        string keys = TestEnvironment.NewDirectory("keys");
        File.WriteAllText(Path.Combine(keys, "index.key"), Convert.ToBase64String(new byte[32]));
        File.WriteAllText(Path.Combine(keys, "audit.key"), Convert.ToBase64String(new byte[32]));

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("usage")).Run(
            "search", "giay khai sinh", "--store", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            "--index-key", Path.Combine(keys, "index.key"), "--audit-key", Path.Combine(keys, "audit.key"));

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "full-text search is not available on an Azure store");
        Assert.IsFalse(run.Output.Contains("AccountKey", StringComparison.Ordinal), "the connection string is never printed");
    }

    [TestMethod]
    public void Run_Help_ExitsZero()
    {
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("usage")).Run("--help");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "process");
    }
}

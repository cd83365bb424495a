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
    public void Run_Help_ExitsZero()
    {
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("usage")).Run("--help");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "process");
    }
}

using System.Diagnostics;
using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// <c>sohoa ocr</c> (like <c>process</c> and <c>worker</c>) restarts itself once with <c>MALLOC_ARENA_MAX=1</c> and
/// <c>DOTNET_TieredCompilation=0</c> (<see cref="DigitizationProcess.RestartForBatchWork"/>), keeping either when the
/// environment sets it: seen from outside in the process's own environment, under the same PID, and the command still
/// does its work.
/// </summary>
[TestClass]
public sealed class BatchWorkRestartTests
{
    [TestMethod]
    public void Ocr_WithoutSettings_RestartsUnderTheSamePidWithOneArenaAndOneCompilation()
    {
        Run run = RunOcr(arenaMax: null, tieredCompilation: null);

        Assert.AreEqual(0, run.Exit, run.Output);
        Assert.AreEqual("1", run.Arenas, "the restarted process's environment, read from /proc/<pid>/environ of the PID that was started");
        Assert.AreEqual("0", run.TieredCompilation);
        Assert.AreEqual("1", run.Marker);
    }

    [TestMethod]
    public void Ocr_WithOneSettingOfItsOwn_KeepsItAndRestartsForTheOther()
    {
        Run arenas = RunOcr(arenaMax: "4", tieredCompilation: null);
        Run compilation = RunOcr(arenaMax: null, tieredCompilation: "1");

        Assert.AreEqual(0, arenas.Exit, arenas.Output);
        Assert.AreEqual(("4", "0", "1"), (arenas.Arenas, arenas.TieredCompilation, arenas.Marker), "the user's arenas kept, restarted for the compilation");
        Assert.AreEqual(0, compilation.Exit, compilation.Output);
        Assert.AreEqual(("1", "1", "1"), (compilation.Arenas, compilation.TieredCompilation, compilation.Marker), "the user's compilation kept, restarted for the arenas");
    }

    [TestMethod]
    public void Ocr_WithBothSettingsOfItsOwn_IsNotRestarted()
    {
        Run run = RunOcr(arenaMax: "4", tieredCompilation: "1");

        Assert.AreEqual(0, run.Exit, run.Output);
        Assert.AreEqual(("4", "1"), (run.Arenas, run.TieredCompilation), "the user's settings are kept");
        Assert.IsNull(run.Marker, "no restart");
    }

    private sealed record Run(string? Arenas, string? TieredCompilation, string? Marker, int Exit, string Output);

    /// <summary>Runs <c>sohoa ocr</c> on a sample page and reads its environment from /proc while it runs (OCR takes seconds).</summary>
    private static Run RunOcr(string? arenaMax, string? tieredCompilation)
    {
        string jpeg = Directory.GetFiles(RepositoryPaths.SampleBatch, "*.jpg", SearchOption.AllDirectories).First();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { RepositoryPaths.Cli, "ocr", jpeg, "--out", TestEnvironment.NewDirectory("arena") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOHOA_HOME"] = TestEnvironment.NewDirectory("h");
        foreach ((string name, string? value) in new[] { ("MALLOC_ARENA_MAX", arenaMax), ("DOTNET_TieredCompilation", tieredCompilation), ("COMPlus_TieredCompilation", null), ("SOHOA_RESTARTED", null) })
        {
            start.Environment.Remove(name);
            if (value is not null)
            {
                start.Environment[name] = value;
            }
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        string? arenas = null, compilation = null, marker = null;
        var watch = Stopwatch.StartNew();
        while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                // The environment a process was started (or restarted with execv) with, NUL-separated.
                string[] variables = File.ReadAllText($"/proc/{process.Id}/environ").Split('\0');
                string? Value(string name) => variables.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
                arenas = Value("MALLOC_ARENA_MAX") ?? arenas;
                compilation = Value("DOTNET_TieredCompilation") ?? compilation;
                marker = Value("SOHOA_RESTARTED") ?? marker;
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }

            Thread.Sleep(50);
        }

        process.WaitForExit();
        return new Run(arenas, compilation, marker, process.ExitCode, output.Result + error.Result);
    }
}

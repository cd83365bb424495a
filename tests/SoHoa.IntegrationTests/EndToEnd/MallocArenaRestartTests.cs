using System.Diagnostics;
using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// <c>sohoa ocr</c> (like <c>process</c> and <c>worker</c>) restarts itself once with <c>MALLOC_ARENA_MAX=1</c>
/// (<see cref="DigitizationProcess.RestartWithOneMallocArena"/>): seen from outside in the process's own environment,
/// under the same PID, and the command still does its work.
/// </summary>
[TestClass]
public sealed class MallocArenaRestartTests
{
    [TestMethod]
    public void Ocr_WithoutArenaSetting_RestartsUnderTheSamePidWithOneArena()
    {
        (string? arenas, string? marker, int exit, string output) = RunOcr(arenaMax: null);

        Assert.AreEqual(0, exit, output);
        Assert.AreEqual("1", arenas, "the restarted process's environment, read from /proc/<pid>/environ of the PID that was started");
        Assert.AreEqual("1", marker);
    }

    [TestMethod]
    public void Ocr_WithArenaSettingOfItsOwn_IsNotRestarted()
    {
        (string? arenas, string? marker, int exit, string output) = RunOcr(arenaMax: "4");

        Assert.AreEqual(0, exit, output);
        Assert.AreEqual("4", arenas, "the user's setting is kept");
        Assert.IsNull(marker, "no restart");
    }

    /// <summary>Runs <c>sohoa ocr</c> on a sample page and reads its environment from /proc while it runs (OCR takes seconds).</summary>
    private static (string? Arenas, string? Marker, int Exit, string Output) RunOcr(string? arenaMax)
    {
        string jpeg = Directory.GetFiles(RepositoryPaths.SampleBatch, "*.jpg", SearchOption.AllDirectories).First();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { RepositoryPaths.Cli, "ocr", jpeg, "--out", TestEnvironment.NewDirectory("arena") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOHOA_HOME"] = TestEnvironment.NewDirectory("h");
        start.Environment.Remove("MALLOC_ARENA_MAX");
        start.Environment.Remove("SOHOA_RESTARTED_FOR_MALLOC");
        if (arenaMax is not null)
        {
            start.Environment["MALLOC_ARENA_MAX"] = arenaMax;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        string? arenas = null, marker = null;
        var watch = Stopwatch.StartNew();
        while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                // The environment a process was started (or restarted with execv) with, NUL-separated.
                string[] variables = File.ReadAllText($"/proc/{process.Id}/environ").Split('\0');
                string? Value(string name) => variables.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
                arenas = Value("MALLOC_ARENA_MAX") ?? arenas;
                marker = Value("SOHOA_RESTARTED_FOR_MALLOC") ?? marker;
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }

            Thread.Sleep(50);
        }

        process.WaitForExit();
        return (arenas, marker, process.ExitCode, output.Result + error.Result);
    }
}

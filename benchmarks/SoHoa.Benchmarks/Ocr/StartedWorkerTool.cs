using System.Diagnostics;
using System.Globalization;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>
/// The <c>worker</c> tool of the side-by-side comparison: one <c>sohoa worker</c> (an engine per core) started once
/// for the whole run and warmed with a batch of its own, so what is timed is end-to-end work with the worker already
/// started (issue 15), not the start of a process. Each chunk is the same batch as <see cref="ProcessTool"/> makes
/// (one-page documents, B-B, folder store), renamed into the worker's inbox; the time runs from the rename until the
/// batch is in <c>done/</c>. Memory is the worker's peak resident set so far (VmHWM), CPU the worker's user and system
/// time over the chunk, both read from /proc.
/// </summary>
internal sealed class StartedWorkerTool : IAsyncDisposable
{
    private readonly string _root;
    private readonly Process _worker;

    private StartedWorkerTool(string root, Process worker)
    {
        _root = root;
        _worker = worker;
    }

    private string Inbox => Path.Combine(_root, "inbox");

    private string Store => Path.Combine(_root, "store");

    /// <summary>Starts the worker on an inbox of its own and waits until it has processed a warm-up batch of <paramref name="warmUp"/>.</summary>
    public static async Task<StartedWorkerTool> StartAsync(IReadOnlyList<(string Image, string Stem)> warmUp)
    {
        string root = Directory.CreateTempSubdirectory("sohoa-worker-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "inbox", "inbox"));
        (string certificate, IReadOnlyDictionary<string, string> environment) = ProcessTool.Signer;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ProcessTool.CliPath, "worker", "--inbox", Path.Combine(root, "inbox"), "--store", Path.Combine(root, "store"), "--cert", certificate })
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["SOHOA_HOME"] = Path.Combine(root, "home");
        Process worker = Process.Start(info)!;
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        var tool = new StartedWorkerTool(root, worker);
        await tool.RunAsync(warmUp, Path.Combine(root, "warm-up-texts"));
        return tool;
    }

    /// <summary>Drops a batch of <paramref name="images"/> into the inbox, waits until it is done, and writes each page's text to <paramref name="output"/>.</summary>
    public async Task<(long PeakKib, double CpuSeconds)> RunAsync(IReadOnlyList<(string Image, string Stem)> images, string output)
    {
        string name = $"chunk-{Guid.NewGuid():N}"[..18];
        string staged = Path.Combine(_root, "staging", name);
        string batchId = await ProcessTool.WriteBatchAsync(images, staged);
        Directory.CreateDirectory(output);
        double cpuBefore = CpuSeconds();
        Directory.Move(staged, Path.Combine(Inbox, "inbox", name));
        while (!Directory.Exists(Path.Combine(Inbox, "done", name)))
        {
            if (_worker.HasExited)
            {
                throw new InvalidOperationException($"The worker exited with {_worker.ExitCode}.");
            }

            if (Directory.Exists(Path.Combine(Inbox, "failed", name)))
            {
                throw new InvalidOperationException($"The worker failed the batch {name}: see {Path.Combine(Inbox, "failed", name)}.");
            }

            await Task.Delay(50);
        }

        double cpu = CpuSeconds() - cpuBefore;
        await ProcessTool.WriteTextsAsync(Store, batchId, images, output);
        return (PeakKib(), cpu);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_worker.HasExited)
        {
            // SIGTERM: the worker's graceful stop.
            using (Process.Start("kill", ["-TERM", _worker.Id.ToString(CultureInfo.InvariantCulture)]))
            {
            }

            await _worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        _worker.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private double CpuSeconds()
    {
        // Fields 14 and 15 of /proc/PID/stat, after the command name in parentheses: user and system time in clock ticks.
        string stat = File.ReadAllText($"/proc/{_worker.Id}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private long PeakKib()
    {
        string? line = File.ReadLines($"/proc/{_worker.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

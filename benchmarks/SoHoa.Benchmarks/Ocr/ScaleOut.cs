using System.Diagnostics;
using System.Globalization;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>
/// <c>scale-out --corpus DIR [--batches 6] [--pages 16] [--work DIR]</c>: documents a minute for one worker process and
/// for two, each with one engine (<c>--engines 1</c>), on one inbox of the same batches (issue 15: two should do at
/// least 1.8 times as much on a 2-core machine), and, for reference, one worker with an engine per core. Each run gets
/// the same batches of <c>--pages</c> pages (documents of 1 to 4 pages) from the corpus, a fresh folder store and a
/// fresh inbox; the batches are renamed into <c>inbox/</c> before the workers start, and the time runs from their start
/// until the last exits (<c>--exit-when-idle</c>), so start-up is included. The runs take turns, twice.
/// </summary>
internal static class ScaleOut
{
    public static async Task<int> RunAsync(string[] args)
    {
        string corpus = CommandLine.Option(args, "--corpus") ?? throw new ArgumentException("--corpus DIR (made by the test-data generator's `corpus` command) is required.");
        int batches = int.Parse(CommandLine.Option(args, "--batches") ?? "6", CultureInfo.InvariantCulture);
        int pagesPerBatch = int.Parse(CommandLine.Option(args, "--pages") ?? "16", CultureInfo.InvariantCulture);
        string work = CommandLine.Option(args, "--work") ?? Directory.CreateTempSubdirectory("sohoa-scale-out-").FullName;
        string[] pages = BatchMemory.CorpusPages(corpus);
        ProcessTool.Prepare();
        Console.WriteLine($"{batches} batches of {pagesPerBatch} pages from {pages.Length} corpus images; {Environment.ProcessorCount} cores; OMP_THREAD_LIMIT={Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT") ?? "(unset)"}");

        (string Name, int Workers, int Engines)[] setups = [("1 worker x 1 engine", 1, 1), ("2 workers x 1 engine", 2, 1), ("1 worker x 2 engines", 1, 2)];
        var rates = setups.ToDictionary(s => s.Name, _ => new List<double>());
        for (int round = 1; round <= 2; round++)
        {
            foreach ((string name, int workers, int engines) in round == 1 ? setups : setups.Reverse())
            {
                string root = Path.Combine(work, $"r{round}-{workers}x{engines}");
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }

                int documents = 0;
                for (int b = 0; b < batches; b++)
                {
                    string staged = Path.Combine(root, "staging", $"batch-{b:D2}");
                    documents += BatchMemory.WriteBatch(staged, pages, pagesPerBatch, first: b * pagesPerBatch, number: b).Documents;
                    Directory.CreateDirectory(Path.Combine(root, "inbox", "inbox"));
                    Directory.Move(staged, Path.Combine(root, "inbox", "inbox", $"batch-{b:D2}"));
                }

                double cpuBefore = ChildrenCpuSeconds();
                double seconds = await RunWorkersAsync(root, workers, engines);
                double cpu = ChildrenCpuSeconds() - cpuBefore;
                int stored = Directory.GetFiles(Path.Combine(root, "store"), "*.pdf", SearchOption.AllDirectories).Length;
                double perMinute = stored / seconds * 60;
                rates[name].Add(perMinute);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}, {name}: {stored}/{documents} documents stored in {seconds:0.0} s = {perMinute:0.0} documents a minute ({batches * pagesPerBatch / seconds * 60:0.0} pages a minute); {cpu:0.0} CPU-s ({cpu / Math.Max(1, stored):0.00} a document), {cpu / seconds:0.00} cores busy on average"));
                Directory.Delete(root, recursive: true);
            }
        }

        double one = rates[setups[0].Name].Average();
        foreach ((string name, _, _) in setups)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {rates[name].Average():0.0} documents a minute on average, {rates[name].Average() / one:0.00}x one worker with one engine"));
        }

        return 0;
    }

    /// <summary>
    /// The user and system CPU seconds of this process's children that have exited and been waited for (fields 16 and
    /// 17 of /proc/self/stat, in clock ticks of 1/100 s): a worker's whole CPU time, the cores it kept busy besides its
    /// engines included (the runtime's own threads, the overlapped stages).
    /// </summary>
    private static double ChildrenCpuSeconds()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Starts <paramref name="workers"/> <c>sohoa worker</c> processes on one inbox and one store and waits for the last to exit; returns the seconds it took.</summary>
    private static async Task<double> RunWorkersAsync(string root, int workers, int engines)
    {
        (string certificate, IReadOnlyDictionary<string, string> environment) = ProcessTool.Signer;
        var processes = new List<Process>();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < workers; i++)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { ProcessTool.CliPath, "worker", "--inbox", Path.Combine(root, "inbox"), "--store", Path.Combine(root, "store"), "--cert", certificate, "--engines", engines.ToString(CultureInfo.InvariantCulture), "--exit-when-idle" })
            {
                info.ArgumentList.Add(argument);
            }

            foreach ((string key, string value) in environment)
            {
                info.Environment[key] = value;
            }

            info.Environment["SOHOA_HOME"] = Path.Combine(root, $"home-{i}");
            processes.Add(Process.Start(info)!);
        }

        foreach (Process process in processes)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            string error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            _ = await output;
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"a worker exited with {process.ExitCode}: {error}");
            }

            process.Dispose();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>
/// <c>scale-out --corpus DIR [--batches 8] [--pages 8] [--setups 1,2,3,4,5] [--work DIR]</c>: documents a minute for one worker process and
/// for two, each with one engine (<c>--engines 1</c>), on one inbox of the same batches (issue 15: two should do at
/// least 1.8 times as much on a 2-core machine); one worker with an engine per core, taking the next batch during the
/// last documents of one (the default) and one batch at a time; and the <c>tesseract</c> CLI on the same pages, two at
/// a time, for the issue's end-to-end target (a started worker at least as fast as tesseract on a stream of batches);
/// and, to look for the cost of two engines in one process, that worker with two malloc arenas instead of one. Each run gets
/// the same batches of <c>--pages</c> pages (documents of 1 to 4 pages) from the corpus, a fresh folder store and a
/// fresh inbox. The workers are started first, each warmed by small batches of its own (a worker runs all day: its
/// start, its model load and its JIT are not what scales); then every batch is renamed in at once, and the time runs
/// until the last batch is in <c>done/</c>.
/// CPU is the workers' user and system time over that span, from /proc. The runs take turns, twice.
/// </summary>
internal static class ScaleOut
{
    public static async Task<int> RunAsync(string[] args)
    {
        string corpus = CommandLine.Option(args, "--corpus") ?? throw new ArgumentException("--corpus DIR (made by the test-data generator's `corpus` command) is required.");
        int batches = int.Parse(CommandLine.Option(args, "--batches") ?? "8", CultureInfo.InvariantCulture);
        int pagesPerBatch = int.Parse(CommandLine.Option(args, "--pages") ?? "8", CultureInfo.InvariantCulture);
        string work = CommandLine.Option(args, "--work") ?? Directory.CreateTempSubdirectory("sohoa-scale-out-").FullName;
        string[] pages = BatchMemory.CorpusPages(corpus);
        ProcessTool.Prepare();
        Console.WriteLine($"{batches} batches of {pagesPerBatch} pages from {pages.Length} corpus images; {Environment.ProcessorCount} cores; OMP_THREAD_LIMIT={Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT") ?? "(unset)"}");

        Setup[] setups =
        [
            new("1 worker x 1 engine", 1, 1, 2),
            new("2 workers x 1 engine", 2, 1, 2),
            new("1 worker x 2 engines", 1, 2, 2),
            new("1 worker x 2 engines, one batch at a time", 1, 2, 1),
            new("tesseract, two at a time", 0, 0, 0),
            new("1 worker x 2 engines, two malloc arenas", 1, 2, 2, "MALLOC_ARENA_MAX=2"),
        ];
        if (CommandLine.Option(args, "--setups") is { } chosen)
        {
            // A subset, by number from 1 in the order above, for A/B runs (the last one taken is the reference).
            setups = [.. chosen.Split(',').Select(n => setups[int.Parse(n, CultureInfo.InvariantCulture) - 1])];
        }

        var rates = setups.ToDictionary(s => s.Name, _ => new List<double>());
        for (int round = 1; round <= 2; round++)
        {
            foreach (Setup setup in round == 1 ? setups : setups.Reverse())
            {
                string root = Path.Combine(work, $"r{round}-{setups.ToList().IndexOf(setup)}");
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }

                int documents = 0;
                var staged = new List<string>();
                for (int b = 0; b < batches; b++)
                {
                    string batch = Path.Combine(root, "staging", $"batch-{b:D2}");
                    documents += BatchMemory.WriteBatch(batch, pages, pagesPerBatch, first: b * pagesPerBatch, number: b).Documents;
                    staged.Add(batch);
                }

                var warmUp = new List<string>();
                int warmUpDocuments = 0;
                for (int w = 0; w < 2 * setup.Workers; w++)
                {
                    string batch = Path.Combine(root, "staging", $"warm-up-{w}");
                    warmUpDocuments += BatchMemory.WriteBatch(batch, pages, 2, first: (batches * pagesPerBatch) + (w * 2), number: 90 + w).Documents;
                    warmUp.Add(batch);
                }

                (double seconds, double cpu) = setup.Workers == 0
                    ? await RunTesseractAsync(root, staged)
                    : await RunWorkersAsync(root, warmUp, staged, setup);
                int stored = setup.Workers == 0 ? documents : Directory.GetFiles(Path.Combine(root, "store"), "*.pdf", SearchOption.AllDirectories).Length - warmUpDocuments;
                double pagesPerMinute = batches * pagesPerBatch / seconds * 60;
                rates[setup.Name].Add(pagesPerMinute);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}, {setup.Name}: {stored}/{documents} documents in {seconds:0.0} s = {stored / seconds * 60:0.0} documents a minute ({pagesPerMinute:0.0} pages a minute); {cpu:0.0} CPU-s ({cpu / Math.Max(1, stored):0.00} a document), {cpu / seconds:0.00} cores busy on average"));
                Directory.Delete(root, recursive: true);
            }
        }

        double one = rates[setups[0].Name].Average();
        double last = rates[setups[^1].Name].Average();
        string reference = setups[^1].Workers == 0 ? "tesseract" : setups[^1].Name;
        foreach (Setup setup in setups)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{setup.Name}: {rates[setup.Name].Average():0.0} pages a minute on average, {rates[setup.Name].Average() / one:0.00}x the first, {rates[setup.Name].Average() / last:0.00}x {reference}"));
        }

        return 0;
    }

    /// <summary>One way to run the batches: worker processes with their engines and batches held at once, or (no workers) the <c>tesseract</c> CLI.</summary>
    private sealed record Setup(string Name, int Workers, int Engines, int BatchesAtOnce, string? Environment = null);

    /// <summary>
    /// The reference: <c>tesseract IMG out -l vie</c> on every page file of the batches, two processes at a time with
    /// OpenMP held to one thread (as the side-by-side OCR benchmark runs it); returns the seconds and CPU seconds.
    /// </summary>
    private static async Task<(double Seconds, double CpuSeconds)> RunTesseractAsync(string root, IReadOnlyList<string> staged)
    {
        string output = Directory.CreateDirectory(Path.Combine(root, "tesseract")).FullName;
        string[] files = staged.SelectMany(batch => Directory.GetFiles(batch).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)).ToArray();
        var environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };
        long cpuMilliseconds = 0;
        long start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(files.Select((file, i) => (file, i)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (page, cancellationToken) =>
        {
            (int exit, string error, _, double cpu) = await ToolRunner.RunAsync("tesseract", [page.file, Path.Combine(output, $"p{page.i:D4}"), "-l", "vie"], environment);
            Interlocked.Add(ref cpuMilliseconds, (long)(cpu * 1000));
            if (exit != 0)
            {
                Console.Error.WriteLine($"tesseract {page.file} exited with {exit}: {error.Trim().Split('\n')[^1]}");
            }
        });
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, cpuMilliseconds / 1000.0);
    }

    /// <summary>
    /// Starts the <paramref name="setup"/>'s <c>sohoa worker</c> processes on one inbox and one store, waits until each is
    /// waiting for work, renames the <paramref name="staged"/> batches in, and waits until all are done; returns the
    /// seconds from the rename to the last batch done, and the workers' CPU seconds over them. The workers are then
    /// stopped with SIGTERM.
    /// </summary>
    private static async Task<(double Seconds, double CpuSeconds)> RunWorkersAsync(string root, IReadOnlyList<string> warmUp, IReadOnlyList<string> staged, Setup setup)
    {
        (int workers, int engines, int batchesAtOnce) = (setup.Workers, setup.Engines, setup.BatchesAtOnce);
        (string certificate, IReadOnlyDictionary<string, string> environment) = ProcessTool.Signer;
        string inbox = Path.Combine(root, "inbox");
        Directory.CreateDirectory(Path.Combine(inbox, "inbox"));
        var processes = new List<Process>();
        var ready = new List<Task>();
        try
        {
            for (int i = 0; i < workers; i++)
            {
                var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string argument in new[] { ProcessTool.CliPath, "worker", "--inbox", inbox, "--store", Path.Combine(root, "store"), "--cert", certificate, "--engines", engines.ToString(CultureInfo.InvariantCulture), "--batches-at-once", batchesAtOnce.ToString(CultureInfo.InvariantCulture) })
                {
                    info.ArgumentList.Add(argument);
                }

                foreach ((string key, string value) in environment)
                {
                    info.Environment[key] = value;
                }

                info.Environment["SOHOA_HOME"] = Path.Combine(root, $"home-{i}");
                if (setup.Environment?.Split('=', 2) is [{ } variable, { } setting])
                {
                    info.Environment[variable] = setting;
                }
                Process process = Process.Start(info)!;
                var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data?.Contains("taking batches from", StringComparison.Ordinal) == true)
                    {
                        waiting.TrySetResult();
                    }
                };
                process.OutputDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                processes.Add(process);
                ready.Add(waiting.Task);
            }

            await Task.WhenAll(ready).WaitAsync(TimeSpan.FromMinutes(2));

            // Warm-up, untimed: two small batches a worker, so that every worker has loaded its engines and compiled
            // its code once, as a worker that has run all day has.
            foreach (string batch in warmUp)
            {
                Directory.Move(batch, Path.Combine(inbox, "inbox", Path.GetFileName(batch)));
            }

            while (Finished(inbox) < warmUp.Count)
            {
                await Task.Delay(50);
            }

            int before = Finished(inbox);
            double cpuBefore = processes.Sum(CpuSeconds);
            long start = Stopwatch.GetTimestamp();
            foreach (string batch in staged)
            {
                Directory.Move(batch, Path.Combine(inbox, "inbox", Path.GetFileName(batch)));
            }

            while (Finished(inbox) - before < staged.Count)
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
                {
                    throw new InvalidOperationException($"A worker exited with {exited.ExitCode} before the batches were done.");
                }

                await Task.Delay(50);
            }

            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return (seconds, processes.Sum(CpuSeconds) - cpuBefore);
        }
        finally
        {
            foreach (Process process in processes.Where(p => !p.HasExited))
            {
                using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                }
            }

            foreach (Process process in processes)
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
                process.Dispose();
            }
        }
    }

    private static int Finished(string inbox) =>
        (Directory.Exists(Path.Combine(inbox, "done")) ? Directory.GetDirectories(Path.Combine(inbox, "done")).Length : 0)
        + (Directory.Exists(Path.Combine(inbox, "failed")) ? Directory.GetDirectories(Path.Combine(inbox, "failed")).Length : 0);

    /// <summary>A process's user and system CPU seconds so far (fields 14 and 15 of /proc/PID/stat, in ticks of 1/100 s).</summary>
    private static double CpuSeconds(Process process)
    {
        string stat = File.ReadAllText($"/proc/{process.Id}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

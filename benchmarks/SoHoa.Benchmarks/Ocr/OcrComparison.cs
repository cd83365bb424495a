using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using static SoHoa.Benchmarks.CommandLine;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>
/// <c>ocr --corpus DIR</c>: SoHoa (<c>sohoa ocr</c>, its engine pool on every core) against <c>tesseract IMG out -l vie</c>
/// on the raw image and <c>ocrmypdf -l vie --deskew --rotate-pages --sidecar</c> (both two at a time), on a corpus
/// made by <c>testdata/Generator corpus</c>, plus blank pages; prints CER and WER per variant, pages per minute, and
/// SoHoa's peak memory.
/// </summary>
internal static class OcrComparison
{
    private static readonly string[] AllTools = ["sohoa", "process", "worker", "tesseract", "ocrmypdf"];

    /// <summary>The started worker of the <c>worker</c> tool, started at its first chunk and stopped at the end of the run.</summary>
    private static StartedWorkerTool? _worker;

    private sealed record Page(string Variant, string Id, string Image, string Truth)
    {
        public string Stem => $"{Variant}__{Id}";
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? corpus = Option(args, "--corpus");
        if (corpus is null || !File.Exists(Path.Combine(corpus, "corpus.json")))
        {
            Console.Error.WriteLine("usage: SoHoa.Benchmarks ocr --corpus DIR [--tools sohoa,sohoa:vie+eng,process,worker,tesseract,ocrmypdf] [--pages N] [--ocrmypdf-pages N] [--blank N] [--rounds N] [--chunks N] [--work DIR]");
            Console.Error.WriteLine("DIR comes from: dotnet run --project testdata/Generator -- corpus --pages 40 --out DIR");
            return 2;
        }

        string[] tools = (Option(args, "--tools") ?? string.Join(',', AllTools)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        int perVariant = int.Parse(Option(args, "--pages") ?? "1000", CultureInfo.InvariantCulture);
        int ocrmypdfPerVariant = int.Parse(Option(args, "--ocrmypdf-pages") ?? perVariant.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int blanks = int.Parse(Option(args, "--blank") ?? "4", CultureInfo.InvariantCulture);
        int rounds = Math.Max(1, int.Parse(Option(args, "--rounds") ?? "1", CultureInfo.InvariantCulture));
        int chunks = Math.Max(1, int.Parse(Option(args, "--chunks") ?? "1", CultureInfo.InvariantCulture));
        string work = Option(args, "--work") ?? Directory.CreateTempSubdirectory("sohoa-ocr-bench-").FullName;
        string input = Path.Combine(work, "in");
        Directory.CreateDirectory(input);

        List<Page> pages = await LoadAsync(corpus, perVariant, blanks, work);
        foreach (Page page in pages)
        {
            string link = Path.Combine(input, page.Stem + Path.GetExtension(page.Image));
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.GetFullPath(page.Image));
            }
        }

        foreach (string tool in tools.Where(t => !t.StartsWith("sohoa", StringComparison.Ordinal) && !AllTools.Contains(t)))
        {
            throw new ArgumentException($"Unknown tool '{tool}'; known: {string.Join(", ", AllTools)}.");
        }

        // OCRmyPDF, the slow one, may read only the first pages of each variant. The pages are dealt out to the chunks in
        // turn, so that every chunk holds the same mix of variants.
        var ocrmypdfPages = pages.GroupBy(p => p.Variant).SelectMany(g => g.Take(ocrmypdfPerVariant)).ToHashSet();
        List<Page> SetFor(string tool, IEnumerable<Page> candidates) => [.. candidates.Where(p => tool != "ocrmypdf" || ocrmypdfPages.Contains(p))];
        List<Page>[] parts = [.. Enumerable.Range(0, chunks).Select(c => pages.Where((_, i) => i % chunks == c).ToList())];

        if (tools.Contains("process"))
        {
            ProcessTool.Prepare();
        }

        Console.WriteLine($"Corpus {corpus}: {pages.Count} pages in {pages.Select(p => p.Variant).Distinct().Count()} variants, {chunks} chunk(s), {rounds} round(s); work folder {work}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Machine()}");

        // The tools take turns on each chunk, in alternating order (ABBA), so that a machine getting faster or slower
        // during the run weighs on all of them alike, and every chunk gives one paired ratio of speeds. A round's speed is
        // its pages over the sum of its chunks' wall times; the figures in the table are medians over the rounds.
        var speeds = tools.ToDictionary(t => t, _ => new List<(double PagesPerMinute, double CpuSeconds, long PeakKib)>(), StringComparer.Ordinal);
        var paired = tools.Skip(1).ToDictionary(t => t, _ => new List<double>(), StringComparer.Ordinal);
        for (int round = 1; round <= rounds; round++)
        {
            var wall = tools.ToDictionary(t => t, _ => 0.0, StringComparer.Ordinal);
            var cpu = tools.ToDictionary(t => t, _ => 0.0, StringComparer.Ordinal);
            var peak = tools.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                List<Page> part = parts[chunk];
                string[] order = (((round - 1) * chunks) + chunk) % 2 == 0 ? tools : [.. tools.Reverse()];
                var perMinute = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (string tool in order)
                {
                    List<Page> set = SetFor(tool, part);
                    if (set.Count == 0)
                    {
                        continue;
                    }

                    string output = OutputFolder(work, tool);
                    Directory.CreateDirectory(output);
                    var clock = Stopwatch.StartNew();
                    (long kib, double seconds) = await RunToolAsync(tool, set, input, output);
                    clock.Stop();
                    wall[tool] += clock.Elapsed.TotalSeconds;
                    cpu[tool] += seconds;
                    peak[tool] = Math.Max(peak[tool], kib);
                    perMinute[tool] = set.Count / clock.Elapsed.TotalMinutes;
                }

                foreach (string tool in tools.Skip(1).Where(t => perMinute.ContainsKey(t) && perMinute.ContainsKey(tools[0])))
                {
                    paired[tool].Add(perMinute[tools[0]] / perMinute[tool]);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}, chunk {chunk + 1} of {chunks}: {string.Join(", ", order.Where(perMinute.ContainsKey).Select(t => $"{t} {perMinute[t]:0.0} pages a minute"))}"));
            }

            foreach (string tool in tools)
            {
                int count = SetFor(tool, pages).Count;
                speeds[tool].Add((count / (wall[tool] / 60), cpu[tool], peak[tool]));
                Console.WriteLine($"  round {round}, {tool}: {count} pages in {wall[tool]:0.0} s wall, {cpu[tool]:0.0} CPU-s ({cpu[tool] / count:0.00} CPU-s a page), peak memory {peak[tool] / 1024.0:0} MiB (largest single process)");
            }
        }

        if (rounds * chunks > 1)
        {
            Console.WriteLine();
            foreach (string tool in tools.Skip(1))
            {
                double[] byRound = [.. speeds[tools[0]].Zip(speeds[tool], (first, other) => first.PagesPerMinute / other.PagesPerMinute)];
                double[] byChunk = [.. paired[tool]];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tools[0]} ÷ {tool}, pages a minute: by round {string.Join(", ", byRound.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))} (median {Median(byRound):0.00}); paired by chunk, median {Median(byChunk):0.00}, range {byChunk.Min():0.00}–{byChunk.Max():0.00} over {byChunk.Length} pairs"));
            }
        }

        var results = new Dictionary<string, (Dictionary<string, Score> Scores, double PagesPerMinute, int Pages, long PeakKib, double CpuSeconds)>(StringComparer.Ordinal);
        foreach (string tool in tools)
        {
            List<Page> set = SetFor(tool, pages);
            var scores = new Dictionary<string, Score>(StringComparer.Ordinal);
            foreach (Page page in set)
            {
                string textFile = Path.Combine(OutputFolder(work, tool), page.Stem + ".txt");
                string text = File.Exists(textFile) ? await File.ReadAllTextAsync(textFile) : string.Empty;
                Score score = TextDistance.Score(text, await File.ReadAllTextAsync(page.Truth));
                scores[page.Variant] = scores.GetValueOrDefault(page.Variant) + score;
            }

            results[tool] = (scores, Median(speeds[tool].Select(r => r.PagesPerMinute)), set.Count, speeds[tool].Max(r => r.PeakKib), Median(speeds[tool].Select(r => r.CpuSeconds)));
        }

        if (_worker is not null)
        {
            await _worker.DisposeAsync();
            _worker = null;
        }

        Console.WriteLine();
        Console.WriteLine(Table(pages, tools, results));
        return 0;
    }

    private static async Task<(long PeakKib, double CpuSeconds)> RunWorkerAsync(IReadOnlyList<(string Image, string Stem)> images, string output)
    {
        // Warmed on pages of the first chunk, untimed, so that every engine has loaded its model before the first timed batch.
        _worker ??= await StartedWorkerTool.StartAsync([.. images.Take(2 * Environment.ProcessorCount)]);
        return await _worker.RunAsync(images, output);
    }

    private static string OutputFolder(string work, string tool) => Path.Combine(work, tool.Replace(':', '-').Replace('+', '_'));

    private static Task<(long PeakKib, double CpuSeconds)> RunToolAsync(string tool, List<Page> set, string input, string output) => tool switch
    {
        _ when tool.StartsWith("sohoa", StringComparison.Ordinal) => RunSoHoaAsync(set, input, output, tool.Contains(':', StringComparison.Ordinal) ? tool.Split(':')[1] : "vie"),
        "process" => ProcessTool.RunAsync([.. set.Select(page => (Linked(input, page), page.Stem))], output),
        "worker" => RunWorkerAsync([.. set.Select(page => (Linked(input, page), page.Stem))], output),
        "tesseract" => RunTwoAtATimeAsync(set, page => ("tesseract", [Linked(input, page), Path.Combine(output, page.Stem), "-l", "vie"])),
        "ocrmypdf" => RunTwoAtATimeAsync(set, page => ("ocrmypdf", ["-l", "vie", "--deskew", "--rotate-pages", "--jobs", "1", "--sidecar", Path.Combine(output, page.Stem + ".txt"), Linked(input, page), Path.Combine(output, page.Stem + ".pdf")])),
        _ => throw new ArgumentException($"Unknown tool '{tool}'; known: {string.Join(", ", AllTools)}."),
    };

    private static string Table(List<Page> pages, string[] tools, Dictionary<string, (Dictionary<string, Score> Scores, double PagesPerMinute, int Pages, long PeakKib, double CpuSeconds)> results)
    {
        var table = new StringBuilder();
        table.Append("| variant |");
        foreach (string tool in tools)
        {
            table.Append(CultureInfo.InvariantCulture, $" {tool} CER | {tool} WER |");
        }

        table.AppendLine().Append("|---|").AppendLine(string.Concat(Enumerable.Repeat("---:|---:|", tools.Length)));
        foreach (string variant in pages.Select(p => p.Variant).Distinct())
        {
            table.Append(CultureInfo.InvariantCulture, $"| {variant} |");
            foreach (string tool in tools)
            {
                Score s = results[tool].Scores.GetValueOrDefault(variant);
                table.Append(s.TruthChars == 0 && s.OutputChars >= 0 && variant == "blank"
                    ? $" {s.OutputChars} chars out | |"
                    : $" {Percent(s.Cer)} | {Percent(s.Wer)} |");
            }

            table.AppendLine();
        }

        table.Append("| **all text pages** |");
        foreach (string tool in tools)
        {
            Score all = results[tool].Scores.Where(kv => kv.Key != "blank").Aggregate(default(Score), (a, kv) => a + kv.Value);
            table.Append(CultureInfo.InvariantCulture, $" **{Percent(all.Cer)}** | **{Percent(all.Wer)}** |");
        }

        table.AppendLine().Append("| pages per minute |");
        foreach (string tool in tools)
        {
            table.Append(CultureInfo.InvariantCulture, $" {results[tool].PagesPerMinute:0.0} ({results[tool].Pages} pages) | |");
        }

        table.AppendLine().Append("| CPU seconds a page (user+sys) |");
        foreach (string tool in tools)
        {
            table.Append(CultureInfo.InvariantCulture, $" {results[tool].CpuSeconds / results[tool].Pages:0.00} | |");
        }

        table.AppendLine().Append("| pages per minute if 2 cores were free (120 / CPU-s a page) |");
        foreach (string tool in tools)
        {
            table.Append(CultureInfo.InvariantCulture, $" {120 / (results[tool].CpuSeconds / results[tool].Pages):0.0} | |");
        }

        table.AppendLine().Append("| peak memory (one process) |");
        foreach (string tool in tools)
        {
            table.Append(CultureInfo.InvariantCulture, $" {results[tool].PeakKib / 1024.0:0} MiB | |");
        }

        return table.AppendLine().ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Percent(double value) => double.IsNaN(value) ? "-" : (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Linked(string input, Page page) => Path.Combine(input, page.Stem + Path.GetExtension(page.Image));

    /// <summary>One <c>sohoa ocr</c> process for every page: its engines load once, one per core.</summary>
    private static async Task<(long PeakKib, double CpuSeconds)> RunSoHoaAsync(List<Page> set, string input, string output, string languages)
    {
        string cli = typeof(OcrComparison).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "SoHoaCliPath").Value!;
        var arguments = new List<string> { cli, "ocr", "--out", output, "--languages", languages };
        arguments.AddRange(set.Select(page => Linked(input, page)));
        (int exit, string error, long peak, double cpu) = await ToolRunner.RunAsync("dotnet", arguments);
        if (exit != 0)
        {
            Console.Error.WriteLine($"sohoa ocr exited with {exit}: {error}");
        }

        return (peak, cpu);
    }

    /// <summary>Two processes at a time, one page each, with OpenMP held to one thread so two processes fill two cores without oversubscribing.</summary>
    private static async Task<(long PeakKib, double CpuSeconds)> RunTwoAtATimeAsync(List<Page> set, Func<Page, (string Tool, string[] Arguments)> command)
    {
        long peak = 0;
        long cpuMilliseconds = 0;
        var environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };
        await Parallel.ForEachAsync(set, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (page, _) =>
        {
            (string tool, string[] arguments) = command(page);
            (int exit, string error, long kib, double cpu) = await ToolRunner.RunAsync(tool, arguments, environment);
            Interlocked.Add(ref cpuMilliseconds, (long)(cpu * 1000));
            if (exit != 0)
            {
                Console.Error.WriteLine($"{tool} {page.Stem} exited with {exit}: {error.Trim().Split('\n')[^1]}");
            }

            InterlockedMax(ref peak, kib);
        });
        return (peak, cpuMilliseconds / 1000.0);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref target);
            if (value <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref target, value, seen) != seen);
    }

    private static async Task<List<Page>> LoadAsync(string corpus, int perVariant, int blanks, string work)
    {
        var pages = new List<Page>();
        foreach (string directory in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            string variant = Path.GetFileName(directory);
            if (variant == "truth")
            {
                continue;
            }

            foreach (string image in Directory.GetFiles(directory).Order(StringComparer.Ordinal).Take(perVariant))
            {
                string id = Path.GetFileNameWithoutExtension(image);
                pages.Add(new Page(variant, id, image, Path.Combine(corpus, "truth", id + ".gt.txt")));
            }
        }

        // Blank backs of sheets: white with faint grey dust, as the generator's sample batch makes them; their truth is empty.
        string blankDir = Path.Combine(work, "blank");
        Directory.CreateDirectory(blankDir);
        string emptyTruth = Path.Combine(blankDir, "empty.gt.txt");
        await File.WriteAllTextAsync(emptyTruth, string.Empty);
        for (int i = 1; i <= blanks; i++)
        {
            string image = Path.Combine(blankDir, $"b{i:000}.png");
            if (!File.Exists(image))
            {
                (int exit, string error, _, _) = await ToolRunner.RunAsync("/usr/bin/convert", ["-size", "2480x3508", "xc:white", "-seed", i.ToString(CultureInfo.InvariantCulture), "-attenuate", "0.02", "+noise", "Impulse", "+level", "60%,100%", "-colorspace", "Gray", "-depth", "8", "-units", "PixelsPerInch", "-density", "300", image]);
                if (exit != 0)
                {
                    throw new InvalidOperationException($"ImageMagick could not make a blank page (apt-get install imagemagick): {error}");
                }
            }

            pages.Add(new Page("blank", $"b{i:000}", image, emptyTruth));
        }

        return pages;
    }

    private static string Machine()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        return $"{cpu}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}

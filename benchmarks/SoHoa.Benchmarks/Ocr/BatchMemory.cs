using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>
/// <c>process-memory --corpus DIR [--pages 60,250,1000] [--work DIR]</c>: whether <c>sohoa process</c> stays flat in
/// memory as batches grow (issue 15: at most 300 MB at 1,000 pages, no growth with the batch's size). For each size it
/// makes one batch of that many pages, taken in turn from every variant of the corpus, in documents of 1 to 4 pages
/// (one dossier of a citizen for every 10 documents), runs <c>sohoa process</c> end to end (cleanup, OCR, PDF/A, B-B
/// signature, folder store) under GNU time, and reports its peak resident memory, CPU time and pages a minute.
/// </summary>
internal static class BatchMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        string corpus = CommandLine.Option(args, "--corpus") ?? throw new ArgumentException("--corpus DIR (made by the test-data generator's `corpus` command) is required.");
        int[] sizes = (CommandLine.Option(args, "--pages") ?? "60,250,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string work = CommandLine.Option(args, "--work") ?? Directory.CreateTempSubdirectory("sohoa-batch-memory-").FullName;
        string[] pages = CorpusPages(corpus);
        if (pages.Length == 0)
        {
            Console.Error.WriteLine($"No page images under {corpus}.");
            return 2;
        }

        ProcessTool.Prepare();
        Console.WriteLine($"corpus: {pages.Length} page images; OMP_THREAD_LIMIT={Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT") ?? "(unset)"}");
        foreach (int size in sizes)
        {
            string root = Path.Combine(work, $"pages-{size}");
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            (string batch, int documents) = WriteBatch(Path.Combine(root, "batch"), pages, size);
            long start = Stopwatch.GetTimestamp();
            (long peakKib, double cpu) = await ProcessTool.ProcessAsync(batch, Path.Combine(root, "store"), Path.Combine(root, "home"));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            int stored = Directory.GetFiles(Path.Combine(root, "store"), "*.pdf", SearchOption.AllDirectories).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,5} pages, {documents,4} documents ({stored} stored): peak resident {peakKib / 1024.0:0} MiB; {seconds:0.0} s wall, {cpu:0.0} CPU-s ({cpu / size:0.00} a page); {size / seconds * 60:0.0} pages a minute"));
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    /// <summary>The corpus's page images, taken in turn from every variant (first pages of each, then the second…).</summary>
    internal static string[] CorpusPages(string corpus) =>
        Directory.GetDirectories(corpus).Order(StringComparer.Ordinal)
            .Select(variant => Directory.GetFiles(variant).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".jpg", StringComparison.Ordinal) || f.EndsWith(".tif", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray())
            .Where(files => files.Length > 0)
            .SelectMany(files => files.Select((file, i) => (file, i)))
            .OrderBy(p => p.i).Select(p => p.file)
            .ToArray();

    /// <summary>
    /// Copies <paramref name="size"/> pages, from page <paramref name="first"/> of <paramref name="pages"/> on, into a batch of
    /// documents of 1, 2, 3, 4, 1… pages, ten documents a dossier; batch <paramref name="number"/> has dossiers of its own.
    /// </summary>
    internal static (string Batch, int Documents) WriteBatch(string batch, string[] pages, int size, int first = 0, int number = 0)
    {
        Directory.CreateDirectory(batch);
        var dossiers = new List<string>();
        var documents = new List<string>();
        int page = 0, document = 0;
        while (page < size)
        {
            int count = Math.Min(1 + (document % 4), size - page);
            var files = new List<string>();
            for (int i = 0; i < count; i++, page++)
            {
                string source = pages[(first + page) % pages.Length];
                string file = $"d{document:D4}-p{i + 1}{Path.GetExtension(source)}";
                File.Copy(source, Path.Combine(batch, file));
                files.Add(JsonSerializer.Serialize(file));
            }

            documents.Add($$"""{ "kind": "dossier-receipt", "role": "input", "files": [{{string.Join(", ", files)}}] }""");
            document++;
            if (documents.Count == 10 || page == size)
            {
                int dossier = (number * 100) + dossiers.Count + 1;
                dossiers.Add($$"""
                    { "dossierCode": "000.00.01.H12-261204-{{dossier:D4}}", "procedureCode": "1.001612", "applicant": { "personalId": "0930900{{dossier:D5}}" },
                      "documents": [ {{string.Join(", ", documents)}} ] }
                    """);
                documents.Clear();
            }
        }

        var manifest = new StringBuilder();
        manifest.Append(CultureInfo.InvariantCulture, $$"""
            { "schema": "sohoa.batch/v1", "batchId": "MEM-{{size}}-{{Guid.NewGuid():N}}", "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
              "dossiers": [ {{string.Join(", ", dossiers)}} ] }
            """);
        File.WriteAllText(Path.Combine(batch, "batch.json"), manifest.ToString());
        return (batch, document);
    }
}

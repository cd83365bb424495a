using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoHoa.Extraction;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pipeline;
using static SoHoa.Benchmarks.CommandLine;

namespace SoHoa.Benchmarks.Extraction;

/// <summary>
/// <c>fields --corpus DIR [--variants a,b] [--work DIR]</c>: reads every document of a corpus made by
/// <c>testdata/Generator corpus</c> in every variant with the pipeline's own cleanup and OCR (<see cref="PageReader"/>),
/// extracts its fields with <see cref="FieldExtractor"/>, and compares each with the generator's ground truth (exact,
/// after NFC). Prints, per variant and per field, how many are right, wrong and missing, and how many wrong values
/// reached <see cref="FieldExtractor.HighConfidence"/>. OCR results are kept in the work folder, so a second run over
/// the same corpus re-runs extraction only.
/// </summary>
internal static class FieldAccuracy
{
    /// <summary>The fields compared, and where the truth of each is in a document's <c>.fields.json</c>.</summary>
    private static readonly (string Field, Func<JsonNode, string?> Truth)[] Fields =
    [
        ("personalId", t => t["fields"]?["personalId"]?.GetValue<string>()),
        ("fullName", t => t["fields"]?["fullName"]?.GetValue<string>()),
        ("dateOfBirth", t => t["fields"]?["dateOfBirth"]?.GetValue<string>()),
        ("documentNumber", t => t["fields"]?["documentNumber"]?.GetValue<string>()),
        ("issuePlace", t => t["fields"]?["issuePlace"]?.GetValue<string>()),
        ("issuedOn", t => t["issuedOn"]?.GetValue<string>()),
        ("dossierCode", t => t["fields"]?["dossierCode"]?.GetValue<string>()),
    ];

    private sealed record Outcome(string Variant, string Kind, string Field, string? Truth, ExtractedField? Found)
    {
        public bool Right => Truth is not null && Found is not null && string.Equals(Norm(Truth), Norm(Found.Value), StringComparison.Ordinal);

        public bool Wrong => Found is not null && !Right;

        public bool Missing => Truth is not null && Found is null;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? corpus = Option(args, "--corpus");
        if (corpus is null || !File.Exists(Path.Combine(corpus, "corpus.json")))
        {
            Console.Error.WriteLine("usage: SoHoa.Benchmarks fields --corpus DIR [--variants a,b] [--work DIR] [--list-wrong]");
            Console.Error.WriteLine("DIR comes from: dotnet run -c Release --project testdata/Generator -- corpus --pages 16 --out DIR");
            return 2;
        }

        JsonNode index = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(corpus, "corpus.json")))!;
        string[] variants = Option(args, "--variants")?.Split(',') ?? [.. index["variants"]!.AsArray().Select(v => v!["name"]!.GetValue<string>())];
        string work = Option(args, "--work") ?? Directory.CreateTempSubdirectory("sohoa-fields-bench-").FullName;
        var pages = index["pages"]!.AsArray().Select(p => p!).ToList();
        var documents = pages.GroupBy(p => p["document"]!.GetValue<string>()).ToList();
        Console.WriteLine($"Corpus {corpus}: {documents.Count} documents, {pages.Count} pages, {variants.Length} variants; work folder {work}");

        var stopwatch = Stopwatch.StartNew();
        var ocr = new OcrOptions();
        using var pool = new TesseractEnginePool(ocr);
        var reader = new PageReader(new PageDecoder(new ImagingOptions()), pool);
        var jobs = variants.SelectMany(v => pages.Select(p => (Variant: v, Page: p))).ToList();
        int recognized = 0;
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = ocr.EngineCount }, async (job, ct) =>
        {
            if (await OcrOfAsync(reader, corpus, work, job.Variant, job.Page, ct) is not null)
            {
                Interlocked.Increment(ref recognized);
            }
        });
        Console.WriteLine($"OCR: {recognized} pages ready in {stopwatch.Elapsed.TotalSeconds:0} s (cached in {work})");

        var outcomes = new List<Outcome>();
        foreach (string variant in variants)
        {
            foreach (var document in documents)
            {
                JsonNode truth = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(corpus, document.First()["fields"]!.GetValue<string>())))!;
                string kind = truth["kind"]!.GetValue<string>();
                var ocrPages = new List<OcrPage?>();
                foreach (JsonNode page in document.OrderBy(p => p["page"]!.GetValue<int>()))
                {
                    ocrPages.Add(await OcrOfAsync(reader, corpus, work, variant, page, CancellationToken.None));
                }

                DocumentFields found = FieldExtractor.Extract(ocrPages, kind);
                var byName = found.Found().ToDictionary(f => f.Name, f => f.Field, StringComparer.Ordinal);
                foreach ((string field, Func<JsonNode, string?> truthOf) in Fields)
                {
                    string? expected = truthOf(truth);
                    byName.TryGetValue(field, out ExtractedField? value);
                    if (expected is not null || value is not null)
                    {
                        outcomes.Add(new Outcome(variant, kind, field, expected, value));
                        if (value is not null && (expected is null || !string.Equals(Norm(expected), Norm(value.Value), StringComparison.Ordinal)) && args.Contains("--list-wrong"))
                        {
                            Console.WriteLine($"  wrong: {variant} {document.Key} {kind} {field}: found '{value.Value}' ({value.Confidence:0.000}, {value.Rule}), truth '{expected}'");
                        }
                        else if (value is null && args.Contains("--list-wrong"))
                        {
                            Console.WriteLine($"  missing: {variant} {document.Key} {kind} {field}: truth '{expected}'");
                        }
                    }
                }
            }
        }

        Print(outcomes, variants);
        return 0;
    }

    private static void Print(List<Outcome> outcomes, string[] variants)
    {
        string[] fields = [.. Fields.Select(f => f.Field).Where(f => outcomes.Any(o => o.Field == f))];
        Console.WriteLine();
        Console.WriteLine($"| variant | {string.Join(" | ", fields)} | all fields | wrong | missing | wrong with confidence ≥ {FieldExtractor.HighConfidence:0.00} |");
        Console.WriteLine($"|---|{string.Concat(fields.Select(_ => "---:|"))}---:|---:|---:|---:|");
        foreach (string variant in variants.Append("all"))
        {
            var rows = outcomes.Where(o => variant == "all" || o.Variant == variant).ToList();
            var cells = fields.Select(f => Rate(rows.Where(o => o.Field == f).ToList()));
            Console.WriteLine($"| {variant} | {string.Join(" | ", cells)} | {Rate(rows)} | {rows.Count(o => o.Wrong)} | {rows.Count(o => o.Missing)} | {rows.Count(o => o.Wrong && o.Found!.Confidence >= FieldExtractor.HighConfidence)} |");
        }

        Console.WriteLine();
        Console.WriteLine("Confidence of the values found (for calibrating the high threshold):");
        foreach (string field in fields)
        {
            var found = outcomes.Where(o => o.Field == field && o.Found is not null).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {field}: {found.Count(o => o.Right && o.Found!.Confidence >= FieldExtractor.HighConfidence)} of {found.Count(o => o.Right)} right values high; wrong values' highest confidence {(found.Any(o => o.Wrong) ? found.Where(o => o.Wrong).Max(o => o.Found!.Confidence).ToString("0.000", CultureInfo.InvariantCulture) : "–")}"));
        }

        var right = outcomes.Where(o => o.Right).Select(o => o.Found!.Confidence).Order().ToArray();
        var wrong = outcomes.Where(o => o.Wrong).Select(o => o.Found!.Confidence).OrderDescending().ToArray();
        Console.WriteLine($"  right: {right.Length}, {right.Count(c => c >= FieldExtractor.HighConfidence)} at or above {FieldExtractor.HighConfidence:0.00}; lowest {(right.Length > 0 ? right[0] : 0):0.000}");
        Console.WriteLine($"  wrong: {wrong.Length}; highest confidences {string.Join(", ", wrong.Take(10).Select(c => c.ToString("0.000", CultureInfo.InvariantCulture)))}");
    }

    private static string Rate(List<Outcome> rows)
    {
        int expected = rows.Count(o => o.Truth is not null);
        return expected == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * rows.Count(o => o.Right) / expected:0.0}% ({rows.Count(o => o.Right)}/{expected})");
    }

    private static string Norm(string value) => value.Normalize(NormalizationForm.FormC);

    /// <summary>The OCR of one page of one variant, from the work folder when it was read before; null for a blank page.</summary>
    private static async Task<OcrPage?> OcrOfAsync(PageReader reader, string corpus, string work, string variant, JsonNode page, CancellationToken cancellationToken)
    {
        string id = page["id"]!.GetValue<string>();
        string cache = Path.Combine(work, variant, id + ".ocr.json");
        if (File.Exists(cache))
        {
            return JsonSerializer.Deserialize<OcrPage?>(await File.ReadAllBytesAsync(cache, cancellationToken));
        }

        string file = Path.Combine(corpus, page["files"]![variant]!.GetValue<string>());
        IReadOnlyList<ReadPage> read = await reader.ReadAsync(await File.ReadAllBytesAsync(file, cancellationToken), Path.GetFileName(file), cancellationToken);
        OcrPage? text = read.Single().Text;
        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        await File.WriteAllBytesAsync(cache, JsonSerializer.SerializeToUtf8Bytes(text), cancellationToken);
        return text;
    }
}

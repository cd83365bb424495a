using System.CommandLine;
using System.Text;
using System.Text.Json;
using SoHoa.Extraction;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pipeline;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa ocr &lt;image&gt;... --out &lt;dir&gt;</c>: the same cleanup and OCR as <c>process</c>, for images on their own.</summary>
internal static class OcrCommand
{
    public static Command Create()
    {
        var images = new Argument<FileInfo[]>("image") { Description = "PNG, JPEG or (multi-page) TIFF files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write <stem>.txt (page text, NFC) and <stem>.json (words, boxes, confidences).", Required = true };
        var languages = new Option<string>("--languages", "-l") { Description = "Tesseract languages joined by '+'.", DefaultValueFactory = _ => "vie" };
        var kind = new Option<string?>("--kind") { Description = "The document kind of every file (birth-certificate, decision, dossier-receipt, business-registration), for reading its fields; without it, every kind's labels are tried." };
        var command = new Command("ocr", "Recognize the text of page images with the same cleanup and OCR as process.")
        {
            images, output, languages, kind,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(images)!, parse.GetValue(output)!, parse.GetValue(languages)!, parse.GetValue(kind), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo[] images, DirectoryInfo output, string languages, string? kind, CancellationToken cancellationToken)
    {
        var ocrOptions = new OcrOptions { Languages = languages };
        var imaging = new ImagingOptions();
        try
        {
            var options = new SoHoaOptions { StoreDirectory = "-", Ocr = ocrOptions, Imaging = imaging };
            options.ThrowIfInvalid();
        }
        catch (SoHoaException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Of(ex);
        }

        output.Create();
        using var pool = new TesseractEnginePool(ocrOptions);
        var reader = new PageReader(new PageDecoder(imaging), pool);
        int failures = 0;
        // One file per engine at a time: decoding ahead of the engines would only hold more pages in memory.
        await Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = ocrOptions.EngineCount, CancellationToken = cancellationToken }, async (image, ct) =>
        {
            try
            {
                byte[] bytes = await ReadCheckedAsync(image, imaging, ct);
                IReadOnlyList<ReadPage> results = await reader.ReadAsync(bytes, image.Name, ct);

                string stem = Path.Combine(output.FullName, Path.GetFileNameWithoutExtension(image.Name));
                string text = string.Join("\n\f", results.Select(r => r.Text?.Text ?? string.Empty)) + "\n";
                await File.WriteAllTextAsync(stem + ".txt", text, new UTF8Encoding(false), ct);
                await File.WriteAllBytesAsync(stem + ".json", JsonSerializer.SerializeToUtf8Bytes(ToJson(image.Name, results, kind), BatchResultJson.Options), ct);
                ReadPage[] withText = results.Where(r => r.Text is not null).ToArray();
                Console.WriteLine($"{image.Name}: {results.Count} page(s), {results.Count - withText.Length} blank, mean confidence {(withText.Length == 0 ? 0 : withText.Average(r => r.Text!.MeanConfidence)):0.0} -> {stem}.txt");
            }
            catch (SoHoaException ex)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"error: {image.Name}: {ex.Message}");
            }
        });
        return failures == 0 ? ExitCodes.Success : ExitCodes.Incomplete;
    }

    /// <summary>Reads a file with the same size check the decoder applies to batch files, before any byte reaches native code.</summary>
    private static async Task<byte[]> ReadCheckedAsync(FileInfo image, ImagingOptions imaging, CancellationToken cancellationToken)
    {
        if (!image.Exists)
        {
            throw new InvalidPageException(InputRules.FileMissing, $"'{image.Name}' does not exist.");
        }

        if (image.Length > imaging.MaxFileBytes)
        {
            throw new InvalidPageException(InputRules.FileSize, $"'{image.Name}' has {image.Length:N0} bytes, more than the limit of {imaging.MaxFileBytes:N0}.");
        }

        return await File.ReadAllBytesAsync(image.FullName, cancellationToken);
    }

    private static object ToJson(string file, IReadOnlyList<ReadPage> pages, string? kind) => new
    {
        schema = "sohoa.ocr/v1",
        file,

        // Issue 12: the file's pages read as one document; a field not found is absent.
        kind,
        fields = FieldExtractor.Extract([.. pages.Select(p => p.Text)], kind),
        pages = pages.Select((p, i) => new
        {
            number = i + 1,
            p.Page.Width,
            p.Page.Height,
            p.Page.Dpi,
            p.Page.DpiEstimated,
            blank = p.Page.IsBlank,
            rotation = p.Page.Cleanup.RotationDegrees,
            skew = Math.Round(p.Page.Cleanup.SkewDegrees, 2),
            ocrDpi = p.Page.Cleanup.OcrDpi,
            meanConfidence = p.Text?.MeanConfidence ?? 0,
            lowConfidence = p.Text?.IsLowConfidence ?? false,
            text = p.Text?.Text ?? string.Empty,
            lines = (p.Text?.Lines ?? []).Select(l => new
            {
                l.Text,
                l.Block,
                box = new[] { l.Box.Left, l.Box.Top, l.Box.Right, l.Box.Bottom },
                words = l.Words.Select(w => new { w.Text, box = new[] { w.Box.Left, w.Box.Top, w.Box.Right, w.Box.Bottom }, w.Confidence }),
            }),
        }),
    };
}

using System.CommandLine;
using System.Text;
using System.Text.Json;
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
        var command = new Command("ocr", "Recognize the text of page images with the same cleanup and OCR as process.")
        {
            images, output, languages,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(images)!, parse.GetValue(output)!, parse.GetValue(languages)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo[] images, DirectoryInfo output, string languages, CancellationToken cancellationToken)
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
        var decoder = new PageDecoder(imaging);
        using var pool = new TesseractEnginePool(ocrOptions);
        int failures = 0;
        var work = images.Select(async image =>
        {
            try
            {
                IReadOnlyList<CleanPage> pages = await decoder.DecodeFileAsync(image.FullName, image.Name, cancellationToken);
                var results = new List<(CleanPage Page, OcrPage Text)>();
                foreach (CleanPage page in pages)
                {
                    using (page)
                    {
                        results.Add((page, await pool.RecognizeAsync(page, cancellationToken)));
                    }
                }

                string stem = Path.Combine(output.FullName, Path.GetFileNameWithoutExtension(image.Name));
                string text = string.Join("\n\f", results.Select(r => r.Text.Text)) + "\n";
                await File.WriteAllTextAsync(stem + ".txt", text, new UTF8Encoding(false), cancellationToken);
                await File.WriteAllBytesAsync(stem + ".json", JsonSerializer.SerializeToUtf8Bytes(ToJson(image.Name, results), BatchResultJson.Options), cancellationToken);
                Console.WriteLine($"{image.Name}: {results.Count} page(s), mean confidence {(results.Count == 0 ? 0 : results.Average(r => r.Text.MeanConfidence)):0.0} -> {stem}.txt");
            }
            catch (SoHoaException ex)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"error: {image.Name}: {ex.Message}");
            }
        });
        await Task.WhenAll(work);
        return failures == 0 ? ExitCodes.Success : ExitCodes.Incomplete;
    }

    private static object ToJson(string file, List<(CleanPage Page, OcrPage Text)> pages) => new
    {
        schema = "sohoa.ocr/v1",
        file,
        pages = pages.Select((p, i) => new
        {
            number = i + 1,
            p.Page.Width,
            p.Page.Height,
            p.Page.Dpi,
            p.Page.DpiEstimated,
            p.Text.MeanConfidence,
            lowConfidence = p.Text.IsLowConfidence,
            text = p.Text.Text,
            lines = p.Text.Lines.Select(l => new
            {
                l.Text,
                l.Block,
                box = new[] { l.Box.Left, l.Box.Top, l.Box.Right, l.Box.Bottom },
                words = l.Words.Select(w => new { w.Text, box = new[] { w.Box.Left, w.Box.Top, w.Box.Right, w.Box.Bottom }, w.Confidence }),
            }),
        }),
    };
}

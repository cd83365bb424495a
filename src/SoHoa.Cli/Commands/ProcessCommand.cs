using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa process &lt;batch-dir&gt;</c>: digitize, sign and store a scan batch.</summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var batch = new Argument<DirectoryInfo>("batch-dir") { Description = "The batch folder: batch.json (schema sohoa.batch/v1) and the page files it names." };
        var store = new Option<string?>("--store") { Description = "The document store folder (default: the store under the user's SoHoa data folder)." };
        var cert = new Option<FileInfo?>("--cert") { Description = $"A PKCS#12 (.pfx/.p12) signing certificate; its password is read from {CliEnvironment.CertificatePasswordVariable}. Without it a development certificate is used." };
        var json = new Option<bool>("--json") { Description = "Print the batch result (result.json, schema sohoa.batch-result/v1) instead of a summary." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log each document as it is processed." };
        var signing = new SigningOptions();
        var command = new Command("process", "Digitize a scan batch: OCR every page, compose a searchable PDF per document, sign it (PAdES), store it with its sidecar, and write result.json.")
        {
            batch, store, cert, json, verbose,
        };
        signing.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            if (signing.CreateOrReport(parse, http) is not { } signerOptions)
            {
                return ExitCodes.Usage;
            }

            return await RunAsync(parse.GetValue(batch)!, parse.GetValue(store) ?? CliEnvironment.DefaultStore, parse.GetValue(cert), parse.GetValue(json), parse.GetValue(verbose), signerOptions, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo batch, string store, FileInfo? cert, bool json, bool verbose, PadesSignerOptions signerOptions, CancellationToken cancellationToken)
    {
        try
        {
            using CertificateKey key = CliEnvironment.LoadSigningKey(cert?.FullName, Console.Error);
            var services = new ServiceCollection()
                .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
                    .AddFilter((category, level) => verbose || level >= LogLevel.Error))
                .AddSingleton<ISignatureKey>(key)
                .AddSingleton(signerOptions)
                .AddSoHoa(o => o.StoreDirectory = store);
            await using ServiceProvider provider = services.BuildServiceProvider();
            DigitizationPipeline pipeline = provider.GetRequiredService<DigitizationPipeline>();
            BatchResult result = await pipeline.ProcessBatchAsync(batch.FullName, cancellationToken);
            var folderStore = provider.GetRequiredService<FolderDocumentStore>();
            string resultPath = await BatchResultJson.WriteAsync(result, Path.Combine(folderStore.Root, "batches", SafeName(result.BatchId)), cancellationToken);

            if (json)
            {
                await using Stream stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(BatchResultJson.Serialize(result), cancellationToken);
                Console.WriteLine();
            }
            else
            {
                PrintSummary(result, folderStore.Root, resultPath);
            }

            return result.Count(DocumentStatus.Rejected) + result.Count(DocumentStatus.Failed) + result.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Incomplete;
        }
        catch (SoHoaException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Of(ex);
        }
    }

    private static void PrintSummary(BatchResult result, string storeRoot, string resultPath)
    {
        Console.WriteLine($"Batch {result.BatchId}: {result.Count(DocumentStatus.Stored)} stored, {result.Count(DocumentStatus.AlreadyStored)} already stored, " +
            $"{result.Count(DocumentStatus.Rejected)} rejected, {result.Count(DocumentStatus.Failed)} failed ({(result.FinishedAt - result.StartedAt).TotalSeconds:0.0} s).");
        foreach (DocumentResult document in result.Documents)
        {
            string where = document.PdfPath is null ? string.Empty : " -> " + Path.Combine(storeRoot, document.PdfPath);
            string review = document.LowConfidencePages.Count > 0 ? $" (review OCR of pages {string.Join(", ", document.LowConfidencePages)})" : string.Empty;
            Console.WriteLine($"  {Label(document.Status),-14} {document.DossierCode} #{document.DocumentIndex} {document.Kind}{where}{review}");
            foreach (Batches.InputProblem problem in document.Problems)
            {
                Console.WriteLine($"                 {problem}");
            }
        }

        foreach (Batches.InputProblem problem in result.Problems)
        {
            Console.WriteLine($"  problem        {problem}");
        }

        Console.WriteLine($"Store: {storeRoot}");
        Console.WriteLine($"Result: {resultPath}");
    }

    private static string Label(DocumentStatus status) => status switch
    {
        DocumentStatus.Stored => "stored",
        DocumentStatus.AlreadyStored => "already-stored",
        DocumentStatus.Rejected => "REJECTED",
        _ => "FAILED",
    };

    private static string SafeName(string batchId) =>
        string.Concat(batchId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).TrimStart('.') is { Length: > 0 } name ? name : "batch";
}

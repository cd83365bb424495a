using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoHoa.Pipeline;
using SoHoa.Reporting;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa process &lt;batch-dir&gt;</c>: digitize, sign and store a scan batch.</summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var batch = new Argument<DirectoryInfo>("batch-dir") { Description = "The batch folder: batch.json (schema sohoa.batch/v1) and the page files it names." };
        var json = new Option<bool>("--json") { Description = "Print the batch result (result.json, schema sohoa.batch-result/v1) instead of a summary." };
        var pipeline = new PipelineCommandOptions();
        var command = new Command(
            "process",
            "Digitize a scan batch: OCR every page, compose a searchable PDF per document, sign it (PAdES: the officer, then the agency seal when --seal-cert is given), " +
            "store it with its sidecar, and write result.json. A PDF that arrives already signed is kept byte for byte: its signatures are verified against --trust, " +
            "its text is read by OCR of a copy of its page images, and SoHoa's signatures are appended after it.")
        {
            batch, json,
        };
        pipeline.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using PipelineSetup? setup = pipeline.Parse(parse, http);
            return setup is null ? ExitCodes.Usage : await RunAsync(parse.GetValue(batch)!, setup, parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo batch, PipelineSetup setup, bool json, CancellationToken cancellationToken)
    {
        try
        {
            var services = new ServiceCollection()
                // Logs go to stderr, so that --json prints nothing but the result on stdout.
                .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .SetMinimumLevel(setup.Verbose ? LogLevel.Information : LogLevel.Warning)
                    .AddFilter((category, level) => setup.Verbose || level >= LogLevel.Error));
            setup.AddServices(services);
            await using ServiceProvider provider = services.BuildServiceProvider();
            DigitizationPipeline pipeline = provider.GetRequiredService<DigitizationPipeline>();
            BatchResult result = await ProgressLine.RunAsync(progress => pipeline.ProcessBatchAsync(batch.FullName, progress, cancellationToken));
            var store = provider.GetRequiredService<IDocumentStore>();
            string resultPath = DocumentPaths.BatchResult(result.BatchId);
            await store.WriteAsync(resultPath, BatchResultJson.Serialize(result), cancellationToken);

            // The report's ledger is written in the same step as result.json; recording the batch again counts it once.
            if ((provider.GetService<IReportLedger>() ?? ReportLedgers.ForStore(store)) is { } ledger)
            {
                await ledger.RecordBatchAsync(result, batch.FullName, store, setup.Level, cancellationToken);
            }

            if (json)
            {
                await using Stream stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(BatchResultJson.Serialize(result), cancellationToken);
                Console.WriteLine();
            }
            else
            {
                PrintSummary(result, store.Location, resultPath);
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
            $"{result.Count(DocumentStatus.Rejected)} rejected, {result.Count(DocumentStatus.Failed)} failed, {result.Flagged} flagged, " +
            $"{result.Documents.Count(d => d.Review.Count > 0)} to review against the manifest ({(result.FinishedAt - result.StartedAt).TotalSeconds:0.0} s).");
        foreach (DocumentResult document in result.Documents)
        {
            string where = document.PdfPath is null ? string.Empty : " -> " + StorePath(storeRoot, document.PdfPath);
            string review = document.LowConfidencePages.Count > 0 ? $" (review OCR of pages {string.Join(", ", document.LowConfidencePages)})" : string.Empty;
            Console.WriteLine($"  {Label(document.Status),-14} {document.DossierCode} #{document.DocumentIndex} {document.Kind}{where}{review}");
            if (document.SignedInput is { } signedInput)
            {
                Console.WriteLine($"                 {signedInput.File} arrived signed and is kept byte for byte: {signedInput.Signatures.Count} signature(s), " +
                    (signedInput.Valid ? "all valid" : "FLAGGED: " + string.Join("; ", signedInput.Problems.Concat(signedInput.Signatures.SelectMany(s => s.Problems)).Where(p => p.IsError).Select(p => p.Code).Distinct())) +
                    (signedInput.Note is null ? string.Empty : ". " + signedInput.Note));
            }

            foreach (Extraction.FieldReview disagreement in document.Review)
            {
                Console.WriteLine($"                 review {disagreement.Field} (page {disagreement.Page}): the manifest says '{disagreement.Manifest}', the paper '{disagreement.Paper}'{(disagreement.Note is null ? string.Empty : $" ({disagreement.Note})")}");
            }

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
        Console.WriteLine($"Result: {StorePath(storeRoot, resultPath)}");
    }

    /// <summary>A store path as a person finds it: under the folder of a folder store, as it is in a blob container.</summary>
    private static string StorePath(string storeRoot, string path) => Directory.Exists(storeRoot) ? Path.Combine(storeRoot, path) : path;

    private static string Label(DocumentStatus status) => status switch
    {
        DocumentStatus.Stored => "stored",
        DocumentStatus.AlreadyStored => "already-stored",
        DocumentStatus.Rejected => "REJECTED",
        _ => "FAILED",
    };

}

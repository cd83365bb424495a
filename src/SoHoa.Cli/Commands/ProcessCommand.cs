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
        var store = new CliStore();
        var cert = new Option<FileInfo?>("--cert") { Description = $"A PKCS#12 (.pfx/.p12) signing certificate; its password is read from {CliEnvironment.CertificatePasswordVariable}. Without it a development certificate is used." };
        var sealCert = new Option<FileInfo?>("--seal-cert")
        {
            Description = $"The agency seal's PKCS#12 certificate; the seal signs each document after the officer. Its password is read from {CliEnvironment.SealPasswordVariable}.",
        };
        var json = new Option<bool>("--json") { Description = "Print the batch result (result.json, schema sohoa.batch-result/v1) instead of a summary." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log each document as it is processed." };
        var signing = new SigningOptions();
        var command = new Command(
            "process",
            "Digitize a scan batch: OCR every page, compose a searchable PDF per document, sign it (PAdES: the officer, then the agency seal when --seal-cert is given), " +
            "store it with its sidecar, and write result.json. A PDF that arrives already signed is kept byte for byte: its signatures are verified against --trust, " +
            "its text is read by OCR of a copy of its page images, and SoHoa's signatures are appended after it.")
        {
            batch, cert, sealCert, json, verbose,
        };
        store.AddTo(command);
        signing.AddTo(command);
        Option<string?> officerVisible = SigningOptions.AddVisible(command, "--officer-visible", "the scanning officer's");
        Option<string?> sealVisible = SigningOptions.AddVisible(command, "--seal-visible", "the agency seal's");

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var problems = new List<string>();
            var placement = new SignaturePlacementOptions
            {
                Officer = SigningOptions.ParseVisible(parse, officerVisible, problems),
                Seal = SigningOptions.ParseVisible(parse, sealVisible, problems),
            };
            if (placement.Seal is not null && parse.GetValue(sealCert) is null)
            {
                problems.Add("--seal-visible places the agency seal's signature, which needs --seal-cert <pfx>.");
            }

            problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
            if (signing.CreateOrReport(parse, http) is not { } signerOptions || problems.Count > 0)
            {
                return ExitCodes.Usage;
            }

            var run = new Run(parse.GetValue(batch)!, parse, store, parse.GetValue(cert), parse.GetValue(sealCert), placement, parse.GetValue(json), parse.GetValue(verbose));
            return await RunAsync(run, signerOptions, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(Run run, PadesSignerOptions signerOptions, CancellationToken cancellationToken)
    {
        try
        {
            using CertificateKey key = CliEnvironment.LoadSigningKey(run.Cert?.FullName, Console.Error);
            using CertificateKey? seal = run.SealCert is null ? null : CertificateKey.FromPkcs12(run.SealCert.FullName, KeyPasswords.FromEnvironment(CliEnvironment.SealPasswordVariable));
            var verifierOptions = new SignatureVerifierOptions();
            verifierOptions.TrustAnchors.AddRange(signerOptions.TrustAnchors);
            var services = new ServiceCollection()
                // Logs go to stderr, so that --json prints nothing but the result on stdout.
                .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .SetMinimumLevel(run.Verbose ? LogLevel.Information : LogLevel.Warning)
                    .AddFilter((category, level) => run.Verbose || level >= LogLevel.Error))
                .AddSingleton<ISignatureKey>(key)
                .AddSingleton(signerOptions)
                .AddSingleton(verifierOptions)
                .AddSingleton(run.Store.Open(run.Parse, mustExist: false))
                .AddSoHoa(o => o.Signing = run.Placement);
            if (seal is not null)
            {
                services.AddKeyedSingleton<ISignatureKey>(SoHoaServiceCollectionExtensions.SealKey, seal);
            }

            await using ServiceProvider provider = services.BuildServiceProvider();
            DigitizationPipeline pipeline = provider.GetRequiredService<DigitizationPipeline>();
            BatchResult result = await pipeline.ProcessBatchAsync(run.Batch.FullName, cancellationToken);
            var store = provider.GetRequiredService<IDocumentStore>();
            string resultPath = DocumentPaths.BatchResult(result.BatchId);
            await store.WriteAsync(resultPath, BatchResultJson.Serialize(result), cancellationToken);

            // The report's ledger is written in the same step as result.json; recording the batch again counts it once.
            if ((provider.GetService<IReportLedger>() ?? ReportLedgers.ForStore(store)) is { } ledger)
            {
                await ledger.RecordBatchAsync(result, run.Batch.FullName, store, signerOptions.Level.ToName(), cancellationToken);
            }

            if (run.Json)
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
            $"{result.Count(DocumentStatus.Rejected)} rejected, {result.Count(DocumentStatus.Failed)} failed, {result.Flagged} flagged ({(result.FinishedAt - result.StartedAt).TotalSeconds:0.0} s).");
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

    /// <summary>What one run of the command was asked to do.</summary>
    private sealed record Run(DirectoryInfo Batch, ParseResult Parse, CliStore Store, FileInfo? Cert, FileInfo? SealCert, SignaturePlacementOptions Placement, bool Json, bool Verbose);
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Pdf.Composition;
using SoHoa.Pipeline.Steps;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using SoHoa.Reuse;
using SoHoa.Storage;

namespace SoHoa.Pipeline;

/// <summary>
/// Digitizes a scan batch: validates it, then runs each document through its steps (docs/architecture.md): reuse an
/// earlier stored paper, or read its files, keep a PDF that arrives signed or born digital byte for byte, or decode,
/// clean and recognize its scans and compose a searchable PDF; then sign it and store it with its sidecar. A batch
/// is read through its <see cref="IBatchFiles"/>, so it may be a folder or a blob prefix. One bad document never
/// stops the others: each outcome is decided in one place (<see cref="DocumentOutcomes"/>). Thread-safe; one
/// instance serves any number of batches, at once too: the documents in flight are bounded over all of them by
/// <see cref="PipelineOptions.DocumentsInParallel"/>, so a worker can start its next batch while the last documents of
/// the current one finish, without more documents (and memory) in flight.
/// </summary>
public sealed class DigitizationPipeline
{
    private readonly IDocumentStep[] _steps;
    private readonly DocumentOutcomes _outcomes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PipelineOptions _options;
    private readonly SemaphoreSlim _documentSlots;

    /// <summary>Creates a pipeline from its stages.</summary>
    public DigitizationPipeline(
        PipelineOptions options,
        PageDecoder decoder,
        IPageRecognizer recognizer,
        SearchablePdfComposer composer,
        DocumentSigners signers,
        PdfSignatureVerifier verifier,
        IDocumentStore store,
        TimeProvider? timeProvider = null,
        ILogger<DigitizationPipeline>? logger = null,
        ReuseService? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid pipeline options: " + string.Join(" ", problems), nameof(options));
        }

        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(recognizer);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _documentSlots = new SemaphoreSlim(options.DocumentsInParallel, options.DocumentsInParallel);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _outcomes = new DocumentOutcomes(_logger);
        var reader = new PageReader(decoder, recognizer);

        // The order is the document's way through: each step reads what the ones before it wrote.
        _steps =
        [
            new ReuseStep(reuse, store, reader.Description, _time, _outcomes, _logger),
            new ReadFilesStep(decoder, store, _logger),
            new KeepPdfStep(reader, verifier, _time, _outcomes, _logger),
            new ReadPagesStep(reader, options.KeepBlankPages, _outcomes),
            new ComposeStep(composer, _time),
            new SignStep(signers),
            new StoreStep(store, reader.Description, _logger),
        ];
    }

    /// <summary>How many documents this pipeline processes at once, over every batch it is given.</summary>
    public int DocumentsInParallel => _options.DocumentsInParallel;

    /// <summary>Processes the batch in the folder <paramref name="batchDirectory"/>.</summary>
    public Task<BatchResult> ProcessBatchAsync(string batchDirectory, CancellationToken cancellationToken = default) =>
        ProcessBatchAsync(batchDirectory, null, cancellationToken);

    /// <summary>Processes the batch in the folder <paramref name="batchDirectory"/>, telling <paramref name="progress"/> as it goes (see the <see cref="IBatchFiles"/> overload).</summary>
    public Task<BatchResult> ProcessBatchAsync(string batchDirectory, IProgress<BatchProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchDirectory);
        return ProcessBatchAsync(new FolderBatchFiles(batchDirectory), progress, cancellationToken);
    }

    /// <summary>Processes the batch <paramref name="files"/> holds, telling <paramref name="progress"/> when its documents are known and as each finishes (from several threads, one report at a time).</summary>
    public async Task<BatchResult> ProcessBatchAsync(IBatchFiles files, IProgress<BatchProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        using Activity? activity = Telemetry.ActivitySource.StartActivity("sohoa.batch");
        DateTimeOffset started = _time.GetUtcNow();
        BatchPlan plan = await BatchLoader.LoadAsync(files, cancellationToken).ConfigureAwait(false);
        Log.BatchLoaded(_logger, plan.BatchId, plan.Jobs.Count, plan.Rejected.Count);
        activity?.SetTag("sohoa.batch_id", plan.BatchId);

        var results = new DocumentResult[plan.Jobs.Count];
        var tally = new BatchProgress(plan.BatchId, plan.Jobs.Count, 0, 0, 0, null);
        var gate = new Lock();
        progress?.Report(tally);
        await Parallel.ForEachAsync(
            LargestFirst(plan.Jobs),
            new ParallelOptions { MaxDegreeOfParallelism = _options.DocumentsInParallel, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                DocumentResult result;
                await _documentSlots.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    result = results[i] = await ProcessDocumentAsync(plan.Jobs[i], ct).ConfigureAwait(false);
                }
                finally
                {
                    _documentSlots.Release();
                }

                if (progress is not null)
                {
                    lock (gate)
                    {
                        tally = tally with
                        {
                            Finished = tally.Finished + 1,
                            Pages = tally.Pages + (result.PageCount ?? 0),
                            Failed = tally.Failed + (result.Status == DocumentStatus.Failed ? 1 : 0),
                            Last = result,
                        };
                        progress.Report(tally);
                    }
                }
            }).ConfigureAwait(false);

        var documents = new List<DocumentResult>(results);
        var problems = new List<InputProblem>();
        foreach (RejectedDocument rejected in plan.Rejected)
        {
            if (rejected.DocumentIndex is null)
            {
                problems.AddRange(rejected.Problems);
            }
            else
            {
                documents.Add(new DocumentResult(rejected.DossierCode, rejected.DocumentIndex, rejected.Kind, DocumentStatus.Rejected, null, null, null, [], rejected.Problems));
            }
        }

        DocumentResult[] ordered = documents
            .OrderBy(d => d.DossierCode, StringComparer.Ordinal)
            .ThenBy(d => d.DocumentIndex ?? -1)
            .ToArray();
        return new BatchResult(plan.BatchId, started, _time.GetUtcNow(), ordered, problems);
    }

    /// <summary>
    /// The order documents are started in: the largest first (by the bytes of their files, a stand-in for their pages),
    /// so that the last to finish is a small one and the cores are not left to one long document at the end of a
    /// batch. Results are put back in manifest order afterwards.
    /// </summary>
    internal static IEnumerable<int> LargestFirst(IReadOnlyList<DocumentJob> jobs) =>
        Enumerable.Range(0, jobs.Count).OrderByDescending(i => jobs[i].Files.Sum(f => f.Length)).ThenBy(i => i);

    /// <summary>Digitizes, signs and stores one validated document. Never throws for bad input or failed tools: the result says what went wrong.</summary>
    public async Task<DocumentResult> ProcessDocumentAsync(DocumentJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using Activity? activity = Telemetry.ActivitySource.StartActivity("sohoa.document");
        activity?.SetTag("sohoa.dossier_code", job.DossierCode.Value);
        long started = _time.GetTimestamp();
        DocumentResult result = await ProcessDocumentCoreAsync(job, cancellationToken).ConfigureAwait(false);

        // Tagged as the status is spelled in result.json (already-stored, not AlreadyStored).
        string status = BatchResultJson.StatusName(result.Status);
        activity?.SetTag("sohoa.status", status);
        Telemetry.Documents.Add(1, new KeyValuePair<string, object?>("status", status));
        Telemetry.DocumentDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("status", status));
        return result;
    }

    /// <summary>Runs the steps over one document until one of them decides its outcome, or an exception does.</summary>
    private async Task<DocumentResult> ProcessDocumentCoreAsync(DocumentJob job, CancellationToken cancellationToken)
    {
        var work = new DocumentWork(job);
        foreach (IDocumentStep step in _steps)
        {
            if (work.Result is not null)
            {
                break;
            }

            if (!step.AppliesTo(work))
            {
                continue;
            }

            using Activity? activity = Telemetry.ActivitySource.StartActivity("sohoa." + step.Name);
            long started = _time.GetTimestamp();
            try
            {
                await step.RunAsync(work, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                DocumentResult outcome = _outcomes.Of(work, ex);
                activity?.SetStatus(ActivityStatusCode.Error, outcome.Problems.FirstOrDefault()?.Rule);
                work.Finish(outcome);
            }
            finally
            {
                Telemetry.StageDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("stage", step.Name));
            }
        }

        return work.Result ?? throw new InvalidOperationException($"No step decided the outcome of {job.Label}.");
    }
}

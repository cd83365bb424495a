using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using SoHoa.Pipeline;
using SoHoa.Reporting;
using SoHoa.Storage;

namespace SoHoa.Worker;

/// <summary>
/// Takes batches from its <see cref="IBatchSource"/> and runs each through the <see cref="DigitizationPipeline"/>, which
/// keeps the cores busy within a batch; the next batch is taken as the current one's last documents run, so that the
/// cores do not wait for them (<see cref="WorkerOptions.BatchesAtOnce"/>). More workers, in more processes or on more
/// machines, share the load.
/// A batch ends done (its result stored and kept beside it), failed (a poison batch, with the reason), or let go to be
/// taken again (a stop request outlasting the grace period, a transient failure). Effectively once: documents carry
/// deterministic ids and the store writes create-only, so a batch taken again skips what was stored before any OCR.
/// </summary>
public sealed partial class BatchWorker : BackgroundService
{
    private readonly IBatchSource _source;
    private readonly DigitizationPipeline _pipeline;
    private readonly IDocumentStore _store;
    private readonly WorkerOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly IReportLedger? _ledger;

    /// <summary>Creates the worker; with a <paramref name="ledger"/>, each batch is recorded for the digitization report as it is stored.</summary>
    public BatchWorker(IBatchSource source, DigitizationPipeline pipeline, IDocumentStore store, IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, ILogger<BatchWorker>? logger = null, IReportLedger? ledger = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ledger = ledger;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(_logger, _source.Description);
        var held = new List<HeldBatch>();
        try
        {
            while (await WaitForRoomAsync(held, stoppingToken).ConfigureAwait(false))
            {
                IClaimedBatch? batch;
                try
                {
                    batch = await _source.TakeAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is SoHoaException { IsTransient: true } or IOException)
                {
                    LogSourceUnavailable(_logger, _source.Description, ex);
                    await WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (batch is not null)
                {
                    // The same batch delivered again while this worker holds it (submitted twice): it runs after the first
                    // delivery and finds every document stored, rather than racing it document by document.
                    Task? sameBatch = held.FirstOrDefault(h => h.Name == batch.Name && !h.Finished.IsCompleted)?.Finished;
                    held.Add(HeldBatch.Start(this, batch, sameBatch, stoppingToken));
                }
                else if (held.Count > 0 && _options.ExitWhenIdle)
                {
                    // A batch in hand may yet be let go and come back: idle means nothing waiting and nothing held.
                    await Task.WhenAny(held.Select(h => h.Finished)).ConfigureAwait(false);
                }
                else if (_options.ExitWhenIdle)
                {
                    LogIdle(_logger);
                    _lifetime.StopApplication();
                    return;
                }
                else
                {
                    await WaitAsync(stoppingToken, _source).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // A stop: every batch in hand finishes or is let go within its grace period.
            await Task.WhenAll(held.Select(h => h.Finished)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until this worker can take another batch: it holds fewer than <see cref="WorkerOptions.BatchesAtOnce"/>,
    /// and each one it holds has started all its documents with a document slot to spare (its last documents are
    /// running, and a core would idle until they end). Returns false on a stop. A batch that ended with an unexpected
    /// exception throws it here, as the one-batch loop did.
    /// </summary>
    private async Task<bool> WaitForRoomAsync(List<HeldBatch> held, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (HeldBatch done in held.Where(h => h.Finished.IsCompleted).ToList())
            {
                held.Remove(done);
                await done.Finished.ConfigureAwait(false);
            }

            bool full = held.Count >= _options.BatchesAtOnce;
            if (!full && held.All(h => h.HasRoomForNext.IsCompleted))
            {
                return true;
            }

            try
            {
                await Task.WhenAny(held.Select(h => full ? h.Finished : h.HasRoomForNext)).WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>Runs one batch; on a stop request it may go on for the grace period, then it is let go.</summary>
    private async Task RunAsync(IClaimedBatch batch, IProgress<BatchProgress> progress, CancellationToken stoppingToken)
    {
        if (batch.Delivery > _options.MaxDeliveries)
        {
            string reason = $"The batch was taken {batch.Delivery - 1} times without finishing: it may be what stops the worker, so it is set aside.";
            LogPoisoned(_logger, batch.Name, reason);
            await batch.FailAsync(reason, null, CancellationToken.None).ConfigureAwait(false);
            Count("failed");
            return;
        }

        using var work = new CancellationTokenSource();
        using CancellationTokenRegistration graceOnStop = stoppingToken.Register(() => work.CancelAfter(_options.StopGracePeriod));
        using IDisposable? scope = _logger.BeginScope(new KeyValuePair<string, object>[] { new("Batch", batch.Name), new("Delivery", batch.Delivery) });
        LogTaken(_logger, batch.Name, batch.Delivery);
        if (batch.Delivery == 1 && batch.ArrivedAt is { } arrived)
        {
            WorkerTelemetry.QueueLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - arrived).TotalSeconds));
        }

        try
        {
            BatchResult result = await ProcessAsync(batch, progress, work.Token).ConfigureAwait(false);
            await _store.WriteAsync(DocumentPaths.BatchResult(result.BatchId), BatchResultJson.Serialize(result), work.Token).ConfigureAwait(false);
            if (_ledger is not null)
            {
                // In the same step as the result, before the batch leaves processing/: a batch taken again is counted once.
                await _ledger.RecordBatchAsync(result, batch.Files, _store, _options.SignatureLevel, work.Token).ConfigureAwait(false);
            }
            if (result.Documents.Count == 0 && result.Problems.Count > 0)
            {
                string reason = "Nothing in the batch can be processed: " + string.Join("; ", result.Problems.Select(p => $"{p.Rule}: {p.Message}"));
                LogPoisoned(_logger, batch.Name, reason);
                await batch.FailAsync(reason, result, CancellationToken.None).ConfigureAwait(false);
                Count("failed");
                return;
            }

            await batch.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false);
            Count("done");
            LogDone(_logger, batch.Name, result.Count(DocumentStatus.Stored), result.Count(DocumentStatus.AlreadyStored), result.Count(DocumentStatus.Reused),
                result.Count(DocumentStatus.Rejected), result.Count(DocumentStatus.Failed));
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            LogLetGo(_logger, batch.Name, _options.StopGracePeriod.TotalSeconds);
            Count("released");
        }
        catch (Exception ex) when (ex is SoHoaException { IsTransient: true } or IOException or UnauthorizedAccessException)
        {
            // The store or the disk failed: the batch is let go and taken again, skipping what was stored.
            LogRetry(_logger, batch.Name, ex);
            Count("released");
        }
        catch (SoHoaException ex)
        {
            LogPoisoned(_logger, batch.Name, ex.Message);
            await batch.FailAsync(ex.Message, null, CancellationToken.None).ConfigureAwait(false);
            Count("failed");
        }
    }

    private static void Count(string outcome) => WorkerTelemetry.Batches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// Runs the batch through the pipeline; documents that failed for a transient reason are tried again after a
    /// backoff while the batch is held (the pipeline skips what is already stored), and the result keeps each document's
    /// first outcome unless it was such a failure.
    /// </summary>
    private async Task<BatchResult> ProcessAsync(IClaimedBatch batch, IProgress<BatchProgress> progress, CancellationToken cancellationToken)
    {
        BatchResult? first = null;
        ResiliencePipeline<BatchResult> pipeline = _options.TransientRetries == 0 ? ResiliencePipeline<BatchResult>.Empty : new ResiliencePipelineBuilder<BatchResult>()
            .AddRetry(new RetryStrategyOptions<BatchResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Documents.Any(d => d.FailedTransiently) == true),
                MaxRetryAttempts = _options.TransientRetries,
                Delay = _options.TransientRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogTransientDocuments(_logger, batch.Name, args.Outcome.Result!.Documents.Count(d => d.FailedTransiently), args.RetryDelay.TotalSeconds);
                    return default;
                },
            })
            .Build();
        return await pipeline.ExecuteAsync(
            async token =>
            {
                BatchResult result = await _pipeline.ProcessBatchAsync(batch.Files, progress, token).ConfigureAwait(false);
                first = first is null ? result : Merge(first, result);
                return first;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The earlier result, with each document that failed transiently replaced by its outcome in the later run.</summary>
    private static BatchResult Merge(BatchResult earlier, BatchResult later)
    {
        DocumentResult Latest(DocumentResult document) =>
            document.FailedTransiently
                ? later.Documents.FirstOrDefault(d => d.DossierCode == document.DossierCode && d.DocumentIndex == document.DocumentIndex) ?? document
                : document;
        return earlier with { FinishedAt = later.FinishedAt, Documents = [.. earlier.Documents.Select(Latest)] };
    }

    /// <summary>Waits the poll interval, or, with <paramref name="source"/>, until it says a batch may have arrived; returns early on a stop.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken, IBatchSource? source = null)
    {
        try
        {
            await (source is null ? Task.Delay(_options.PollInterval, stoppingToken) : source.WaitForBatchAsync(_options.PollInterval, stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Worker taking batches from {Source}")]
    private static partial void LogStarted(ILogger logger, string source);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Batch {Batch} taken (delivery {Delivery})")]
    private static partial void LogTaken(ILogger logger, string batch, int delivery);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Batch {Batch} done: {Stored} stored, {AlreadyStored} already stored, {Reused} reused, {Rejected} rejected, {Failed} failed")]
    private static partial void LogDone(ILogger logger, string batch, int stored, int alreadyStored, int reused, int rejected, int failed);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Batch {Batch} set aside as failed: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string batch, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Batch {Batch} let go after the {Seconds} s grace period of a stop; it will be taken again")]
    private static partial void LogLetGo(ILogger logger, string batch, double seconds);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Batch {Batch} let go after a transient failure; it will be taken again")]
    private static partial void LogRetry(ILogger logger, string batch, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "The batch source {Source} is unavailable; trying again")]
    private static partial void LogSourceUnavailable(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Batch {Batch}: {Count} document(s) failed for a transient reason; trying them again in {Seconds:0.0} s")]
    private static partial void LogTransientDocuments(ILogger logger, string batch, int count, double seconds);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "No batch waiting; the worker stops (exit when idle)")]
    private static partial void LogIdle(ILogger logger);

    /// <summary>A batch this worker holds and runs in the background, telling when the worker may take the next one.</summary>
    private sealed class HeldBatch : IProgress<BatchProgress>
    {
        private readonly TaskCompletionSource _roomForNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _documentSlots;

        private HeldBatch(int documentSlots) => _documentSlots = documentSlots;

        /// <summary>Ends when the batch is done, failed or let go, and its claim disposed.</summary>
        public Task Finished { get; private set; } = Task.CompletedTask;

        /// <summary>Ends when every document of the batch has started and a document slot is free, or when the batch ends.</summary>
        public Task HasRoomForNext => _roomForNext.Task;

        /// <summary>The batch's name in its source.</summary>
        public required string Name { get; init; }

        /// <summary>Starts running <paramref name="batch"/>, once <paramref name="after"/> (when given) has ended.</summary>
        public static HeldBatch Start(BatchWorker worker, IClaimedBatch batch, Task? after, CancellationToken stoppingToken)
        {
            var held = new HeldBatch(worker._pipeline.DocumentsInParallel) { Name = batch.Name };
            held.Finished = held.RunAsync(worker, batch, after, stoppingToken);
            return held;
        }

        /// <summary>Fewer documents left than slots: all have started, and a slot is free (or soon will be) for the next batch.</summary>
        public void Report(BatchProgress value)
        {
            if (value.Documents - value.Finished < _documentSlots)
            {
                _roomForNext.TrySetResult();
            }
        }

        private async Task RunAsync(BatchWorker worker, IClaimedBatch batch, Task? after, CancellationToken stoppingToken)
        {
            try
            {
                await Task.Yield();
                await using (batch.ConfigureAwait(false))
                {
                    if (after is not null)
                    {
                        await after.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }

                    await worker.RunAsync(batch, this, stoppingToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _roomForNext.TrySetResult();
            }
        }
    }
}

using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoHoa.Azure.Storage;
using SoHoa.Pipeline;
using SoHoa.Worker;

namespace SoHoa.Azure.Queue;

/// <summary>
/// Batches from an Azure Storage queue, for workers on any number of machines. It lives in SoHoa.Azure, beside the store
/// it shares an account, a container and a retry policy with, rather than in SoHoa.Worker: the worker package (and every
/// deployment that uses an inbox folder) then does not carry the Azure SDK.
/// <para>
/// A message names a batch whose files were uploaded under <c>batches-in/&lt;batch name&gt;/</c> (see
/// <see cref="AzureBatchSubmitter"/>). Taking a batch receives one message, invisible to other workers for
/// <see cref="AzureQueueOptions.VisibilityTimeout"/>, and lists the blobs under its prefix, keeping each one's ETag. Nothing is
/// downloaded: the pipeline reads each file straight from its blob, on the ETag it was listed with, so a blob replaced
/// after the batch was taken is refused (<c>file.changed</c>) and one removed meanwhile is a missing file; either costs
/// the document that names it (the manifest: the batch). While the worker holds it, the claim is renewed every third of the timeout, so a batch longer than the timeout is not taken by a second
/// worker; if the worker dies, the renewals stop and the batch is taken again once the timeout has run out. The
/// delivery count is the message's dequeue count. Completing writes <c>result.json</c> beside the uploaded batch and
/// deletes the message; failing writes <c>failure.txt</c> there, sends the batch's name and the reason to the poison
/// queue (<c>&lt;queue&gt;-poison</c>) and deletes the message; letting go makes the message visible again at once.
/// </para>
/// <para>
/// The SDK's retry policy (from <see cref="AzureStoreOptions"/>) is the only retrying; what still fails is a
/// <see cref="SoHoaException"/> with <see cref="SoHoaException.IsTransient"/> set when a later try may work, which the
/// worker waits out.
/// </para>
/// </summary>
public sealed partial class AzureQueueBatchSource : IBatchSource
{
    private readonly BatchQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private AzureQueueBatchSource(BatchQueue queue, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc/>
    public string Description => _queue.Description;

    /// <summary>Gets the queues and container batches come from.</summary>
    internal BatchQueue Queue => _queue;

    /// <summary>Gets the clock the claims are renewed by.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Gets the log the claimed batches write to.</summary>
    internal ILogger Logger => _logger;

    /// <summary>
    /// Opens the queue <paramref name="queue"/> names in the account and container of <paramref name="store"/> (whose key
    /// files are not needed here). Validates both (every problem at once) and does no I/O yet: the queues and the
    /// container are made on first use when missing.
    /// </summary>
    public static AzureQueueBatchSource Open(AzureStoreOptions store, AzureQueueOptions queue, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        new(BatchQueue.Open(store, queue), timeProvider ?? TimeProvider.System,
            (ILogger?)loggerFactory?.CreateLogger<AzureQueueBatchSource>() ?? NullLogger.Instance);

    /// <inheritdoc/>
    public async Task<IClaimedBatch?> TakeAsync(CancellationToken cancellationToken = default)
    {
        await _queue.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan timeout = _queue.Options.VisibilityTimeout;

        // A message that is not one of ours is set aside and the next one looked at; a few of them, then the worker's poll.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            QueueMessage? message;
            try
            {
                message = (await _queue.Queue.ReceiveMessageAsync(timeout, cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
            {
                throw StorageFailures.Map(ex, $"No batch could be taken from the queue '{_queue.Queue.Name}'");
            }

            if (message is null)
            {
                return null;
            }

            if (BatchMessage.TryParse(message.Body.ToString(), _queue.Options.BatchPrefix) is not { } batch)
            {
                // The text is not repeated: whatever it holds, it is not ours to copy into another queue or a log.
                await SetAsideAsync(message.MessageId, message.PopReceipt, null, null,
                    $"The queue message {message.MessageId} is not a SoHoa batch message ({BatchMessage.SchemaName} naming a batch under '{_queue.Options.BatchPrefix}').",
                    message.DequeueCount, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var claimed = new AzureClaimedBatch(this, message, batch);
            try
            {
                claimed.StartRenewing();
                string? refusal = await claimed.ListAsync(cancellationToken).ConfigureAwait(false);
                if (refusal is null)
                {
                    LogTaken(_logger, batch.Batch, message.MessageId, message.DequeueCount);
                    return claimed;
                }

                await claimed.FailAsync(refusal, null, cancellationToken).ConfigureAwait(false);
                LogSetAside(_logger, batch.Batch, refusal);
            }
            catch
            {
                await claimed.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await claimed.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Sends the batch (or a message that is none) to the poison queue with its reason, then deletes the message.</summary>
    internal async Task SetAsideAsync(string messageId, string popReceipt, string? batch, string? prefix, string reason, long deliveries, CancellationToken cancellationToken)
    {
        string poison = PoisonMessage.For(batch, prefix, reason, deliveries, _time.GetUtcNow()).ToJson();
        try
        {
            // Sent first, deleted second: a crash between them reports the batch twice rather than losing it.
            await _queue.Poison.SendMessageAsync(poison, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The batch {batch ?? messageId} could not be sent to the poison queue '{_queue.Poison.Name}'");
        }

        await DeleteAsync(messageId, popReceipt, batch ?? messageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a message this worker holds; one whose claim was lost meanwhile (another worker has it now) is left to that worker.</summary>
    internal async Task DeleteAsync(string messageId, string popReceipt, string batch, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            LogClaimLost(_logger, batch);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The message of batch {batch} could not be deleted from the queue '{_queue.Queue.Name}'");
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Batch {Batch} received from the queue (message {MessageId}, dequeue count {DequeueCount})")]
    private static partial void LogTaken(ILogger logger, string batch, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Batch {Batch} sent to the poison queue before processing: {Reason}")]
    private static partial void LogSetAside(ILogger logger, string batch, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "The claim on batch {Batch} was lost (its visibility timeout ran out and another worker took it); that worker finishes it")]
    internal static partial void LogClaimLost(ILogger logger, string batch);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "The claim on batch {Batch} could not be renewed; trying again")]
    internal static partial void LogRenewFailed(ILogger logger, string batch, Exception exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Batch {Batch} let go: visible in the queue again")]
    internal static partial void LogReleased(ILogger logger, string batch);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Batch {Batch} could not be made visible again; it returns when its visibility timeout runs out")]
    internal static partial void LogReleaseFailed(ILogger logger, string batch, Exception exception);
}

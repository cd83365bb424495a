using Azure;
using Azure.Storage.Queues.Models;
using SoHoa.Azure.Storage;
using SoHoa.Batches;
using SoHoa.Pipeline;
using SoHoa.Worker;

namespace SoHoa.Azure.Queue;

/// <summary>A batch this worker holds: its message (claim renewed in the background), its files read from their blobs.</summary>
internal sealed class AzureClaimedBatch(AzureQueueBatchSource source, QueueMessage message, BatchMessage batch) : IClaimedBatch
{
    /// <summary>What a worker writes beside the uploaded batch, which is none of its files.</summary>
    private static readonly IReadOnlySet<string> WrittenBeside = new HashSet<string>(StringComparer.Ordinal) { AzureBatchSubmitter.ResultFileName, AzureBatchSubmitter.FailureFileName };

    private readonly CancellationTokenSource _stopRenewing = new();
    private string _popReceipt = message.PopReceipt;
    private Task? _renewing;
    private bool _finished;
    private bool _disposed;
    private BlobBatchFiles? _files;

    /// <inheritdoc/>
    public string Name => batch.Batch;

    /// <inheritdoc/>
    public IBatchFiles Files => _files ?? throw new InvalidOperationException("The batch has not been listed.");

    /// <inheritdoc/>
    public int Delivery => (int)Math.Min(message.DequeueCount, int.MaxValue);

    /// <inheritdoc/>
    public DateTimeOffset? ArrivedAt => message.InsertedOn;

    private BatchQueue Queue => source.Queue;

    /// <summary>Starts renewing the claim in the background.</summary>
    public void StartRenewing() => _renewing = Task.Run(() => RenewAsync(_stopRenewing.Token));

    /// <summary>
    /// Lists the batch's blobs, keeping each one's ETag for <see cref="Files"/> to read it on; returns why the batch
    /// cannot be processed at all (too large, an unsafe name), or null. Nothing is downloaded: the pipeline reads each
    /// file from its blob when it needs it.
    /// </summary>
    public async Task<string?> ListAsync(CancellationToken cancellationToken)
    {
        (BlobBatchFiles? files, string? refusal) = await BlobBatchFiles.ListAsync(
            Queue.Container, batch.Batch, batch.Prefix, Queue.Options.MaxBatchBytes, WrittenBeside, cancellationToken).ConfigureAwait(false);

        // An empty prefix lists no file: the pipeline then reports the missing manifest and the worker fails the batch.
        _files = files;
        return refusal;
    }

    /// <inheritdoc/>
    public async Task CompleteAsync(BatchResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        await StopRenewingAsync().ConfigureAwait(false);

        // The result first, the message second: a crash between them delivers the batch again, which stores nothing twice.
        await WriteBesideAsync(AzureBatchSubmitter.ResultFileName, BatchResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
        await source.DeleteAsync(message.MessageId, _popReceipt, batch.Batch, cancellationToken).ConfigureAwait(false);
        _finished = true;
    }

    /// <inheritdoc/>
    public async Task FailAsync(string reason, BatchResult? result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        await StopRenewingAsync().ConfigureAwait(false);
        await WriteBesideAsync(AzureBatchSubmitter.FailureFileName, System.Text.Encoding.UTF8.GetBytes(reason + "\n"), cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            await WriteBesideAsync(AzureBatchSubmitter.ResultFileName, BatchResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
        }

        await source.SetAsideAsync(message.MessageId, _popReceipt, batch.Batch, batch.Prefix, reason, message.DequeueCount, cancellationToken).ConfigureAwait(false);
        _finished = true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopRenewingAsync().ConfigureAwait(false);
        if (!_finished)
        {
            // Let go without finishing: visible again at once, to be taken again (by any worker) with its dequeue count grown.
            try
            {
                await Queue.Queue.UpdateMessageAsync(message.MessageId, _popReceipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
                AzureQueueBatchSource.LogReleased(source.Logger, batch.Batch);
            }
            catch (Exception ex) when (StorageFailures.IsFailure(ex, CancellationToken.None))
            {
                // It comes back by itself when its visibility timeout runs out.
                AzureQueueBatchSource.LogReleaseFailed(source.Logger, batch.Batch, ex);
            }
        }

        _stopRenewing.Dispose();
    }

    /// <summary>Stops the renewals and waits for the one under way.</summary>
    private async Task StopRenewingAsync()
    {
        if (_renewing is null)
        {
            return;
        }

        await _stopRenewing.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _renewing = null;
    }

    /// <summary>Keeps the message invisible while the batch is held: every third of the timeout, for another whole timeout.</summary>
    private async Task RenewAsync(CancellationToken stop)
    {
        TimeSpan timeout = Queue.Options.VisibilityTimeout;
        TimeSpan every = timeout / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, source.Time, stop).ConfigureAwait(false);

                // Not cancelled once sent: an update the service made but whose answer was dropped would leave this
                // worker an old pop receipt, and its claim would look lost when it completes the batch.
                UpdateReceipt receipt = (await Queue.Queue.UpdateMessageAsync(message.MessageId, _popReceipt, visibilityTimeout: timeout, cancellationToken: CancellationToken.None)
                    .ConfigureAwait(false)).Value;
                _popReceipt = receipt.PopReceipt;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The timeout ran out before a renewal got through, and another worker took the batch: it is theirs now.
                // This worker finishes what it has in hand (stored documents are not stored twice) and leaves the message alone.
                AzureQueueBatchSource.LogClaimLost(source.Logger, batch.Batch);
                return;
            }
            catch (Exception ex) when (StorageFailures.IsFailure(ex, CancellationToken.None))
            {
                // The SDK retried already; two more chances before the timeout runs out.
                AzureQueueBatchSource.LogRenewFailed(source.Logger, batch.Batch, ex);
            }
        }
    }

    /// <summary>Writes <paramref name="file"/> beside the uploaded batch, replacing one there.</summary>
    private async Task WriteBesideAsync(string file, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await Queue.Container.GetBlobClient(batch.Prefix + file).UploadAsync(new BinaryData(content), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The {file} of batch {batch.Batch} could not be written beside it");
        }
    }
}

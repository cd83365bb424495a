using Azure;
using Azure.Storage.Blobs.Models;
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
/// <see cref="AzureQueueOptions.VisibilityTimeout"/>, and downloads the batch into a local folder. While the worker holds
/// it, the claim is renewed every third of the timeout, so a batch longer than the timeout is not taken by a second
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
public sealed partial class AzureQueueBatchSource : IBatchSource, IDisposable
{
    private const string LockFileName = ".lock";
    private readonly BatchQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private FileStream? _workLock;
    private string? _workFolder;
    private long _taken;

    private AzureQueueBatchSource(BatchQueue queue, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc/>
    public string Description => _queue.Description;

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

            var claimed = new ClaimedBatch(this, message, batch, NewBatchFolder(batch.Batch));
            try
            {
                claimed.StartRenewing();
                string? refusal = await claimed.DownloadAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Drops this process's hold on its work folder and removes it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_workLock is null)
            {
                return;
            }

            _workLock.Dispose();
            _workLock = null;
            TryDelete(_workFolder!);
        }
    }

    /// <summary>Sends the batch (or a message that is none) to the poison queue with its reason, then deletes the message.</summary>
    private async Task SetAsideAsync(string messageId, string popReceipt, string? batch, string? prefix, string reason, long deliveries, CancellationToken cancellationToken)
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
    private async Task DeleteAsync(string messageId, string popReceipt, string batch, CancellationToken cancellationToken)
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

    /// <summary>
    /// A new local folder for a batch, named after it (the pipeline names a batch without an id after its folder), under
    /// this process's work folder. The work folder is made on first use, locked for as long as the process lives; the
    /// folders of processes that died (their lock is free) are removed then.
    /// </summary>
    private string NewBatchFolder(string batch)
    {
        lock (_gate)
        {
            if (_workFolder is null)
            {
                string root = _queue.Options.ResolvedWorkDirectory;
                try
                {
                    Directory.CreateDirectory(root);
                    RemoveDeadWorkFolders(root);
                    string mine = Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
                    Directory.CreateDirectory(mine);
                    _workLock = new FileStream(Path.Combine(mine, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                    _workFolder = mine;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new SoHoaException(SoHoaErrorCode.Configuration, $"The queue's work folder '{root}' cannot be used: {ex.Message}", innerException: ex);
                }
            }

            string folder = Path.Combine(_workFolder, (++_taken).ToString(System.Globalization.CultureInfo.InvariantCulture), batch);
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static void RemoveDeadWorkFolders(string root)
    {
        foreach (string folder in Directory.EnumerateDirectories(root))
        {
            try
            {
                // Open, never create: a folder whose owner has not locked it yet is left alone.
                using (new FileStream(Path.Combine(folder, LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Alive (locked), or not ours to remove.
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next worker's clean-up.
        }
    }

    /// <summary>A batch this worker holds: its message (claim renewed in the background), its files in a local folder.</summary>
    private sealed class ClaimedBatch(AzureQueueBatchSource source, QueueMessage message, BatchMessage batch, string directory) : IClaimedBatch
    {
        private readonly CancellationTokenSource _stopRenewing = new();
        private string _popReceipt = message.PopReceipt;
        private Task? _renewing;
        private bool _finished;
        private bool _disposed;

        public string Name => batch.Batch;

        public string Directory => directory;

        public int Delivery => (int)Math.Min(message.DequeueCount, int.MaxValue);

        public DateTimeOffset? ArrivedAt => message.InsertedOn;

        private BatchQueue Queue => source._queue;

        public void StartRenewing() => _renewing = Task.Run(() => RenewAsync(_stopRenewing.Token));

        /// <summary>Downloads the batch; returns why it cannot be processed at all (too large, an unsafe name), or null.</summary>
        public async Task<string?> DownloadAsync(CancellationToken cancellationToken)
        {
            var blobs = new List<(string Name, string RelativePath, long Length)>();
            long total = 0;
            try
            {
                await foreach (BlobItem item in Queue.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, batch.Prefix, cancellationToken).ConfigureAwait(false))
                {
                    string relative = item.Name[batch.Prefix.Length..];
                    if (relative is AzureBatchSubmitter.ResultFileName or AzureBatchSubmitter.FailureFileName)
                    {
                        continue;
                    }

                    if (relative.Contains('\\', StringComparison.Ordinal) || relative.Split('/').Any(s => s.Length == 0 || s is "." or ".."))
                    {
                        return $"The uploaded batch holds a file whose name cannot be a path inside the batch ('{relative}').";
                    }

                    total += item.Properties.ContentLength ?? 0;
                    blobs.Add((item.Name, relative, item.Properties.ContentLength ?? 0));
                }

                if (total > Queue.Options.MaxBatchBytes)
                {
                    return $"The uploaded batch holds {total} bytes, more than the {Queue.Options.MaxBatchBytes} a worker downloads.";
                }

                foreach ((string name, string relative, _) in blobs)
                {
                    string target = Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar));
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await Queue.Container.GetBlobClient(name).DownloadToAsync(target, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken) && ex is not IOException)
            {
                throw StorageFailures.Map(ex, $"The batch {batch.Batch} could not be downloaded from '{batch.Prefix}'");
            }

            // An empty prefix leaves an empty folder: the pipeline then reports the missing manifest and the worker fails the batch.
            return null;
        }

        public async Task CompleteAsync(BatchResult result, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(result);
            await StopRenewingAsync().ConfigureAwait(false);

            // The result first, the message second: a crash between them delivers the batch again, which stores nothing twice.
            await WriteBesideAsync(AzureBatchSubmitter.ResultFileName, BatchResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
            await source.DeleteAsync(message.MessageId, _popReceipt, batch.Batch, cancellationToken).ConfigureAwait(false);
            _finished = true;
        }

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
                    LogReleased(source._logger, batch.Batch);
                }
                catch (Exception ex) when (StorageFailures.IsFailure(ex, CancellationToken.None))
                {
                    // It comes back by itself when its visibility timeout runs out.
                    LogReleaseFailed(source._logger, batch.Batch, ex);
                }
            }

            _stopRenewing.Dispose();
            TryDelete(Path.GetDirectoryName(directory)!);
        }

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
                    await Task.Delay(every, source._time, stop).ConfigureAwait(false);

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
                    LogClaimLost(source._logger, batch.Batch);
                    return;
                }
                catch (Exception ex) when (StorageFailures.IsFailure(ex, CancellationToken.None))
                {
                    // The SDK retried already; two more chances before the timeout runs out.
                    LogRenewFailed(source._logger, batch.Batch, ex);
                }
            }
        }

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

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Batch {Batch} received from the queue (message {MessageId}, dequeue count {DequeueCount})")]
    private static partial void LogTaken(ILogger logger, string batch, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Batch {Batch} sent to the poison queue before processing: {Reason}")]
    private static partial void LogSetAside(ILogger logger, string batch, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning,
        Message = "The claim on batch {Batch} was lost (its visibility timeout ran out and another worker took it); that worker finishes it")]
    private static partial void LogClaimLost(ILogger logger, string batch);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "The claim on batch {Batch} could not be renewed; trying again")]
    private static partial void LogRenewFailed(ILogger logger, string batch, Exception exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Batch {Batch} let go: visible in the queue again")]
    private static partial void LogReleased(ILogger logger, string batch);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Batch {Batch} could not be made visible again; it returns when its visibility timeout runs out")]
    private static partial void LogReleaseFailed(ILogger logger, string batch, Exception exception);
}

using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using SoHoa.Azure.Storage;

namespace SoHoa.Azure.Queue;

/// <summary>
/// The SDK clients the batch queue uses, made once from the store's and the queue's options with the store's retry
/// policy: the queue, its poison queue, and the blob container batches are uploaded to. Shared by the submitter and the
/// worker's source; the queues and the container are made on first use when missing.
/// </summary>
internal sealed class BatchQueue
{
    private readonly Lock _gate = new();
    private Task? _ready;

    private BatchQueue(QueueClient queue, QueueClient poison, BlobContainerClient container, AzureQueueOptions options)
    {
        Queue = queue;
        Poison = poison;
        Container = container;
        Options = options;
    }

    public QueueClient Queue { get; }

    public QueueClient Poison { get; }

    public BlobContainerClient Container { get; }

    public AzureQueueOptions Options { get; }

    /// <summary>The queue's name and account, for messages (never a key or a SAS).</summary>
    public string Description => Queue.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>The blob prefix of <paramref name="batch"/>.</summary>
    public string PrefixOf(string batch) => Options.BatchPrefix + batch + "/";

    /// <summary>Validates both options (every problem at once) and makes the clients; does no I/O.</summary>
    public static BatchQueue Open(AzureStoreOptions store, AzureQueueOptions queue)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        var problems = new List<string>();
        store.AddAccountProblems(problems);
        problems.AddRange(queue.Validate());
        Uri? queueService = null;
        if (store.ConnectionString is not { Length: > 0 } && (queueService = queue.ResolveQueueServiceUri(store.BlobServiceUri)) is null)
        {
            problems.Add($"{nameof(AzureQueueOptions.QueueServiceUri)} is required when it cannot be derived from the blob service URI (a host with '.blob.').");
        }

        if (problems.Count > 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration,
                "The batch queue is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }

        // Plain text messages: ours are ASCII JSON. The SDK's retry policy, configured, is the only retrying there is.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        store.ApplyTo(queueOptions.Retry);
        QueueServiceClient service;
        TokenCredential? credential = null;
        QueueClient batches;
        QueueClient poison;
        if (store.ConnectionString is { Length: > 0 } connectionString)
        {
            try
            {
                // A connection string without a queue endpoint makes a service client without an address: its queue clients then throw.
                service = new QueueServiceClient(connectionString, queueOptions);
                (batches, poison) = (service.GetQueueClient(queue.QueueName), service.GetQueueClient(queue.PoisonQueueName));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                // Neither the string nor the SDK's words about it are repeated: they may hold the account key.
                throw new SoHoaException(SoHoaErrorCode.Configuration,
                    "The connection string does not reach a queue service (it needs UseDevelopmentStorage=true, AccountName and AccountKey, or a QueueEndpoint).");
            }
        }
        else
        {
            credential = store.Credential ?? new DefaultAzureCredential();
            service = new QueueServiceClient(queueService, credential, queueOptions);
            (batches, poison) = (service.GetQueueClient(queue.QueueName), service.GetQueueClient(queue.PoisonQueueName));
        }

        BlobContainerClient container = AzureDocumentStore.BlobClientFor(store, new BlobClientOptions(), credential).GetBlobContainerClient(store.ContainerName);
        return new BatchQueue(batches, poison, container, queue);
    }

    /// <summary>Makes the queue, the poison queue and the container when they are missing; once, shared by every caller.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = PrepareAsync();
            }

            ready = _ready;
        }

        return ready.IsCompletedSuccessfully ? Task.CompletedTask : ready.WaitAsync(cancellationToken);
    }

    private async Task PrepareAsync()
    {
        try
        {
            await Queue.CreateIfNotExistsAsync().ConfigureAwait(false);
            await Poison.CreateIfNotExistsAsync().ConfigureAwait(false);
            await Container.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, CancellationToken.None))
        {
            throw StorageFailures.Map(ex, $"The batch queue '{Queue.Name}' cannot be opened");
        }
    }
}

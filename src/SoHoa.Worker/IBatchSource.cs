using SoHoa.Batches;
using SoHoa.Pipeline;

namespace SoHoa.Worker;

/// <summary>
/// Where a worker takes batches from: an inbox folder (<see cref="Inbox.InboxBatchSource"/>) or a queue. Taking a batch
/// claims it, so that no other worker takes it while this one holds it; a claim that is neither completed nor failed
/// (the worker stopped or died) is released and the batch is taken again later, by this worker or another.
/// </summary>
public interface IBatchSource
{
    /// <summary>What the source is, for messages (a folder, a queue name); never a secret.</summary>
    string Description { get; }

    /// <summary>Claims the next batch waiting, or returns null when none is.</summary>
    Task<IClaimedBatch?> TakeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits, when <see cref="TakeAsync"/> found nothing, until a batch may have arrived or <paramref name="timeout"/> has
    /// passed. A source that can tell when a batch arrives (an inbox folder it watches) returns as soon as one does; the
    /// default waits the whole timeout. Either way the caller only tries <see cref="TakeAsync"/> again.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task WaitForBatchAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.Delay(timeout, cancellationToken);
}

/// <summary>
/// A batch a worker holds, until it completes it, fails it, or lets it go. Its files are read through <see cref="Files"/>
/// only: a folder on this machine (the inbox) or blobs in a storage account (the queue), never assumed to be on a disk.
/// </summary>
public interface IClaimedBatch : IAsyncDisposable
{
    /// <summary>The batch's name in its source (a folder or blob prefix name, not necessarily its batch id).</summary>
    string Name { get; }

    /// <summary>Where the pipeline and the report ledger read the batch's files (<c>batch.json</c> and the page files) from: the same source each time.</summary>
    IBatchFiles Files { get; }

    /// <summary>How many times the batch has been taken, this time included; more than one means an earlier worker stopped or died with it.</summary>
    int Delivery { get; }

    /// <summary>When the batch arrived in its source (queued, or its manifest written), for the queue-lag metric; null when unknown.</summary>
    DateTimeOffset? ArrivedAt => null;

    /// <summary>Marks the batch done, keeping its result beside it.</summary>
    Task CompleteAsync(BatchResult result, CancellationToken cancellationToken = default);

    /// <summary>Sets the batch aside as failed (a poison batch) with the reason, so that it is not taken again.</summary>
    Task FailAsync(string reason, BatchResult? result, CancellationToken cancellationToken = default);
}

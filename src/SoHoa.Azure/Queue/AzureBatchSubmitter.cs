using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SoHoa.Azure.Storage;
using SoHoa.Batches;

namespace SoHoa.Azure.Queue;

/// <summary>
/// Puts a batch in the queue for the workers (<c>sohoa submit</c>): checks its manifest, uploads <c>batch.json</c> and
/// the page files it names under <c>batches-in/&lt;batch id&gt;/</c>, then sends a message naming that prefix.
/// <para>
/// A batch with any problem (an unreadable manifest, a wrong identifier, a missing or mistyped file) is refused before
/// anything is uploaded, with every problem. Each file is uploaded with a conditional create (<c>If-None-Match: *</c>),
/// so a submission never replaces what an earlier one uploaded: submitting the same batch again with the same files is
/// idempotent (nothing is uploaded again; the message is sent again, and the worker that takes it finds every document
/// already stored), which is how a submission interrupted between its upload and its message is finished; the same
/// batch id with different files is refused, naming the first file that differs.
/// </para>
/// </summary>
public sealed class AzureBatchSubmitter
{
    /// <summary>The batch result a worker writes beside the uploaded batch when it completes it.</summary>
    public const string ResultFileName = "result.json";

    /// <summary>The reason a worker writes beside the uploaded batch when it sets it aside as failed.</summary>
    public const string FailureFileName = "failure.txt";

    private const string Sha256Metadata = "sha256";
    private readonly BatchQueue _queue;

    private AzureBatchSubmitter(BatchQueue queue) => _queue = queue;

    /// <summary>The queue batches are sent to, for messages.</summary>
    public string Description => _queue.Description;

    /// <summary>Opens the queue <paramref name="queue"/> names in the account and container of <paramref name="store"/> (its key files are not needed). Does no I/O.</summary>
    public static AzureBatchSubmitter Open(AzureStoreOptions store, AzureQueueOptions queue) => new(BatchQueue.Open(store, queue));

    /// <summary>
    /// Checks, uploads and queues the batch in <paramref name="batchDirectory"/>. A batch with problems throws a
    /// <see cref="SoHoaException"/> (<see cref="SoHoaErrorCode.InvalidManifest"/>) listing them, before any upload; a batch id
    /// already submitted with other files throws one too; the service failing throws <see cref="SoHoaErrorCode.Storage"/>.
    /// </summary>
    public async Task<SubmittedBatch> SubmitAsync(string batchDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchDirectory);
        BatchPlan plan = await BatchLoader.LoadAsync(batchDirectory, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<InputProblem> problems = plan.Rejected.SelectMany(r => r.Problems).ToArray();
        if (plan.Agency is null || problems.Count > 0)
        {
            throw new SoHoaException(SoHoaErrorCode.InvalidManifest,
                $"The batch {plan.BatchId} is not submitted: correct it first." + Environment.NewLine
                + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }

        if (!AzureQueueOptions.IsBatchName(plan.BatchId))
        {
            throw new SoHoaException(SoHoaErrorCode.InvalidManifest,
                $"The batch id '{plan.BatchId}' cannot name a batch in the queue: use 1-100 letters, digits, '.', '_' and '-', not starting with '.', with no run of 9 or more digits (a personal ID must never name a batch).");
        }

        // batch.json last: a prefix with a manifest has every file it names (a worker could only see it through the message anyway).
        string[] files = plan.Jobs.SelectMany(j => j.Files).Select(f => f.RelativePath).Distinct(StringComparer.Ordinal)
            .Append(BatchManifest.FileName).ToArray();
        string prefix = _queue.PrefixOf(plan.BatchId);
        await _queue.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        int uploaded = 0;
        foreach (string relative in files)
        {
            if (await UploadOrMatchAsync(plan.Files, relative, prefix + relative, plan.BatchId, cancellationToken).ConfigureAwait(false))
            {
                uploaded++;
            }
        }

        try
        {
            // Never expires (-1): a batch waits for as long as no worker runs.
            await _queue.Queue.SendMessageAsync(BatchMessage.For(plan.BatchId, prefix).ToJson(), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The batch {plan.BatchId} was uploaded but could not be queued (submit it again to queue it)");
        }

        return new SubmittedBatch(plan.BatchId, prefix, files.Length, uploaded, plan.Jobs.Count);
    }

    /// <summary>Uploads the batch's file <paramref name="relative"/> unless the blob exists; true when uploaded. An existing blob with other content is refused.</summary>
    private async Task<bool> UploadOrMatchAsync(IBatchFiles batch, string relative, string blobName, string batchId, CancellationToken cancellationToken)
    {
        string sha256;
        Stream hashing = await batch.OpenReadAsync(relative, cancellationToken).ConfigureAwait(false);
        await using (hashing.ConfigureAwait(false))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashing, cancellationToken).ConfigureAwait(false));
        }

        BlobClient blob = _queue.Container.GetBlobClient(blobName);
        try
        {
            Stream content = await batch.OpenReadAsync(relative, cancellationToken).ConfigureAwait(false);
            await using var closing = content.ConfigureAwait(false);
            await blob.UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [Sha256Metadata] = sha256 },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there: an earlier submission of this batch (or our own upload, retried after its answer was lost).
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The file '{relative}' of batch {batchId} could not be uploaded");
        }

        string? existing;
        try
        {
            BlobProperties properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            existing = properties.Metadata.TryGetValue(Sha256Metadata, out string? recorded) ? recorded : null;
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The file '{relative}' of batch {batchId}, already uploaded, could not be checked");
        }

        return string.Equals(existing, sha256, StringComparison.Ordinal)
            ? false
            : throw new SoHoaException(SoHoaErrorCode.InvalidManifest,
                $"The batch {batchId} was already submitted with another '{relative}': a batch id names one set of files. Give the new batch its own batchId.");
    }
}

/// <summary>What a submission did.</summary>
/// <param name="BatchName">The batch's name in the queue (its batch id).</param>
/// <param name="Prefix">Where its files are in the container.</param>
/// <param name="Files">The files of the batch: batch.json and the page files it names.</param>
/// <param name="Uploaded">How many of them this submission uploaded (fewer when the batch was submitted before).</param>
/// <param name="Documents">The documents the manifest holds.</param>
public sealed record SubmittedBatch(string BatchName, string Prefix, int Files, int Uploaded, int Documents);

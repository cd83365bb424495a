using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SoHoa.Azure.Storage;
using SoHoa.Batches;

namespace SoHoa.Azure.Queue;

/// <summary>
/// A batch uploaded under a blob prefix, read straight from Blob Storage: nothing is downloaded to the worker's disk.
/// The prefix is listed once, when the batch is taken (<see cref="ListAsync"/>); each file is then opened on the ETag it
/// had in that listing, so a blob replaced after the batch was taken is refused (<c>file.changed</c>) rather than read
/// as other content than the batch was taken with, and a blob deleted meanwhile is a missing file. Names not in the
/// listing are missing files too, whatever the prefix holds by now.
/// </summary>
internal sealed class BlobBatchFiles : IBatchFiles
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly IReadOnlyDictionary<string, Listed> _files;

    private BlobBatchFiles(BlobContainerClient container, string name, string prefix, IReadOnlyDictionary<string, Listed> files)
    {
        _container = container;
        Name = name;
        _prefix = prefix;
        _files = files;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// Lists the batch under <paramref name="prefix"/> (the blobs <paramref name="skip"/> names, such as the result
    /// written beside it, left out). Returns the files, or why the batch cannot be processed at all: a blob whose name
    /// cannot be a path inside the batch, or more than <paramref name="maxBatchBytes"/> all together.
    /// </summary>
    /// <exception cref="SoHoaException">The listing failed (<see cref="SoHoaException.IsTransient"/> when a later try may work).</exception>
    public static async Task<(BlobBatchFiles? Files, string? Refusal)> ListAsync(
        BlobContainerClient container, string name, string prefix, long maxBatchBytes, IReadOnlySet<string> skip, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, Listed>(StringComparer.Ordinal);
        long total = 0;
        try
        {
            await foreach (BlobItem item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                string relative = item.Name[prefix.Length..];
                if (skip.Contains(relative))
                {
                    continue;
                }

                if (BatchPaths.Check(relative) is not null || relative.Split('/').Any(s => s == "."))
                {
                    return (null, $"The uploaded batch holds a file whose name cannot be a path inside the batch ('{relative}').");
                }

                long length = item.Properties.ContentLength ?? 0;
                total += length;
                files[relative] = new Listed(item.Name, item.Properties.ETag, length);
            }
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The batch {name} could not be listed under '{prefix}'");
        }

        return total > maxBatchBytes
            ? (null, $"The uploaded batch holds {total} bytes, more than the {maxBatchBytes} a worker takes.")
            : (new BlobBatchFiles(container, name, prefix, files), null);
    }

    /// <inheritdoc/>
    public Task<Stream> OpenReadAsync(string relativePath, CancellationToken cancellationToken = default) =>
        DownloadAsync<Stream>(relativePath, async (blob, condition) =>
        {
            BlobDownloadStreamingResult download = (await blob.DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = condition }, cancellationToken).ConfigureAwait(false)).Value;
            return new BlobReadStream(download.Content, download.Details.ContentLength, ex => Map(ex, Name, _prefix, relativePath));
        }, cancellationToken);

    /// <summary>
    /// The size from the listing, and the first bytes asked for with one ranged request on the listed ETag: the loader
    /// looks at every file of a batch before any is read whole, and a streamed download it stopped after a few bytes
    /// would have cost the transfer under way and the connection.
    /// </summary>
    public async Task<BatchFileHead> ReadHeadAsync(string relativePath, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long length = Find(relativePath).Length;
        if (length == 0 || count == 0)
        {
            return new BatchFileHead(length, ReadOnlyMemory<byte>.Empty);
        }

        return await DownloadAsync(relativePath, async (blob, condition) =>
        {
            BlobDownloadResult head = (await blob.DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(0, Math.Min(count, length)), Conditions = condition }, cancellationToken).ConfigureAwait(false)).Value;
            return new BatchFileHead(length, head.Content.ToMemory());
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="download"/> on the blob of the file <paramref name="relativePath"/>, on the ETag it was listed
    /// with, and maps what the service answers to the batch's file errors.
    /// </summary>
    private async Task<T> DownloadAsync<T>(string relativePath, Func<BlobClient, BlobRequestConditions, Task<T>> download, CancellationToken cancellationToken)
    {
        Listed listed = Find(relativePath);
        BlobClient blob = _container.GetBlobClient(listed.BlobName);
        try
        {
            return await download(blob, new BlobRequestConditions { IfMatch = listed.ETag }).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsConditionFailed(ex))
        {
            // The service answers a blob that is gone with the failed condition too: say which it is.
            throw await ChangedOrRemovedAsync(blob, ex, relativePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw Map(ex, Name, _prefix, relativePath);
        }
    }

    /// <summary>The file <paramref name="relativePath"/> as the listing found it.</summary>
    private Listed Find(string relativePath) =>
        BatchPaths.Check(relativePath) is { } wrong ? throw new BatchFileException(InputRules.FilePath, wrong)
        : _files.TryGetValue(relativePath, out Listed? listed) ? listed
        : throw new FileNotFoundException($"'{relativePath}' does not exist in the batch.", relativePath);

    /// <summary>A missing file when the blob whose ETag no longer matches is gone, otherwise a changed one.</summary>
    private async Task<Exception> ChangedOrRemovedAsync(BlobClient blob, RequestFailedException conditionFailed, string relativePath, CancellationToken cancellationToken)
    {
        try
        {
            await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException gone) when (gone.Status == 404)
        {
            return Map(gone, Name, _prefix, relativePath);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            // Not known whether it is gone; it is not what was taken either way.
        }

        return Map(conditionFailed, Name, _prefix, relativePath);
    }

    /// <summary>What a failure to open or read the file <paramref name="relativePath"/> of a batch is thrown as.</summary>
    internal static Exception Map(Exception exception, string batch, string prefix, string relativePath) => exception switch
    {
        RequestFailedException failed when StorageFailures.IsConditionFailed(failed) => new BatchFileException(InputRules.FileChanged,
            $"'{relativePath}' was replaced (or removed) in storage after batch {batch} was taken: it is not read, so that the batch is not processed with other content than it was taken with."),
        RequestFailedException { Status: 404 } => new FileNotFoundException(
            $"'{relativePath}' was removed from storage after batch {batch} was taken.", relativePath),
        _ => StorageFailures.Map(exception, $"The file '{relativePath}' of batch {batch} could not be read from '{prefix}'"),
    };

    /// <summary>A blob as the listing found it.</summary>
    private sealed record Listed(string BlobName, ETag? ETag, long Length);
}

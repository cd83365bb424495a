using System.Globalization;
using SoHoa.Batches;
using SoHoa.Pipeline;

namespace SoHoa.Worker.Inbox;

/// <summary>
/// Batches from an inbox folder, the embedded default. The convention: a batch is complete when its folder appears in
/// <c>inbox/</c>, so write it elsewhere on the same file system and rename it in. A worker takes it by locking
/// <c>.locks/&lt;name&gt;.lock</c> (an advisory lock the operating system drops when the process ends, however it ends) and
/// renaming the folder to <c>processing/</c>; it ends in <c>done/</c> with its <c>result.json</c>, or in <c>failed/</c>
/// with <c>failure.txt</c>. A folder left in <c>processing/</c> whose lock nobody holds belonged to a worker that stopped
/// or died: it is taken again, and documents already stored are skipped by their deterministic ids. Two workers on one
/// inbox never hold the same batch. An idle worker watches <c>inbox/</c> and takes a batch as soon as it is renamed in,
/// not at its next poll (the poll stays, for file systems that do not report changes, such as some network shares).
/// </summary>
public sealed class InboxBatchSource : IBatchSource, IDisposable
{
    private const string DeliveriesFile = ".sohoa-deliveries";
    private readonly string _root;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private bool _unwatchable;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InboxBatchSource(string root) => _root = root;

    /// <inheritdoc/>
    public string Description => _root;

    /// <summary>Where complete batches are renamed in.</summary>
    public string InboxDirectory => Path.Combine(_root, "inbox");

    /// <summary>Batches a worker holds.</summary>
    public string ProcessingDirectory => Path.Combine(_root, "processing");

    /// <summary>Batches processed, each with its result.json.</summary>
    public string DoneDirectory => Path.Combine(_root, "done");

    /// <summary>Batches set aside, each with failure.txt.</summary>
    public string FailedDirectory => Path.Combine(_root, "failed");

    private string LockDirectory => Path.Combine(_root, ".locks");

    /// <summary>Opens (creating its folders when needed) the inbox under <paramref name="root"/>.</summary>
    public static InboxBatchSource Open(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var source = new InboxBatchSource(Path.GetFullPath(root));
        try
        {
            foreach (string folder in new[] { source.InboxDirectory, source.ProcessingDirectory, source.DoneDirectory, source.FailedDirectory, source.LockDirectory })
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The inbox '{root}' cannot be used: {ex.Message}", innerException: ex);
        }

        return source;
    }

    /// <summary>Waits until something is created or renamed in <c>inbox/</c>, or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitForBatchAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task arrived;
        lock (_gate)
        {
            Watch();
            arrived = _arrived.Task;
        }

        await Task.WhenAny(arrived, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // Reset only now: a batch renamed in between the caller's last take and this wait has already ended it.
        lock (_gate)
        {
            if (_arrived.Task.IsCompleted)
            {
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Stops watching the inbox.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
            _unwatchable = true;
        }
    }

    private void Watch()
    {
        if (_watcher is not null || _unwatchable)
        {
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(InboxDirectory) { NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName };
            watcher.Created += (_, _) => Arrived();
            watcher.Renamed += (_, _) => Arrived();
            watcher.Error += (_, _) => Arrived();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // No change notification here (the inotify limit reached, a file system without it): the poll alone.
            _unwatchable = true;
        }
    }

    private void Arrived()
    {
        lock (_gate)
        {
            _arrived.TrySetResult();
        }
    }

    /// <inheritdoc/>
    public Task<IClaimedBatch?> TakeAsync(CancellationToken cancellationToken = default)
    {
        // Batches a stopped or dead worker left first, then new ones, oldest first.
        foreach (string folder in Names(ProcessingDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileName(folder);
            if (TryLock(name) is { } held)
            {
                if (Directory.Exists(folder))
                {
                    return Task.FromResult<IClaimedBatch?>(new ClaimedBatch(this, name, held, NextDelivery(folder)));
                }

                Release(held, name);
            }
        }

        foreach (string folder in Names(InboxDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileName(folder);
            if (TryLock(name) is not { } held)
            {
                continue;
            }

            string processing = Path.Combine(ProcessingDirectory, name);
            try
            {
                Directory.Move(folder, processing);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Taken by a worker that let go of it since, or a name already in processing/: look again next time.
                Release(held, name);
                continue;
            }

            return Task.FromResult<IClaimedBatch?>(new ClaimedBatch(this, name, held, NextDelivery(processing)));
        }

        return Task.FromResult<IClaimedBatch?>(null);
    }

    private static IEnumerable<string> Names(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateDirectories().OrderBy(d => d.LastWriteTimeUtc).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => d.FullName).ToArray()
            : [];

    /// <summary>The batch's lock, or null when another worker (or this one) holds it.</summary>
    private FileStream? TryLock(string name)
    {
        try
        {
            return new FileStream(Path.Combine(LockDirectory, name + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Release(FileStream held, string name, bool removeLockFile = false)
    {
        if (removeLockFile)
        {
            File.Delete(Path.Combine(LockDirectory, name + ".lock"));
        }

        held.Dispose();
    }

    private static int NextDelivery(string folder)
    {
        string file = Path.Combine(folder, DeliveriesFile);
        int delivery = (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int before) ? before : 0) + 1;
        File.WriteAllText(file, delivery.ToString(CultureInfo.InvariantCulture));
        return delivery;
    }

    /// <summary>A batch this worker holds in processing/.</summary>
    private sealed class ClaimedBatch(InboxBatchSource source, string name, FileStream held, int delivery) : IClaimedBatch
    {
        private readonly FolderBatchFiles _files = new(Path.Combine(source.ProcessingDirectory, name));
        private bool _released;

        public string Name => name;

        /// <summary>The batch's folder in processing/.</summary>
        public IBatchFiles Files => _files;

        private string Directory => _files.Directory;

        public int Delivery => delivery;

        /// <summary>The manifest is written last, by the convention of the inbox: its time is the batch's arrival.</summary>
        public DateTimeOffset? ArrivedAt => File.Exists(Path.Combine(Directory, "batch.json")) ? File.GetLastWriteTimeUtc(Path.Combine(Directory, "batch.json")) : null;

        public async Task CompleteAsync(BatchResult result, CancellationToken cancellationToken = default)
        {
            await File.WriteAllBytesAsync(Path.Combine(Directory, "result.json"), BatchResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
            MoveTo(source.DoneDirectory);
        }

        public async Task FailAsync(string reason, BatchResult? result, CancellationToken cancellationToken = default)
        {
            await File.WriteAllTextAsync(Path.Combine(Directory, "failure.txt"), reason + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                await File.WriteAllBytesAsync(Path.Combine(Directory, "result.json"), BatchResultJson.Serialize(result), cancellationToken).ConfigureAwait(false);
            }

            MoveTo(source.FailedDirectory);
        }

        public ValueTask DisposeAsync()
        {
            if (!_released)
            {
                // Let go without finishing: the folder stays in processing/ and is taken again.
                _released = true;
                source.Release(held, name);
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Moves the folder out of processing/ (keeping an earlier one of the same name), then drops the lock.</summary>
        private void MoveTo(string destination)
        {
            string target = Path.Combine(destination, name);
            if (System.IO.Directory.Exists(target))
            {
                target += "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            }

            System.IO.Directory.Move(Directory, target);
            _released = true;
            source.Release(held, name, removeLockFile: true);
        }
    }
}

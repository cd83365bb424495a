namespace SoHoa.Azure.Queue;

/// <summary>
/// This process's work folder for the batches it downloads, under the queue's work directory: made on first use, locked
/// for as long as the process lives, so that the folders of processes that died (their lock is free) can be removed.
/// </summary>
internal sealed class AzureQueueWorkFolder(AzureQueueOptions options) : IDisposable
{
    private const string LockFileName = ".lock";
    private readonly Lock _gate = new();
    private FileStream? _workLock;
    private string? _workFolder;
    private long _taken;

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

    /// <summary>
    /// A new local folder for a batch, named after it (the pipeline names a batch without an id after its folder), under
    /// this process's work folder. The work folder is made on first use, locked for as long as the process lives; the
    /// folders of processes that died (their lock is free) are removed then.
    /// </summary>
    public string NewBatchFolder(string batch)
    {
        lock (_gate)
        {
            if (_workFolder is null)
            {
                string root = options.ResolvedWorkDirectory;
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

    /// <summary>Removes the work folders whose owners died (their lock is free).</summary>
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

    /// <summary>Removes a folder, leaving it when it cannot be removed now.</summary>
    public static void TryDelete(string folder)
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
}

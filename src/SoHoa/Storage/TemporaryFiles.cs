namespace SoHoa.Storage;

/// <summary>
/// Where a process writes files before renaming them into place: a folder of its own under a shared one, marked live by
/// a lock the operating system drops when the process ends, however it ends. Opening it removes the folders of
/// processes that ended (their locks are free), so what a killed writer left behind never lingers.
/// </summary>
internal sealed class TemporaryFiles
{
    private const string LockName = ".lock";
    private readonly string _directory;

    // Held for the life of the process: the lock is what says this folder is in use.
    private readonly FileStream _lock;

    private TemporaryFiles(string directory, FileStream held)
    {
        _directory = directory;
        _lock = held;
    }

    /// <summary>A fresh folder for this process under <paramref name="shared"/>, after removing those of processes that ended.</summary>
    public static TemporaryFiles Open(string shared)
    {
        Directory.CreateDirectory(shared);
        foreach (string folder in Directory.EnumerateDirectories(shared))
        {
            RemoveIfAbandoned(folder);
        }

        string mine = Path.Combine(shared, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mine);
        return new TemporaryFiles(mine, new FileStream(Path.Combine(mine, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
    }

    /// <summary>A new file name in this process's folder, on the same file system as the store, so that a rename into place is atomic.</summary>
    public string NewPath() => Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".tmp");

    private static void RemoveIfAbandoned(string folder)
    {
        try
        {
            using (new FileStream(Path.Combine(folder, LockName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                // Nobody holds it: the process that wrote here has ended.
            }

            Directory.Delete(folder, recursive: true);
        }
        catch (FileNotFoundException)
        {
            // A folder being made right now, or already removed by another process.
        }
        catch (IOException)
        {
            // Held: a live process writes here.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove.
        }
    }
}

namespace SoHoa.Batches;

/// <summary>
/// A batch in a folder on this machine: <c>batch.json</c> and the page files it names, below the folder. A name is
/// held to the folder by where it really leads, every link on the way followed, each time a file is opened (not only
/// when the batch is checked), so a link swapped in meanwhile does not let a read out.
/// </summary>
public sealed class FolderBatchFiles : IBatchFiles
{
    private readonly string _root;

    /// <summary>Reads the batch in <paramref name="directory"/>.</summary>
    public FolderBatchFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _root = Directory + Path.DirectorySeparatorChar;
    }

    /// <summary>The batch folder, as a full path.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public string Name => Path.GetFileName(Directory);

    /// <summary>Whether the batch folder exists.</summary>
    public bool Exists => System.IO.Directory.Exists(Directory);

    /// <inheritdoc/>
    public Task<Stream> OpenReadAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        if (BatchPaths.Check(relativePath) is { } wrong)
        {
            throw new BatchFileException(InputRules.FilePath, wrong);
        }

        string full = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!full.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new BatchFileException(InputRules.FilePath, $"'{relativePath}' leaves the batch folder.");
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"'{relativePath}' does not exist in the batch folder.", relativePath);
        }

        // A link could point anywhere on the machine, the file's own or a directory's on the way to it: follow every
        // one and hold where the path really leads to the same rule.
        string? real = RealPaths.Resolve(full);
        string? realRoot = RealPaths.Resolve(_root);
        if (real is null || realRoot is null || !RealPaths.IsInside(real, realRoot))
        {
            throw new BatchFileException(InputRules.FilePath, $"'{relativePath}' leads outside the batch folder through a link.");
        }

        try
        {
            return Task.FromResult<Stream>(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"'{relativePath}' does not exist in the batch folder.", relativePath);
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"'{relativePath}' does not exist in the batch folder.", relativePath);
        }
        catch (UnauthorizedAccessException)
        {
            throw new BatchFileException(InputRules.FileUnreadable, $"'{relativePath}' cannot be read: access denied.");
        }
        catch (IOException ex)
        {
            throw new BatchFileException(InputRules.FileUnreadable, $"'{relativePath}' cannot be read: {ex.Message}");
        }
    }
}

namespace SoHoa.Batches;

/// <summary>
/// Where the files of one batch are read from: a folder on this machine (<see cref="FolderBatchFiles"/>) or a blob prefix
/// in a storage account. The manifest names files by relative paths with <c>/</c> separators; the source alone decides
/// how such a name is found, so the loader and the pipeline never assume one folder on one disk.
/// </summary>
public interface IBatchFiles
{
    /// <summary>The batch's name in its source (a folder's or a blob prefix's), for messages until the manifest gives an id; never a secret.</summary>
    string Name { get; }

    /// <summary>
    /// Opens the file <paramref name="relativePath"/> of the batch for reading, once per call. The stream's
    /// <see cref="Stream.Length"/> is the file's size when it was opened; the caller disposes it.
    /// </summary>
    /// <param name="relativePath">A path that <see cref="BatchPaths.Check"/> accepts.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <exception cref="FileNotFoundException">The batch has no file of that name.</exception>
    /// <exception cref="BatchFileException">The name leads outside the batch, or the file cannot be read.</exception>
    Task<Stream> OpenReadAsync(string relativePath, CancellationToken cancellationToken = default);

    /// <summary>
    /// The size of the file <paramref name="relativePath"/> and its first bytes, at most <paramref name="count"/>: what
    /// the loader looks at to check a file before the pipeline reads it whole. By default the file is opened and its
    /// first bytes read; a source that can ask for a range (a blob) reads only those.
    /// </summary>
    /// <param name="relativePath">A path that <see cref="BatchPaths.Check"/> accepts.</param>
    /// <param name="count">How many bytes from the start of the file, at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">The batch has no file of that name.</exception>
    /// <exception cref="BatchFileException">The name leads outside the batch, or the file cannot be read.</exception>
    async Task<BatchFileHead> ReadHeadAsync(string relativePath, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Stream stream = await OpenReadAsync(relativePath, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] head = new byte[(int)Math.Min(count, stream.Length)];
            int read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return new BatchFileHead(stream.Length, head.AsMemory(0, read));
        }
    }
}

/// <summary>A batch file's size and its first bytes (<see cref="IBatchFiles.ReadHeadAsync"/>).</summary>
/// <param name="Length">The whole file's size in bytes.</param>
/// <param name="Bytes">Its first bytes: as many as were asked for, fewer when the file is shorter.</param>
public sealed record BatchFileHead(long Length, ReadOnlyMemory<byte> Bytes);

/// <summary>A file the manifest names cannot be read from its batch: <see cref="Rule"/> is the problem code a result records.</summary>
public sealed class BatchFileException : IOException
{
    /// <summary>Creates the exception with its problem code and a message naming the file.</summary>
    public BatchFileException(string rule, string message)
        : base(message)
    {
        Rule = rule;
    }

    /// <summary>The problem code, such as <c>file.path</c> or <c>file.unreadable</c>.</summary>
    public string Rule { get; }
}

/// <summary>The one rule for the names a manifest may give its files, whatever holds them.</summary>
public static class BatchPaths
{
    /// <summary>Null when <paramref name="relative"/> is a relative path with <c>/</c> separators that stays inside its batch; otherwise why not.</summary>
    public static string? Check(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        return Path.IsPathRooted(relative) || relative.Contains('\\', StringComparison.Ordinal) || relative.Split('/').Any(s => s is ".." or "")
            ? $"'{relative}' must be a relative path with '/' separators that stays inside the batch folder."
            : null;
    }
}

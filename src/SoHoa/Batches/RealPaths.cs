namespace SoHoa.Batches;

/// <summary>
/// The path a file system name really leads to, with every link on the way followed (the file's own, and those of the
/// directories above it), like POSIX <c>realpath</c> but in managed code. A batch is held to its folder by comparing
/// real paths: checking only whether the file itself is a link lets <c>pages/01.png</c> out through a linked
/// <c>pages</c> directory.
/// </summary>
internal static class RealPaths
{
    /// <summary>Links followed before a path is taken for a loop (Linux's own limit).</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// Returns the real path of <paramref name="path"/> (absolute, or made so against the current directory), or null
    /// when a link on the way cannot be read or the links loop. Names that do not exist are kept as they are.
    /// </summary>
    public static string? Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string current = Path.GetPathRoot(full) ?? string.Empty;
        var pending = new Queue<string>(Segments(full[current.Length..]));
        int links = 0;
        while (pending.Count > 0)
        {
            string segment = pending.Dequeue();
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string next = Path.Combine(current, segment);
            string? target;
            try
            {
                target = Directory.Exists(next) ? new DirectoryInfo(next).LinkTarget : new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // The link's target takes the link's place, and what followed it is resolved after it.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? current;
                target = target[current.Length..];
            }

            var rest = new Queue<string>(Segments(target).Concat(pending));
            pending = rest;
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> really is inside <paramref name="folder"/> (both real paths; the folder itself does not count).</summary>
    public static bool IsInside(string path, string folder)
    {
        string prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Segments(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
}

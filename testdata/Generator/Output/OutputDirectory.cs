namespace SoHoa.TestData.Generator.Output;

/// <summary>Prepares an output folder: absent or empty, or holding an earlier output of the same command, which is replaced.</summary>
internal static class OutputDirectory
{
    public static string Prepare(string path, string markerFile)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            if (!File.Exists(Path.Combine(full, markerFile)))
            {
                throw new IOException($"'{full}' is not empty and holds no {markerFile}; refusing to overwrite it.");
            }

            Directory.Delete(full, recursive: true);
        }

        Directory.CreateDirectory(full);
        return full;
    }
}

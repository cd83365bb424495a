namespace SoHoa.Signing;

/// <summary>Where a key's password comes from: an environment variable or a file, never the command line (which other users of the machine can read).</summary>
internal static class KeyPasswords
{
    /// <summary>Reads the password from the environment variable <paramref name="variable"/>; empty when it is not set.</summary>
    public static string FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        return Environment.GetEnvironmentVariable(variable) ?? string.Empty;
    }

    /// <summary>Reads the password from the first line of <paramref name="path"/> (a trailing line break is not part of it).</summary>
    /// <exception cref="SoHoaException">The file does not exist or cannot be read.</exception>
    public static string FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            string text = File.ReadAllText(path);
            int end = text.IndexOfAny(['\r', '\n']);
            return end < 0 ? text : text[..end];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The password file '{path}' cannot be read: {ex.GetType().Name}.");
        }
    }
}

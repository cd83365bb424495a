namespace SoHoa.Benchmarks;

/// <summary>The value after an option on the command line of the <c>ocr</c> and <c>cleanup</c> commands.</summary>
internal static class CommandLine
{
    /// <summary>The argument after <paramref name="name"/>, or null when the option is absent.</summary>
    public static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}

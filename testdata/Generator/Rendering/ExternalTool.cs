using System.ComponentModel;
using System.Diagnostics;

namespace SoHoa.TestData.Generator.Rendering;

/// <summary>A command-line program the generator needs, and the Debian package that provides it.</summary>
internal sealed record ExternalTool(string FileName, string DebianPackage, IReadOnlyDictionary<string, string>? Environment = null)
{
    public static readonly ExternalTool RsvgConvert = new("rsvg-convert", "librsvg2-bin");

    /// <summary>
    /// ImageMagick 6's <c>convert</c>, by absolute path: another <c>convert</c> earlier on PATH may be a
    /// different program. <c>magick</c> (ImageMagick 7) is used when it exists.
    /// </summary>
    /// <remarks>
    /// One thread per call: the generator runs calls in parallel itself, and random effects such as
    /// <c>+noise</c> draw from per-thread generators, so only one thread gives the same pixels every time.
    /// </remarks>
    public static readonly ExternalTool ImageMagick = new(
        File.Exists("/usr/bin/magick") ? "/usr/bin/magick" : "/usr/bin/convert",
        "imagemagick",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["MAGICK_THREAD_LIMIT"] = "1" });

    /// <summary>Runs the tool with the given arguments (never through a shell) and fails with its error output.</summary>
    public async Task RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(FileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ToolException($"Cannot run '{FileName}' ({e.Message}). Install it with: apt-get install {DebianPackage}", e);
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output;
        string message = (await error).Trim();
        if (process.ExitCode != 0)
        {
            throw new ToolException(
                $"'{FileName} {string.Join(' ', startInfo.ArgumentList)}' failed with exit code {process.ExitCode}: {message}");
        }
    }

    /// <summary>Fails early, naming the package, when the tool is not installed.</summary>
    public void EnsureInstalled()
    {
        bool found = Path.IsPathRooted(FileName)
            ? File.Exists(FileName)
            : (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(directory => File.Exists(Path.Combine(directory, FileName)));
        if (!found)
        {
            throw new ToolException($"'{FileName}' was not found. Install it with: apt-get install {DebianPackage}");
        }
    }
}

/// <summary>An external program is missing or failed.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ToolException()
    {
    }
}

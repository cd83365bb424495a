using System.Diagnostics;
using System.Text;

namespace SoHoa.IntegrationTests.Support;

/// <summary>What a finished process printed.</summary>
internal sealed record ToolRun(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>Runs the independent tools a user would trust (openssl, pdfsig, pdftotext, qpdf, certutil) and our own CLI.</summary>
internal static class ExternalTool
{
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["openssl"] = "openssl",
        ["pdfsig"] = "poppler-utils",
        ["pdftotext"] = "poppler-utils",
        ["pdfinfo"] = "poppler-utils",
        ["pdffonts"] = "poppler-utils",
        ["qpdf"] = "qpdf",
        ["rapper"] = "raptor2-utils",
        ["certutil"] = "libnss3-tools",
        ["pk12util"] = "libnss3-tools",
        ["node"] = "nodejs",
        ["npm"] = "npm",
        ["tesseract"] = "tesseract-ocr tesseract-ocr-vie",
    };

    public static ToolRun Run(string tool, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            string package = Packages.GetValueOrDefault(tool, tool);
            throw new AssertFailedException($"The tool '{tool}' is not installed; .ci/run installs it (apt-get install {package}).");
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new AssertFailedException($"{tool} {string.Join(' ', arguments)} did not finish in time.");
            }

            return new ToolRun(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    public static ToolRun Run(string tool, params string[] arguments) => Run(tool, (IEnumerable<string>)arguments);

    /// <summary>Runs a tool and fails the test, with its output, unless it exits 0.</summary>
    public static ToolRun Succeed(string tool, params string[] arguments)
    {
        ToolRun run = Run(tool, arguments);
        Assert.AreEqual(0, run.ExitCode, $"{tool} {string.Join(' ', arguments)} failed:\n{run.Output}");
        return run;
    }
}

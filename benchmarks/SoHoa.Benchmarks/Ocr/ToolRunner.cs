using System.Diagnostics;
using System.Globalization;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>Runs one external command, and reports its exit code, output, peak memory (GNU time's maximum resident set) and CPU seconds (user + system, children included).</summary>
internal static class ToolRunner
{
    private const string GnuTime = "/usr/bin/time";

    public static async Task<(int ExitCode, string Error, long PeakKib, double CpuSeconds)> RunAsync(string tool, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        string memoryFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(File.Exists(GnuTime) ? GnuTime : tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (File.Exists(GnuTime))
            {
                foreach (string a in new[] { "-f", "%M %U %S", "-o", memoryFile, tool })
                {
                    start.ArgumentList.Add(a);
                }
            }

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
                process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"'{tool}' is not installed ({ex.Message}). See benchmarks/README.md for the apt packages.", ex);
            }

            using (process)
            {
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                _ = await stdout;
                string error = await stderr;
                string memory = File.Exists(memoryFile) ? (await File.ReadAllTextAsync(memoryFile)).Trim() : string.Empty;
                string[] fields = memory.Split('\n')[^1].Split(' ');
                long peak = fields.Length == 3 && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kib) ? kib : 0;
                double cpu = fields.Length == 3
                    ? double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture)
                    : 0;
                return (process.ExitCode, error, peak, cpu);
            }
        }
        finally
        {
            File.Delete(memoryFile);
        }
    }
}
